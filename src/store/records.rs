//! Whole sets of records at once: the portfolio for an export, one account
//! with everything under it.

use super::{
    Result, Snapshot, Store, accounts, assessments, conversations, issues, matching, plans, proofs,
    stakeholders, whitespace,
};
use crate::domain::Id;

impl Store {
    /// Every record in the database, each kind ordered by id, read in one
    /// consistent snapshot even while another kam writes.
    pub fn all_records(&self) -> Result<Snapshot> {
        let tx = self.conn.unchecked_transaction()?;
        Ok(Snapshot {
            accounts: accounts::all(&tx)?,
            issues: issues::all(&tx)?,
            plans: plans::all(&tx)?,
            proofs: proofs::all(&tx)?,
            stakeholders: stakeholders::all(&tx)?,
            conversations: conversations::all(&tx)?,
            assessments: assessments::all(&tx)?,
            whitespace: whitespace::all(&tx)?,
            matching: matching::all(&tx)?,
        })
    }

    /// One account with everything under it, each kind in the order the
    /// workspace shows it: issues open and important first, plans by issue,
    /// proof statements newest first, stakeholders by name,
    /// conversations newest first, assessments and matching tests oldest first.
    pub fn account_records(&self, account_id: Id) -> Result<Snapshot> {
        let tx = self.conn.unchecked_transaction()?;
        let account = self.account(account_id)?;
        let issues = issues::for_account(&tx, account_id)?;
        let mut plans = Vec::new();
        for issue in &issues {
            plans.extend(plans::for_issue(&tx, issue.id)?);
        }
        Ok(Snapshot {
            accounts: vec![account],
            issues,
            plans,
            proofs: proofs::all_for_account(&tx, account_id)?,
            stakeholders: stakeholders::for_account(&tx, account_id)?,
            conversations: conversations::for_account(&tx, account_id)?,
            assessments: assessments::for_account(&tx, account_id)?,
            whitespace: Some(whitespace::get(&tx, account_id)?)
                .filter(|grid| !grid.is_empty())
                .into_iter()
                .collect(),
            matching: matching::for_account(&tx, account_id)?,
        })
    }
}
