//! The portfolio summary: one query for every account's figures.

use chrono::NaiveDate;

use super::agenda::last_proofs;
use super::database::Store;
use super::error::Result;
use crate::domain::portfolio::{AccountSummary, sort_by_attention};

impl Store {
    /// Every account with its open issues, overdue plans and latest proof
    /// statement that counts on `today`, sorted so that what needs attention
    /// on `today` comes first.
    pub fn portfolio(&self, today: NaiveDate) -> Result<Vec<AccountSummary>> {
        let accounts = self.accounts()?;
        let last = last_proofs(&self.conn, today)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT
               (SELECT count(*) FROM business_issue i WHERE i.account_id = ?1 AND i.status = 'open'),
               (SELECT count(*) FROM action_plan p JOIN business_issue i ON p.issue_id = i.id
                 WHERE i.account_id = ?1 AND p.status NOT IN ('done', 'dropped') AND p.due < ?2)",
        )?;
        let mut summaries = Vec::with_capacity(accounts.len());
        for account in accounts {
            let (open, overdue): (i64, i64) =
                stmt.query_row((account.id, today), |r| Ok((r.get(0)?, r.get(1)?)))?;
            let last_proof = last.get(&account.id).copied();
            summaries.push(AccountSummary {
                account,
                open_issues: usize::try_from(open).unwrap_or(0),
                overdue_plans: usize::try_from(overdue).unwrap_or(0),
                last_proof,
            });
        }
        sort_by_attention(&mut summaries, today);
        Ok(summaries)
    }
}
