//! Meeting prep in the app: opening the prep brief and "since last time"
//! with what the store holds, their keys, and remembering that the brief
//! was opened.

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

use crate::domain::Id;
use crate::domain::brief::default_since;
use crate::store::StoreError;
use crate::tui::action::Action;
use crate::tui::app::{App, Popup, Tone};
use crate::tui::command::Command;
use crate::tui::keymap::Context;
use crate::tui::screens::brief::{self, BriefView};
use crate::tui::screens::changes::{self, ChangesView};

impl App {
    /// Where "since last time" starts for `account_id`: where it started
    /// when the brief was first opened in this session, else the later of
    /// the last conversation and the last time the brief was opened, else
    /// 30 days ago.
    pub(crate) fn since_for(&self, account_id: Id) -> Result<DateTime<Utc>, StoreError> {
        match self.brief_since {
            Some((id, since)) if id == account_id => Ok(since),
            _ => Ok(default_since(
                self.store.last_brief_opened(account_id)?,
                self.store.last_conversation(account_id, self.today)?,
                Utc::now(),
            )),
        }
    }

    /// Opens the prep brief of the open account, and remembers (unless the
    /// database is read-only) that it was opened.
    pub(crate) fn open_brief(&mut self) {
        let Some(id) = self.workspace().map(|ws| ws.account.id) else {
            return;
        };
        let loaded = self.since_for(id).and_then(|since| {
            let brief = self.store.brief(id, since, self.today, self.is_private())?;
            Ok((since, brief))
        });
        let (since, brief) = match loaded {
            Ok(found) => found,
            Err(e) => return self.say(Tone::Error, e.to_string()),
        };
        self.brief_since = Some((id, since));
        if !self.store.is_read_only() {
            let _ = self.run(Command::MarkBriefOpened(id));
        }
        self.popup = Some(Popup::Brief(Box::new(BriefView::new(brief))));
    }

    /// Opens "since last time" for the open account.
    pub(crate) fn open_changes(&mut self) {
        let Some((id, name)) = self
            .workspace()
            .map(|ws| (ws.account.id, ws.account.name.clone()))
        else {
            return;
        };
        let loaded = self.since_for(id).and_then(|since| {
            let changes = self.store.changes_since(id, since)?;
            Ok((since, changes))
        });
        match loaded {
            Ok((since, changes)) => {
                let view = ChangesView::new(id, name, since, changes);
                self.popup = Some(Popup::Changes(Box::new(view)));
            }
            Err(e) => self.say(Tone::Error, e.to_string()),
        }
    }

    /// Reads an open brief or "since last time" again, where the reader
    /// was, after another window changed the file; closes it when its
    /// account is no longer open (deleted elsewhere).
    pub(crate) fn refresh_prep(&mut self) -> Result<(), StoreError> {
        let open = self.workspace().map(|ws| ws.account.id);
        match (&mut self.popup, self.brief_since) {
            (Some(Popup::Brief(view)), Some((id, since))) if open == Some(id) => {
                view.set_brief(self.store.brief(id, since, self.today, self.private)?);
            }
            (Some(Popup::Changes(view)), _) if open == Some(view.account_id) => {
                view.refresh(self.store.changes_since(view.account_id, view.since)?);
            }
            (Some(Popup::Brief(_) | Popup::Changes(_)), _) => self.popup = None,
            _ => {}
        }
        Ok(())
    }

    /// Handles the actions that work over the brief and "since last time"
    /// as everywhere: quit, private mode, help. `true` when `action` was
    /// one of them.
    pub(crate) fn prep_global(&mut self, action: Option<Action>, context: Context) -> bool {
        match action {
            Some(Action::Quit) => self.quit = true,
            Some(Action::TogglePrivate) => self.act(Action::TogglePrivate),
            Some(Action::Help) => self.open_help(context),
            _ => return false,
        }
        true
    }

    /// A key while the brief is open.
    pub(crate) fn brief_key(&mut self, mut view: Box<BriefView>, key: KeyEvent) {
        let action = self.keymap.action(Context::Brief, key);
        if self.prep_global(action, Context::Brief) {
            if matches!(action, Some(Action::TogglePrivate | Action::Help)) {
                self.popup = Some(Popup::Brief(view));
            }
            return;
        }
        if action == Some(Action::Copy) {
            let brief = view.brief(self.private);
            self.clipboard = Some(crate::export::brief_md::render(&brief));
            self.say(Tone::Ok, "Copied the brief, as Markdown, to the clipboard.");
            self.popup = Some(Popup::Brief(view));
            return;
        }
        if let Some(action) = action
            && view.handle(action) == brief::Outcome::Close
        {
            return;
        }
        self.popup = Some(Popup::Brief(view));
    }

    /// A key while "since last time" is open.
    pub(crate) fn changes_key(&mut self, mut view: Box<ChangesView>, key: KeyEvent) {
        let action = self.keymap.action(Context::Changes, key);
        if view.input.is_none() && self.prep_global(action, Context::Changes) {
            if matches!(action, Some(Action::TogglePrivate | Action::Help)) {
                self.popup = Some(Popup::Changes(view));
            }
            return;
        }
        match view.handle(key, action, self.today) {
            changes::Outcome::Stay => {}
            changes::Outcome::Close => return,
            changes::Outcome::Since(since) => {
                match self.store.changes_since(view.account_id, since) {
                    Ok(changes) => view.set_changes(since, changes),
                    Err(e) => self.say(Tone::Error, e.to_string()),
                }
            }
        }
        self.popup = Some(Popup::Changes(view));
    }
}
