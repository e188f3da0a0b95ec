//! Three-way merge of one item changed on both machines since the version
//! both started from: a record field by field with the domain's merge (the
//! one two windows on one file use), a history as the union of its
//! entries, a set of conflicts field by field.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::item::Fields;
use super::item::sorted_history;
use crate::domain::history::RecordKind;
use crate::domain::merge::{Conflict, Merged, merge};
use crate::domain::{
    Account, ActionPlan, Assessment, BusinessIssue, Conversation, ProofStatement, Stakeholder,
    Whitespace,
};
use crate::store::{HistoryEntry, SyncConflict};

/// A record merged: its fields (mine where they conflict) and the fields
/// that conflict.
#[derive(Debug, Clone, PartialEq)]
pub struct MergedRecord {
    /// The merged record.
    pub fields: Fields,
    /// The fields changed differently on the two machines.
    pub conflicts: Vec<Conflict>,
}

/// Merges two edits of a record of `kind` made from `base`; with no base
/// (the record was added on both machines), mine is kept and every field
/// that differs is a conflict. A matching result never changes once
/// taken: mine is kept.
pub fn record(
    kind: RecordKind,
    base: Option<&Fields>,
    mine: &Fields,
    theirs: &Fields,
) -> Result<MergedRecord, String> {
    match kind {
        RecordKind::Account => typed::<Account>(base, mine, theirs),
        RecordKind::Issue => typed::<BusinessIssue>(base, mine, theirs),
        RecordKind::Plan => typed::<ActionPlan>(base, mine, theirs),
        RecordKind::Proof => typed::<ProofStatement>(base, mine, theirs),
        RecordKind::Stakeholder => typed::<Stakeholder>(base, mine, theirs),
        RecordKind::Conversation => typed::<Conversation>(base, mine, theirs),
        RecordKind::Assessment => typed::<Assessment>(base, mine, theirs),
        RecordKind::Whitespace => typed::<Whitespace>(base, mine, theirs),
        RecordKind::Matching => Ok(MergedRecord {
            fields: mine.clone(),
            conflicts: Vec::new(),
        }),
    }
}

/// [`record`] for one domain type.
fn typed<T>(base: Option<&Fields>, mine: &Fields, theirs: &Fields) -> Result<MergedRecord, String>
where
    T: Merged + Serialize + DeserializeOwned,
{
    let read = |fields: &Fields| {
        serde_json::from_value::<T>(fields.clone().into()).map_err(|e| e.to_string())
    };
    let Some(base) = base else {
        let mine_typed = read(mine)?;
        let differs = merge(&mine_typed, &mine_typed, &read(theirs)?).taken;
        let shown = |fields: &Fields, key: &str| match fields.get(key) {
            Some(serde_json::Value::String(text)) => text.clone(),
            Some(value) => value.to_string(),
            None => String::new(),
        };
        return Ok(MergedRecord {
            fields: mine.clone(),
            conflicts: differs
                .into_iter()
                .map(|field| Conflict {
                    mine: shown(mine, &field),
                    theirs: shown(theirs, &field),
                    field,
                })
                .collect(),
        });
    };
    let merged = merge(&read(base)?, &read(mine)?, &read(theirs)?);
    let fields = match serde_json::to_value(&merged.record).map_err(|e| e.to_string())? {
        serde_json::Value::Object(fields) => fields,
        _ => return Err("a record is not a JSON object".to_owned()),
    };
    Ok(MergedRecord {
        fields,
        conflicts: merged.conflicts,
    })
}

/// Every entry of both histories, oldest first: histories only grow.
pub fn history(mine: &[HistoryEntry], theirs: &[HistoryEntry]) -> Vec<HistoryEntry> {
    sorted_history(mine.iter().chain(theirs).cloned().collect())
}

