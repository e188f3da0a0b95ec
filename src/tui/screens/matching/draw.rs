//! The matching test, full screen: while pairing, the customer's problems
//! and our solutions side by side with the pairs made so far; once scored,
//! the score, the verdict, the true pairs with the mistakes, and the
//! account's earlier results.

use chrono::Local;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, List, ListItem, ListState, Padding};

use crate::domain::MatchingResult;
use crate::domain::matching::{MatchingTest, problem_label, solution_label};
use crate::text::{sanitize, truncate, width};
use crate::tui::screen::RenderContext;
use crate::tui::screens::brief::draw::text_width;
use crate::tui::screens::matching::{Focus, MatchingView, Pairing};
use crate::tui::theme::Theme;
use crate::tui::widgets::common::{pane, row_style};
use crate::tui::widgets::reading::{Page, draw_page, wrap};

/// The most lines a problem or solution takes in its column; longer text
/// is cut with `…`.
const ITEM_LINES: usize = 3;

/// Draws the test over `area`.
pub fn draw(rc: &RenderContext, view: &MatchingView, frame: &mut Frame, area: Rect) {
    match &view.result {
        Some(result) => draw_result(rc, view, result, frame, area),
        None => draw_pairing(rc, &view.pairing, &title(view), frame, area),
    }
}

/// The pairing screen under `title`: two columns and the pairs made so
/// far.
pub fn draw_pairing(
    rc: &RenderContext,
    pairing: &Pairing,
    title: &str,
    frame: &mut Frame,
    area: Rect,
) {
    let t = rc.theme;
    frame.render_widget(Clear, area);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(t.border)
        .padding(Padding::horizontal(1))
        .title(Line::styled(title.to_string(), t.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [intro, columns, pairs] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let cols = usize::from(intro.width);
    frame.render_widget(
        Line::styled(
            truncate(
                "Pair each of the customer's problems with our solution to it.",
                cols,
            )
            .into_owned(),
            t.dim,
        ),
        intro,
    );
    let [left, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)])
        .spacing(1)
        .areas(columns);
    draw_problems(rc, pairing, frame, left);
    draw_solutions(rc, pairing, frame, right);
    frame.render_widget(pairs_line(&pairing.test, cols, t), pairs);
}

/// The popup's title.
fn title(view: &MatchingView) -> String {
    format!(" Matching test · {} ", sanitize(&view.account))
}

/// The left column: each problem with the solution chosen for it, then the
/// Score row.
fn draw_problems(rc: &RenderContext, view: &Pairing, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let test = &view.test;
    let focused = view.focus == Focus::Problems;
    let block = pane(" The customer's problems ", focused, t);
    let room = usize::from(block.inner(area).width);
    let labels = labels(test.pair_count(), problem_label);
    let mut items: Vec<ListItem> = labels
        .iter()
        .enumerate()
        .map(|(n, label)| {
            let tag = test.chosen(n).map(solution_label);
            item(
                label,
                tag.as_deref(),
                test.problem(n).unwrap_or(""),
                room,
                t,
            )
        })
        .collect();
    let left = test.pair_count() - test.paired();
    items.push(if left == 0 {
        ListItem::new(Line::styled(
            truncate("▶ Score the test", room).into_owned(),
            t.ok,
        ))
    } else {
        let text = format!("Score: {left} left to pair");
        ListItem::new(Line::styled(truncate(&text, room).into_owned(), t.dim))
    });
    let list = List::new(items)
        .block(block)
        .highlight_style(row_style(true, focused, t));
    let mut state = ListState::default().with_selected(Some(view.problem_sel));
    frame.render_stateful_widget(list, area, &mut state);
}

/// The right column: each solution with the problem it is paired with.
fn draw_solutions(rc: &RenderContext, view: &Pairing, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let test = &view.test;
    let focused = view.focus == Focus::Solutions;
    let block = pane(" Our solutions ", focused, t);
    let room = usize::from(block.inner(area).width);
    let labels = labels(test.pair_count(), solution_label);
    let items: Vec<ListItem> = labels
        .iter()
        .enumerate()
        .map(|(n, label)| {
            let tag = test.chosen_by(n).map(problem_label);
            item(
                label,
                tag.as_deref(),
                test.solution(n).unwrap_or(""),
                room,
                t,
            )
        })
        .collect();
    let list = List::new(items)
        .block(block)
        .highlight_style(row_style(true, focused, t));
    let mut state = ListState::default().with_selected(Some(view.solution_sel));
    frame.render_stateful_widget(list, area, &mut state);
}

/// `count` labels made by `label`, padded to the same width.
pub(crate) fn labels(count: usize, label: fn(usize) -> String) -> Vec<String> {
    let labels: Vec<String> = (0..count).map(label).collect();
    let widest = labels.iter().map(|l| width(l)).max().unwrap_or(0);
    labels
        .into_iter()
        .map(|l| format!("{l:>widest$}"))
        .collect()
}

