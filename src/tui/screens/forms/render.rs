//! Drawing a form: a centred popup with labels on the left, values on the
//! right, errors under their fields and a key hint at the bottom.
//!
//! Every size down to one cell must draw without panicking, so all
//! arithmetic saturates and every rectangle is clipped to the popup.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui_textarea::TextArea;
use unicode_width::UnicodeWidthChar;

use crate::text;
use crate::tui::screens::forms::Form;
use crate::tui::screens::forms::field::{Field, Input};
use crate::tui::screens::forms::person::{Offer, PersonPicker};
use crate::tui::theme::Theme;
use crate::tui::widgets::text_input;

/// The widest the popup gets.
const MAX_WIDTH: u16 = 80;
/// The width of the label column when there is room, unless the form
/// asks for more.
pub(crate) const LABEL_WIDTH: u16 = 22;
/// Rows given to a multi-line field.
const MULTILINE_ROWS: u16 = 4;
/// The most rows a checklist takes; longer lists scroll.
const CHECKLIST_ROWS: usize = 6;
/// The most rows an error message may take.
const MAX_ERROR_ROWS: usize = 3;

/// Where the label and value columns sit inside the popup.
#[derive(Debug, Clone, Copy)]
struct Columns {
    label: u16,
    value_x: u16,
    value: u16,
}

impl Columns {
    /// The columns of a popup `inner_width` wide whose labels want
    /// `wanted` columns: the usual labels take at most two fifths of the
    /// width, wider ones at most half.
    fn new(inner_width: u16, wanted: u16) -> Self {
        let cap = if wanted > LABEL_WIDTH {
            inner_width / 2
        } else {
            inner_width.saturating_mul(2) / 5
        };
        let label = wanted.min(cap);
        let value_x = label.saturating_add(1).min(inner_width);
        Self {
            label,
            value_x,
            value: inner_width.saturating_sub(value_x),
        }
    }
}

/// Draws `form` centred over `area`.
pub(crate) fn draw(form: &Form, frame: &mut Frame, area: Rect, theme: &Theme) {
    let area = area.intersection(frame.area());
    if area.is_empty() {
        return;
    }
    let width = area.width.min(MAX_WIDTH);
    let inner_width = width.saturating_sub(2);
    let columns = Columns::new(inner_width, form.label_width);
    let rows: Vec<u16> = form
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| field_rows(f, columns.value, i == form.focus))
        .collect();
    let footer = footer(form, theme, usize::from(inner_width));
    let body_rows = rows.iter().fold(0u16, |sum, r| sum.saturating_add(*r));
    let footer_rows = u16::try_from(footer.len()).unwrap_or(u16::MAX);
    let height = body_rows
        .saturating_add(footer_rows)
        .saturating_add(2)
        .min(area.height);
    let popup = centred(area, width, height);

    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_style(theme.border_focused)
        .style(theme.text)
        .title(Span::styled(format!(" {} ", form.title), theme.title));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    if inner.is_empty() {
        return;
    }
    // The focused field comes first: the footer gives way to it.
    let footer_rows = footer_rows.min(inner.height.saturating_sub(1));
    let body = Rect {
        height: inner.height.saturating_sub(footer_rows),
        ..inner
    };
    let foot = Rect {
        y: body.bottom(),
        height: footer_rows,
        ..inner
    };
    draw_fields(form, frame, body, &rows, columns, theme);
    frame.render_widget(Paragraph::new(footer), foot);
}

/// A `width` × `height` rectangle centred in `area`.
fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x.saturating_add((area.width - width) / 2),
        y: area.y.saturating_add((area.height - height) / 2),
        width,
        height,
    }
}

/// Rows the value of a field takes; a focused person field shows what it
/// names and what it offers under the text.
fn value_rows(field: &Field, focused: bool) -> u16 {
    match &field.input {
        Input::Person(picker) if focused => {
            u16::try_from(1 + person_notes(picker).len()).unwrap_or(1)
        }
        Input::Person(_) => 1,
        Input::Lines(_) => MULTILINE_ROWS,
        Input::Checklist { options, .. } => {
            u16::try_from(options.len().clamp(1, CHECKLIST_ROWS)).unwrap_or(1)
        }
        Input::Line(_) | Input::Choice { .. } | Input::YesNo(_) => 1,
    }
}

/// Rows a field takes: its value, then its error message.
fn field_rows(field: &Field, value_width: u16, focused: bool) -> u16 {
    let value = value_rows(field, focused);
    let error = field
        .error
        .as_deref()
        .map_or(0, |e| wrap(e, usize::from(value_width)).len());
    value.saturating_add(u16::try_from(error).unwrap_or(0))
}

