//! The whitespace page of an open account in the app: its keys. Every
//! confirmed change saves the whole grid at once through
//! [`Command::SaveWhitespace`], so `u` undoes it.

use crossterm::event::KeyEvent;

use crate::domain::whitespace::Axis;
use crate::tui::action::Action;
use crate::tui::app::{App, Main, Tone};
use crate::tui::command::Command;
use crate::tui::keymap::Context;
use crate::tui::screens::account::pages::Page;
use crate::tui::screens::account::whitespace::{Change, Outcome, Spot, WhitespacePage};

impl App {
    /// Handles `action` on the whitespace page; keys shared by every page fall
    /// back to the overview's handling.
    pub(crate) fn whitespace_action(&mut self, action: Action) {
        let Some(page) = self.whitespace_page() else {
            return;
        };
        let rows = isize::try_from(page.rows.page()).unwrap_or(1);
        match action {
            Action::Up => page.move_rows(-1),
            Action::Down => page.move_rows(1),
            Action::PageUp => page.move_rows(-rows),
            Action::PageDown => page.move_rows(rows),
            Action::Top => page.move_rows(isize::MIN),
            Action::Bottom => page.move_rows(isize::MAX),
            Action::Left => page.move_columns(-1),
            Action::Right => page.move_columns(1),
            Action::Cycle | Action::Toggle => self.whitespace_cycle(),
            Action::Edit | Action::Open => self.whitespace_edit(),
            Action::New => self.whitespace_new(Axis::Unit),
            Action::NewColumn => self.whitespace_new(Axis::Offering),
            Action::Rename => self.whitespace_rename(),
            Action::Delete => self.whitespace_delete(),
            // The overview's panes are not on this page.
            Action::NextPane | Action::PrevPane | Action::MoveUp | Action::MoveDown => {}
            _ => self.workspace_action(action),
        }
    }

    /// Whether the whitespace page is typing or asking, and so takes the
    /// keys before the keymap does.
    pub(crate) fn whitespace_is_busy(&self) -> bool {
        self.workspace()
            .is_some_and(|ws| ws.page == Page::Whitespace && ws.whitespace.is_busy())
    }

    /// A key while the whitespace page is typing or asking.
    pub(crate) fn whitespace_key(&mut self, key: KeyEvent) {
        let Some(page) = self.whitespace_page() else {
            return;
        };
        match page.key(key) {
            Outcome::Stay => {}
            Outcome::Cancelled(text) => self.say(Tone::Info, text),
            Outcome::Quit => self.quit = true,
            Outcome::Save(change) => self.whitespace_save(change),
        }
    }

    /// Text pasted while the whitespace page is typing.
    pub(crate) fn whitespace_paste(&mut self, text: &str) {
        if let Some(page) = self.whitespace_page() {
            page.paste(text);
        }
    }

    pub(crate) fn whitespace_page(&mut self) -> Option<&mut WhitespacePage> {
        match &mut self.screen {
            Main::Workspace(ws) => Some(&mut ws.whitespace),
            _ => None,
        }
    }

    /// The first key bound to `action` on this page, for messages.
    pub(crate) fn whitespace_key_name(&self, action: Action) -> String {
        self.keymap
            .key_for(Context::Whitespace, action)
            .map_or_else(|| action.name().to_string(), |k| k.to_string())
    }

    /// Says how to start a grid, or how to reach a unit's or offering's
    /// name to `verb` it.
    pub(crate) fn whitespace_hint(&mut self, spot: Spot, verb: &str) {
        let text = match spot {
            Spot::Nothing => format!(
                "The grid is empty: press {} to add a unit (a row) or {} to add an offering (a column).",
                self.whitespace_key_name(Action::New),
                self.whitespace_key_name(Action::NewColumn)
            ),
            _ => format!(
                "To {verb} a unit or an offering, move onto its name: {} to the unit's, {} to the offering's.",
                self.whitespace_key_name(Action::Left),
                self.whitespace_key_name(Action::Up)
            ),
        };
        self.say(Tone::Info, text);
    }

    pub(crate) fn whitespace_cycle(&mut self) {
        let Some(page) = self.whitespace_page() else {
            return;
        };
        match page.spot() {
            Spot::Cell { unit, offering } => {
                if let Some(change) = page.cycled(unit, offering) {
                    self.whitespace_save(change);
                }
            }
            Spot::Name(..) => {
                let text = format!(
                    "{} marks a cell: move onto one with {} or {}.",
                    self.whitespace_key_name(Action::Cycle),
                    self.whitespace_key_name(Action::Right),
                    self.whitespace_key_name(Action::Down)
                );
                self.say(Tone::Info, text);
            }
            Spot::Nothing => self.whitespace_hint(Spot::Nothing, "mark"),
        }
    }

    pub(crate) fn whitespace_edit(&mut self) {
        if self.refuse_if_read_only() {
            return;
        }
        let private = self.is_private();
        let Some(page) = self.whitespace_page() else {
            return;
        };
        match page.spot() {
            Spot::Cell { unit, offering } => page.start_value(unit, offering, private),
            Spot::Name(axis, index) => page.start_rename(axis, index),
            Spot::Nothing => self.whitespace_hint(Spot::Nothing, "edit"),
        }
    }

    pub(crate) fn whitespace_new(&mut self, axis: Axis) {
        if self.refuse_if_read_only() {
            return;
        }
        if let Some(page) = self.whitespace_page() {
            page.start_new(axis);
        }
    }

    pub(crate) fn whitespace_rename(&mut self) {
        if self.refuse_if_read_only() {
            return;
        }
        let Some(page) = self.whitespace_page() else {
            return;
        };
        match page.spot() {
            Spot::Name(axis, index) => page.start_rename(axis, index),
            spot => self.whitespace_hint(spot, "rename"),
        }
    }

    pub(crate) fn whitespace_delete(&mut self) {
        if self.refuse_if_read_only() {
            return;
        }
        let Some(page) = self.whitespace_page() else {
            return;
        };
        match page.spot() {
            Spot::Name(axis, index) => {
                if let Some(change) = page.delete(axis, index) {
                    self.whitespace_save(change);
                }
            }
            spot => self.whitespace_hint(spot, "delete"),
        }
    }

    /// Saves a changed grid; on success the page closes its prompt and
    /// moves the cursor, on failure a line being typed stays with the error.
    pub(crate) fn whitespace_save(&mut self, change: Change) {
        let Change {
            grid,
            message,
            cursor,
        } = change;
        let Some(base) = self.whitespace_page().map(|page| page.grid.clone()) else {
            return;
        };
        match self.run(Command::SaveWhitespace {
            grid,
            base,
            message,
        }) {
            Ok(()) => {
                if let Some(page) = self.whitespace_page() {
                    page.saved(cursor);
                }
            }
            Err(e) => {
                if let Some(page) = self.whitespace_page() {
                    page.failed(e.to_string());
                }
            }
        }
    }
}
