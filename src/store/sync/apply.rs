//! Writing what a sync merged, with the commit it matches, in one
//! transaction that notes none of it as a local change.

use rusqlite::Connection;

use super::super::bulk;
use super::super::error::Result;
use super::super::records;
use super::super::snapshot::Snapshot;
use super::{Applied, Apply, conflicts, entries, kinds, state};
use crate::domain::Id;
use crate::domain::choice::Choice;

/// Writes `apply`, or nothing when a record or conflict set it writes was
/// changed here after `apply.upto`.
pub(super) fn write(tx: &Connection, apply: &Apply) -> Result<Applied> {
    if moved(tx, apply)? {
        return Ok(Applied::Moved);
    }
    let mut written = Snapshot::default();
    for (kind, id, fields) in &apply.records {
        if let Some(fields) = fields {
            kinds::add(&mut written, *kind, *id, fields)?;
        }
    }
    state::applying(tx, true)?;
    for kind in kinds::CHILDREN_FIRST {
        let gone: Vec<Id> = apply
            .records
            .iter()
            .filter(|(k, _, fields)| *k == kind && fields.is_none())
            .map(|(_, id, _)| *id)
            .collect();
        for (table, column) in kinds::tables(kind) {
            bulk::delete_where_in(tx, table, column, &gone)?;
        }
    }
    records::upsert_all(tx, &written)?;
    entries::add(tx, &apply.history)?;
    for (record, set) in &apply.conflicts {
        conflicts::replace(tx, *record, set)?;
    }
    state::matched(tx, apply.upto, &apply.commit, apply.synced)?;
    state::applying(tx, false)?;
    Ok(Applied::Done)
}

/// Whether a record or conflict set `apply` writes was noted after
/// `apply.upto`.
fn moved(tx: &Connection, apply: &Apply) -> Result<bool> {
    for (kind, id, _) in &apply.records {
        if state::noted_after(tx, kind.key(), &id.to_string(), apply.upto)? {
            return Ok(true);
        }
    }
    for (record, _) in &apply.conflicts {
        if state::noted_after(tx, "conflicts", &record.to_string(), apply.upto)? {
            return Ok(true);
        }
    }
    Ok(false)
}
