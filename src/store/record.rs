//! What the store knows of every record kind the forms edit: the
//! [`Saved`] trait, which each kind's module implements with [`saved!`],
//! and the short labels that name records in messages.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::error::Result;
use super::snapshot::Snapshot;
use crate::domain::history::Tracked;
use crate::domain::merge::Merged;
use crate::domain::{Id, Invalid};

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

/// Implements [`Saved`] for a record kind, in the module that stores it
/// (which has `get` and `upsert_many`), with the undo label and the account
/// given as closures over the record (`$r`) and the connection (`$conn`).
macro_rules! saved {
    ($type:ty, $snapshot:ident,
     label: |$r:ident| $label:expr,
     account: |$a:ident, $conn:ident| $account:expr) => {
        impl $crate::store::record::Saved for $type {
            fn edit_label(&self) -> String {
                let $r = self;
                $label
            }
            fn check(&self) -> std::result::Result<(), $crate::domain::Invalid> {
                self.validate()
            }
            fn times(
                &mut self,
            ) -> (
                &mut $crate::store::record::Stamp,
                &mut $crate::store::record::Stamp,
            ) {
                (&mut self.created_at, &mut self.updated_at)
            }
            fn account(
                &self,
                $conn: &rusqlite::Connection,
            ) -> $crate::store::error::Result<Option<$crate::domain::Id>> {
                let $a = self;
                $account
            }
            fn load(
                conn: &rusqlite::Connection,
                id: $crate::domain::Id,
            ) -> $crate::store::error::Result<Option<Self>> {
                get(conn, id)
            }
            fn store(&self, conn: &rusqlite::Connection) -> $crate::store::error::Result<()> {
                upsert_many(conn, [self])
            }
            fn snapshot(self) -> $crate::store::snapshot::Snapshot {
                $crate::store::snapshot::Snapshot::$snapshot(vec![self])
            }
        }
    };
}
pub(super) use saved;

/// The first words of a long text, for messages.
pub(super) fn short(text: &str) -> String {
    const MAX: usize = 40;
    let first_line = text.lines().next().unwrap_or("");
    if first_line.chars().count() <= MAX && !text.contains('\n') {
        first_line.to_string()
    } else {
        let cut: String = first_line.chars().take(MAX).collect();
        format!("{}…", cut.trim_end())
    }
}