/// One entry of a column: "1 ↔ C  text", the text (sanitized) wrapped
/// under itself in `room` columns, at most [`ITEM_LINES`] lines.
fn item<'a>(label: &str, tag: Option<&str>, text: &str, room: usize, t: &Theme) -> ListItem<'a> {
    let (tag, tag_style) = match tag {
        Some(tag) => (tag, t.key),
        None => ("·", t.dim),
    };
    let prefix = vec![
        Span::styled(label.to_string(), t.title),
        Span::styled(" ↔ ", t.dim),
        Span::styled(tag.to_string(), tag_style),
        Span::raw("  "),
    ];
    let lead: usize = prefix.iter().map(|s| width(&s.content)).sum();
    let mut lines = wrap(&sanitize(text), room.saturating_sub(lead));
    if lines.len() > ITEM_LINES {
        lines.truncate(ITEM_LINES);
        if let Some(last) = lines.last_mut() {
            *last = truncate(&format!("{last} …"), room.saturating_sub(lead)).into_owned();
        }
    }
    let lines: Vec<Line> = lines
        .into_iter()
        .enumerate()
        .map(|(n, text)| {
            let mut spans = if n == 0 {
                prefix.clone()
            } else {
                vec![Span::raw(" ".repeat(lead))]
            };
            spans.push(Span::styled(text, t.text));
            cut(spans, room)
        })
        .collect();
    ListItem::new(lines)
}

/// `spans` as one line cut at `room` columns.
fn cut<'a>(spans: Vec<Span<'a>>, room: usize) -> Line<'a> {
    let mut left = room;
    let mut kept = Vec::new();
    for span in spans {
        if left == 0 {
            break;
        }
        let content = truncate(&span.content, left).into_owned();
        left = left.saturating_sub(width(&content));
        kept.push(Span::styled(content, span.style));
    }
    Line::from(kept)
}

/// "Paired 2 of 3:  1 ↔ C  2 ↔ A  3 ↔ ·", cut at `cols` columns.
fn pairs_line(test: &MatchingTest, cols: usize, t: &Theme) -> Line<'static> {
    let mut spans = vec![Span::styled(
        format!("Paired {} of {}: ", test.paired(), test.pair_count()),
        t.dim,
    )];
    for problem in 0..test.pair_count() {
        let (tag, style) = match test.chosen(problem) {
            Some(s) => (solution_label(s), t.key),
            None => ("·".to_string(), t.dim),
        };
        spans.push(Span::styled(
            format!(" {} ↔ {tag} ", problem_label(problem)),
            style,
        ));
    }
    cut(spans, cols)
}

/// The result page: the score, the verdict, the true pairs with the
/// mistakes, and the earlier results.
fn draw_result(
    rc: &RenderContext,
    view: &MatchingView,
    result: &MatchingResult,
    frame: &mut Frame,
    area: Rect,
) {
    let t = rc.theme;
    let mut page = Page::new(text_width(area));
    let verdict_style = if result.passed() { t.ok } else { t.warn };
    page.text(&result.summary(), 0, t.title);
    page.text(result.verdict(), 0, verdict_style);
    true_pairs(&mut page, &view.pairing.test, t);
    earlier(&mut page, &view.history, t);
    draw_page(
        frame,
        area,
        title(view).trim(),
        None,
        page.into_lines(),
        &view.pager,
        t,
    );
}

/// Every problem with its true solution; under a mistake, what it was
/// paired with instead.
pub(crate) fn true_pairs(page: &mut Page, test: &MatchingTest, t: &Theme) {
    let review = test.review();
    let wrong = review.iter().filter(|r| !r.is_right()).count();
    let note = match wrong {
        0 => "no mistakes".to_string(),
        1 => "1 mistake".to_string(),
        n => format!("{n} mistakes"),
    };
    page.heading("The true pairs", &note, t);
    let labels = labels(test.pair_count(), problem_label);
    for r in review {
        let mark = if r.is_right() { "✓" } else { "✗" };
        let prefix = format!("{mark} {}  ", labels[r.problem]);
        let problem = sanitize(test.problem(r.problem).unwrap_or("")).into_owned();
        page.prefixed(&prefix, mark_style(r.is_right(), t), &problem, 0, t.text);
        let indent = width(&prefix);
        let solution = sanitize(test.solution(r.answer).unwrap_or("")).into_owned();
        page.prefixed(
            &format!("↔ {}  ", solution_label(r.answer)),
            t.key,
            &solution,
            indent,
            t.text,
        );
        if !r.is_right() {
            let (what, instead) = match r.chosen {
                Some(c) => (
                    format!("You paired it with {}: ", solution_label(c)),
                    sanitize(test.solution(c).unwrap_or("")).into_owned(),
                ),
                None => ("You left it unpaired.".to_string(), String::new()),
            };
            page.prefixed(&what, t.warn, &instead, indent, t.dim);
        }
        page.blank();
    }
}

/// The style of a right or wrong mark.
pub(crate) fn mark_style(right: bool, t: &Theme) -> Style {
    if right { t.ok } else { t.error }
}

/// The account's earlier results of both tests, newest first, dated and
/// marked quick or team.
pub(crate) fn earlier(page: &mut Page, history: &[MatchingResult], t: &Theme) {
    page.heading("Earlier results", "newest first", t);
    if history.is_empty() {
        page.text(
            "None: this was the account's first matching test.",
            0,
            t.dim,
        );
    }
    for r in history.iter().rev() {
        let date = r.taken_at.with_timezone(&Local).date_naive();
        let mark = if r.passed() { "✓" } else { "✗" };
        page.push_spans(
            vec![
                Span::styled(format!("{date}  "), t.dim),
                Span::styled(format!("{:<5} ", r.kind_label()), t.key),
                Span::styled(r.summary(), t.text),
                Span::styled(
                    format!("  {mark} {}", r.standing()),
                    mark_style(r.passed(), t),
                ),
            ],
            0,
        );
    }
}
