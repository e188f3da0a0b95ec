//! Pages meant for reading at arm's length (the prep brief, "since last
//! time"): a text column of limited width, centred, with clear headings,
//! blank lines between items, and the text wrapped by terminal columns so
//! that scrolling counts real lines.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};
use unicode_width::UnicodeWidthChar;

use crate::text::width;
use crate::tui::theme::Theme;
use crate::tui::widgets::pager::Pager;

/// The widest the text column grows, in columns.
pub const COLUMN: u16 = 90;

/// Lines being laid out for a column `width` wide.
pub struct Page {
    width: usize,
    lines: Vec<Line<'static>>,
}

impl Page {
    /// An empty page for a column `width` wide.
    pub fn new(width: usize) -> Self {
        Self {
            width: width.max(1),
            lines: Vec::new(),
        }
    }

    /// A blank line, unless the page is empty or already ends in one.
    pub fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| l.width() > 0) {
            self.lines.push(Line::default());
        }
    }

    /// A section heading: two blank lines before it (unless it opens the
    /// page), the title in capitals with a dimmed `note`, a rule under it
    /// and a blank line.
    pub fn heading(&mut self, title: &str, note: &str, theme: &Theme) {
        if !self.lines.is_empty() {
            self.blank();
            self.lines.push(Line::default());
        }
        let mut spans = vec![Span::styled(title.to_uppercase(), theme.title)];
        if !note.is_empty() {
            spans.push(Span::styled(format!("  {note}"), theme.dim));
        }
        self.push_spans(spans, 0);
        let rule = "─".repeat(width(title).min(self.width));
        self.lines.push(Line::styled(rule, theme.title));
        self.lines.push(Line::default());
    }

    /// `text` (already sanitized) wrapped in `style`, indented by `indent`
    /// columns.
    pub fn text(&mut self, text: &str, indent: usize, style: Style) {
        self.prefixed("", style, text, indent, style);
    }

    /// `prefix` then `text` (both sanitized), wrapped so that the following
    /// lines align under the text.
    pub fn prefixed(
        &mut self,
        prefix: &str,
        prefix_style: Style,
        text: &str,
        indent: usize,
        style: Style,
    ) {
        let lead = indent + width(prefix);
        let room = self.width.saturating_sub(lead).max(1);
        for (n, line) in wrap(text, room).into_iter().enumerate() {
            let mut spans = vec![Span::raw(" ".repeat(indent))];
            if n == 0 {
                spans.push(Span::styled(prefix.to_string(), prefix_style));
            } else {
                spans.push(Span::raw(" ".repeat(width(prefix))));
            }
            spans.push(Span::styled(line, style));
            self.lines.push(Line::from(spans));
        }
    }

    /// One line of styled pieces, cut where the column ends.
    pub fn push_spans(&mut self, spans: Vec<Span<'static>>, indent: usize) {
        let mut room = self.width.saturating_sub(indent);
        let mut kept = vec![Span::raw(" ".repeat(indent.min(self.width)))];
        for span in spans {
            if room == 0 {
                break;
            }
            let cut = crate::text::truncate(&span.content, room).into_owned();
            room = room.saturating_sub(width(&cut));
            kept.push(Span::styled(cut, span.style));
        }
        self.lines.push(Line::from(kept));
    }

    /// The lines laid out.
    pub fn into_lines(self) -> Vec<Line<'static>> {
        self.lines
    }
}

/// Splits `text` into lines of at most `cols` columns, breaking between
/// words where it can and inside a word only when the word alone is wider.
/// Never splits a wide character; always returns at least one line.
pub fn wrap(text: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        let w = width(word);
        if used > 0 && used + 1 + w <= cols {
            line.push(' ');
            line.push_str(word);
            used += 1 + w;
            continue;
        }
        if used > 0 {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > cols && used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += cw;
        }
    }
    if used > 0 || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Draws `lines` full-screen over `area` in a bordered frame titled
/// `title`, with `marker` (e.g. private mode) on the right of the title,
/// the text in a centred column, scrolled by `pager`, and the position at
/// the bottom. Returns the column, for anything drawn over it.
pub fn draw_page(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    marker: Option<&str>,
    lines: Vec<Line<'static>>,
    pager: &Pager,
    theme: &Theme,
) -> Rect {
    frame.render_widget(Clear, area);
    let total = lines.len();
    let mut block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.border)
        .title(Line::styled(format!(" {title} "), theme.title));
    if let Some(marker) = marker {
        block = block.title(Line::styled(format!(" {marker} "), theme.banner).right_aligned());
    }
    let inner = block.inner(area);
    let column = column(inner);
    let rows = usize::from(column.height);
    let top = pager.top(total, rows);
    if total > rows {
        let end = (top + rows).min(total);
        let position = format!(" {}–{end} of {total} lines ", top + 1);
        block = block.title_bottom(Line::styled(position, theme.dim).right_aligned());
    }
    frame.render_widget(block, area);
    let shown: Vec<Line> = lines.into_iter().skip(top).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), column);
    column
}

/// The text column inside `inner`: at most [`COLUMN`] wide, centred, with
/// a margin of one column each side when there is room.
pub fn column(inner: Rect) -> Rect {
    let margin = u16::from(inner.width > 4) * 2;
    let wanted = COLUMN.min(inner.width.saturating_sub(margin));
    let [column] = Layout::horizontal([Constraint::Length(wanted)])
        .flex(Flex::Center)
        .areas(inner);
    column
}

#[cfg(test)]
mod tests {
    use crate::tui::widgets::reading::*;

    #[test]
    fn wraps_between_words_and_inside_long_ones() {
        assert_eq!(
            wrap("our plants run out of spare parts", 10),
            ["our plants", "run out of", "spare", "parts"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("a b", 0), ["a", "b"]);
    }

    #[test]
    fn wide_characters_are_never_split() {
        let lines = wrap("東京都庁の工場", 5);
        assert_eq!(lines, ["東京", "都庁", "の工", "場"]);
        assert!(lines.iter().all(|l| width(l) <= 5));
    }

    #[test]
    fn headings_and_blank_lines_do_not_pile_up() {
        let t = Theme::new(false);
        let mut page = Page::new(20);
        page.heading("Issues", "", &t);
        page.blank();
        page.text("one", 2, t.text);
        page.blank();
        page.blank();
        page.heading("Proofs", "2", &t);
        let text: Vec<String> = page.into_lines().iter().map(Line::to_string).collect();
        assert_eq!(
            text,
            [
                "ISSUES",
                "──────",
                "",
                "  one",
                "",
                "",
                "PROOFS  2",
                "──────",
                ""
            ]
        );
    }
}
