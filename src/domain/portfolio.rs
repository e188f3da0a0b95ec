//! The portfolio at a glance: per-account figures and what needs attention.

use std::cmp::Reverse;

use chrono::NaiveDate;

use super::account::Account;
use super::dates::days_between;

/// Days without a proof statement after which an account needs attention.
pub const PROOF_CADENCE_DAYS: i64 = 30;

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
            Some(days) if days > PROOF_CADENCE_DAYS => {
                reasons.push(format!("no proof for {days} days"))
            }
            Some(_) => {}
        }
        reasons
    }
}

/// Sorts accounts so that those needing attention come first: more overdue
/// actions, then longer silence in the proof log, then by name.
pub fn sort_by_attention(summaries: &mut [AccountSummary], today: NaiveDate) {
    summaries.sort_by_cached_key(|s| {
        let gap = s.days_since_proof(today).unwrap_or(i64::MAX);
        (
            s.attention(today).is_empty(),
            Reverse(s.overdue_plans),
            Reverse(gap),
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

    #[test]
    fn reasons_are_spelled_out() {
        let today = d("2026-11-23");
        assert_eq!(
            summary("A", 2, Some("2026-09-01")).attention(today),
            ["2 overdue actions", "no proof for 83 days"]
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
}
