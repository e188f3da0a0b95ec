//! The assessment page of an open account: the selected strategic
//! assessment in full, what changed since the one before, the strategic
//! score over time, and the history to choose from.
//!
//! Wide screens show the assessment on the left and the rest on the
//! right; narrow ones stack what fits, dropping the chart first, then the
//! change, then the history.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph, Wrap};

use crate::domain::choice::Choice;
use crate::domain::{Answer, Assessment, Ladder, Quality, Signal};
use crate::text::{first_line, fit, sanitize, sanitize_lines, truncate, width};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::screen::RenderContext;
use crate::tui::screens::account::AccountView;
use crate::tui::screens::account::assessment::AssessmentPage;
use crate::tui::theme::Theme;
use crate::tui::widgets::common::{field, pane, relative, row_style};
use crate::tui::widgets::conflict_mark;

/// From this width the page shows two columns.
const TWO_COLUMNS: u16 = 80;
/// The fewest rows the trend chart is drawn in, borders included.
const CHART_ROWS: u16 = 9;
/// The narrowest the trend chart is drawn, borders included.
const CHART_COLUMNS: u16 = 30;
/// The strategic score's rule, in words, in two halves that may go on
/// separate lines.
const RULE: [&str; 2] = [
    "mean of 12 items: yes 1, partly ½, no 0;",
    "ratings 1→0 … 5→1",
];
/// The width of the label column of the quality ratings.
const QUALITY_WIDTH: usize = 20;
/// The width of the rung names of the buy-sell ladder.
const RUNG_WIDTH: usize = 21;

/// Draws the assessment page into `area`.
pub fn draw(rc: &RenderContext, ws: &AccountView, frame: &mut Frame, area: Rect) {
    let page = &ws.assessment;
    let Some(selected) = page.selected() else {
        draw_empty(rc, ws, frame, area);
        return;
    };
    let title = format!(
        " Assessment of {} ({}) · {} ",
        selected.date,
        relative(selected.date, rc.today),
        first_line(&ws.account.name)
    );
    if area.width >= TWO_COLUMNS {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(52), Constraint::Fill(1)]).areas(area);
        draw_detail(rc, selected, title, frame, left);
        draw_side(rc, page, frame, right);
    } else {
        draw_stacked(rc, page, selected, title, frame, area);
    }
}

/// The right column: change, trend (when it fits) and history.
fn draw_side(rc: &RenderContext, page: &AssessmentPage, frame: &mut Frame, area: Rect) {
    let third = area.height / 3;
    let change = change_rows(page).saturating_add(2).min(third.max(3));
    let history = history_rows(page).saturating_add(2).min(third.max(3));
    let chart_room = area.height.saturating_sub(change).saturating_sub(history);
    if chart_room >= CHART_ROWS && area.width >= CHART_COLUMNS {
        // Without a trend to draw, a short note stands in for the chart.
        let (chart, history) = if page.assessments().len() < 2 {
            (Constraint::Length(4), Constraint::Fill(1))
        } else {
            (Constraint::Fill(1), Constraint::Length(history))
        };
        let [change_area, chart_area, history_area] =
            Layout::vertical([Constraint::Length(change), chart, history]).areas(area);
        draw_change(rc, page, frame, change_area);
        draw_trend(rc, page, frame, chart_area);
        draw_history(rc, page, frame, history_area);
    } else {
        let change = change_rows(page).saturating_add(2).min(area.height / 2);
        let [change_area, history_area] =
            Layout::vertical([Constraint::Length(change), Constraint::Fill(1)]).areas(area);
        draw_change(rc, page, frame, change_area);
        draw_history(rc, page, frame, history_area);
    }
}

