//! The `kam` command line, run as a real process on databases in
//! temporary sandboxes: exit codes, messages, and what reached (or did not
//! reach) the database file.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Output, Stdio};

use kam::domain::{ActionPlan, BusinessIssue};

use crate::support::sandbox::{Sandbox, account_named, proofs_of, today};

/// The demo portfolio's accounts.
const DEMO_ACCOUNTS: [&str; 5] = [
    "Brennholt Verpackung GmbH",
    "Nordmole Container Terminals GmbH",
    "Groupe Béranger Agroalimentaire",
    "Klinikverbund Oberrhein",
    "Valdemoro Automoción S.L.",
];

/// Runs `kam --db DB ARGS…` on the sandbox's database.
pub(super) fn run(sandbox: &Sandbox, args: &[&str]) -> Output {
    run_on(sandbox, &sandbox.db(), args)
}

/// Runs `kam --db DB ARGS…` with `db` as the database.
fn run_on(sandbox: &Sandbox, db: &Path, args: &[&str]) -> Output {
    sandbox
        .command()
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("running kam")
}

/// What the run printed on standard output.
fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// What the run printed on standard error.
fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts that the run succeeded and returns its standard output.
pub(super) fn success(output: &Output) -> String {
    assert!(
        output.status.success(),
        "kam failed ({}):\n{}",
        output.status,
        stderr(output)
    );
    stdout(output)
}

/// Asserts that the run failed and returns its standard error.
pub(super) fn failure(output: &Output) -> String {
    assert!(
        !output.status.success(),
        "kam succeeded but should have failed:\n{}",
        stdout(output)
    );
    stderr(output)
}

/// A sandbox holding the demo portfolio, written by `kam demo`.
fn demo() -> Sandbox {
    let sandbox = Sandbox::new();
    success(&run(&sandbox, &["demo"]));
    sandbox
}

#[test]
fn demo_fills_an_empty_database_once() {
    let sandbox = Sandbox::new();
    let out = success(&run(&sandbox, &["demo"]));
    assert!(out.contains("Loaded the demo portfolio"), "{out}");
    assert!(out.contains("5 accounts"), "{out}");
    let names: Vec<String> = sandbox
        .store()
        .accounts()
        .expect("accounts")
        .into_iter()
        .map(|a| a.name)
        .collect();
    let mut expected = DEMO_ACCOUNTS.map(String::from).to_vec();
    expected.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, expected);

    let before = sandbox.store().counts().expect("counts");
    let err = failure(&run(&sandbox, &["demo"]));
    assert!(err.contains("already holds 5 accounts"), "{err}");
    assert_eq!(
        sandbox.store().counts().expect("counts"),
        before,
        "the second demo wrote records"
    );
}

#[test]
fn log_appends_a_proof_dated_today() {
    let sandbox = demo();
    let out = success(&run(
        &sandbox,
        &[
            "log",
            "nordm",
            "Cut crane downtime by 30 %",
            "--value",
            "30 %",
        ],
    ));
    assert!(out.contains("Nordmole Container Terminals GmbH"), "{out}");

    let proofs = proofs_of(&sandbox.db(), "Nordmole Container Terminals GmbH");
    let logged = proofs
        .iter()
        .find(|p| p.statement == "Cut crane downtime by 30 %")
        .unwrap_or_else(|| panic!("not logged: {proofs:#?}"));
    assert_eq!(logged.date, today());
    assert_eq!(logged.value.as_deref(), Some("30 %"));
}

/// Any word of the name may start the match, with accents, case and emoji
/// ignored.
#[test]
fn an_account_is_found_by_the_start_of_any_of_its_words() {
    let sandbox = demo();
    sandbox.add_account("🚀 Raketenwerk Süd", &[]);
    for (query, name) in [
        ("bera", "Groupe Béranger Agroalimentaire"),
        ("VERPACK", "Brennholt Verpackung GmbH"),
        ("container term", "Nordmole Container Terminals GmbH"),
        ("sud", "🚀 Raketenwerk Süd"),
    ] {
        let out = success(&run(&sandbox, &["log", query, "Delivered"]));
        assert!(out.contains(name), "{query}: {out}");
    }
}

