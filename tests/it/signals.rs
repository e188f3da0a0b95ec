//! The signals of an account and of the portfolio on screen: the signals
//! page, the review screen (map, overdue contacts, gaps, cost to serve), the
//! "why" popup and health in the portfolio table. A small hand-made
//! portfolio keeps every figure known; "today" is fixed.

use chrono::{NaiveDate, TimeZone, Utc};
use kam::domain::{
    Account, ActionPlan, Answer, Assessment, Attitude, BusinessIssue, Conversation, Id,
    MatchingResult, PlanStatus, ProofStatement, Rating, RelationshipStage, Stakeholder, TimeFrame,
};
use kam::store::Store;
use kam::tui::app::App;

use crate::support::tui::{app_on, press, screen, today};

// ---------------------------------------------------------------- fixture

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a valid date")
}

/// The account names of the fixture.
const NORDWIND: &str = "Nordwind Logistics";
const QUARRY: &str = "Quarry Steel";
const TINY: &str = "Tiny Labs";
const DELTA: &str = "Delta Foods";

fn account(store: &mut Store, name: &str, revenue: i64, prior: Option<i64>) -> Id {
    let mut a = Account::new(name);
    a.industry = "Test".into();
    a.revenue_history = match prior {
        Some(prior) => crate::support::revenue(&[(2024, prior), (2025, revenue)]),
        None => crate::support::revenue(&[(2025, revenue)]),
    };
    a.stage = RelationshipStage::Cooperative;
    store.save_account(&a).expect("account saved").id
}

/// An assessment on `date` answering every signal with `answer` and rating
/// every quality `rating` (1 to 5).
fn assess(store: &mut Store, account_id: Id, date: &str, answer: Answer, rating: u8) {
    let mut a = Assessment::new(account_id, d(date), RelationshipStage::Cooperative);
    a.signals = [answer; 8];
    a.ratings = std::array::from_fn(|_| Rating {
        score: rating,
        reason: "seen in the last review".into(),
    });
    store.save_assessment(&a).expect("assessment saved");
}

fn person(
    store: &mut Store,
    account_id: Id,
    name: &str,
    title: &str,
    attitude: Attitude,
    last_contact: &str,
    cadence: Option<u32>,
) -> Id {
    let mut s = Stakeholder::new(account_id, name);
    s.title = title.into();
    s.attitude = attitude;
    s.last_contact = Some(d(last_contact));
    s.cadence_days = cadence;
    s.owner = "Kim".into();
    store.save_stakeholder(&s).expect("stakeholder saved").id
}

fn talk(
    store: &mut Store,
    account_id: Id,
    date: &str,
    attendees: Vec<Id>,
    frame: TimeFrame,
    hours: (f64, f64),
) {
    let mut c = Conversation::new(account_id, d(date), "Steering committee");
    c.attendees = attendees;
    c.time_frame = frame;
    c.summary = "Where the network goes next year".into();
    c.billable_hours = hours.0;
    c.non_billable_hours = hours.1;
    store.save_conversation(&c).expect("conversation saved");
}

fn issue(store: &mut Store, account_id: Id, statement: &str) -> Id {
    let mut i = BusinessIssue::new(account_id, statement);
    i.said_on = Some(d("2026-06-01"));
    i.confirmed = true;
    store.save_issue(&i).expect("issue saved").id
}

fn plan(store: &mut Store, issue_id: Id, title: &str, status: PlanStatus, due: &str) -> Id {
    let mut p = ActionPlan::new(issue_id, title);
    p.status = status;
    p.due = Some(d(due));
    p.billable_hours = 20.0;
    p.non_billable_hours = 4.0;
    store.save_plan(&p).expect("plan saved").id
}

fn proof(store: &mut Store, account_id: Id, date: &str, text: &str, acknowledged: bool) {
    let mut p = ProofStatement::new(account_id, d(date), text);
    p.acknowledged = acknowledged;
    store.save_proof(&p).expect("proof saved");
}

