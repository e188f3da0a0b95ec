//! Saving one record, the same way for every kind: validate, stamp the
//! change, write its history and (for an edit) an undo entry, then the
//! record itself, in one transaction.

use chrono::Utc;
use rusqlite::Connection;

use super::database::Store;
use super::error::{Conflicted, Result, StoreError};
use super::record::{Saved, same_version};
use super::{history, moving, undo_log};
use crate::domain::merge::merge;

/// Saves `record` as [`Store::save`] does, in the caller's transaction.
pub(super) fn save<T: Saved>(tx: &Connection, record: &T, base: Option<&T>) -> Result<T> {
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
    let left = match &old {
        Some(old) => old.account(tx)?.filter(|from| Some(*from) != account),
        None => None,
    };
    history::saved(tx, account, old.as_ref(), &saved)?;
    if let Some(old) = &mut old {
        *saved.times().0 = *old.times().0;
    }
    saved.store(tx)?;
    if let (Some(from), Some(to)) = (left, account) {
        moving::unlink_across(tx, &[from, to])?;
        if let Some(stored) = T::load(tx, saved.record_id())? {
            saved = stored;
        }
    }
    if let Some(old) = old {
        // As stored: the store may leave out what cannot be kept.
        let after = T::load(tx, saved.record_id())?.map(Saved::snapshot);
        let after = after.unwrap_or_default();
        undo_log::push_edit(tx, &old.edit_label(), &old.snapshot(), &after)?;
    }
    Ok(saved)
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
        self.write(|tx| save(tx, record, base))
    }

    /// Creates or updates `record` whatever the stored version holds: for
    /// new records, imports and the demo.
    pub(super) fn save_record<T: Saved>(&mut self, record: &T) -> Result<T> {
        self.save(record, None)
    }
}
