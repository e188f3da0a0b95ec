//! The help window: every key of the screen underneath, from the keymap.

pub mod draw;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;
use crate::tui::screen::{Cx, RenderContext, Screen};
use crate::tui::screens::account::shift;
use crate::tui::widgets::scroll::Scroll;

/// The open help window.
#[derive(Debug)]
pub struct Help {
    /// The keymap section listed: the screen underneath.
    context: Context,
    /// That screen's name, in the title.
    title: &'static str,
    /// Scroll position.
    scroll: Scroll,
    /// Selected row.
    selected: usize,
}

impl Help {
    /// Help for the screen with keymap section `context`, called `title`.
    pub fn new(context: Context, title: &'static str) -> Self {
        Self {
            context,
            title,
            scroll: Scroll::default(),
            selected: 0,
        }
    }
}

impl Screen for Help {
    fn context(&self) -> Context {
        Context::Help
    }

    fn title(&self) -> &'static str {
        "Keys"
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[(Action::Back, "close")]
    }

    fn act(&mut self, action: Action, cx: &Cx) -> Effect {
        let rows = cx.keymap.bindings(self.context).len();
        let page = self.scroll.page() as isize;
        self.selected = match action {
            Action::Back => return Effect::Close,
            Action::Quit => return Effect::Quit,
            Action::Up => shift(self.selected, -1, rows),
            Action::Down => shift(self.selected, 1, rows),
            Action::Top => 0,
            Action::Bottom => rows.saturating_sub(1),
            Action::PageUp => shift(self.selected, -page, rows),
            Action::PageDown => shift(self.selected, page, rows),
            _ => self.selected,
        };
        Effect::Stay
    }

    fn draw(&self, frame: &mut Frame, area: Rect, rc: &RenderContext) {
        draw::draw(
            rc,
            self.context,
            self.title,
            &self.scroll,
            self.selected,
            frame,
            area,
        );
    }
}
