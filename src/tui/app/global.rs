//! The actions that work the same on every screen: help, the palette,
//! search, the agenda, why, undo, private mode, copying, syncing, the sync
//! conflicts and quitting.

use super::{App, Tone};
use crate::tui::action::Action;
use crate::tui::command::Command;
use crate::tui::screens::agenda::AgendaView;
use crate::tui::screens::conflicts::ConflictsView;
use crate::tui::screens::help::Help;
use crate::tui::screens::palette::Palette;
use crate::tui::screens::search::SearchView;
use crate::tui::screens::why::Why;

impl App {
    /// Performs an action that works the same on every screen; `false`
    /// when `action` is not one of them.
    pub(super) fn global(&mut self, action: Action) -> bool {
        match action {
            Action::Quit => self.quit = true,
            Action::Help => {
                let focused = self.focused_screen();
                let help = Help::new(focused.context(), focused.title());
                self.open(Box::new(help));
            }
            Action::Undo => {
                let _ = self.run(Command::Undo);
            }
            Action::TogglePrivate => {
                self.shared.private = !self.shared.private;
                let text = if self.shared.private {
                    "Private mode: confidential figures are hidden (p shows them)."
                } else {
                    "Private mode off: figures are shown."
                };
                self.say(Tone::Info, text);
            }
            Action::Palette => self.open(Box::new(Palette::new(self.context()))),
            Action::Copy => self.copy(),
            Action::Agenda => self.open_agenda(),
            Action::Search => self.open(Box::new(SearchView::new())),
            Action::Sync => self.start_sync(),
            Action::Conflicts => self.open(Box::new(ConflictsView::new())),
            Action::Why => {
                if let Some(id) = self.screen.account() {
                    let effect = Why::open(id, &self.split().0);
                    self.apply(effect);
                }
            }
            _ => return false,
        }
        true
    }

    /// Shows the agenda, read afresh from the store.
    pub(super) fn open_agenda(&mut self) {
        let effect = AgendaView::open(&self.split().0);
        self.apply(effect);
    }
}
