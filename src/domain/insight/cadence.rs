//! Proof cadence: how steadily the proof log grows.

use chrono::{Datelike, Days, NaiveDate};

use super::Facts;
use crate::domain::dates::days_between;

/// How far back the longest gap looks, in days.
pub const WINDOW_DAYS: u64 = 365;

/// The proof log's rhythm on one day.
///
/// Proof statements dated after today do not count yet.
#[derive(Debug, Clone, PartialEq)]
pub struct ProofCadence {
    /// The account's cadence, in days.
    pub cadence_days: u32,
    /// Days since the newest proof statement; `None` when there is none.
    pub days_since: Option<i64>,
    /// The longest stretch without a proof statement in the last 365 days,
    /// in days, counting up to today. The stretch before the first proof of
    /// the window counts from the newest proof before the window, so a log
    /// silent for 500 days has a gap of 500; a log that starts inside the
    /// window counts from its first proof. `None` without proof.
    pub longest_gap: Option<i64>,
    /// Proof statements per calendar month, the last 12 months, oldest
    /// first; the last entry is the current month.
    pub per_month: [u32; 12],
}

impl ProofCadence {
    /// The cadence of `facts` on `today`.
    pub fn new(facts: &Facts, today: NaiveDate) -> Self {
        let mut dates: Vec<NaiveDate> = facts
            .proof_dates
            .iter()
            .copied()
            .filter(|d| *d <= today)
            .collect();
        dates.sort_unstable();
        Self {
            cadence_days: facts.account.proof_cadence_days,
            days_since: dates.last().map(|d| days_between(*d, today)),
            longest_gap: longest_gap(&dates, today),
            per_month: per_month(&dates, today),
        }
    }

    /// Days past the cadence, if the account is past it (no proof at all
    /// counts as past it by the whole cadence).
    pub fn days_overdue(&self) -> Option<i64> {
        let cadence = i64::from(self.cadence_days);
        match self.days_since {
            Some(days) => (days > cadence).then_some(days - cadence),
            None => Some(cadence),
        }
    }
}

/// The longest interval between consecutive `dates` (oldest first, none
/// after `today`) and from the newest to `today`, among those that reach
/// into the window of [`WINDOW_DAYS`]: the window's proofs and the newest
/// proof before them.
fn longest_gap(dates: &[NaiveDate], today: NaiveDate) -> Option<i64> {
    let start = today.checked_sub_days(Days::new(WINDOW_DAYS))?;
    let first_in_window = dates.partition_point(|d| *d < start);
    let from = first_in_window.saturating_sub(1);
    let points = dates.get(from..)?;
    let last = points.last()?;
    let between = points.windows(2).map(|w| days_between(w[0], w[1]));
    between.chain([days_between(*last, today)]).max()
}

/// How many of `dates` fall in each of the 12 calendar months up to
/// `today`'s, oldest first.
fn per_month(dates: &[NaiveDate], today: NaiveDate) -> [u32; 12] {
    let month = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
    let now = month(today);
    let mut counts = [0; 12];
    for date in dates {
        let ago = now - month(*date);
        if let Ok(ago) = usize::try_from(ago)
            && ago < 12
        {
            counts[11 - ago] += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::insight::facts::fixtures::{d, facts};

    fn cadence(dates: &[&str]) -> ProofCadence {
        let mut f = facts();
        f.proof_dates = dates.iter().map(|s| d(s)).collect();
        ProofCadence::new(&f, d("2026-11-23"))
    }

    #[test]
    fn no_proof_is_overdue_by_the_whole_cadence() {
        let c = cadence(&[]);
        assert_eq!(c.days_since, None);
        assert_eq!(c.longest_gap, None);
        assert_eq!(c.per_month, [0; 12]);
        assert_eq!(c.days_overdue(), Some(30));
    }

    #[test]
    fn days_since_and_overdue_count_from_the_newest_proof() {
        // 2026-10-13 → 2026-11-23: 18 days of October + 23 of November = 41.
        let c = cadence(&["2026-06-01", "2026-10-13"]);
        assert_eq!(c.days_since, Some(41));
        assert_eq!(c.days_overdue(), Some(11));
        // Exactly 30 days (2026-10-24) is within the cadence.
        assert_eq!(cadence(&["2026-10-24"]).days_overdue(), None);
    }

    #[test]
    fn the_longest_gap_counts_from_the_proof_before_the_window_up_to_today() {
        // The window starts 2025-11-23. Before it: 2025-09-01.
        // 2025-09-01 → 2026-01-10: 30 + 31 + 30 + 31 + 9 = 131 days.
        // 2026-01-10 → 2026-03-01: 22 + 28 = 50 days.
        // 2026-03-01 → today 2026-11-23: 267 days.
        let c = cadence(&["2025-09-01", "2026-01-10", "2026-03-01"]);
        assert_eq!(c.longest_gap, Some(267));
        // A recent proof breaks the silence up to today:
        // 2026-03-01 → 2026-11-01: 245 days; 2026-11-01 → today: 22.
        let c = cadence(&["2025-09-01", "2026-01-10", "2026-03-01", "2026-11-01"]);
        assert_eq!(c.longest_gap, Some(245));
        // Only an old proof: the silence runs from it, 2025-09-01 → today.
        assert_eq!(cadence(&["2025-09-01"]).longest_gap, Some(448));
        // A log that starts inside the window counts from its first proof.
        assert_eq!(cadence(&["2026-11-01", "2026-11-20"]).longest_gap, Some(19));
    }

    #[test]
    fn proofs_are_counted_per_calendar_month_up_to_the_current_one() {
        // December 2025 is the oldest month, November 2026 the newest.
        let c = cadence(&[
            "2025-11-30",
            "2025-12-01",
            "2026-05-09",
            "2026-05-20",
            "2026-11-23",
            "2026-11-24",
        ]);
        assert_eq!(c.per_month, [1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1]);
        // The proof dated tomorrow does not count yet.
        assert_eq!(c.days_since, Some(0));
    }
}
