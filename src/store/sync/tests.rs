//! Notes, pending items, applied states and conflicts on database files.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::*;
use crate::domain::choice::Choice;
use crate::domain::{
    Account, ActionPlan, BusinessIssue, CellState, Conversation, Importance, MatchingResult,
    Stakeholder, Step, Whitespace,
};
use crate::store::snapshot::Snapshot;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// A new database file in `dir`, named `name`.
fn open(dir: &tempfile::TempDir, name: &str) -> Store {
    let store = Store::open(dir.path().join(name)).unwrap();
    store
        .conn
        .pragma_update(None, "synchronous", "OFF")
        .unwrap();
    store
}

/// A database holding the demo portfolio.
fn demo(dir: &tempfile::TempDir, name: &str) -> Store {
    let mut store = open(dir, name);
    crate::demo::load(&mut store, today()).unwrap();
    store
}

type Note = (String, String);

fn note(kind: &str, id: Id) -> Note {
    (kind.to_string(), id.to_string())
}

/// Every note, by kind and id.
fn notes(store: &Store) -> BTreeSet<Note> {
    let mut stmt = store
        .conn
        .prepare("SELECT kind, id FROM sync_changed")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// The notes of records (not history) that `change` leaves, from none.
fn noted_by(store: &mut Store, change: impl FnOnce(&mut Store)) -> BTreeSet<Note> {
    store.conn.execute("DELETE FROM sync_changed", []).unwrap();
    change(store);
    notes(store)
        .into_iter()
        .filter(|(kind, _)| kind != "history")
        .collect()
}

fn run(store: &Store, sql: &str, params: impl rusqlite::Params) {
    store.conn.execute(sql, params).unwrap();
}

/// Every history row, as sync carries it, by uid.
fn history_rows(store: &Store) -> Vec<HistoryEntry> {
    let ids: Vec<Id> = store
        .conn
        .prepare("SELECT DISTINCT record_id FROM change_log")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut all: Vec<HistoryEntry> = ids
        .into_iter()
        .flat_map(|id| entries::of(&store.conn, id).unwrap())
        .collect();
    all.sort_by(|a, b| a.uid.cmp(&b.uid));
    all
}

/// What `pending` holds, as an apply to another database writes it.
fn apply_of(pending: &Pending, commit: &str) -> Apply {
    let mut apply = Apply {
        upto: 0,
        commit: commit.to_string(),
        synced: true,
        ..Apply::default()
    };
    for item in &pending.items {
        match item {
            PendingItem::Record {
                kind, id, fields, ..
            } => apply.records.push((*kind, *id, fields.clone())),
            PendingItem::History { entries, .. } => apply.history.extend(entries.clone()),
            PendingItem::Conflicts { record, conflicts } => {
                apply.conflicts.push((*record, conflicts.clone()));
            }
        }
    }
    apply
}

fn fields_of<T: serde::Serialize>(record: &T) -> Fields {
    match serde_json::to_value(record).unwrap() {
        Value::Object(map) => map,
        _ => unreachable!(),
    }
}

fn record_item(pending: &Pending, id: Id) -> &PendingItem {
    pending
        .items
        .iter()
        .find(|item| matches!(item, PendingItem::Record { id: found, .. } if *found == id))
        .unwrap()
}

fn commit_of(store: &Store) -> Option<String> {
    store.sync_state().unwrap().unwrap().commit
}

#[test]
fn nothing_is_noted_before_the_database_is_connected() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(&dir, "kam.db");
    let mut account = store.accounts().unwrap().remove(0);
    account.industry = "Shipping".into();
    store.save_account(&account).unwrap();
    assert!(notes(&store).is_empty());
    assert_eq!(store.sync_state().unwrap(), None);
    assert_eq!(store.sync_summary().unwrap(), None);
}

