//! What sync needs of the database: which records changed since the last
//! sync, each as the JSON object the record files hold; applying a merged
//! state in one transaction together with the commit it matches; the
//! conflicts sync found, and resolving them.
//!
//! Triggers (migration 009) note every insert, update and delete of a
//! record, of its parts (plan steps, attendees, whitespace cells), of its
//! history and of its conflicts in `sync_changed`, stamped with a rising
//! sequence number, while the database is connected to a remote and
//! except while a sync applies what it merged. A sync exports what is
//! noted up to a sequence number and forgets exactly those notes when the
//! commit that holds them is recorded, so an edit made meanwhile is kept
//! for the next sync.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

mod apply;
mod conflicts;
mod entries;
mod kinds;
mod pending;
mod state;

use super::database::Store;
use super::error::Result;
use crate::domain::Id;
use crate::domain::history::RecordKind;

/// A record as the record files hold it: the JSON object of the domain
/// record.
pub type Fields = Map<String, Value>;

/// How this database is connected to a remote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncState {
    /// The remote, as the user gave it to `kam sync init`.
    pub remote: String,
    /// The commit the database's records match, none before the first
    /// sync.
    pub commit: Option<String>,
    /// When a sync last completed (pushed, or found nothing to push).
    pub synced_at: Option<DateTime<Utc>>,
}

/// What the status line and `kam sync status` tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncSummary {
    /// The connection.
    pub state: SyncState,
    /// Items changed here that the remote does not have yet: noted since
    /// the last sync, or committed by a sync that could not push.
    pub unsynced: usize,
    /// Unresolved conflicts.
    pub conflicts: usize,
}

/// One entry of a record's change history, as sync carries it. `uid` is
/// the same on every machine, so histories merge as a union.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// The entry's id on every machine.
    pub uid: String,
    /// When the change was made (UTC).
    pub at: DateTime<Utc>,
    /// The account the record belonged to.
    pub account_id: Option<Id>,
    /// The record's kind.
    pub record_kind: RecordKind,
    /// The record.
    pub record_id: Id,
    /// `added`, `changed`, `deleted` or `restored`.
    pub action: String,
    /// The field changed, for `changed`.
    pub field: Option<String>,
    /// The value before.
    pub old_value: Option<String>,
    /// The value after.
    pub new_value: Option<String>,
    /// A few words naming the record.
    pub label: String,
}

/// A field changed differently on two machines: the record holds `kept`,
/// and `other` waits for the user to pick one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncConflict {
    /// The record's kind.
    pub kind: RecordKind,
    /// The record.
    pub record: Id,
    /// The account the record belongs to.
    pub account: Id,
    /// The field's key as the merge names it (`importance`, `steps`, a
    /// whitespace cell `unit × offering`), or [`DELETED`] when the record
    /// was deleted on one machine and edited on the other.
    pub field: String,
    /// The value the record holds, as text.
    pub kept: String,
    /// The other machine's value, as text.
    pub other: String,
    /// The other machine's whole record, from which picking `other` takes
    /// the field; null for [`DELETED`].
    pub other_record: Value,
}

/// The field of a conflict between an edit and a delete: the record was
/// kept; picking the other side deletes it.
pub const DELETED: &str = "(deleted)";

/// Which side of a conflict the user picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// The value the record holds.
    Kept,
    /// The other machine's value (for [`DELETED`]: delete the record).
    Other,
}

/// One item noted as changed since the last sync, as it is now.
#[derive(Debug, Clone, PartialEq)]
pub enum PendingItem {
    /// A record; `fields` is none when it was deleted.
    Record {
        /// Its kind.
        kind: RecordKind,
        /// Its id (for a whitespace grid, its account's).
        id: Id,
        /// Its account (for a plan, its issue's account); none when deleted.
        account: Option<Id>,
        /// The record as its file holds it, none when deleted.
        fields: Option<Fields>,
    },
    /// Every history entry of one record, oldest first.
    History {
        /// The record the entries tell about.
        record: Id,
        /// Its entries.
        entries: Vec<HistoryEntry>,
    },
    /// Every unresolved conflict of one record (empty when all were
    /// resolved).
    Conflicts {
        /// The record.
        record: Id,
        /// Its conflicts.
        conflicts: Vec<SyncConflict>,
    },
}

