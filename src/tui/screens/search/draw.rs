//! The search popup: the query, then the results, each labelled with its
//! kind and account, the matched parts emphasised.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, List, ListItem, ListState, Paragraph, Wrap};

use crate::domain::choice::Choice;
use crate::domain::search::{Hit, Marked};
use crate::text::sanitize;
use crate::tui::screen::RenderContext;
use crate::tui::screens::search::{LIMIT, SearchView};
use crate::tui::theme::Theme;
use crate::tui::widgets::common::{centered, pane, row_style};

/// Columns of the kind label before each result.
const LABEL: usize = 8;

/// Draws the search popup over `area`.
pub fn draw(rc: &RenderContext, view: &SearchView, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let popup = centered(area, 110, area.height.saturating_sub(2).max(8));
    let block = pane(" Search ", true, t);
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    let [input, _, list, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);

    let [prompt, field] =
        Layout::horizontal([Constraint::Length(2), Constraint::Fill(1)]).areas(input);
    frame.render_widget(Span::styled("/ ", t.key), prompt);
    // The search draws its own cursor (reversed), so the terminal's stays hidden.
    let _ = crate::tui::widgets::text_input::draw(frame, view.input(), field);

    let query = view.query();
    if let Some(error) = view.error() {
        let text = format!("The search failed: {}", sanitize(error));
        frame.render_widget(message(text, t.error), list);
    } else if query.trim().is_empty() {
        let hint = "Type to search names, business issues, plans, steps, proof statements \
                    and people in every account. Words match from their start; names also \
                    match loosely (nrdml finds Nordmole).";
        frame.render_widget(message(hint.into(), t.dim), list);
    } else if view.hits().is_empty() {
        let text = format!("Nothing matches “{}”.", sanitize(query.trim()));
        frame.render_widget(message(text, t.dim), list);
    } else {
        draw_hits(view, t, frame, list);
    }

    let count = match view.hits().len() {
        0 => String::new(),
        n if n >= LIMIT => format!("best {LIMIT} · "),
        1 => "1 result · ".into(),
        n => format!("{n} results · "),
    };
    frame.render_widget(
        Line::from(Span::styled(
            format!("{count}↑↓ move · Enter open · Esc close"),
            t.dim,
        )),
        footer,
    );
}

fn message(text: String, style: Style) -> Paragraph<'static> {
    Paragraph::new(text).style(style).wrap(Wrap { trim: true })
}

/// The results, two lines each, with the selection kept in view.
fn draw_hits(view: &SearchView, t: &Theme, frame: &mut Frame, area: Rect) {
    let hits = view.hits();
    let rows = usize::from(area.height / 2);
    let visible = view.scroll.visible(view.selected(), hits.len(), rows);
    let first = visible.start;
    let items: Vec<ListItem> = visible
        .map(|i| hit_item(&hits[i], i == view.selected(), t))
        .collect();
    let mut state = ListState::default().with_selected(Some(view.selected() - first));
    frame.render_stateful_widget(List::new(items), area, &mut state);
}

fn hit_item(hit: &Hit, selected: bool, t: &Theme) -> ListItem<'static> {
    let row = row_style(selected, true, t);
    let mark = if selected {
        row.add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    } else {
        t.key.add_modifier(Modifier::UNDERLINED)
    };
    let label = format!("{:<LABEL$}", hit.kind.label());
    let mut head = vec![Span::styled(label, t.title)];
    head.extend(spans(&hit.title, Style::new(), mark));
    let mut tail = vec![
        Span::raw(" ".repeat(LABEL)),
        Span::styled(hit.account_name.clone(), t.dim),
    ];
    if let Some(context) = &hit.context {
        tail.push(Span::styled(" · ", t.dim));
        tail.extend(spans(context, t.dim, mark));
    }
    ListItem::new(vec![Line::from(head), Line::from(tail)]).style(row)
}

/// `marked` as spans: the matched parts in `mark`, the rest in `plain`.
fn spans(marked: &Marked, plain: Style, mark: Style) -> Vec<Span<'static>> {
    marked
        .segments()
        .into_iter()
        .map(|(text, hit)| Span::styled(text.to_string(), if hit { mark } else { plain }))
        .collect()
}