/// Four accounts: a strategic one, a large but transactional one, a small
/// but strategic one and one never assessed.
fn store() -> Store {
    let mut store = Store::open_in_memory().expect("in-memory store");
    let s = &mut store;

    let nordwind = account(s, NORDWIND, 1_200_000, Some(1_000_000));
    assess(s, nordwind, "2026-10-01", Answer::Yes, 4);
    let champion = person(
        s,
        nordwind,
        "Ana Ruiz",
        "COO",
        Attitude::Champion,
        "2026-11-10",
        Some(30),
    );
    person(
        s,
        nordwind,
        "Ines Vogt",
        "Head of Purchasing",
        Attitude::Supporter,
        "2026-08-01",
        Some(30),
    );
    talk(
        s,
        nordwind,
        "2026-11-10",
        vec![champion],
        TimeFrame::Future,
        (6.0, 2.5),
    );
    talk(
        s,
        nordwind,
        "2026-05-12",
        vec![champion],
        TimeFrame::Present,
        (11.5, 6.0),
    );
    let spares = issue(s, nordwind, "Depots run out of spare parts");
    let done = plan(
        s,
        spares,
        "Stock spares in three hubs",
        PlanStatus::Done,
        "2026-09-30",
    );
    let mut p = ProofStatement::new(
        nordwind,
        d("2026-11-10"),
        "Stock-outs down 40% since the hubs opened",
    );
    p.issue_id = Some(spares);
    p.plan_id = Some(done);
    p.acknowledged = true;
    s.save_proof(&p).expect("proof saved");
    proof(
        s,
        nordwind,
        "2026-08-15",
        "Repairs within 4 hours on 99% of calls",
        false,
    );
    proof(
        s,
        nordwind,
        "2026-03-01",
        "Onboarded 12 depots in a month",
        true,
    );
    issue(s, nordwind, "Drivers wait hours at the gates");
    let slots = issue(s, nordwind, "Gate slots are overbooked");
    plan(
        s,
        slots,
        "Slot booking pilot",
        PlanStatus::InProgress,
        "2026-10-15",
    );
    talk(
        s,
        nordwind,
        "2026-10-05",
        vec![champion],
        TimeFrame::Past,
        (0.0, 1.5),
    );
    let mut m = MatchingResult::new(nordwind, 10, 8);
    m.taken_at = Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap();
    s.save_matching_result(&m).expect("matching result saved");
    let mut m = MatchingResult::new(nordwind, 5, 2);
    m.taken_at = Utc.with_ymd_and_hms(2026, 5, 4, 10, 0, 0).unwrap();
    s.save_matching_result(&m).expect("matching result saved");

    let quarry = account(s, QUARRY, 2_400_000, Some(2_600_000));
    assess(s, quarry, "2026-09-15", Answer::No, 2);
    let buyer = person(
        s,
        quarry,
        "Olaf Berg",
        "Buyer",
        Attitude::Neutral,
        "2026-07-01",
        Some(60),
    );
    talk(
        s,
        quarry,
        "2026-10-20",
        vec![buyer],
        TimeFrame::Past,
        (2.0, 4.0),
    );
    person(
        s,
        quarry,
        "Lena Stahl",
        "CFO",
        Attitude::Sceptic,
        "2026-05-01",
        Some(90),
    );
    let price = issue(s, quarry, "Steel prices eat the margin");
    plan(
        s,
        price,
        "Annual price review",
        PlanStatus::Done,
        "2026-08-31",
    );
    proof(
        s,
        quarry,
        "2026-06-01",
        "Delivered on time all spring",
        true,
    );

    let tiny = account(s, TINY, 150_000, None);
    assess(s, tiny, "2026-11-01", Answer::Partly, 4);
    person(
        s,
        tiny,
        "Mia Chen",
        "CTO",
        Attitude::Champion,
        "2026-11-20",
        Some(14),
    );
    proof(
        s,
        tiny,
        "2026-11-15",
        "Prototype passed their lab tests",
        true,
    );

    let delta = account(s, DELTA, 600_000, Some(600_000));
    proof(
        s,
        delta,
        "2026-10-30",
        "Line changeover in 20 minutes",
        true,
    );
    store
}

