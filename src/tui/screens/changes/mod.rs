//! "Since last time": what changed in one account since a date, with a
//! line to type another date.

pub mod draw;

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::domain::Id;
use crate::domain::brief::start_of_day;
use crate::domain::dates::parse_date;
use crate::domain::history::{Change, ChangeItem, RecordKind, group, redact};
use crate::store::StoreError;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;
use crate::tui::screen::{Cx, Refreshed, RenderContext, Screen};
use crate::tui::widgets::pager::Pager;

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
    /// The proof statements among them whose values private mode hides.
    confidential_values: BTreeSet<Id>,
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
            confidential_values: BTreeSet::new(),
            pager: Pager::default(),
            input: None,
            error: None,
        }
    }

    /// The changes to the account `account_id`, called `account`, since
    /// `since`, read from the store.
    pub fn read(
        account_id: Id,
        account: String,
        since: DateTime<Utc>,
        cx: &Cx,
    ) -> Result<Self, StoreError> {
        let (changes, confidential_values) = read_changes(account_id, since, cx)?;
        let mut view = Self::new(account_id, account, since, changes);
        view.confidential_values = confidential_values;
        Ok(view)
    }

    /// The changes, one item per record and moment; with `private`, without
    /// confidential fields.
    pub fn items(&self, private: bool) -> Vec<ChangeItem> {
        let mut items = group(&self.changes);
        if private {
            redact(&mut items, &self.confidential_values);
        }
        items
    }

    /// A key while a date is typed: it edits the date; Enter reads the
    /// changes since its start, Esc gives up.
    fn type_date(&mut self, key: KeyEvent, cx: &Cx) -> Effect {
        let Some(input) = &mut self.input else {
            return Effect::Stay;
        };
        match key.code {
            KeyCode::Esc => {
                self.input = None;
                self.error = None;
            }
            KeyCode::Enter => match parse_date(input, cx.today) {
                Ok(date) => {
                    self.input = None;
                    self.error = None;
                    return self.show_since(start_of_day(date), cx);
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
        Effect::Stay
    }

    /// Shows the changes since `since`, from the top.
    fn show_since(&mut self, since: DateTime<Utc>, cx: &Cx) -> Effect {
        Effect::or_error(
            read_changes(self.account_id, since, cx),
            |(changes, hidden)| {
                self.since = since;
                self.changes = changes;
                self.confidential_values = hidden;
                self.pager = Pager::default();
                Effect::Stay
            },
        )
    }
}

/// The changes to `account_id` since `since`, and which of the proof
/// statements among them have confidential values.
fn read_changes(
    account_id: Id,
    since: DateTime<Utc>,
    cx: &Cx,
) -> Result<(Vec<Change>, BTreeSet<Id>), StoreError> {
    let changes = cx.store.changes_since(account_id, since)?;
    let proofs = changes
        .iter()
        .filter(|c| c.kind == RecordKind::Proof)
        .map(|c| c.record_id);
    let hidden = cx.store.confidential_values(proofs)?;
    Ok((changes, hidden))
}

impl Screen for ChangesView {
    fn context(&self) -> Context {
        Context::Changes
    }

    fn title(&self) -> &'static str {
        "Since last time"
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[
            (Action::Since, "since date"),
            (Action::Down, "scroll"),
            (Action::TogglePrivate, "private"),
            (Action::Back, "close"),
        ]
    }

    /// While a date is typed, every key edits it; otherwise the key goes
    /// through the keymap.
    fn key(&mut self, key: KeyEvent, cx: &Cx) -> Effect {
        if self.input.is_some() {
            return self.type_date(key, cx);
        }
        match cx.keymap.action(Context::Changes, key) {
            Some(action) => self.act(action, cx),
            None => Effect::Stay,
        }
    }

    /// Scrolls, closes, starts typing a date, or leaves quitting, private
    /// mode and help to the application; every other action is ignored.
    fn act(&mut self, action: Action, _cx: &Cx) -> Effect {
        match action {
            Action::Back => Effect::Close,
            Action::Quit => Effect::Quit,
            Action::TogglePrivate | Action::Help => Effect::Pass(action),
            Action::Since => {
                self.input = Some(String::new());
                self.error = None;
                Effect::Stay
            }
            _ => {
                self.pager.scroll(action);
                Effect::Stay
            }
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, rc: &RenderContext) {
        draw::draw(rc, self, frame, area);
    }

    /// Reads the changes again since the same moment, where the reader
    /// was; closes the view when its account was deleted elsewhere.
    fn refresh(&mut self, cx: &Cx) -> Result<Refreshed, StoreError> {
        match cx.store.account(self.account_id) {
            Ok(_) => {}
            Err(StoreError::NotFound(_)) => return Ok(Refreshed::Closed),
            Err(e) => return Err(e),
        }
        (self.changes, self.confidential_values) = read_changes(self.account_id, self.since, cx)?;
        Ok(Refreshed::Kept)
    }

    fn account(&self) -> Option<Id> {
        Some(self.account_id)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::tui::screen::with_empty_store;
    use crate::tui::screens::changes::*;

    fn press(view: &mut ChangesView, code: KeyCode, cx: &Cx) -> Effect {
        view.key(KeyEvent::new(code, KeyModifiers::NONE), cx)
    }

    fn view() -> ChangesView {
        ChangesView::new(Id::new(), "Nordwerk".into(), Utc::now(), Vec::new())
    }

    #[test]
    fn a_typed_date_shows_the_changes_since_its_start() {
        with_empty_store(|cx| {
            let mut v = view();
            assert!(matches!(
                press(&mut v, KeyCode::Char('s'), cx),
                Effect::Stay
            ));
            for c in "-2w".chars() {
                press(&mut v, KeyCode::Char(c), cx);
            }
            // The keymap's meaning of a key is ignored while typing.
            press(&mut v, KeyCode::Char('q'), cx);
            press(&mut v, KeyCode::Backspace, cx);
            assert_eq!(v.input.as_deref(), Some("-2w"));
            assert!(matches!(press(&mut v, KeyCode::Enter, cx), Effect::Stay));
            let expected = start_of_day(NaiveDate::from_ymd_opt(2026, 11, 9).unwrap());
            assert_eq!((v.since, v.input.as_deref()), (expected, None));
        });
    }

    #[test]
    fn a_bad_date_is_explained_and_esc_gives_up() {
        with_empty_store(|cx| {
            let mut v = view();
            press(&mut v, KeyCode::Char('s'), cx);
            press(&mut v, KeyCode::Char('x'), cx);
            assert!(matches!(press(&mut v, KeyCode::Enter, cx), Effect::Stay));
            assert!(v.error.as_deref().is_some_and(|e| e.contains("not a date")));
            press(&mut v, KeyCode::Backspace, cx);
            assert_eq!(v.input.as_deref(), Some(""));
            press(&mut v, KeyCode::Esc, cx);
            assert_eq!((v.input.as_deref(), v.error.as_deref()), (None, None));
            assert!(matches!(press(&mut v, KeyCode::Esc, cx), Effect::Close));
        });
    }

    #[test]
    fn changes_whose_account_is_gone_close() {
        with_empty_store(|cx| {
            assert_eq!(view().refresh(cx).unwrap(), Refreshed::Closed);
        });
    }
}