#[test]
fn connecting_notes_every_record_history_and_conflict_set() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(&dir, "kam.db");
    let all = store.all_records().unwrap();
    let grid_account = all.whitespace[0].account_id;
    run(
        &store,
        "INSERT INTO sync_conflict VALUES (?1, 'name', 'account', ?1, 'a', 'b', 'null')",
        [all.accounts[0].id],
    );
    store.sync_connect("/remote.git").unwrap();

    let noted = notes(&store);
    let mut wanted = BTreeSet::new();
    wanted.extend(all.accounts.iter().map(|r| note("account", r.id)));
    wanted.extend(all.issues.iter().map(|r| note("issue", r.id)));
    wanted.extend(all.plans.iter().map(|r| note("plan", r.id)));
    wanted.extend(all.proofs.iter().map(|r| note("proof", r.id)));
    wanted.extend(all.stakeholders.iter().map(|r| note("stakeholder", r.id)));
    wanted.extend(all.conversations.iter().map(|r| note("conversation", r.id)));
    wanted.extend(all.assessments.iter().map(|r| note("assessment", r.id)));
    wanted.extend(
        all.whitespace
            .iter()
            .map(|r| note("whitespace", r.account_id)),
    );
    wanted.extend(all.matching.iter().map(|r| note("matching", r.id)));
    wanted.extend(
        history_rows(&store)
            .iter()
            .map(|e| note("history", e.record_id)),
    );
    wanted.insert(note("conflicts", all.accounts[0].id));
    assert!(noted.contains(&note("whitespace", grid_account)));
    assert_eq!(noted, wanted);

    let summary = store.sync_summary().unwrap().unwrap();
    assert_eq!(summary.unsynced, wanted.len());
    assert_eq!(summary.conflicts, 1);
    assert_eq!(summary.state.remote, "/remote.git");
    assert_eq!(summary.state.commit, None);
}

#[test]
fn every_kind_and_part_is_noted_on_insert_update_and_delete() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir, "kam.db");
    store.sync_connect("/remote.git").unwrap();
    let a = store.save_account(&Account::new("Nordhafen")).unwrap();
    let b = store.save_account(&Account::new("Südwerk")).unwrap();

    let issue = BusinessIssue::new(a.id, "Lines stop");
    let got = noted_by(&mut store, |s| drop(s.save_issue(&issue).unwrap()));
    assert_eq!(got, BTreeSet::from([note("issue", issue.id)]));

    let mut plan = ActionPlan::new(issue.id, "Pilot");
    plan.steps = vec![Step::new("Scope")];
    let other = ActionPlan::new(issue.id, "Other");
    let got = noted_by(&mut store, |s| {
        s.save_plan(&plan).unwrap();
        s.save_plan(&other).unwrap();
    });
    assert_eq!(
        got,
        BTreeSet::from([note("plan", plan.id), note("plan", other.id)])
    );
    let step = plan.steps[0].id;
    let got = noted_by(&mut store, |s| {
        run(s, "UPDATE plan_step SET done = 1 WHERE id = ?1", [step]);
    });
    assert_eq!(got, BTreeSet::from([note("plan", plan.id)]));
    let got = noted_by(&mut store, |s| {
        run(
            s,
            "UPDATE plan_step SET plan_id = ?1 WHERE id = ?2",
            (other.id, step),
        );
    });
    assert_eq!(
        got,
        BTreeSet::from([note("plan", plan.id), note("plan", other.id)])
    );
    let got = noted_by(&mut store, |s| {
        run(s, "DELETE FROM plan_step WHERE id = ?1", [step]);
    });
    assert_eq!(got, BTreeSet::from([note("plan", other.id)]));

    // An issue moved to another account takes its plans to that account.
    let got = noted_by(&mut store, |s| {
        run(
            s,
            "UPDATE business_issue SET account_id = ?1 WHERE id = ?2",
            (b.id, issue.id),
        );
    });
    assert_eq!(
        got,
        BTreeSet::from([
            note("issue", issue.id),
            note("plan", plan.id),
            note("plan", other.id)
        ])
    );

    let person = Stakeholder::new(b.id, "Ms Berg");
    let mut talk = Conversation::new(b.id, today(), "QBR");
    let second = Conversation::new(b.id, today(), "Call");
    let got = noted_by(&mut store, |s| {
        s.save_stakeholder(&person).unwrap();
        s.save_conversation(&second).unwrap();
    });
    assert_eq!(
        got,
        BTreeSet::from([
            note("stakeholder", person.id),
            note("conversation", second.id)
        ])
    );
    talk.attendees = vec![person.id];
    let got = noted_by(&mut store, |s| drop(s.save_conversation(&talk).unwrap()));
    assert_eq!(got, BTreeSet::from([note("conversation", talk.id)]));
    let got = noted_by(&mut store, |s| {
        run(
            s,
            "UPDATE conversation_attendee SET conversation_id = ?1 WHERE conversation_id = ?2",
            (second.id, talk.id),
        );
    });
    assert_eq!(
        got,
        BTreeSet::from([
            note("conversation", talk.id),
            note("conversation", second.id)
        ])
    );
    let got = noted_by(&mut store, |s| {
        run(s, "DELETE FROM conversation_attendee", []);
    });
    assert_eq!(got, BTreeSet::from([note("conversation", second.id)]));

    let mut grid = Whitespace::new(a.id);
    grid.add_unit("Hamburg");
    grid.add_offering("Spares");
    grid.cells[0][0].state = CellState::Supply;
    let got = noted_by(&mut store, |s| {
        drop(s.save_whitespace(&grid, None).unwrap())
    });
    assert_eq!(got, BTreeSet::from([note("whitespace", a.id)]));
    let got = noted_by(&mut store, |s| {
        run(s, "UPDATE whitespace_cell SET value = 5", []);
    });
    assert_eq!(got, BTreeSet::from([note("whitespace", a.id)]));
    let got = noted_by(&mut store, |s| {
        run(s, "UPDATE whitespace_axis SET account_id = ?1", [b.id]);
    });
    assert_eq!(
        got,
        BTreeSet::from([note("whitespace", a.id), note("whitespace", b.id)])
    );

    let result = MatchingResult::new(a.id, 10, 7);
    let got = noted_by(&mut store, |s| s.save_matching_result(&result).unwrap());
    assert_eq!(got, BTreeSet::from([note("matching", result.id)]));

    let got = noted_by(&mut store, |s| {
        s.delete_conversation(talk.id).unwrap();
        s.delete_plan(plan.id).unwrap();
    });
    assert_eq!(
        got,
        BTreeSet::from([note("conversation", talk.id), note("plan", plan.id)])
    );

    // Every change is noted with its history too.
    store.conn.execute("DELETE FROM sync_changed", []).unwrap();
    let mut renamed = a.clone();
    renamed.name = "Nordhafen AG".into();
    store.save_account(&renamed).unwrap();
    assert_eq!(
        notes(&store),
        BTreeSet::from([note("account", a.id), note("history", a.id)])
    );
}

