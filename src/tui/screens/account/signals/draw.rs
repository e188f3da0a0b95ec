//! The signals page of an open account: health with the factors holding it
//! back, the value scorecard, proof cadence, cost to serve, breaks in the chain from issue to
//! proof, and the matching tests taken.

pub(crate) mod charts;
mod scorecard;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::domain::choice::Choice;
use crate::domain::insight::{CostToServe, Factor, GapKind, Health, Insight, ProofCadence};
use crate::text::money_in;
use crate::text::{sanitize, truncate};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::screen::RenderContext;
use crate::tui::screens::account::AccountView;
use crate::tui::screens::account::signals::SignalsPage;
use crate::tui::theme::Theme;
use crate::tui::widgets::common::{hours, pane, row_style};

/// What private mode shows in place of a confidential figure.
const HIDDEN: &str = "hidden (private)";

/// The width from which the page has two columns.
const TWO_COLUMNS: u16 = 100;
/// The height from which the page has two columns.
const TWO_COLUMNS_HEIGHT: u16 = 24;
/// The height from which the page in one column shows its charts.
const STACKED_CHARTS_HEIGHT: u16 = 50;
/// The rows the list of breaks keeps, at least, in one column.
const CHAIN_ROWS: u16 = 4;

/// How many of the factors holding health back the page names.
const TOP_FACTORS: usize = 3;
/// The health pane's height: the score and the top factors, in a border.
const HEALTH_HEIGHT: u16 = TOP_FACTORS as u16 + 3;

/// Draws the signals page into `area`.
pub fn draw(rc: &RenderContext, ws: &AccountView, frame: &mut Frame, area: Rect) {
    let Some(insight) = rc.insight(ws.account.id) else {
        frame.render_widget(
            Paragraph::new("No signals for this account yet.")
                .style(rc.theme.dim)
                .block(pane(" Signals ", false, rc.theme)),
            area,
        );
        return;
    };
    let matching_height = u16::try_from(ws.signals.matching.len().clamp(1, 5)).unwrap_or(5) + 2;
    if area.width < TWO_COLUMNS || area.height < TWO_COLUMNS_HEIGHT {
        return draw_stacked(rc, ws, insight, frame, area);
    }
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    // The chart of months reads well up to about ten rows; the matching
    // tests get what is left.
    let cadence_height = (area.height.saturating_sub(HEALTH_HEIGHT) * 3 / 5).clamp(7, 16);
    let [health, cadence, matching] = Layout::vertical([
        Constraint::Length(HEALTH_HEIGHT),
        Constraint::Length(cadence_height),
        Constraint::Min(matching_height),
    ])
    .areas(left);
    let cost_height = (area.height * 11 / 20).clamp(8, 18);
    let scorecard_height = scorecard::height(ws.signals.measures.len())
        .min(area.height.saturating_sub(cost_height + CHAIN_ROWS));
    let [cost, measures, chain] = Layout::vertical([
        Constraint::Length(cost_height),
        Constraint::Length(scorecard_height),
        Constraint::Fill(1),
    ])
    .areas(right);
    draw_health(rc, &insight.health, frame, health);
    draw_cadence(rc, &insight.cadence, frame, cadence);
    draw_matching(rc, &ws.signals, frame, matching);
    draw_cost(rc, &insight.cost, frame, cost);
    scorecard::draw(rc, &ws.signals.measures, frame, measures);
    draw_chain(rc, &ws.signals, frame, chain);
}

/// A pane of the page in one column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Health,
    Scorecard,
    Cadence,
    Cost,
    Matching,
}

