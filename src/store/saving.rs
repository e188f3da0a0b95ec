//! Saving one record, the same way for every kind: validate, stamp the
//! change, write its history and (for an edit) an undo entry, then the
//! record itself, in one transaction.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::issues::short;
use super::undo::{self, Snapshot};
use super::{
    Result, Store, accounts, assessments, conversations, history, issues, plans, proofs,
    stakeholders,
};
use crate::domain::history::Tracked;
use crate::domain::{
    Account, ActionPlan, Assessment, BusinessIssue, Conversation, Id, Invalid, ProofStatement,
    Stakeholder,
};

/// A record's `created_at` or `updated_at`.
pub(super) type Stamp = DateTime<Utc>;

/// A record kind the store saves with [`Store::save_record`].
pub(super) trait Saved: Tracked + Clone {
    /// The words naming an edit of this record in the undo list, e.g.
    /// `edit of issue “Lines stop”`.
    fn edit_label(&self) -> String;
    /// Runs the domain's validation.
    fn check(&self) -> std::result::Result<(), Invalid>;
    /// When the record was created and last changed, to stamp.
    fn times(&mut self) -> (&mut Stamp, &mut Stamp);
    /// The account the record belongs to, for its history.
    fn account(&self, conn: &Connection) -> Result<Option<Id>>;
    /// The stored version, if any.
    fn load(conn: &Connection, id: Id) -> Result<Option<Self>>;
    /// Inserts the record or replaces the stored one.
    fn store(&self, conn: &Connection) -> Result<()>;
    /// A snapshot holding only this record, for undo.
    fn snapshot(self) -> Snapshot;
}

impl Store {
    /// Creates or updates `record` after validating it; returns it as
    /// stored (`updated_at` now, `created_at` kept). An edit can be undone.
    pub(super) fn save_record<T: Saved>(&mut self, record: &T) -> Result<T> {
        record.check()?;
        let mut saved = record.clone();
        *saved.times().1 = Utc::now();
        self.write(|tx| {
            let old = T::load(tx, saved.record_id())?;
            let account = saved.account(tx)?;
            history::saved(tx, account, old.as_ref(), &saved)?;
            if let Some(mut old) = old {
                *saved.times().0 = *old.times().0;
                undo::push(tx, &old.edit_label(), &old.snapshot())?;
            }
            saved.store(tx)
        })?;
        Ok(saved)
    }
}

/// Implements [`Saved`] for a record kind whose module has `get` and
/// `upsert_many`, with the undo label and the account given as closures
/// over the record (`$r`) and the connection (`$conn`).
macro_rules! saved {
    ($type:ty, $module:ident, $snapshot:ident,
     label: |$r:ident| $label:expr,
     account: |$a:ident, $conn:ident| $account:expr) => {
        impl Saved for $type {
            fn edit_label(&self) -> String {
                let $r = self;
                $label
            }
            fn check(&self) -> std::result::Result<(), Invalid> {
                self.validate()
            }
            fn times(&mut self) -> (&mut Stamp, &mut Stamp) {
                (&mut self.created_at, &mut self.updated_at)
            }
            fn account(&self, $conn: &Connection) -> Result<Option<Id>> {
                let $a = self;
                $account
            }
            fn load(conn: &Connection, id: Id) -> Result<Option<Self>> {
                $module::get(conn, id)
            }
            fn store(&self, conn: &Connection) -> Result<()> {
                $module::upsert_many(conn, [self])
            }
            fn snapshot(self) -> Snapshot {
                Snapshot::$snapshot(vec![self])
            }
        }
    };
}

saved!(Account, accounts, accounts,
    label: |r| format!("edit of account “{}”", r.name),
    account: |a, _conn| Ok(Some(a.id)));
saved!(BusinessIssue, issues, issues,
    label: |r| format!("edit of issue “{}”", short(&r.statement)),
    account: |a, _conn| Ok(Some(a.account_id)));
saved!(ActionPlan, plans, plans,
    label: |r| format!("edit of plan “{}”", short(&r.title)),
    account: |a, conn| history::issue_account(conn, a.issue_id));
saved!(ProofStatement, proofs, proofs,
    label: |r| format!("edit of proof statement “{}”", short(&r.statement)),
    account: |a, _conn| Ok(Some(a.account_id)));
saved!(Stakeholder, stakeholders, stakeholders,
    label: |r| format!("edit of stakeholder “{}”", r.name),
    account: |a, _conn| Ok(Some(a.account_id)));
saved!(Conversation, conversations, conversations,
    label: |r| format!("edit of the conversation of {}", r.date),
    account: |a, _conn| Ok(Some(a.account_id)));
saved!(Assessment, assessments, assessments,
    label: |r| format!("edit of the assessment of {}", r.date),
    account: |a, _conn| Ok(Some(a.account_id)));
