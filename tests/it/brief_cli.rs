//! `kam brief`, run as a real process on a database in a temporary folder:
//! the Markdown on standard output, the owner-only file with `--output`,
//! `--private`, `--since`, and the "brief opened" moment it leaves behind.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use kam::domain::{Account, BusinessIssue};
use kam::store::Store;
use tempfile::TempDir;

/// A temporary folder with a database holding "Nordwerk" (revenue and share
/// of wallet set, one business issue) and a home folder for kam.
fn sandbox() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("home")).unwrap();
    let db = dir.path().join("kam.db");
    let mut store = Store::open(&db).unwrap();
    let mut account = Account::new("Nordwerk Maschinenbau");
    account.revenue_history = crate::support::revenue(&[(2025, 2_380_000)]);
    account.share_of_wallet = Some(35);
    let account = store.save_account(&account).unwrap();
    store
        .save_issue(&BusinessIssue::new(
            account.id,
            "Our lines stop for lack of spare parts",
        ))
        .unwrap();
    (dir, db)
}

/// Runs `kam --db DB brief ARGS…` in the sandbox.
fn brief(db: &Path, args: &[&str]) -> Output {
    let home = db.parent().unwrap().join("home");
    Command::new(env!("CARGO_BIN_EXE_kam"))
        .current_dir(&home)
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env_remove("KAM_DB")
        .stdin(Stdio::null())
        .arg("--db")
        .arg(db)
        .arg("brief")
        .args(args)
        .output()
        .expect("running kam")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_brief_goes_to_standard_output_with_the_figures_unless_private() {
    let (_dir, db) = sandbox();
    let out = brief(&db, &["nord"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    assert!(
        md.starts_with("# Prep brief: Nordwerk Maschinenbau\n"),
        "{md}"
    );
    assert!(
        md.contains("> Our lines stop for lack of spare parts"),
        "{md}"
    );
    assert!(md.contains("2,380,000") && md.contains("35 %"), "{md}");
    assert!(
        md.contains("**Business issue added:** Our lines stop"),
        "new since 30 days ago:\n{md}"
    );

    let out = brief(&db, &["nord", "--private"]);
    assert!(out.status.success());
    let md = text(&out.stdout);
    assert!(md.contains("**Private mode.**"), "{md}");
    assert!(!md.contains("2,380,000") && !md.contains("35 %"), "{md}");
    assert!(md.contains("> Our lines stop for lack of spare parts"));
}

#[test]
fn a_brief_file_is_owner_only_and_never_overwritten_by_accident() {
    let (dir, db) = sandbox();
    let file = dir.path().join("brief.md");
    let out = brief(&db, &["nord", "--output", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Wrote the prep brief of Nordwerk Maschinenbau"));
    let mode = fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let first = fs::read_to_string(&file).unwrap();
    assert!(first.contains("# Prep brief: Nordwerk Maschinenbau"));

    let out = brief(&db, &["nord", "-o", file.to_str().unwrap(), "--private"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("pass --force"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), first);

    let out = brief(
        &db,
        &["nord", "-o", file.to_str().unwrap(), "--private", "--force"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        fs::read_to_string(&file)
            .unwrap()
            .contains("**Private mode.**")
    );
    let mode = fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn opening_the_brief_moves_since_last_time_forward() {
    let (_dir, db) = sandbox();
    let id = Store::open(&db).unwrap().accounts().unwrap()[0].id;
    assert_eq!(
        Store::open(&db).unwrap().last_brief_opened(id).unwrap(),
        None
    );
    assert!(brief(&db, &["nord"]).status.success());
    assert!(
        Store::open(&db)
            .unwrap()
            .last_brief_opened(id)
            .unwrap()
            .is_some()
    );

    let md = text(&brief(&db, &["nord"]).stdout);
    assert!(md.contains("Nothing has changed."), "{md}");
    let md = text(&brief(&db, &["nord", "--since", "-1w"]).stdout);
    assert!(md.contains("**Business issue added:**"), "{md}");
}

#[test]
fn bad_arguments_are_explained() {
    let (_dir, db) = sandbox();
    let out = brief(&db, &["nord", "--since", "2026-13-01"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--since"),
        "{}",
        text(&out.stderr)
    );
    let out = brief(&db, &["acme"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("no account matches"),
        "{}",
        text(&out.stderr)
    );
}
