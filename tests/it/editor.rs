//! `Ctrl-E` in a form of an encrypted database: the text would reach a
//! plain file on disk, so kam says so and asks for a second `Ctrl-E`.

use std::process::Command;

use kam::domain::Account;
use kam::store::{Passphrase, Store};

use crate::support::tui::{app_on, editor_asked, press, screen, type_text};

/// Set in the copy of this test binary that runs the test body.
const IN_CHILD: &str = "KAM_TEST_WITHOUT_RUNTIME_DIR";

/// A database in `dir` holding one account, encrypted with `passphrase`.
fn one_account(dir: &tempfile::TempDir, passphrase: Option<&str>) -> Store {
    let key = passphrase.map(|p| Passphrase::new(p).expect("a passphrase"));
    let mut store = Store::open_with_key(dir.path().join("kam.db"), key).expect("opening");
    store
        .save_account(&Account::new("Nordwerk"))
        .expect("saving");
    store
}

/// Runs the test `name` of this module alone, in a copy of this test binary
/// whose environment has no `XDG_RUNTIME_DIR`: without a runtime folder the
/// editor's file is on disk. The environment of this process is shared by
/// every test running in it, so it is left as it is.
fn without_runtime_dir(name: &str) {
    let module = module_path!().split_once("::").map_or("", |(_, m)| m);
    let out = Command::new(std::env::current_exe().expect("the test binary"))
        .args(["--exact", &format!("{module}::{name}"), "--test-threads=1"])
        .env(IN_CHILD, "1")
        .env_remove("XDG_RUNTIME_DIR")
        .output()
        .expect("the test binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn ctrl_e_on_an_encrypted_database_asks_before_the_text_reaches_a_file() {
    if std::env::var_os(IN_CHILD).is_none() {
        without_runtime_dir("ctrl_e_on_an_encrypted_database_asks_before_the_text_reaches_a_file");
        return;
    }
    let dir = tempfile::tempdir().expect("a folder");
    let mut app = app_on(one_account(&dir, Some("correct horse")));
    press(&mut app, "Enter a");
    type_text(&mut app, "Their words");

    press(&mut app, "C-e");
    assert_eq!(editor_asked(&mut app), None, "asked first");
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("Ctrl-E again"), "{shown}");

    press(&mut app, "C-e");
    assert_eq!(editor_asked(&mut app).as_deref(), Some("Their words"));

    // Any other key in between asks again.
    press(&mut app, "C-e Right C-e");
    assert_eq!(editor_asked(&mut app), None, "asked again");

    // A plain database has nothing to expose: the editor opens at once.
    let dir = tempfile::tempdir().expect("a folder");
    let mut app = app_on(one_account(&dir, None));
    press(&mut app, "Enter a");
    type_text(&mut app, "Their words");
    press(&mut app, "C-e");
    assert_eq!(editor_asked(&mut app).as_deref(), Some("Their words"));
}
