//! The pages' charts as inline SVG: the strategic score over time, a
//! measure's values against its target, proof statements per month and the
//! portfolio map. Each is drawn in a fixed view box that scales to the
//! page's width; lines differ by dash and points by shape, so that they
//! read in black and white. Labels taken from stored text are escaped.

use std::fmt::Write;

use chrono::{Datelike, Months, NaiveDate};

use super::escape;
use crate::domain::insight::map::{PortfolioMap, Quadrant as Q};
use crate::domain::insight::slipping::STRATEGIC_SCORE;
use crate::domain::measure::{Series, bounds, number_text};
use crate::text::{money, truncate};

/// The view box's width; heights vary by chart.
const WIDTH: f64 = 640.0;

/// Room left of the plot for the value axis' labels.
const LEFT: f64 = 52.0;

/// Room right of the plot.
const RIGHT: f64 = 16.0;

/// Room above the plot.
const TOP: f64 = 18.0;

/// Room below the plot for the time axis' labels.
const BOTTOM: f64 = 30.0;

/// How many of a measure's newest values its chart shows, as the signals
/// page's trend does.
pub const CHARTED_VALUES: usize = 24;

/// How many characters of an account's name the map writes beside its
/// point.
const MAP_NAME: usize = 28;

/// Up to how many accounts the map names each beside its point; a larger
/// portfolio's map shows the points only (the table names each quadrant).
const MAP_NAMED: usize = 20;

/// A coordinate in the view box, to one decimal.
fn at(x: f64) -> String {
    let text = format!("{x:.1}");
    text.strip_suffix(".0").map_or(text.clone(), str::to_owned)
}

/// The opening of an SVG chart of `height` described by `label` (plain
/// text of the page's own or escaped).
fn open(out: &mut String, height: f64, label: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{label}\"><title>{label}</title>",
        at(WIDTH),
        at(height)
    );
}

/// A plot area of `height` in the view box: maps dates and values to
/// coordinates.
struct Plot {
    height: f64,
    first: NaiveDate,
    days: f64,
    low: f64,
    high: f64,
}

impl Plot {
    fn new(height: f64, dates: (NaiveDate, NaiveDate), values: (f64, f64)) -> Self {
        Self {
            height,
            first: dates.0,
            days: (dates.1 - dates.0).num_days() as f64,
            low: values.0,
            high: values.1,
        }
    }

    /// The x of `date`; the middle when every date is the same.
    fn x(&self, date: NaiveDate) -> f64 {
        let width = WIDTH - LEFT - RIGHT;
        if self.days <= 0.0 {
            return LEFT + width / 2.0;
        }
        LEFT + width * (date - self.first).num_days() as f64 / self.days
    }

    /// The y of `value`.
    fn y(&self, value: f64) -> f64 {
        let span = (self.high - self.low).max(f64::EPSILON);
        let bottom = self.height - BOTTOM;
        bottom - (bottom - TOP) * (value - self.low) / span
    }

    /// The frame: the value axis with `ticks` (value and label), the first
    /// and last dates along the bottom.
    fn axes(&self, out: &mut String, ticks: &[(f64, String)], last: NaiveDate) {
        let bottom = self.height - BOTTOM;
        for (value, label) in ticks {
            let y = self.y(*value);
            let _ = write!(
                out,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#ccc\" stroke-width=\"1\"/>\
                 <text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text>",
                at(LEFT),
                at(y),
                at(WIDTH - RIGHT),
                at(y),
                at(LEFT - 6.0),
                at(y + 4.0),
                escape(label)
            );
        }
        let _ = write!(
            out,
            "<line x1=\"{l}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"#111\" stroke-width=\"1.5\"/>\
             <text x=\"{l}\" y=\"{t}\" font-size=\"12\">{}</text>",
            self.first,
            l = at(LEFT),
            r = at(WIDTH - RIGHT),
            b = at(bottom),
            t = at(bottom + 20.0),
        );
        if last != self.first {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{last}</text>",
                at(WIDTH - RIGHT),
                at(bottom + 20.0)
            );
        }
    }

    /// A solid line through `points` with a round mark on each, and
    /// `label` of each point above it where given.
    fn line(&self, out: &mut String, points: &[(NaiveDate, f64, Option<String>)]) {
        let path: Vec<String> = points
            .iter()
            .map(|(d, v, _)| format!("{},{}", at(self.x(*d)), at(self.y(*v))))
            .collect();
        let _ = write!(
            out,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#111\" stroke-width=\"2.5\"/>",
            path.join(" ")
        );
        for (d, v, label) in points {
            let (x, y) = (self.x(*d), self.y(*v));
            let _ = write!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"#111\"/>",
                at(x),
                at(y)
            );
            if let Some(label) = label {
                let _ = write!(
                    out,
                    "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\">{}</text>",
                    at(x),
                    at(y - 8.0),
                    escape(label)
                );
            }
        }
    }

    /// A dashed level across the plot at `value`, named by `label`.
    fn level(&self, out: &mut String, value: f64, label: &str) {
        let y = self.y(value);
        let _ = write!(
            out,
            "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#111\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text>",
            at(LEFT),
            at(WIDTH - RIGHT),
            at(WIDTH - RIGHT - 2.0),
            at(y - 4.0),
            escape(label),
            y = at(y),
        );
    }
}

