//! Drawing: a pure function of the [`App`] state onto a ratatui frame.

mod agenda;
mod assessment;
mod brief;
mod changes;
mod common;
mod confirm;
mod help;
mod matching;
mod palette;
mod people;
mod plan;
mod portfolio;
mod reading;
mod review;
mod search;
mod signals;
mod status;
mod talks;
mod welcome;
mod whitespace;
mod why;
mod workspace;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Tabs, Wrap};

use super::app::{App, Popup, Screen};
use super::pages::Page;
use super::workspace::Workspace;

/// Below this size kam shows a note instead of its views.
pub const MIN_WIDTH: u16 = 40;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 10;

/// Whether a terminal of `width`×`height` is too small for kam's views.
pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

/// Draws the whole interface.
pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if too_small(area.width, area.height) {
        let way_out = if app.has_unsaved_typing() {
            " to go on with your unsaved changes, or Ctrl-C twice to quit and discard them"
        } else {
            ", or q to quit"
        };
        let note = format!(
            "Terminal too small ({}×{}): kam needs {MIN_WIDTH}×{MIN_HEIGHT}. Enlarge the window{way_out}.",
            area.width, area.height
        );
        frame.render_widget(
            Paragraph::new(note)
                .style(app.theme.warn)
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let banner = app.store.is_read_only();
    let [top, main, bottom] = Layout::vertical([
        Constraint::Length(u16::from(banner)),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    if banner {
        let text = format!(
            " READ-ONLY  {} cannot be changed: edits are refused.",
            crate::text::path(app.store.path())
        );
        frame.render_widget(Line::from(text).style(app.theme.banner), top);
    }
    match &app.screen {
        Screen::Welcome => welcome::draw(app, frame, main),
        Screen::Portfolio => portfolio::draw(app, frame, main),
        Screen::Workspace(ws) => draw_account(app, ws, frame, main),
        Screen::Agenda(view) => agenda::draw(app, view, frame, main),
        Screen::Review(view) => review::draw(app, view, frame, main),
    }
    draw_popup(app, frame, main);
    status::draw(app, frame, bottom);
}

/// Draws an open account: the page tabs, then the page.
fn draw_account(app: &App, ws: &Workspace, frame: &mut Frame, area: Rect) {
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
        Page::Overview => workspace::draw(app, ws, frame, page),
        Page::People => people::draw(app, ws, frame, page),
        Page::Talks => talks::draw(app, ws, frame, page),
        Page::Assessment => assessment::draw(app, ws, frame, page),
        Page::Whitespace => whitespace::draw(app, ws, frame, page),
        Page::Signals => signals::draw(app, ws, frame, page),
    }
}

fn draw_popup(app: &App, frame: &mut Frame, area: Rect) {
    match &app.popup {
        None => {}
        Some(Popup::Form(form)) => form.render(frame, area, &app.theme),
        Some(Popup::Confirm { question, .. }) => confirm::draw(app, question, frame, area),
        Some(Popup::Help {
            context,
            scroll,
            selected,
        }) => help::draw(app, *context, scroll, *selected, frame, area),
        Some(Popup::Palette(p)) => palette::draw(app, p, frame, area),
        Some(Popup::Brief(view)) => brief::draw(app, view, frame, area),
        Some(Popup::Changes(view)) => changes::draw(app, view, frame, area),
        Some(Popup::Search(view)) => search::draw(app, view, frame, area),
        Some(Popup::Matching(view)) => matching::draw(app, view, frame, area),
        Some(Popup::Why { account_id }) => why::draw(app, *account_id, frame, area),
        Some(Popup::Plan(view)) => {
            if let Screen::Workspace(ws) = &app.screen
                && let Some(p) = ws.plans.iter().find(|p| p.id == view.plan_id())
            {
                plan::draw(app, p, view, frame, area);
            }
        }
    }
}

/// The selected record as plain text, with what it is, for the clipboard:
/// the same text the screen shows (so private mode hides the same figures).
pub fn copy_text(app: &App) -> Option<(&'static str, String)> {
    let (what, text) = match &app.screen {
        Screen::Workspace(ws) if ws.page == Page::People => {
            ("stakeholder", people::detail(app, ws)?)
        }
        Screen::Workspace(ws) if ws.page == Page::Assessment => {
            ("assessment", assessment::detail(app, ws)?)
        }
        Screen::Workspace(ws) if ws.page == Page::Talks => {
            let (what, text) = talks::detail(app, ws);
            (what, text?)
        }
        Screen::Workspace(ws) => {
            let (what, text) = workspace::detail(app, ws);
            (what, text?)
        }
        Screen::Portfolio => {
            let summary = app.portfolio.get(app.portfolio_sel)?;
            let mut text = portfolio::summary(app, summary);
            text.lines.insert(
                0,
                Line::from(crate::text::first_line(&summary.account.name)),
            );
            ("account summary", text)
        }
        Screen::Welcome | Screen::Agenda(_) | Screen::Review(_) => return None,
    };
    let lines: Vec<String> = text
        .lines
        .iter()
        .map(|line| line.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    Some((what, lines.join("\n")))
}
