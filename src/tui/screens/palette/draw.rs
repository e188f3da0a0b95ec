//! The command palette popup.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Clear, Row, Table};

use crate::text::sanitize;
use crate::tui::screen::RenderContext;
use crate::tui::screens::palette::Palette;
use crate::tui::widgets::common::{centered, pane, row_style};

/// Draws the palette over `area`.
pub fn draw(rc: &RenderContext, palette: &Palette, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let matches = palette.matches(rc.keymap);
    let height = u16::try_from(matches.len() + 4).unwrap_or(u16::MAX).max(6);
    let popup = centered(area, 72, height);
    let block = pane(" Command palette ", true, t);
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    let [input, list] = Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(inner);
    let query = sanitize(&palette.query).into_owned();
    frame.render_widget(
        Line::from(vec![Span::styled(": ", t.key), Span::raw(query.clone())]),
        input,
    );
    let x = input
        .x
        .saturating_add(2 + crate::text::width(&query) as u16);
    if x < input.right() && input.height > 0 {
        frame.set_cursor_position((x, input.y));
    }
    if matches.is_empty() {
        frame.render_widget(Line::from(Span::styled("No action matches.", t.dim)), list);
        return;
    }
    let visible = palette
        .scroll
        .visible(palette.selected, matches.len(), usize::from(list.height));
    let rows: Vec<Row> = visible
        .map(|i| {
            let (action, keys) = &matches[i];
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            Row::new(vec![
                Cell::from(action.describe()),
                Cell::from(keys.join("  ")).style(t.key),
            ])
            .style(row_style(i == palette.selected, true, t))
        })
        .collect();
    frame.render_widget(
        Table::new(rows, [Constraint::Fill(1), Constraint::Length(18)]),
        list,
    );
}
