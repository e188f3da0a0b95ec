//! The one interface every screen implements: it handles a key or a paste
//! and answers with an [`Effect`], and draws itself from its own state and
//! a small [`RenderContext`].

use std::any::Any;

use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::action::Action;
use super::effect::Effect;
use super::keymap::{Context, Keymap};
use super::theme::Theme;
use crate::domain::Id;
use crate::domain::insight::{Insight, Weights};
use crate::domain::portfolio::AccountSummary;
use crate::store::{Store, StoreError, SyncConflict, SyncSummary};

/// What a screen may read while it handles a key: the store (every write
/// goes through [`Effect::Run`] instead), the date and the settings.
pub struct Cx<'a> {
    /// The database, to read from.
    pub store: &'a Store,
    /// The date "today" refers to.
    pub today: NaiveDate,
    /// Whether private mode hides confidential figures.
    pub private: bool,
    /// The keys.
    pub keymap: &'a Keymap,
    /// What kam derives about every account.
    pub insights: &'a [Insight],
    /// Every account with its summary, in portfolio order.
    pub portfolio: &'a [AccountSummary],
    /// The account whose brief was opened this session, and where its
    /// "since last time" started.
    pub brief_since: Option<(Id, DateTime<Utc>)>,
    /// The seed the matching test is shuffled with, when fixed.
    pub matching_seed: Option<u64>,
    /// Every unresolved sync conflict, by account and record.
    pub conflicts: &'a [SyncConflict],
    /// The currency a new account starts in (`[money]` in the
    /// configuration, else EUR).
    pub currency: &'a str,
}

impl Cx<'_> {
    /// What kam derives about the account `account_id` today.
    pub fn insight(&self, account_id: Id) -> Option<&Insight> {
        insight_of(self.insights, account_id)
    }

    /// How many unresolved sync conflicts the record `record` has.
    pub fn conflicts_of(&self, record: Id) -> usize {
        conflicts_of(self.conflicts, record)
    }
}

/// What a screen draws with besides its own state.
pub struct RenderContext<'a> {
    /// Colours and styles.
    pub theme: &'a Theme,
    /// The date "today" refers to.
    pub today: NaiveDate,
    /// Whether private mode hides confidential figures.
    pub private: bool,
    /// The keys, for hints.
    pub keymap: &'a Keymap,
    /// What kam derives about every account.
    pub insights: &'a [Insight],
    /// How much each factor counts in account health.
    pub weights: &'a Weights,
    /// Every account with its summary, in portfolio order.
    pub portfolio: &'a [AccountSummary],
    /// How the database stands with its remote, none when it is not
    /// connected to one.
    pub sync: Option<&'a SyncSummary>,
    /// Every unresolved sync conflict, by account and record.
    pub conflicts: &'a [SyncConflict],
}

impl RenderContext<'_> {
    /// How many unresolved sync conflicts the record `record` has.
    pub fn conflicts_of(&self, record: Id) -> usize {
        conflicts_of(self.conflicts, record)
    }

    /// How many unresolved sync conflicts the records of the account
    /// `account` have.
    pub fn conflicts_in(&self, account: Id) -> usize {
        self.conflicts
            .iter()
            .filter(|c| c.account == account)
            .count()
    }

    /// Whether private mode hides confidential figures.
    pub fn is_private(&self) -> bool {
        self.private
    }

    /// What kam derives about the account `account_id` today.
    pub fn insight(&self, account_id: Id) -> Option<&Insight> {
        insight_of(self.insights, account_id)
    }
}

/// What kam derives about the account `account_id`, among `insights`.
pub(crate) fn insight_of(insights: &[Insight], account_id: Id) -> Option<&Insight> {
    insights.iter().find(|i| i.facts.account.id == account_id)
}

/// How many of `conflicts` are the record `record`'s.
fn conflicts_of(conflicts: &[SyncConflict], record: Id) -> usize {
    conflicts.iter().filter(|c| c.record == record).count()
}

