//! Saving one record, the same way for every kind: validate, stamp the
//! change, write its history and (for an edit) an undo entry, then the
//! record itself, in one transaction.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::issues::short;
use super::undo::{self, Snapshot};
use super::{
    Conflicted, Result, Store, StoreError, accounts, assessments, conversations, history, issues,
    plans, proofs, stakeholders,
};
use crate::domain::history::Tracked;
use crate::domain::merge::{Merged, merge};
use crate::domain::{
    Account, ActionPlan, Assessment, BusinessIssue, Conversation, Id, Invalid, ProofStatement,
    Stakeholder,
};

/// A record's `created_at` or `updated_at`.
pub(super) type Stamp = DateTime<Utc>;

/// A record kind the store saves: each kind the forms edit.
pub trait Saved: Tracked + Merged + PartialEq {
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
    ///
    /// `base` is the version the edit started from; `None` for a new
    /// record, or to write the record whatever became of the stored one
    /// (bringing it back if it was deleted). With a base, a record changed
    /// meanwhile in another window is merged field by field
    /// ([`crate::domain::merge`]): fields changed there only are kept;
    /// fields changed differently on both sides are
    /// [`StoreError::Conflict`] and nothing is written. A record deleted
    /// meanwhile is [`StoreError::DeletedElsewhere`].
    pub fn save<T: Saved>(&mut self, record: &T, base: Option<&T>) -> Result<T> {
        record.check()?;
        self.write(|tx| {
            let mut old = T::load(tx, record.record_id())?;
            let mut saved = match (base, &old) {
                (Some(_), None) => {
                    return Err(StoreError::DeletedElsewhere(T::KIND.noun()));
                }
                (Some(base), Some(stored)) if !same_version(base, stored) => {
                    let merged = merge(base, record, stored);
                    if !merged.conflicts.is_empty() {
                        return Err(StoreError::Conflict(Box::new(Conflicted {
                            conflicts: merged.conflicts,
                            theirs: stored.clone().snapshot(),
                        })));
                    }
                    merged.record.check()?;
                    merged.record
                }
                _ => record.clone(),
            };
            *saved.times().1 = Utc::now();
            let account = saved.account(tx)?;
            history::saved(tx, account, old.as_ref(), &saved)?;
            if let Some(old) = &mut old {
                *saved.times().0 = *old.times().0;
            }
            saved.store(tx)?;
            if let Some(old) = old {
                // As stored: the store may leave out what cannot be kept.
                let after = T::load(tx, saved.record_id())?.map(Saved::snapshot);
                let after = after.unwrap_or_default();
                undo::push_edit(tx, &old.edit_label(), &old.snapshot(), &after)?;
            }
            Ok(saved)
        })
    }

    /// Creates or updates `record` whatever the stored version holds: for
    /// new records, imports and the demo.
    pub(super) fn save_record<T: Saved>(&mut self, record: &T) -> Result<T> {
        self.save(record, None)
    }
}

/// Whether two versions of a record hold the same values, whenever each
/// was saved.
pub(super) fn same_version<T: Saved>(a: &T, b: &T) -> bool {
    let mut b = b.clone();
    let (created, updated) = b.times();
    let mut a = a.clone();
    let (a_created, a_updated) = a.times();
    *created = *a_created;
    *updated = *a_updated;
    a == b
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