/// The strategic score of each assessment, oldest first, as a line over
/// time from 0 to 100, with the line where an account turns strategic.
pub fn score_over_time(scores: &[(NaiveDate, u8)]) -> String {
    let (Some(first), Some(last)) = (scores.first(), scores.last()) else {
        return String::new();
    };
    const HEIGHT: f64 = 220.0;
    let mut out = String::new();
    open(&mut out, HEIGHT, "Strategic score over time, 0 to 100");
    let plot = Plot::new(HEIGHT, (first.0, last.0), (0.0, 100.0));
    let ticks: Vec<(f64, String)> = [0.0, 25.0, 50.0, 75.0, 100.0]
        .iter()
        .map(|v| (*v, at(*v)))
        .collect();
    plot.axes(&mut out, &ticks, last.0);
    plot.level(
        &mut out,
        f64::from(STRATEGIC_SCORE),
        &format!("strategic from {STRATEGIC_SCORE}"),
    );
    let points: Vec<_> = scores
        .iter()
        .map(|(d, s)| (*d, f64::from(*s), Some(s.to_string())))
        .collect();
    plot.line(&mut out, &points);
    out.push_str("</svg>");
    out
}

/// A measure's newest [`CHARTED_VALUES`] values as a line over time, its
/// target as a dashed level; the first, lowest, highest and newest values
/// written beside their points.
pub fn measure_trend(series: &Series) -> String {
    let shown = &series.points[series.points.len().saturating_sub(CHARTED_VALUES)..];
    let (Some(first), Some(last)) = (shown.first(), shown.last()) else {
        return String::new();
    };
    const HEIGHT: f64 = 200.0;
    let (mut low, mut high) = bounds(shown.iter().map(|p| p.number).chain(series.measure.target));
    let pad = if high > low {
        (high - low) * 0.15
    } else {
        low.abs().max(1.0) * 0.1
    };
    low -= pad;
    high += pad;
    let mut out = String::new();
    let label = format!(
        "{}: the newest {} values over time",
        escape(&series.measure.name),
        shown.len()
    );
    open(&mut out, HEIGHT, &label);
    let plot = Plot::new(HEIGHT, (first.date, last.date), (low, high));
    let tick = |v: f64| (v, format!("{} {}", number_text(v), series.unit));
    plot.axes(&mut out, &[tick(low + pad), tick(high - pad)], last.date);
    if let Some(target) = series.measure.target {
        plot.level(
            &mut out,
            target,
            &format!("target {}", series.target_text()),
        );
    }
    let (min, max) = bounds(shown.iter().map(|p| p.number));
    let mut labelled = [false; 2];
    let points: Vec<_> = shown
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let extreme = |n: f64, done: &mut bool| {
                let hit = p.number == n && !*done;
                *done |= hit;
                hit
            };
            let is_min = extreme(min, &mut labelled[0]);
            let is_max = extreme(max, &mut labelled[1]);
            let named = i == 0 || i + 1 == shown.len() || is_min || is_max;
            (p.date, p.number, named.then(|| number_text(p.number)))
        })
        .collect();
    plot.line(&mut out, &points);
    out.push_str("</svg>");
    out
}

/// Proof statements per calendar month, the twelve months up to `today`'s
/// (oldest first), as bars with their counts.
pub fn proof_per_month(per_month: &[u32; 12], today: NaiveDate) -> String {
    const HEIGHT: f64 = 180.0;
    let top = f64::from(per_month.iter().copied().max().unwrap_or(0).max(1));
    let mut out = String::new();
    open(
        &mut out,
        HEIGHT,
        "Proof statements per month, the last 12 months",
    );
    let bottom = HEIGHT - BOTTOM;
    let slot = (WIDTH - LEFT - RIGHT) / 12.0;
    let this_month = today.with_day(1).unwrap_or(today);
    for (i, count) in per_month.iter().enumerate() {
        let month = this_month
            .checked_sub_months(Months::new(11 - i as u32))
            .unwrap_or(this_month);
        let x = LEFT + slot * i as f64;
        let height = (bottom - TOP - 14.0) * f64::from(*count) / top;
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#555\" stroke=\"#111\"/>\
             <text x=\"{c}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\">{count}</text>\
             <text x=\"{c}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\">{}</text>",
            at(x + slot * 0.15),
            at(bottom - height),
            at(slot * 0.7),
            at(height),
            at(bottom - height - 4.0),
            at(bottom + 18.0),
            month.format("%b"),
            c = at(x + slot / 2.0),
        );
    }
    let _ = write!(
        out,
        "<line x1=\"{}\" y1=\"{b}\" x2=\"{}\" y2=\"{b}\" stroke=\"#111\" stroke-width=\"1.5\"/></svg>",
        at(LEFT),
        at(WIDTH - RIGHT),
        b = at(bottom)
    );
    out
}

