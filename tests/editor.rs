//! `Ctrl-E` in a form of an encrypted database: the text would reach a
//! plain file on disk, so kam says so and asks for a second `Ctrl-E`.

#[path = "support/tui.rs"]
mod tui;

use kam::domain::Account;
use kam::store::{Passphrase, Store};
use tui::{app_on, press, screen, type_text};

/// A database in `dir` holding one account, encrypted with `passphrase`.
fn one_account(dir: &tempfile::TempDir, passphrase: Option<&str>) -> Store {
    let key = passphrase.map(|p| Passphrase::new(p).expect("a passphrase"));
    let mut store = Store::open_with_key(dir.path().join("kam.db"), key).expect("opening");
    store
        .save_account(&Account::new("Nordwerk"))
        .expect("saving");
    store
}

#[test]
fn ctrl_e_on_an_encrypted_database_asks_before_the_text_reaches_a_file() {
    // SAFETY: the only test of this binary, so no other thread reads the
    // environment. Without a runtime folder the editor's file is on disk.
    unsafe { std::env::remove_var("XDG_RUNTIME_DIR") };
    let dir = tempfile::tempdir().expect("a folder");
    let mut app = app_on(one_account(&dir, Some("correct horse")));
    press(&mut app, "Enter a");
    type_text(&mut app, "Their words");

    press(&mut app, "C-e");
    assert_eq!(app.take_editor_request(), None, "asked first");
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("Ctrl-E again"), "{shown}");

    press(&mut app, "C-e");
    assert_eq!(app.take_editor_request().as_deref(), Some("Their words"));

    // Any other key in between asks again.
    press(&mut app, "C-e Right C-e");
    assert_eq!(app.take_editor_request(), None, "asked again");

    // A plain database has nothing to expose: the editor opens at once.
    let dir = tempfile::tempdir().expect("a folder");
    let mut app = app_on(one_account(&dir, None));
    press(&mut app, "Enter a");
    type_text(&mut app, "Their words");
    press(&mut app, "C-e");
    assert_eq!(app.take_editor_request().as_deref(), Some("Their words"));
}