/// The page in one column: health, proof cadence, cost to serve, the
/// chain, the matching tests. Charts only when the page is tall; when it
/// is short the least important panes give way (matching tests, then cost,
/// then cadence) so the list of breaks keeps a few rows.
fn draw_stacked(
    rc: &RenderContext,
    ws: &AccountView,
    insight: &Insight,
    frame: &mut Frame,
    area: Rect,
) {
    let tall = area.height >= STACKED_CHARTS_HEIGHT;
    let mut parts = vec![
        (Part::Health, if tall { HEALTH_HEIGHT } else { 5 }),
        (
            Part::Scorecard,
            scorecard::height(ws.signals.measures.len()),
        ),
        (Part::Cadence, if tall { 14 } else { 4 }),
        (Part::Cost, if tall { 14 } else { 5 }),
        (Part::Matching, if tall { 7 } else { 3 }),
    ];
    while parts.len() > 1 && parts.iter().map(|p| p.1).sum::<u16>() + CHAIN_ROWS > area.height {
        parts.pop();
    }
    let mut constraints: Vec<Constraint> = parts.iter().map(|p| Constraint::Length(p.1)).collect();
    let chain_at = parts.len().min(4);
    constraints.insert(chain_at, Constraint::Fill(1));
    let areas = Layout::vertical(constraints).split(area);
    draw_chain(rc, &ws.signals, frame, areas[chain_at]);
    let others = areas.iter().enumerate().filter(|(i, _)| *i != chain_at);
    for ((part, _), (_, &rect)) in parts.iter().zip(others) {
        match part {
            Part::Health => draw_health(rc, &insight.health, frame, rect),
            Part::Scorecard => scorecard::draw(rc, &ws.signals.measures, frame, rect),
            Part::Cadence => draw_cadence(rc, &insight.cadence, frame, rect),
            Part::Cost => draw_cost(rc, &insight.cost, frame, rect),
            Part::Matching => draw_matching(rc, &ws.signals, frame, rect),
        }
    }
}

/// The style of a health label: good, fair or poor.
pub(crate) fn health_style(health: &Health, t: &Theme) -> Style {
    match health.label() {
        "good" => t.ok,
        "fair" => t.warn,
        _ => t.error,
    }
}

/// A bar of `cells` cells filled by `score` (0 to 1): "███░░".
pub(crate) fn score_bar(score: f64, cells: usize) -> String {
    let filled = ((score.clamp(0.0, 1.0) * cells as f64).round() as usize).min(cells);
    format!("{}{}", "█".repeat(filled), "░".repeat(cells - filled))
}

/// A factor's reason as shown: private mode hides those with
/// confidential figures.
pub(crate) fn reason(private: bool, factor: &Factor) -> String {
    sanitize(factor.reason_shown(private)).into_owned()
}

/// The key bound to `action` on the signals page, for hints, e.g. "w".
fn key(rc: &RenderContext, action: Action, fallback: &str) -> String {
    rc.keymap
        .key_for(Context::Signals, action)
        .map_or_else(|| fallback.to_string(), |k| k.to_string())
}

/// The factors costing the most points, most first; none at their best.
fn holding_back(health: &Health) -> Vec<&Factor> {
    let lost = |f: &Factor| f.weight * (1.0 - f.score.clamp(0.0, 1.0));
    let mut factors: Vec<&Factor> = health.factors.iter().filter(|f| lost(f) > 0.0).collect();
    factors.sort_by(|a, b| lost(b).total_cmp(&lost(a)));
    factors.truncate(TOP_FACTORS);
    factors
}

