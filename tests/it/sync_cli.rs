//! `kam sync` from the shell: connecting, syncing two machines through a
//! bare repository on local disk, offline, status for scripts, and a sync
//! killed at each of its steps.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use kam::domain::BusinessIssue;
use kam::store::{Snapshot, Store};
use serde_json::Value;

use crate::support::desk::{Desk, text};

/// The desk with the demo portfolio, connected; the laptop connected
/// after it, holding the same.
fn two_machines() -> Desk {
    let desk = Desk::new();
    desk.ok("desk", &["demo"]);
    let said = desk.ok("desk", &["sync", "init", &desk.remote_arg()]);
    assert!(said.contains("Synced: sent"), "{said}");
    let said = desk.ok("laptop", &["sync", "init", &desk.remote_arg()]);
    assert!(said.contains("received"), "{said}");
    desk
}

#[test]
fn sync_before_init_says_how_to_connect() {
    let desk = Desk::new();
    desk.ok("desk", &["demo"]);
    let output = desk.kam("desk", &["sync"]);
    assert!(!output.status.success());
    assert!(
        text(&output).1.contains("kam sync init REMOTE"),
        "{:?}",
        text(&output)
    );
    let status = desk.status("desk");
    assert_eq!(status["connected"], false);
}

#[test]
fn a_second_machine_receives_the_whole_portfolio_and_both_read_the_same() {
    let desk = two_machines();
    assert_eq!(desk.records("desk"), desk.records("laptop"));
    for machine in ["desk", "laptop"] {
        let status = desk.status(machine);
        assert_eq!(status["unsynced"], 0, "{machine}: {status}");
        assert_eq!(status["conflicts"], Value::Array(vec![]), "{machine}");
        assert!(status["last_synced"].is_string(), "{machine}: {status}");
    }
    // The repository reads as the portfolio: a folder per account, a
    // file per record.
    let listing = desk
        .git()
        .arg("--git-dir")
        .arg(desk.remote())
        .args(["ls-tree", "-r", "--name-only", "main"])
        .output()
        .unwrap();
    let files = String::from_utf8(listing.stdout).unwrap();
    assert!(files.lines().any(|f| f == "format.kam"), "{files}");
    assert!(files.lines().any(|f| f.ends_with("/account.kam")));
    assert!(files.lines().any(|f| f.contains("/issues/")));
    assert!(files.lines().any(|f| f.contains("/history/")));
}

#[test]
fn edits_on_both_machines_meet_and_the_same_field_is_a_conflict_on_both() {
    let desk = two_machines();
    let account = desk.store("desk").accounts().unwrap()[0].clone();
    let issue = desk.store("desk").issues(account.id).unwrap()[0].clone();
    let edit = |machine: &str, change: &dyn Fn(&mut BusinessIssue)| {
        let mut store = desk.store(machine);
        let mut mine = store.issue(issue.id).unwrap();
        change(&mut mine);
        store.save_issue(&mine).unwrap();
    };
    edit("desk", &|i| i.said_by = "Ana (desk)".to_owned());
    edit("desk", &|i| {
        i.statement = "Stillstand\tkostet \u{200d}👩‍🔧 وقت".to_owned()
    });
    edit("laptop", &|i| i.said_by = "Bo (laptop)".to_owned());
    edit("laptop", &|i| i.confirmed_by = "Cy".to_owned());
    desk.ok("desk", &["sync"]);
    let said = desk.ok("laptop", &["sync"]);
    assert!(said.contains("1 new conflict"), "{said}");
    desk.ok("desk", &["sync"]);
    assert_eq!(desk.records("desk"), desk.records("laptop"));
    let merged = desk.store("desk").issue(issue.id).unwrap();
    assert_eq!(merged.statement, "Stillstand\tkostet \u{200d}👩‍🔧 وقت");
    assert_eq!(merged.confirmed_by, "Cy");
    for machine in ["desk", "laptop"] {
        let conflicts = &desk.status(machine)["conflicts"];
        assert_eq!(
            conflicts.as_array().unwrap().len(),
            1,
            "{machine}: {conflicts}"
        );
        let values = [
            conflicts[0]["kept"].as_str().unwrap(),
            conflicts[0]["other"].as_str().unwrap(),
        ];
        assert!(values.contains(&"Ana (desk)") && values.contains(&"Bo (laptop)"));
        let human = desk.ok(machine, &["sync", "status"]);
        assert!(human.contains("said by"), "{human}");
    }
}

