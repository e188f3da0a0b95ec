//! Drawing: a pure function of the [`App`] state onto a ratatui frame.

mod common;
mod confirm;
mod help;
mod plan;
mod portfolio;
mod status;
mod welcome;
mod workspace;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{App, Popup, Screen};

/// Below this size kam shows a note instead of its views.
pub const MIN_WIDTH: u16 = 40;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 10;

/// Draws the whole interface.
pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let note = format!(
            "Terminal too small ({}×{}): kam needs {MIN_WIDTH}×{MIN_HEIGHT}. Enlarge the window, or q to quit.",
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
            crate::text::sanitize(&app.store.path().display().to_string())
        );
        frame.render_widget(Line::from(text).style(app.theme.banner), top);
    }
    match &app.screen {
        Screen::Welcome => welcome::draw(app, frame, main),
        Screen::Portfolio => portfolio::draw(app, frame, main),
        Screen::Workspace(ws) => workspace::draw(app, ws, frame, main),
    }
    draw_popup(app, frame, main);
    status::draw(app, frame, bottom);
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
        Some(Popup::Plan(view)) => {
            if let Screen::Workspace(ws) = &app.screen
                && let Some(p) = ws.plans.iter().find(|p| p.id == view.plan_id())
            {
                plan::draw(app, p, view, frame, area);
            }
        }
    }
}
