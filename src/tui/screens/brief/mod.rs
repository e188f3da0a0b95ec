//! The prep brief of one account, full screen: what the store holds about
//! it, read when the brief opens and again when the file changes, and how
//! far it is scrolled.

pub mod draw;

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::domain::Id;
use crate::domain::brief::Brief;
use crate::store::StoreError;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;
use crate::tui::screen::{Cx, Refreshed, RenderContext, Screen};
use crate::tui::screens::forms::Form;
use crate::tui::widgets::pager::Pager;

/// The open brief.
#[derive(Debug)]
pub struct BriefView {
    account_id: Id,
    brief: Brief,
    /// The scroll position.
    pub pager: Pager,
}

impl BriefView {
    /// A view of `brief`, the brief of the account `account_id`, scrolled
    /// to the top.
    pub fn new(account_id: Id, brief: Brief) -> Self {
        Self {
            account_id,
            brief,
            pager: Pager::default(),
        }
    }

    /// The brief of the account `account_id`, with "since last time" from
    /// `since`, read from the store.
    pub fn read(account_id: Id, since: DateTime<Utc>, cx: &Cx) -> Result<Self, StoreError> {
        let brief = cx.store.brief(account_id, since, cx.today, cx.private)?;
        Ok(Self::new(account_id, brief))
    }

    /// Opens the form to write up the latest meeting waiting for it, or
    /// says there is none.
    fn write_up(&self, cx: &Cx) -> Effect {
        let Some(latest) = self.brief.write_ups.first() else {
            return Effect::info("No meeting from the calendar waits to be written up.");
        };
        let read = cx.store.conversation(latest.id).and_then(|conversation| {
            let people = cx.store.stakeholders(conversation.account_id)?;
            Ok((conversation, people, cx.store.forums()?))
        });
        Effect::or_error(read, |(conversation, people, forums)| {
            Effect::Open(Box::new(Form::write_up(&conversation, &people, &forums)))
        })
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
}

impl Screen for BriefView {
    fn context(&self) -> Context {
        Context::Brief
    }

    fn title(&self) -> &'static str {
        "Prep brief"
    }

    /// The write-up key shows only while a meeting waits for it.
    fn hints(&self) -> &'static [(Action, &'static str)] {
        if self.brief.write_ups.is_empty() {
            &[
                (Action::Down, "scroll"),
                (Action::PageDown, "page"),
                (Action::TogglePrivate, "private"),
                (Action::Back, "close"),
            ]
        } else {
            &[
                (Action::WriteUp, "write up"),
                (Action::Down, "scroll"),
                (Action::PageDown, "page"),
                (Action::TogglePrivate, "private"),
                (Action::Back, "close"),
            ]
        }
    }

    /// Scrolls, closes, opens the latest meeting waiting to be written up,
    /// or leaves quitting, private mode, help and copying to the
    /// application; every other action is ignored.
    fn act(&mut self, action: Action, cx: &Cx) -> Effect {
        match action {
            Action::Back => Effect::Close,
            Action::WriteUp => self.write_up(cx),
            Action::Quit => Effect::Quit,
            Action::TogglePrivate | Action::Help | Action::Copy => Effect::Pass(action),
            _ => {
                self.pager.scroll(action);
                Effect::Stay
            }
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, rc: &RenderContext) {
        draw::draw(rc, self, frame, area);
    }

    /// Reads the brief again since the same moment, where the reader was;
    /// closes it when its account was deleted elsewhere.
    fn refresh(&mut self, cx: &Cx) -> Result<Refreshed, StoreError> {
        match cx
            .store
            .brief(self.account_id, self.brief.since, cx.today, cx.private)
        {
            Ok(brief) => self.brief = brief,
            Err(StoreError::NotFound(_)) => return Ok(Refreshed::Closed),
            Err(e) => return Err(e),
        }
        Ok(Refreshed::Kept)
    }

    /// The brief as Markdown, as shown (without figures in private mode).
    fn copy_text(&self, rc: &RenderContext) -> Option<(&'static str, String)> {
        let brief = self.brief(rc.private);
        Some((
            "brief, as Markdown,",
            crate::export::brief_md::render(&brief),
        ))
    }

    fn account(&self) -> Option<Id> {
        Some(self.account_id)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, Utc};

    use crate::domain::Account;
    use crate::domain::brief::Sources;
    use crate::tui::screen::with_empty_store;
    use crate::tui::screens::brief::*;

    fn brief() -> Brief {
        let mut account = Account::new("Nordwerk");
        account.revenue_history = vec![crate::domain::YearRevenue {
            year: 2025,
            amount: 2_380_000,
        }];
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
        let view = BriefView::new(Id::new(), brief());
        let revenue = view.brief(false).figures.revenue.map(|r| r.amount);
        assert_eq!(revenue, Some(2_380_000));
        let shown = view.brief(true);
        assert_eq!(shown.figures.revenue, None);
        assert!(shown.private);
    }

    #[test]
    fn back_closes_and_movements_scroll() {
        with_empty_store(|cx| {
            let mut view = BriefView::new(Id::new(), brief());
            view.pager.top(100, 10);
            assert!(matches!(view.act(Action::Down, cx), Effect::Stay));
            assert_eq!(view.pager.top(100, 10), 1);
            assert!(matches!(view.act(Action::Back, cx), Effect::Close));
        });
    }

    #[test]
    fn a_brief_whose_account_is_gone_closes() {
        with_empty_store(|cx| {
            let mut view = BriefView::new(Id::new(), brief());
            assert_eq!(view.refresh(cx).unwrap(), Refreshed::Closed);
        });
    }
}
