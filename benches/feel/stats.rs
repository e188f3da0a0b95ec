//! Medians, 95th percentiles and ratios of timed samples.

use std::time::Duration;

/// Samples of one figure, in milliseconds (or KiB for memory).
#[derive(Default, Clone)]
pub struct Samples(Vec<f64>);

impl Samples {
    /// Adds a time.
    pub fn push_time(&mut self, time: Duration) {
        self.0.push(time.as_secs_f64() * 1000.0);
    }

    /// Adds a plain number.
    pub fn push(&mut self, value: f64) {
        self.0.push(value);
    }

    /// Adds every sample of `other`.
    pub fn extend(&mut self, other: &Samples) {
        self.0.extend_from_slice(&other.0);
    }

    /// How many samples there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    fn sorted(&self) -> Vec<f64> {
        let mut v = self.0.clone();
        v.sort_by(f64::total_cmp);
        v
    }

    /// The median, if there are samples.
    pub fn median(&self) -> Option<f64> {
        let v = self.sorted();
        let n = v.len();
        match n {
            0 => None,
            _ if n % 2 == 1 => Some(v[n / 2]),
            _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
        }
    }

    /// The 95th percentile (nearest rank), if there are samples.
    pub fn p95(&self) -> Option<f64> {
        let v = self.sorted();
        let rank = (v.len() as f64 * 0.95).ceil() as usize;
        v.get(rank.max(1) - 1).copied()
    }

    /// "median (p95 x)" with `unit`, or "–".
    pub fn show(&self, unit: &str) -> String {
        match (self.median(), self.p95()) {
            (Some(m), Some(p)) if self.len() > 1 => format!("{m:.1} {unit} (p95 {p:.1})"),
            (Some(m), _) => format!("{m:.1} {unit}"),
            _ => "–".to_string(),
        }
    }
}

/// `a`'s median over `b`'s, as "2.4x", or "–".
pub fn ratio(a: &Samples, b: &Samples) -> String {
    match (a.median(), b.median()) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.1}x", a / b),
        _ => "–".to_string(),
    }
}
