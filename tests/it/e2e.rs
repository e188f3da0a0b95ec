//! End-to-end runs of the real `kam` binary in a pseudo-terminal, each on a
//! fresh database in its own sandbox: keys go in, and both the screen and
//! the database are checked afterwards.

use std::fs;
use std::os::unix::fs::PermissionsExt;

use chrono::Days;
use kam::domain::Importance;
use kam::domain::choice::Choice;

use crate::support::pty::{CTRL_C, CTRL_S, ENTER, Pty, TAB};
use crate::support::sandbox::{Sandbox, account_named, proofs_of, today};

/// One of the five demo accounts.
const NORDMOLE: &str = "Nordmole Container Terminals GmbH";

/// Starts kam on the sandbox's database in a 120×40 terminal.
fn kam(sandbox: &Sandbox) -> Pty {
    kam_sized(sandbox, 120, 40)
}

/// Starts kam on the sandbox's database in a `cols`×`rows` terminal.
fn kam_sized(sandbox: &Sandbox, cols: u16, rows: u16) -> Pty {
    let db = sandbox.db();
    Pty::spawn(
        &["--db".as_ref(), db.as_os_str()],
        &sandbox.home(),
        cols,
        rows,
    )
}

/// Starts kam on a database holding one account, "Nordwerk GmbH", and
/// opens it.
fn kam_in_nordwerk(sandbox: &Sandbox) -> Pty {
    sandbox.add_account("Nordwerk GmbH", &[]);
    let mut kam = kam(sandbox);
    kam.wait_for("Nordwerk GmbH");
    kam.send(ENTER);
    kam.wait_for("Business issues");
    kam
}

/// Selects the account `name` in the portfolio (its row found through the
/// store, which sorts the portfolio as kam does) and opens it.
fn open_account(kam: &mut Pty, sandbox: &Sandbox, name: &str) {
    let portfolio = sandbox
        .store()
        .portfolio(today())
        .expect("reading the portfolio");
    let row = portfolio
        .iter()
        .position(|s| s.account.name == name)
        .unwrap_or_else(|| panic!("{name} is not in the portfolio"));
    kam.send(&format!("g{}", "j".repeat(row)));
    // The selected account's summary box is titled with its name.
    kam.wait_for(&format!("╭ {name} "));
    kam.send(ENTER);
    for pane in ["Business issues", "Action plans", "Proof statements"] {
        kam.wait_for(pane);
    }
}

