//! Keys on an open account: switching pages, then the page's own keys.

use crate::tui::action::Action;
use crate::tui::app::{App, Main, Tone};
use crate::tui::screens::account::pages::Page;

impl App {
    /// Handles `action` on the open account's current page.
    pub(crate) fn page_action(&mut self, action: Action) {
        let Main::Workspace(ws) = &mut self.screen else {
            return;
        };
        let target = match action {
            Action::ShowOverview => Some(Page::Overview),
            Action::ShowPeople => Some(Page::People),
            Action::ShowTalks => Some(Page::Talks),
            Action::ShowAssessment => Some(Page::Assessment),
            Action::ShowWhitespace => Some(Page::Whitespace),
            Action::ShowSignals => Some(Page::Signals),
            Action::NextPage => Some(ws.page.next()),
            Action::PrevPage => Some(ws.page.prev()),
            _ => None,
        };
        if let Some(page) = target {
            if let Err(e) = ws.show(&self.store, page) {
                self.say(Tone::Error, e.to_string());
            }
            return;
        }
        match ws.page {
            Page::Overview => self.workspace_action(action),
            Page::People => self.people_action(action),
            Page::Talks => self.talks_action(action),
            Page::Assessment => self.assessment_action(action),
            Page::Whitespace => self.whitespace_action(action),
            Page::Signals => self.signals_action(action),
        }
    }
}
