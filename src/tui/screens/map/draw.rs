//! The map screen: the tab bar, then the portfolio map, the overdue
//! contacts, the breaks in the chain or the cost to serve across every
//! account.

mod cost;
mod grid;
mod lists;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Tabs;

use crate::tui::screen::RenderContext;
use crate::tui::screens::map::{MapView, Tab};

/// Draws the map screen into `area`.
pub fn draw(rc: &RenderContext, view: &MapView, frame: &mut Frame, area: Rect) {
    let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let titles = Tab::ALL.iter().map(|tab| {
        let count = match tab {
            Tab::Map => None,
            other => Some(view.len(*other)),
        };
        match count {
            Some(n) => format!("{} · {n}", tab.title()),
            None => tab.title().to_string(),
        }
    });
    frame.render_widget(
        Tabs::new(titles)
            .select(Tab::ALL.iter().position(|t| *t == view.tab))
            .style(rc.theme.dim)
            .highlight_style(rc.theme.title)
            .divider("│")
            .padding(" ", " "),
        tabs,
    );
    match view.tab {
        Tab::Map => grid::draw(rc, view, frame, body),
        Tab::Contacts => lists::draw_contacts(rc, view, frame, body),
        Tab::Gaps => lists::draw_gaps(rc, view, frame, body),
        Tab::Cost => cost::draw(rc, view, frame, body),
    }
}
