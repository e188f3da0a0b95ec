//! The matching test in the app: real key presses open it on an account,
//! pair the customer's problems with our solutions, score it; the screens
//! are drawn to ratatui's `TestBackend` and the score is read back from the
//! database. The shuffle is seeded, so the order on screen is fixed.

use std::panic::{AssertUnwindSafe, catch_unwind};

use chrono::{TimeZone, Utc};
use kam::domain::matching::{MatchingTest, pairs, solution_label};
use kam::domain::{Account, ActionPlan, BusinessIssue, Id, Importance, MatchingResult, PlanStatus};
use kam::store::Store;
use kam::tui::app::App;

use crate::support::tui::{self, press, render, rows, screen};

/// The seed every test shuffles with.
const SEED: u64 = 2026;

/// The customer's problems, each with our answer to it.
const PAIRS: &[(&str, &str)] = &[
    (
        "Our cranes stand still for hours when a spare part is missing, and ships leave late.",
        "Spare-parts hub at the terminal with a four-hour delivery promise",
    ),
    (
        "Customs paperwork for reefer containers takes two days.",
        "Pre-clearance service run with the customs broker",
    ),
    (
        "We cannot tell shipping lines when their boxes will be ready.",
        "Live container status feed for the shipping lines",
    ),
];

/// An in-memory store with one account holding `pairs` (each issue with
/// one plan), plus an issue whose only plan was dropped and an issue with
/// no plan at all, which the test leaves out.
fn store_with(pairs: &[(&str, &str)]) -> (Store, Id) {
    let mut store = Store::open_in_memory().expect("in-memory store");
    let account = store
        .save_account(&Account::new("Hafenwerk Logistik"))
        .expect("account saved");
    for (problem, solution) in pairs {
        let mut issue = BusinessIssue::new(account.id, *problem);
        issue.importance = Importance::High;
        let issue = store.save_issue(&issue).expect("issue saved");
        store
            .save_plan(&ActionPlan::new(issue.id, *solution))
            .expect("plan saved");
    }
    let dropped = store
        .save_issue(&BusinessIssue::new(account.id, "Only a dropped plan"))
        .expect("issue saved");
    let mut plan = ActionPlan::new(dropped.id, "An idea the customer turned down");
    plan.status = PlanStatus::Dropped;
    store.save_plan(&plan).expect("plan saved");
    store
        .save_issue(&BusinessIssue::new(account.id, "No plan yet"))
        .expect("issue saved");
    (store, account.id)
}

/// An app on `store`, monochrome, default keys, the shuffle seeded.
fn app_on(store: Store) -> App {
    let mut app = tui::app_on(store);
    app.fix_matching_seed(SEED);
    app
}

/// The test the app shows for the account: the same pairs, the same seed.
fn shown_test(store: &Store, account_id: Id) -> MatchingTest {
    let issues = store.issues(account_id).expect("issues");
    let plans = store.account_plans(account_id).expect("plans");
    MatchingTest::new(account_id, pairs(&issues, &plans), SEED).expect("enough pairs")
}

