//! Measured series: each account's measures and their newest values, read
//! through the measure index so that the cost follows the scorecard (how
//! many measures, how many points each), not the length of the proof log.

use rusqlite::{Connection, OptionalExtension, params};

use super::database::Store;
use super::error::Result;
use super::proofs;
use crate::domain::measure::{self, Measure, Series};
use crate::domain::{Id, ProofStatement};

/// How many values of each measure the scorecard reads.
pub const POINTS_SHOWN: usize = 24;

/// The account's measure names in alphabetical order (ignoring case),
/// each spelled as one of its statements spells it: one index seek per
/// measure.
fn names(conn: &Connection, account_id: Id) -> Result<Vec<String>> {
    let mut next = conn.prepare_cached(
        "SELECT measure FROM proof_statement
         WHERE account_id = ?1 AND measure IS NOT NULL AND measure > ?2 COLLATE NOCASE
         ORDER BY measure COLLATE NOCASE LIMIT 1",
    )?;
    let mut found: Vec<String> = Vec::new();
    while let Some(name) = next
        .query_row(
            params![account_id, found.last().map_or("", String::as_str)],
            |r| r.get::<_, String>(0),
        )
        .optional()?
    {
        found.push(name);
    }
    Ok(found)
}

/// The newest `limit` statements of the account's measure `name`, newest
/// first.
fn newest(
    conn: &Connection,
    account_id: Id,
    name: &str,
    limit: usize,
) -> Result<Vec<ProofStatement>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM proof_statement
         WHERE account_id = ?1 AND measure = ?2 COLLATE NOCASE
         ORDER BY date DESC, id DESC LIMIT ?3",
        proofs::COLUMNS
    ))?;
    let rows = stmt.query_map(
        params![account_id, name.trim(), limit as i64],
        proofs::from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// The names of the account's measures, alphabetically.
    pub fn measure_names(&self, account_id: Id) -> Result<Vec<String>> {
        names(&self.conn, account_id)
    }

    /// The newest statement of the account's measure `name` (ignoring
    /// case): the measure's definition, `None` for an unknown measure.
    pub fn measure_definition(&self, account_id: Id, name: &str) -> Result<Option<ProofStatement>> {
        Ok(newest(&self.conn, account_id, name, 1)?.pop())
    }

    /// The account's measures as their newest statements define them,
    /// alphabetically: what a proof statement's form offers.
    pub fn measures(&self, account_id: Id) -> Result<Vec<Measure>> {
        let mut found = Vec::new();
        for name in names(&self.conn, account_id)? {
            let newest = newest(&self.conn, account_id, &name, 1)?;
            found.extend(newest.into_iter().filter_map(|p| p.measure));
        }
        Ok(found)
    }

    /// The account's value scorecard: each measure with its newest
    /// [`POINTS_SHOWN`] values, oldest first.
    pub fn measured_series(&self, account_id: Id) -> Result<Vec<Series>> {
        let mut statements = Vec::new();
        for name in names(&self.conn, account_id)? {
            statements.extend(newest(&self.conn, account_id, &name, POINTS_SHOWN)?);
        }
        Ok(measure::series(&statements))
    }
}

#[cfg(test)]
mod tests;
