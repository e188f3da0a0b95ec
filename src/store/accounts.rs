//! Accounts.

use std::ops::ControlFlow;

use chrono::Datelike;
use rusqlite::types::ToSqlOutput;
use rusqlite::{Connection, OptionalExtension, Row, ToSql, Transaction};

use super::bulk::{self, Values};
use super::database::Store;
use super::error::{Result, StoreError};
use super::record::saved;
use super::sql;
use super::sql::choice;
use crate::domain::account::with_single_revenues;
use crate::domain::choice::Choice;
use crate::domain::{Account, Id, YearRevenue};

const COLUMNS: &str = "id, name, industry, offerings, share_of_wallet, stage, \
     value_proposition, differentiation, customers, last_review, created_at, updated_at, \
     proof_cadence_days, revenue_history, currency, review_interval_days, team";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        id: row.get(0)?,
        name: row.get(1)?,
        industry: row.get(2)?,
        offerings: row.get(3)?,
        share_of_wallet: row.get(4)?,
        stage: choice(row, 5)?,
        value_proposition: row.get(6)?,
        differentiation: row.get(7)?,
        customers: row.get(8)?,
        last_review: row.get(9)?,
        created_at: sql::timestamp_at(row, 10)?,
        updated_at: sql::timestamp_at(row, 11)?,
        proof_cadence_days: row.get(12)?,
        revenue_history: sql::json_at(row, 13)?,
        currency: row.get(14)?,
        review_interval_days: row.get(15)?,
        team: sql::json_at(row, 16)?,
    })
}

pub(super) fn get(conn: &Connection, id: Id) -> Result<Option<Account>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM account WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?)
}

/// Every account, by id, each handed to `each` as it is read until it
/// says to stop.
pub(super) fn each_by_id(
    conn: &Connection,
    each: &mut dyn FnMut(Account) -> ControlFlow<()>,
) -> rusqlite::Result<()> {
    let sql = format!("SELECT {COLUMNS} FROM account ORDER BY id");
    sql::each_row(conn, &sql, from_row, each)
}

/// The account's values in `COLUMNS` order.
fn values(a: &Account) -> rusqlite::Result<Values<'_>> {
    Ok(vec![
        a.id.to_sql()?,
        a.name.to_sql()?,
        a.industry.to_sql()?,
        a.offerings.to_sql()?,
        a.share_of_wallet.to_sql()?,
        ToSqlOutput::from(a.stage.key()),
        a.value_proposition.to_sql()?,
        a.differentiation.to_sql()?,
        a.customers.to_sql()?,
        a.last_review.to_sql()?,
        sql::timestamp(&a.created_at),
        sql::timestamp(&a.updated_at),
        a.proof_cadence_days.to_sql()?,
        sql::json(&a.revenue_history)?,
        a.currency.to_sql()?,
        a.review_interval_days.to_sql()?,
        sql::json(&a.team)?,
    ])
}

/// Inserts the accounts or replaces every column of the stored ones
/// (children are untouched).
pub(super) fn upsert_many<'a>(
    conn: &Connection,
    accounts: impl IntoIterator<Item = &'a Account>,
) -> Result<()> {
    let rows = accounts.into_iter().map(values);
    bulk::upsert(conn, "account", COLUMNS, rows)
}

/// Migration 015: joins each account's single revenue figures (last
/// year's and the year before's, as of the upgrade) to its revenue per
/// year the way an older export's are joined, then drops their columns.
pub(super) fn fold_single_revenues(tx: &Transaction) -> rusqlite::Result<()> {
    let year = chrono::Utc::now().year();
    let singles: Vec<(Id, Option<i64>, Option<i64>, String)> = tx
        .prepare(
            "SELECT id, annual_revenue, prior_revenue, revenue_history FROM account
              WHERE annual_revenue IS NOT NULL OR prior_revenue IS NOT NULL",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut set = tx.prepare("UPDATE account SET revenue_history = ?2 WHERE id = ?1")?;
    for (id, annual, prior, history) in singles {
        let history: Vec<YearRevenue> = serde_json::from_str(&history)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        let joined = with_single_revenues(history.clone(), annual, prior, year);
        if joined != history {
            set.execute((id, sql::json(&joined)?))?;
        }
    }
    tx.execute_batch(
        "ALTER TABLE account DROP COLUMN annual_revenue;
         ALTER TABLE account DROP COLUMN prior_revenue;",
    )
}

saved!(Account, accounts,
    label: |r| format!("edit of account “{}”", r.name),
    account: |a, _conn| Ok(Some(a.id)));

impl Store {
    /// Every account, by name.
    pub fn accounts(&self) -> Result<Vec<Account>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM account ORDER BY name COLLATE NOCASE"
        ))?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One account.
    pub fn account(&self, id: Id) -> Result<Account> {
        get(&self.conn, id)?.ok_or(StoreError::NotFound("account"))
    }

    /// Creates or updates an account after validating it; returns the record
    /// as stored. An edit can be undone.
    pub fn save_account(&mut self, account: &Account) -> Result<Account> {
        self.save_record(account)
    }
}
