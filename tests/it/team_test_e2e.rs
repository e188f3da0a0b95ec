//! The team's matching test end to end: the real `kam` binary in a
//! pseudo-terminal. Two members of the account team each write a pair on
//! their own turn, then each matches the pooled pairs; the shuffled order
//! is known only from the screen, so the test reads it there. The score
//! lands in the database.

use kam::domain::TeamMember;

use crate::support::pty::{CTRL_S, ENTER, Pty, digit_after};
use crate::support::sandbox::{Sandbox, account_named};

/// The account tested.
const ACCOUNT: &str = "Hafenwerk Logistik";

#[test]
fn two_members_write_and_match_and_the_team_score_is_kept() {
    let sandbox = Sandbox::new();
    let mut account = sandbox.add_account(ACCOUNT, &[]);
    account.team = vec![
        TeamMember::new("Ana Ruiz", "service delivery lead"),
        TeamMember::new("Tom Berg", "pre-sales"),
    ];
    sandbox.store().save_account(&account).expect("team saved");
    let db = sandbox.db();
    let mut kam = Pty::spawn(&["--db".as_ref(), db.as_os_str()], &sandbox.home(), 120, 40);
    kam.wait_for(ACCOUNT);
    kam.send(ENTER);
    kam.wait_for("Business issues");
    kam.send("T");
    kam.wait_for("Who takes part?");
    kam.send(ENTER);

    for (n, name) in ["Ana Ruiz", "Tom Berg"].iter().enumerate() {
        kam.wait_for(&format!("{name}'s turn: the others look away."));
        kam.send(ENTER);
        kam.wait_for("One pair a line");
        let line = format!("Problem P{} -> Answer to P{}", n + 1, n + 1);
        kam.send(&line);
        kam.wait_for(&line);
        kam.send(CTRL_S);
    }

    kam.wait_for("Ana Ruiz's turn to match");
    kam.send(ENTER);
    kam.wait_for("Ana Ruiz matches (1 of 2)");
    let screen = kam.screen();
    let problems = [1, 2].map(|n| digit_after(&screen, &n.to_string(), "Problem P"));
    let solutions = ["A", "B"].map(|l| digit_after(&screen, l, "Answer to P"));
    let answer = |pair: usize| solutions.iter().position(|&s| s == pair).unwrap();
    let right = [answer(problems[0]), answer(problems[1])];
    // Ana matches both right; Tom swaps them.
    for (name, chosen) in [("Ana Ruiz", right), ("Tom Berg", [right[1], right[0]])] {
        if name == "Tom Berg" {
            kam.wait_for("Tom Berg's turn to match");
            kam.send(ENTER);
            kam.wait_for("Tom Berg matches (2 of 2)");
        }
        for solution in chosen {
            kam.send(&format!("{ENTER}g{}{ENTER}", "j".repeat(solution)));
        }
        kam.wait_for("▶ Score the test");
        kam.send(ENTER);
    }
    kam.wait_for("Team: 2 of 4 matches right (50 %)");
    kam.wait_for("Tom Berg  0 of 2 right (0 %)");

    kam.send("q");
    assert!(kam.wait_exit().success());
    kam.assert_restored();

    let store = sandbox.store();
    let account = account_named(&store, ACCOUNT);
    let results = store.matching_results(account.id).expect("results");
    assert_eq!(results.len(), 1, "{results:#?}");
    assert_eq!((results[0].total, results[0].correct), (4, 2));
    let round = results[0].team.as_ref().expect("the round is kept");
    assert_eq!(round.members, ["Ana Ruiz", "Tom Berg"]);
    assert!(store.team_round(account.id).expect("read").is_none());
}
