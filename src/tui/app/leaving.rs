//! Leaving kam without losing what was typed: Ctrl-C asks first over
//! unsaved typing, and a terminal too small to draw in never passes keys to
//! the form hidden behind its note.

use crossterm::event::{KeyCode, KeyEvent};

use crate::tui::app::App;

impl App {
    /// Takes the terminal's size: below the smallest kam draws in, keys no
    /// longer reach the views hidden behind the note.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.too_small = crate::tui::draw::too_small(width, height);
    }

    /// Whether quitting now would lose something typed and not saved: a
    /// changed form, a plan step being typed, or a changed line on the
    /// whitespace page.
    pub fn has_unsaved_typing(&self) -> bool {
        self.windows.iter().any(|w| w.has_unsaved_typing()) || self.screen.has_unsaved_typing()
    }

    /// A key other than Ctrl-C while the terminal is too small: `q` quits
    /// when nothing typed would be lost; every other key is ignored.
    pub(super) fn too_small_key(&mut self, key: KeyEvent) {
        if key.code == KeyCode::Char('q') && !self.has_unsaved_typing() {
            self.quit = true;
        }
    }
}
