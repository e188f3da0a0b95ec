//! Measured value: a proof statement's value read as a number and a unit,
//! the measure it belongs to, and the series of a measure's values over
//! time that the value scorecard shows.
//!
//! A measure is named per account ("Crane availability"); every proof
//! statement that carries it is one point of its series. Which direction is
//! better, the target and whether the figures are confidential travel with
//! each statement; the newest statement's say is the measure's definition.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ProofStatement;
use super::choice::choice_enum;

choice_enum! {
    /// Which direction of a measure is better.
    pub enum Better {
        /// More is better: availability, jobs done.
        Higher => ("higher", "higher is better"),
        /// Less is better: hours to repair, defects.
        Lower => ("lower", "lower is better"),
    }
}

/// What a proof statement measures: the series it belongs to and how its
/// values are judged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    /// The measure's name within the account, e.g. "Crane availability".
    pub name: String,
    /// Which direction is better.
    pub better: Better,
    /// The value aimed for, in the measure's unit.
    #[serde(default)]
    pub target: Option<f64>,
    /// Whether private mode hides the measure's values.
    #[serde(default)]
    pub confidential: bool,
}

impl std::fmt::Display for Measure {
    /// The measure as the history tells it: "Crane availability · higher is
    /// better · target 99 · confidential".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} · {}", self.name, self.better)?;
        if let Some(target) = self.target {
            write!(f, " · target {}", number_text(target))?;
        }
        if self.confidential {
            f.write_str(" · confidential")?;
        }
        Ok(())
    }
}

/// A value read as a number and a unit: `99.2 %`, `4 h`, `52 jobs`.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The number.
    pub number: f64,
    /// The unit, possibly empty for a bare count.
    pub unit: String,
}

/// Why a measured value cannot be read as a number and a unit.
pub const NOT_A_QUANTITY: &str = "A measured value is a number and a unit, e.g. 99.2 %, 4 h or 52 jobs (a decimal point, no thousands separator)";

impl Quantity {
    /// Reads `text` as a number followed by at most one word of unit, only
    /// where it clearly is one: `99.2 %`, `4h`, `-25 %`, `52 jobs`. Text
    /// with more words, a thousands separator or a decimal comma ("5,000")
    /// is not guessed at.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let end = text
            .char_indices()
            .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (i == 0 && "+-".contains(c))))
            .map_or(text.len(), |(i, _)| i);
        let (number, unit) = text.split_at(end);
        let unit = unit.trim();
        let plain = number.trim_start_matches(['+', '-']);
        let is_number = !plain.is_empty()
            && !plain.starts_with('.')
            && !plain.ends_with('.')
            && plain.matches('.').count() <= 1;
        let is_unit = !unit.contains(char::is_whitespace)
            && unit.chars().all(|c| c.is_alphabetic() || "%/°".contains(c));
        if !is_number || !is_unit {
            return None;
        }
        let number: f64 = number.parse().ok()?;
        number.is_finite().then(|| Self {
            number,
            unit: unit.to_string(),
        })
    }

    /// The value as people write it: `99.2 %`, `4 h`, `52`.
    pub fn text(&self) -> String {
        let number = number_text(self.number);
        if self.unit.is_empty() {
            number
        } else {
            format!("{number} {}", self.unit)
        }
    }
}

/// A number without needless decimals: "99.2", "4", "0.25".
pub fn number_text(number: f64) -> String {
    let text = format!("{number:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// How many of the newest values the brief's text trend shows.
pub const TEXT_TREND: usize = 12;

/// One value of a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// When it was measured.
    pub date: NaiveDate,
    /// The value, in the series' unit.
    pub number: f64,
}

/// Where a series is heading, judged by its direction of better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    /// The latest value is better than the one before.
    Improving,
    /// The latest value is worse than the one before.
    Worsening,
    /// The latest value equals the one before.
    Steady,
    /// Only one value so far.
    Single,
}

impl Trend {
    /// The trend in a word.
    pub fn label(self) -> &'static str {
        match self {
            Trend::Improving => "improving",
            Trend::Worsening => "worsening",
            Trend::Steady => "steady",
            Trend::Single => "first value",
        }
    }
}

/// A measure's values over time, oldest first: one line of the value
/// scorecard.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The measure as its newest statement defines it.
    pub measure: Measure,
    /// The unit of its newest value.
    pub unit: String,
    /// Its values, oldest first.
    pub points: Vec<Point>,
}

impl Series {
    /// The newest value.
    pub fn latest(&self) -> Option<Point> {
        self.points.last().copied()
    }

    /// The newest value with its unit, e.g. `99.2 %`.
    pub fn latest_text(&self) -> String {
        self.latest().map_or_else(String::new, |p| {
            Quantity {
                number: p.number,
                unit: self.unit.clone(),
            }
            .text()
        })
    }

