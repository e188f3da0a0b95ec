//! A full disk: every write ends with a clear message, the typing kept, the
//! file intact.
//!
//! kam runs on a small filesystem of its own (see `support::places`),
//! filled up before or while it writes. kam opens a database on a disk with
//! less than 1 MiB free read-only, so a full disk is tried twice: full
//! before kam starts (every write refused at once), and with 1.1 MiB left,
//! where kam opens the file for writing and runs out of room in the middle
//! of a write bigger than that.

use std::path::Path;
use std::process::Command;

use kam::domain::{Account, ProofStatement};
use kam::store::Store;

use crate::support::places::{Mount, Place, Run, Step, changed, contents};
use crate::support::pty::{CTRL_S, ENTER, TAB};
use crate::support::tui::today;

/// The small disk: room for the database, its copies and a little more.
const DISK: Mount = Mount::Small { kib: 128 * 1024 };

/// What "nearly full" leaves: above kam's 1 MiB threshold, below the size
/// of the database.
const NEARLY_FULL_KIB: u64 = 1100;

/// The passphrase given to `kam encrypt`, twice.
const TWICE: &str = "race horse\nrace horse\n";

/// Gives the database at `path` an account called `name` whose 150 proof
/// statements of 4 KiB each make it larger than the room left on a nearly
/// full disk.
fn bulky(path: &Path, name: &str) {
    let mut store = Store::open(path).expect("the database");
    let account = store.save_account(&Account::new(name)).expect("an account");
    for n in 0..200 {
        let text = format!("Delivered batch {n}: {}", evidence(n, 8 * 1024));
        store
            .save_proof(&ProofStatement::new(account.id, today(), text))
            .expect("a proof statement");
    }
}

/// `len` letters that compress badly (so that git, which compresses, needs
/// as much room as the database), the same for the same `seed`.
fn evidence(seed: u64, len: usize) -> String {
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            char::from(b'a' + (state >> 59) as u8 % 26)
        })
        .collect()
}

/// A place whose seed holds the demo portfolio and a bulky account,
/// connected to a sync remote beside it and with an edit not yet synced,
/// with today's backup made, and a second bulky database that does not
/// sync (`plain.db`, for `kam encrypt`); and, outside the disk, a JSON
/// export of another bulky portfolio to import.
fn seeded() -> Place {
    let place = Place::new();
    let mut store = Store::open(place.seed_db()).expect("a new database");
    kam::demo::load(&mut store, today()).expect("the demo portfolio");
    drop(store);
    bulky(&place.seed_db(), "Bulky Holdings");
    let remote = place.outside("remote.git");
    let init = Command::new("git")
        .args(["init", "--quiet", "--bare"])
        .arg(&remote)
        .status()
        .expect("running git");
    assert!(init.success());
    place.prepare(&["sync", "init", remote.to_str().expect("a UTF-8 path")]);
    place.prepare(&["log", "Bulky", "Not yet synced"]);
    place.prepare(&["backup"]);
    bulky(
        &place.seed_db().with_file_name("plain.db"),
        "Plain Holdings",
    );

    let other = place.outside("other.db");
    bulky(&other, "Imported Holdings");
    let out = Command::new(env!("CARGO_BIN_EXE_kam"))
        .arg("--db")
        .arg(&other)
        .args(["export", "-o"])
        .arg(place.outside("import.json"))
        .env("HOME", place.home())
        .env_remove("KAM_DB")
        .output()
        .expect("exporting");
    assert!(out.status.success(), "{out:?}");
    place
}

/// Every write kam offers from the shell, each of which needs room.
fn writes(place: &Place) -> Vec<Vec<String>> {
    let import = place.outside("import.json").display().to_string();
    let on_disk = |name: &str| place.db(DISK).with_file_name(name).display().to_string();
    [
        vec!["log", "Bulky", "Logged on a full disk"],
        vec!["issue", "Bulky", "Raised on a full disk"],
        vec!["import", &import],
        vec!["backup"],
        vec!["export", "-o", &on_disk("export.json")],
        vec!["export", "--format", "md", "-o", &on_disk("pages")],
        vec!["sync"],
        // A database that syncs is not encrypted: the second one is.
        vec!["encrypt", "--db", &on_disk("plain.db")],
    ]
    .into_iter()
    .map(|args| args.into_iter().map(str::to_owned).collect())
    .collect()
}

/// Each list of arguments as string slices.
fn as_strs(lists: &[Vec<String>]) -> Vec<Vec<&str>> {
    lists
        .iter()
        .map(|args| args.iter().map(String::as_str).collect())
        .collect()
}

