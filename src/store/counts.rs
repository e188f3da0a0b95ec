//! How many records of each kind a database holds.

use rusqlite::Connection;

use super::error::Result;

/// How many records of each kind a database holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Accounts.
    pub accounts: usize,
    /// Business issues.
    pub issues: usize,
    /// Action plans.
    pub plans: usize,
    /// Plan steps.
    pub steps: usize,
    /// Proof statements.
    pub proofs: usize,
}

/// How many records of each kind the database `conn` has open holds.
pub(super) fn count_records(conn: &Connection) -> Result<Counts> {
    let count = |table: &str| -> Result<usize> {
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    };
    Ok(Counts {
        accounts: count("account")?,
        issues: count("business_issue")?,
        plans: count("action_plan")?,
        steps: count("plan_step")?,
        proofs: count("proof_statement")?,
    })
}
