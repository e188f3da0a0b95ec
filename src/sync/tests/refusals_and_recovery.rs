//! A second machine's first sync, a remote out of reach, a repository from
//! a newer kam, an encrypted database and a lost local repository.

use std::collections::BTreeMap;

use super::*;
use crate::domain::{Account, BusinessIssue, ProofStatement};
use crate::store::Passphrase;
use crate::sync::engine::{FORMAT, Outcome, SyncError};
use crate::sync::git::{Change, NewCommit};
use crate::sync::record_file;

/// The commit a repository's `main` holds.
fn main_of(repo: &Repo) -> Option<crate::sync::git::CommitId> {
    repo.resolve("refs/heads/main").unwrap()
}

/// A desk holding one account with an issue and a proof statement, and a
/// laptop, both synced.
fn desk_and_laptop(world: &World) -> (Machine, Machine, BusinessIssue, ProofStatement) {
    let (mut desk, mut laptop) = (world.machine("desk"), world.machine("laptop"));
    let account = desk.store.save_account(&Account::new("Nordmole")).unwrap();
    let issue = BusinessIssue::new(account.id, "Cranes stand still");
    let issue = desk.store.save_issue(&issue).unwrap();
    let proof = ProofStatement::new(account.id, day(), "Availability 99.2 %");
    let proof = desk.store.save_proof(&proof).unwrap();
    settle(&mut [&mut desk, &mut laptop]);
    (desk, laptop, issue, proof)
}

#[test]
fn a_second_empty_machine_receives_everything_on_its_first_sync() {
    let world = World::new();
    let mut desk = world.unconnected("desk");
    crate::demo::load(&mut desk.store, day()).unwrap();
    desk.connect(&world.remote());
    desk.sync();
    let mut laptop = world.machine("laptop");
    let preview = engine::preview(&laptop.store).unwrap();
    assert!(preview.remote_holds_one);
    assert!(preview.received > 0, "{preview:?}");
    assert!(laptop.store.is_empty().unwrap(), "a preview writes nothing");
    let report = laptop.sync();
    assert!(report.received > 0);
    assert_eq!(laptop.records(), desk.records());
    settle(&mut [&mut desk, &mut laptop]);
}

#[test]
fn an_unreachable_remote_keeps_the_local_commit_and_the_next_sync_completes() {
    let world = World::new();
    let (mut desk, mut laptop, issue, _) = desk_and_laptop(&world);
    let away = world.dir.path().join("remote-away.git");
    std::fs::rename(world.remote(), &away).unwrap();
    let before = main_of(&Repo::open(&desk.repo_path()).unwrap());
    let mut edited = desk.store.issue(issue.id).unwrap();
    edited.said_by = "Jens".to_owned();
    desk.store.save_issue(&edited).unwrap();

    let report = desk.sync();
    assert!(matches!(report.outcome, Outcome::Offline(_)), "{report:?}");
    assert!(report.sent > 0);
    let local = main_of(&Repo::open(&desk.repo_path()).unwrap());
    assert_ne!(local, before, "the edit is committed locally");
    let unsynced = |m: &Machine| m.store.sync_summary().unwrap().unwrap().unsynced;
    assert!(unsynced(&desk) > 0, "committed here is not yet synced");

    std::fs::rename(&away, world.remote()).unwrap();
    assert_eq!(desk.sync().outcome, Outcome::Pushed);
    assert_eq!(unsynced(&desk), 0);
    assert_eq!(main_of(&world.remote_repo()), local);
    laptop.sync();
    assert_eq!(laptop.store.issue(issue.id).unwrap().said_by, "Jens");
    settle(&mut [&mut desk, &mut laptop]);
}

/// Makes the remote's newest commit name format `format`, as a newer kam
/// would write it.
fn write_format(world: &World, format: u32) {
    let remote = world.remote_repo();
    let head = main_of(&remote).unwrap();
    let mut fields = serde_json::Map::new();
    fields.insert("format".to_owned(), format.into());
    fields.insert("written_by".to_owned(), "kam 99.0.0".into());
    let text = record_file::to_text(&fields);
    let changes = BTreeMap::from([("format.kam".to_owned(), Change::Write(text.into_bytes()))]);
    remote
        .commit(&NewCommit {
            reference: "refs/heads/main",
            parent: Some(&head),
            merge: None,
            message: "Format 2",
            changes: &changes,
        })
        .unwrap();
}

