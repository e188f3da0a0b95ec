//! Sync in the interface: the status line on a connected database, sync
//! conflicts marked on their records and settled in the conflicts window,
//! and `S` syncing in the background.

use std::ffi::OsStr;
use std::path::Path;
use std::time::{Duration, Instant};

use kam::domain::history::RecordKind;
use kam::domain::{Account, BusinessIssue, Id, Importance, Stakeholder};
use kam::store::{Applied, Apply, DELETED, Passphrase, Store, SyncConflict};
use kam::tui::app::App;
use serde_json::Value;

use crate::support::desk::Desk;
use crate::support::pty::Pty;
use crate::support::tui::{app_on, press, render, rows, screen, today};

/// A remote no sync ever reaches.
const NOWHERE: &str = "/nowhere/portfolio.git";

/// `store`'s records as the other machine left them: `conflicts` held on
/// `record`, written as a sync writes what it merged.
fn hold_conflicts(store: &mut Store, record: Id, conflicts: Vec<SyncConflict>) {
    let upto = store.sync_pending().expect("pending changes").upto;
    let apply = Apply {
        upto,
        commit: "0".repeat(40),
        conflicts: vec![(record, conflicts)],
        ..Apply::default()
    };
    assert_eq!(store.sync_apply(&apply).expect("applied"), Applied::Done);
}

/// The conflict at `field` of `issue`, the other machine having set it to
/// `other` in `theirs`.
fn issue_conflict(
    issue: &BusinessIssue,
    theirs: &BusinessIssue,
    field: &str,
    other: &str,
) -> SyncConflict {
    SyncConflict {
        kind: RecordKind::Issue,
        record: issue.id,
        account: issue.account_id,
        field: field.into(),
        kept: issue.importance.to_string(),
        other: other.into(),
        other_record: serde_json::to_value(theirs).expect("an issue as JSON"),
    }
}

/// A database connected to a remote, with one account, a business issue
/// whose importance is in conflict (here High, there Critical), and a
/// stakeholder deleted on the other machine.
fn conflicted(path: &Path) -> (Account, BusinessIssue, Stakeholder) {
    let mut store = Store::open(path).expect("the database");
    let account = store.save_account(&Account::new("Nordwerk")).unwrap();
    let mut issue = BusinessIssue::new(account.id, "Lines stop for lack of spares");
    issue.importance = Importance::High;
    let issue = store.save_issue(&issue).unwrap();
    let person = store
        .save_stakeholder(&Stakeholder::new(account.id, "Ines Vogel"))
        .unwrap();
    store.sync_connect(NOWHERE).unwrap();
    let mut theirs = issue.clone();
    theirs.importance = Importance::Critical;
    hold_conflicts(
        &mut store,
        issue.id,
        vec![issue_conflict(&issue, &theirs, "importance", "Critical")],
    );
    let deleted = SyncConflict {
        kind: RecordKind::Stakeholder,
        record: person.id,
        account: account.id,
        field: DELETED.into(),
        kept: String::new(),
        other: String::new(),
        other_record: Value::Null,
    };
    hold_conflicts(&mut store, person.id, vec![deleted]);
    (account, issue, person)
}

/// The status line of `app` on a terminal `width` columns wide.
fn status_line(app: &App, width: u16) -> String {
    let buffer = render(app, width, 12);
    rows(&buffer)
        .last()
        .cloned()
        .unwrap_or_default()
        .trim_end()
        .to_string()
}

#[test]
fn the_status_line_tells_how_a_connected_database_stands_at_every_width() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.db");
    conflicted(&path);
    let mut store = Store::open(&path).unwrap();
    store.save_account(&Account::new("Südwerk")).unwrap();
    let app = app_on(store);
    let lines: Vec<String> = [160, 120, 80, 60, 40]
        .into_iter()
        .map(|width| format!("{width:>3}|{}", status_line(&app, width)))
        .collect();
    insta::assert_snapshot!("status_line_connected", lines.join("\n"));
    for width in 0..=160 {
        render(&app, width, 12);
    }

    // A database not connected to a remote says nothing of sync.
    let plain = app_on(Store::open(dir.path().join("plain.db")).unwrap());
    let line = status_line(&plain, 160);
    assert!(
        !line.contains("sync") && !line.contains("conflict"),
        "{line}"
    );
}

