//! The yes/no question asked before a deletion.

pub mod draw;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::domain::Id;
use crate::tui::command::{Command, Kind};
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;
use crate::tui::screen::{Cx, RenderContext, Screen};

/// The question, and what a yes deletes.
#[derive(Debug)]
pub struct Confirm {
    kind: Kind,
    id: Id,
    question: String,
}

impl Confirm {
    /// Asks `question` before deleting the record `id` of kind `kind`.
    pub fn delete(kind: Kind, id: Id, question: String) -> Self {
        Self { kind, id, question }
    }
}

impl Screen for Confirm {
    fn context(&self) -> Context {
        Context::Global
    }

    fn title(&self) -> &'static str {
        "Delete?"
    }

    fn key(&mut self, key: KeyEvent, _cx: &Cx) -> Effect {
        match key.code {
            KeyCode::Char('y' | 'Y') | KeyCode::Enter => Effect::All(vec![
                Effect::Close,
                Effect::Run(Command::Delete(self.kind, self.id)),
            ]),
            KeyCode::Char('n' | 'N' | 'q') | KeyCode::Esc => Effect::All(vec![
                Effect::Close,
                Effect::info("Kept it: nothing was deleted."),
            ]),
            _ => Effect::Stay,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, rc: &RenderContext) {
        draw::draw(rc, &self.question, frame, area);
    }

    fn edits(&self) -> bool {
        true
    }
}
