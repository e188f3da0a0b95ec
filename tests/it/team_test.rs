//! The account team and the team's matching test: the round kept turn by
//! turn, resumed and discarded; a file from before the team upgraded with
//! its results; and the test in the app with real key presses, drawn to
//! ratatui's `TestBackend`. The shuffle is seeded, so the order is fixed.

use kam::domain::matching::team::{RoundInProgress, TeamPair, TeamRound, Turn};
use kam::domain::{Account, Id, MatchingResult, TeamMember};
use kam::store::Store;
use kam::tui::app::App;
use rusqlite::Connection;

use crate::support::schema;
use crate::support::tui::{self, press, screen, type_text};

/// The seed every test shuffles with.
const SEED: u64 = 2026;

/// What Ana writes: two problems in the customer's words, with ours.
const ANA: &[(&str, &str)] = &[
    (
        "Cranes stand still when a part is missing",
        "Spare-parts hub",
    ),
    ("Customs take two days for reefers", "Pre-clearance service"),
];

/// What Tom writes.
const TOM: (&str, &str) = ("Shipping lines cannot see box status", "Live status feed");

/// The account with its team: Ana, Tom and Li.
fn account() -> Account {
    let mut account = Account::new("Hafenwerk Logistik");
    account.team = vec![
        TeamMember::new("Ana Ruiz", "service delivery lead"),
        TeamMember::new("Tom Berg", "pre-sales"),
        TeamMember::new("Li Wei", "executive sponsor"),
    ];
    account
}

/// A store holding [`account`].
fn store() -> (Store, Id) {
    let mut store = Store::open_in_memory().unwrap();
    let account = store.save_account(&account()).unwrap();
    (store, account.id)
}

/// The pairs as a member types them.
fn lines(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(p, s)| format!("{p} -> {s}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A round of Ana and Tom with both their writing done.
fn written(account: Id) -> RoundInProgress {
    let mut round = TeamRound::new(vec!["Ana Ruiz".into(), "Tom Berg".into()], SEED).unwrap();
    round.write(ANA.iter().map(|(p, s)| TeamPair::new(*p, *s)).collect());
    round.write(vec![TeamPair::new(TOM.0, TOM.1)]);
    RoundInProgress::start(account, round)
}

/// The true solution of each problem as shown in `round`.
fn answers(round: &TeamRound, account: Id) -> Vec<usize> {
    let test = round.test(account).unwrap();
    (0..test.pair_count())
        .map(|p| test.answer(p).unwrap())
        .collect()
}

#[test]
fn a_round_is_kept_turn_by_turn_and_finished_in_one_step() {
    let (mut store, id) = store();
    assert_eq!(store.team_round(id).unwrap(), None);
    let mut round = written(id);
    let ana_only = RoundInProgress {
        round: TeamRound {
            written: round.round.written[..1].to_vec(),
            ..round.round.clone()
        },
        ..round.clone()
    };
    store.save_team_round(&ana_only).unwrap();
    assert_eq!(store.team_round(id).unwrap(), Some(ana_only.clone()));
    store.save_team_round(&round).unwrap();
    assert_eq!(
        store.team_round(id).unwrap().unwrap().round.turn(),
        Turn::Match(0)
    );

    let other = written(id);
    let err = store.save_team_round(&other).unwrap_err();
    assert!(err.to_string().contains("started meanwhile"), "{err}");

    let a = answers(&round.round, id);
    round
        .round
        .record_match(a.iter().copied().map(Some).collect());
    round
        .round
        .record_match(vec![Some(a[1]), Some(a[0]), Some(a[2])]);
    let result = store.finish_team_round(&round).unwrap();
    assert_eq!((result.correct, result.total), (4, 6));
    assert_eq!(
        store.team_round(id).unwrap(),
        None,
        "the round became the result"
    );
    let kept = store.matching_results(id).unwrap();
    assert_eq!(kept, std::slice::from_ref(&result));
    assert_eq!(
        kept[0].team.as_ref().unwrap().members,
        ["Ana Ruiz", "Tom Berg"]
    );
    assert_eq!(kept[0].id, round.id);
}

#[test]
fn an_unfinished_round_is_not_kept_as_a_result() {
    let (mut store, id) = store();
    let round = written(id);
    store.save_team_round(&round).unwrap();
    assert!(store.finish_team_round(&round).is_err());
    assert!(store.matching_results(id).unwrap().is_empty());
    assert!(
        store.team_round(id).unwrap().is_some(),
        "still there to resume"
    );
}

#[test]
fn a_discarded_round_comes_back_with_undo() {
    let (mut store, id) = store();
    let round = written(id);
    store.save_team_round(&round).unwrap();
    let label = store.discard_team_round(id).unwrap();
    assert!(label.contains("Ana Ruiz's turn to match"), "{label}");
    assert_eq!(store.team_round(id).unwrap(), None);
    store.undo().unwrap();
    assert_eq!(store.team_round(id).unwrap(), Some(round));
}

#[test]
fn a_file_from_before_the_team_keeps_its_results_and_gains_an_empty_team() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.db");
    let mut store = Store::open(&path).unwrap();
    let account = store
        .save_account(&Account::new("Hafenwerk Logistik"))
        .unwrap();
    let quick = MatchingResult::new(account.id, 3, 1);
    store.save_matching_result(&quick).unwrap();
    drop(store);
    let conn = Connection::open(&path).unwrap();
    schema::before_team(&conn);
    drop(conn);

    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.matching_results(account.id).unwrap(), [quick]);
    let mut upgraded = store.account(account.id).unwrap();
    assert!(upgraded.team.is_empty());
    upgraded.team = account_team();
    store.save_account(&upgraded).unwrap();
    let found = store.search("sponsor", 10).unwrap();
    assert!(
        found.iter().any(|hit| hit.record_id == account.id),
        "an account is found by its team's roles"
    );
}