#[test]
fn a_repository_in_a_newer_format_is_refused_and_nothing_is_written() {
    let world = World::new();
    let (mut desk, mut laptop, issue, _) = desk_and_laptop(&world);
    let mut edited = desk.store.issue(issue.id).unwrap();
    edited.said_by = "Jens".to_owned();
    desk.store.save_issue(&edited).unwrap();
    desk.sync();
    write_format(&world, FORMAT + 1);
    let (records, conflicts) = (laptop.records(), laptop.conflicts());
    let state = laptop.store.sync_state().unwrap();

    let error = engine::sync(&mut laptop.store).unwrap_err();
    let SyncError::NewerFormat { found, ours } = error else {
        panic!("{error:?}");
    };
    assert_eq!((found, ours), (FORMAT + 1, FORMAT));
    let said = error.to_string();
    assert!(
        said.contains(&format!("format {}", FORMAT + 1))
            && said.contains(&format!("format {FORMAT}")),
        "{said}"
    );
    assert_eq!(laptop.records(), records, "the desk's edit is not taken");
    assert_eq!(laptop.conflicts(), conflicts);
    assert_eq!(laptop.store.sync_state().unwrap(), state);
}

#[test]
fn an_encrypted_database_is_refused_and_nothing_reaches_disk_or_the_remote() {
    let world = World::new();
    let folder = world.dir.path().join("vault");
    std::fs::create_dir_all(&folder).unwrap();
    let key = Passphrase::new("correct horse battery staple").unwrap();
    let mut store = Store::open_with_key(folder.join("kam.db"), Some(key)).unwrap();
    store
        .save_account(&Account::new("Confidential GmbH"))
        .unwrap();
    store
        .sync_connect(world.remote().to_str().unwrap())
        .unwrap();
    let error = engine::sync(&mut store).unwrap_err();
    assert!(matches!(error, SyncError::Encrypted), "{error:?}");
    assert!(!engine::repo_path(store.path()).exists());
    assert_eq!(main_of(&world.remote_repo()), None);
}

#[test]
fn a_deleted_local_repository_is_rebuilt_from_the_database_losing_nothing() {
    let world = World::new();
    let (mut desk, mut laptop, issue, proof) = desk_and_laptop(&world);
    let mut acknowledged = laptop.store.proof(proof.id).unwrap();
    acknowledged.acknowledged = true;
    laptop.store.save_proof(&acknowledged).unwrap();
    laptop.sync();
    let mut edited = desk.store.issue(issue.id).unwrap();
    edited.said_by = "Jens".to_owned();
    desk.store.save_issue(&edited).unwrap();
    std::fs::remove_dir_all(desk.repo_path()).unwrap();

    desk.sync();
    settle(&mut [&mut desk, &mut laptop]);
    for m in [&desk, &laptop] {
        assert_eq!(
            m.store.issue(issue.id).unwrap().said_by,
            "Jens",
            "{}",
            m.name
        );
        assert!(m.store.proof(proof.id).unwrap().acknowledged, "{}", m.name);
        assert!(m.conflicts().is_empty(), "{}: {:?}", m.name, m.conflicts());
    }
}

#[test]
fn a_sync_while_another_holds_the_lock_says_so_and_writes_nothing() {
    let world = World::new();
    let (mut desk, _laptop, issue, _) = desk_and_laptop(&world);
    let mut edited = desk.store.issue(issue.id).unwrap();
    edited.said_by = "Jens".to_owned();
    desk.store.save_issue(&edited).unwrap();
    let remote = main_of(&world.remote_repo());
    let held = std::fs::File::open(desk.repo_path().join(engine::LOCK)).unwrap();
    held.lock().unwrap();

    let error = engine::sync(&mut desk.store).unwrap_err();
    assert!(matches!(error, SyncError::Busy), "{error:?}");
    assert_eq!(
        desk.store.sync_summary().unwrap().unwrap().unsynced,
        2,
        "the edit and its history wait"
    );
    assert_eq!(main_of(&world.remote_repo()), remote);
    drop(held);
    assert_eq!(desk.sync().outcome, Outcome::Pushed);
}