/// Draws the fields that fit in `body`, scrolled so that the focused field
/// shows (from its top, when it is taller than `body`).
fn draw_fields(
    form: &Form,
    frame: &mut Frame,
    body: Rect,
    rows: &[u16],
    columns: Columns,
    theme: &Theme,
) {
    let start: i32 = rows.iter().take(form.focus).map(|r| i32::from(*r)).sum();
    let end = start + rows.get(form.focus).map_or(0, |r| i32::from(*r));
    let height = i32::from(body.height);
    let scroll = if end > height {
        start.min(end - height)
    } else {
        0
    };
    let mut top = -scroll;
    for (index, (field, rows)) in form.fields.iter().zip(rows).enumerate() {
        if top >= height {
            break;
        }
        if top + i32::from(*rows) > 0 {
            let focused = index == form.focus;
            let place = Place { body, top, columns };
            draw_field(
                frame,
                place,
                field,
                focused && !form.confirming_discard,
                focused,
                theme,
            );
        }
        top += i32::from(*rows);
    }
}

/// Where one field goes: `top` is its first row relative to `body` (it may
/// lie above it when the form is scrolled).
#[derive(Debug, Clone, Copy)]
struct Place {
    body: Rect,
    top: i32,
    columns: Columns,
}

impl Place {
    /// The part of the rectangle at column `x`, row `row` (both relative
    /// to the field) that lies inside the body.
    fn clip(self, x: u16, width: u16, row: i32, height: u16) -> Rect {
        let body = self.body;
        let first = (self.top + row).max(0);
        let last = (self.top + row + i32::from(height)).min(i32::from(body.height));
        let x = x.min(body.width);
        let visible = u16::try_from(last - first).unwrap_or(0);
        Rect {
            x: body.x.saturating_add(x),
            y: body.y.saturating_add(u16::try_from(first).unwrap_or(0)),
            width: width.min(body.width - x),
            height: visible,
        }
    }
}

fn draw_field(
    frame: &mut Frame,
    place: Place,
    field: &Field,
    cursor: bool,
    focused: bool,
    theme: &Theme,
) {
    let c = place.columns;
    let value_rows = value_rows(field, focused);
    let label = place.clip(0, c.label, 0, value_rows);
    if !label.is_empty() {
        frame.render_widget(label_widget(field, focused, label, theme), label);
    }
    let value = place.clip(c.value_x, c.value, 0, value_rows);
    if !value.is_empty() {
        match &field.input {
            Input::Line(area) | Input::Lines(area) => {
                draw_text(frame, field, area, value, cursor, theme);
            }
            Input::Person(picker) => {
                let line = Rect { height: 1, ..value };
                draw_text(frame, field, &picker.area, line, cursor, theme);
                if focused {
                    let notes = place.clip(c.value_x, c.value, 1, value_rows - 1);
                    draw_person_notes(frame, picker, notes, theme);
                }
            }
            Input::Choice { options, selected } => {
                let chosen = options.get(*selected).map_or("", String::as_str);
                draw_choice(frame, chosen, value, focused, theme);
            }
            Input::YesNo(flag) => {
                draw_choice(
                    frame,
                    if *flag { "Yes" } else { "No" },
                    value,
                    focused,
                    theme,
                );
            }
            Input::Checklist {
                options,
                ticked,
                cursor,
            } => {
                let rows = place.clip(c.value_x, c.value, 0, value_rows);
                let list = Checklist {
                    options,
                    ticked,
                    cursor: *cursor,
                    focused,
                };
                draw_checklist(frame, &list, place.top, rows, theme);
            }
        }
    }
    if let Some(error) = &field.error {
        let lines = wrap(&text::sanitize(error), usize::from(c.value));
        let rows = u16::try_from(lines.len()).unwrap_or(0);
        let area = place.clip(c.value_x, c.value, i32::from(value_rows), rows);
        let lines: Vec<Line> = lines
            .into_iter()
            .map(|l| Line::styled(l, theme.error))
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
    }
}

/// The label, with `*` when required: marked when focused, in the error
/// style when the field has a problem. A one-row label is cut so that the
/// `*` stays visible; taller ones wrap.
fn label_widget<'a>(field: &'a Field, focused: bool, area: Rect, theme: &Theme) -> Paragraph<'a> {
    let style = if focused {
        theme.selected
    } else if field.error.is_some() {
        theme.error
    } else {
        theme.text
    };
    let star = if field.required { " *" } else { "" };
    let room = usize::from(area.width).saturating_sub(star.len());
    let label = if area.height <= 1 {
        text::truncate(field.label, room)
    } else {
        field.label.into()
    };
    let line = Line::from(vec![Span::styled(label, style), Span::styled(star, style)]);
    Paragraph::new(line).wrap(Wrap { trim: true })
}

