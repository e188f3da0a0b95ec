//! The whitespace grid of each account: its axes in order and the cells
//! that are marked or valued.

use rusqlite::Connection;

use super::database::Store;
use super::error::Result;
use super::history;
use super::snapshot::Snapshot;
use super::sql::choice;
use super::undo_log;
use crate::domain::choice::Choice;
use crate::domain::merge::{Merge, merge};
use crate::domain::{Cell, CellState, Id, Place, Whitespace};

/// The grid of `account_id`; empty when it has none.
pub(super) fn get(conn: &Connection, account_id: Id) -> Result<Whitespace> {
    let mut grid = Whitespace::new(account_id);
    let mut axes = conn.prepare_cached(
        "SELECT axis, name, region, site FROM whitespace_axis WHERE account_id = ?1
         ORDER BY axis, position",
    )?;
    let rows = axes.query_map([account_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            Place {
                region: r.get(2)?,
                site: r.get(3)?,
            },
        ))
    })?;
    for row in rows {
        let (axis, name, place) = row?;
        match axis.as_str() {
            "unit" => {
                if !place.is_empty() {
                    grid.places.insert(name.clone(), place);
                }
                grid.units.push(name);
            }
            _ => grid.offerings.push(name),
        }
    }
    grid.cells = vec![vec![Cell::default(); grid.offerings.len()]; grid.units.len()];
    let mut cells = conn.prepare_cached(
        "SELECT unit, offering, state, value FROM whitespace_cell WHERE account_id = ?1",
    )?;
    let rows = cells.query_map([account_id], |r| {
        Ok((
            r.get::<_, i64>(0)? as usize,
            r.get::<_, i64>(1)? as usize,
            choice::<CellState>(r, 2)?,
            r.get::<_, Option<i64>>(3)?,
        ))
    })?;
    for row in rows {
        let (unit, offering, state, value) = row?;
        if let Some(cell) = grid.cell_mut(unit, offering) {
            *cell = Cell { state, value };
        }
    }
    Ok(grid)
}

/// An account's grid, unless it is empty: as an account's undo snapshot
/// holds it.
pub(super) fn for_account(conn: &Connection, account_id: Id) -> Result<Vec<Whitespace>> {
    Ok(Some(get(conn, account_id)?)
        .filter(|grid| !grid.is_empty())
        .into_iter()
        .collect())
}

/// Every account's grid that has at least one unit or offering.
pub(super) fn all(conn: &Connection) -> Result<Vec<Whitespace>> {
    let mut stmt =
        conn.prepare_cached("SELECT DISTINCT account_id FROM whitespace_axis ORDER BY account_id")?;
    let ids = stmt
        .query_map([], |r| r.get::<_, Id>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    ids.into_iter().map(|id| get(conn, id)).collect()
}

/// Replaces the stored grids of the accounts in `grids`.
pub(super) fn replace_many<'a>(
    conn: &Connection,
    grids: impl IntoIterator<Item = &'a Whitespace>,
) -> Result<()> {
    let mut axis = conn.prepare_cached(
        "INSERT INTO whitespace_axis (account_id, axis, position, name, region, site)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut cell = conn.prepare_cached(
        "INSERT INTO whitespace_cell (account_id, unit, offering, state, value)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for grid in grids {
        let id = grid.account_id;
        conn.execute("DELETE FROM whitespace_axis WHERE account_id = ?1", [id])?;
        conn.execute("DELETE FROM whitespace_cell WHERE account_id = ?1", [id])?;
        for (n, name) in grid.units.iter().enumerate() {
            let place = grid.place(n);
            let (region, site) = (place.region.trim(), place.site.trim());
            axis.execute((id, "unit", n as i64, name.trim(), region, site))?;
        }
        for (n, name) in grid.offerings.iter().enumerate() {
            axis.execute((id, "offering", n as i64, name.trim(), "", ""))?;
        }
        for (u, row) in grid.cells.iter().enumerate() {
            for (o, c) in row.iter().enumerate() {
                if *c != Cell::default() {
                    cell.execute((id, u as i64, o as i64, c.state.key(), c.value))?;
                }
            }
        }
    }
    Ok(())
}

/// Saves an account's grid as [`Store::save_whitespace`] does, in the
/// caller's transaction.
pub(super) fn save(
    tx: &Connection,
    grid: &Whitespace,
    base: Option<&Whitespace>,
) -> Result<Merge<Whitespace>> {
    let old = get(tx, grid.account_id)?;
    let merged = match base {
        Some(base) if *base != old => merge(base, grid, &old).keeping_theirs(&old),
        _ => Merge {
            record: grid.clone(),
            taken: Vec::new(),
            conflicts: Vec::new(),
        },
    };
    let new = &merged.record;
    if old != *new {
        new.validate()?;
        history::saved(tx, Some(grid.account_id), Some(&old), new)?;
        undo_log::push_edit(
            tx,
            "edit of the whitespace grid",
            &Snapshot::whitespace(vec![old]),
            &Snapshot::whitespace(vec![new.clone()]),
        )?;
        replace_many(tx, [new])?;
    }
    Ok(merged)
}

impl Store {
    /// The whitespace grid of an account; empty when it has none.
    pub fn whitespace(&self, account_id: Id) -> Result<Whitespace> {
        get(&self.conn, account_id)
    }

    /// Replaces an account's whitespace grid after validating it; the
    /// change can be undone.
    ///
    /// `base` is the grid the edit started from (`None`: replace whatever
    /// is stored). When another window changed the grid meanwhile, the two
    /// merge cell by cell; where both changed one cell differently the
    /// stored cell is kept. Returns the grid as saved, the cells taken from
    /// the other window, and the cells where its value was kept over this
    /// edit (as conflicts).
    pub fn save_whitespace(
        &mut self,
        grid: &Whitespace,
        base: Option<&Whitespace>,
    ) -> Result<Merge<Whitespace>> {
        grid.validate()?;
        self.write(|tx| save(tx, grid, base))
    }
}
