//! Measured value on screen: the value scorecard of the signals page at
//! several sizes, with its sparklines, and private mode hiding the values
//! of confidential measures.

use chrono::{Duration, NaiveDate};
use kam::domain::measure::{Better, Measure};
use kam::domain::{Account, ProofStatement};
use kam::store::Store;
use kam::tui::app::App;

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