#[test]
fn deleting_an_account_notes_every_record_it_takes_along() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(&dir, "kam.db");
    store.sync_connect("/remote.git").unwrap();
    let all = store.all_records().unwrap();
    let grid = &all.whitespace[0];
    let id = grid.account_id;
    let mine = store.account_records(id).unwrap();
    assert!(!mine.plans.is_empty() && !mine.conversations.is_empty() && !mine.matching.is_empty());

    let got = noted_by(&mut store, |s| drop(s.delete_account(id).unwrap()));
    let mut wanted = BTreeSet::from([note("account", id), note("whitespace", id)]);
    wanted.extend(mine.issues.iter().map(|r| note("issue", r.id)));
    wanted.extend(mine.plans.iter().map(|r| note("plan", r.id)));
    wanted.extend(mine.proofs.iter().map(|r| note("proof", r.id)));
    wanted.extend(mine.stakeholders.iter().map(|r| note("stakeholder", r.id)));
    wanted.extend(
        mine.conversations
            .iter()
            .map(|r| note("conversation", r.id)),
    );
    wanted.extend(mine.assessments.iter().map(|r| note("assessment", r.id)));
    wanted.extend(mine.matching.iter().map(|r| note("matching", r.id)));
    assert_eq!(got, wanted);
}

#[test]
fn pending_gives_each_record_as_it_is_now_and_none_once_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir, "kam.db");
    let account = store.save_account(&Account::new("Nordhafen")).unwrap();
    store.sync_connect("/remote.git").unwrap();
    let issue = store
        .save_issue(&BusinessIssue::new(account.id, "Lines stop"))
        .unwrap();
    let plan = store
        .save_plan(&ActionPlan::new(issue.id, "Pilot"))
        .unwrap();

    let pending = store.sync_pending().unwrap();
    let PendingItem::Record {
        kind,
        account: of,
        fields,
        ..
    } = record_item(&pending, plan.id)
    else {
        unreachable!()
    };
    assert_eq!((*kind, *of), (RecordKind::Plan, Some(account.id)));
    assert_eq!(
        fields.as_ref(),
        Some(&fields_of(&store.plan(plan.id).unwrap()))
    );
    let history = pending.items.iter().find_map(|item| match item {
        PendingItem::History { record, entries } if *record == issue.id => Some(entries),
        _ => None,
    });
    assert_eq!(history.unwrap()[0].action, "added");

    store.delete_issue(issue.id).unwrap();
    let pending = store.sync_pending().unwrap();
    for id in [issue.id, plan.id] {
        let PendingItem::Record {
            fields, account, ..
        } = record_item(&pending, id)
        else {
            unreachable!()
        };
        assert_eq!((fields, account), (&None, &None));
    }
}