/// One column: history, the assessment, then change and trend as far as
/// the height allows.
fn draw_stacked(
    rc: &RenderContext,
    page: &AssessmentPage,
    selected: &Assessment,
    title: String,
    frame: &mut Frame,
    area: Rect,
) {
    let h = area.height;
    let history = if h >= 12 {
        history_rows(page).saturating_add(2).min(5)
    } else {
        0
    };
    let change = if h >= 20 {
        change_rows(page).saturating_add(2).min(8)
    } else {
        0
    };
    let chart = if h >= 32 && area.width >= CHART_COLUMNS {
        CHART_ROWS
    } else {
        0
    };
    let [history_area, detail_area, change_area, chart_area] = Layout::vertical([
        Constraint::Length(history),
        Constraint::Fill(1),
        Constraint::Length(change),
        Constraint::Length(chart),
    ])
    .areas(area);
    draw_detail(rc, selected, title, frame, detail_area);
    if history > 0 {
        draw_history(rc, page, frame, history_area);
    }
    if change > 0 {
        draw_change(rc, page, frame, change_area);
    }
    if chart > 0 {
        draw_trend(rc, page, frame, chart_area);
    }
}

/// The page of an account without assessments: what one is and how to
/// make the first.
fn draw_empty(rc: &RenderContext, ws: &AccountView, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let key = rc
        .keymap
        .key_for(Context::Assessment, Action::New)
        .map_or_else(String::new, |k| k.to_string());
    let mut lines = vec![
        Line::styled("No strategic assessment yet.", t.title),
        Line::default(),
        Line::styled(
            "An assessment asks whether this relationship is strategic: eight signals, \
             trust, commitment, cooperation and information exchange rated 1 to 5, \
             the relationship's stage and where the customer places us on the buy-sell ladder.",
            t.text,
        ),
        Line::default(),
    ];
    if !key.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("Press ", t.dim),
            Span::styled(key, t.key),
            Span::styled(
                " to make the first; later ones start from the latest answers.",
                t.dim,
            ),
        ]));
    }
    let title = format!(" Assessment · {} ", first_line(&ws.account.name));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(pane(title, false, t)),
        area,
    );
}

// ------------------------------------------------------------ the detail

/// The widest a copied line gets.
const COPY_COLUMNS: usize = 200;

/// The selected assessment as the page shows it, with its date and
/// account first, for the clipboard.
pub fn detail(rc: &RenderContext, ws: &AccountView) -> Option<Text<'static>> {
    let a = ws.assessment.selected()?;
    let mut lines = vec![Line::from(format!(
        "Assessment of {} · {}",
        a.date,
        first_line(&ws.account.name)
    ))];
    lines.extend(detail_lines(a, COPY_COLUMNS, Density::Roomy, rc.theme));
    Some(Text::from(lines))
}

/// How tightly the selected assessment is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Density {
    /// Blank lines between the parts, each rating's reason on a line of
    /// its own, the ladder's five rungs and the whole note.
    Roomy,
    /// No blank lines, reasons after their scores, the ladder on one line
    /// and the note's first line.
    Compact,
    /// Compact without the part headings.
    Tight,
}

/// Draws `a` as roomily as `area` allows.
fn draw_detail(rc: &RenderContext, a: &Assessment, title: String, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let cols = usize::from(area.width.saturating_sub(2));
    let rows = usize::from(area.height.saturating_sub(2));
    let lines = [Density::Roomy, Density::Compact]
        .into_iter()
        .map(|density| detail_lines(a, cols, density, t))
        .find(|lines| lines.len() <= rows)
        .unwrap_or_else(|| detail_lines(a, cols, Density::Tight, t));
    let mut shown = conflict_mark::lines(rc, a.id);
    shown.extend(lines);
    let title = conflict_mark::title(rc, title, Some(a.id));
    frame.render_widget(Paragraph::new(shown).block(pane(title, false, t)), area);
}

