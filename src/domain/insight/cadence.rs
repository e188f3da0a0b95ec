//! Proof cadence: how steadily the proof log grows.

use chrono::NaiveDate;

use super::Facts;

/// The proof log's rhythm on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct ProofCadence {
    /// The account's cadence, in days.
    pub cadence_days: u32,
    /// Days since the newest proof statement; `None` when there is none.
    pub days_since: Option<i64>,
    /// The longest stretch without a proof statement in the last 365 days,
    /// in days, counting up to today.
    pub longest_gap: Option<i64>,
    /// Proof statements per calendar month, the last 12 months, oldest
    /// first; the last entry is the current month.
    pub per_month: [u32; 12],
}

impl ProofCadence {
    /// The cadence of `facts` on `today`.
    pub fn new(facts: &Facts, today: NaiveDate) -> Self {
        let _ = (facts, today);
        todo!()
    }

    /// Days past the cadence, if the account is past it (no proof at all
    /// counts as past it by the whole cadence).
    pub fn days_overdue(&self) -> Option<i64> {
        todo!()
    }
}