/// Draws a text field and, when it has the cursor, puts the terminal
/// cursor where the text cursor is. The text is shown made safe (see
/// [`text_input`]); a masked field shows [`text::MASK`] when it holds a
/// value.
fn draw_text(
    frame: &mut Frame,
    field: &Field,
    area: &TextArea<'static>,
    rect: Rect,
    cursor: bool,
    theme: &Theme,
) {
    frame.buffer_mut().set_style(rect, theme.text);
    let at = if field.masked {
        let mask = if area.is_empty() { "" } else { text::MASK };
        frame.render_widget(Paragraph::new(mask), rect);
        let col = u16::try_from(text::width(mask)).unwrap_or(0);
        Position {
            x: rect.x.saturating_add(col.min(rect.width.saturating_sub(1))),
            y: rect.y,
        }
    } else {
        text_input::draw(frame, area, rect)
    };
    if cursor {
        frame.set_cursor_position(at);
    }
}

/// What a focused person field shows under its text: who it names, or
/// what it offers (the highlighted offer marked).
fn person_notes(picker: &PersonPicker) -> Vec<(String, bool)> {
    if picker.text().trim().is_empty() {
        return Vec::new();
    }
    if let Some(person) = picker.linked() {
        return vec![(format!("✓ stakeholder {}", person.label), false)];
    }
    if picker.is_adding() {
        return vec![("+ added as a new stakeholder on saving".to_owned(), false)];
    }
    let offers = picker.offers();
    let mut notes = vec![(
        "not a stakeholder: kept as text; ↓ to pick".to_owned(),
        false,
    )];
    notes.extend(offers.iter().enumerate().map(|(i, offer)| {
        let label = match offer {
            Offer::Person(p) => format!("  {}", p.label),
            Offer::Add(name) => format!("  + add “{name}” as a new stakeholder"),
        };
        (label, picker.highlight == Some(i))
    }));
    notes
}

/// Draws the notes of a focused person field in `rect`.
fn draw_person_notes(frame: &mut Frame, picker: &PersonPicker, rect: Rect, theme: &Theme) {
    let room = usize::from(rect.width);
    let lines: Vec<Line> = person_notes(picker)
        .into_iter()
        .map(|(note, highlighted)| {
            let style = if highlighted {
                theme.selected
            } else {
                theme.dim
            };
            Line::styled(text::fit(&text::sanitize(&note), room), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), rect);
}

/// Draws the value of a choice or yes/no field, between arrows when
/// focused.
fn draw_choice(frame: &mut Frame, chosen: &str, rect: Rect, focused: bool, theme: &Theme) {
    let room = usize::from(rect.width);
    let line = if focused {
        let label = text::truncate(&text::sanitize(chosen), room.saturating_sub(4)).into_owned();
        Line::from(vec![
            Span::styled("◂ ", theme.key),
            Span::styled(label, theme.text),
            Span::styled(" ▸", theme.key),
        ])
    } else {
        Line::styled(
            text::truncate(&text::sanitize(chosen), room).into_owned(),
            theme.text,
        )
    };
    frame.render_widget(Paragraph::new(line), rect);
}

/// A checklist as drawn: its options, which are ticked, the highlighted
/// one and whether the field has focus.
struct Checklist<'a> {
    options: &'a [String],
    ticked: &'a [bool],
    cursor: usize,
    focused: bool,
}