/// The team of [`account`].
fn account_team() -> Vec<TeamMember> {
    account().team
}

/// An app on a store holding [`account`], the shuffle seeded.
fn app() -> (App, Id) {
    let (store, id) = store();
    let mut app = tui::app_on(store);
    app.fix_matching_seed(SEED);
    (app, id)
}

/// The keys that pair every problem in order with the solution at the
/// position `choose` gives it, then land on Score.
fn pairing_keys(count: usize, choose: impl Fn(usize) -> usize) -> String {
    (0..count)
        .map(|problem| format!("Enter g {} Enter", "j ".repeat(choose(problem))))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn two_members_write_and_match_in_turns_and_the_score_is_kept() {
    let (mut app, id) = app();
    press(&mut app, "Enter T");
    let text = screen(&app, 100, 24);
    assert!(text.contains("Who takes part?"), "{text}");
    assert!(text.contains("[x] Li Wei, executive sponsor"), "{text}");
    // Li does not take part.
    press(&mut app, "j j Space Enter");
    let text = screen(&app, 100, 24);
    assert!(
        text.contains("Ana Ruiz's turn: the others look away."),
        "{text}"
    );

    press(&mut app, "Enter");
    type_text(&mut app, &lines(ANA));
    let text = screen(&app, 100, 24);
    insta::assert_snapshot!("team_test_writing_100x24", text);
    press(&mut app, "C-s");
    let kept = app
        .store()
        .team_round(id)
        .unwrap()
        .expect("kept after Ana's turn");
    assert_eq!(kept.round.written.len(), 1);

    let text = screen(&app, 100, 24);
    assert!(
        text.contains("Tom Berg's turn: the others look away."),
        "{text}"
    );
    assert!(!text.contains("Cranes"), "nobody's answers show:\n{text}");
    press(&mut app, "Enter");
    let text = screen(&app, 100, 24);
    assert!(
        !text.contains("Cranes"),
        "Tom starts on an empty page:\n{text}"
    );
    // A line without a separator is named, and what was typed stays.
    type_text(&mut app, TOM.0);
    press(&mut app, "C-s");
    let text = screen(&app, 100, 24);
    assert!(text.contains("line 1: put -> between"), "{text}");
    type_text(&mut app, &format!(" -> {}", TOM.1));
    press(&mut app, "C-s");

    let round = app.store().team_round(id).unwrap().unwrap().round;
    assert_eq!(round.turn(), Turn::Match(0));
    let a = answers(&round, id);
    let text = screen(&app, 100, 24);
    assert!(text.contains("Ana Ruiz's turn to match"), "{text}");
    press(&mut app, "Enter");
    let text = screen(&app, 100, 24);
    insta::assert_snapshot!("team_test_matching_100x24", text);
    press(&mut app, &pairing_keys(3, |p| a[p]));
    press(&mut app, "Enter");
    assert_eq!(
        app.store()
            .team_round(id)
            .unwrap()
            .unwrap()
            .round
            .matched
            .len(),
        1
    );

    // Tom swaps the first two.
    press(&mut app, "Enter");
    press(&mut app, &pairing_keys(3, |p| a[[1, 0, 2][p]]));
    press(&mut app, "Enter");
    let text = screen(&app, 100, 50);
    insta::assert_snapshot!("team_test_result_100x50", text);
    assert!(text.contains("Team: 4 of 6 matches right (67 %)"), "{text}");

    assert_eq!(app.store().team_round(id).unwrap(), None);
    let results = app.store().matching_results(id).unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!((results[0].correct, results[0].total), (4, 6));
    assert!(results[0].is_team());
}

#[test]
fn a_round_left_between_turns_is_resumed_or_discarded() {
    let (mut app, id) = app();
    press(&mut app, "Enter T Enter Enter");
    type_text(&mut app, &lines(ANA));
    press(&mut app, "C-s Esc");
    assert!(app.store().team_round(id).unwrap().is_some());

    press(&mut app, "T");
    let text = screen(&app, 100, 24);
    assert!(text.contains("A team round is in progress."), "{text}");
    assert!(text.contains("Tom Berg's turn to write (2 of 3)"), "{text}");
    press(&mut app, "Enter");
    let text = screen(&app, 100, 24);
    assert!(
        text.contains("Tom Berg's turn: the others look away."),
        "{text}"
    );

    press(&mut app, "Esc T d");
    assert_eq!(app.store().team_round(id).unwrap(), None);
    press(&mut app, "u");
    let back = app
        .store()
        .team_round(id)
        .unwrap()
        .expect("undo brings it back");
    assert_eq!(back.round.written.len(), 1);
}

#[test]
fn a_team_too_small_is_told_how_to_record_it() {
    let mut store = Store::open_in_memory().unwrap();
    store.save_account(&Account::new("Solo GmbH")).unwrap();
    let mut app = tui::app_on(store);
    press(&mut app, "Enter T");
    let text = screen(&app, 120, 24);
    assert!(
        text.contains("at least two members of the account team"),
        "{text}"
    );
}

#[test]
fn the_team_and_the_last_team_test_show_in_the_exports_and_the_brief() {
    let today = tui::today();
    let mut store = Store::open_in_memory().unwrap();
    kam::demo::load(&mut store, today).unwrap();
    let records = store.all_records().unwrap();
    let markdown = kam::export::markdown::document(&records, false);
    assert!(markdown.contains("## Account team\n\n- Laura Brenner, key account manager"));
    assert!(
        markdown.contains("team · 11 of 21 matches right (52 %) (Laura Brenner 5 of 7,"),
        "{markdown}"
    );

    let nordmole = records
        .accounts
        .iter()
        .find(|a| a.name.starts_with("Nordmole"))
        .unwrap();
    let since = chrono::Utc::now();
    let brief = store.brief(nordmole.id, since, today, false).unwrap();
    let text = kam::export::brief_md::render(&brief);
    assert!(text.contains("## Our team\n\n- Laura Brenner"), "{text}");
    assert!(
        text.contains("**Last team matching test:** 2026-11-19 · 11 of 21 matches right (52 %)"),
        "{text}"
    );
    assert!(
        text.contains("nobody matched 2 problems · the team disagreed on 4"),
        "{text}"
    );

    let json = serde_json::to_value(&records.matching).unwrap();
    let team = json
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m.get("team").is_some())
        .expect("the team round is exported");
    assert_eq!(team["team"]["members"][1], "Markus Ebner");
    let quick = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m.get("team").is_none());
    assert_eq!(quick.count(), 4, "a quick result carries no team field");
}