fn draw_health(rc: &RenderContext, health: &Health, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let block = pane(" Health ", false, t);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!("{} {}", health.score, health.label()),
            health_style(health, t),
        ),
        Span::styled(" of 100 · ", t.dim),
        Span::styled(key(rc, Action::Why, "w"), t.key),
        Span::styled(" why", t.dim),
    ])];
    let back = holding_back(health);
    if back.is_empty() {
        lines.push(Line::styled("Every factor is at its best.", t.ok));
    }
    for factor in back {
        let text = format!(
            "{} {}: {}",
            score_bar(factor.score, 5),
            factor.kind.label(),
            reason(rc.is_private(), factor)
        );
        lines.push(Line::styled(truncate(&text, width).into_owned(), t.text));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_cadence(rc: &RenderContext, cadence: &ProofCadence, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let block = pane(" Proof cadence ", false, t);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let status = &cadence.status;
    let summary_style = if status.no_proof_yet() {
        t.warn
    } else {
        t.text
    };
    let mut first = vec![
        Span::styled("Proof log  ", t.dim),
        Span::styled(status.summary(), summary_style),
    ];
    match status.days_overdue() {
        Some(late) => first.push(Span::styled(format!(" · {late} d past it"), t.warn)),
        None if status.no_proof_yet() => {}
        None => first.push(Span::styled(" · on track", t.ok)),
    }
    let gap = cadence.longest_gap.map_or_else(
        || "no proof in the last year".to_string(),
        |g| format!("{g} d"),
    );
    let lines = vec![
        Line::from(first),
        Line::from(vec![
            Span::styled("Longest gap in the last year  ", t.dim),
            Span::styled(gap, t.text),
        ]),
        Line::styled("Proof statements per month", t.dim),
    ];
    let [text, chart] = Layout::vertical([Constraint::Length(3), Constraint::Fill(1)]).areas(inner);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), text);
    if chart.height >= 3 {
        frame.render_widget(
            charts::months(&cadence.per_month, rc.today, chart.width, t),
            chart,
        );
    }
}

/// The cost-to-serve figures in lines: hours, revenue, ratios; or what
/// private mode shows instead.
fn cost_lines<'a>(rc: &RenderContext, cost: &CostToServe) -> Vec<Line<'a>> {
    let t = rc.theme;
    let label = |text: &'static str| Span::styled(text, t.dim);
    if rc.is_private() {
        return vec![
            Line::from(vec![
                label("Hours, last 4 quarters  "),
                Span::styled(HIDDEN, t.dim),
            ]),
            Line::from(vec![label("Revenue  "), Span::styled(HIDDEN, t.dim)]),
            Line::from(vec![
                label("Hours per revenue, per proof  "),
                Span::styled(HIDDEN, t.dim),
            ]),
        ];
    }
    let revenue = cost.revenue.map_or_else(
        || "not entered".to_string(),
        |r| money_in(r, &cost.currency),
    );
    let change = cost.revenue_change_percent().map_or_else(
        || "no prior year".to_string(),
        |p| format!("{p:+.0}% year on year"),
    );
    let per_100k = cost
        .hours_per_100k()
        .map_or_else(|| "–".to_string(), |h| format!("{} h per 100k", hours(h)));
    let per_proof = cost.non_billable_per_proof().map_or_else(
        || "no proof this year".to_string(),
        |h| format!("{} non-billable h per proof", hours(h)),
    );
    vec![
        Line::from(vec![
            label("Hours, last 4 quarters  "),
            Span::styled(
                format!(
                    "{} billable · {} non-billable",
                    hours(cost.billable_year),
                    hours(cost.non_billable_year)
                ),
                t.text,
            ),
        ]),
        Line::from(vec![
            label("Revenue  "),
            Span::styled(format!("{revenue} · {change}"), t.text),
        ]),
        Line::from(vec![
            Span::styled(per_100k, t.text),
            Span::styled(" · ", t.dim),
            Span::styled(per_proof, t.text),
        ]),
    ]
}

/// Hours per quarter as a chart under its legend, or what private mode
/// shows instead.
pub(crate) fn draw_hours_chart(
    rc: &RenderContext,
    cost: &CostToServe,
    frame: &mut Frame,
    area: Rect,
) {
    let t = rc.theme;
    if area.height == 0 {
        return;
    }
    let [legend, chart] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    if rc.is_private() {
        frame.render_widget(
            Line::from(vec![
                Span::styled("Hours per quarter  ", t.dim),
                Span::styled(HIDDEN, t.dim),
            ]),
            legend,
        );
        return;
    }
    frame.render_widget(
        Line::from(vec![
            Span::styled("Hours per quarter: ", t.dim),
            Span::styled("billable", t.title),
            Span::styled(" left, ", t.dim),
            Span::styled("non-billable", t.warn),
            Span::styled(" right", t.dim),
        ]),
        legend,
    );
    if chart.height >= 3 {
        frame.render_widget(charts::quarters(&cost.quarters, chart.width, t), chart);
    }
}

