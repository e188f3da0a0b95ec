//! Action plans and their steps.

use std::collections::HashMap;

use rusqlite::types::ToSqlOutput;
use rusqlite::{Connection, OptionalExtension, Row, ToSql};

use super::bulk::{self, Values};
use super::database::Store;
use super::error::{Result, StoreError};
use super::record::saved;
use super::record::short;
use super::snapshot::Snapshot;
use super::sql;
use super::sql::choice;
use super::undo_log;
use super::{history, proofs};
use crate::domain::choice::Choice;
use crate::domain::{ActionPlan, BusinessIssue, Id, Step};

pub(super) const COLUMNS: &str = "id, issue_id, title, detail, uses_product, owner, due, status, \
     billable_hours, non_billable_hours, created_at, updated_at, customer_owner, customer_owner_id";

pub(super) fn from_row(row: &Row<'_>) -> rusqlite::Result<ActionPlan> {
    Ok(ActionPlan {
        id: row.get(0)?,
        issue_id: row.get(1)?,
        title: row.get(2)?,
        detail: row.get(3)?,
        uses_product: row.get(4)?,
        owner: row.get(5)?,
        due: row.get(6)?,
        status: choice(row, 7)?,
        billable_hours: row.get(8)?,
        non_billable_hours: row.get(9)?,
        steps: Vec::new(),
        created_at: sql::timestamp_at(row, 10)?,
        updated_at: sql::timestamp_at(row, 11)?,
        customer_owner: row.get(12)?,
        customer_owner_id: row.get(13)?,
    })
}

fn with_steps(conn: &Connection, mut plan: ActionPlan) -> Result<ActionPlan> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, text, done, due FROM plan_step WHERE plan_id = ?1 ORDER BY position",
    )?;
    plan.steps = stmt
        .query_map([plan.id], |r| {
            Ok(Step {
                id: r.get(0)?,
                text: r.get(1)?,
                done: r.get(2)?,
                due: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(plan)
}

pub(super) fn get(conn: &Connection, id: Id) -> Result<Option<ActionPlan>> {
    let plan = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM action_plan WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?;
    plan.map(|p| with_steps(conn, p)).transpose()
}

/// An issue's plans: open ones first, by due date, then the closed ones.
pub(super) fn for_issue(conn: &Connection, issue_id: Id) -> Result<Vec<ActionPlan>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM action_plan WHERE issue_id = ?1
         ORDER BY status IN ('done', 'dropped'), due IS NULL, due, created_at, id"
    ))?;
    let plans = stmt
        .query_map([issue_id], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    plans.into_iter().map(|p| with_steps(conn, p)).collect()
}

/// The plans `person` owns on the customer's side, by due date.
pub(super) fn owned_by_customer(conn: &Connection, person: Id) -> Result<Vec<ActionPlan>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM action_plan WHERE customer_owner_id = ?1
         ORDER BY due IS NULL, due, created_at, id"
    ))?;
    let plans = stmt
        .query_map([person], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    plans.into_iter().map(|p| with_steps(conn, p)).collect()
}

/// The plans of `issues`, issue by issue, each issue's as [`for_issue`]
/// orders them: an account's plans as its undo snapshot holds them.
pub(super) fn for_issues(conn: &Connection, issues: &[BusinessIssue]) -> Result<Vec<ActionPlan>> {
    let mut plans = Vec::new();
    for issue in issues {
        plans.extend(for_issue(conn, issue.id)?);
    }
    Ok(plans)
}

/// A step selected as `plan_id, id, text, done, due`, with its plan's id.
pub(super) fn step_from_row(r: &Row<'_>) -> rusqlite::Result<(Id, Step)> {
    Ok((
        r.get(0)?,
        Step {
            id: r.get(1)?,
            text: r.get(2)?,
            done: r.get(3)?,
            due: r.get(4)?,
        },
    ))
}

/// Every action plan with its steps, by id.
pub(super) fn all(conn: &Connection) -> Result<Vec<ActionPlan>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM action_plan ORDER BY id"))?;
    let mut plans = stmt
        .query_map([], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let index: HashMap<Id, usize> = plans.iter().enumerate().map(|(n, p)| (p.id, n)).collect();
    let mut steps = conn.prepare_cached(
        "SELECT plan_id, id, text, done, due FROM plan_step ORDER BY plan_id, position",
    )?;
    let rows = steps.query_map([], step_from_row)?;
    for row in rows {
        let (plan_id, step) = row?;
        if let Some(&n) = index.get(&plan_id) {
            plans[n].steps.push(step);
        }
    }
    Ok(plans)
}