/// The lines showing `a` in `cols` columns.
fn detail_lines(a: &Assessment, cols: usize, density: Density, t: &Theme) -> Vec<Line<'static>> {
    let roomy = density == Density::Roomy;
    let mut lines = score_lines(a, cols, t);
    let part = |lines: &mut Vec<Line<'static>>, heading: &'static str| {
        if roomy {
            lines.push(Line::default());
        }
        if density != Density::Tight {
            lines.push(Line::styled(heading, t.title));
        }
    };
    part(&mut lines, "Signals");
    lines.extend(
        Signal::ALL
            .iter()
            .map(|s| signal_line(*s, a.answer(*s), cols, t)),
    );
    part(&mut lines, "Relationship quality");
    for quality in Quality::ALL {
        lines.extend(rating_lines(a, *quality, cols, roomy, t));
    }
    if roomy {
        lines.push(Line::default());
    }
    lines.push(field("Stage", a.stage.label(), t));
    if roomy {
        lines.push(Line::default());
        lines.push(Line::styled("Buy-sell ladder", t.title));
        lines.extend(ladder_lines(a, cols, t));
    } else {
        lines.push(ladder_line(a, cols, t));
    }
    if !a.note.trim().is_empty() {
        if roomy {
            lines.push(Line::default());
            lines.push(Line::styled("Note", t.title));
            lines.extend(
                sanitize_lines(a.note.trim())
                    .into_iter()
                    .map(|l| Line::styled(truncate(&l, cols).into_owned(), t.text)),
            );
        } else {
            let note = first_line(&a.note);
            lines.push(field("Note", &truncate(&note, cols.saturating_sub(6)), t));
        }
    }
    lines
}

/// The strategic score and its rule, the rule on two lines when one is
/// too narrow.
fn score_lines(a: &Assessment, cols: usize, t: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(vec![
        Span::styled("Strategic score  ", t.dim),
        Span::styled(format!("{}/100", a.strategic_score()), t.title),
    ])];
    let whole = RULE.join(" ");
    if width(&whole) <= cols {
        lines.push(Line::styled(whole, t.dim));
    } else {
        lines.extend(
            RULE.iter()
                .map(|part| Line::styled(truncate(part, cols).into_owned(), t.dim)),
        );
    }
    lines
}

/// An answer in its colour: yes good, partly so-so, no bad.
fn answer_style(answer: Answer, t: &Theme) -> Style {
    match answer {
        Answer::Yes => t.ok,
        Answer::Partly => t.warn,
        Answer::No => t.error,
    }
}

/// " Partly  They bring opportunities to us"
fn signal_line(signal: Signal, answer: Answer, cols: usize, t: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::raw(" "),
        Span::styled(fit(answer.label(), 6), answer_style(answer, t)),
        Span::raw("  "),
        Span::styled(
            truncate(signal.label(), cols.saturating_sub(9)).into_owned(),
            t.text,
        ),
    ])
}

/// `■■■□□` for a score of 3.
fn bar(score: u8) -> String {
    let filled = usize::from(score.clamp(1, 5));
    format!("{}{}", "■".repeat(filled), "□".repeat(5 - filled))
}

/// " Trust                 ■■■■□ 4/5", with the reason after it or on
/// the next line.
fn rating_lines(
    a: &Assessment,
    quality: Quality,
    cols: usize,
    roomy: bool,
    t: &Theme,
) -> Vec<Line<'static>> {
    let rating = a.rating(quality);
    let label_cols = QUALITY_WIDTH.min(cols.saturating_sub(12));
    let mut spans = vec![
        Span::raw(" "),
        Span::styled(fit(quality.label(), label_cols), t.text),
        Span::raw(" "),
        Span::styled(bar(rating.score), t.title),
        Span::styled(format!(" {}/5", rating.score), t.text),
    ];
    let reason = sanitize(rating.reason.trim()).into_owned();
    if reason.is_empty() {
        return vec![Line::from(spans)];
    }
    if roomy {
        let indent = "   ";
        let room = cols.saturating_sub(indent.len());
        vec![
            Line::from(spans),
            Line::styled(format!("{indent}{}", truncate(&reason, room)), t.dim),
        ]
    } else {
        let used = 1 + label_cols + 1 + 5 + 4 + 2;
        let room = cols.saturating_sub(used);
        if room > 1 {
            spans.push(Span::styled(
                format!("  {}", truncate(&reason, room)),
                t.dim,
            ));
        }
        vec![Line::from(spans)]
    }
}

