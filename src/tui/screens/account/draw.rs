//! Drawing an open account: the page tabs, then the page.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Tabs;

use super::AccountView;
use super::pages::Page;
use super::{assessment, conversations, overview, signals, stakeholders, whitespace};
use crate::tui::screen::RenderContext;

/// Draws an open account: the page tabs, then the page.
pub fn draw(rc: &RenderContext, ws: &AccountView, frame: &mut Frame, area: Rect) {
    let [tabs, page] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let titles = Page::ALL
        .iter()
        .enumerate()
        .map(|(n, p)| format!("{} {}", n + 1, p.title()));
    let selected = Page::ALL.iter().position(|p| *p == ws.page);
    frame.render_widget(
        Tabs::new(titles)
            .select(selected)
            .style(rc.theme.dim)
            .highlight_style(rc.theme.title)
            .divider("│")
            .padding(" ", " "),
        tabs,
    );
    match ws.page {
        Page::Overview => overview::draw::draw(rc, ws, frame, page),
        Page::Stakeholders => stakeholders::draw::draw(rc, ws, frame, page),
        Page::Conversations => conversations::draw::draw(rc, ws, frame, page),
        Page::Assessment => assessment::draw::draw(rc, ws, frame, page),
        Page::Whitespace => whitespace::draw::draw(rc, ws, frame, page),
        Page::Signals => signals::draw::draw(rc, ws, frame, page),
    }
}

/// The selected record of the page shown as plain text, with what it is,
/// for the clipboard: the same text the page shows (so private mode hides
/// the same figures).
pub fn copy_text(rc: &RenderContext, ws: &AccountView) -> Option<(&'static str, String)> {
    let (what, text) = match ws.page {
        Page::Stakeholders => ("stakeholder", stakeholders::draw::detail(rc, ws)?),
        Page::Assessment => ("assessment", assessment::draw::detail(rc, ws)?),
        Page::Conversations => {
            let (what, text) = conversations::draw::detail(rc, ws);
            (what, text?)
        }
        _ => {
            let (what, text) = overview::draw::detail(rc, ws);
            (what, text?)
        }
    };
    let lines: Vec<String> = text
        .lines
        .iter()
        .map(|line| line.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    Some((what, lines.join("\n")))
}
