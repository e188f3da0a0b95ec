//! A form saved after another window changed or deleted its record: the
//! conflict shows at its field with both values, and the user chooses.

use kam::domain::{Account, BusinessIssue, Importance, IssueStatus};
use kam::store::Store;

use crate::support::tui::{app_on, press, screen};

/// A file holding one account with one issue, open in window A (the app)
/// and window B (a second store).
fn two_windows() -> (tempfile::TempDir, kam::tui::app::App, Store, BusinessIssue) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("kam.db");
    let mut b = Store::open(&path).expect("window B");
    let account = b.save_account(&Account::new("Nordwerk")).unwrap();
    let issue = b
        .save_issue(&BusinessIssue::new(
            account.id,
            "Lines stop for lack of spares",
        ))
        .unwrap();
    let a = app_on(Store::open(&path).expect("window A"));
    (dir, a, b, issue)
}

/// The screen rows from the one holding `label` to the next field's label.
fn field_rows(text: &str, label: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.contains(label))
        .unwrap_or_else(|| panic!("no field {label:?}:\n{text}"));
    lines[start..(start + 2).min(lines.len())].join("\n")
}

#[test]
fn a_conflict_shows_both_values_at_the_field_and_the_user_chooses() {
    let (_dir, mut a, mut b, issue) = two_windows();
    // A opens the issue and raises its importance.
    press(&mut a, "Enter e Tab Tab Tab Tab Tab Tab Right");
    // Meanwhile B lowers it and parks the issue.
    let mut by_b = issue.clone();
    by_b.importance = Importance::Low;
    by_b.status = IssueStatus::Parked;
    b.save(&by_b, Some(&issue)).unwrap();

    press(&mut a, "C-s");
    let text = screen(&a, 120, 40);
    assert!(
        text.contains("Edit business issue"),
        "the form stays open:\n{text}"
    );
    assert!(
        text.contains("Changed in another window meanwhile: 1 field merged, 1 conflict"),
        "{text}"
    );
    let importance = field_rows(&text, "Importance");
    assert!(importance.contains("High"), "{importance}");
    assert!(importance.contains("theirs: Low"), "{importance}");
    assert!(
        field_rows(&text, "Status").contains("Parked"),
        "B's status is taken:\n{text}"
    );
    assert!(text.contains("Ctrl-T take theirs"), "{text}");
    assert_eq!(
        b.issue(issue.id).unwrap().importance,
        Importance::Low,
        "nothing written yet"
    );

    press(&mut a, "C-t");
    let text = screen(&a, 120, 40);
    let importance = field_rows(&text, "Importance");
    assert!(importance.contains("Low"), "{importance}");
    assert!(importance.contains("yours: High"), "{importance}");

    press(&mut a, "C-t C-s");
    let text = screen(&a, 120, 40);
    assert!(!text.contains("Edit business issue"), "saved:\n{text}");
    let stored = b.issue(issue.id).unwrap();
    assert_eq!(stored.importance, Importance::High, "the chosen value");
    assert_eq!(stored.status, IssueStatus::Parked, "B's other edit kept");
}

#[test]
fn a_record_deleted_elsewhere_is_restored_only_when_asked() {
    let (_dir, mut a, mut b, issue) = two_windows();
    press(&mut a, "Enter e Tab Tab Tab Tab Tab Tab Right");
    b.delete_issue(issue.id).unwrap();

    press(&mut a, "C-s");
    let text = screen(&a, 120, 40);
    assert!(
        text.contains("This record was deleted in another window. Ctrl-S again restores it"),
        "{text}"
    );
    assert!(b.issue(issue.id).is_err(), "not brought back");

    press(&mut a, "C-s");
    assert_eq!(b.issue(issue.id).unwrap().importance, Importance::High);
}
