//! Live views: what another window, `kam log` or an import commits to the
//! file shows on the next tick of the event loop, without a key, and every
//! selection stays on its record.

use std::path::Path;

use chrono::Days;
use kam::domain::{Account, ActionPlan, BusinessIssue, ProofStatement, Step};
use kam::store::Store;
use kam::tui::app::App;
use tempfile::TempDir;

use crate::support::tui::{app_on, press, screen, today, type_text};

/// A database file with the accounts `names`, each with a proof statement
/// from ten days ago, and an app on it.
fn app_with(dir: &TempDir, names: &[&str]) -> App {
    let mut store = another_window(dir.path());
    let ten_days_ago = today().checked_sub_days(Days::new(10)).expect("a date");
    for name in names {
        let account = store.save_account(&Account::new(*name)).expect("saved");
        let proof = ProofStatement::new(account.id, ten_days_ago, format!("{name} proof"));
        store.save_proof(&proof).expect("saved");
    }
    app_on(another_window(dir.path()))
}

/// A second connection to the app's file, as another kam window has.
fn another_window(dir: &Path) -> Store {
    Store::open(dir.join("kam.db")).expect("the database opens")
}

/// The account whose summary box is shown: the selected one.
fn summary_title(text: &str) -> String {
    text.lines()
        .find_map(|l| l.split_once("╭ ").map(|(_, rest)| rest))
        .and_then(|rest| rest.split(" ─").next())
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_portfolio_shows_another_windows_changes_on_the_next_tick() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut app = app_with(&dir, &["Brennwerk", "Nordwerk"]);
    press(&mut app, "j");
    let before = screen(&app, 120, 30);
    assert_eq!(summary_title(&before), "Nordwerk", "{before}");

    let mut other = another_window(dir.path());
    // An account without proof needs attention and comes first.
    other.save_account(&Account::new("Aachen")).expect("saved");
    app.tick(today());

    let after = screen(&app, 120, 30);
    assert!(after.contains("Aachen"), "{after}");
    assert_eq!(summary_title(&after), "Nordwerk", "{after}");
    let row = |name: &str| after.lines().position(|l| l.contains(name));
    assert!(row("Aachen") < row("Brennwerk"), "inserted above:\n{after}");
}

#[test]
fn the_proof_log_shows_another_windows_proof_and_keeps_its_selection() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut app = app_with(&dir, &["Nordwerk"]);
    press(&mut app, "Enter Tab Tab");
    let account = app.store().accounts().expect("accounts")[0].id;

    let mut other = another_window(dir.path());
    for statement in ["Cranes back in 2 h", "Spares on site"] {
        let proof = ProofStatement::new(account, today(), statement);
        other.save_proof(&proof).expect("saved");
    }
    app.tick(today());

    let text = screen(&app, 120, 30);
    assert!(text.contains("Proof statements (3)"), "{text}");
    assert!(text.contains("Cranes back in 2 h"), "{text}");
    let detail = text.split("╭ Proof statement ").nth(1).unwrap_or_default();
    assert!(
        detail.contains("Nordwerk proof"),
        "the selection stays on its entry:\n{text}"
    );
}

#[test]
fn a_form_being_edited_is_left_as_it_is() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut app = app_with(&dir, &["Nordwerk"]);
    press(&mut app, "Enter a");
    type_text(&mut app, "Spare parts arrive late");
    another_window(dir.path())
        .save_account(&Account::new("Aachen"))
        .expect("saved");
    app.tick(today());
    let text = screen(&app, 120, 30);
    assert!(text.contains("New business issue"), "{text}");
    assert!(text.contains("Spare parts arrive late"), "{text}");
}

#[test]
fn an_open_plan_keeps_its_selected_step_when_a_step_is_added_elsewhere() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut app = app_with(&dir, &["Nordwerk"]);
    let mut other = another_window(dir.path());
    let account = other.accounts().expect("accounts")[0].id;
    let issue = other
        .save_issue(&BusinessIssue::new(account, "Lines stop for spare parts"))
        .expect("saved");
    let mut plan = ActionPlan::new(issue.id, "Spare parts pilot");
    plan.steps = vec![Step::new("Scope"), Step::new("Run")];
    let plan = other.save_plan(&plan).expect("saved");
    app.tick(today());
    press(&mut app, "Enter Tab Enter j");

    let mut changed = other.plan(plan.id).expect("the plan");
    changed.steps.insert(0, Step::new("Prepare"));
    other.save_plan(&changed).expect("saved");
    app.tick(today());
    assert!(screen(&app, 120, 30).contains("Prepare"));

    press(&mut app, "Space");
    let steps = other.plan(plan.id).expect("the plan").steps;
    let done: Vec<&str> = steps
        .iter()
        .filter(|s| s.done)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(done, ["Run"], "Space marks the step that was selected");
}

#[test]
fn an_open_brief_shows_another_windows_proof() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut app = app_with(&dir, &["Nordwerk"]);
    press(&mut app, "Enter b");
    assert!(screen(&app, 120, 40).contains("Nordwerk proof"));
    let account = app.store().accounts().expect("accounts")[0].id;
    another_window(dir.path())
        .save_proof(&ProofStatement::new(account, today(), "Cranes back in 2 h"))
        .expect("saved");
    app.tick(today());
    let text = screen(&app, 120, 40);
    assert!(text.contains("Cranes back in 2 h"), "{text}");
}

#[test]
fn the_agenda_shows_another_windows_plan() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut app = app_with(&dir, &["Nordwerk"]);
    press(&mut app, "A");
    let mut other = another_window(dir.path());
    let account = other.accounts().expect("accounts")[0].id;
    let issue = other
        .save_issue(&BusinessIssue::new(account, "Lines stop for spare parts"))
        .expect("saved");
    let mut plan = ActionPlan::new(issue.id, "Spare parts pilot");
    plan.due = today().checked_add_days(Days::new(2));
    other.save_plan(&plan).expect("saved");
    app.tick(today());
    let text = screen(&app, 120, 40);
    assert!(text.contains("Spare parts pilot"), "{text}");
}
