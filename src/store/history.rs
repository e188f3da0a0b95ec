//! The change log: one row per record added, deleted or restored, and one
//! per field changed, written in the same transaction as the change; and
//! per-account moments such as the last time the prep brief was opened.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::types::ToSqlOutput;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::bulk::{self, Values};
use super::database::Store;
use super::error::Result;
use super::record::Saved;
use super::snapshot::Snapshot;
use super::sql::{self, choice};
use crate::domain::choice::Choice;
use crate::domain::history::{Change, ChangeAction, FieldChange, RecordKind, Tracked};
use crate::domain::{Account, ActionPlan, BusinessIssue, Id, ProofStatement, Stakeholder};

/// The `account_event` kind for opening the brief.
const BRIEF_OPENED: &str = "brief_opened";

/// What every row of one change shares.
struct Entry {
    at: DateTime<Utc>,
    account_id: Option<Id>,
    kind: RecordKind,
    record_id: Id,
    action: ChangeAction,
    label: String,
}

impl Entry {
    fn new<T: Tracked>(
        at: DateTime<Utc>,
        account_id: Option<Id>,
        record: &T,
        action: ChangeAction,
    ) -> Self {
        Self {
            at,
            account_id,
            kind: T::KIND,
            record_id: record.record_id(),
            action,
            label: record.label(),
        }
    }
}

const COLUMNS: &str =
    "at, account_id, record_kind, record_id, action, field, old_value, new_value, label";

/// The values of one row, in [`COLUMNS`] order.
fn values(e: &Entry, field: Option<&FieldChange>) -> Values<'static> {
    let text = |t: Option<String>| ToSqlOutput::Owned(t.into());
    vec![
        sql::timestamp(&e.at),
        text(e.account_id.map(|id| id.to_string())),
        ToSqlOutput::from(e.kind.key()),
        ToSqlOutput::from(e.record_id.to_string()),
        ToSqlOutput::from(e.action.key()),
        text(field.map(|f| f.field.clone())),
        text(field.map(|f| f.old.clone())),
        text(field.map(|f| f.new.clone())),
        ToSqlOutput::from(e.label.clone()),
    ]
}

fn insert(conn: &Connection, e: &Entry, field: Option<&FieldChange>) -> Result<()> {
    bulk::insert(conn, "change_log", COLUMNS, [Ok(values(e, field))])
}

/// The history of many records saved at once (an import), written a few
/// hundred rows at a time; in order, as [`saved`] would write it record by
/// record.
pub(super) struct Saves<'c> {
    conn: &'c Connection,
    rows: Vec<Values<'static>>,
}

impl<'c> Saves<'c> {
    pub(super) fn new(conn: &'c Connection) -> Self {
        Self {
            conn,
            rows: Vec::with_capacity(bulk::ROWS_PER_STATEMENT),
        }
    }

