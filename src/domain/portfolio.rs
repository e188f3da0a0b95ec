//! The portfolio at a glance: per-account figures and what needs attention.

use std::cmp::Reverse;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::account::Account;
use super::insight::ProofStatus;

/// One account with the figures the portfolio view shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountSummary {
    /// The account.
    pub account: Account,
    /// Business issues still open.
    pub open_issues: usize,
    /// Open action plans past their due date.
    pub overdue_plans: usize,
    /// Date of the newest proof statement that counts
    /// ([`proof_counts`](super::insight::proof_counts)).
    pub last_proof: Option<NaiveDate>,
    /// Date of the newest executive review: a conversation with the
    /// customer's senior leadership and ours.
    #[serde(default)]
    pub last_executive_review: Option<NaiveDate>,
    /// Date of the latest assessment: a review too.
    #[serde(default)]
    pub last_assessment: Option<NaiveDate>,
}

impl AccountSummary {
    /// Where the proof log stands against the account's cadence on `today`.
    pub fn proof(&self, today: NaiveDate) -> ProofStatus {
        ProofStatus::new(&self.account, self.last_proof, today)
    }

    /// The reasons this account needs attention today, most urgent first;
    /// empty when it is in good order: overdue actions, and a proof log
    /// gone quiet, with its threshold ("last proof 45 d ago, cadence 30 d",
    /// "no proof yet (added 12 d ago)").
    pub fn attention(&self, today: NaiveDate) -> Vec<String> {
        let mut reasons = Vec::new();
        match self.overdue_plans {
            0 => {}
            1 => reasons.push("1 overdue action".to_string()),
            n => reasons.push(format!("{n} overdue actions")),
        }
        let proof = self.proof(today);
        if proof.gone_quiet() {
            reasons.push(proof.summary());
        }
        reasons
    }
}

/// Sorts accounts so that those needing attention come first: more overdue
/// actions, then no proof at all, then the proof log's silence measured
/// against each account's own cadence (furthest past it first), then by
/// name.
pub fn sort_by_attention(summaries: &mut [AccountSummary], today: NaiveDate) {
    summaries.sort_by_cached_key(|s| {
        let proof = s.proof(today);
        let late = proof
            .days_since
            .map_or(i64::MAX, |days| days - i64::from(proof.cadence_days));
        (
            s.attention(today).is_empty(),
            Reverse(s.overdue_plans),
            Reverse(late),
            s.account.name.to_lowercase(),
        )
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn summary(name: &str, overdue: usize, last_proof: Option<&str>) -> AccountSummary {
        AccountSummary {
            account: Account::new(name),
            open_issues: 0,
            overdue_plans: overdue,
            last_proof: last_proof.map(d),
            last_executive_review: None,
            last_assessment: None,
        }
    }

    fn with_cadence(mut s: AccountSummary, days: u32) -> AccountSummary {
        s.account.proof_cadence_days = days;
        s
    }

    #[test]
    fn reasons_are_spelled_out() {
        let today = d("2026-11-23");
        assert_eq!(
            summary("A", 2, Some("2026-09-01")).attention(today),
            ["2 overdue actions", "last proof 83 d ago, cadence 30 d"]
        );
        let mut new = summary("B", 0, None);
        new.account.created_at = d("2026-11-11").and_hms_opt(9, 0, 0).unwrap().and_utc();
        assert_eq!(new.attention(today), ["no proof yet (added 12 d ago)"]);
        assert!(
            summary("C", 0, Some("2026-11-20"))
                .attention(today)
                .is_empty()
        );
    }

    #[test]
    fn what_needs_attention_comes_first() {
        let today = d("2026-11-23");
        let mut list = vec![
            summary("Calm", 0, Some("2026-11-20")),
            summary("Quiet", 0, Some("2026-08-01")),
            summary("Late", 3, Some("2026-11-22")),
            summary("Silent", 0, None),
            summary("Also calm", 0, Some("2026-11-01")),
        ];
        sort_by_attention(&mut list, today);
        let names: Vec<_> = list.iter().map(|s| s.account.name.as_str()).collect();
        assert_eq!(names, ["Late", "Silent", "Quiet", "Also calm", "Calm"]);
    }

    #[test]
    fn each_account_keeps_its_own_cadence() {
        let today = d("2026-11-23");
        // 41 days of silence: past a 30-day cadence, within a 60-day one.
        let monthly = summary("Monthly", 0, Some("2026-10-13"));
        assert_eq!(
            monthly.attention(today),
            ["last proof 41 d ago, cadence 30 d"]
        );
        assert_eq!(monthly.proof(today).days_overdue(), Some(11));
        let bimonthly = with_cadence(summary("Bimonthly", 0, Some("2026-10-13")), 60);
        assert!(bimonthly.attention(today).is_empty());
        assert_eq!(bimonthly.proof(today).days_overdue(), None);
        // Exactly on the cadence is still in order.
        let weekly = with_cadence(summary("Weekly", 0, Some("2026-11-16")), 7);
        assert!(weekly.attention(today).is_empty());
        let late_weekly = with_cadence(summary("Weekly", 0, Some("2026-11-15")), 7);
        assert_eq!(
            late_weekly.attention(today),
            ["last proof 8 d ago, cadence 7 d"]
        );
    }

    #[test]
    fn accounts_past_their_own_cadence_sort_up() {
        let today = d("2026-11-23");
        let mut list = vec![
            // 100 days silent, but a quarterly-plus cadence: 20 days late.
            with_cadence(summary("Quarterly", 0, Some("2026-08-15")), 80),
            // 20 days silent against a weekly cadence: 13 days late.
            with_cadence(summary("Weekly", 0, Some("2026-11-03")), 7),
            // 45 days silent, cadence 60: in order.
            with_cadence(summary("Relaxed", 0, Some("2026-10-09")), 60),
            // 25 days silent, cadence 30: in order, nearer its limit.
            summary("Monthly", 0, Some("2026-10-29")),
            // 40 days silent, cadence 14: 26 days late.
            with_cadence(summary("Fortnightly", 0, Some("2026-10-14")), 14),
        ];
        sort_by_attention(&mut list, today);
        let names: Vec<_> = list.iter().map(|s| s.account.name.as_str()).collect();
        assert_eq!(
            names,
            ["Fortnightly", "Quarterly", "Weekly", "Monthly", "Relaxed"]
        );
    }
}
