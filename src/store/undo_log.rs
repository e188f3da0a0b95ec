//! The undo log: before-images of deleted or edited records, kept in the
//! database so that an undo survives a restart. Each entry also keeps the
//! records as the change left them and the window that made it: a window
//! undoes its own changes (and those made before it opened).

use chrono::Utc;
use rusqlite::Connection;

use super::error::Result;
use super::record::Saved;
use super::snapshot::Snapshot;
use crate::domain::Id;

/// How many undo steps are kept.
const KEEP: i64 = 200;

/// Records a deletion, once done: `snapshot` holds the records as they
/// were, and those the deletion left (with their links cleared) are read
/// back as it left them.
pub(super) fn push(conn: &Connection, label: &str, snapshot: &Snapshot) -> Result<()> {
    let after = Snapshot {
        accounts: still_there(conn, &snapshot.accounts)?,
        issues: still_there(conn, &snapshot.issues)?,
        plans: still_there(conn, &snapshot.plans)?,
        proofs: still_there(conn, &snapshot.proofs)?,
        stakeholders: still_there(conn, &snapshot.stakeholders)?,
        conversations: still_there(conn, &snapshot.conversations)?,
        assessments: still_there(conn, &snapshot.assessments)?,
        ..Snapshot::default()
    };
    push_edit(conn, label, snapshot, &after)
}

/// The records of `records` that are stored, as stored.
fn still_there<T: Saved>(conn: &Connection, records: &[T]) -> Result<Vec<T>> {
    records
        .iter()
        .filter_map(|r| T::load(conn, r.record_id()).transpose())
        .collect()
}

/// Records a change: `before` holds the records as they were, `after` as
/// the change left them (a record of `before` missing from `after` was
/// deleted).
pub(super) fn push_edit(
    conn: &Connection,
    label: &str,
    before: &Snapshot,
    after: &Snapshot,
) -> Result<()> {
    conn.execute(
        "INSERT INTO undo_entry (created_at, label, snapshot, after_snapshot, session) \
         VALUES (?1, ?2, ?3, ?4, (SELECT session FROM temp.this_window))",
        (
            Utc::now(),
            label,
            serde_json::to_string(before)?,
            serde_json::to_string(after)?,
        ),
    )?;
    conn.execute(
        "DELETE FROM undo_entry WHERE seq <= (SELECT max(seq) FROM undo_entry) - ?1",
        [KEEP],
    )?;
    Ok(())
}

/// Names this connection as one window: its own changes, and those made
/// before it opened, are the ones its undo takes back.
pub(super) fn open_window(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS this_window (session TEXT NOT NULL, first_seq INTEGER NOT NULL)",
    )?;
    conn.execute(
        "INSERT INTO temp.this_window \
         VALUES (?1, (SELECT coalesce(max(seq), 0) FROM undo_entry))",
        [Id::new().to_string()],
    )?;
    Ok(())
}

/// The undo entries this window may take back, newest first.
pub(super) const MINE: &str = "FROM undo_entry \
     WHERE session = (SELECT session FROM temp.this_window) \
        OR seq <= (SELECT first_seq FROM temp.this_window) \
     ORDER BY seq DESC LIMIT 1";
