//! "Since last time", full screen: what changed in one account since a
//! date, in time order, with a line to type another date.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::domain::brief::local_time;
use crate::text::{sanitize, truncate, width};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::screen::RenderContext;
use crate::tui::screens::brief::draw::{PRIVATE_MARKER, change_items, text_width};
use crate::tui::screens::changes::ChangesView;
use crate::tui::widgets::reading::{Page, draw_page};

/// Draws the view over `area`.
pub fn draw(rc: &RenderContext, view: &ChangesView, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let mut page = Page::new(text_width(area));
    page.text(
        &format!(
            "What changed in {} since {}, oldest first.",
            sanitize(&view.account),
            local_time(view.since)
        ),
        0,
        t.text,
    );
    if let Some(key) = rc.keymap.key_for(Context::Changes, Action::Since) {
        page.push_spans(
            vec![
                Span::styled(key.to_string(), t.key),
                Span::styled(" another date: 2026-11-01, -2w, yesterday …", t.dim),
            ],
            0,
        );
    }
    page.blank();
    change_items(&mut page, &view.items(rc.private), t);
    let title = format!("Since last time · {}", sanitize(&view.account));
    let marker = rc.private.then_some(PRIVATE_MARKER);
    let column = draw_page(
        frame,
        area,
        &title,
        marker,
        page.into_lines(),
        &view.pager,
        t,
    );
    if let Some(input) = &view.input {
        draw_input(rc, input, view.error.as_deref(), frame, column);
    }
}

/// The date being typed on the last line of the column, any error above it.
fn draw_input(
    rc: &RenderContext,
    input: &str,
    error: Option<&str>,
    frame: &mut Frame,
    column: Rect,
) {
    let t = rc.theme;
    if column.height == 0 || column.width == 0 {
        return;
    }
    let cols = usize::from(column.width);
    let line = Rect {
        y: column.bottom() - 1,
        height: 1,
        ..column
    };
    let label = "Changes since: ";
    let shown = truncate(&sanitize(input), cols.saturating_sub(width(label) + 1)).into_owned();
    frame.render_widget(Clear, line);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(label, t.key),
            Span::styled(shown.clone(), t.text),
        ])),
        line,
    );
    let x = (width(label) + width(&shown)).min(cols.saturating_sub(1));
    frame.set_cursor_position(Position::new(
        line.x + u16::try_from(x).unwrap_or(0),
        line.y,
    ));
    if let Some(error) = error.filter(|_| column.height > 1) {
        let above = Rect {
            y: line.y - 1,
            ..line
        };
        frame.render_widget(Clear, above);
        frame.render_widget(
            Line::styled(truncate(&sanitize(error), cols).into_owned(), t.error),
            above,
        );
    }
}