/// The step running kam with `args`, the passphrase typed twice where it
/// is asked for.
fn kam_step<'a>(args: &'a [&'a str]) -> Step<'a> {
    let stdin = if args[0] == "encrypt" { TWICE } else { "" };
    Step::Kam(args, stdin)
}

/// Runs every write of [`writes`] on the seeded disk filled up to leave
/// `free_kib`; returns what each did and the place.
fn every_write_with(free_kib: u64) -> (Place, Vec<Run>) {
    let place = seeded();
    let writes = writes(&place);
    let args = as_strs(&writes);
    let mut steps = vec![Step::Fill { free_kib }];
    steps.extend(args.iter().map(|a| kam_step(a)));
    let runs = place.run(DISK, &steps);
    (place, runs)
}

#[test]
fn on_a_full_disk_every_write_says_so_and_every_file_stays_as_it_was() {
    let (place, runs) = every_write_with(0);
    for run in &runs {
        says_the_disk_is_full(run);
    }
    let (before, after) = (
        contents(&place.outside("seed")),
        contents(&place.left(DISK)),
    );
    let changed = changed(&before, &after);
    assert!(
        changed.is_empty(),
        "files on the full disk changed: {changed:?}"
    );
}

#[test]
fn a_disk_filling_up_in_the_middle_of_a_write_ends_it_cleanly_and_loses_nothing() {
    let (place, runs) = every_write_with(NEARLY_FULL_KIB);
    // Small edits still fit; every write bigger than the room left stops
    // with the message, and nothing half done stays behind.
    for run in &runs {
        match run.args[0].as_str() {
            "log" | "issue" => assert_eq!(run.code, 0, "{run:?}"),
            // With two small edits to send, a sync fits too.
            "sync" => assert_eq!(run.code, 0, "{run:?}"),
            _ => says_the_disk_is_full(run),
        }
    }
    let names = |dir: &Path| -> Vec<String> {
        contents(dir)
            .into_iter()
            .map(|f| f.0)
            .filter(|name| !name.starts_with("kam.sync.git/objects/"))
            .collect()
    };
    assert_eq!(names(&place.left(DISK)), names(&place.outside("seed")));
    let before = statements_of_intact(&place.seed_db());
    let mut after = statements_of_intact(&place.left(DISK).join("kam.db"));
    after.retain(|s| s != "Logged on a full disk");
    assert!(before == after, "the proof statements changed");
}

#[test]
fn a_sync_that_runs_out_of_room_says_so_and_the_next_one_completes() {
    let place = seeded();
    let import = place.outside("import.json").display().to_string();
    let runs = place.run(
        DISK,
        &[
            Step::Kam(&["import", &import], ""),
            Step::Fill {
                free_kib: NEARLY_FULL_KIB,
            },
            Step::Kam(&["sync"], ""),
            Step::Free,
            Step::Kam(&["sync"], ""),
            Step::Kam(&["sync", "status", "--json"], ""),
        ],
    );
    assert_eq!(runs[0].code, 0, "{:?}", runs[0]);
    says_the_disk_is_full(&runs[1]);
    assert_eq!(runs[2].code, 0, "{:?}", runs[2]);
    let status: serde_json::Value = serde_json::from_str(&runs[3].out).expect("JSON status");
    assert_eq!(status["unsynced"], 0, "{status}");
    let leftovers: Vec<String> = contents(&place.left(DISK).join("kam.sync.git"))
        .into_iter()
        .map(|f| f.0)
        .filter(|name| name.contains("tmp_") || name.contains("crash"))
        .collect();
    assert!(leftovers.is_empty(), "git left {leftovers:?}");
}

#[test]
fn once_there_is_room_again_every_write_goes_through() {
    let place = seeded();
    let writes = writes(&place);
    let args = as_strs(&writes);
    let mut steps = vec![
        Step::Fill { free_kib: 0 },
        Step::Kam(&["backup"], ""),
        Step::Free,
    ];
    steps.extend(args.iter().map(|a| kam_step(a)));
    let runs = place.run(DISK, &steps);
    says_the_disk_is_full(&runs[0]);
    for run in &runs[1..] {
        assert_eq!(run.code, 0, "{run:?}");
    }
}

/// The proof statements of the database at `path`, sorted, opened with
/// SQLite alone after its integrity is checked.
fn statements_of_intact(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).expect("opening the copy");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity check");
    assert_eq!(check, "ok", "{} is damaged", path.display());
    let mut query = conn
        .prepare("SELECT statement FROM proof_statement ORDER BY statement")
        .expect("query");
    query
        .query_map([], |r| r.get(0))
        .expect("reading")
        .collect::<rusqlite::Result<_>>()
        .expect("reading")
}

/// Asserts that `run` failed saying the disk is full.
fn says_the_disk_is_full(run: &Run) {
    assert_ne!(run.code, 0, "kam {:?} succeeded on a full disk", run.args);
    assert!(
        run.err.contains("disk is full"),
        "kam {:?} said ({}): {}{}",
        run.args,
        run.code,
        run.out,
        run.err
    );
}

#[test]
fn a_form_saved_on_a_full_disk_keeps_the_typing_and_saves_once_there_is_room() {
    let place = Place::new();
    let mut store = Store::open(place.seed_db()).expect("a new database");
    kam::demo::load(&mut store, today()).expect("the demo portfolio");
    drop(store);
    let before = statements_of_intact(&place.seed_db());

    let mut kam = place.pty(DISK, &[], 120, 40);
    kam.wait_for("Portfolio");
    kam.send(ENTER);
    kam.wait_for("Proof statements");
    kam.send(TAB);
    kam.send(TAB);
    kam.send("a");
    kam.wait_for("New proof statement");
    kam.send("Written while the disk was full");
    place.fill(0);
    kam.send(CTRL_S);
    kam.wait_status("the disk is full");
    let screen = kam.screen();
    assert!(
        screen.contains("New proof statement"),
        "the form closed\n{screen}"
    );
    assert!(
        screen.contains("Written while the disk was full"),
        "the typing was lost\n{screen}"
    );
    place.free();
    kam.send(CTRL_S);
    kam.wait_status("Saved");
    kam.send("q");
    kam.wait_exit();

    let mut after = statements_of_intact(&place.left(DISK).join("kam.db"));
    let saved = after
        .iter()
        .position(|s| s == "Written while the disk was full")
        .expect("the proof saved once there was room");
    after.remove(saved);
    assert!(before == after, "other proof statements changed");
}