fn draw_cost(rc: &RenderContext, cost: &CostToServe, frame: &mut Frame, area: Rect) {
    let block = pane(" Cost to serve ", false, rc.theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [text, chart] = Layout::vertical([Constraint::Length(3), Constraint::Fill(1)]).areas(inner);
    frame.render_widget(Paragraph::new(cost_lines(rc, cost)), text);
    draw_hours_chart(rc, cost, frame, chart);
}

/// One row of the list of breaks: a kind's heading, or a break by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChainRow {
    Heading(GapKind, usize),
    Gap(usize),
}

/// The rows of the list of breaks, under one heading per kind.
fn chain_rows(page: &SignalsPage) -> Vec<ChainRow> {
    let mut rows = Vec::new();
    for &kind in GapKind::ALL {
        let of_kind: Vec<usize> = (0..page.gaps.len())
            .filter(|&i| page.gaps[i].kind == kind)
            .collect();
        if !of_kind.is_empty() {
            rows.push(ChainRow::Heading(kind, of_kind.len()));
            rows.extend(of_kind.into_iter().map(ChainRow::Gap));
        }
    }
    rows
}

fn draw_chain(rc: &RenderContext, page: &SignalsPage, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let title = format!(
        " Breaks in the chain from issue to proof · {} ",
        page.gaps.len()
    );
    let block = pane(title, true, t);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if page.gaps.is_empty() {
        frame.render_widget(
            Paragraph::new("The chain holds: every issue has a plan, every plan done has proof, every proof is acknowledged.")
                .style(t.ok)
                .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    let rows = chain_rows(page);
    let selected_row = rows
        .iter()
        .position(|r| *r == ChainRow::Gap(page.selected))
        .unwrap_or(0);
    let height = usize::from(inner.height);
    let mut visible = page.scroll.visible(selected_row, rows.len(), height);
    // The first break of a kind keeps its heading in view.
    if height >= 2
        && let Some(above) = selected_row.checked_sub(1)
        && matches!(rows[above], ChainRow::Heading(..))
    {
        visible = page.scroll.visible(above, rows.len(), height);
    }
    let width = usize::from(inner.width);
    let lines: Vec<Line> =
        rows[visible]
            .iter()
            .map(|row| match *row {
                ChainRow::Heading(kind, count) => Line::styled(
                    truncate(&format!("{} · {count}", kind.label()), width).into_owned(),
                    t.title,
                ),
                ChainRow::Gap(i) => {
                    let text = format!("  {}", sanitize(&page.gaps[i].text));
                    Line::styled(truncate(&text, width).into_owned(), t.text)
                        .patch_style(row_style(i == page.selected, true, t))
                }
            })
            .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_matching(rc: &RenderContext, page: &SignalsPage, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let block = pane(" Matching test ", false, t);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let lines: Vec<Line> = if page.matching.is_empty() {
        vec![Line::from(vec![
            Span::styled("No matching test yet, press ", t.dim),
            Span::styled(key(rc, Action::Matching, "M"), t.key),
            Span::styled(" (quick) or ", t.dim),
            Span::styled(key(rc, Action::TeamTest, "T"), t.key),
            Span::styled(" (team).", t.dim),
        ])]
    } else {
        page.matching
            .iter()
            .map(|m| {
                let text = format!(
                    "{}  {:<5} {} of {} ({}%)  {}",
                    m.taken_at.date_naive(),
                    m.kind_label(),
                    m.correct,
                    m.total,
                    m.percent(),
                    m.verdict()
                );
                let style = if m.passed() { t.ok } else { t.warn };
                Line::styled(truncate(&text, width).into_owned(), style)
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use crate::tui::screens::account::signals::draw::*;

    #[test]
    fn bars_show_the_score() {
        assert_eq!(score_bar(0.0, 5), "░░░░░");
        assert_eq!(score_bar(0.6, 5), "███░░");
        assert_eq!(score_bar(1.0, 5), "█████");
        assert_eq!(score_bar(7.0, 4), "████");
        assert_eq!(score_bar(f64::NAN, 3).chars().count(), 3);
    }
}
