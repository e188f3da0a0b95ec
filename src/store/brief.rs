//! Reading what the prep brief of one account is built from.

use chrono::{DateTime, NaiveDate, Utc};

use super::database::Store;
use super::error::{Result, StoreError};
use crate::domain::Id;
use crate::domain::brief::{Brief, Sources};
use crate::domain::insight::{ContactFlags, TalkMix, flags};

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
            conversations: &records.conversations,
            changes: &changes,
        };
        let mut brief = Brief::build(sources, since, today, private);
        // Recording an assessment counts as a review.
        brief.last_review = account.last_reviewed(records.assessments.iter().map(|a| a.date).max());
        brief.team_test = records
            .matching
            .iter()
            .filter(|m| m.is_team())
            .max_by_key(|m| (m.taken_at, m.id))
            .cloned();
        let facts = self.account_facts(account_id, today)?;
        brief.flags = flags(
            &brief.proof,
            &ContactFlags::new(&facts, today),
            &TalkMix::new(&facts, today),
        );
        Ok(brief)
    }

    /// The date of the newest conversation with `account_id` on or before
    /// `today`: where "since last time" may start.
    pub fn last_conversation(&self, account_id: Id, today: NaiveDate) -> Result<Option<NaiveDate>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT max(date) FROM conversation WHERE account_id = ?1 AND date <= ?2",
        )?;
        Ok(stmt.query_row((account_id, today), |r| r.get(0))?)
    }
}