#[test]
fn applying_what_one_database_has_pending_makes_another_equal_and_notes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = demo(&dir, "desk.db");
    desk.sync_connect("/remote.git").unwrap();
    let mut laptop = open(&dir, "laptop.db");
    laptop.sync_connect("/remote.git").unwrap();

    let pending = desk.sync_pending().unwrap();
    let apply = apply_of(&pending, "c1");
    assert_eq!(laptop.sync_apply(&apply).unwrap(), Applied::Done);
    desk.sync_committed(pending.upto, "c1").unwrap();

    let (ours, theirs) = (desk.all_records().unwrap(), laptop.all_records().unwrap());
    assert!(!theirs.plans.iter().all(|p| p.steps.is_empty()));
    assert!(!theirs.conversations.iter().all(|c| c.attendees.is_empty()));
    assert!(!theirs.whitespace.is_empty() && !theirs.matching.is_empty());
    assert_eq!(theirs, ours);
    assert_eq!(history_rows(&laptop), history_rows(&desk));
    assert!(notes(&laptop).is_empty());
    assert!(notes(&desk).is_empty());
    let state = laptop.sync_state().unwrap().unwrap();
    assert_eq!(state.commit.as_deref(), Some("c1"));
    assert!(state.synced_at.is_some());
    assert_eq!(commit_of(&desk).as_deref(), Some("c1"));

    // The search index and the signals follow what was applied.
    let name = &ours.accounts[0].name;
    let hits = laptop.search(name, 5).unwrap();
    assert!(hits.iter().any(|h| h.record_id == ours.accounts[0].id));
    assert_eq!(
        laptop.all_signals(today()).unwrap(),
        desk.all_signals(today()).unwrap()
    );

    // Applying the same history again adds nothing.
    let again = Apply {
        history: apply.history.clone(),
        commit: "c2".into(),
        ..Apply::default()
    };
    laptop.sync_apply(&again).unwrap();
    assert_eq!(history_rows(&laptop).len(), history_rows(&desk).len());

    // Deletions come through, children before their parents.
    let gone = ours.accounts[0].id;
    desk.delete_account(gone).unwrap();
    let pending = desk.sync_pending().unwrap();
    let mut apply = apply_of(&pending, "c3");
    apply.upto = laptop.sync_pending().unwrap().upto;
    apply.records.reverse();
    assert_eq!(laptop.sync_apply(&apply).unwrap(), Applied::Done);
    assert_eq!(laptop.all_records().unwrap(), desk.all_records().unwrap());
}

#[test]
fn changes_committed_but_not_pushed_still_count_as_unsynced() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(&dir, "a.db");
    store.sync_connect("remote").unwrap();
    store
        .sync_committed(store.sync_pending().unwrap().upto, "c0")
        .unwrap();
    store
        .sync_apply(&Apply {
            commit: "c0".to_owned(),
            synced: true,
            ..Apply::default()
        })
        .unwrap();
    assert_eq!(store.sync_summary().unwrap().unwrap().unsynced, 0);
    let account = store.accounts().unwrap()[0].id;
    store
        .save_issue(&BusinessIssue::new(account, "offline"))
        .unwrap();
    let noted = store.sync_summary().unwrap().unwrap().unsynced;
    assert!(noted > 0);
    // Committed by a sync that found the remote offline: still unsynced.
    store
        .sync_committed(store.sync_pending().unwrap().upto, "c1")
        .unwrap();
    assert_eq!(store.sync_summary().unwrap().unwrap().unsynced, noted);
    // Pushed by the next one.
    store
        .sync_apply(&Apply {
            commit: "c1".to_owned(),
            synced: true,
            ..Apply::default()
        })
        .unwrap();
    assert_eq!(store.sync_summary().unwrap().unwrap().unsynced, 0);
}

