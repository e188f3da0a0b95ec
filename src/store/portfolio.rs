//! The portfolio summary: every account's figures, read through the
//! signals kept per account, in the order that puts what needs attention
//! first.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::database::Store;
use super::error::Result;
use crate::domain::portfolio::{AccountSummary, sort_by_attention};
use crate::domain::{Account, Id};

/// The figures of one account the portfolio shows beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// Business issues still open.
    pub open_issues: usize,
    /// Open action plans past their due date.
    pub overdue_plans: usize,
    /// Date of the newest proof statement that counts on the day they were
    /// read for ([`proof_counts`](crate::domain::insight::proof_counts):
    /// dated that day or earlier).
    pub last_proof: Option<NaiveDate>,
    /// Date of the newest executive review (a conversation marked so) on
    /// or before the day they were read for.
    #[serde(default)]
    pub last_executive_review: Option<NaiveDate>,
    /// Date of the latest assessment on or before that day.
    #[serde(default)]
    pub last_assessment: Option<NaiveDate>,
}

impl Figures {
    /// `account` with these figures.
    pub fn summary(self, account: Account) -> AccountSummary {
        AccountSummary {
            account,
            open_issues: self.open_issues,
            overdue_plans: self.overdue_plans,
            last_proof: self.last_proof,
            last_executive_review: self.last_executive_review,
            last_assessment: self.last_assessment,
        }
    }
}

/// The figures of `account` on `today`: three seeks of an index.
pub(super) fn figures(conn: &Connection, account: Id, today: NaiveDate) -> Result<Figures> {
    let mut stmt = conn.prepare_cached(
        "SELECT
           (SELECT count(*) FROM business_issue i WHERE i.account_id = ?1 AND i.status = 'open'),
           (SELECT count(*) FROM action_plan p JOIN business_issue i ON p.issue_id = i.id
             WHERE i.account_id = ?1 AND p.status NOT IN ('done', 'dropped') AND p.due < ?2),
           (SELECT max(date) FROM proof_statement WHERE account_id = ?1 AND date <= ?2),
           (SELECT max(date) FROM conversation
             WHERE account_id = ?1 AND executive_review AND date <= ?2),
           (SELECT max(date) FROM assessment WHERE account_id = ?1 AND date <= ?2)",
    )?;
    Ok(stmt.query_row((account, today), |r| {
        let count = |n: i64| usize::try_from(n).unwrap_or(0);
        Ok(Figures {
            open_issues: count(r.get(0)?),
            overdue_plans: count(r.get(1)?),
            last_proof: r.get(2)?,
            last_executive_review: r.get(3)?,
            last_assessment: r.get(4)?,
        })
    })?)
}

impl Store {
    /// Every account with its open issues, overdue plans and latest proof
    /// statement that counts on `today`, sorted so that what needs attention
    /// on `today` comes first.
    pub fn portfolio(&self, today: NaiveDate) -> Result<Vec<AccountSummary>> {
        let mut summaries = self.kept(today)?;
        sort_by_attention(&mut summaries, today);
        Ok(summaries)
    }
}