// ---------------------------------------------------------------- helpers

/// An app on the fixture, monochrome, with the default keys.
fn app() -> App {
    app_on(store())
}

/// The keys that select `name` in the portfolio from the top.
fn select(name: &str) -> String {
    let position = store()
        .portfolio(today())
        .expect("portfolio")
        .iter()
        .position(|s| s.account.name == name)
        .expect("the account is in the portfolio");
    std::iter::once("g")
        .chain(std::iter::repeat_n("j", position))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The app with `name` open on its signals page.
fn signals_of(name: &str) -> App {
    let mut app = app();
    press(&mut app, &format!("{} Enter 6", select(name)));
    app
}

/// The app on the review screen, on the tab reached with `tabs` Tab presses.
fn review(tabs: usize) -> App {
    let mut app = app();
    press(&mut app, "m");
    for _ in 0..tabs {
        press(&mut app, "Tab");
    }
    app
}

/// Asserts that each of `figures` is on screen, and gone once private mode
/// is on.
fn assert_private_hides(app: &mut App, figures: &[&str], what: &str) {
    app.set_private(false);
    let public = screen(app, 120, 40);
    app.set_private(true);
    let private = screen(app, 120, 40);
    for figure in figures {
        assert!(
            public.contains(figure),
            "{what} lacks {figure:?}:\n{public}"
        );
        assert!(
            !private.contains(figure),
            "{what} shows {figure:?} in private mode:\n{private}"
        );
    }
}

// ---------------------------------------------------------------- signals page

#[test]
fn signals_page_120x40() {
    let app = signals_of(NORDWIND);
    let text = screen(&app, 120, 40);
    assert!(text.contains("Health"), "{text}");
    assert!(text.contains("Drivers wait hours at the gates"), "{text}");
    assert!(text.contains("2026-11-02  quick 8 of 10 (80%)"), "{text}");
    assert!(text.contains("1.2M"), "{text}");
    insta::assert_snapshot!("signals_page_120x40", text);
}

#[test]
fn signals_page_without_matching_test_says_how_to_take_one() {
    let app = signals_of(QUARRY);
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("No matching test yet, press M (quick) or T (team)."),
        "{text}"
    );
    assert!(text.contains("Plan done with no proof"), "{text}");
    assert!(text.contains("Annual price review"), "{text}");
}

#[test]
fn signals_page_in_private_mode_hides_revenue_hours_and_cost() {
    let mut app = signals_of(NORDWIND);
    let figures = [
        "1.2M",
        "+20% year on year",
        "57.5 billable",
        "18 non-billable",
        "6.3 h per 100k",
        "6 non-billable h per proof",
        "billable left",
    ];
    assert_private_hides(&mut app, &figures, "the signals page");
    assert!(screen(&app, 120, 40).contains("hidden (private)"));
}

#[test]
fn enter_on_a_break_shows_its_record_on_the_overview() {
    // The last break: the proof Nordwind never acknowledged.
    let mut app = signals_of(NORDWIND);
    press(&mut app, "G Enter");
    let text = screen(&app, 120, 40);
    assert!(!text.contains("Breaks in the chain"), "{text}");
    let detail = text
        .split(" Proof statement ")
        .nth(1)
        .unwrap_or_else(|| panic!("no proof statement in detail:\n{text}"));
    assert!(detail.contains("Repairs within 4 hours"), "{text}");
}

// ---------------------------------------------------------------- review screen

