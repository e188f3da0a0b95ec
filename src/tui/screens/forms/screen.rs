//! A form as a screen: a save is a command that closes the form when it
//! succeeds and shows its error at the field when it fails.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::Form;
use crate::store::StoreError;
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;
use crate::tui::screen::{Cx, RenderContext, Screen};
use crate::tui::widgets::conflict_mark;

impl Screen for Form {
    /// A form takes typed text, not the keymap's keys: it leaves the
    /// keymap section to the screen underneath.
    fn context(&self) -> Context {
        Context::Global
    }

    fn title(&self) -> &'static str {
        "Form"
    }

    fn key(&mut self, key: KeyEvent, cx: &Cx) -> Effect {
        self.handle_key(key, cx.today)
    }

    fn paste(&mut self, text: &str, _cx: &Cx) -> Effect {
        Form::paste(self, text);
        Effect::Stay
    }

    fn type_text(&mut self, text: &str, _cx: &Cx) -> bool {
        Form::type_text(self, text)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, rc: &RenderContext) {
        self.render(frame, area, rc.theme);
    }

    fn has_unsaved_typing(&self) -> bool {
        self.is_changed()
    }

    fn failed(&mut self, error: &StoreError) {
        self.show_store_error(error);
    }

    fn edited(&mut self, text: Option<String>) {
        self.set_external_text(text);
    }

    fn edits(&self) -> bool {
        true
    }

    /// Hides figures in private mode, and counts the record's sync
    /// conflicts in the title.
    fn opened(&mut self, cx: &Cx) {
        if cx.private {
            self.hide_figures();
        }
        if let Some(record) = self.base() {
            let n = cx.conflicts_of(record.id());
            if n > 0 {
                self.title = format!("{} · {}", self.title, conflict_mark::counted(n));
            }
        }
    }
}
