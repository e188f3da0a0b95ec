//! Each record kind as sync sees it: the record as it is now, as the JSON
//! object its file holds; a record read back from such an object; and the
//! table a deletion removes it from.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use rusqlite::Connection;

use super::super::error::{Result, StoreError};
use super::super::snapshot::Snapshot;
use super::super::{
    accounts, assessments, conversations, history, issues, matching, plans, proofs, stakeholders,
    whitespace,
};
use super::Fields;
use crate::domain::Id;
use crate::domain::history::{RecordKind, Tracked};

/// A record as it is now: its account (a plan's is its issue's) and its
/// fields; none when it does not exist (a grid with no units and no
/// offerings does not).
pub(super) fn current(
    conn: &Connection,
    kind: RecordKind,
    id: Id,
) -> Result<Option<(Option<Id>, Fields)>> {
    fn with<T: Serialize>(
        record: Option<T>,
        account: impl Fn(&T) -> Option<Id>,
    ) -> Result<Option<(Option<Id>, Fields)>> {
        record
            .map(|r| Ok((account(&r), to_fields(&r)?)))
            .transpose()
    }
    match kind {
        RecordKind::Account => with(accounts::get(conn, id)?, |a| Some(a.id)),
        RecordKind::Issue => with(issues::get(conn, id)?, |i| Some(i.account_id)),
        RecordKind::Plan => match plans::get(conn, id)? {
            Some(plan) => {
                let account = history::issue_account(conn, plan.issue_id)?;
                Ok(Some((account, to_fields(&plan)?)))
            }
            None => Ok(None),
        },
        RecordKind::Proof => with(proofs::get(conn, id)?, |p| Some(p.account_id)),
        RecordKind::Stakeholder => with(stakeholders::get(conn, id)?, |s| Some(s.account_id)),
        RecordKind::Conversation => with(conversations::get(conn, id)?, |c| Some(c.account_id)),
        RecordKind::Assessment => with(assessments::get(conn, id)?, |a| Some(a.account_id)),
        RecordKind::Whitespace => {
            let grid = Some(whitespace::get(conn, id)?).filter(|g| !g.is_empty());
            with(grid, |g| Some(g.account_id))
        }
        RecordKind::Matching => with(matching::get(conn, id)?, |m| Some(m.account_id)),
    }
}

/// A record as the JSON object its file holds.
fn to_fields<T: Serialize>(record: &T) -> Result<Fields> {
    match serde_json::to_value(record)? {
        Value::Object(fields) => Ok(fields),
        other => Err(StoreError::Data(format!(
            "a record is not a JSON object: {other}"
        ))),
    }
}

/// The record `fields` hold, which must be `id` of `kind`.
fn from_fields<T: DeserializeOwned + Tracked>(
    kind: RecordKind,
    id: Id,
    fields: &Fields,
) -> Result<T> {
    let unreadable = |why: String| {
        StoreError::Data(format!(
            "the {} {id} from the remote cannot be read: {why}",
            kind.noun()
        ))
    };
    let record: T = serde_json::from_value(Value::Object(fields.clone()))
        .map_err(|e| unreadable(e.to_string()))?;
    if record.record_id() != id {
        return Err(unreadable(format!(
            "it holds the id {}",
            record.record_id()
        )));
    }
    Ok(record)
}

/// Adds the record `fields` hold, `id` of `kind`, to `records`.
pub(super) fn add(records: &mut Snapshot, kind: RecordKind, id: Id, fields: &Fields) -> Result<()> {
    match kind {
        RecordKind::Account => records.accounts.push(from_fields(kind, id, fields)?),
        RecordKind::Issue => records.issues.push(from_fields(kind, id, fields)?),
        RecordKind::Plan => records.plans.push(from_fields(kind, id, fields)?),
        RecordKind::Proof => records.proofs.push(from_fields(kind, id, fields)?),
        RecordKind::Stakeholder => records.stakeholders.push(from_fields(kind, id, fields)?),
        RecordKind::Conversation => records.conversations.push(from_fields(kind, id, fields)?),
        RecordKind::Assessment => records.assessments.push(from_fields(kind, id, fields)?),
        RecordKind::Whitespace => records.whitespace.push(from_fields(kind, id, fields)?),
        RecordKind::Matching => records.matching.push(from_fields(kind, id, fields)?),
    }
    Ok(())
}

/// The record kinds, children before parents: the order deletions go in.
pub(super) const CHILDREN_FIRST: [RecordKind; 9] = [
    RecordKind::Matching,
    RecordKind::Whitespace,
    RecordKind::Assessment,
    RecordKind::Conversation,
    RecordKind::Proof,
    RecordKind::Plan,
    RecordKind::Issue,
    RecordKind::Stakeholder,
    RecordKind::Account,
];

/// The tables a deletion of `kind` removes rows from, each with the column
/// that holds the record's id.
pub(super) fn tables(kind: RecordKind) -> &'static [(&'static str, &'static str)] {
    match kind {
        RecordKind::Account => &[("account", "id")],
        RecordKind::Issue => &[("business_issue", "id")],
        RecordKind::Plan => &[("action_plan", "id")],
        RecordKind::Proof => &[("proof_statement", "id")],
        RecordKind::Stakeholder => &[("stakeholder", "id")],
        RecordKind::Conversation => &[("conversation", "id")],
        RecordKind::Assessment => &[("assessment", "id")],
        RecordKind::Whitespace => &[
            ("whitespace_axis", "account_id"),
            ("whitespace_cell", "account_id"),
        ],
        RecordKind::Matching => &[("matching_result", "id")],
    }
}
