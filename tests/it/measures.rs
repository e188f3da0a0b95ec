//! Measured value on screen: the value scorecard of the signals page at
//! several sizes, with its sparklines, and private mode hiding the values
//! of confidential measures.

use chrono::{Duration, NaiveDate};
use kam::domain::measure::{Better, Measure};
use kam::domain::{Account, ProofStatement};
use kam::store::Store;
use kam::tui::app::App;

use crate::support::sandbox::Sandbox;
use crate::support::tui::{app_on, press, screen, today};

/// Monthly values of a measure, oldest first, ending last month.
fn series(store: &mut Store, account: &Account, measure: &Measure, values: &[&str]) {
    let start = today() - Duration::days(30 * values.len() as i64);
    for (i, value) in values.iter().enumerate() {
        let date: NaiveDate = start + Duration::days(30 * i as i64);
        let mut p = ProofStatement::new(account.id, date, format!("{} this month", measure.name));
        p.value = Some((*value).to_string());
        p.measure = Some(measure.clone());
        p.acknowledged = true;
        store.save_proof(&p).expect("proof saved");
    }
}

/// One account with three measures: crane availability meeting its
/// target, repair time missing it (lower is better), and a confidential
/// saving without target.
fn app() -> App {
    let mut store = Store::open_in_memory().expect("in-memory store");
    let account = store.save_account(&Account::new("Harbour Cranes")).unwrap();
    let availability = Measure {
        name: "Crane availability".into(),
        better: Better::Higher,
        target: Some(99.0),
        confidential: false,
    };
    series(
        &mut store,
        &account,
        &availability,
        &["97.1 %", "98.4 %", "98.9 %", "99.3 %"],
    );
    let repair = Measure {
        name: "Repair time".into(),
        better: Better::Lower,
        target: Some(4.0),
        confidential: false,
    };
    series(&mut store, &account, &repair, &["6 h", "5.5 h", "4.5 h"]);
    let saving = Measure {
        name: "Energy saved".into(),
        better: Better::Higher,
        target: None,
        confidential: true,
    };
    series(&mut store, &account, &saving, &["120 MWh", "95 MWh"]);
    let mut app = app_on(store);
    press(&mut app, "g Enter 6");
    app
}

#[test]
fn the_scorecard_shows_each_measure_with_its_target_and_trend() {
    let app = app();
    let text = screen(&app, 120, 40);
    assert!(text.contains("Value scorecard"), "{text}");
    assert!(
        text.contains("99.3 % · improving · target 99 % met"),
        "{text}"
    );
    assert!(
        text.contains("4.5 h · improving · target 4 h missed"),
        "{text}"
    );
    assert!(text.contains("95 MWh · worsening"), "{text}");
    insta::assert_snapshot!("scorecard_120x40", text);
}

#[test]
fn the_scorecard_charts_each_series_when_there_is_room() {
    let app = app();
    let wide = screen(&app, 200, 40);
    let row = wide
        .lines()
        .find_map(|l| l.split_once("Crane availability"))
        .unwrap()
        .1;
    assert!(
        row.chars().any(|c| "▁▂▃▄▅▆▇█".contains(c)),
        "no sparkline: {row}"
    );
    insta::assert_snapshot!("scorecard_200x40", wide);
}

#[test]
fn the_scorecard_keeps_its_rows_in_one_column() {
    let app = app();
    for (width, height) in [(80, 24), (60, 50)] {
        let text = screen(&app, width, height);
        assert!(
            text.contains("Value scorecard"),
            "{width}x{height}:\n{text}"
        );
        assert!(
            text.contains("Crane availability"),
            "{width}x{height}:\n{text}"
        );
    }
    insta::assert_snapshot!("scorecard_80x24", screen(&app, 80, 24));
}

#[test]
fn private_mode_hides_the_values_of_confidential_measures_only() {
    let mut app = app();
    app.set_private(true);
    let text = screen(&app, 200, 40);
    assert!(!text.contains("MWh"), "{text}");
    let row = text
        .lines()
        .find_map(|l| l.split_once("Energy saved"))
        .unwrap()
        .1;
    assert!(row.contains("hidden (private)"), "{row}");
    assert!(
        !row.chars().any(|c| "▁▂▃▄▅▆▇█".contains(c)),
        "a hidden series is charted: {row}"
    );
    assert!(
        text.contains("99.3 %"),
        "an open measure is hidden:\n{text}"
    );
}

/// Runs `kam --db DB ARGS…` in the sandbox and returns its standard output,
/// failing on an error.
fn kam(sandbox: &Sandbox, db: &str, args: &[&str]) -> String {
    let out = sandbox
        .command()
        .arg("--db")
        .arg(sandbox.home().join(db))
        .args(args)
        .output()
        .expect("running kam");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "kam {args:?} failed:\n{stderr}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// From the demo portfolio: a value logged from the shell joins its series,
/// the brief shows the scorecard with a text trend (and hides the
/// confidential measure when private), and the series survives an export
/// and an import into another file.
#[test]
fn a_measured_value_goes_from_the_shell_to_the_brief_and_through_an_export() {
    let sandbox = Sandbox::new();
    kam(&sandbox, "a.db", &["demo"]);
    let log = [
        "log",
        "nordmole",
        "Crane availability 99.4 % in November",
        "--measure",
        "crane availability",
        "--value",
        "99.4",
    ];
    kam(&sandbox, "a.db", &log);

    let brief = kam(&sandbox, "a.db", &["brief", "nordmole"]);
    let line = brief
        .lines()
        .find(|l| l.starts_with("- **Crane availability:**"))
        .unwrap_or_else(|| panic!("no scorecard line in\n{brief}"));
    assert!(
        line.contains("99.4 % · improving · target 99 % met"),
        "{line}"
    );
    assert!(
        line.chars().filter(|c| "▁▂▃▄▅▆▇█".contains(*c)).count() == 7,
        "{line}"
    );
    assert!(brief.contains("**99.4 %** (Crane availability)"), "{brief}");

    let open = kam(&sandbox, "a.db", &["brief", "brennholt"]);
    assert!(open.contains("- **On-time delivery:** 96.9 %"), "{open}");
    let private = kam(&sandbox, "a.db", &["brief", "brennholt", "--private"]);
    assert!(
        private.contains("- **On-time delivery:** hidden (private)"),
        "{private}"
    );
    assert!(!private.contains("**96.9 %**"), "{private}");

    kam(&sandbox, "a.db", &["export", "--output", "out.json"]);
    let out = sandbox.home().join("out.json");
    kam(&sandbox, "b.db", &["import", out.to_str().unwrap()]);
    let series = |db: &str| {
        let store = Store::open(sandbox.home().join(db)).unwrap();
        let account = store
            .accounts()
            .unwrap()
            .into_iter()
            .find(|a| a.name.starts_with("Nordmole"))
            .unwrap();
        store.measured_series(account.id).unwrap()
    };
    assert_eq!(series("b.db"), series("a.db"));
    assert_eq!(series("b.db")[0].points.len(), 7);
}