    /// Records that `new` was saved, as [`saved`] does.
    pub(super) fn saved<T: Tracked>(
        &mut self,
        account_id: Option<Id>,
        old: Option<&T>,
        new: &T,
    ) -> Result<()> {
        let at = Utc::now();
        match old {
            None => {
                let e = Entry::new(at, account_id, new, ChangeAction::Added);
                self.rows.push(values(&e, None));
            }
            Some(old) => {
                let e = Entry::new(at, account_id, new, ChangeAction::Changed);
                for field in old.diff(new) {
                    self.rows.push(values(&e, Some(&field)));
                }
            }
        }
        if self.rows.len() >= bulk::ROWS_PER_STATEMENT {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the rows recorded and not yet written.
    pub(super) fn finish(mut self) -> Result<()> {
        self.flush()
    }

    fn flush(&mut self) -> Result<()> {
        bulk::insert(
            self.conn,
            "change_log",
            COLUMNS,
            self.rows.drain(..).map(Ok),
        )
    }
}

/// Records that `new` was saved: added when there was no `old` version,
/// otherwise one row per changed field (none when nothing changed).
pub(super) fn saved<T: Tracked>(
    conn: &Connection,
    account_id: Option<Id>,
    old: Option<&T>,
    new: &T,
) -> Result<()> {
    saved_at(conn, Utc::now(), account_id, old, new)
}

/// Records that `new` was saved at `at`, as [`saved`] does now.
fn saved_at<T: Tracked>(
    conn: &Connection,
    at: DateTime<Utc>,
    account_id: Option<Id>,
    old: Option<&T>,
    new: &T,
) -> Result<()> {
    match old {
        None => insert(
            conn,
            &Entry::new(at, account_id, new, ChangeAction::Added),
            None,
        ),
        Some(old) => changed(conn, at, account_id, old, new),
    }
}

fn changed<T: Tracked>(
    conn: &Connection,
    at: DateTime<Utc>,
    account_id: Option<Id>,
    old: &T,
    new: &T,
) -> Result<()> {
    let e = Entry::new(at, account_id, new, ChangeAction::Changed);
    for field in old.diff(new) {
        insert(conn, &e, Some(&field))?;
    }
    Ok(())
}

/// Records that `old` was deleted (with whatever belonged to it).
pub(super) fn deleted<T: Tracked>(
    conn: &Connection,
    account_id: Option<Id>,
    old: &T,
) -> Result<()> {
    let e = Entry::new(Utc::now(), account_id, old, ChangeAction::Deleted);
    insert(conn, &e, None)
}

/// The account a business issue belongs to, if the issue exists.
pub(super) fn issue_account(conn: &Connection, issue_id: Id) -> Result<Option<Id>> {
    Ok(conn
        .prepare_cached("SELECT account_id FROM business_issue WHERE id = ?1")?
        .query_row([issue_id], |r| r.get(0))
        .optional()?)
}

/// Records what an undo of `snapshot` is about to do, before it does it:
/// records that are gone are restored, records that exist change back. A
/// record restored with its parent is not told apart, as its deletion was
/// not either.
pub(super) fn undoing(conn: &Connection, snapshot: &Snapshot) -> Result<()> {
    let mut undo = Undo {
        conn,
        at: Utc::now(),
        restored: HashSet::new(),
    };
    for a in &snapshot.accounts {
        undo.record(Some(a.id), Account::load(conn, a.id)?, a, None)?;
    }
    for s in &snapshot.stakeholders {
        let current = Stakeholder::load(conn, s.id)?;
        undo.record(Some(s.account_id), current, s, Some(s.account_id))?;
    }
    for i in &snapshot.issues {
        let current = BusinessIssue::load(conn, i.id)?;
        undo.record(Some(i.account_id), current, i, Some(i.account_id))?;
    }
    for p in &snapshot.plans {
        let account = match snapshot.issues.iter().find(|i| i.id == p.issue_id) {
            Some(issue) => Some(issue.account_id),
            None => issue_account(conn, p.issue_id)?,
        };
        undo.record(account, ActionPlan::load(conn, p.id)?, p, Some(p.issue_id))?;
    }
    for p in &snapshot.proofs {
        let current = ProofStatement::load(conn, p.id)?;
        undo.record(Some(p.account_id), current, p, Some(p.account_id))?;
    }
    Ok(())
}

/// An undo being recorded: the ids of the records it brings back.
struct Undo<'c> {
    conn: &'c Connection,
    at: DateTime<Utc>,
    restored: HashSet<Id>,
}

impl Undo<'_> {
    /// Records one record of the snapshot, `version`, against its `current`
    /// state; `parent` is the record it belongs to.
    fn record<T: Tracked>(
        &mut self,
        account_id: Option<Id>,
        current: Option<T>,
        version: &T,
        parent: Option<Id>,
    ) -> Result<()> {
        match current {
            Some(current) => changed(self.conn, self.at, account_id, &current, version),
            None => {
                self.restored.insert(version.record_id());
                if parent.is_some_and(|p| self.restored.contains(&p)) {
                    return Ok(());
                }
                let e = Entry::new(self.at, account_id, version, ChangeAction::Restored);
                insert(self.conn, &e, None)
            }
        }
    }
}

/// A history written after the fact, in the transaction that writes the
/// records it tells of: how records loaded in bulk came to be as they are.
pub struct PastChanges<'t> {
    conn: &'t Connection,
}

impl<'t> PastChanges<'t> {
    pub(super) fn new(conn: &'t Connection) -> Self {
        Self { conn }
    }

    /// Records that `new`, a record of `account_id`, was saved at `at`:
    /// added when there was no `old` version, otherwise changed from it.
    pub fn saved<T: Tracked>(
        &self,
        at: DateTime<Utc>,
        account_id: Id,
        old: Option<&T>,
        new: &T,
    ) -> Result<()> {
        saved_at(self.conn, at, Some(account_id), old, new)
    }
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Change> {
    let field: Option<String> = row.get(6)?;
    let old: Option<String> = row.get(7)?;
    let new: Option<String> = row.get(8)?;
    Ok(Change {
        seq: row.get(0)?,
        at: row.get(1)?,
        account_id: row.get(2)?,
        kind: choice(row, 3)?,
        record_id: row.get(4)?,
        action: choice(row, 5)?,
        field: field.map(|field| FieldChange {
            field,
            old: old.unwrap_or_default(),
            new: new.unwrap_or_default(),
        }),
        label: row.get(9)?,
    })
}

impl Store {
    /// Every change to the records of `account_id` made at or after
    /// `since`, in the order they were made.
    pub fn changes_since(&self, account_id: Id, since: DateTime<Utc>) -> Result<Vec<Change>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, at, account_id, record_kind, record_id, action, field, old_value,
                    new_value, label
             FROM change_log WHERE account_id = ?1 AND at >= ?2 ORDER BY at, seq",
        )?;
        let rows = stmt.query_map(params![account_id, since], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Remembers that the prep brief of `account_id` was opened now.
    pub fn mark_brief_opened(&mut self, account_id: Id) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO account_event (account_id, kind, at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(account_id, kind) DO UPDATE SET at = ?3",
                params![account_id, BRIEF_OPENED, Utc::now()],
            )?;
            Ok(())
        })
    }

    /// When the prep brief of `account_id` was last opened, if ever.
    pub fn last_brief_opened(&self, account_id: Id) -> Result<Option<DateTime<Utc>>> {
        Ok(self
            .conn
            .query_row(
                "SELECT at FROM account_event WHERE account_id = ?1 AND kind = ?2",
                params![account_id, BRIEF_OPENED],
                |r| r.get(0),
            )
            .optional()?)
    }
}
