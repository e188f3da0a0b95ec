//! The people page of an open account in the app: its keys.

use super::App;
use crate::tui::action::Action;

impl App {
    /// Handles `action` on the people page; keys shared by every page fall
    /// back to the overview's handling.
    pub(super) fn people_action(&mut self, action: Action) {
        self.workspace_action(action);
    }
}