/// Draws the rows of a checklist that fall inside `rect`, scrolled so that
/// the highlighted option shows; `top` is the field's first row relative
/// to the form's body (negative when scrolled above it), `rect` the part of
/// its value column that is visible.
fn draw_checklist(frame: &mut Frame, list: &Checklist<'_>, top: i32, rect: Rect, theme: &Theme) {
    if list.options.is_empty() {
        let line = Line::styled(
            text::truncate("— none to choose —", usize::from(rect.width)),
            theme.dim,
        );
        frame.render_widget(Paragraph::new(line), rect);
        return;
    }
    let shown = list.options.len().min(CHECKLIST_ROWS);
    let first = list.cursor.saturating_sub(shown - 1);
    // Rows of the field above the body are cut off.
    let hidden = usize::try_from(-top).unwrap_or(0);
    let room = usize::from(rect.width);
    let lines: Vec<Line> = (first..first + shown)
        .skip(hidden)
        .take(usize::from(rect.height))
        .map(|i| {
            let mark = if list.ticked.get(i).copied().unwrap_or(false) {
                "[x] "
            } else {
                "[ ] "
            };
            let label = format!("{mark}{}", list.options[i]);
            let style = if list.focused && i == list.cursor {
                theme.selected
            } else {
                theme.text
            };
            Line::styled(text::fit(&label, room), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), rect);
}

/// The lines under the fields: the form's error, then either the discard
/// question or the focused field's hint and the keys.
fn footer(form: &Form, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = Vec::new();
    if let Some(error) = &form.error {
        let wrapped = wrap(&text::sanitize(error), width);
        lines.extend(wrapped.into_iter().map(|l| Line::styled(l, theme.error)));
    }
    if form.confirming_discard {
        let question = if form.quitting {
            "Discard changes and quit? "
        } else {
            "Discard changes? "
        };
        lines.push(Line::from(vec![
            Span::styled(question, theme.warn),
            Span::styled("y", theme.key),
            Span::styled("/", theme.warn),
            Span::styled("n", theme.key),
        ]));
        if form.quitting {
            lines.push(Line::styled("Ctrl-C again quits and discards.", theme.dim));
        }
        return lines;
    }
    let focused = form.fields.get(form.focus);
    if let Some(hint) = focused.and_then(|f| f.hint) {
        lines.push(Line::styled(hint, theme.dim));
    }
    let mut keys = vec![
        ("Tab", "next"),
        ("Shift-Tab", "back"),
        ("Ctrl-S", "save"),
        ("Esc", "cancel"),
    ];
    if focused.is_some_and(Field::is_multiline) {
        keys.push(("Ctrl-E", "editor"));
    }
    if let Some(switch) = form.switch_hint() {
        keys.push(("Ctrl-T", switch));
    }
    lines.push(key_hints(&keys, theme));
    lines
}

/// `Tab next · Shift-Tab back · …`
fn key_hints(keys: &[(&'static str, &'static str)], theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (key, action)) in keys.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim));
        }
        spans.push(Span::styled(*key, theme.key));
        spans.push(Span::styled(format!(" {action}"), theme.dim));
    }
    Line::from(spans)
}

/// Wraps `text` at spaces into rows of at most `width` columns (a word
/// wider than that is split), keeping at most [`MAX_ERROR_ROWS`] rows; a
/// cut ends in `…`.
fn wrap(text: &str, width: usize) -> Vec<String> {
    if width == 0 {
        return Vec::new();
    }
    let mut rows: Vec<String> = Vec::new();
    let mut row = String::new();
    let mut used = 0;
    for word in text.split(' ') {
        if used > 0 && used + 1 + text::width(word) > width {
            rows.push(std::mem::take(&mut row));
            used = 0;
        }
        if used > 0 {
            row.push(' ');
            used += 1;
        }
        for c in word.chars() {
            let w = c.width().unwrap_or(0);
            if used > 0 && used + w > width {
                rows.push(std::mem::take(&mut row));
                used = 0;
            }
            row.push(c);
            used += w;
        }
    }
    if !row.is_empty() {
        rows.push(row);
    }
    if rows.len() > MAX_ERROR_ROWS {
        rows.truncate(MAX_ERROR_ROWS);
        if let Some(last) = rows.last_mut() {
            *last = text::truncate(&format!("{last}…"), width).into_owned();
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use crate::tui::screens::forms::render::*;

    #[test]
    fn wrapping_counts_columns_and_caps_rows() {
        assert_eq!(wrap("a bc def", 4), ["a bc", "def"]);
        assert_eq!(wrap("abcdef", 4), ["abcd", "ef"]);
        assert_eq!(wrap("東京都庁", 5), ["東京", "都庁"]);
        assert_eq!(wrap("a b c d e f g h", 2), ["a", "b", "c…"]);
        assert!(wrap("anything", 0).is_empty());
    }

    #[test]
    fn columns_shrink_with_the_popup() {
        let wide = Columns::new(78, LABEL_WIDTH);
        assert_eq!((wide.label, wide.value_x, wide.value), (22, 23, 55));
        let narrow = Columns::new(10, LABEL_WIDTH);
        assert_eq!((narrow.label, narrow.value_x, narrow.value), (4, 5, 5));
        let none = Columns::new(0, LABEL_WIDTH);
        assert_eq!((none.label, none.value_x, none.value), (0, 0, 0));
        let questions = Columns::new(78, 39);
        assert_eq!((questions.label, questions.value), (39, 38));
        let cut = Columns::new(60, 39);
        assert_eq!((cut.label, cut.value), (30, 29));
    }
}
