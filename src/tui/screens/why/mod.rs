//! Why an account's health is what it is: every factor with its weight,
//! score and reason.

pub mod draw;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::domain::Id;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;
use crate::tui::screen::{Cx, RenderContext, Screen};

/// The open window, explaining one account.
#[derive(Debug)]
pub struct Why {
    account_id: Id,
}

impl Why {
    /// The window explaining the health of `account_id`, or what to say
    /// when there are no figures for it yet.
    pub fn open(account_id: Id, cx: &Cx) -> Effect {
        if cx.insight(account_id).is_some() {
            Effect::Open(Box::new(Self { account_id }))
        } else {
            Effect::info("No health figures for this account yet.")
        }
    }
}

impl Screen for Why {
    fn context(&self) -> Context {
        Context::Why
    }

    fn title(&self) -> &'static str {
        "Why"
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[(Action::Back, "close")]
    }

    fn act(&mut self, action: Action, _cx: &Cx) -> Effect {
        match action {
            Action::Back => Effect::Close,
            Action::Quit => Effect::Quit,
            _ => Effect::Stay,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, rc: &RenderContext) {
        draw::draw(rc, self.account_id, frame, area);
    }

    fn account(&self) -> Option<Id> {
        Some(self.account_id)
    }
}