/// What became of a screen when the file changed under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refreshed {
    /// Read again, the selection kept on its record.
    Kept,
    /// Not read now (the user is typing); asked again on a later tick.
    Later,
    /// What it showed is gone: the screen closes, saying this.
    Gone(String),
    /// What it showed is gone, and the screen underneath shows that
    /// already (an account deleted elsewhere): the screen closes without a
    /// word.
    Closed,
}

/// A screen of the interface: the main screen (portfolio, an account, the
/// agenda, the map) or a window over it (a form, the brief, help…). A
/// `&dyn Screen` can be looked into as `&dyn Any`, e.g. by tests.
pub trait Screen: Any {
    /// The keymap section the screen takes its keys from; help and the
    /// palette list the actions of this section.
    fn context(&self) -> Context;

    /// The screen's name, as the help window's title says it.
    fn title(&self) -> &'static str;

    /// The actions worth a hint in the status line, with short names.
    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[]
    }

    /// Handles one key. By default the key goes through the keymap to
    /// [`Screen::act`].
    fn key(&mut self, key: KeyEvent, cx: &Cx) -> Effect {
        match cx.keymap.action(self.context(), key) {
            Some(action) => self.act(action, cx),
            None => Effect::Stay,
        }
    }

    /// Handles an action of the keymap (or of the palette); actions the
    /// screen does not take are passed on to the application.
    fn act(&mut self, action: Action, _cx: &Cx) -> Effect {
        Effect::Pass(action)
    }

    /// Text pasted into the terminal.
    fn paste(&mut self, _text: &str, _cx: &Cx) -> Effect {
        Effect::Stay
    }

    /// Characters typed in a row, waiting together in the terminal's input
    /// (a paste without bracketed paste, or keys typed faster than the
    /// screen answers): `true` when the screen took them all at once.
    fn type_text(&mut self, _text: &str, _cx: &Cx) -> bool {
        false
    }

    /// Draws the screen into `area`.
    fn draw(&self, frame: &mut Frame, area: Rect, rc: &RenderContext);

    /// Reads what the screen shows again after the file changed (another
    /// window, `kam log`, an import, or a command of this one).
    fn refresh(&mut self, _cx: &Cx) -> Result<Refreshed, StoreError> {
        Ok(Refreshed::Kept)
    }

    /// Selects `record` where the screen shows it, e.g. the record a
    /// command just saved.
    fn follow(&mut self, _record: Id) {}

    /// Whether leaving now would lose something typed and not saved.
    fn has_unsaved_typing(&self) -> bool {
        false
    }

    /// A command of [`Effect::Submit`] failed: the screen shows why.
    fn failed(&mut self, _error: &StoreError) {}

    /// The text back from `$EDITOR` (`None` when the editor failed).
    fn edited(&mut self, _text: Option<String>) {}

    /// The selected record as plain text for the clipboard, with what it
    /// is: the same text the screen shows.
    fn copy_text(&self, _rc: &RenderContext) -> Option<(&'static str, String)> {
        None
    }

    /// Whether the screen changes the database: it is refused while the
    /// database is read-only.
    fn edits(&self) -> bool {
        false
    }

    /// Called once when the screen opens, e.g. to hide figures in private
    /// mode.
    fn opened(&mut self, _cx: &Cx) {}

    /// The account the screen is about, if one: what "why" explains.
    fn account(&self) -> Option<Id> {
        None
    }
}

/// Runs `f` with a context over an empty database in memory, on 23
/// November 2026 with the default keys.
#[cfg(test)]
pub(crate) fn with_empty_store<R>(f: impl FnOnce(&Cx) -> R) -> R {
    let store = Store::open_in_memory().expect("an empty database in memory");
    let keymap = Keymap::default_keys();
    let cx = Cx {
        store: &store,
        today: NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date"),
        private: false,
        keymap: &keymap,
        insights: &[],
        portfolio: &[],
        brief_since: None,
        matching_seed: None,
        conflicts: &[],
        currency: crate::domain::account::DEFAULT_CURRENCY,
    };
    f(&cx)
}