    /// The target with its unit, e.g. `99 %`; empty without a target.
    pub fn target_text(&self) -> String {
        self.measure.target.map_or_else(String::new, |number| {
            Quantity {
                number,
                unit: self.unit.clone(),
            }
            .text()
        })
    }

    /// Whether the newest value meets the target; `None` without a target
    /// or a value. Meeting it exactly counts, in either direction.
    pub fn target_met(&self) -> Option<bool> {
        let target = self.measure.target?;
        let latest = self.latest()?.number;
        Some(match self.measure.better {
            Better::Higher => latest >= target,
            Better::Lower => latest <= target,
        })
    }

    /// The verdict on the target: "target 99 % met", "target 4 h missed",
    /// or empty without a target.
    pub fn verdict(&self) -> String {
        match self.target_met() {
            Some(met) => format!(
                "target {} {}",
                self.target_text(),
                if met { "met" } else { "missed" }
            ),
            None => String::new(),
        }
    }

    /// The newest value, the trend and the verdict on the target, e.g.
    /// "99.3 % · improving · target 99 % met".
    pub fn summary(&self) -> String {
        let mut parts = vec![self.latest_text(), self.trend().label().to_string()];
        parts.push(self.verdict());
        parts.retain(|p| !p.is_empty());
        parts.join(" · ")
    }

    /// The summary with the newest [`TEXT_TREND`] values as a text trend,
    /// e.g. "99.3 % · improving · target 99 % met · ▁▄▆█ since 2026-01-05";
    /// "hidden (private)" when private mode hides the values.
    pub fn brief_line(&self, private: bool) -> String {
        if self.hidden(private) || self.points.is_empty() {
            return "hidden (private)".to_string();
        }
        let shown = &self.points[self.points.len().saturating_sub(TEXT_TREND)..];
        format!(
            "{} · {} since {}",
            self.summary(),
            self.text_trend(TEXT_TREND),
            shown[0].date
        )
    }

    /// Whether private mode hides this series' values.
    pub fn hidden(&self, private: bool) -> bool {
        private && self.measure.confidential
    }

    /// The newest value against the one before it.
    pub fn trend(&self) -> Trend {
        let [.., before, latest] = self.points.as_slice() else {
            return Trend::Single;
        };
        let rise = latest.number - before.number;
        let better = match self.measure.better {
            Better::Higher => rise,
            Better::Lower => -rise,
        };
        if better > 0.0 {
            Trend::Improving
        } else if better < 0.0 {
            Trend::Worsening
        } else {
            Trend::Steady
        }
    }

    /// The newest `width` values as a line of block characters, lowest
    /// `▁` to highest `█`: the compact trend of the brief.
    pub fn text_trend(&self, width: usize) -> String {
        const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
        let shown = &self.points[self.points.len().saturating_sub(width)..];
        let (low, high) = bounds(shown.iter().map(|p| p.number));
        shown
            .iter()
            .map(|p| {
                let step = if high > low {
                    ((p.number - low) / (high - low) * 7.0).round() as usize
                } else {
                    3
                };
                BLOCKS[step.min(7)]
            })
            .collect()
    }
}

/// The lowest and highest of `numbers` (0, 0 for none).
pub fn bounds(numbers: impl Iterator<Item = f64>) -> (f64, f64) {
    numbers
        .fold(None, |acc: Option<(f64, f64)>, n| {
            Some(acc.map_or((n, n), |(lo, hi)| (lo.min(n), hi.max(n))))
        })
        .unwrap_or((0.0, 0.0))
}

/// The measures of an account's proof statements, each with its series,
/// by name. Statements whose value is not a quantity are left out of the
/// series; names are compared ignoring case.
pub fn series(proofs: &[ProofStatement]) -> Vec<Series> {
    let mut sorted: Vec<&ProofStatement> = proofs.iter().filter(|p| p.measure.is_some()).collect();
    sorted.sort_by_key(|p| (p.date, p.created_at));
    let mut all: Vec<Series> = Vec::new();
    for proof in sorted {
        let (Some(measure), Some(quantity)) = (&proof.measure, proof.quantity()) else {
            continue;
        };
        let point = Point {
            date: proof.date,
            number: quantity.number,
        };
        match all
            .iter_mut()
            .find(|s| same_name(&s.measure.name, &measure.name))
        {
            Some(series) => {
                series.measure = measure.clone();
                series.unit = quantity.unit;
                series.points.push(point);
            }
            None => all.push(Series {
                measure: measure.clone(),
                unit: quantity.unit,
                points: vec![point],
            }),
        }
    }
    all.sort_by_key(|s| s.measure.name.to_lowercase());
    all
}

/// Whether two measure names name the same measure.
pub fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

#[cfg(test)]
mod tests;
