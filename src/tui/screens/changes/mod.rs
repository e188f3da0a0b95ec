//! "Since last time": what changed in one account since a date, with a
//! line to type another date. The app loads the changes; the view never
//! touches the store.

pub mod draw;

use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::Id;
use crate::domain::brief::start_of_day;
use crate::domain::dates::parse_date;
use crate::domain::history::{Change, ChangeItem, group, redact};
use crate::tui::action::Action;
use crate::tui::widgets::pager::Pager;

/// What the app should do after a key in the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Keep it open.
    Stay,
    /// Close it.
    Close,
    /// Load the changes since this moment.
    Since(DateTime<Utc>),
}

/// The state of the view.
#[derive(Debug)]
pub struct ChangesView {
    /// The account.
    pub account_id: Id,
    /// Its name.
    pub account: String,
    /// Where the changes start.
    pub since: DateTime<Utc>,
    changes: Vec<Change>,
    /// The scroll position.
    pub pager: Pager,
    /// The date being typed, while the user types one.
    pub input: Option<String>,
    /// Why the typed date was refused.
    pub error: Option<String>,
}

impl ChangesView {
    /// A view of `changes` to the account `account_id` since `since`.
    pub fn new(
        account_id: Id,
        account: String,
        since: DateTime<Utc>,
        changes: Vec<Change>,
    ) -> Self {
        Self {
            account_id,
            account,
            since,
            changes,
            pager: Pager::default(),
            input: None,
            error: None,
        }
    }

    /// Shows the changes since another moment, from the top.
    pub fn set_changes(&mut self, since: DateTime<Utc>, changes: Vec<Change>) {
        self.since = since;
        self.changes = changes;
        self.pager = Pager::default();
    }

    /// Shows `changes`, read again since the same moment after the file
    /// changed, where the reader was.
    pub fn refresh(&mut self, changes: Vec<Change>) {
        self.changes = changes;
    }

    /// The changes, one item per record and moment; with `private`, without
    /// confidential fields.
    pub fn items(&self, private: bool) -> Vec<ChangeItem> {
        let mut items = group(&self.changes);
        if private {
            redact(&mut items);
        }
        items
    }

    /// Handles a key: while a date is typed, the key edits it; otherwise
    /// `action` (what the keymap made of the key) scrolls, closes, or starts
    /// typing a date. Dates are read relative to `today`.
    pub fn handle(&mut self, key: KeyEvent, action: Option<Action>, today: NaiveDate) -> Outcome {
        let Some(input) = &mut self.input else {
            return match action {
                Some(Action::Back) => Outcome::Close,
                Some(Action::Since) => {
                    self.input = Some(String::new());
                    self.error = None;
                    Outcome::Stay
                }
                Some(action) => {
                    self.pager.scroll(action);
                    Outcome::Stay
                }
                None => Outcome::Stay,
            };
        };
        match key.code {
            KeyCode::Esc => {
                self.input = None;
                self.error = None;
            }
            KeyCode::Enter => match parse_date(input, today) {
                Ok(date) => {
                    self.input = None;
                    self.error = None;
                    return Outcome::Since(start_of_day(date));
                }
                Err(e) => self.error = Some(e),
            },
            KeyCode::Backspace => {
                input.pop();
            }
            KeyCode::Char(c)
                if !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                input.push(c);
            }
            _ => {}
        }
        Outcome::Stay
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::screens::changes::*;

    fn press(view: &mut ChangesView, code: KeyCode, action: Option<Action>) -> Outcome {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        view.handle(KeyEvent::new(code, KeyModifiers::NONE), action, today)
    }

    fn view() -> ChangesView {
        ChangesView::new(Id::new(), "Nordwerk".into(), Utc::now(), Vec::new())
    }

    #[test]
    fn a_typed_date_asks_for_the_changes_since_its_start() {
        let mut v = view();
        assert_eq!(
            press(&mut v, KeyCode::Char('s'), Some(Action::Since)),
            Outcome::Stay
        );
        for c in "-2w".chars() {
            // The keymap's meaning of a key is ignored while typing.
            press(&mut v, KeyCode::Char(c), Some(Action::Back));
        }
        assert_eq!(v.input.as_deref(), Some("-2w"));
        let expected = start_of_day(NaiveDate::from_ymd_opt(2026, 11, 9).unwrap());
        assert_eq!(
            press(&mut v, KeyCode::Enter, None),
            Outcome::Since(expected)
        );
        assert_eq!(v.input, None);
    }

    #[test]
    fn a_bad_date_is_explained_and_esc_gives_up() {
        let mut v = view();
        press(&mut v, KeyCode::Char('s'), Some(Action::Since));
        press(&mut v, KeyCode::Char('x'), None);
        assert_eq!(press(&mut v, KeyCode::Enter, None), Outcome::Stay);
        assert!(v.error.as_deref().is_some_and(|e| e.contains("not a date")));
        press(&mut v, KeyCode::Backspace, None);
        assert_eq!(v.input.as_deref(), Some(""));
        press(&mut v, KeyCode::Esc, None);
        assert_eq!((v.input.as_deref(), v.error.as_deref()), (None, None));
        assert_eq!(
            press(&mut v, KeyCode::Esc, Some(Action::Back)),
            Outcome::Close
        );
    }
}