#[test]
fn log_refuses_a_proof_dated_in_the_future() {
    let sandbox = demo();
    let before = sandbox.store().counts().expect("counts");
    let err = failure(&run(
        &sandbox,
        &["log", "nordm", "Crane availability 99 %", "--date", "+3d"],
    ));
    assert!(
        err.contains(
            "A proof statement records something delivered: its date must be today or earlier"
        ),
        "{err}"
    );
    assert_eq!(sandbox.store().counts().expect("counts"), before);
}

/// An account with two business issues, two plans under the first and one
/// under the second: "Spares run out" (plans "Consignment stock pilot",
/// "Consignment audit"), "Downtime costs us" (plan "Remote monitoring").
fn linked_sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    let account = sandbox.add_account("Nordwerk", &[]);
    sandbox.add_account("Acme", &[]);
    let mut store = sandbox.store();
    let spares = store
        .save_issue(&BusinessIssue::new(account.id, "Spares run out"))
        .expect("issue");
    let downtime = store
        .save_issue(&BusinessIssue::new(account.id, "Downtime costs us"))
        .expect("issue");
    for (issue, title) in [
        (spares.id, "Consignment stock pilot"),
        (spares.id, "Consignment audit"),
        (downtime.id, "Remote monitoring"),
    ] {
        store
            .save_plan(&ActionPlan::new(issue, title))
            .expect("plan");
    }
    sandbox
}

/// The issue statement and plan title a logged proof links to.
fn links_of(sandbox: &Sandbox, statement: &str) -> (Option<String>, Option<String>) {
    let store = sandbox.store();
    let proof = proofs_of(&sandbox.db(), "Nordwerk")
        .into_iter()
        .find(|p| p.statement == statement)
        .unwrap_or_else(|| panic!("{statement} not logged"));
    (
        proof
            .issue_id
            .map(|id| store.issue(id).expect("issue").statement),
        proof.plan_id.map(|id| store.plan(id).expect("plan").title),
    )
}

#[test]
fn log_links_the_issue_and_plan_named() {
    let sandbox = linked_sandbox();
    let out = success(&run(
        &sandbox,
        &[
            "log",
            "nord",
            "Pilot stock counted",
            "--issue",
            "spares",
            "--plan",
            "consignment st",
        ],
    ));
    assert!(
        out.contains("action plan “Consignment stock pilot”"),
        "{out}"
    );
    assert_eq!(
        links_of(&sandbox, "Pilot stock counted"),
        (
            Some("Spares run out".to_string()),
            Some("Consignment stock pilot".to_string())
        )
    );
    // Without --issue the plan is found among all the account's plans, and
    // the issue is the plan's.
    success(&run(
        &sandbox,
        &["log", "nord", "Sensors live", "--plan", "remote"],
    ));
    assert_eq!(
        links_of(&sandbox, "Sensors live"),
        (
            Some("Downtime costs us".to_string()),
            Some("Remote monitoring".to_string())
        )
    );
    success(&run(
        &sandbox,
        &["log", "nord", "Costs down", "--issue", "DOWNTIME"],
    ));
    assert_eq!(
        links_of(&sandbox, "Costs down"),
        (Some("Downtime costs us".to_string()), None)
    );
}

#[test]
fn log_refuses_an_unknown_or_ambiguous_link_and_writes_nothing() {
    let sandbox = linked_sandbox();
    let before = sandbox.store().counts().expect("counts");
    let err = failure(&run(&sandbox, &["log", "nord", "X", "--issue", "prices"]));
    assert!(
        err.contains(
            "no business issue matches “prices”. Business issues: Spares run out, Downtime costs us"
        ) || err.contains(
            "no business issue matches “prices”. Business issues: Downtime costs us, Spares run out"
        ),
        "{err}"
    );
    let err = failure(&run(
        &sandbox,
        &["log", "nord", "X", "--plan", "consignment"],
    ));
    assert!(
        err.contains("“consignment” matches 2 action plans"),
        "{err}"
    );
    assert!(
        err.contains("Consignment stock pilot") && err.contains("Consignment audit"),
        "{err}"
    );
    assert!(err.contains("Type more of the title."), "{err}");
    // The plan must belong to the issue named.
    let err = failure(&run(
        &sandbox,
        &["log", "nord", "X", "--issue", "spares", "--plan", "remote"],
    ));
    assert!(err.contains("no action plan matches “remote”"), "{err}");
    assert!(!err.contains("Remote monitoring"), "{err}");
    // An account without issues says so.
    let err = failure(&run(&sandbox, &["log", "acme", "X", "--issue", "spares"]));
    assert!(err.contains("Acme has no business issues"), "{err}");
    assert_eq!(sandbox.store().counts().expect("counts"), before);
}

