//! Drawing: a pure function of the [`App`] state onto a ratatui frame.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::widgets;
use crate::tui::app::App;

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
    let rc = app.render_context();
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
                .style(rc.theme.warn)
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let banner = app.store().is_read_only();
    let [top, main, bottom] = Layout::vertical([
        Constraint::Length(u16::from(banner)),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    if banner {
        let text = format!(
            " READ-ONLY  {} cannot be changed: edits are refused.",
            crate::text::path(app.store().path())
        );
        frame.render_widget(Line::from(text).style(rc.theme.banner), top);
    }
    for screen in app.screens() {
        screen.draw(frame, main, &rc);
    }
    widgets::status::draw(app, frame, bottom);
}
