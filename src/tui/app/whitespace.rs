//! The whitespace page of an open account in the app: its keys.

use super::App;
use crate::tui::action::Action;

impl App {
    /// Handles `action` on the whitespace page; keys shared by every page fall
    /// back to the overview's handling.
    pub(super) fn whitespace_action(&mut self, action: Action) {
        self.workspace_action(action);
    }
}
