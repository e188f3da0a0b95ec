//! The open account as a screen: the number keys and Tab switch pages,
//! every other key goes to the page shown.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::pages::Page;
use super::{AccountView, draw};
use crate::domain::Id;
use crate::store::StoreError;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;
use crate::tui::screen::{Cx, Refreshed, RenderContext, Screen};

impl AccountView {
    /// The page `action` switches to, if it is one of the page keys.
    fn page_for(&self, action: Action) -> Option<Page> {
        match action {
            Action::ShowOverview => Some(Page::Overview),
            Action::ShowStakeholders => Some(Page::Stakeholders),
            Action::ShowConversations => Some(Page::Conversations),
            Action::ShowAssessment => Some(Page::Assessment),
            Action::ShowWhitespace => Some(Page::Whitespace),
            Action::ShowSignals => Some(Page::Signals),
            Action::NextPage => Some(self.page.next()),
            Action::PrevPage => Some(self.page.prev()),
            _ => None,
        }
    }

    /// Whether the whitespace page is typing or asking, and so takes the
    /// keys before the keymap does.
    fn whitespace_is_busy(&self) -> bool {
        self.page == Page::Whitespace && self.whitespace.is_busy()
    }
}

impl Screen for AccountView {
    fn context(&self) -> Context {
        self.page.context()
    }

    fn title(&self) -> &'static str {
        self.page.help_title()
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        self.page.hints()
    }

    fn key(&mut self, key: KeyEvent, cx: &Cx) -> Effect {
        if self.whitespace_is_busy() {
            return self.whitespace.key(key);
        }
        match cx.keymap.action(self.context(), key) {
            Some(action) => self.act(action, cx),
            None => Effect::Stay,
        }
    }

    fn act(&mut self, action: Action, cx: &Cx) -> Effect {
        if let Some(page) = self.page_for(action) {
            return Effect::or_error(self.show(cx.store, page), |()| Effect::Stay);
        }
        match self.page {
            Page::Overview => self.overview_act(action, cx),
            Page::Stakeholders => self.stakeholders_act(action, cx),
            Page::Conversations => self.conversations_act(action, cx),
            Page::Assessment => self.assessment_act(action, cx),
            Page::Whitespace => self.whitespace_act(action, cx),
            Page::Signals => self.signals_act(action, cx),
        }
    }

    fn paste(&mut self, text: &str, _cx: &Cx) -> Effect {
        if self.whitespace_is_busy() {
            self.whitespace.paste(text);
        }
        Effect::Stay
    }

    fn draw(&self, frame: &mut Frame, area: Rect, rc: &RenderContext) {
        draw::draw(rc, self, frame, area);
    }

    fn refresh(&mut self, cx: &Cx) -> Result<Refreshed, StoreError> {
        if self.page == Page::Whitespace && self.whitespace.holds_refresh() {
            return Ok(Refreshed::Later);
        }
        let wanted = self.wanted.take();
        match self.reload(cx.store, wanted) {
            Ok(()) => Ok(Refreshed::Kept),
            Err(StoreError::NotFound(_)) => Ok(Refreshed::Closed),
            Err(e) => Err(e),
        }
    }

    fn follow(&mut self, record: Id) {
        self.wanted = Some(record);
    }

    fn has_unsaved_typing(&self) -> bool {
        self.page == Page::Whitespace && self.whitespace.has_changed_entry()
    }

    fn failed(&mut self, error: &StoreError) {
        self.whitespace.failed(error.to_string());
    }

    fn copy_text(&self, rc: &RenderContext) -> Option<(&'static str, String)> {
        draw::copy_text(rc, self)
    }

    fn account(&self) -> Option<Id> {
        Some(self.account.id)
    }
}