#[test]
fn issue_joins_unquoted_words() {
    let sandbox = demo();
    let out = success(&run(
        &sandbox,
        &[
            "issue", "brenn", "our", "plants", "run", "out", "of", "spare", "parts",
        ],
    ));
    assert!(out.contains("Brennholt Verpackung GmbH"), "{out}");

    let store = sandbox.store();
    let account = account_named(&store, "Brennholt Verpackung GmbH");
    let issues = store.issues(account.id).expect("issues");
    let issue = issues
        .iter()
        .find(|i| i.statement == "our plants run out of spare parts")
        .unwrap_or_else(|| panic!("not stored: {issues:#?}"));
    assert_eq!(issue.said_on, Some(today()));
}

#[test]
fn an_unknown_account_lists_the_accounts() {
    let sandbox = demo();
    let before = sandbox.store().counts().expect("counts");
    let err = failure(&run(&sandbox, &["log", "zeppelin", "Delivered"]));
    assert!(err.contains("no account matches “zeppelin”"), "{err}");
    for name in DEMO_ACCOUNTS {
        assert!(err.contains(name), "{name} missing from: {err}");
    }
    assert_eq!(sandbox.store().counts().expect("counts"), before);
}

#[test]
fn an_ambiguous_account_lists_the_candidates() {
    let sandbox = Sandbox::new();
    sandbox.add_account("Acme A", &[]);
    sandbox.add_account("Acme B", &[]);
    sandbox.add_account("Nordwerk", &[]);
    let err = failure(&run(&sandbox, &["issue", "acme", "Spares run out"]));
    assert!(err.contains("matches 2 accounts"), "{err}");
    assert!(err.contains("Acme A") && err.contains("Acme B"), "{err}");
    assert!(!err.contains("Nordwerk"), "{err}");
    assert_eq!(sandbox.store().counts().expect("counts").issues, 0);
}

#[test]
fn an_empty_database_says_so() {
    let sandbox = Sandbox::new();
    let err = failure(&run(&sandbox, &["log", "acme", "Delivered"]));
    assert!(err.contains("the portfolio is empty"), "{err}");
}

#[test]
fn an_unknown_flag_is_refused_before_the_database_is_touched() {
    let sandbox = Sandbox::new();
    let output = run(&sandbox, &["--frobnicate"]);
    let err = failure(&output);
    assert_eq!(output.status.code(), Some(2), "clap's usage error code");
    assert!(err.contains("unexpected argument '--frobnicate'"), "{err}");
    assert!(!sandbox.db().exists(), "the database was created");
}

#[test]
fn a_directory_is_not_a_database() {
    let sandbox = Sandbox::new();
    let err = failure(&run_on(
        &sandbox,
        &sandbox.home(),
        &["log", "acme", "Delivered"],
    ));
    assert!(err.contains("is a directory"), "{err}");
}

#[test]
fn a_foreign_file_is_left_alone() {
    let sandbox = Sandbox::new();
    let text = "Dear diary, not a database.\n";
    fs::write(sandbox.db(), text).expect("writing the file");
    let err = failure(&run(&sandbox, &["demo"]));
    assert!(err.contains("is not a kam database"), "{err}");
    assert_eq!(
        fs::read_to_string(sandbox.db()).expect("reading the file"),
        text
    );
}

#[test]
fn a_database_from_a_newer_kam_is_left_alone() {
    let sandbox = demo();
    let conn = rusqlite::Connection::open(sandbox.db()).expect("raw connection");
    conn.pragma_update(None, "user_version", 999)
        .expect("setting user_version");
    drop(conn);
    let before = fs::read(sandbox.db()).expect("reading the database");

    let err = failure(&run(&sandbox, &["log", "nordm", "Delivered"]));
    assert!(err.contains("newer kam"), "{err}");
    assert_eq!(
        fs::read(sandbox.db()).expect("reading the database"),
        before,
        "the file changed"
    );
}

