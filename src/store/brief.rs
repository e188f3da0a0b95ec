//! Reading what the prep brief of one account is built from.

use chrono::{DateTime, NaiveDate, Utc};

use super::{Result, Store, StoreError};
use crate::domain::Id;
use crate::domain::brief::{Brief, Sources};

impl Store {
    /// The prep brief of `account_id` for `today`, with what changed since
    /// `since`; with `private`, confidential figures are left out.
    pub fn brief(
        &self,
        account_id: Id,
        since: DateTime<Utc>,
        today: NaiveDate,
        private: bool,
    ) -> Result<Brief> {
        let records = self.account_records(account_id)?;
        let changes = self.changes_since(account_id, since)?;
        let account = records
            .accounts
            .first()
            .ok_or(StoreError::NotFound("account"))?;
        let sources = Sources {
            account,
            issues: &records.issues,
            plans: &records.plans,
            proofs: &records.proofs,
            stakeholders: &records.stakeholders,
            changes: &changes,
        };
        Ok(Brief::build(sources, since, today, private))
    }
}
