//! The value scorecard: each measure of the account in one row, with its
//! latest value, whether it meets its target, its trend in a word and as a
//! sparkline of its values over time. Private mode hides the values of
//! confidential measures.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Sparkline};

use crate::domain::measure::{Series, Trend, bounds};
use crate::text::{sanitize, truncate};
use crate::tui::screen::RenderContext;
use crate::tui::widgets::common::pane;

use super::HIDDEN;

/// The most columns a measure's name takes.
const NAME_WIDTH: usize = 22;
/// The narrowest sparkline worth drawing.
const SPARKLINE_MIN: u16 = 6;

/// The pane's height for `measures` measures: one row each, in a border.
pub fn height(measures: usize) -> u16 {
    u16::try_from(measures.clamp(1, 8)).unwrap_or(8) + 2
}

/// The series' values scaled for a sparkline of one row: the lowest shows
/// as the lowest block (an eighth of the row), the highest as a full block,
/// a flat series at half height.
fn sparkline_data(series: &Series) -> Vec<u64> {
    let (low, high) = bounds(series.points.iter().map(|p| p.number));
    series
        .points
        .iter()
        .map(|p| {
            if high > low {
                13 + ((p.number - low) / (high - low) * 87.0).round() as u64
            } else {
                50
            }
        })
        .collect()
}

/// Draws the scorecard of `measures` into `area`.
pub fn draw(rc: &RenderContext, measures: &[Series], frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let block = pane(" Value scorecard ", false, t);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if measures.is_empty() {
        let hint = "No measured value yet: log one with a measure.";
        frame.render_widget(Paragraph::new(hint).style(t.dim), inner);
        return;
    }
    let rows =
        Layout::vertical(vec![Constraint::Length(1); usize::from(inner.height)]).split(inner);
    let shown: Vec<(&Series, Option<String>)> = measures
        .iter()
        .map(|series| {
            let hidden = series.hidden(rc.is_private());
            (
                series,
                (!hidden).then(|| sanitize(&series.summary()).into_owned()),
            )
        })
        .collect();
    let figures_width = shown
        .iter()
        .map(|(_, f)| f.as_deref().unwrap_or(HIDDEN).chars().count())
        .max()
        .unwrap_or(0);
    let name_width = measures
        .iter()
        .map(|s| sanitize(&s.measure.name).chars().count())
        .max()
        .unwrap_or(0)
        .min(NAME_WIDTH);
    let text_width = u16::try_from(name_width + 1 + figures_width + 1).unwrap_or(u16::MAX);
    for ((series, figures), &row) in shown.into_iter().zip(rows.iter()) {
        let name = truncate(&sanitize(&series.measure.name), name_width).into_owned();
        let [text, spark] =
            Layout::horizontal([Constraint::Length(text_width), Constraint::Fill(1)]).areas(row);
        let style = match (&figures, series.target_met(), series.trend()) {
            (None, ..) => t.dim,
            (_, Some(false), _) | (_, None, Trend::Worsening) => t.warn,
            (_, Some(true), _) => t.ok,
            _ => t.text,
        };
        let width = usize::from(text.width);
        let name = truncate(&format!("{name:<name_width$} "), width).into_owned();
        let rest = width.saturating_sub(name.chars().count());
        let shown_figures = figures.as_deref().unwrap_or(HIDDEN);
        let line = Line::from(vec![
            Span::styled(name, t.text),
            Span::styled(truncate(shown_figures, rest).into_owned(), style),
        ]);
        frame.render_widget(Paragraph::new(line), text);
        if figures.is_some() && spark.width >= SPARKLINE_MIN {
            let data = sparkline_data(series);
            let last = &data[data.len().saturating_sub(usize::from(spark.width))..];
            frame.render_widget(Sparkline::default().data(last).max(100).style(style), spark);
        }
    }
}