/// The plan's own values in `COLUMNS` order.
fn values(p: &ActionPlan) -> rusqlite::Result<Values<'_>> {
    Ok(vec![
        p.id.to_sql()?,
        p.issue_id.to_sql()?,
        p.title.to_sql()?,
        p.detail.to_sql()?,
        p.uses_product.to_sql()?,
        p.owner.to_sql()?,
        p.due.to_sql()?,
        ToSqlOutput::from(p.status.key()),
        p.billable_hours.to_sql()?,
        p.non_billable_hours.to_sql()?,
        sql::timestamp(&p.created_at),
        sql::timestamp(&p.updated_at),
        p.customer_owner.to_sql()?,
        p.customer_owner_id.to_sql()?,
    ])
}

/// The columns of a step row.
const STEP_COLUMNS: &str = "id, plan_id, position, text, done, due";

/// A step's values in `STEP_COLUMNS` order.
fn step_values<'a>(
    plan: &'a ActionPlan,
    position: usize,
    s: &'a Step,
) -> rusqlite::Result<Values<'a>> {
    Ok(vec![
        s.id.to_sql()?,
        plan.id.to_sql()?,
        ToSqlOutput::from(i64::try_from(position).unwrap_or(i64::MAX)),
        s.text.to_sql()?,
        s.done.to_sql()?,
        s.due.to_sql()?,
    ])
}

/// Inserts the plans or replaces every column of the stored ones, and
/// replaces all of their steps.
pub(super) fn upsert_many<'a>(
    conn: &Connection,
    plans: impl IntoIterator<Item = &'a ActionPlan>,
) -> Result<()> {
    let plans: Vec<&ActionPlan> = plans.into_iter().collect();
    let rows = plans.iter().map(|p| values(p));
    bulk::upsert(conn, "action_plan", COLUMNS, rows)?;
    let ids: Vec<Id> = plans.iter().map(|p| p.id).collect();
    bulk::delete_where_in(conn, "plan_step", "plan_id", &ids)?;
    let steps = plans.iter().flat_map(|p| {
        p.steps
            .iter()
            .enumerate()
            .map(move |(n, s)| step_values(p, n, s))
    });
    bulk::upsert(conn, "plan_step", STEP_COLUMNS, steps)
}

saved!(ActionPlan, plans,
    label: |r| format!("edit of plan “{}”", short(&r.title)),
    account: |a, conn| history::issue_account(conn, a.issue_id));

/// Deletes an action plan with its steps; proof statements that pointed
/// at it lose the link. The deletion can be undone.
/// In the caller's transaction; returns what was deleted, for messages.
pub(super) fn delete(tx: &Connection, id: Id) -> Result<String> {
    let plan = get(tx, id)?.ok_or(StoreError::NotFound("action plan"))?;
    history::deleted(tx, history::issue_account(tx, plan.issue_id)?, &plan)?;
    let label = format!("plan “{}”", short(&plan.title));
    let mut snapshot = Snapshot::plans(vec![plan]);
    snapshot.proofs = proofs::linked_to(tx, None, &[id])?;
    tx.execute("DELETE FROM action_plan WHERE id = ?1", [id])?;
    undo_log::push(tx, &format!("deletion of {label}"), &snapshot)?;
    Ok(label)
}

impl Store {
    /// The action plans answering one business issue, with their steps.
    pub fn plans(&self, issue_id: Id) -> Result<Vec<ActionPlan>> {
        for_issue(&self.conn, issue_id)
    }

    /// Every action plan of an account, with their steps.
    pub fn account_plans(&self, account_id: Id) -> Result<Vec<ActionPlan>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM business_issue WHERE account_id = ?1 ORDER BY created_at, id",
        )?;
        let issue_ids = stmt
            .query_map([account_id], |r| r.get::<_, Id>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut plans = Vec::new();
        for id in issue_ids {
            plans.extend(for_issue(&self.conn, id)?);
        }
        Ok(plans)
    }

    /// One action plan with its steps.
    pub fn plan(&self, id: Id) -> Result<ActionPlan> {
        get(&self.conn, id)?.ok_or(StoreError::NotFound("action plan"))
    }

    /// Creates or updates an action plan and its steps after validating it;
    /// an edit (a step checked off, say) can be undone.
    pub fn save_plan(&mut self, plan: &ActionPlan) -> Result<ActionPlan> {
        self.save_record(plan)
    }

    /// Deletes an action plan with its steps; proof statements that pointed
    /// at it lose the link. The deletion can be undone.
    pub fn delete_plan(&mut self, id: Id) -> Result<String> {
        self.write(|tx| delete(tx, id))
    }
}