/// Merges two edits of a record's conflicts made from `base`, field by
/// field: a conflict resolved on either machine is gone, one found on
/// either is in; changed on both, mine is kept. Resolving a conflict
/// settles only that one: where the other machine meanwhile found a new
/// conflict on the field, with other values, the new one is in.
pub fn conflicts(
    base: &[SyncConflict],
    mine: &[SyncConflict],
    theirs: &[SyncConflict],
) -> Vec<SyncConflict> {
    let by_field = |list: &[SyncConflict]| -> BTreeMap<String, SyncConflict> {
        list.iter().map(|c| (c.field.clone(), c.clone())).collect()
    };
    let (base, mine, theirs) = (by_field(base), by_field(mine), by_field(theirs));
    let mut fields: Vec<&String> = mine.keys().chain(theirs.keys()).collect();
    fields.sort();
    fields.dedup();
    fields
        .into_iter()
        .filter_map(|field| {
            let (b, m, t) = (base.get(field), mine.get(field), theirs.get(field));
            let theirs_decide = m == b || (m.is_none() && t != b);
            if theirs_decide { t } else { m }.cloned()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use serde_json::Value;

    use super::*;
    use crate::domain::{Id, Importance};

    fn fields(value: impl Serialize) -> Fields {
        match serde_json::to_value(value).unwrap() {
            Value::Object(fields) => fields,
            _ => unreachable!(),
        }
    }

    #[test]
    fn different_fields_both_survive_and_the_same_field_conflicts() {
        let base = BusinessIssue::new(Id::new(), "Kranverfügbarkeit".to_owned());
        let mut mine = base.clone();
        mine.importance = Importance::High;
        mine.said_by = "Ana".to_owned();
        let mut theirs = base.clone();
        theirs.said_by = "Bo".to_owned();
        theirs.statement = "وقت التوقف\tzu hoch".to_owned();
        let merged = record(
            RecordKind::Issue,
            Some(&fields(&base)),
            &fields(&mine),
            &fields(&theirs),
        )
        .unwrap();
        let issue: BusinessIssue = serde_json::from_value(merged.fields.into()).unwrap();
        assert_eq!(issue.importance, Importance::High);
        assert_eq!(issue.statement, "وقت التوقف\tzu hoch");
        assert_eq!(issue.said_by, "Ana");
        assert_eq!(merged.conflicts.len(), 1);
        assert_eq!(merged.conflicts[0].field, "said_by");
        assert_eq!(merged.conflicts[0].theirs, "Bo");
    }

    #[test]
    fn a_record_that_does_not_read_is_an_error_not_a_guess() {
        let base = fields(BusinessIssue::new(Id::new(), "x".to_owned()));
        let mut broken = base.clone();
        broken.insert("importance".to_owned(), Value::from("enormous"));
        assert!(record(RecordKind::Issue, Some(&base), &broken, &base).is_err());
    }

    #[test]
    fn a_record_added_on_both_machines_keeps_mine_and_every_difference_conflicts() {
        let mine = BusinessIssue::new(Id::new(), "Stillstand");
        let mut theirs = mine.clone();
        theirs.said_by = "Bo".to_owned();
        let merged = record(RecordKind::Issue, None, &fields(&mine), &fields(&theirs)).unwrap();
        assert_eq!(merged.fields, fields(&mine));
        assert_eq!(merged.conflicts.len(), 1);
        assert_eq!(merged.conflicts[0].theirs, "Bo");
    }

    fn entry(uid: &str, day: u32) -> HistoryEntry {
        HistoryEntry {
            uid: uid.to_owned(),
            at: NaiveDate::from_ymd_opt(2026, 12, day)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap()
                .and_utc(),
            account_id: None,
            record_kind: RecordKind::Proof,
            record_id: Id::new(),
            action: "added".to_owned(),
            field: None,
            old_value: None,
            new_value: None,
            label: String::new(),
        }
    }

    #[test]
    fn histories_merge_as_a_union_in_time_order() {
        let (a, b, c) = (entry("a", 3), entry("b", 1), entry("c", 2));
        let merged = history(&[a.clone(), b.clone()], &[b.clone(), c.clone()]);
        assert_eq!(merged, vec![b, c, a]);
    }

    fn conflict(field: &str, other: &str) -> SyncConflict {
        SyncConflict {
            kind: RecordKind::Issue,
            record: "0190a1b2-0000-7000-8000-000000000001".parse().unwrap(),
            account: "0190a1b2-0000-7000-8000-000000000002".parse().unwrap(),
            field: field.to_owned(),
            kept: "k".to_owned(),
            other: other.to_owned(),
            other_record: Value::Null,
        }
    }

    #[test]
    fn a_conflict_resolved_on_either_side_is_gone_and_a_new_one_is_in() {
        let base = [conflict("owner", "x"), conflict("title", "y")];
        let mine = [conflict("title", "y"), conflict("due", "z")];
        let theirs = [conflict("owner", "x")];
        let merged = conflicts(&base, &mine, &theirs);
        let fields: Vec<&str> = merged.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["due"]);
    }

    #[test]
    fn resolving_a_conflict_keeps_a_new_one_the_other_machine_found_on_the_field() {
        let base = [conflict("statement", "A")];
        let theirs = [conflict("statement", "D")];
        assert_eq!(conflicts(&base, &[], &theirs), theirs);
        assert_eq!(conflicts(&base, &theirs, &[]), theirs);
        assert_eq!(conflicts(&base, &[], &base), []);
        assert_eq!(conflicts(&base, &base, &[]), []);
    }
}
