//! The signals page's keys. Moving goes through the breaks in the chain
//! from issue to proof; Enter shows the selected break's record on the
//! overview page.

use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::screen::Cx;
use crate::tui::screens::account::pages::Page;
use crate::tui::screens::account::{AccountView, movement};

impl AccountView {
    /// Handles `action` on the signals page; keys shared by every page fall
    /// back to the overview's handling.
    pub(crate) fn signals_act(&mut self, action: Action, cx: &Cx) -> Effect {
        if let Some(delta) = movement(action, self.signals.scroll.page()) {
            self.signals.move_by(delta);
            return Effect::Stay;
        }
        if action != Action::Open {
            return self.overview_act(action, cx);
        }
        let Some(record_id) = self.signals.selected_gap().map(|g| g.record_id) else {
            return Effect::info("No break in the chain to show.");
        };
        Effect::or_error(self.reload(cx.store, Some(record_id)), |()| {
            self.page = Page::Overview;
            Effect::Stay
        })
    }
}
