//! Drawing a text being edited: what it holds exactly as typed, what the
//! terminal shows made safe.
//!
//! A [`TextArea`] holds the text as typed or stored (joiners, tabs,
//! escape sequences and all). It is drawn through a copy whose lines went
//! through [`text::sanitize`], which puts one character for one, so every
//! cursor position in the copy is the same position in the original.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::Widget;
use ratatui_textarea::{CursorMove, DataCursor, TextArea};

use crate::text;

/// Draws `area` in `rect` with its text made safe for the terminal and
/// returns the screen cell of its cursor.
pub fn draw(frame: &mut Frame, area: &TextArea<'static>, rect: Rect) -> Position {
    // The text as held is laid out off screen: the scrolling and line
    // wrapping that the cursor keys follow stay those of what it holds.
    area.render(rect, &mut Buffer::empty(rect));
    let mut shown = safe_copy(area).unwrap_or_else(|| area.clone());
    // A field scrolled sideways on a narrow screen unscrolls once its text
    // fits (the text area only scrolls to keep the cursor in view).
    let widest = shown.lines().iter().map(|l| text::width(l)).max();
    let (_, left) = shown.scroll_offset();
    if left > 0 && widest.unwrap_or(0) < usize::from(rect.width) {
        shown.scroll((0, -i16::try_from(left).unwrap_or(i16::MAX)));
    }
    frame.render_widget(&shown, rect);
    cursor_position(&shown, rect)
}

/// A copy of `area` whose lines are made safe for the terminal (`None`
/// when they already are), with the same cursor, selection and scrolling.
fn safe_copy(area: &TextArea<'static>) -> Option<TextArea<'static>> {
    let safe: Vec<String> = area
        .lines()
        .iter()
        .map(|line| text::sanitize(line).into_owned())
        .collect();
    if safe == area.lines() {
        return None;
    }
    let mut copy = area.clone();
    copy.select_all();
    copy.insert_str(safe.join("\n"));
    copy.cancel_selection();
    let jump = |(row, col): (usize, usize)| {
        CursorMove::Jump(
            u16::try_from(row).unwrap_or(u16::MAX),
            u16::try_from(col).unwrap_or(u16::MAX),
        )
    };
    let DataCursor(row, col) = area.cursor();
    let cursor = (row, col);
    if let Some((start, end)) = area.selection_range() {
        let anchor = if cursor == start { end } else { start };
        copy.move_cursor(jump(anchor));
        copy.start_selection();
    }
    copy.move_cursor(jump(cursor));
    Some(copy)
}

/// The screen cell of the text cursor of `area`, as drawn in `rect`
/// (after drawing, which settles the area's scrolling).
fn cursor_position(area: &TextArea<'static>, rect: Rect) -> Position {
    let screen = area.screen_cursor();
    let (top_row, top_col) = area.scroll_offset();
    let row = screen.row.saturating_sub(usize::from(top_row));
    let col = screen.col.saturating_sub(usize::from(top_col));
    let clamp = |offset: usize, size: u16| {
        u16::try_from(offset)
            .unwrap_or(u16::MAX)
            .min(size.saturating_sub(1))
    };
    Position {
        x: rect.x.saturating_add(clamp(col, rect.width)),
        y: rect.y.saturating_add(clamp(row, rect.height)),
    }
}
