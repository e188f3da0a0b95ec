//! The matching test end to end: the real `kam` binary in a pseudo-terminal
//! on a database with one account of three business issues with plans.
//! The shuffled order is known only from the screen, so the test reads it
//! there, pairs the problems, scores the test, and then checks the score
//! kept in the database.

use kam::domain::{ActionPlan, BusinessIssue};

use crate::support::pty::{ENTER, Pty, digit_after};
use crate::support::sandbox::{Sandbox, account_named};

/// The account tested.
const ACCOUNT: &str = "Hafenwerk Logistik";

/// How many issues, each answered by one plan.
const PAIRS: usize = 3;

/// The problem of issue `n`, in the customer's words.
fn problem(n: usize) -> String {
    format!("Problem P{n} as the customer says it")
}

/// Our solution to issue `n`.
fn solution(n: usize) -> String {
    format!("Answer to P{n} in our words")
}

/// Fills the sandbox's database with the account and its pairs.
fn seed(sandbox: &Sandbox) {
    let account = sandbox.add_account(ACCOUNT, &[]);
    let mut store = sandbox.store();
    for n in 1..=PAIRS {
        let issue = store
            .save_issue(&BusinessIssue::new(account.id, problem(n)))
            .expect("issue saved");
        store
            .save_plan(&ActionPlan::new(issue.id, solution(n)))
            .expect("plan saved");
    }
}

#[test]
fn pairs_read_from_the_screen_are_scored_and_saved() {
    let sandbox = Sandbox::new();
    seed(&sandbox);
    let db = sandbox.db();
    let mut kam = Pty::spawn(&["--db".as_ref(), db.as_os_str()], &sandbox.home(), 120, 40);
    kam.wait_for(ACCOUNT);
    kam.send(ENTER);
    kam.wait_for("Business issues");
    kam.send("M");
    kam.wait_for("Matching test · Hafenwerk Logistik");
    kam.wait_for("Paired 0 of 3");

    // Which issue each numbered problem and each lettered solution is.
    let screen = kam.screen();
    let problems: Vec<usize> = (1..=PAIRS)
        .map(|n| digit_after(&screen, &n.to_string(), "Problem P"))
        .collect();
    let letters = ["A", "B", "C"];
    let solutions: Vec<usize> = letters
        .iter()
        .map(|l| digit_after(&screen, l, "Answer to P"))
        .collect();
    let answer = |issue: usize| {
        solutions
            .iter()
            .position(|&s| s == issue)
            .unwrap_or_else(|| panic!("no solution for issue {issue}:\n{screen}"))
    };
    // The first problem right, the other two swapped.
    let chosen = [
        answer(problems[0]),
        answer(problems[2]),
        answer(problems[1]),
    ];
    for (n, solution) in chosen.iter().enumerate() {
        kam.send(&format!("{ENTER}g{}{ENTER}", "j".repeat(*solution)));
        kam.wait_for(&format!("{} ↔ {}", n + 1, letters[*solution]));
    }
    kam.wait_for("▶ Score the test");
    kam.send(ENTER);
    kam.wait_for("1 of 3 pairs right (33 %)");
    kam.wait_for("We are not yet a solutions provider here");
    kam.wait_for(&format!(
        "You paired it with {}",
        letters[answer(problems[2])]
    ));
    kam.wait_for("None: this was the account's first matching test.");

    // q quits from the test as from everywhere else.
    kam.send("q");
    assert!(kam.wait_exit().success());
    kam.assert_restored();

    let store = sandbox.store();
    let account = account_named(&store, ACCOUNT);
    let results = store.matching_results(account.id).expect("results");
    assert_eq!(results.len(), 1, "{results:#?}");
    assert_eq!((results[0].total, results[0].correct), (3, 1));
    assert!(!results[0].passed());
}