/// Runs `kam ARGS` on the sandbox's database, as from another shell while
/// the interface is open, and checks that it succeeded.
fn kam_command(sandbox: &Sandbox, args: &[&str]) {
    let out = sandbox
        .command()
        .arg("--db")
        .arg(sandbox.db())
        .args(args)
        .output()
        .expect("running kam");
    assert!(
        out.status.success(),
        "kam {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The detail box of the selected proof statement, from its title down.
fn proof_detail(screen: &str) -> &str {
    screen
        .split_once("╭ Proof statement ─")
        .map_or("", |(_, below)| below)
}

/// The column where `text` starts on the first screen row holding it.
fn column_of(screen: &str, text: &str) -> usize {
    screen
        .lines()
        .find_map(|line| line.find(text).map(|at| line[..at].chars().count()))
        .unwrap_or_else(|| panic!("{text:?} is not on the screen:\n{screen}"))
}

/// The screen above the status line, which may quote a deleted record.
fn panes(screen: &str) -> &str {
    screen
        .rsplit_once('\n')
        .map_or(screen, |(above, _status)| above)
}

#[test]
fn first_run_welcomes_loads_the_demo_and_quits_cleanly() {
    let sandbox = Sandbox::new();
    let mut kam = kam(&sandbox);
    kam.wait_for("Welcome to kam");
    kam.send("d");
    kam.wait_for("Portfolio · 5 accounts");
    kam.wait_for("Klinikverbund Oberrhein");
    kam.wait_status("Loaded the demo portfolio into");

    kam.send("q");
    let status = kam.wait_exit();
    assert!(status.success(), "kam exited with {status:?}");
    kam.assert_restored();
    assert!(
        !kam.screen().contains("Portfolio"),
        "the interface is left on the main screen:\n{}",
        kam.screen()
    );
    assert_eq!(sandbox.store().counts().expect("counts").accounts, 5);
}

#[test]
fn a_proof_logged_in_a_form_is_saved_and_shown_on_the_next_run() {
    let sandbox = Sandbox::new();
    let marker = "Cranes back in 2 h [e2e-b]";

    let mut kam = kam(&sandbox);
    kam.wait_for("Welcome to kam");
    kam.send("d");
    kam.wait_for("Portfolio · 5 accounts");
    open_account(&mut kam, &sandbox, NORDMOLE);
    // The workspace opens on the issues: Tab twice reaches the proofs.
    kam.send(&format!("{TAB}{TAB}a"));
    kam.wait_for("New proof statement");
    // The form opens on the statement; the date comes filled in.
    kam.send(marker);
    kam.wait_for(marker);
    kam.send(CTRL_S);
    kam.wait_for("Saved proof statement.");
    kam.wait_gone("New proof statement");
    kam.send("q");
    assert!(kam.wait_exit().success());

    let proofs = proofs_of(&sandbox.db(), NORDMOLE);
    let saved = proofs
        .iter()
        .find(|p| p.statement == marker)
        .unwrap_or_else(|| panic!("{marker:?} not stored; the log holds {proofs:#?}"));
    assert_eq!(saved.date, today());
    assert_eq!(saved.value, None);

    let mut kam = self::kam(&sandbox);
    kam.wait_for("Portfolio · 5 accounts");
    open_account(&mut kam, &sandbox, NORDMOLE);
    kam.wait_for(marker);
    let screen = kam.screen();
    assert!(
        column_of(&screen, marker) > column_of(&screen, "Proof statements ("),
        "the statement is not in the proof pane:\n{screen}"
    );
    kam.send("q");
    assert!(kam.wait_exit().success());
}

#[test]
fn a_deleted_proof_comes_back_with_undo() {
    let sandbox = Sandbox::new();
    let older = today().checked_sub_days(Days::new(7)).expect("a week ago");
    let doomed = "Delete me [e2e-c]";
    sandbox.add_account(
        "Nordwerk GmbH",
        &[("Kept [e2e-c]", older), (doomed, today())],
    );
    let statements = || -> Vec<String> {
        proofs_of(&sandbox.db(), "Nordwerk GmbH")
            .into_iter()
            .map(|p| p.statement)
            .collect()
    };

    let mut kam = kam(&sandbox);
    kam.wait_for("Nordwerk GmbH");
    kam.send(ENTER);
    kam.wait_for("Proof statements (2)");
    // The newest entry, selected first, is the one to delete.
    kam.send(&format!("{TAB}{TAB}d"));
    kam.wait_for("Delete?");
    kam.wait_for(&format!("Delete the proof statement “{doomed}”?"));
    kam.send("y");
    kam.wait_for("Proof statements (1)");
    kam.wait_until("the deleted entry gone", |screen| {
        !panes(screen).contains(doomed)
    });
    kam.wait_status("Press u to undo.");
    assert_eq!(statements(), ["Kept [e2e-c]"]);

    kam.send("u");
    kam.wait_for("Proof statements (2)");
    kam.wait_for(doomed);
    kam.wait_status("Undid the deletion");
    assert_eq!(statements(), [doomed, "Kept [e2e-c]"]);
    kam.send("q");
    assert!(kam.wait_exit().success());
}

#[test]
fn ctrl_c_quits_from_the_workspace_and_restores_the_terminal() {
    let sandbox = Sandbox::new();
    let mut kam = kam_in_nordwerk(&sandbox);
    kam.send(CTRL_C);
    let status = kam.wait_exit();
    assert!(status.success(), "kam exited with {status:?}");
    kam.assert_restored();
}

/// Opens an account, sends kam the signal `name` and checks that kam gave
/// the terminal back and exited with the conventional status.
fn ended_by_signal_restores_the_terminal(name: &str, status: u32) {
    let sandbox = Sandbox::new();
    let mut kam = kam_in_nordwerk(&sandbox);
    kam.signal(name);
    let exit = kam.wait_exit();
    assert_eq!(exit.exit_code(), status, "kam exited with {exit:?}");
    kam.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal_and_exits_with_143() {
    ended_by_signal_restores_the_terminal("TERM", 143);
}

#[test]
fn sighup_restores_the_terminal_and_exits_with_129() {
    ended_by_signal_restores_the_terminal("HUP", 129);
}

#[test]
fn sigint_and_sigquit_restore_the_terminal_too() {
    ended_by_signal_restores_the_terminal("INT", 130);
    ended_by_signal_restores_the_terminal("QUIT", 131);
}

#[test]
fn a_tiny_terminal_gets_a_note_and_still_quits() {
    let sandbox = Sandbox::new();
    let mut kam = kam_sized(&sandbox, 20, 5);
    kam.wait_for("Terminal too small");
    kam.send("q");
    let status = kam.wait_exit();
    assert!(status.success(), "kam exited with {status:?}");
    kam.assert_restored();
}

#[test]
fn escape_sequences_in_stored_text_are_shown_harmlessly() {
    let sandbox = Sandbox::new();
    let hostile = "Before \x1b[2J\x1b]0;pwned\x07 after [e2e-e]";
    sandbox.add_account("Hostile Text AG", &[(hostile, today())]);

    let mut kam = kam(&sandbox);
    kam.wait_for("Hostile Text AG");
    kam.send(ENTER);
    // Shown defused, as the picture characters ␛ and ␇.
    kam.wait_for("Before ␛[2J␛]0;pwned␇ after [e2e-e]");
    // Had the sequences reached the terminal, the screen would have been
    // cleared after these were drawn, and the window renamed.
    let screen = kam.screen();
    for drawn_before in ["Hostile Text AG", "Business issues", "Proof statements (1)"] {
        assert!(
            screen.contains(drawn_before),
            "{drawn_before:?} was wiped:\n{screen}"
        );
    }
    kam.send("q");
    assert!(kam.wait_exit().success());
    assert_eq!(kam.titles(), Vec::<String>::new(), "kam set a window title");
}

#[test]
fn an_issue_from_the_shell_keeps_its_text_when_edited_in_a_form() {
    let sandbox = Sandbox::new();
    let account = sandbox.add_account("Joiner GmbH", &[]);
    let statement = "Family 👨\u{200d}👩\u{200d}👧, می\u{200c}خواهم,\tשלום \u{202b}x [e2e-j]";
    let db = sandbox.db();
    let mut shell = Pty::spawn(
        &[
            "--db".as_ref(),
            db.as_os_str(),
            "issue".as_ref(),
            "Joiner".as_ref(),
            statement.as_ref(),
        ],
        &sandbox.home(),
        120,
        40,
    );
    assert!(shell.wait_exit().success(), "{}", shell.screen());
    let stored = |sandbox: &Sandbox| {
        let issues = sandbox.store().issues(account.id).expect("issues");
        assert_eq!(issues.len(), 1, "{issues:#?}");
        issues.into_iter().next().expect("one issue")
    };
    let before = stored(&sandbox);
    assert_eq!(before.statement, statement, "stored as typed in the shell");

    let mut kam = kam(&sandbox);
    kam.wait_for("Joiner GmbH");
    kam.send(ENTER);
    kam.wait_for("[e2e-j]");
    kam.send("e");
    kam.wait_for("Edit business issue");
    // Importance is the seventh field; `c` chooses Critical.
    kam.send(&TAB.repeat(6));
    kam.wait_for(&format!("◂ {} ▸", before.importance.label()));
    kam.send("c");
    kam.wait_for("Critical");
    kam.send(CTRL_S);
    kam.wait_gone("Edit business issue");
    kam.send("q");
    assert!(kam.wait_exit().success());

    let after = stored(&sandbox);
    assert_eq!(after.importance, Importance::Critical);
    assert_eq!(after.statement, statement, "the statement is unchanged");
}

#[test]
fn a_read_only_database_is_shown_but_never_changed() {
    let sandbox = Sandbox::new();
    sandbox.add_account("Nordwerk GmbH", &[("Delivered [e2e-f]", today())]);
    sandbox.make_read_only();
    let before = fs::read(sandbox.db()).expect("reading the database");

    let mut kam = kam(&sandbox);
    kam.wait_for("READ-ONLY");
    kam.wait_for("Nordwerk GmbH");
    kam.send(ENTER);
    kam.wait_for("Delivered [e2e-f]");
    kam.send("a");
    kam.wait_status("the database is read-only");
    let screen = kam.screen();
    assert!(
        !screen.contains("New business issue"),
        "a form opened:\n{screen}"
    );
    kam.send("q");
    assert!(kam.wait_exit().success());

    assert_eq!(
        fs::read(sandbox.db()).expect("reading the database"),
        before,
        "the file changed"
    );
    let mode = fs::metadata(sandbox.db())
        .expect("metadata")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o444);
}

#[test]
fn a_proof_logged_from_the_shell_shows_in_the_open_portfolio_without_a_key() {
    let sandbox = Sandbox::new();
    let ten_days_ago = today().checked_sub_days(Days::new(10)).expect("a date");
    sandbox.add_account("Nordwerk GmbH", &[("Old news [e2e-l]", ten_days_ago)]);
    let mut kam = kam(&sandbox);
    kam.wait_for("10 d ago");

    kam_command(&sandbox, &["log", "nordwerk", "Cranes back in 2 h [e2e-l]"]);
    kam.wait_until("the new proof in the portfolio", |screen| {
        screen
            .lines()
            .find(|line| line.contains("Nordwerk GmbH"))
            .is_some_and(|row| row.contains("today") && !row.contains("10 d ago"))
    });
    kam.send("q");
    assert!(kam.wait_exit().success());
}

#[test]
fn a_proof_logged_from_the_shell_shows_in_the_open_log_and_the_selection_stays() {
    let sandbox = Sandbox::new();
    let ago = |days| today().checked_sub_days(Days::new(days)).expect("a date");
    sandbox.add_account(
        "Nordwerk GmbH",
        &[("Newer [e2e-m]", ago(10)), ("Older [e2e-m]", ago(20))],
    );
    let mut kam = kam(&sandbox);
    kam.wait_for("Nordwerk GmbH");
    kam.send(ENTER);
    kam.wait_for("Proof statements (2)");
    kam.send(&format!("{TAB}{TAB}j"));
    kam.wait_until("the older proof selected", |screen| {
        proof_detail(screen).contains("Older [e2e-m]")
    });

    kam_command(&sandbox, &["log", "nordwerk", "Newest [e2e-m]"]);
    kam.wait_for("Proof statements (3)");
    kam.wait_for("Newest [e2e-m]");
    let screen = kam.screen();
    assert!(
        proof_detail(&screen).contains("Older [e2e-m]"),
        "the selection moved to another proof:\n{screen}"
    );
    kam.send("q");
    assert!(kam.wait_exit().success());
}

#[test]
fn five_thousand_characters_without_bracketed_paste_all_arrive_and_save() {
    let sandbox = Sandbox::new();
    let mut kam = kam_in_nordwerk(&sandbox);
    kam.send("a");
    kam.wait_for("New business issue");

    // Raw keys, as a terminal without bracketed paste (or tmux's
    // paste-buffer without -p) delivers a paste, then Ctrl-S at once.
    let text: String = (0..5_000u32)
        .map(|i| char::from(b'a' + u8::try_from(i % 26).expect("a letter")))
        .collect();
    kam.send(&text);
    kam.send(CTRL_S);
    kam.wait_status("Saved business issue.");
    kam.send("q");
    assert!(kam.wait_exit().success());

    let store = sandbox.store();
    let account = account_named(&store, "Nordwerk GmbH");
    let issues = store.issues(account.id).expect("reading the issues");
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].statement.len(), 5_000, "every character arrived");
    assert_eq!(issues[0].statement, text);
}

#[test]
fn a_word_typed_faster_than_the_results_shows_the_results_of_the_whole_word() {
    let sandbox = Sandbox::new();
    sandbox.add_account(
        "Nordwerk GmbH",
        &[
            ("Crane availability 99 % in October", today()),
            ("Crab shell sorting line restarted", today()),
        ],
    );
    let mut kam = kam(&sandbox);
    kam.wait_for("Nordwerk GmbH");
    kam.send("/");
    kam.wait_for("Type to search");

    // The whole word in one write: its keys wait together in the input.
    kam.send("crane");
    kam.wait_until("the results of “crane”", |screen| {
        screen.contains("1 result ·") && screen.contains("Crane availability")
    });
    assert!(!kam.screen().contains("Crab shell"), "{}", kam.screen());

    // Two backspaces at once: the results of “cra”, both proofs.
    kam.send("\x7f\x7f");
    kam.wait_until("the results of “cra”", |screen| {
        screen.contains("2 results ·") && screen.contains("Crab shell")
    });
    kam.send(CTRL_C);
    assert!(kam.wait_exit().success());
}
