use chrono::{Duration, NaiveDate};

use super::*;
use crate::domain::Id;

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(n)
}

fn measure(better: Better, target: Option<f64>) -> Measure {
    Measure {
        name: "Crane availability".into(),
        better,
        target,
        confidential: false,
    }
}

fn proofs(account: Id, m: &Measure, values: &[&str]) -> Vec<ProofStatement> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let mut p = ProofStatement::new(account, day(i as i64 * 30), "Monthly result");
            p.value = Some((*v).to_string());
            p.measure = Some(m.clone());
            p
        })
        .collect()
}

#[test]
fn clear_values_are_read_as_number_and_unit() {
    let q = |t: &str| Quantity::parse(t).map(|q| (q.number, q.unit));
    assert_eq!(q("99.2 %"), Some((99.2, "%".into())));
    assert_eq!(q("4h"), Some((4.0, "h".into())));
    assert_eq!(q(" 52 jobs "), Some((52.0, "jobs".into())));
    assert_eq!(q("-25 %"), Some((-25.0, "%".into())));
    assert_eq!(q("12"), Some((12.0, String::new())));
}

#[test]
fn values_that_are_not_clearly_a_quantity_are_not_guessed() {
    for text in [
        "5,000",
        "99,2 %",
        "99 % of repairs",
        "about 4 h",
        "",
        "1.2.3 h",
        ".5",
        "h 4",
    ] {
        assert_eq!(Quantity::parse(text), None, "{text}");
    }
}

#[test]
fn a_quantity_reads_back_as_typed() {
    assert_eq!(Quantity::parse("99.20 %").unwrap().text(), "99.2 %");
    assert_eq!(Quantity::parse("52").unwrap().text(), "52");
}

#[test]
fn statements_of_one_measure_form_a_series_oldest_first() {
    let account = Id::new();
    let m = measure(Better::Higher, Some(99.0));
    let mut all = proofs(account, &m, &["97 %", "98.5 %", "99.2 %"]);
    all.reverse();
    let mut other = ProofStatement::new(account, day(3), "Jobs done");
    other.value = Some("52 jobs".into());
    other.measure = Some(Measure {
        name: "Jobs".into(),
        ..m.clone()
    });
    all.push(other);
    all.push(ProofStatement::new(account, day(5), "No measure"));
    let series = series(&all);
    assert_eq!(series.len(), 2);
    assert_eq!(series[0].measure.name, "Crane availability");
    let numbers: Vec<f64> = series[0].points.iter().map(|p| p.number).collect();
    assert_eq!(numbers, [97.0, 98.5, 99.2]);
    assert_eq!(series[0].latest_text(), "99.2 %");
    assert_eq!(series[1].points.len(), 1);
}

#[test]
fn the_newest_statement_defines_the_measure() {
    let account = Id::new();
    let mut all = proofs(
        account,
        &measure(Better::Higher, Some(95.0)),
        &["97 %", "98 %"],
    );
    let newest = all.last_mut().unwrap();
    newest.measure.as_mut().unwrap().target = Some(99.0);
    newest.measure.as_mut().unwrap().name = "crane AVAILABILITY".into();
    let series = series(&all);
    assert_eq!(series.len(), 1, "names are compared ignoring case");
    assert_eq!(series[0].measure.target, Some(99.0));
    assert_eq!(series[0].target_met(), Some(false));
}

#[test]
fn the_target_is_met_in_the_better_direction() {
    let account = Id::new();
    let higher = series(&proofs(
        account,
        &measure(Better::Higher, Some(99.0)),
        &["99 %"],
    ));
    assert_eq!(higher[0].target_met(), Some(true));
    let higher = series(&proofs(
        account,
        &measure(Better::Higher, Some(99.0)),
        &["98.9 %"],
    ));
    assert_eq!(higher[0].target_met(), Some(false));
    let lower = series(&proofs(
        account,
        &measure(Better::Lower, Some(4.0)),
        &["3.5 h"],
    ));
    assert_eq!(lower[0].target_met(), Some(true));
    let lower = series(&proofs(
        account,
        &measure(Better::Lower, Some(4.0)),
        &["4.5 h"],
    ));
    assert_eq!(lower[0].target_met(), Some(false));
    let none = series(&proofs(account, &measure(Better::Lower, None), &["4.5 h"]));
    assert_eq!(none[0].target_met(), None);
}

#[test]
fn the_trend_follows_the_direction_of_better() {
    let account = Id::new();
    let trend = |better, values: &[&str]| {
        series(&proofs(account, &measure(better, None), values))[0].trend()
    };
    assert_eq!(trend(Better::Higher, &["97 %", "98 %"]), Trend::Improving);
    assert_eq!(trend(Better::Higher, &["98 %", "97 %"]), Trend::Worsening);
    assert_eq!(trend(Better::Lower, &["5 h", "4 h"]), Trend::Improving);
    assert_eq!(trend(Better::Lower, &["4 h", "5 h"]), Trend::Worsening);
    assert_eq!(trend(Better::Lower, &["4 h", "4 h"]), Trend::Steady);
    assert_eq!(trend(Better::Lower, &["4 h"]), Trend::Single);
}

#[test]
fn the_text_trend_shows_the_newest_values_lowest_to_highest() {
    let account = Id::new();
    let s = &series(&proofs(
        account,
        &measure(Better::Higher, None),
        &["1", "10", "2", "4", "8"],
    ))[0];
    assert_eq!(s.text_trend(4), "█▁▃▆");
    assert_eq!(s.text_trend(10).chars().count(), 5);
    let flat = &series(&proofs(
        account,
        &measure(Better::Higher, None),
        &["3", "3"],
    ))[0];
    assert_eq!(flat.text_trend(4), "▄▄");
}

#[test]
fn the_summary_tells_value_trend_and_target() {
    let account = Id::new();
    let s = &series(&proofs(
        account,
        &measure(Better::Lower, Some(4.0)),
        &["5 h", "4.5 h"],
    ))[0];
    assert_eq!(s.summary(), "4.5 h · improving · target 4 h missed");
    let s = &series(&proofs(
        account,
        &measure(Better::Higher, None),
        &["52 jobs"],
    ))[0];
    assert_eq!(s.summary(), "52 jobs · first value");
    let confidential = Measure {
        confidential: true,
        ..measure(Better::Lower, Some(4.0))
    };
    assert_eq!(
        confidential.to_string(),
        "Crane availability · lower is better · target 4 · confidential"
    );
}
