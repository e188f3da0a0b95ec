use chrono::NaiveDate;
use tempfile::TempDir;

use super::*;
use crate::domain::{Account, BusinessIssue, ProofStatement, Stakeholder};
use crate::sync::git::{Change, NewCommit, isolated};
use crate::sync::item::{Fields, unfiled};

/// A repository and commits of files built from records.
struct Trees {
    _dir: TempDir,
    repo: Repo,
}

impl Trees {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repo::init_bare_with(isolated(dir.path()), &dir.path().join("r.git")).unwrap();
        Self { _dir: dir, repo }
    }

    /// A commit on `parent` writing `files` (none: delete) and its index.
    fn commit(
        &self,
        parent: Option<&CommitId>,
        files: &[(&Item, Id, Option<Content>)],
    ) -> (CommitId, Index) {
        let changes: BTreeMap<String, Change> = files
            .iter()
            .map(|(item, account, content)| {
                let change = match content {
                    Some(c) => Change::Write(c.to_bytes()),
                    None => Change::Delete,
                };
                (item.path(*account), change)
            })
            .collect();
        let commit = self
            .repo
            .commit(&NewCommit {
                reference: "refs/heads/t",
                parent,
                merge: None,
                message: "t",
                changes: &changes,
            })
            .unwrap();
        let index = index(self.repo.tree(&commit).unwrap());
        (commit, index)
    }
}

use crate::sync::git::CommitId;

fn fields(value: impl serde::Serialize) -> Fields {
    match serde_json::to_value(value).unwrap() {
        Value::Object(fields) => fields,
        _ => unreachable!(),
    }
}

fn record(item: &Item, value: impl serde::Serialize) -> Content {
    let _ = item;
    Content::Record(fields(value))
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 5).unwrap()
}

/// The merged record's fields, if the merge changed it.
fn changed<'m>(merged: &'m Merged, item: &Item) -> Option<&'m Option<(Content, Id)>> {
    merged.changed.get(item)
}

fn conflicts_of(merged: &Merged, record: Id) -> Vec<SyncConflict> {
    match changed(merged, &Item::Conflicts(record)) {
        Some(Some((Content::Conflicts(list), _))) => list.clone(),
        _ => Vec::new(),
    }
}

#[test]
fn a_change_on_one_side_is_taken_and_both_sides_fields_survive() {
    let t = Trees::new();
    let account = Account::new("Nordwerk");
    let a = account.id;
    let issue = BusinessIssue::new(a, "Stillstand zu hoch");
    let (ai, ii) = (
        Item::Record(RecordKind::Account, a),
        Item::Record(RecordKind::Issue, issue.id),
    );
    let (base, base_index) = t.commit(
        None,
        &[
            (&ai, a, Some(record(&ai, &account))),
            (&ii, a, Some(record(&ii, &issue))),
        ],
    );
    let mut mine = issue.clone();
    mine.said_by = "Ana".to_owned();
    let mut theirs_account = account.clone();
    theirs_account.name = "Nordwerk AG".to_owned();
    let mut theirs = issue.clone();
    theirs.statement = "Stillstand\tzu hoch \u{200d}".to_owned();
    let (_, local) = t.commit(Some(&base), &[(&ii, a, Some(record(&ii, &mine)))]);
    let (_, remote) = t.commit(
        Some(&base),
        &[
            (&ii, a, Some(record(&ii, &theirs))),
            (&ai, a, Some(record(&ai, &theirs_account))),
        ],
    );
    let merged = merge(&t.repo, &base_index, &local, &remote).unwrap();
    assert_eq!(merged.found, 0);
    let Some(Some((Content::Record(issue_now), _))) = changed(&merged, &ii) else {
        panic!("the issue is merged: {merged:?}");
    };
    let issue_now: BusinessIssue = serde_json::from_value(issue_now.clone().into()).unwrap();
    assert_eq!(issue_now.said_by, "Ana");
    assert_eq!(issue_now.statement, "Stillstand\tzu hoch \u{200d}");
    assert!(
        matches!(changed(&merged, &ai), Some(Some(_))),
        "their account name is taken"
    );
}

#[test]
fn the_same_field_changed_on_both_sides_is_a_conflict_holding_both_values() {
    let t = Trees::new();
    let a = Id::new();
    let issue = BusinessIssue::new(a, "Stillstand");
    let ii = Item::Record(RecordKind::Issue, issue.id);
    let (base, base_index) = t.commit(None, &[(&ii, a, Some(record(&ii, &issue)))]);
    let (mut mine, mut theirs) = (issue.clone(), issue.clone());
    mine.said_by = "Ana".to_owned();
    theirs.said_by = "Bo".to_owned();
    let (_, local) = t.commit(Some(&base), &[(&ii, a, Some(record(&ii, &mine)))]);
    let (_, remote) = t.commit(Some(&base), &[(&ii, a, Some(record(&ii, &theirs)))]);
    let merged = merge(&t.repo, &base_index, &local, &remote).unwrap();
    assert_eq!(merged.found, 1);
    assert!(
        changed(&merged, &ii).is_none(),
        "mine is kept: the record is as here"
    );
    let conflicts = conflicts_of(&merged, issue.id);
    assert_eq!(conflicts.len(), 1);
    assert_eq!(
        (conflicts[0].kept.as_str(), conflicts[0].other.as_str()),
        ("Ana", "Bo")
    );
    assert_eq!(conflicts[0].account, a);
}

