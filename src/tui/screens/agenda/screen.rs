//! The agenda as a screen: read afresh when it opens and whenever the file
//! changes.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::AgendaView;
use crate::store::StoreError;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;
use crate::tui::screen::{Cx, Refreshed, RenderContext, Screen};

impl AgendaView {
    /// The agenda of every account, read afresh from the store.
    pub fn open(cx: &Cx) -> Effect {
        Effect::or_error(cx.store.agenda(cx.today), |agenda| {
            Effect::Show(Box::new(Self::new(agenda)))
        })
    }
}

impl Screen for AgendaView {
    fn context(&self) -> Context {
        Context::Agenda
    }

    fn title(&self) -> &'static str {
        "Agenda"
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[(Action::Open, "jump"), (Action::Back, "back")]
    }

    fn act(&mut self, action: Action, _cx: &Cx) -> Effect {
        self.handle(action)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, rc: &RenderContext) {
        super::draw::draw(rc, self, frame, area);
    }

    fn refresh(&mut self, cx: &Cx) -> Result<Refreshed, StoreError> {
        self.set_agenda(cx.store.agenda(cx.today)?);
        Ok(Refreshed::Kept)
    }
}