#[test]
fn conflicts_are_marked_on_their_records_and_settled_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.db");
    let (_, issue, person) = conflicted(&path);
    let mut app = app_on(Store::open(&path).unwrap());
    let portfolio = screen(&app, 120, 30);
    assert!(portfolio.contains("2 sync conflicts"), "{portfolio}");

    press(&mut app, "Enter");
    let overview = screen(&app, 120, 30);
    insta::assert_snapshot!("overview_with_a_conflict_120x30", overview);
    assert!(overview.contains("2 sync conflicts (C)"), "{overview}");

    press(&mut app, "2");
    let people = screen(&app, 120, 30);
    assert!(people.contains("≠ Ines Vogel"), "{people}");
    assert!(people.contains("deleted on one machine, kept"), "{people}");

    // The window lists both; l takes the other machine's importance.
    press(&mut app, "C");
    let window = screen(&app, 120, 30);
    assert!(window.contains("Sync conflicts (2)"), "{window}");
    let first = if window.find("importance") < window.find("Ines Vogel") {
        "importance"
    } else {
        "deleted"
    };
    if first != "importance" {
        press(&mut app, "j");
    }
    press(&mut app, "l");
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.issue(issue.id).unwrap().importance,
        Importance::Critical
    );
    assert!(store.sync_conflicts_of(issue.id).unwrap().is_empty());
    let window = screen(&app, 120, 30);
    assert!(window.contains("Sync conflicts (1)"), "{window}");
    assert!(
        window.contains("Took the other machine's importance. Press u to undo."),
        "{window}"
    );

    // u puts the value held here back.
    press(&mut app, "u");
    assert_eq!(store.issue(issue.id).unwrap().importance, Importance::High);

    // h keeps the stakeholder deleted on the other machine.
    press(&mut app, "g h");
    let window = screen(&app, 120, 30);
    assert!(window.contains("No sync conflicts"), "{window}");
    assert!(store.stakeholder(person.id).is_ok());
    assert!(store.sync_conflicts().unwrap().is_empty());
}

/// Waits, within a bound, until `app`'s status line holds `text`, letting
/// the application take what the background sync reports.
fn wait_status(app: &mut App, text: &str) -> String {
    let start = Instant::now();
    loop {
        app.tick(today());
        let line = status_line(app, 200);
        if line.contains(text) {
            return line;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "waited for {text:?}: {line}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn s_on_a_database_never_connected_tells_how_to_connect_and_runs_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(Store::open(dir.path().join("kam.db")).unwrap());
    press(&mut app, "S");
    assert!(status_line(&app, 120).contains("Syncing…"));
    press(&mut app, "S");
    assert!(status_line(&app, 120).contains("A sync is already running."));
    wait_status(&mut app, "kam sync init REMOTE");
}

#[test]
fn s_with_the_remote_out_of_reach_keeps_the_changes_for_the_next_sync() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("kam.db")).unwrap();
    store.save_account(&Account::new("Nordwerk")).unwrap();
    store.sync_connect(NOWHERE).unwrap();
    let mut app = app_on(store);
    press(&mut app, "S");
    wait_status(
        &mut app,
        "Offline: changes kept, they go out with the next sync",
    );
}

#[test]
fn s_on_an_encrypted_database_says_why_sync_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let key = || Some(Passphrase::new("correct horse").unwrap());
    let path = dir.path().join("kam.db");
    let mut store = Store::open_with_key(&path, key()).unwrap();
    store.save_account(&Account::new("Nordwerk")).unwrap();
    store.sync_connect(NOWHERE).unwrap();
    let mut app = app_on(store);
    press(&mut app, "S");
    let said = wait_status(&mut app, "encrypted");
    assert!(said.contains("plain text"), "{said}");
}

#[test]
fn s_syncs_in_the_background_and_the_screen_shows_what_came_in() {
    let desk = Desk::new();
    let remote = desk.remote().to_str().unwrap().to_owned();
    desk.ok("desk", &["sync", "init", &remote]);
    desk.ok("laptop", &["sync", "init", &remote]);
    let mut laptop = Store::open(desk.db("laptop")).unwrap();
    laptop
        .save_account(&Account::new("Südwerk Logistik"))
        .unwrap();
    drop(laptop);
    desk.ok("laptop", &["sync"]);

    let mut app = app_on(Store::open(desk.db("desk")).unwrap());
    assert!(status_line(&app, 200).contains("synced just now"));
    press(&mut app, "S");
    let said = wait_status(&mut app, "Synced:");
    assert!(said.contains("received"), "{said}");
    let shown = screen(&app, 120, 30);
    assert!(shown.contains("Südwerk Logistik"), "{shown}");
}

#[test]
fn in_a_terminal_the_other_machines_value_is_taken_and_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.db");
    let (_, issue, _) = conflicted(&path);
    let args = [OsStr::new("--db"), path.as_os_str()];
    let mut kam = Pty::spawn(&args, dir.path(), 120, 30);
    kam.wait_for("2 sync conflicts");
    kam.send("C");
    kam.wait_for("Sync conflicts (2)");
    kam.wait_for("Critical");
    let text = kam.screen();
    if text.find("importance") > text.find("Ines Vogel") {
        kam.send("j");
    }
    kam.send("l");
    kam.wait_for("Sync conflicts (1)");
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.issue(issue.id).unwrap().importance,
        Importance::Critical
    );
    kam.send("q");
    kam.wait_exit();
}

#[test]
fn in_a_terminal_s_says_how_the_sync_went() {
    let desk = Desk::new();
    let remote = desk.remote().to_str().unwrap().to_owned();
    desk.ok("desk", &["sync", "init", &remote]);
    let db = desk.db("desk");
    Store::open(&db)
        .unwrap()
        .save_account(&Account::new("Nordwerk"))
        .unwrap();
    let args = [OsStr::new("--db"), db.as_os_str()];
    let mut kam = Pty::spawn(&args, &desk.home(), 120, 30);
    kam.wait_for("unsynced");
    kam.send("S");
    kam.wait_status("Synced: sent");
    kam.wait_for("synced just now");
    kam.send("q");
    kam.wait_exit();
}