/// The portfolio map: each assessed account by strategic score (across)
/// and its latest year's revenue (up), the quadrants split at
/// [`STRATEGIC_SCORE`] and the median revenue and named in their corners;
/// accounts whose size and strategic value disagree are diamonds, the
/// others dots, each named beside it up to [`MAP_NAMED`] accounts. With
/// `private`, the revenue axis has no figures.
pub fn portfolio_map(map: &PortfolioMap, private: bool) -> String {
    const HEIGHT: f64 = 440.0;
    let mut out = String::new();
    open(
        &mut out,
        HEIGHT,
        "Portfolio map: strategic score against revenue",
    );
    let (left, right, top, bottom) = (LEFT + 14.0, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM - 10.0);
    let max = map.max_revenue.max(1) as f64;
    let x = |score: f64| left + (right - left) * score / 100.0;
    // Points keep clear of the quadrants' names in the corners.
    let (low, high) = (bottom - 24.0, top + 30.0);
    let y = |revenue: f64| low - (low - high) * (revenue / max).clamp(0.0, 1.0);
    let (split_x, split_y) = (x(f64::from(STRATEGIC_SCORE)), y(map.median_revenue as f64));
    let _ = write!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#111\" stroke-width=\"1.5\"/>\
         <line x1=\"{sx}\" y1=\"{}\" x2=\"{sx}\" y2=\"{}\" stroke=\"#111\" stroke-dasharray=\"6 4\"/>\
         <line x1=\"{}\" y1=\"{sy}\" x2=\"{}\" y2=\"{sy}\" stroke=\"#111\" stroke-dasharray=\"6 4\"/>",
        at(left),
        at(top),
        at(right - left),
        at(bottom - top),
        at(top),
        at(bottom),
        at(left),
        at(right),
        sx = at(split_x),
        sy = at(split_y),
    );
    let corner = |out: &mut String, text: &str, x: f64, y: f64, anchor: &str| {
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"13\" font-weight=\"600\" fill=\"#444\" text-anchor=\"{anchor}\">{text}</text>",
            at(x),
            at(y)
        );
    };
    corner(
        &mut out,
        Q::LargeButTransactional.label(),
        left + 6.0,
        top + 16.0,
        "start",
    );
    corner(
        &mut out,
        Q::Strategic.label(),
        right - 6.0,
        top + 16.0,
        "end",
    );
    corner(
        &mut out,
        Q::Maintain.label(),
        left + 6.0,
        bottom - 8.0,
        "start",
    );
    corner(
        &mut out,
        Q::Developing.label(),
        right - 6.0,
        bottom - 8.0,
        "end",
    );
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"12\">0</text>\
         <text x=\"{sx}\" y=\"{b}\" font-size=\"12\" text-anchor=\"middle\">{STRATEGIC_SCORE}</text>\
         <text x=\"{}\" y=\"{b}\" font-size=\"12\" text-anchor=\"end\">100</text>\
         <text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\">strategic score</text>",
        at(left),
        at(bottom + 16.0),
        at(right),
        at((left + right) / 2.0),
        at(bottom + 32.0),
        sx = at(split_x),
        b = at(bottom + 16.0),
    );
    let axis = if private {
        "revenue (hidden)".to_string()
    } else {
        format!(
            "revenue (median {}, top {})",
            money(map.median_revenue),
            money(map.max_revenue)
        )
    };
    let _ = write!(
        out,
        "<text x=\"14\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 {})\">{}</text>",
        at((top + bottom) / 2.0),
        at((top + bottom) / 2.0),
        escape(&axis)
    );
    for point in &map.points {
        let (px, py) = (
            x(f64::from(point.score)),
            y(point.revenue.unwrap_or(0) as f64),
        );
        let mark = if map.quadrant(point).stands_out() {
            format!(
                "<path d=\"M{} {}l6 6l-6 6l-6 -6z\" fill=\"#111\"/>",
                at(px),
                at(py - 6.0)
            )
        } else {
            format!(
                "<circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"#111\"/>",
                at(px),
                at(py)
            )
        };
        let (anchor, dx) = if px > right - 160.0 {
            ("end", -9.0)
        } else {
            ("start", 9.0)
        };
        out.push_str(&mark);
        if map.points.len() > MAP_NAMED {
            continue;
        }
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"{anchor}\">{}</text>",
            at(px + dx),
            at(py + 4.0),
            escape(&truncate(&point.name, MAP_NAME))
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests;
