//! The terminal given back usable however kam ends: a signal at the
//! passphrase prompt, a signal while a form holds typed text, and a panic.
//! Each run happens in a pseudo-terminal; afterwards the terminal must read
//! lines with echo, show the main screen with a visible cursor, and have
//! bracketed paste off. The signals that end the workspace itself are
//! covered by `e2e::sigterm_restores_the_terminal_and_exits_with_143` and
//! its neighbours.

use crate::support::files::{add_marked_account, open};
use crate::support::pty::{CTRL_C, ENTER, LineModes, Pty, TAB};
use crate::support::sandbox::Sandbox;

/// The passphrase of the encrypted databases here.
const PASSPHRASE: &str = "correct horse";

/// Asserts that the shell after kam gets a usable terminal back.
fn assert_usable(kam: &Pty) {
    kam.assert_restored();
    assert_eq!(
        kam.line_modes(),
        LineModes::USABLE,
        "the terminal was left without lines or echo\n{}",
        kam.screen()
    );
    assert!(!kam.bracketed_paste(), "bracketed paste was left on");
}

/// kam on an encrypted database holding one account, waiting at its
/// passphrase prompt with half a passphrase typed.
fn at_the_passphrase_prompt(sandbox: &Sandbox) -> Pty {
    let mut store = open(&sandbox.db(), Some(PASSPHRASE));
    add_marked_account(&mut store, "Nordwerk GmbH", "Cranes back in 2 h");
    drop(store);
    let db = sandbox.db();
    let mut kam = Pty::spawn(&["--db".as_ref(), db.as_os_str()], &sandbox.home(), 100, 30);
    kam.wait_for("Passphrase for");
    kam.send("correct ho");
    kam
}

#[test]
fn a_signal_at_the_passphrase_prompt_gives_back_lines_and_echo() {
    for name in ["TERM", "HUP"] {
        let sandbox = Sandbox::new();
        let mut kam = at_the_passphrase_prompt(&sandbox);
        kam.signal(name);
        let exit = kam.wait_exit();
        assert!(!exit.success(), "SIG{name}: kam exited with {exit:?}");
        assert_usable(&kam);
    }
}

#[test]
fn ctrl_c_at_the_passphrase_prompt_gives_back_lines_and_echo() {
    let sandbox = Sandbox::new();
    let mut kam = at_the_passphrase_prompt(&sandbox);
    kam.send(CTRL_C);
    let exit = kam.wait_exit();
    assert!(!exit.success(), "kam exited with {exit:?}");
    assert_usable(&kam);
    assert!(!kam.screen().contains("correct"), "{}", kam.screen());
}

#[test]
fn the_right_passphrase_still_opens_the_interface_and_quitting_is_clean() {
    let sandbox = Sandbox::new();
    let mut kam = at_the_passphrase_prompt(&sandbox);
    kam.send(&format!("rse{ENTER}"));
    kam.wait_for("Nordwerk GmbH");
    kam.send("q");
    assert!(kam.wait_exit().success());
    assert_usable(&kam);
}

#[test]
fn a_signal_while_a_form_holds_typed_text_gives_the_terminal_back() {
    for (name, status) in [("TERM", 143), ("HUP", 129)] {
        let sandbox = Sandbox::new();
        sandbox.add_account("Nordwerk GmbH", &[]);
        let db = sandbox.db();
        let mut kam = Pty::spawn(&["--db".as_ref(), db.as_os_str()], &sandbox.home(), 120, 40);
        kam.wait_for("Nordwerk GmbH");
        kam.send(ENTER);
        kam.wait_for("Business issues");
        kam.send(&format!("{TAB}{TAB}a"));
        kam.wait_for("New proof statement");
        kam.send("Half a proof, never saved");
        kam.wait_for("Half a proof");
        kam.signal(name);
        let exit = kam.wait_exit();
        assert_eq!(exit.exit_code(), status, "SIG{name}: {exit:?}");
        assert_usable(&kam);
    }
}

#[test]
fn a_panic_gives_the_terminal_back_and_its_message_stays_readable() {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: only a debug build of kam can be made to panic");
        return;
    }
    let sandbox = Sandbox::new();
    sandbox.add_account("Nordwerk GmbH", &[]);
    let db = sandbox.db();
    let mut kam = Pty::spawn_with_env(
        &["--db".as_ref(), db.as_os_str()],
        &sandbox.home(),
        120,
        40,
        &[("KAM_DEBUG_PANIC", "1")],
    );
    let exit = kam.wait_exit();
    assert_eq!(exit.exit_code(), 101, "kam exited with {exit:?}");
    assert_usable(&kam);
    let screen = kam.screen();
    // The message is on the main screen, each line starting at the left
    // edge (no line feeds without carriage returns, as in raw mode).
    assert!(
        screen
            .lines()
            .any(|line| line.starts_with("thread 'main'") && line.contains("panicked")),
        "no panic message at the left edge:\n{screen}"
    );
    assert!(
        screen
            .lines()
            .any(|line| line.starts_with("KAM_DEBUG_PANIC is set")),
        "the panic message is not readable:\n{screen}"
    );
}