#[test]
fn offline_keeps_the_commit_and_the_next_sync_sends_it() {
    let desk = two_machines();
    let account = desk.store("desk").accounts().unwrap()[0].id;
    let moved = desk.path().join("stick-unplugged.git");
    fs::rename(desk.remote(), &moved).unwrap();
    let mut store = desk.store("desk");
    store
        .save_issue(&BusinessIssue::new(
            account,
            "Neue Anforderung aus dem Flugzeug",
        ))
        .unwrap();
    drop(store);
    let output = desk.kam("desk", &["sync"]);
    let (out, err) = text(&output);
    assert!(output.status.success(), "{out}{err}");
    assert!(out.contains("Offline"), "{out}");
    assert_ne!(
        desk.status("desk")["unsynced"],
        0,
        "the change has not left"
    );
    fs::rename(&moved, desk.remote()).unwrap();
    desk.ok("desk", &["sync"]);
    desk.ok("laptop", &["sync"]);
    assert_eq!(desk.records("desk"), desk.records("laptop"));
    assert_eq!(desk.status("desk")["unsynced"], 0);
}

#[test]
fn init_against_a_remote_holding_a_portfolio_shows_what_a_merge_would_do_first() {
    let desk = Desk::new();
    desk.ok("desk", &["demo"]);
    desk.ok("desk", &["sync", "init", &desk.remote_arg()]);
    desk.ok("laptop", &["demo"]);
    let before = desk.records("laptop");
    let output = desk.kam("laptop", &["sync", "init", &desk.remote_arg()]);
    let (out, err) = text(&output);
    assert!(out.contains("already holds a portfolio"), "{out}{err}");
    assert!(err.contains("kam sync"), "{err}");
    assert_eq!(
        desk.records("laptop"),
        before,
        "nothing merged before the go-ahead"
    );
    desk.ok("laptop", &["sync"]);
    desk.ok("desk", &["sync"]);
    assert_eq!(desk.records("desk"), desk.records("laptop"));
}