/// What changed since the last sync, read in one transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    /// The sequence number of the last change read: the notes to forget
    /// once the commit that holds these items is recorded.
    pub upto: i64,
    /// The changed items.
    pub items: Vec<PendingItem>,
}

/// A merged state to write in one transaction.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Apply {
    /// The notes exported into `commit` (the `upto` of the [`Pending`]
    /// read).
    pub upto: i64,
    /// The commit the database matches once this is applied.
    pub commit: String,
    /// Records to write (some fields) or delete (none), by kind and id.
    pub records: Vec<(RecordKind, Id, Option<Fields>)>,
    /// History entries to add where their uid is not yet stored.
    pub history: Vec<HistoryEntry>,
    /// Records whose set of conflicts becomes this one (empty: none).
    pub conflicts: Vec<(Id, Vec<SyncConflict>)>,
    /// Whether the sync has pushed (or had nothing to push): sets
    /// `synced_at`.
    pub synced: bool,
}

/// Whether an [`Apply`] was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// Written, with the commit.
    Done,
    /// A record to write was changed here after `upto`: nothing was
    /// written; export again and merge again.
    Moved,
}

impl Store {
    /// The connection to a remote, none before `kam sync init`.
    pub fn sync_state(&self) -> Result<Option<SyncState>> {
        state::read(&self.conn)
    }

    /// Connects the database to `remote` (replacing any connection), with
    /// no commit yet, and notes every record, history and conflict as
    /// changed so that the first sync exports the whole portfolio.
    pub fn sync_connect(&mut self, remote: &str) -> Result<()> {
        self.write(|tx| state::connect(tx, remote))
    }

    /// The connection with counts of unsynced items and conflicts; cheap
    /// enough for the status line.
    pub fn sync_summary(&self) -> Result<Option<SyncSummary>> {
        state::summary(&self.conn)
    }

    /// Everything noted as changed, as it is now, in one read transaction.
    pub fn sync_pending(&self) -> Result<Pending> {
        let tx = self.conn.unchecked_transaction()?;
        pending::read(&tx)
    }

    /// Records that `commit` holds every change up to `upto`: sets the
    /// commit and forgets those notes, in one transaction.
    pub fn sync_committed(&mut self, upto: i64, commit: &str) -> Result<()> {
        self.write(|tx| state::committed(tx, upto, commit))
    }

    /// Writes a merged state in one transaction, or nothing if a record to
    /// write or delete was changed here after `apply.upto`.
    pub fn sync_apply(&mut self, apply: &Apply) -> Result<Applied> {
        self.write(|tx| apply::write(tx, apply))
    }

    /// Every unresolved conflict, by account and record.
    pub fn sync_conflicts(&self) -> Result<Vec<SyncConflict>> {
        conflicts::all(&self.conn)
    }

    /// The unresolved conflicts of one record.
    pub fn sync_conflicts_of(&self, record: Id) -> Result<Vec<SyncConflict>> {
        conflicts::of(&self.conn, record)
    }

    /// The words naming a conflict's record, as its history names it (a
    /// name, a title, a statement); none for a grid or a matching test,
    /// or a record that cannot be read.
    pub fn conflict_label(&self, conflict: &SyncConflict) -> Option<String> {
        use crate::domain::history::Tracked;
        let id = conflict.record;
        let label = match conflict.kind {
            RecordKind::Account => self.account(id).ok()?.label(),
            RecordKind::Issue => self.issue(id).ok()?.label(),
            RecordKind::Plan => self.plan(id).ok()?.label(),
            RecordKind::Proof => self.proof(id).ok()?.label(),
            RecordKind::Stakeholder => self.stakeholder(id).ok()?.label(),
            RecordKind::Conversation => self.conversation(id).ok()?.label(),
            RecordKind::Assessment => self.assessment(id).ok()?.label(),
            RecordKind::Whitespace | RecordKind::Matching => return None,
        };
        Some(label)
    }

    /// Resolves one conflict: [`Pick::Kept`] forgets it; [`Pick::Other`]
    /// writes the other value into the record (or, for [`DELETED`],
    /// deletes the record), with its history and an undo entry, and
    /// forgets the conflict, in one transaction.
    pub fn resolve_conflict(&mut self, record: Id, field: &str, pick: Pick) -> Result<()> {
        self.write(|tx| conflicts::resolve(tx, record, field, pick))
    }
}

#[cfg(test)]
mod tests;