#[test]
fn review_map_120x40() {
    let app = review(0);
    let text = screen(&app, 120, 40);
    for label in [
        "Strategic",
        "Large but transactional",
        "Developing",
        "Maintain",
    ] {
        assert!(text.contains(label), "no {label:?}:\n{text}");
    }
    assert!(
        text.contains("large but not strategic: Quarry Steel"),
        "{text}"
    );
    assert!(text.contains("small but strategic: Tiny Labs"), "{text}");
    assert!(text.contains("Not assessed"), "{text}");
    assert!(text.contains(DELTA), "{text}");
    insta::assert_snapshot!("review_map_120x40", text);
}

#[test]
fn review_contacts_120x40() {
    let app = review(1);
    let text = screen(&app, 120, 40);
    assert!(text.contains("Ines Vogt"), "{text}");
    assert!(text.contains("Lena Stahl"), "{text}");
    assert!(text.contains("116 d"), "{text}");
    assert!(
        !text.contains("Olaf Berg"),
        "seen at a conversation:\n{text}"
    );
    assert!(
        !text.contains("Ana Ruiz"),
        "a contact within cadence is listed:\n{text}"
    );
    insta::assert_snapshot!("review_contacts_120x40", text);
}

#[test]
fn review_gaps_120x40() {
    let app = review(2);
    let text = screen(&app, 120, 40);
    assert!(text.contains("Drivers wait hours at the gates"), "{text}");
    assert!(text.contains("Annual price review"), "{text}");
    insta::assert_snapshot!("review_gaps_120x40", text);
}

#[test]
fn review_cost_120x40() {
    let app = review(3);
    let text = screen(&app, 120, 40);
    assert!(text.contains("Portfolio"), "{text}");
    assert!(text.contains("2.4M"), "{text}");
    insta::assert_snapshot!("review_cost_120x40", text);
}

#[test]
fn every_review_tab_hides_figures_in_private_mode() {
    let figures: [&[&str]; 4] = [
        &["2.4M", "1.2M", "150k"],
        &[],
        &[],
        &[
            "57.5",
            "79.5",
            "2.4M",
            "600k",
            "4.35M",
            "+20%",
            "billable left",
        ],
    ];
    for (tab, figures) in figures.into_iter().enumerate() {
        let mut app = review(tab);
        assert_private_hides(&mut app, figures, &format!("review tab {tab}"));
        let text = screen(&app, 120, 40);
        for figure in ["1.2M", "2.4M", "150k", "600k", "57.5"] {
            assert!(!text.contains(figure), "tab {tab} shows {figure}:\n{text}");
        }
    }
    let mut app = review(0);
    press(&mut app, "p");
    assert!(screen(&app, 120, 40).contains("revenue (hidden)"));
}

#[test]
fn tabs_go_round_both_ways_and_esc_returns_to_the_portfolio() {
    let mut app = review(0);
    press(&mut app, "BackTab");
    assert!(screen(&app, 120, 40).contains("Cost to serve, last 4 quarters"));
    press(&mut app, "]");
    assert!(screen(&app, 120, 40).contains("Portfolio map"));
    press(&mut app, "Esc");
    let text = screen(&app, 120, 40);
    assert!(text.contains("Portfolio ·"), "{text}");
    assert!(!text.contains("Portfolio map"), "{text}");
}

#[test]
fn j_then_enter_on_the_map_opens_the_next_account_by_score() {
    // By score from low to high: Quarry Steel, Tiny Labs, Nordwind.
    let mut app = review(0);
    press(&mut app, "g j Enter");
    let text = screen(&app, 120, 40);
    assert!(text.contains(&format!(" {TINY} ")), "{text}");
    assert!(!text.contains(QUARRY), "{text}");
    assert!(!text.contains(NORDWIND), "{text}");
    assert!(text.contains("Business issues (0)"), "{text}");
}

