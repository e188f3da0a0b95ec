//! The signals page of an open account in the app: its keys. Moving goes
//! through the breaks in the chain from issue to proof; Enter shows the
//! selected break's record on the overview page.

use crate::tui::action::Action;
use crate::tui::app::{App, Main, Tone};
use crate::tui::screens::account::movement;
use crate::tui::screens::account::pages::Page;

impl App {
    /// Handles `action` on the signals page; keys shared by every page fall
    /// back to the overview's handling.
    pub(crate) fn signals_action(&mut self, action: Action) {
        let Main::Workspace(ws) = &mut self.screen else {
            return;
        };
        if let Some(delta) = movement(action, ws.signals.scroll.page()) {
            ws.signals.move_by(delta);
            return;
        }
        if action != Action::Open {
            return self.workspace_action(action);
        }
        let Some(record_id) = ws.signals.selected_gap().map(|g| g.record_id) else {
            return self.say(Tone::Info, "No break in the chain to show.");
        };
        match ws.reload(&self.store, Some(record_id)) {
            Ok(()) => ws.page = Page::Overview,
            Err(e) => self.say(Tone::Error, e.to_string()),
        }
    }
}
