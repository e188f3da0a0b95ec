use chrono::{Duration, NaiveDate};

use super::*;
use crate::domain::Account;
use crate::domain::measure::{Better, Measure};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("kam.db")).unwrap();
    store
        .conn
        .pragma_update(None, "synchronous", "OFF")
        .unwrap();
    (dir, store)
}

fn availability() -> Measure {
    Measure {
        name: "Crane availability".into(),
        better: Better::Higher,
        target: Some(99.0),
        confidential: true,
    }
}

/// An account whose log holds `measured` monthly values of crane
/// availability and `plain` statements without a measure.
fn account_with(store: &mut Store, measured: usize, plain: usize) -> Id {
    let account = Account::new("Harbour Cranes");
    store.save_account(&account).unwrap();
    let start = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let mut all = Vec::new();
    for i in 0..measured {
        let mut p = ProofStatement::new(
            account.id,
            start + Duration::days(i as i64),
            "Monthly result",
        );
        p.value = Some(format!("{} %", 95.0 + (i % 50) as f64 / 10.0));
        p.measure = Some(availability());
        all.push(p);
    }
    for i in 0..plain {
        all.push(ProofStatement::new(
            account.id,
            start + Duration::days(i as i64),
            "Delivered",
        ));
    }
    let mut jobs = ProofStatement::new(account.id, start, "Jobs");
    jobs.value = Some("52 jobs".into());
    jobs.measure = Some(Measure {
        name: "jobs done".into(),
        better: Better::Higher,
        target: None,
        confidential: false,
    });
    all.push(jobs);
    proofs::upsert_many(&store.conn, &all).unwrap();
    account.id
}

#[test]
fn a_measure_is_stored_and_read_back_whole() {
    let (_dir, mut store) = store();
    let account = account_with(&mut store, 1, 0);
    let definition = store
        .measure_definition(account, "CRANE availability")
        .unwrap()
        .unwrap();
    assert_eq!(definition.measure, Some(availability()));
    assert_eq!(definition.value.as_deref(), Some("95 %"));
    assert_eq!(store.measure_definition(account, "Uptime").unwrap(), None);
}

#[test]
fn an_account_lists_its_measures_alphabetically() {
    let (_dir, mut store) = store();
    let account = account_with(&mut store, 3, 2);
    assert_eq!(
        store.measure_names(account).unwrap(),
        ["Crane availability", "jobs done"]
    );
    let other = account_with(&mut store, 0, 0);
    assert_eq!(store.measure_names(other).unwrap(), ["jobs done"]);
}

#[test]
fn the_scorecard_reads_the_newest_values_of_each_measure() {
    let (_dir, mut store) = store();
    let account = account_with(&mut store, 40, 5);
    let series = store.measured_series(account).unwrap();
    assert_eq!(series.len(), 2);
    assert_eq!(series[0].points.len(), POINTS_SHOWN);
    assert_eq!(series[0].latest_text(), "98.9 %");
    assert!(series[0].points.windows(2).all(|w| w[0].date < w[1].date));
    assert_eq!(series[1].latest_text(), "52 jobs");
}

#[test]
fn the_scorecard_costs_the_same_however_long_the_log() {
    let work = |measured, plain| {
        let (_dir, mut store) = store();
        let account = account_with(&mut store, measured, plain);
        let (series, steps) = store
            .work_of(|s| s.measured_series(account).unwrap())
            .unwrap();
        assert_eq!(series[0].points.len(), POINTS_SHOWN);
        steps
    };
    let small = work(100, 100);
    let large = work(5_000, 5_000);
    assert!(
        large <= small + small / 10,
        "{small} steps for 200 statements, {large} for 10,000"
    );
}

#[test]
fn a_statement_is_found_by_its_measures_name_and_renamed_with_it() {
    let (_dir, mut store) = store();
    let account = account_with(&mut store, 1, 1);
    let measured = store
        .measure_definition(account, "crane availability")
        .unwrap()
        .unwrap();
    let hits = store.search("availab", 10).unwrap();
    assert_eq!(
        hits.iter().map(|h| h.record_id).collect::<Vec<_>>(),
        [measured.id]
    );
    let mut renamed = measured.clone();
    renamed.measure.as_mut().unwrap().name = "Quay crane uptime".into();
    store.save_proof(&renamed).unwrap();
    assert!(store.search("availab", 10).unwrap().is_empty());
    assert_eq!(store.search("uptime", 10).unwrap().len(), 1);
}

#[test]
fn a_measure_without_a_clear_value_is_refused_at_the_value() {
    let (_dir, mut store) = store();
    let account = account_with(&mut store, 1, 0);
    let mut proof = ProofStatement::new(
        account,
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        "Jobs",
    );
    proof.measure = Some(availability());
    proof.value = Some("about 5,000".into());
    let err = store.save_proof(&proof).unwrap_err().to_string();
    assert!(err.contains("a number and a unit"), "{err}");
    assert_eq!(store.measured_series(account).unwrap()[0].points.len(), 1);
}
