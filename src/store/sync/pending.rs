//! What changed since the last sync, each item as it is now.

use rusqlite::Connection;

use super::super::error::{Result, StoreError};
use super::{Pending, PendingItem, conflicts, entries, kinds, state};
use crate::domain::Id;
use crate::domain::choice::Choice;
use crate::domain::history::RecordKind;

/// Every note up to the clock, in the order they were last noted, each
/// with its item as it is now. Run in one transaction, so that the items
/// and `upto` agree however another window writes meanwhile.
pub(super) fn read(conn: &Connection) -> Result<Pending> {
    let upto = state::clock(conn)?;
    let mut stmt = conn.prepare_cached(
        "SELECT kind, id FROM sync_changed WHERE seq <= ?1 ORDER BY seq, kind, id",
    )?;
    let notes = stmt
        .query_map([upto], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Id>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let items = notes
        .into_iter()
        .map(|(kind, id)| item(conn, &kind, id))
        .collect::<Result<_>>()?;
    Ok(Pending { upto, items })
}

/// The item a note names, as it is now.
fn item(conn: &Connection, kind: &str, id: Id) -> Result<PendingItem> {
    Ok(match kind {
        "history" => PendingItem::History {
            record: id,
            entries: entries::of(conn, id)?,
        },
        "conflicts" => PendingItem::Conflicts {
            record: id,
            conflicts: conflicts::of(conn, id)?,
        },
        _ => {
            let kind = RecordKind::from_key(kind)
                .ok_or_else(|| StoreError::Data(format!("a change of an unknown kind: {kind}")))?;
            let (account, fields) = kinds::current(conn, kind, id)?.unzip();
            PendingItem::Record {
                kind,
                id,
                account: account.flatten(),
                fields,
            }
        }
    })
}