#[test]
fn a_read_only_database_refuses_to_log() {
    let sandbox = demo();
    sandbox.make_read_only();
    let before = fs::read(sandbox.db()).expect("reading the database");

    let err = failure(&run(&sandbox, &["log", "nordm", "Delivered"]));
    assert!(err.contains("read-only"), "{err}");
    assert_eq!(
        fs::read(sandbox.db()).expect("reading the database"),
        before,
        "the file changed"
    );
}

#[test]
fn kam_db_in_the_environment_names_the_database() {
    let sandbox = Sandbox::new();
    let output = sandbox
        .command()
        .env("KAM_DB", sandbox.db())
        .arg("demo")
        .output()
        .expect("running kam");
    let out = success(&output);
    assert!(out.contains(&sandbox.db().display().to_string()), "{out}");
    assert_eq!(sandbox.store().counts().expect("counts").accounts, 5);
}

#[test]
fn the_interface_needs_a_terminal() {
    let sandbox = Sandbox::new();
    let output = run(&sandbox, &[]);
    let err = failure(&output);
    assert!(err.contains("needs a terminal"), "{err}");
    assert!(
        !output.stdout.contains(&0x1b),
        "escape sequences on stdout: {:?}",
        stdout(&output)
    );
    assert!(
        !output.stderr.contains(&0x1b),
        "escape sequences on stderr: {err:?}"
    );
}

#[test]
fn a_new_database_is_private() {
    let sandbox = Sandbox::new();
    success(&run(&sandbox, &["demo"]));
    let mode = fs::metadata(sandbox.db())
        .expect("metadata")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

/// Runs `kam --db DB ARGS…` with its standard output a pipe that is closed
/// before kam writes to it, as `kam … | head -0` would, and returns what
/// kam printed on standard error.
fn run_into_a_closed_pipe(sandbox: &Sandbox, args: &[&str]) -> String {
    let mut child = sandbox
        .command()
        .arg("--db")
        .arg(sandbox.db())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting kam");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("waiting for kam");
    stderr(&output)
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let sandbox = demo();
    success(&run(&sandbox, &["backup"]));
    for args in [
        &["backups"][..],
        &["search", "crane"],
        &["export"],
        &["agenda"],
        &["health"],
    ] {
        let err = run_into_a_closed_pipe(&sandbox, args);
        assert!(err.is_empty(), "kam {args:?} printed {err:?}");
    }
}

#[test]
fn a_path_with_control_characters_is_shown_harmlessly() {
    let sandbox = Sandbox::new();
    let evil = sandbox.home().join("red\x1b[31mfolder");
    fs::create_dir(&evil).expect("creating the folder");
    let output = run_on(&sandbox, &evil, &["search", "crane"]);
    let err = failure(&output);
    assert!(!output.stderr.contains(&0x1b), "raw escape: {err:?}");
    assert!(err.contains("red␛[31mfolder"), "{err}");
}

#[test]
fn damage_found_after_opening_names_the_file() {
    let sandbox = demo();
    // Damage the last page of the proof log, past the schema and the first
    // tables: the file opens, and a later query finds the damage.
    let last: u32 = rusqlite::Connection::open(sandbox.db())
        .and_then(|conn| {
            conn.query_row(
                "SELECT max(pageno) FROM dbstat WHERE name = 'proof_statement'",
                [],
                |r| r.get(0),
            )
        })
        .expect("finding the proof log's pages");
    let mut bytes = fs::read(sandbox.db()).expect("reading the database");
    let last = last as usize;
    bytes[(last - 1) * 4096..last * 4096].fill(0xff);
    fs::write(sandbox.db(), bytes).expect("damaging the database");
    let name = sandbox.db().display().to_string();
    let err = failure(&run(&sandbox, &["export"]));
    assert!(err.contains(&format!("{name} is damaged")), "{err}");
    assert!(!err.contains(":  is damaged"), "{err}");
}

mod measures;
