//! Proof cadence: how steadily the proof log grows, and the one definition
//! of where an account's proof log stands against its cadence.

use chrono::{Datelike, Days, NaiveDate};

use super::Facts;
use crate::domain::Account;
use crate::domain::dates::{days_ago, days_between, days_since_created};

/// How far back the longest gap looks, in days.
pub const WINDOW_DAYS: u64 = 365;

/// Whether a proof statement dated `date` counts on `today`: a proof
/// statement records something delivered, so one dated after today (older
/// data, entered before future dates were refused) does not count yet.
pub fn proof_counts(date: NaiveDate, today: NaiveDate) -> bool {
    date <= today
}

/// Where an account's proof log stands against its proof cadence on one
/// day. Every screen and command that speaks of "last proof", "proof
/// overdue", "no proof yet" or "gone quiet" takes it from here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProofStatus {
    /// The account's cadence, in days.
    pub cadence_days: u32,
    /// The newest proof statement that counts (see [`proof_counts`]).
    pub last_proof: Option<NaiveDate>,
    /// Days since that proof statement.
    pub days_since: Option<i64>,
    /// Days since the account was added.
    pub days_since_added: i64,
}

impl ProofStatus {
    /// The status of `account` on `today`, given the dates of its proof
    /// statements (any order; those that do not count yet are ignored).
    pub fn new(
        account: &Account,
        proof_dates: impl IntoIterator<Item = NaiveDate>,
        today: NaiveDate,
    ) -> Self {
        let last_proof = proof_dates
            .into_iter()
            .filter(|d| proof_counts(*d, today))
            .max();
        Self {
            cadence_days: account.proof_cadence_days,
            last_proof,
            days_since: last_proof.map(|d| days_between(d, today)),
            days_since_added: days_since_created(account.created_at, today),
        }
    }

    /// Days past the cadence, when the account has proof and the newest is
    /// older than the cadence. An account without proof is not "overdue by
    /// a whole cadence": it has no proof yet ([`Self::no_proof_yet`]).
    pub fn days_overdue(&self) -> Option<i64> {
        let late = self.days_since? - i64::from(self.cadence_days);
        (late > 0).then_some(late)
    }

    /// Whether the account has no proof statement that counts.
    pub fn no_proof_yet(&self) -> bool {
        self.last_proof.is_none()
    }

    /// Whether the account has gone quiet: no proof yet, or the newest
    /// proof older than the cadence. Conversations do not count: the point
    /// is an unbroken proof log.
    pub fn gone_quiet(&self) -> bool {
        self.no_proof_yet() || self.days_overdue().is_some()
    }

    /// The day the next proof statement is due: the cadence after the
    /// newest; `None` without proof.
    pub fn next_due(&self) -> Option<NaiveDate> {
        self.last_proof.map(|d| {
            d.checked_add_days(Days::new(u64::from(self.cadence_days)))
                .unwrap_or(NaiveDate::MAX)
        })
    }

    /// The status in words with its threshold: "last proof 45 d ago,
    /// cadence 30 d", "last proof today, cadence 30 d", "no proof yet
    /// (added 12 d ago)".
    pub fn summary(&self) -> String {
        match self.days_since {
            Some(days) => format!(
                "last proof {}, cadence {} d",
                days_ago(days),
                self.cadence_days
            ),
            None => format!("no proof yet (added {})", days_ago(self.days_since_added)),
        }
    }

    /// The short flag beside the account when it has gone quiet: "proof
    /// overdue 15 d" or "no proof yet"; `None` while it keeps its cadence.
    pub fn flag(&self) -> Option<String> {
        if self.no_proof_yet() {
            return Some("no proof yet".to_string());
        }
        self.days_overdue()
            .map(|late| format!("proof overdue {late} d"))
    }
}

/// The proof log's rhythm on one day.
///
/// Proof statements that do not count yet ([`proof_counts`]) are left out.
#[derive(Debug, Clone, PartialEq)]
pub struct ProofCadence {
    /// Where the log stands against the account's cadence.
    pub status: ProofStatus,
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
            .filter(|d| proof_counts(*d, today))
            .collect();
        dates.sort_unstable();
        Self {
            status: ProofStatus::new(&facts.account, dates.iter().copied(), today),
            longest_gap: longest_gap(&dates, today),
            per_month: per_month(&dates, today),
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
    fn no_proof_is_no_proof_yet_not_overdue_by_the_whole_cadence() {
        let c = cadence(&[]);
        assert_eq!(c.status.days_since, None);
        assert_eq!(c.longest_gap, None);
        assert_eq!(c.per_month, [0; 12]);
        assert_eq!(c.status.days_overdue(), None);
        assert!(c.status.no_proof_yet() && c.status.gone_quiet());
        assert_eq!(c.status.flag().as_deref(), Some("no proof yet"));
    }

    #[test]
    fn no_proof_yet_says_how_long_ago_the_account_was_added() {
        let mut account = Account::new("Brennholt Verpackung");
        account.created_at = d("2026-11-11").and_hms_opt(9, 0, 0).unwrap().and_utc();
        let status = ProofStatus::new(&account, [], d("2026-11-23"));
        assert_eq!(status.summary(), "no proof yet (added 12 d ago)");
        assert_eq!(status.next_due(), None);
    }

    #[test]
    fn the_summary_states_the_threshold() {
        let account = Account::new("Brennholt Verpackung");
        let status = ProofStatus::new(&account, [d("2026-10-09")], d("2026-11-23"));
        assert_eq!(status.summary(), "last proof 45 d ago, cadence 30 d");
        assert_eq!(status.flag().as_deref(), Some("proof overdue 15 d"));
        assert_eq!(status.next_due(), Some(d("2026-11-08")));
        let today = ProofStatus::new(&account, [d("2026-11-23")], d("2026-11-23"));
        assert_eq!(today.summary(), "last proof today, cadence 30 d");
        assert!(!today.gone_quiet() && today.flag().is_none());
    }

    #[test]
    fn a_proof_dated_after_today_does_not_count_yet() {
        let account = Account::new("Brennholt Verpackung");
        let today = d("2026-11-23");
        let status = ProofStatus::new(&account, [d("2026-10-09"), d("2026-12-20")], today);
        assert_eq!(status.last_proof, Some(d("2026-10-09")));
        assert_eq!(status.days_overdue(), Some(15));
        let only_future = ProofStatus::new(&account, [d("2026-12-20")], today);
        assert!(only_future.no_proof_yet());
    }

    #[test]
    fn days_since_and_overdue_count_from_the_newest_proof() {
        // 2026-10-13 → 2026-11-23: 18 days of October + 23 of November = 41.
        let c = cadence(&["2026-06-01", "2026-10-13"]);
        assert_eq!(c.status.days_since, Some(41));
        assert_eq!(c.status.days_overdue(), Some(11));
        // Exactly 30 days (2026-10-24) is within the cadence.
        assert_eq!(cadence(&["2026-10-24"]).status.days_overdue(), None);
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
        assert_eq!(c.status.days_since, Some(0));
    }
}
