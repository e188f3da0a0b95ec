//! The search popup driven by real key presses and drawn on ratatui's
//! `TestBackend`: results as you type with the matches emphasised, Enter
//! opening the record in its account with its pane focused, and no panic at
//! any terminal size. Screens use the monochrome theme, as with `NO_COLOR`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use chrono::NaiveDate;
use kam::domain::{
    Account, ActionPlan, BusinessIssue, Importance, ProofStatement, Stakeholder, Step,
};
use kam::store::{Snapshot, Store};
use kam::tui::app::App;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

use crate::support::tui::{app_on, press, render, today, type_text};

// ---------------------------------------------------------------- helpers

fn days_ago(n: u64) -> NaiveDate {
    today() - chrono::Days::new(n)
}

/// Two accounts whose records sit where a jump has to move the selection:
/// the plan searched for is not the first plan of the issue that is not the
/// first issue, and the proof searched for is not the newest.
fn store() -> Store {
    let mut brennholt = Account::new("Brennholt Verpackung GmbH");
    brennholt.revenue_history = crate::support::revenue(&[(2025, 640_000)]);
    let pallets = BusinessIssue::new(brennholt.id, "Pallet wrapping lines stop");

    let mut nordmole = Account::new("Nordmole Container Terminals GmbH");
    nordmole.revenue_history = crate::support::revenue(&[(2025, 2_380_000)]);
    nordmole.share_of_wallet = Some(37);
    let mut urgent = BusinessIssue::new(nordmole.id, "Technicians retire within five years");
    urgent.importance = Importance::Critical;
    let mut cranes = BusinessIssue::new(nordmole.id, "Cranes stand still waiting for spares");
    cranes.importance = Importance::Low;
    let mut academy = ActionPlan::new(cranes.id, "Training academy");
    academy.due = Some(today());
    let mut pilot = ActionPlan::new(cranes.id, "Consignment stock pilot");
    pilot.due = Some(today() + chrono::Days::new(30));
    pilot.steps = vec![
        Step::new("Agree the inventory list"),
        Step::new("Ship the gearboxes"),
    ];
    let proofs = vec![
        ProofStatement::new(nordmole.id, days_ago(1), "Night cover fixed 14 faults"),
        ProofStatement::new(
            nordmole.id,
            days_ago(200),
            "Crane availability 99.1 % in April",
        ),
        ProofStatement::new(
            nordmole.id,
            days_ago(300),
            "Spreader swaps under three hours",
        ),
        ProofStatement::new(brennholt.id, days_ago(5), "Zero film breaks in March"),
    ];
    let mut dieter = Stakeholder::new(nordmole.id, "Dieter Vogel");
    dieter.title = "Head of Maintenance".into();

    let mut store = Store::open_in_memory().expect("in-memory store");
    store
        .insert_all(&Snapshot {
            accounts: vec![brennholt, nordmole],
            issues: vec![pallets, urgent, cranes],
            plans: vec![academy, pilot],
            proofs,
            stakeholders: vec![dieter],
            ..Snapshot::default()
        })
        .expect("the records are valid");
    store
}

fn app() -> App {
    app_on(store())
}

/// Opens the search popup and types `query`.
fn search(app: &mut App, query: &str) {
    press(app, "/");
    type_text(app, query);
}

/// The buffer as one string per row, every cell kept (unlike
/// [`crate::support::tui::rows`]), so that a character's index in its row
/// is its column.
fn rows(buffer: &Buffer) -> Vec<String> {
    let area = buffer.area;
    (area.top()..area.bottom())
        .map(|y| {
            (area.left()..area.right())
                .map(|x| buffer[(x, y)].symbol())
                .collect()
        })
        .collect()
}

fn screen(app: &App) -> String {
    rows(&render(app, 120, 40)).join("\n")
}

/// The modifiers of each cell of the first occurrence of `text` on screen.
fn modifiers_of(buffer: &Buffer, text: &str) -> Vec<Modifier> {
    for (y, row) in rows(buffer).iter().enumerate() {
        if let Some(at) = row.find(text) {
            let x = row[..at].chars().count();
            return (0..text.chars().count())
                .map(|i| buffer[(x as u16 + i as u16, y as u16)].modifier)
                .collect();
        }
    }
    panic!("{text:?} is not on screen:\n{}", rows(buffer).join("\n"));
}

// ---------------------------------------------------------------- searching

