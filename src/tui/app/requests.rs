//! What the application asks of the terminal loop besides drawing: text
//! for the clipboard, and text to edit in `$EDITOR` (asked twice first on
//! an encrypted database, whose text the editor reads from a plain file).

use super::{App, Tone};
use crate::tui::editor;
use crate::tui::effect::Effect;

/// Something only the terminal loop can do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    /// Give the terminal to `$EDITOR` on this text, then hand the result to
    /// [`App::editor_finished`].
    Edit(String),
}

impl App {
    /// What the application asks of the terminal loop, oldest first; each
    /// request is handed out once.
    pub fn take_requests(&mut self) -> Vec<Request> {
        std::mem::take(&mut self.requests)
    }

    /// Hands the external editor's result back to the form that asked.
    pub fn editor_finished(&mut self, result: std::io::Result<String>) {
        let text = match result {
            Ok(text) => Some(text),
            Err(e) => {
                self.say(Tone::Error, format!("Could not run the editor: {e}"));
                None
            }
        };
        if let Some(window) = self.windows.last_mut() {
            window.edited(text);
        }
    }

    /// Puts the selected record, as the detail view shows it, on the
    /// clipboard.
    pub(super) fn copy(&mut self) {
        let rc = self.render_context();
        let copied = match self.windows.last() {
            Some(window) => window.copy_text(&rc),
            None => self.screen.copy_text(&rc),
        };
        match copied {
            Some((what, text)) => self.apply(Effect::Copy(what, text)),
            None => self.say(Tone::Info, "Nothing selected to copy."),
        }
    }

    /// Asks for `text` to be edited in `$EDITOR`; on an encrypted database
    /// whose text the editor would read from a plain file, says so first
    /// (the second asking, right after, goes ahead).
    pub(super) fn edit_externally(&mut self, text: String) {
        let exposed = self.shared.store.passphrase().is_some() && !editor::keeps_text_in_memory();
        if exposed && !self.editor_warned {
            self.editor_warned = true;
            self.say(
                Tone::Info,
                "The database is encrypted, but the editor reads this text from a plain \
                 file on disk until it closes. Ctrl-E again to go ahead.",
            );
        } else {
            self.requests.push(Request::Edit(text));
        }
    }
}