/// The five rungs of the buy-sell ladder, the top first, with markers for
/// where we stand today and where we aim to be in three years.
fn ladder_lines(a: &Assessment, cols: usize, t: &Theme) -> Vec<Line<'static>> {
    let name_cols = RUNG_WIDTH.min(cols.saturating_sub(4));
    Ladder::ALL
        .iter()
        .rev()
        .map(|&rung| {
            let (marker, style) = match (rung == a.ladder_now, rung == a.ladder_aim) {
                (true, true) => ("◂ today, and the aim", t.title),
                (true, false) => ("◂ today", t.title),
                (false, true) => ("◂ aim in three years", t.ok),
                (false, false) => ("", t.dim),
            };
            let room = cols.saturating_sub(4 + name_cols + 1);
            Line::from(vec![
                Span::styled(" ├─ ", t.dim),
                Span::styled(fit(rung.label(), name_cols), style),
                Span::raw(" "),
                Span::styled(truncate(marker, room).into_owned(), style),
            ])
        })
        .collect()
}

/// The buy-sell ladder on one line: "Ladder  Services → Business issues
/// in three years".
fn ladder_line(a: &Assessment, cols: usize, t: &Theme) -> Line<'static> {
    let aim = if a.ladder_aim == a.ladder_now {
        "kept in three years".to_owned()
    } else {
        format!("→ {} in three years", a.ladder_aim.label())
    };
    let text = format!("{} today {aim}", a.ladder_now.label());
    Line::from(vec![
        Span::styled("Ladder  ", t.dim),
        Span::styled(truncate(&text, cols.saturating_sub(8)).into_owned(), t.text),
    ])
}

// ------------------------------------------------------------ the change

/// Rows the change takes inside its pane: the score, then each item that
/// moved (or one line saying nothing did).
fn change_rows(page: &AssessmentPage) -> u16 {
    let items = match (page.selected(), page.previous()) {
        (Some(now), Some(before)) => now.change_since(before).items.len().max(1),
        _ => 0,
    };
    u16::try_from(items + 1).unwrap_or(u16::MAX)
}

/// `+8`, `−3`, `±0`.
fn signed(points: i32) -> String {
    match points {
        0 => "±0".to_owned(),
        p if p > 0 => format!("+{p}"),
        p => format!("−{}", p.unsigned_abs()),
    }
}

/// The style of a change of `points`: up is good news.
fn delta_style(points: i32, t: &Theme) -> Style {
    match points {
        0 => t.dim,
        p if p > 0 => t.ok,
        _ => t.warn,
    }
}

/// Draws what changed since the assessment before the selected one.
fn draw_change(rc: &RenderContext, page: &AssessmentPage, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let (Some(now), Some(before)) = (page.selected(), page.previous()) else {
        let text = Line::styled("First assessment: nothing to compare with yet.", t.dim);
        frame.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .block(pane(" Change ", false, t)),
            area,
        );
        return;
    };
    let change = now.change_since(before);
    let cols = usize::from(area.width.saturating_sub(2));
    let mut lines = vec![Line::from(vec![
        Span::styled("Score ", t.dim),
        Span::styled(
            format!("{} points", signed(change.score)),
            delta_style(change.score, t),
        ),
        Span::styled(
            format!("  {} → {}", before.strategic_score(), now.strategic_score()),
            t.dim,
        ),
    ])];
    if change.items.is_empty() {
        lines.push(Line::styled(" No answer changed.", t.dim));
    }
    let values: Vec<String> = change
        .items
        .iter()
        .map(|(_, was, is)| format!("{was} → {is}"))
        .collect();
    let value_cols = values.iter().map(|v| width(v)).max().unwrap_or(0);
    let longest = change
        .items
        .iter()
        .map(|(l, ..)| width(l))
        .max()
        .unwrap_or(0);
    let label_cols = longest.min(cols.saturating_sub(value_cols + 3));
    for ((label, ..), value) in change.items.iter().zip(values) {
        lines.push(Line::from(vec![
            Span::raw(" "),
            Span::styled(fit(label, label_cols), t.text),
            Span::raw("  "),
            Span::styled(value, t.text),
        ]));
    }
    let title = format!(" Change since {} ", before.date);
    frame.render_widget(Paragraph::new(lines).block(pane(title, false, t)), area);
}