#[test]
fn an_edit_against_a_delete_keeps_the_record_with_a_conflict_either_way() {
    for edited_here in [true, false] {
        let t = Trees::new();
        let a = Id::new();
        let proof = ProofStatement::new(a, day(), "MTTR 4 h");
        let pi = Item::Record(RecordKind::Proof, proof.id);
        let (base, base_index) = t.commit(None, &[(&pi, a, Some(record(&pi, &proof)))]);
        let mut edited = proof.clone();
        edited.value = Some("4 h".to_owned());
        let edit = [(&pi, a, Some(record(&pi, &edited)))];
        let delete = [(&pi, a, None)];
        let (here, there) = if edited_here {
            (&edit, &delete)
        } else {
            (&delete, &edit)
        };
        let (_, local) = t.commit(Some(&base), here);
        let (_, remote) = t.commit(Some(&base), there);
        let merged = merge(&t.repo, &base_index, &local, &remote).unwrap();
        if edited_here {
            assert!(changed(&merged, &pi).is_none(), "kept as edited here");
        } else {
            assert!(
                matches!(changed(&merged, &pi), Some(Some(_))),
                "brought back"
            );
        }
        let conflicts = conflicts_of(&merged, proof.id);
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].field, DELETED);
    }
}

#[test]
fn a_record_deleted_there_comes_back_when_a_record_added_here_points_to_it() {
    let t = Trees::new();
    let account = Account::new("Nordwerk");
    let a = account.id;
    let issue = BusinessIssue::new(a, "Stillstand");
    let (ai, ii) = (
        Item::Record(RecordKind::Account, a),
        Item::Record(RecordKind::Issue, issue.id),
    );
    let (base, base_index) = t.commit(
        None,
        &[
            (&ai, a, Some(record(&ai, &account))),
            (&ii, a, Some(record(&ii, &issue))),
        ],
    );
    let mut proof = ProofStatement::new(a, day(), "MTTR 4 h");
    proof.issue_id = Some(issue.id);
    let pi = Item::Record(RecordKind::Proof, proof.id);
    let (_, local) = t.commit(Some(&base), &[(&pi, a, Some(record(&pi, &proof)))]);
    let (_, remote) = t.commit(Some(&base), &[(&ai, a, None), (&ii, a, None)]);
    let merged = merge(&t.repo, &base_index, &local, &remote).unwrap();
    assert!(
        changed(&merged, &ai).is_none(),
        "the account stays: {merged:?}"
    );
    assert!(changed(&merged, &ii).is_none(), "the issue stays");
    assert_eq!(conflicts_of(&merged, issue.id)[0].field, DELETED);
    assert_eq!(conflicts_of(&merged, a)[0].field, DELETED);
}

#[test]
fn a_person_deleted_there_comes_back_when_an_issue_here_names_them() {
    let t = Trees::new();
    let account = Account::new("Nordwerk");
    let a = account.id;
    let person = Stakeholder::new(a, "Anna Berg");
    let (ai, si) = (
        Item::Record(RecordKind::Account, a),
        Item::Record(RecordKind::Stakeholder, person.id),
    );
    let (base, base_index) = t.commit(
        None,
        &[
            (&ai, a, Some(record(&ai, &account))),
            (&si, a, Some(record(&si, &person))),
        ],
    );
    let mut issue = BusinessIssue::new(a, "Stillstand");
    (issue.said_by, issue.said_by_id) = (person.name.clone(), Some(person.id));
    let ii = Item::Record(RecordKind::Issue, issue.id);
    let (_, local) = t.commit(Some(&base), &[(&ii, a, Some(record(&ii, &issue)))]);
    let (_, remote) = t.commit(Some(&base), &[(&si, a, None)]);
    let merged = merge(&t.repo, &base_index, &local, &remote).unwrap();
    assert!(
        changed(&merged, &si).is_none(),
        "the person stays: {merged:?}"
    );
    assert_eq!(conflicts_of(&merged, person.id)[0].field, DELETED);
}

#[test]
fn histories_merge_as_a_union_and_unknown_files_are_carried() {
    let t = Trees::new();
    let a = Id::new();
    let record_id = Id::new();
    let hi = Item::History(record_id);
    let entry = |uid: &str| crate::store::HistoryEntry {
        uid: uid.to_owned(),
        at: day().and_hms_opt(9, 0, 0).unwrap().and_utc(),
        account_id: Some(a),
        record_kind: RecordKind::Proof,
        record_id,
        action: "changed".to_owned(),
        field: Some("value".to_owned()),
        old_value: None,
        new_value: Some(uid.to_owned()),
        label: String::new(),
    };
    let other = Item::Other("notes/readme.txt".to_owned());
    let (base, base_index) = t.commit(None, &[(&hi, a, Some(Content::History(vec![entry("a")])))]);
    let (_, local) = t.commit(
        Some(&base),
        &[(&hi, a, Some(Content::History(vec![entry("a"), entry("b")])))],
    );
    let (_, remote) = t.commit(
        Some(&base),
        &[
            (&hi, a, Some(Content::History(vec![entry("a"), entry("c")]))),
            (&other, a, Some(Content::Other(b"hello\r\n".to_vec()))),
        ],
    );
    let merged = merge(&t.repo, &base_index, &local, &remote).unwrap();
    let Some(Some((Content::History(entries), account))) = changed(&merged, &hi) else {
        panic!("the history is merged");
    };
    let uids: Vec<&str> = entries.iter().map(|e| e.uid.as_str()).collect();
    assert_eq!(uids, ["a", "b", "c"]);
    assert_eq!(*account, a);
    assert_eq!(
        changed(&merged, &other),
        Some(&Some((Content::Other(b"hello\r\n".to_vec()), unfiled())))
    );
}