/// The keys that pair every problem, in order, with the solution at the
/// position `choose` gives it, then land on Score.
fn pairing_keys(count: usize, choose: impl Fn(usize) -> usize) -> String {
    (0..count)
        .map(|problem| format!("Enter g {} Enter", "j ".repeat(choose(problem))))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `M` on the open account shows the problems and solutions, numbered and
/// lettered, with the pairs made so far.
#[test]
fn pairing_screen() {
    let (store, _) = store_with(PAIRS);
    let mut app = app_on(store);
    press(&mut app, "Enter M");
    let text = screen(&app, 100, 30);
    assert!(
        text.contains("Matching test · Hafenwerk Logistik"),
        "{text}"
    );
    assert!(text.contains("Paired 0 of 3"), "{text}");
    assert!(!text.contains("turned down"), "a dropped plan is left out");
    assert!(!text.contains("No plan yet"), "an issue without a plan too");

    // Problem 1 gets the solution shown second.
    press(&mut app, "Enter j Enter");
    let text = screen(&app, 100, 30);
    assert!(text.contains("Paired 1 of 3:  1 ↔ B"), "{text}");
    assert!(text.contains("B ↔ 1"), "{text}");
    insta::assert_snapshot!("matching_pairing_100x30", text);
}

/// Scoring shows the score, the verdict, the true pairs with what each
/// mistake was paired with instead, and the earlier results with dates;
/// the result is saved.
#[test]
fn result_screen_and_saved_score() {
    let (mut store, id) = store_with(PAIRS);
    for (day, correct) in [(2, 3), (20, 1)] {
        let mut earlier = MatchingResult::new(id, 3, correct);
        earlier.taken_at = Utc
            .with_ymd_and_hms(2026, 10, day, 12, 0, 0)
            .single()
            .expect("a valid moment");
        store.save_matching_result(&earlier).expect("saved");
    }
    let test = shown_test(&store, id);
    let answer = |p: usize| test.answer(p).expect("an answer");
    let mut app = app_on(store);
    press(&mut app, "Enter M");
    // Problem 1 right; problems 2 and 3 swapped.
    let keys = pairing_keys(3, |p| match p {
        0 => answer(0),
        1 => answer(2),
        _ => answer(1),
    });
    press(&mut app, &keys);
    assert!(screen(&app, 100, 30).contains("▶ Score the test"));
    press(&mut app, "Enter");

    let text = screen(&app, 100, 30);
    assert!(text.contains("1 of 3 pairs right (33 %)"), "{text}");
    assert!(
        text.contains("We are not yet a solutions provider here"),
        "{text}"
    );
    let instead = format!("You paired it with {}:", solution_label(answer(2)));
    assert!(text.contains(&instead), "{text}");
    assert!(
        text.contains("2026-10-20  quick 1 of 3 pairs right (33 %)"),
        "{text}"
    );
    assert!(
        text.contains("2026-10-02  quick 3 of 3 pairs right (100 %)"),
        "{text}"
    );
    assert!(
        text.contains("Saved the matching test: 1 of 3 pairs right (33 %)."),
        "{text}"
    );
    insta::assert_snapshot!("matching_result_100x30", text);

    let results = app.store().matching_results(id).expect("results");
    assert_eq!(results.len(), 3, "two earlier results and this one");
    let latest = results.last().expect("a result");
    assert_eq!((latest.total, latest.correct), (3, 1));
    assert_eq!(latest.account_id, id);

    press(&mut app, "Esc");
    assert!(!screen(&app, 100, 30).contains("Matching test"), "closed");
}

/// Every pair found: the test is passed, and Esc before scoring saves
/// nothing.
#[test]
fn all_pairs_right_pass_and_an_abandoned_test_saves_nothing() {
    let (store, id) = store_with(PAIRS);
    let test = shown_test(&store, id);
    let mut app = app_on(store);
    press(&mut app, "Enter M");
    press(
        &mut app,
        &pairing_keys(3, |p| test.answer(p).expect("answer")),
    );
    press(&mut app, "Esc");
    assert!(
        app.store()
            .matching_results(id)
            .expect("results")
            .is_empty()
    );

    press(&mut app, "M");
    press(
        &mut app,
        &pairing_keys(3, |p| test.answer(p).expect("answer")),
    );
    press(&mut app, "Space");
    let text = screen(&app, 100, 30);
    assert!(text.contains("3 of 3 pairs right (100 %)"), "{text}");
    assert!(
        text.contains("We act as a solutions provider here"),
        "{text}"
    );
    assert!(text.contains("no mistakes"), "{text}");
    let results = app.store().matching_results(id).expect("results");
    assert_eq!(results.len(), 1);
    assert!(results[0].passed());
}

/// Scoring before every problem is paired is refused with the reason.
#[test]
fn an_unfinished_test_is_not_scored() {
    let (store, id) = store_with(PAIRS);
    let mut app = app_on(store);
    press(&mut app, "Enter M Enter Enter G Enter");
    let text = screen(&app, 100, 30);
    assert!(text.contains("2 problems left"), "{text}");
    assert!(text.contains("Paired 1 of 3"), "still pairing:\n{text}");
    assert!(
        app.store()
            .matching_results(id)
            .expect("results")
            .is_empty()
    );
}

/// With fewer than two pairs there is nothing to shuffle: the test says so
/// and does not open.
#[test]
fn fewer_than_two_pairs_are_explained() {
    let (store, _) = store_with(&PAIRS[..1]);
    let mut app = app_on(store);
    press(&mut app, "Enter M");
    let text = screen(&app, 200, 30);
    assert!(!text.contains("Matching test ·"), "{text}");
    assert!(text.contains("needs at least 2 business issues"), "{text}");
    assert!(text.contains("this account has 1"), "{text}");
}

/// Long, wide and hostile text draws at every small size without panic,
/// and no control character reaches a cell.
#[test]
fn hostile_text_at_small_sizes() {
    let hostile = "Evil\x1b[2J\u{202e} 東京都庁の工場 ".repeat(12);
    let (store, id) = store_with(&[
        (&hostile, &hostile),
        (&hostile, "short"),
        ("short", &hostile),
    ]);
    let test = shown_test(&store, id);
    let mut app = app_on(store);
    press(&mut app, "Enter M Enter");
    let pairing = catch_unwind(AssertUnwindSafe(|| {
        [(40, 10), (41, 11), (60, 15), (120, 40)].map(|(w, h)| render(&app, w, h))
    }))
    .expect("the pairing screen draws");
    press(&mut app, "Esc");
    press(
        &mut app,
        &pairing_keys(3, |p| test.answer(p).expect("answer")),
    );
    press(&mut app, "Enter");
    let result = catch_unwind(AssertUnwindSafe(|| {
        [(40, 10), (41, 11), (60, 15), (120, 40)].map(|(w, h)| render(&app, w, h))
    }))
    .expect("the result screen draws");
    for buffer in pairing.iter().chain(&result) {
        let text = rows(buffer).join("\n");
        assert!(
            !text
                .chars()
                .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
            "{text}"
        );
    }
    // The problems show, defused, in every column wide enough for a word.
    for buffer in pairing.iter().chain(&result[3..]) {
        let text = rows(buffer).join("\n");
        assert!(text.contains("Evil␛"), "{text}");
    }
    let wide = rows(&result[3]).join("\n");
    assert!(wide.contains("3 of 3 pairs right"), "{wide}");
}
