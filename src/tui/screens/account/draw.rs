//! Drawing an open account: the page tabs, then the page.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Tabs;

use super::Workspace;
use super::pages::Page;
use super::{assessment, conversations, overview, signals, stakeholders, whitespace};
use crate::tui::app::App;

/// Draws an open account: the page tabs, then the page.
pub fn draw(app: &App, ws: &Workspace, frame: &mut Frame, area: Rect) {
    let [tabs, page] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let titles = Page::ALL
        .iter()
        .enumerate()
        .map(|(n, p)| format!("{} {}", n + 1, p.title()));
    let selected = Page::ALL.iter().position(|p| *p == ws.page);
    frame.render_widget(
        Tabs::new(titles)
            .select(selected)
            .style(app.theme.dim)
            .highlight_style(app.theme.title)
            .divider("│")
            .padding(" ", " "),
        tabs,
    );
    match ws.page {
        Page::Overview => overview::draw::draw(app, ws, frame, page),
        Page::People => stakeholders::draw::draw(app, ws, frame, page),
        Page::Talks => conversations::draw::draw(app, ws, frame, page),
        Page::Assessment => assessment::draw::draw(app, ws, frame, page),
        Page::Whitespace => whitespace::draw::draw(app, ws, frame, page),
        Page::Signals => signals::draw::draw(app, ws, frame, page),
    }
}