#[test]
fn enter_on_an_overdue_contact_opens_the_stakeholders_page() {
    // Most overdue first: Lena Stahl (116 days past a 90-day cadence), then
    // Ines Vogt (84 days past a 30-day one).
    let mut app = review(1);
    let list = screen(&app, 120, 40);
    assert!(list.find("Lena Stahl") < list.find("Ines Vogt"), "{list}");
    press(&mut app, "Enter");
    let text = screen(&app, 120, 40);
    // Quarry Steel's people, on the stakeholders page.
    assert!(text.contains("Stakeholders (2)"), "{text}");
    assert!(text.contains("Lena Stahl"), "{text}");
    assert!(text.contains("Olaf Berg"), "{text}");
    assert!(!text.contains("Overdue contacts"), "{text}");
    assert!(!text.contains(NORDWIND), "{text}");
}

// ---------------------------------------------------------------- why popup

#[test]
fn why_popup_120x40() {
    let mut app = signals_of(NORDWIND);
    press(&mut app, "w");
    let text = screen(&app, 120, 40);
    for factor in [
        "Strategic assessment",
        "Champion",
        "Proof cadence",
        "Talk about the future",
        "Overdue actions",
        "Cost to serve",
    ] {
        assert!(text.contains(factor), "no {factor:?}:\n{text}");
    }
    assert!(text.contains("Default weights"), "{text}");
    insta::assert_snapshot!("why_popup_120x40", text);
    press(&mut app, "Esc");
    assert!(!screen(&app, 120, 40).contains("Default weights"));
}

#[test]
fn why_opens_from_the_portfolio_and_the_map_for_the_selected_account() {
    let mut app = app();
    press(&mut app, &format!("{} w", select(TINY)));
    assert!(screen(&app, 120, 40).contains(&format!("Why {TINY} is")));
    press(&mut app, "w m g w");
    assert!(screen(&app, 120, 40).contains(&format!("Why {QUARRY} is")));
}

#[test]
fn why_hides_confidential_reasons_in_private_mode() {
    let mut app = signals_of(NORDWIND);
    press(&mut app, "w");
    let id = store_id(&app, NORDWIND);
    let insight = app.insight(id).expect("an insight for every account");
    let cost = insight
        .health
        .factors
        .iter()
        .find(|f| f.confidential)
        .expect("the cost factor speaks of hours")
        .reason
        .clone();
    assert_private_hides(&mut app, &[&cost], "the why popup");
}

/// The id of the account called `name`.
fn store_id(app: &App, name: &str) -> Id {
    app.store()
        .accounts()
        .expect("accounts")
        .into_iter()
        .find(|a| a.name == name)
        .expect("the account exists")
        .id
}

// ---------------------------------------------------------------- portfolio

#[test]
fn the_portfolio_shows_health_and_signal_flags() {
    let app = app();
    for (width, height) in [(120, 40), (80, 24)] {
        let text = screen(&app, width, height);
        assert!(text.contains("Health"), "{width}×{height}:\n{text}");
        assert!(
            ["good", "fair", "poor"].iter().any(|l| text.contains(l)),
            "{width}×{height}:\n{text}"
        );
    }
    let text = screen(&app, 120, 40);
    assert!(text.contains("no champion"), "{text}");
}

// ---------------------------------------------------------------- sizes

#[test]
fn every_view_draws_at_any_size_down_to_40x10() {
    let views: Vec<(&str, App)> = vec![
        ("signals", signals_of(NORDWIND)),
        ("map", review(0)),
        ("contacts", review(1)),
        ("gaps", review(2)),
        ("cost", review(3)),
        ("why", {
            let mut app = signals_of(NORDWIND);
            press(&mut app, "w");
            app
        }),
    ];
    for (name, mut app) in views {
        for private in [false, true] {
            app.set_private(private);
            for (width, height) in [(40, 10), (41, 11), (60, 15), (80, 24), (99, 30), (100, 12)] {
                let text = screen(&app, width, height);
                assert!(!text.is_empty(), "{name} at {width}×{height}");
            }
        }
    }
}