#[test]
fn slash_opens_the_popup_with_a_hint() {
    let mut app = app();
    press(&mut app, "/");
    let text = screen(&app);
    assert!(text.contains(" Search "), "{text}");
    assert!(text.contains("Type to search"), "{text}");
}

#[test]
fn results_follow_every_keystroke_labelled_by_kind_and_account() {
    let mut app = app();
    search(&mut app, "cons");
    let text = screen(&app);
    assert!(text.contains("Plan    Consignment stock pilot"), "{text}");
    assert!(text.contains("Nordmole Container Terminals GmbH"), "{text}");
    assert!(!text.contains("Zero film breaks"), "{text}");

    press(&mut app, "Backspace Backspace Backspace Backspace");
    type_text(&mut app, "zero");
    let text = screen(&app);
    assert!(text.contains("Proof   Zero film breaks in March"), "{text}");
    assert!(text.contains("Brennholt Verpackung GmbH"), "{text}");
    assert!(!text.contains("Consignment stock pilot"), "{text}");
}

#[test]
fn j_and_k_are_letters_in_the_query() {
    let mut app = app();
    search(&mut app, "jk");
    let text = screen(&app);
    assert!(text.contains("/ jk"), "{text}");
    assert!(text.contains("Nothing matches “jk”."), "{text}");
}

#[test]
fn matches_are_emphasised_without_colour() {
    let mut app = app();
    search(&mut app, "stock pil");
    let buffer = render(&app, 120, 40);
    let cells = modifiers_of(&buffer, "Consignment stock pilot");
    let marked = |range: std::ops::Range<usize>| range.map(|i| cells[i]).collect::<Vec<_>>();
    for m in marked(12..17).into_iter().chain(marked(18..21)) {
        assert!(
            m.contains(Modifier::UNDERLINED | Modifier::BOLD),
            "{cells:?}"
        );
    }
    for m in marked(0..11).into_iter().chain(marked(21..23)) {
        assert!(!m.contains(Modifier::UNDERLINED), "{cells:?}");
    }
    for y in 0..40 {
        for x in 0..120 {
            assert_eq!(buffer[(x, y)].fg, ratatui::style::Color::Reset);
        }
    }
}

#[test]
fn fuzzy_names_and_an_empty_result_are_shown() {
    let mut app = app();
    search(&mut app, "nrdml");
    let text = screen(&app);
    assert!(
        text.contains("Account Nordmole Container Terminals GmbH"),
        "{text}"
    );
    type_text(&mut app, "zzq");
    assert!(screen(&app).contains("Nothing matches “nrdmlzzq”."));
}

#[test]
fn private_mode_shows_no_figures_in_results() {
    let mut app = app();
    app.set_private(true);
    search(&mut app, "nordmole");
    let text = screen(&app);
    assert!(
        text.contains("Account Nordmole Container Terminals GmbH"),
        "{text}"
    );
    for figure in ["2.38M", "2380000", "2,380,000", "37%", "37 %"] {
        assert!(!text.contains(figure), "{figure} shown:\n{text}");
    }
}

#[test]
fn esc_closes_the_popup() {
    let mut app = app();
    search(&mut app, "cons");
    press(&mut app, "Esc");
    let text = screen(&app);
    assert!(!text.contains(" Search "), "{text}");
    assert!(!text.contains("Consignment"), "{text}");
}

// ---------------------------------------------------------------- jumping

/// Asserts that the screen shows `account` open with the pane titled
/// `pane` focused (drawn with a thick border) and `record` in the detail
/// pane at the bottom (which shows the focused pane's selected record).
fn assert_open(app: &App, account: &str, pane: &str, record: &str) {
    let text = screen(app);
    assert!(!text.contains(" Search "), "the popup closed:\n{text}");
    // The first line holds the page tabs, the second the profile's title.
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .contains(&format!(" {account} ")),
        "{text}"
    );
    assert!(
        text.contains(&format!("┏ {pane}")),
        "{pane} is not focused:\n{text}"
    );
    let detail: Vec<&str> = text
        .lines()
        .rev()
        .take_while(|l| !l.starts_with('╭'))
        .collect();
    assert!(
        detail.iter().any(|l| l.contains(record)),
        "{record} is not the selected record:\n{text}"
    );
}

#[test]
fn enter_opens_a_plan_in_its_account_with_the_plans_pane_focused() {
    let mut app = app();
    search(&mut app, "consignment");
    press(&mut app, "Enter");
    assert_open(
        &app,
        "Nordmole Container Terminals GmbH",
        "Action plans",
        "Consignment stock pilot",
    );
}