#[test]
fn an_apply_over_a_record_changed_meanwhile_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir, "kam.db");
    store.sync_connect("/remote.git").unwrap();
    let first = store.save_account(&Account::new("Nordhafen")).unwrap();
    let second = store.save_account(&Account::new("Südwerk")).unwrap();
    let upto = store.sync_pending().unwrap().upto;
    let mut edited = first.clone();
    edited.industry = "Ports".into();
    store.save_account(&edited).unwrap();

    let mut theirs = first.clone();
    theirs.name = "Nordhafen GmbH".into();
    let mut other = second.clone();
    other.name = "Südwerk GmbH".into();
    let apply = Apply {
        upto,
        commit: "c1".into(),
        records: vec![
            (RecordKind::Account, other.id, Some(fields_of(&other))),
            (RecordKind::Account, theirs.id, Some(fields_of(&theirs))),
        ],
        ..Apply::default()
    };
    assert_eq!(store.sync_apply(&apply).unwrap(), Applied::Moved);
    assert_eq!(store.account(second.id).unwrap().name, "Südwerk");
    assert_eq!(commit_of(&store), None);

    let conflicted = Apply {
        upto,
        commit: "c1".into(),
        conflicts: vec![(first.id, Vec::new())],
        ..Apply::default()
    };
    run(
        &store,
        "INSERT INTO sync_conflict VALUES (?1, 'name', 'account', ?1, 'a', 'b', 'null')",
        [first.id],
    );
    assert_eq!(store.sync_apply(&conflicted).unwrap(), Applied::Moved);

    // Without the record changed meanwhile it is written; the notes up to
    // `upto` are forgotten, the later ones kept.
    let apply = Apply {
        records: apply.records[..1].to_vec(),
        ..apply
    };
    assert_eq!(store.sync_apply(&apply).unwrap(), Applied::Done);
    assert_eq!(store.account(second.id).unwrap().name, "Südwerk GmbH");
    assert_eq!(commit_of(&store).as_deref(), Some("c1"));
    let left = notes(&store);
    assert!(left.contains(&note("account", first.id)));
    assert!(left.contains(&note("conflicts", first.id)));
    assert!(!left.contains(&note("account", second.id)));
}

#[test]
fn a_record_that_cannot_be_read_fails_the_whole_apply() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir, "kam.db");
    store.sync_connect("/remote.git").unwrap();
    let good = Account::new("Nordhafen");
    let bad = Id::new();
    let mut broken = fields_of(&BusinessIssue::new(good.id, "Lines stop"));
    broken.insert("id".into(), Value::String(bad.to_string()));
    broken.insert("importance".into(), Value::String("enormous".into()));
    let apply = Apply {
        commit: "c1".into(),
        records: vec![
            (RecordKind::Account, good.id, Some(fields_of(&good))),
            (RecordKind::Issue, bad, Some(broken)),
        ],
        ..Apply::default()
    };
    let error = store.sync_apply(&apply).unwrap_err().to_string();
    assert!(
        error.contains("business issue") && error.contains(&bad.to_string()),
        "{error}"
    );
    assert!(store.accounts().unwrap().is_empty());
    assert_eq!(commit_of(&store), None);
}

/// A database with an issue and a conflict over its importance, the
/// other machine's version holding `critical`.
fn with_conflict(dir: &tempfile::TempDir) -> (Store, BusinessIssue) {
    let mut store = open(dir, "kam.db");
    let account = store.save_account(&Account::new("Nordhafen")).unwrap();
    let issue = store
        .save_issue(&BusinessIssue::new(account.id, "Lines stop"))
        .unwrap();
    store.sync_connect("/remote.git").unwrap();
    let mut theirs = issue.clone();
    theirs.importance = Importance::Critical;
    theirs.said_by = "Mr Holm".into();
    let conflict = |field: &str, other: &str, record: Value| SyncConflict {
        kind: RecordKind::Issue,
        record: issue.id,
        account: account.id,
        field: field.into(),
        kept: issue.importance.label().into(),
        other: other.into(),
        other_record: record,
    };
    let apply = Apply {
        upto: store.sync_pending().unwrap().upto,
        commit: "c1".into(),
        conflicts: vec![(
            issue.id,
            vec![
                conflict("importance", "Critical", Value::Object(fields_of(&theirs))),
                conflict(DELETED, "", Value::Null),
            ],
        )],
        ..Apply::default()
    };
    assert_eq!(store.sync_apply(&apply).unwrap(), Applied::Done);
    (store, issue)
}

