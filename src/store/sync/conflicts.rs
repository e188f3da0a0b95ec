//! The conflicts a sync found, kept until the user picks a side.

use rusqlite::types::ToSqlOutput;
use rusqlite::{Connection, OptionalExtension, Row};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::super::error::{Result, StoreError};
use super::super::record::Saved;
use super::super::sql::choice;
use super::super::{
    assessments, conversations, issues, matching, plans, proofs, records, saving, stakeholders,
    whitespace,
};
use super::{DELETED, Pick, SyncConflict};
use crate::domain::choice::Choice;
use crate::domain::history::RecordKind;
use crate::domain::merge::take_field;
use crate::domain::{
    Account, ActionPlan, Assessment, BusinessIssue, Conversation, Id, ProofStatement, Stakeholder,
    Whitespace,
};

const COLUMNS: &str = "record_kind, record_id, account_id, field, kept, other, other_record";

fn from_row(r: &Row<'_>) -> rusqlite::Result<SyncConflict> {
    let other_record: String = r.get(6)?;
    Ok(SyncConflict {
        kind: choice(r, 0)?,
        record: r.get(1)?,
        account: r.get(2)?,
        field: r.get(3)?,
        kept: r.get(4)?,
        other: r.get(5)?,
        other_record: serde_json::from_str(&other_record).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(6, rusqlite::types::Type::Text, e.into())
        })?,
    })
}

/// Every conflict, by account, record and field.
pub(super) fn all(conn: &Connection) -> Result<Vec<SyncConflict>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM sync_conflict ORDER BY account_id, record_id, field"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The conflicts of one record, by field.
pub(super) fn of(conn: &Connection, record: Id) -> Result<Vec<SyncConflict>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM sync_conflict WHERE record_id = ?1 ORDER BY field"
    ))?;
    let rows = stmt.query_map([record], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Makes `conflicts` the whole set of conflicts of `record`.
pub(super) fn replace(conn: &Connection, record: Id, conflicts: &[SyncConflict]) -> Result<()> {
    conn.prepare_cached("DELETE FROM sync_conflict WHERE record_id = ?1")?
        .execute([record])?;
    let mut insert = conn.prepare_cached(&format!(
        "INSERT INTO sync_conflict ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (record_id, field) DO UPDATE SET record_kind = excluded.record_kind,
             account_id = excluded.account_id, kept = excluded.kept, other = excluded.other,
             other_record = excluded.other_record"
    ))?;
    for c in conflicts {
        insert.execute((
            ToSqlOutput::from(c.kind.key()),
            record,
            c.account,
            &c.field,
            &c.kept,
            &c.other,
            c.other_record.to_string(),
        ))?;
    }
    Ok(())
}

/// Resolves the conflict at `field` of `record` by `pick`.
pub(super) fn resolve(tx: &Connection, record: Id, field: &str, pick: Pick) -> Result<()> {
    let conflict = tx
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM sync_conflict WHERE record_id = ?1 AND field = ?2"
        ))?
        .query_row((record, field), from_row)
        .optional()?
        .ok_or(StoreError::NotFound("conflict"))?;
    if pick == Pick::Other {
        if conflict.field == DELETED {
            delete(tx, conflict.kind, record)?;
        } else {
            take_other(tx, &conflict)?;
        }
    }
    tx.execute(
        "DELETE FROM sync_conflict WHERE record_id = ?1 AND field = ?2",
        (record, field),
    )?;
    Ok(())
}

/// Deletes `id` of `kind` as the interface does, with an undo entry;
/// nothing when it is gone already.
fn delete(tx: &Connection, kind: RecordKind, id: Id) -> Result<()> {
    let deleted = match kind {
        RecordKind::Account => records::delete_account(tx, id),
        RecordKind::Issue => issues::delete(tx, id),
        RecordKind::Plan => plans::delete(tx, id),
        RecordKind::Proof => proofs::delete(tx, id),
        RecordKind::Stakeholder => stakeholders::delete(tx, id),
        RecordKind::Conversation => conversations::delete(tx, id),
        RecordKind::Assessment => assessments::delete(tx, id),
        RecordKind::Matching => matching::delete(tx, id),
        RecordKind::Whitespace => {
            whitespace::save(tx, &Whitespace::new(id), None)?;
            return Ok(());
        }
    };
    match deleted {
        Ok(_) | Err(StoreError::NotFound(_)) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Writes the other machine's value of the conflict's field into the
/// stored record, as an edit in a form would.
fn take_other(tx: &Connection, conflict: &SyncConflict) -> Result<()> {
    let (id, field, other) = (conflict.record, &conflict.field, &conflict.other_record);
    match conflict.kind {
        RecordKind::Account => take::<Account>(tx, id, field, other),
        RecordKind::Issue => take::<BusinessIssue>(tx, id, field, other),
        RecordKind::Plan => take::<ActionPlan>(tx, id, field, other),
        RecordKind::Proof => take::<ProofStatement>(tx, id, field, other),
        RecordKind::Stakeholder => take::<Stakeholder>(tx, id, field, other),
        RecordKind::Conversation => take::<Conversation>(tx, id, field, other),
        RecordKind::Assessment => take::<Assessment>(tx, id, field, other),
        RecordKind::Whitespace => {
            let mut grid = whitespace::get(tx, id)?;
            let theirs: Whitespace = serde_json::from_value(other.clone())?;
            if !take_field(&mut grid, &theirs, field) {
                return Err(not_a_field(RecordKind::Whitespace, field));
            }
            grid.validate()?;
            whitespace::save(tx, &grid, None)?;
            Ok(())
        }
        RecordKind::Matching => Err(not_a_field(RecordKind::Matching, field)),
    }
}

/// Takes `field` of the record `other` holds into the stored `id`.
fn take<T: Saved + DeserializeOwned>(
    tx: &Connection,
    id: Id,
    field: &str,
    other: &Value,
) -> Result<()> {
    let mut record = T::load(tx, id)?.ok_or(StoreError::NotFound("record"))?;
    let theirs: T = serde_json::from_value(other.clone())?;
    if !take_field(&mut record, &theirs, field) {
        return Err(not_a_field(T::KIND, field));
    }
    record.check()?;
    saving::save(tx, &record, None)?;
    Ok(())
}

fn not_a_field(kind: RecordKind, field: &str) -> StoreError {
    StoreError::Data(format!("a {} has no field “{field}” to take", kind.noun()))
}
