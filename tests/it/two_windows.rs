//! Two kam windows on one file: edits merge field by field, a conflict or a
//! deletion elsewhere writes nothing, and undo takes back only what is
//! still as it left it.

use kam::domain::{
    Account, ActionPlan, BusinessIssue, CellState, Importance, IssueStatus, Step, TimeFrame,
    Whitespace,
};
use kam::store::{Store, StoreError};

use crate::support::files::{open, temp_db};

/// Two windows on one new file holding one account with one issue.
fn two_windows() -> (tempfile::TempDir, Store, Store, BusinessIssue) {
    let (dir, path) = temp_db();
    let mut a = open(&path, None);
    let account = a.save_account(&Account::new("Nordwerk")).unwrap();
    let issue = a
        .save_issue(&BusinessIssue::new(
            account.id,
            "Lines stop for lack of spares",
        ))
        .unwrap();
    let b = open(&path, None);
    (dir, a, b, issue)
}

#[test]
fn edits_of_different_fields_in_two_windows_are_both_kept() {
    let (_dir, mut a, mut b, issue) = two_windows();
    let read_by_a = a.issue(issue.id).unwrap();
    let read_by_b = b.issue(issue.id).unwrap();

    let mut by_b = read_by_b.clone();
    by_b.status = IssueStatus::Parked;
    b.save(&by_b, Some(&read_by_b)).unwrap();
    let mut by_a = read_by_a.clone();
    by_a.importance = Importance::Critical;
    let saved = a.save(&by_a, Some(&read_by_a)).unwrap();

    let stored = b.issue(issue.id).unwrap();
    assert_eq!(stored.importance, Importance::Critical);
    assert_eq!(
        stored.status,
        IssueStatus::Parked,
        "B's edit survives A's save"
    );
    assert_eq!(saved.status, IssueStatus::Parked);
}

#[test]
fn the_same_field_edited_in_two_windows_is_a_conflict_and_nothing_is_written() {
    let (_dir, mut a, mut b, issue) = two_windows();
    let read = a.issue(issue.id).unwrap();

    let mut by_b = read.clone();
    by_b.importance = Importance::Low;
    by_b.time_frame = TimeFrame::Future;
    b.save(&by_b, Some(&read)).unwrap();
    let mut by_a = read.clone();
    by_a.importance = Importance::Critical;
    by_a.said_by = "Jens Ahlgrimm".into();

    let err = a.save(&by_a, Some(&read)).unwrap_err();
    let StoreError::Conflict(conflicted) = &err else {
        panic!("a conflict, not {err:?}");
    };
    let fields: Vec<(&str, &str, &str)> = conflicted
        .conflicts
        .iter()
        .map(|c| (c.field.as_str(), c.mine.as_str(), c.theirs.as_str()))
        .collect();
    assert_eq!(fields, [("importance", "Critical", "Low")]);
    assert_eq!(conflicted.theirs.issues[0].time_frame, TimeFrame::Future);
    assert!(err.to_string().contains("importance"), "{err}");

    let stored = b.issue(issue.id).unwrap();
    assert_eq!(stored.importance, Importance::Low, "B's value stays");
    assert_eq!(stored.said_by, "", "nothing of A's edit is written");
}

#[test]
fn saving_a_record_deleted_in_another_window_does_not_bring_it_back() {
    let (_dir, mut a, mut b, issue) = two_windows();
    let read = a.issue(issue.id).unwrap();
    b.delete_issue(issue.id).unwrap();

    let mut by_a = read.clone();
    by_a.importance = Importance::Critical;
    let err = a.save(&by_a, Some(&read)).unwrap_err();
    assert!(
        matches!(&err, StoreError::DeletedElsewhere(kind) if kind == "business issue"),
        "{err:?}"
    );
    assert!(matches!(b.issue(issue.id), Err(StoreError::NotFound(_))));

    // Asked again, it restores the record with the edit.
    a.save(&by_a, None).unwrap();
    assert_eq!(b.issue(issue.id).unwrap().importance, Importance::Critical);
}

#[test]
fn restoring_a_record_whose_parent_is_gone_fails_clearly() {
    let (_dir, mut a, mut b, issue) = two_windows();
    b.delete_account(issue.account_id).unwrap();
    let mut by_a = issue.clone();
    by_a.importance = Importance::Critical;
    let err = a.save(&by_a, None).unwrap_err();
    assert!(matches!(err, StoreError::MissingLink), "{err:?}");
    assert!(err.to_string().contains("nothing was saved"), "{err}");
    assert!(b.issue(issue.id).is_err());
}

#[test]
fn undo_refuses_when_another_window_changed_the_record_since() {
    let (_dir, mut a, mut b, issue) = two_windows();
    let read = a.issue(issue.id).unwrap();
    let mut by_a = read.clone();
    by_a.importance = Importance::Critical;
    let by_a = a.save(&by_a, Some(&read)).unwrap();
    let mut by_b = by_a.clone();
    by_b.importance = Importance::Low;
    b.save(&by_b, Some(&by_a)).unwrap();

    let err = a.undo().unwrap_err();
    assert_eq!(
        err.to_string(),
        "Not undone: the business issue “Lines stop for lack of spares” was changed since \
         (importance) elsewhere, so it stays as it is."
    );
    assert_eq!(
        a.issue(issue.id).unwrap().importance,
        Importance::Low,
        "B's edit intact"
    );
    assert_eq!(a.next_undo().unwrap(), None, "the refused entry is dropped");

    // B's own undo still works: the record is as B left it.
    assert!(b.undo().unwrap().is_some());
    assert_eq!(b.issue(issue.id).unwrap().importance, Importance::Critical);
}