// ------------------------------------------------------------- the trend

/// Draws the strategic score of every assessment over time, the selected
/// one marked; with fewer than two there is no trend to draw.
fn draw_trend(rc: &RenderContext, page: &AssessmentPage, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let block = pane(" Strategic score over time ", false, t);
    let all = page.assessments();
    let (Some(first), Some(last)) = (all.first(), all.last()) else {
        return;
    };
    if all.len() < 2 {
        let text = "One assessment so far: the trend needs a second.";
        frame.render_widget(
            Paragraph::new(Line::styled(text, t.dim))
                .wrap(Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    }
    let day = |date: NaiveDate| (date - first.date).num_days() as f64;
    let points: Vec<(f64, f64)> = all
        .iter()
        .map(|a| (day(a.date), f64::from(a.strategic_score())))
        .collect();
    let chosen: Vec<(f64, f64)> = points
        .get(page.selected_index())
        .copied()
        .into_iter()
        .collect();
    let datasets = vec![
        Dataset::default()
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(t.title)
            .data(&points),
        Dataset::default()
            .marker(Marker::Dot)
            .graph_type(GraphType::Scatter)
            .style(t.key)
            .data(&chosen),
    ];
    let x_axis = Axis::default()
        .style(t.dim)
        .bounds([0.0, day(last.date).max(1.0)])
        .labels([first.date.to_string(), last.date.to_string()]);
    let y_axis = Axis::default()
        .style(t.dim)
        .bounds([0.0, 100.0])
        .labels(["0", "50", "100"]);
    frame.render_widget(
        Chart::new(datasets)
            .block(block)
            .x_axis(x_axis)
            .y_axis(y_axis),
        area,
    );
}

// ----------------------------------------------------------- the history

/// Rows the history wants inside its pane: one per assessment.
fn history_rows(page: &AssessmentPage) -> u16 {
    u16::try_from(page.assessments().len().max(1)).unwrap_or(u16::MAX)
}

/// Draws every assessment, the latest first: date, score, change and
/// stage; the selected one marked.
fn draw_history(rc: &RenderContext, page: &AssessmentPage, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let all = page.assessments();
    let cols = usize::from(area.width.saturating_sub(2));
    let rows = usize::from(area.height.saturating_sub(2));
    let selected_row = page.row_of(page.selected_index());
    let lines: Vec<Line> = page
        .scroll
        .visible(selected_row, all.len(), rows)
        .map(|row| {
            let index = all.len() - 1 - row;
            let a = &all[index];
            let score = a.strategic_score();
            let delta = index
                .checked_sub(1)
                .map(|i| i32::from(score) - i32::from(all[i].strategic_score()));
            let selected = row == selected_row;
            let marker = if selected { "▸ " } else { "  " };
            let delta_text = delta.map_or_else(String::new, signed);
            let text = format!(
                "{marker}{}  {score:>3}/100  {delta_text:>3}  {}",
                a.date, a.stage
            );
            Line::styled(fit(&text, cols), row_style(selected, true, t))
        })
        .collect();
    let title = format!(" History ({}) ", all.len());
    frame.render_widget(Paragraph::new(lines).block(pane(title, true, t)), area);
}
