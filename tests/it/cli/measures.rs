//! `kam log --measure`: values logged into an account's measured series.

use kam::domain::measure::{Better, Measure};

use super::{failure, run, success};
use crate::support::sandbox::{Sandbox, proofs_of};

const ACCOUNT: &str = "Harbour Cranes Ltd";

fn log(sandbox: &Sandbox, args: &[&str]) -> std::process::Output {
    let mut all = vec!["log", "harbour"];
    all.extend_from_slice(args);
    run(sandbox, &all)
}

#[test]
fn a_new_measure_is_started_and_then_continued_in_its_unit() {
    let sandbox = Sandbox::new();
    sandbox.add_account(ACCOUNT, &[]);
    success(&log(
        &sandbox,
        &[
            "Crane availability in November",
            "--measure",
            "Crane availability",
            "--new-measure",
            "--value",
            "98.7 %",
            "--target",
            "99",
            "--date=-1d",
        ],
    ));
    let out = success(&log(
        &sandbox,
        &[
            "Crane availability in December",
            "--measure",
            "crane AVAILABILITY",
            "--value",
            "99.2",
        ],
    ));
    assert!(out.contains(ACCOUNT), "{out}");
    let proofs = proofs_of(&sandbox.db(), ACCOUNT);
    assert_eq!(
        proofs[0].value.as_deref(),
        Some("99.2 %"),
        "a bare number takes the unit"
    );
    let expected = Measure {
        name: "Crane availability".into(),
        better: Better::Higher,
        target: Some(99.0),
        confidential: false,
    };
    assert_eq!(
        proofs[0].measure,
        Some(expected.clone()),
        "the definition carries on"
    );
    assert_eq!(proofs[1].measure, Some(expected));
    let series = sandbox
        .store()
        .measured_series(proofs[0].account_id)
        .unwrap();
    assert_eq!(series[0].points.len(), 2);
    assert_eq!(series[0].target_met(), Some(true));
}

#[test]
fn an_unknown_measure_is_refused_with_the_accounts_measures() {
    let sandbox = Sandbox::new();
    sandbox.add_account(ACCOUNT, &[]);
    let err = failure(&log(
        &sandbox,
        &["Repairs", "--measure", "Repair time", "--value", "4 h"],
    ));
    assert!(
        err.contains("has no measures yet") && err.contains("--new-measure"),
        "{err}"
    );
    let args = [
        "Repairs",
        "--measure",
        "Repair time",
        "--new-measure",
        "--value",
        "4 h",
        "--better",
        "lower",
    ];
    success(&log(&sandbox, &args));
    let err = failure(&log(
        &sandbox,
        &["Uptime", "--measure", "Uptime", "--value", "99 %"],
    ));
    assert!(
        err.contains("the measures of Harbour Cranes Ltd are: Repair time"),
        "{err}"
    );
    assert_eq!(
        proofs_of(&sandbox.db(), ACCOUNT).len(),
        1,
        "nothing else was written"
    );
}

#[test]
fn a_value_that_is_not_clearly_a_quantity_or_in_another_unit_is_refused() {
    let sandbox = Sandbox::new();
    sandbox.add_account(ACCOUNT, &[]);
    let new = ["Jobs", "--measure", "Jobs", "--new-measure", "--value"];
    let err = failure(&log(&sandbox, &[&new[..], &["5,000 jobs"]].concat()));
    assert!(err.contains("a number and a unit"), "{err}");
    success(&log(&sandbox, &[&new[..], &["52 jobs"]].concat()));
    let err = failure(&log(
        &sandbox,
        &["Jobs", "--measure", "jobs", "--value", "4 h"],
    ));
    assert!(err.contains("Jobs is measured in jobs, not h"), "{err}");
    let err = failure(&log(
        &sandbox,
        &[
            "Jobs",
            "--measure",
            "jobs",
            "--value",
            "9",
            "--better",
            "up",
        ],
    ));
    assert!(err.contains("say higher or lower"), "{err}");
    assert_eq!(proofs_of(&sandbox.db(), ACCOUNT).len(), 1);
}
