//! The portfolio at a glance: per-account figures and what needs attention.

use std::cmp::Reverse;

use chrono::NaiveDate;

use super::account::Account;
use super::dates::days_between;

/// One account with the figures the portfolio view shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountSummary {
    /// The account.
    pub account: Account,
    /// Business issues still open.
    pub open_issues: usize,
    /// Open action plans past their due date.
    pub overdue_plans: usize,
    /// Date of the newest proof statement.
    pub last_proof: Option<NaiveDate>,
}

impl AccountSummary {
    /// Days since the newest proof statement, if there is one.
    pub fn days_since_proof(&self, today: NaiveDate) -> Option<i64> {
        self.last_proof.map(|d| days_between(d, today))
    }

    /// Days the proof log has been silent beyond the account's proof
    /// cadence; `None` while the account keeps its cadence or has no proof
    /// at all.
    pub fn days_past_cadence(&self, today: NaiveDate) -> Option<i64> {
        let cadence = i64::from(self.account.proof_cadence_days);
        self.days_since_proof(today)
            .map(|days| days - cadence)
            .filter(|&late| late > 0)
    }

    /// The reasons this account needs attention today, most urgent first;
    /// empty when it is in good order.
    pub fn attention(&self, today: NaiveDate) -> Vec<String> {
        let mut reasons = Vec::new();
        match self.overdue_plans {
            0 => {}
            1 => reasons.push("1 overdue action".to_string()),
            n => reasons.push(format!("{n} overdue actions")),
        }
        match self.days_since_proof(today) {
            None => reasons.push("no proof yet".to_string()),
            Some(days) if self.days_past_cadence(today).is_some() => reasons.push(format!(
                "no proof for {days} days (cadence {})",
                self.account.proof_cadence_days
            )),
            Some(_) => {}
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
        let cadence = i64::from(s.account.proof_cadence_days);
        let late = s
            .days_since_proof(today)
            .map_or(i64::MAX, |days| days - cadence);
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
            ["2 overdue actions", "no proof for 83 days (cadence 30)"]
        );
        assert_eq!(summary("B", 0, None).attention(today), ["no proof yet"]);
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
            ["no proof for 41 days (cadence 30)"]
        );
        assert_eq!(monthly.days_past_cadence(today), Some(11));
        let bimonthly = with_cadence(summary("Bimonthly", 0, Some("2026-10-13")), 60);
        assert!(bimonthly.attention(today).is_empty());
        assert_eq!(bimonthly.days_past_cadence(today), None);
        // Exactly on the cadence is still in order.
        let weekly = with_cadence(summary("Weekly", 0, Some("2026-11-16")), 7);
        assert!(weekly.attention(today).is_empty());
        let late_weekly = with_cadence(summary("Weekly", 0, Some("2026-11-15")), 7);
        assert_eq!(
            late_weekly.attention(today),
            ["no proof for 8 days (cadence 7)"]
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