#[test]
fn undo_refuses_when_another_window_deleted_what_the_record_belongs_to() {
    let (_dir, mut a, mut b, issue) = two_windows();
    let read = a.issue(issue.id).unwrap();
    let mut by_a = read.clone();
    by_a.importance = Importance::Critical;
    a.save(&by_a, Some(&read)).unwrap();
    let plan = a
        .save_plan(&ActionPlan::new(issue.id, "Spares pool"))
        .unwrap();
    a.delete_plan(plan.id).unwrap();
    b.delete_issue(issue.id).unwrap();

    // The plan's issue is gone: the plan cannot come back, and says so.
    let err = a.undo().unwrap_err();
    assert!(matches!(err, StoreError::UndoRefused(_)), "{err:?}");
    assert!(err.to_string().contains("deleted elsewhere"), "{err}");
    assert!(a.plan(plan.id).is_err(), "nothing is restored");
    // The entry is dropped: the undo before it is reached, not refused
    // again and again.
    let next = a.next_undo().unwrap().expect("the edit's undo is next");
    assert!(next.label.contains("Lines stop"), "{}", next.label);
}

#[test]
fn each_window_undoes_its_own_changes() {
    let (_dir, a, mut b, issue) = two_windows();
    let mut by_b = issue.clone();
    by_b.said_by = "Anna".into();
    b.save(&by_b, Some(&issue)).unwrap();
    assert_eq!(a.next_undo().unwrap(), None, "B's edit is not A's to undo");
    assert!(b.next_undo().unwrap().is_some());
}

#[test]
fn undo_of_a_deletion_does_not_bring_back_a_record_restored_meanwhile() {
    let (_dir, mut a, mut b, issue) = two_windows();
    a.delete_issue(issue.id).unwrap();
    b.save(&issue, None).unwrap();

    let err = a.undo().unwrap_err();
    assert!(err.to_string().contains("exists again"), "{err}");
    assert_eq!(a.issue(issue.id).unwrap(), b.issue(issue.id).unwrap());
}

#[test]
fn steps_ticked_in_two_windows_are_both_ticked() {
    let (_dir, mut a, mut b, issue) = two_windows();
    let mut plan = ActionPlan::new(issue.id, "Consignment stock pilot");
    plan.steps = vec![Step::new("Scope"), Step::new("Run"), Step::new("Review")];
    let plan = a.save_plan(&plan).unwrap();

    let mut ticked_by_b = plan.clone();
    ticked_by_b.steps[2].done = true;
    b.save(&ticked_by_b, Some(&plan)).unwrap();
    let mut ticked_by_a = plan.clone();
    ticked_by_a.steps[0].done = true;
    a.save(&ticked_by_a, Some(&plan)).unwrap();

    let done: Vec<bool> = b
        .plan(plan.id)
        .unwrap()
        .steps
        .iter()
        .map(|s| s.done)
        .collect();
    assert_eq!(done, [true, false, true]);
}

#[test]
fn whitespace_cells_edited_in_two_windows_are_both_kept_and_a_clash_keeps_the_stored_one() {
    let (_dir, mut a, mut b, issue) = two_windows();
    let mut grid = Whitespace::new(issue.account_id);
    grid.units = vec!["Hamburg".into(), "Bremen".into()];
    grid.offerings = vec!["Spares".into()];
    grid.cells = vec![vec![Default::default()]; 2];
    a.save_whitespace(&grid, None).unwrap();
    let read = a.whitespace(issue.account_id).unwrap();

    let mut by_b = read.clone();
    by_b.cells[1][0].state = CellState::Competitor;
    by_b.cells[0][0].state = CellState::Opportunity;
    b.save_whitespace(&by_b, Some(&read)).unwrap();
    let mut by_a = read.clone();
    by_a.cells[0][0].state = CellState::Supply;
    let saved = a.save_whitespace(&by_a, Some(&read)).unwrap();

    let stored = b.whitespace(issue.account_id).unwrap();
    assert_eq!(stored.cells[1][0].state, CellState::Competitor);
    assert_eq!(
        stored.cells[0][0].state,
        CellState::Opportunity,
        "the stored cell is kept"
    );
    assert_eq!(saved.conflicts.len(), 1);
    assert_eq!(saved.conflicts[0].field, "Hamburg × Spares");
}

#[test]
fn undo_entries_written_before_the_guard_still_undo_as_before() {
    let (dir, mut a, _b, issue) = two_windows();
    let mut by_a = issue.clone();
    by_a.importance = Importance::Critical;
    a.save(&by_a, Some(&issue)).unwrap();
    drop(a);
    // As an older kam wrote it (no window, no state after the change), and
    // changed since.
    let path = dir.path().join("kam.db");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "UPDATE undo_entry SET after_snapshot = NULL, session = NULL;
             UPDATE business_issue SET said_by = 'Jens';",
        )
        .unwrap();

    let mut reopened = open(&path, None);
    assert!(reopened.undo().unwrap().is_some());
    let undone = reopened.issue(issue.id).unwrap();
    assert_eq!(undone.importance, Importance::Medium);
    assert_eq!(undone.said_by, "", "the whole before-image, as before");
}