#[test]
fn a_step_opens_its_plan() {
    let mut app = app();
    search(&mut app, "inventory");
    assert!(screen(&app).contains("Step    Agree the inventory list"));
    press(&mut app, "Enter");
    assert_open(
        &app,
        "Nordmole Container Terminals GmbH",
        "Action plans",
        "Consignment stock pilot",
    );
}

#[test]
fn a_proof_opens_selected_in_the_proof_log() {
    let mut app = app();
    search(&mut app, "april");
    press(&mut app, "Enter");
    assert_open(
        &app,
        "Nordmole Container Terminals GmbH",
        "Proof statements",
        "Crane availability 99.1 % in April",
    );
}

#[test]
fn an_issue_opens_selected_in_the_issues_pane() {
    let mut app = app();
    search(&mut app, "cranes stand");
    press(&mut app, "Enter");
    assert_open(
        &app,
        "Nordmole Container Terminals GmbH",
        "Business issues",
        "Cranes stand still waiting for spares",
    );
}

#[test]
fn an_account_opens_on_the_profile_and_a_person_on_the_stakeholders_page() {
    let mut app = app();
    search(&mut app, "brennholt");
    press(&mut app, "Enter");
    let brennholt = "Brennholt Verpackung GmbH";
    assert_open(&app, brennholt, brennholt, "Their customers");

    let mut app = self::app();
    search(&mut app, "vogel");
    press(&mut app, "Enter");
    let text = screen(&app);
    assert!(!text.contains(" Search "), "the popup closed:\n{text}");
    assert!(text.contains("┏ Stakeholders (1)"), "{text}");
    assert!(text.contains("Head of Maintenance"), "{text}");
}

/// The title of the selected (reversed) result in the search popup.
fn selected_result(app: &App) -> String {
    let buffer = render(app, 120, 40);
    let rows = rows(&buffer);
    for (y, row) in rows.iter().enumerate() {
        let Some(at) = row.find("┃/ ") else {
            continue;
        };
        let x = row[..at].chars().count() as u16 + 1;
        for (dy, result) in rows.iter().enumerate().skip(y + 2) {
            if buffer[(x, dy as u16)].modifier.contains(Modifier::REVERSED) {
                let inner: String = result.chars().skip(usize::from(x) + 8).collect();
                return inner.trim_end_matches([' ', '┃']).to_string();
            }
        }
    }
    panic!("no selected result:\n{}", rows.join("\n"));
}

#[test]
fn arrows_and_ctrl_n_choose_another_result() {
    let mut app = app();
    search(&mut app, "s");
    let best = selected_result(&app);
    press(&mut app, "C-n Down C-p Down Up");
    let second = selected_result(&app);
    assert_ne!(best, second);
    press(&mut app, "Enter");
    let text = screen(&app);
    let detail: Vec<&str> = text
        .lines()
        .rev()
        .take_while(|l| !l.starts_with('╭'))
        .collect();
    assert!(
        detail.iter().any(|l| l.contains(&second)),
        "{second}:\n{text}"
    );
}

#[test]
fn search_works_from_an_open_account_too() {
    let mut app = app();
    press(&mut app, "Enter");
    search(&mut app, "zero film");
    press(&mut app, "Enter");
    assert_open(
        &app,
        "Brennholt Verpackung GmbH",
        "Proof statements",
        "Zero film breaks in March",
    );
}

// ---------------------------------------------------------------- sizes

#[test]
fn tiny_terminals_never_panic() {
    for query in ["", "s", "zzqx"] {
        let mut app = app();
        search(&mut app, query);
        for (w, h) in [
            (1, 1),
            (20, 5),
            (39, 9),
            (40, 10),
            (41, 11),
            (50, 12),
            (60, 14),
            (80, 24),
        ] {
            let drawn = catch_unwind(AssertUnwindSafe(|| render(&app, w, h)));
            assert!(drawn.is_ok(), "panicked at {w}×{h} with {query:?}");
        }
    }
}

#[test]
fn a_pasted_query_is_shown_made_safe() {
    let mut app = app();
    press(&mut app, "/");
    app.paste("spare\u{202e}parts\u{1b}[2J");
    let text = screen(&app);
    assert!(text.contains("/ spare�parts"), "{text}");
    assert!(!text.contains('\u{202e}'), "{text}");
}
