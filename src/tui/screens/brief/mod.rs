//! The prep brief's state: the brief the app loaded and how far it is
//! scrolled. The view never touches the store.

pub mod draw;
mod keys;

use std::borrow::Cow;

use crate::domain::brief::Brief;
use crate::tui::action::Action;
use crate::tui::widgets::pager::Pager;

/// What the app should do after an action in the brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Keep it open.
    Stay,
    /// Close it.
    Close,
}

/// The open brief.
#[derive(Debug)]
pub struct BriefView {
    brief: Brief,
    /// The scroll position.
    pub pager: Pager,
}

impl BriefView {
    /// A view of `brief`, scrolled to the top.
    pub fn new(brief: Brief) -> Self {
        Self {
            brief,
            pager: Pager::default(),
        }
    }

    /// Shows `brief`, read again after the file changed, where the reader
    /// was.
    pub fn set_brief(&mut self, brief: Brief) {
        self.brief = brief;
    }

    /// The brief to show: redacted when `private`, whatever it was built
    /// with, so that private mode turned on while it is open applies at once.
    pub fn brief(&self, private: bool) -> Cow<'_, Brief> {
        if private && !self.brief.private {
            let mut redacted = self.brief.clone();
            redacted.redact();
            Cow::Owned(redacted)
        } else {
            Cow::Borrowed(&self.brief)
        }
    }

    /// Handles an action from the keymap: scrolling, or closing.
    pub fn handle(&mut self, action: Action) -> Outcome {
        if action == Action::Back {
            return Outcome::Close;
        }
        self.pager.scroll(action);
        Outcome::Stay
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, Utc};

    use crate::domain::Account;
    use crate::domain::brief::Sources;
    use crate::tui::screens::brief::*;

    fn brief() -> Brief {
        let mut account = Account::new("Nordwerk");
        account.annual_revenue = Some(2_380_000);
        let sources = Sources {
            account: &account,
            issues: &[],
            plans: &[],
            proofs: &[],
            stakeholders: &[],
            conversations: &[],
            changes: &[],
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        Brief::build(sources, Utc::now(), today, false)
    }

    #[test]
    fn private_mode_redacts_a_brief_built_without_it() {
        let view = BriefView::new(brief());
        assert_eq!(view.brief(false).figures.annual_revenue, Some(2_380_000));
        let shown = view.brief(true);
        assert_eq!(shown.figures.annual_revenue, None);
        assert!(shown.private);
    }

    #[test]
    fn back_closes_and_movements_scroll() {
        let mut view = BriefView::new(brief());
        view.pager.top(100, 10);
        assert_eq!(view.handle(Action::Down), Outcome::Stay);
        assert_eq!(view.pager.top(100, 10), 1);
        assert_eq!(view.handle(Action::Back), Outcome::Close);
    }
}
