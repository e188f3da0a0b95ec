//! Every key of the current view, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, Clear, Row, Table};

use crate::tui::keymap::Context;
use crate::tui::screen::RenderContext;
use crate::tui::widgets::common::{centered, pane, row_style};
use crate::tui::widgets::scroll::Scroll;

/// Draws the help window for the screen `title`, whose keys are in
/// `context`.
pub fn draw(
    rc: &RenderContext,
    context: Context,
    title: &str,
    scroll: &Scroll,
    selected: usize,
    frame: &mut Frame,
    area: Rect,
) {
    let t = rc.theme;
    let bindings = rc.keymap.bindings(context);
    let height = u16::try_from(bindings.len() + 4).unwrap_or(u16::MAX);
    let popup = centered(area, 80, height);
    let title = if title.is_empty() {
        " Keys ".to_string()
    } else {
        format!(" Keys · {title} ")
    };
    let block = pane(title, true, t);
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    let mut rows_area = inner;
    rows_area.height = inner.height.saturating_sub(1);
    let visible = scroll.visible(selected, bindings.len(), usize::from(rows_area.height));
    let rows: Vec<Row> = visible
        .map(|i| {
            let (action, keys) = &bindings[i];
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            Row::new(vec![
                Cell::from(keys.join("  ")).style(t.key),
                Cell::from(action.describe()),
            ])
            .style(row_style(i == selected, false, t))
        })
        .collect();
    frame.render_widget(
        Table::new(rows, [Constraint::Length(22), Constraint::Fill(1)]),
        rows_area,
    );
    let footer = Rect {
        y: inner.y + inner.height.saturating_sub(1),
        height: inner.height.min(1),
        ..inner
    };
    // Fits the popup's widest inner width (78); narrower ones end in "…".
    let keys = " Forms: Tab next · Ctrl-S save · Esc cancel · Ctrl-E editor · Ctrl-Z undo";
    frame.render_widget(
        ratatui::text::Line::from(crate::text::truncate(keys, usize::from(footer.width)))
            .style(t.dim),
        footer,
    );
}
