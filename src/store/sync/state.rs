//! The connection to a remote and the notes of what changed since the
//! last sync (`sync_state`, `sync_changed`, migration 009).

use chrono::Utc;
use rusqlite::{Connection, OptionalExtension};

use super::super::error::Result;
use super::super::sql;
use super::{SyncState, SyncSummary};

/// The connection, none while no remote is set.
pub(super) fn read(conn: &Connection) -> Result<Option<SyncState>> {
    let state = conn
        .prepare_cached(
            "SELECT remote, \"commit\", synced_at FROM sync_state
             WHERE id = 1 AND remote IS NOT NULL",
        )?
        .query_row([], |r| {
            let synced_at = match r.get_ref(2)? {
                rusqlite::types::ValueRef::Null => None,
                _ => Some(sql::timestamp_at(r, 2)?),
            };
            Ok(SyncState {
                remote: r.get(0)?,
                commit: r.get(1)?,
                synced_at,
            })
        })
        .optional()?;
    Ok(state)
}

/// The kinds and tables of every record, and the records of the other
/// items (history, conflict sets), that a first sync exports: one
/// `SELECT` of `kind, id` each.
const EVERYTHING: [&str; 11] = [
    "SELECT 'account', id FROM account",
    "SELECT 'issue', id FROM business_issue",
    "SELECT 'plan', id FROM action_plan",
    "SELECT 'proof', id FROM proof_statement",
    "SELECT 'stakeholder', id FROM stakeholder",
    "SELECT 'conversation', id FROM conversation",
    "SELECT 'assessment', id FROM assessment",
    "SELECT DISTINCT 'whitespace', account_id FROM whitespace_axis",
    "SELECT 'matching', id FROM matching_result",
    "SELECT DISTINCT 'history', record_id FROM change_log",
    "SELECT DISTINCT 'conflicts', record_id FROM sync_conflict",
];

/// Connects to `remote` with no commit yet, starts noting changes, and
/// notes everything the database holds, one statement per kind.
pub(super) fn connect(tx: &Connection, remote: &str) -> Result<()> {
    tx.execute(
        "UPDATE sync_state SET remote = ?1, \"commit\" = NULL, synced_at = NULL,
                tracking = 1, applying = 0, n = n + 1, unpushed = 0",
        [remote],
    )?;
    tx.execute("DELETE FROM sync_changed", [])?;
    for select in EVERYTHING {
        tx.execute(
            &format!(
                "INSERT INTO sync_changed (kind, id, seq)
                 SELECT item.*, (SELECT n FROM sync_state) FROM ({select}) AS item WHERE true
                 ON CONFLICT (kind, id) DO NOTHING"
            ),
            [],
        )?;
    }
    Ok(())
}

/// The connection with its counts, none while no remote is set.
pub(super) fn summary(conn: &Connection) -> Result<Option<SyncSummary>> {
    let Some(state) = read(conn)? else {
        return Ok(None);
    };
    let count = |table: &str| -> Result<usize> {
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    };
    let unpushed: i64 = conn.query_row("SELECT unpushed FROM sync_state", [], |r| r.get(0))?;
    Ok(Some(SyncSummary {
        state,
        unsynced: count("sync_changed")? + usize::try_from(unpushed).unwrap_or(0),
        conflicts: count("sync_conflict")?,
    }))
}

/// The clock: every note's `seq` is at most this.
pub(super) fn clock(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT n FROM sync_state", [], |r| r.get(0))?)
}

/// Sets the commit the records match (and, when the sync is complete,
/// when) and forgets the notes up to `upto`.
pub(super) fn matched(tx: &Connection, upto: i64, commit: &str, synced: bool) -> Result<()> {
    tx.execute(
        "UPDATE sync_state SET \"commit\" = ?1,
                unpushed = unpushed + (SELECT count(*) FROM sync_changed WHERE seq <= ?2)",
        (commit, upto),
    )?;
    if synced {
        tx.execute(
            "UPDATE sync_state SET synced_at = ?1, unpushed = 0",
            [sql::timestamp(&Utc::now())],
        )?;
    }
    tx.execute("DELETE FROM sync_changed WHERE seq <= ?1", [upto])?;
    Ok(())
}

/// Records that `commit` holds every change up to `upto`.
pub(super) fn committed(tx: &Connection, upto: i64, commit: &str) -> Result<()> {
    matched(tx, upto, commit, false)
}

/// Whether `id` of `kind` was noted after `upto`.
pub(super) fn noted_after(conn: &Connection, kind: &str, id: &str, upto: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM sync_changed WHERE kind = ?1 AND id = ?2 AND seq > ?3)",
        )?
        .query_row((kind, id, upto), |r| r.get(0))?)
}

/// Marks the transaction as writing what a sync merged, which the
/// triggers do not note; `false` again before it commits.
pub(super) fn applying(tx: &Connection, on: bool) -> Result<()> {
    tx.execute("UPDATE sync_state SET applying = ?1", [on])?;
    Ok(())
}