#[test]
fn an_encrypted_database_is_not_synced() {
    let desk = Desk::new();
    desk.ok("desk", &["demo"]);
    let mut command = Command::new(env!("CARGO_BIN_EXE_kam"));
    desk.isolate(&mut command);
    let mut child = command
        .arg("--db")
        .arg(desk.db("desk"))
        .arg("encrypt")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"correct horse\ncorrect horse\n")
        .unwrap();
    assert!(child.wait().unwrap().success());
    let mut command = Command::new(env!("CARGO_BIN_EXE_kam"));
    desk.isolate(&mut command);
    let mut child = command
        .arg("--db")
        .arg(desk.db("desk"))
        .args(["sync", "init", &desk.remote_arg()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"correct horse\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(!output.status.success());
    assert!(text(&output).1.contains("encrypted"), "{:?}", text(&output));
    let listing = desk
        .git()
        .arg("--git-dir")
        .arg(desk.remote())
        .args(["rev-parse", "--verify", "--quiet", "main"])
        .output()
        .unwrap();
    assert!(!listing.status.success(), "the remote received nothing");
}

/// A `git` that runs the real one and kills kam (its parent) while the
/// `nth` git command naming `step` runs.
fn killing_git(dir: &Path, step: &str, nth: usize) -> PathBuf {
    let real = String::from_utf8(
        Command::new("sh")
            .args(["-c", "command -v git"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let bin = dir.join(format!("bin-{step}-{nth}"));
    fs::create_dir_all(&bin).unwrap();
    let count = bin.join("count");
    let script = format!(
        "#!/bin/sh\n\
         for a in \"$@\"; do\n\
           if [ \"$a\" = \"{step}\" ]; then\n\
             n=$(cat '{count}' 2>/dev/null || echo 0); n=$((n + 1)); echo $n > '{count}'\n\
             if [ $n -eq {nth} ]; then\n\
               '{real}' \"$@\" & sleep 0.05; kill -9 $PPID; wait; exit 1\n\
             fi\n\
           fi\n\
         done\n\
         exec '{real}' \"$@\"\n",
        real = real.trim(),
        count = count.display(),
    );
    let git = bin.join("git");
    fs::write(&git, script).unwrap();
    fs::set_permissions(&git, fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

#[test]
fn a_sync_killed_at_any_step_leaves_both_usable_and_the_next_one_completes() {
    // Each step: the git command that runs during it, and which one.
    let steps = [
        ("fast-import", 1, "writing the local commit"),
        ("fetch", 1, "fetching"),
        ("merge-base", 1, "merging"),
        ("fast-import", 2, "writing the merge commit"),
        ("push", 1, "pushing, after the database took the merge"),
    ];
    for (step, nth, during) in steps {
        let desk = two_machines();
        let account = desk.store("desk").accounts().unwrap()[0].id;
        let mut laptop = desk.store("laptop");
        laptop
            .save_issue(&BusinessIssue::new(account, "vom Laptop"))
            .unwrap();
        drop(laptop);
        desk.ok("laptop", &["sync"]);
        let mut store = desk.store("desk");
        store
            .save_issue(&BusinessIssue::new(account, "vom Schreibtisch"))
            .unwrap();
        drop(store);
        let bin = killing_git(desk.path(), step, nth);
        let output = desk.kam_with("desk", &["sync"], Some(&bin));
        assert!(
            !output.status.success(),
            "kam was killed while {during}: {:?}",
            text(&output)
        );
        // The database opens and reads; the repository works; the next
        // sync completes and both machines end the same.
        desk.store("desk")
            .check_integrity()
            .unwrap_or_else(|e| panic!("after a kill while {during}: {e}"));
        desk.ok("desk", &["sync"]);
        desk.ok("laptop", &["sync"]);
        assert_eq!(desk.records("desk"), desk.records("laptop"), "{during}");
        let statements: Vec<String> = desk
            .store("laptop")
            .issues(account)
            .unwrap()
            .into_iter()
            .map(|i| i.statement)
            .collect();
        for wanted in ["vom Laptop", "vom Schreibtisch"] {
            assert!(
                statements.iter().any(|s| s == wanted),
                "{during}: {statements:?}"
            );
        }
    }
}

#[test]
fn a_sync_killed_at_any_moment_leaves_the_database_as_before_or_as_after() {
    // The laptop receives a whole portfolio; kam is killed after a delay
    // that grows until a sync completes, so that kills land in every
    // step, the database write among them.
    let desk = Desk::new();
    desk.ok("desk", &["demo"]);
    desk.ok("desk", &["sync", "init", &desk.remote_arg()]);
    let laptop_db = desk.db("laptop");
    Store::open(&laptop_db)
        .unwrap()
        .sync_connect(&desk.remote_arg())
        .unwrap();
    let after = desk.records("desk");
    let mut delay = 0;
    loop {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kam"));
        desk.isolate(&mut command);
        let mut child = command
            .arg("--db")
            .arg(&laptop_db)
            .arg("sync")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let finished = child.try_wait().unwrap().is_some_and(|s| s.success());
        if !finished {
            child.kill().unwrap();
        }
        child.wait().unwrap();
        let store = desk.store("laptop");
        store.check_integrity().unwrap();
        let now = store.all_records().unwrap();
        assert!(
            now == Snapshot::default() || now == after,
            "after a kill at {delay} ms the laptop holds part of the portfolio"
        );
        if finished {
            assert_eq!(now, after);
            assert!(delay >= 100, "kills landed only in the first {delay} ms");
            break;
        }
        delay += 25;
        assert!(delay < 30_000, "the sync never completed");
    }
}