#[test]
fn conflicts_are_replaced_as_a_set_and_forgotten_when_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, issue) = with_conflict(&dir);
    let held = store.sync_conflicts_of(issue.id).unwrap();
    assert_eq!(held.len(), 2);
    assert_eq!(store.sync_conflicts().unwrap(), held);
    assert!(notes(&store).is_empty());

    store
        .resolve_conflict(issue.id, "importance", Pick::Kept)
        .unwrap();
    assert_eq!(store.issue(issue.id).unwrap().importance, issue.importance);
    let left = store.sync_conflicts_of(issue.id).unwrap();
    assert_eq!(
        left.iter().map(|c| c.field.as_str()).collect::<Vec<_>>(),
        [DELETED]
    );
    assert!(notes(&store).contains(&note("conflicts", issue.id)));

    let apply = Apply {
        upto: store.sync_pending().unwrap().upto,
        commit: "c2".into(),
        conflicts: vec![(issue.id, Vec::new())],
        ..Apply::default()
    };
    store.sync_apply(&apply).unwrap();
    assert!(store.sync_conflicts().unwrap().is_empty());
    assert_eq!(store.sync_summary().unwrap().unwrap().conflicts, 0);
}

#[test]
fn picking_the_other_value_is_an_edit_with_history_and_undo() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, issue) = with_conflict(&dir);
    store
        .resolve_conflict(issue.id, "importance", Pick::Other)
        .unwrap();
    let now = store.issue(issue.id).unwrap();
    assert_eq!(now.importance, Importance::Critical);
    assert_eq!(now.said_by, issue.said_by);
    assert_eq!(store.sync_conflicts_of(issue.id).unwrap().len(), 1);
    let history = entries::of(&store.conn, issue.id).unwrap();
    assert_eq!(history.last().unwrap().field.as_deref(), Some("importance"));

    store.undo().unwrap();
    assert_eq!(store.issue(issue.id).unwrap().importance, issue.importance);
}

#[test]
fn picking_the_other_side_of_a_deletion_deletes_undoably() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, issue) = with_conflict(&dir);
    store
        .resolve_conflict(issue.id, DELETED, Pick::Other)
        .unwrap();
    assert!(store.issue(issue.id).is_err());
    // A deleted record takes all its conflicts along.
    assert!(store.sync_conflicts_of(issue.id).unwrap().is_empty());
    assert!(notes(&store).contains(&note("issue", issue.id)));
    assert!(notes(&store).contains(&note("conflicts", issue.id)));

    store.undo().unwrap();
    assert_eq!(store.issue(issue.id).unwrap().statement, issue.statement);
}

/// The work of reading what is pending after one issue was edited, in a
/// database connected and synced with `extra` more proof statements.
fn work_of_one_edit(extra: usize) -> u64 {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(&dir, "kam.db");
    let account = store.accounts().unwrap().remove(0).id;
    let proofs: Vec<_> = (0..extra)
        .map(|n| crate::domain::ProofStatement::new(account, today(), format!("Saved {n} hours")))
        .collect();
    let records = Snapshot::proofs(proofs.clone());
    store
        .insert_with_history(&records, |past| {
            let at = chrono::Utc::now();
            proofs
                .iter()
                .try_for_each(|p| past.saved(at, account, None, p))
        })
        .unwrap();
    store.sync_connect("/remote.git").unwrap();
    let upto = store.sync_pending().unwrap().upto;
    store.sync_committed(upto, "c1").unwrap();
    let mut issue = store.issues(account).unwrap().remove(0);
    issue.said_by = "Mr Holm".into();
    store.save_issue(&issue).unwrap();
    let (pending, work) = store.work_of(|s| s.sync_pending().unwrap()).unwrap();
    assert_eq!(pending.items.len(), 2);
    work
}

#[test]
fn reading_what_is_pending_costs_the_same_however_large_the_database() {
    let (small, large) = (work_of_one_edit(10), work_of_one_edit(5_000));
    assert!(large <= small + small / 10, "{small} → {large}");
}
