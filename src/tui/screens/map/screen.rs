//! The map as a screen: built from every account's insight and the chain
//! breaks, read again when the file changes.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::MapView;
use crate::domain::Id;
use crate::domain::insight::Insight;
use crate::store::StoreError;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;
use crate::tui::screen::{Cx, Refreshed, RenderContext, Screen};

impl MapView {
    /// The map of the portfolio as it stands, read afresh, with `account`
    /// selected on it when it is there.
    pub fn open(cx: &Cx, account: Option<Id>) -> Effect {
        Effect::or_error(Self::read(cx), |mut view| {
            if let Some(i) =
                account.and_then(|id| view.map.points.iter().position(|p| p.account_id == id))
            {
                view.select_on_map(i);
            }
            Effect::Show(Box::new(view))
        })
    }

    /// A map of the portfolio as it stands.
    fn read(cx: &Cx) -> Result<Self, StoreError> {
        let insights: Vec<&Insight> = cx
            .portfolio
            .iter()
            .filter_map(|s| cx.insight(s.account.id))
            .collect();
        Ok(Self::new(&insights, cx.store.chain_breaks(None)?))
    }
}

impl Screen for MapView {
    fn context(&self) -> Context {
        Context::Map
    }

    fn title(&self) -> &'static str {
        "Portfolio map"
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[
            (Action::NextPage, "tab"),
            (Action::Open, "open"),
            (Action::Why, "why"),
            (Action::Back, "back"),
        ]
    }

    fn act(&mut self, action: Action, _cx: &Cx) -> Effect {
        self.handle(action)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, rc: &RenderContext) {
        super::draw::draw(rc, self, frame, area);
    }

    fn refresh(&mut self, cx: &Cx) -> Result<Refreshed, StoreError> {
        let fresh = Self::read(cx)?;
        self.refresh_from(fresh);
        Ok(Refreshed::Kept)
    }

    fn account(&self) -> Option<Id> {
        self.selected_account()
    }
}
