//! The yes/no question asked before a deletion.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::text::sanitize;
use crate::tui::screen::RenderContext;
use crate::tui::widgets::common::{centered, pane};

/// Draws the confirmation popup.
pub fn draw(rc: &RenderContext, question: &str, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let popup = centered(area, 64, 7);
    let lines = vec![
        Line::from(sanitize(question).into_owned()),
        Line::default(),
        Line::from(vec![
            Span::styled(" y ", t.key),
            Span::raw("delete (u undoes it)   "),
            Span::styled(" n ", t.key),
            Span::raw("keep"),
        ]),
    ];
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(pane(" Delete? ", true, t).border_style(t.warn)),
        popup,
    );
}
