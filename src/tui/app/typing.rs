//! Keys typed in a row: text pasted without bracketed paste (some
//! terminals, tmux's `paste-buffer` without `-p`, slow links) arrives as
//! thousands of key presses at once, and must land as fast as a paste.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::tui::app::App;

impl App {
    /// Handles keys that each type a character (see [`typed_char`]),
    /// pressed in a row, in order: at once into the focused text field of
    /// an open form, else one by one.
    pub fn type_keys(&mut self, keys: &[KeyEvent]) {
        let text: Option<String> = keys.iter().map(|key| typed_char(*key)).collect();
        let too_small = self.too_small;
        let (cx, windows, _) = self.split();
        if let (Some(text), false, Some(window)) = (text, too_small, windows.last_mut())
            && window.type_text(&text, &cx)
        {
            return;
        }
        for key in keys {
            if self.should_quit() {
                return;
            }
            self.handle_key(*key);
        }
    }
}

/// The printable character `key` types in a text field, if it is one: a
/// press (or repeat) of a character key with no modifier but Shift.
pub fn typed_char(key: KeyEvent) -> Option<char> {
    match key.code {
        KeyCode::Char(c)
            if key.kind != KeyEventKind::Release
                && (key.modifiers - KeyModifiers::SHIFT).is_empty()
                && !c.is_control() =>
        {
            Some(c)
        }
        _ => None,
    }
}
