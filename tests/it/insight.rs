//! Insight through the store: the facts read for one account and for every
//! account, what kam derives from them (proof cadence, talk mix, contacts,
//! cost to serve, health), the chain from issue to proof, the `[health]`
//! weights of the configuration file, and the insight the app keeps.
//!
//! Every expected figure is worked out by hand in the comments. The day is
//! fixed at 2026-11-23.

use chrono::{DateTime, NaiveDate, Utc};
use kam::domain::insight::{ContactLapse, FactorKind, GapKind, Insight, Quarter, Weights};
use kam::domain::{Account, choice::Choice};
use kam::domain::{
    ActionPlan, Answer, Assessment, Attitude, BusinessIssue, Conversation, Id, IssueStatus,
    MatchingResult, PlanStatus, ProofStatement, RelationshipStage, Stakeholder, Step, TimeFrame,
};
use kam::store::Store;
use kam::tui::app::App;
use kam::tui::keymap::Keymap;
use kam::tui::theme::Theme;

// ---------------------------------------------------------------- helpers

fn today() -> NaiveDate {
    day("2026-11-23")
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

/// Noon UTC on `s`.
fn at(s: &str) -> DateTime<Utc> {
    day(s).and_hms_opt(12, 0, 0).expect("noon").and_utc()
}

/// The records of the fixture, by name.
struct Fixture {
    store: Store,
    brennholt: Id,
    alder: Id,
    cedar: Id,
    anna: Id,
    ben: Id,
    carl: Id,
    unplanned: Id,
    resolved: Id,
    alder_issue: Id,
    done_unproven: Id,
    unacknowledged: Id,
}

fn account(store: &mut Store, name: &str) -> Account {
    store
        .save_account(&Account::new(name))
        .expect("account saved")
}

fn person(
    store: &mut Store,
    account: Id,
    name: &str,
    attitude: Attitude,
    cadence: Option<u32>,
) -> Id {
    let mut s = Stakeholder::new(account, name);
    s.attitude = attitude;
    s.cadence_days = cadence;
    store.save_stakeholder(&s).expect("stakeholder saved").id
}

/// A conversation: (date, forum, time frame), who attended, and (billable,
/// non-billable) hours.
fn talk(
    store: &mut Store,
    account: Id,
    (date, forum, frame): (&str, &str, TimeFrame),
    attendees: &[Id],
    (billable, non_billable): (f64, f64),
) {
    let mut c = Conversation::new(account, day(date), forum);
    c.time_frame = frame;
    c.attendees = attendees.to_vec();
    c.billable_hours = billable;
    c.non_billable_hours = non_billable;
    store.save_conversation(&c).expect("conversation saved");
}

fn issue(store: &mut Store, account: Id, text: &str, confirmed: bool, status: IssueStatus) -> Id {
    let mut i = BusinessIssue::new(account, text);
    i.confirmed = confirmed;
    i.status = status;
    store.save_issue(&i).expect("issue saved").id
}

/// A plan created on `created` (noon UTC).
fn plan(
    store: &mut Store,
    issue: Id,
    title: &str,
    (status, due, created): (PlanStatus, Option<&str>, &str),
    (billable, non_billable): (f64, f64),
    steps: Vec<Step>,
) -> Id {
    let mut p = ActionPlan::new(issue, title);
    p.status = status;
    p.due = due.map(day);
    p.created_at = at(created);
    p.billable_hours = billable;
    p.non_billable_hours = non_billable;
    p.steps = steps;
    store.save_plan(&p).expect("plan saved").id
}

fn proof(store: &mut Store, account: Id, date: &str, plan: Option<Id>, acknowledged: bool) -> Id {
    let mut p = ProofStatement::new(account, day(date), format!("Proof of {date}\nin detail"));
    p.plan_id = plan;
    p.acknowledged = acknowledged;
    store.save_proof(&p).expect("proof saved").id
}

/// Three accounts: "alder Logistik" (one open, unconfirmed issue),
/// "Brennholt Verpackung" (the one the figures are about) and "Cedar"
/// (nothing yet). Lower-case "alder" sorts first when case is ignored.
fn fixture() -> Fixture {
    let mut store = Store::open_in_memory().expect("in-memory store");
    let mut b = Account::new("Brennholt Verpackung");
    b.revenue_history = crate::support::revenue(&[(2024, 320_000), (2025, 400_000)]);
    let brennholt = store.save_account(&b).expect("account saved").id;
    let cedar = account(&mut store, "Cedar").id;
    let alder = account(&mut store, "alder Logistik").id;
    let alder_issue = issue(
        &mut store,
        alder,
        "Trucks wait at the gate",
        false,
        IssueStatus::Open,
    );

    // Stakeholders: Anna entered as last contacted 2026-08-01, Dora has no
    // cadence (not a key stakeholder).
    let anna = {
        let mut s = Stakeholder::new(brennholt, "Anna Roth");
        s.attitude = Attitude::Champion;
        s.cadence_days = Some(30);
        s.last_contact = Some(day("2026-08-01"));
        store.save_stakeholder(&s).expect("saved").id
    };
    let ben = person(
        &mut store,
        brennholt,
        "Ben Kahl",
        Attitude::Neutral,
        Some(60),
    );
    let carl = person(
        &mut store,
        brennholt,
        "Carl Ott",
        Attitude::Sceptic,
        Some(14),
    );
    person(
        &mut store,
        brennholt,
        "Dora Lenz",
        Attitude::Supporter,
        None,
    );

    use TimeFrame::*;
    talk(
        &mut store,
        brennholt,
        ("2026-11-10", "Engineering", Future),
        &[anna],
        (2.0, 3.0),
    );
    talk(
        &mut store,
        brennholt,
        ("2026-09-09", "purchasing", Past),
        &[ben, anna],
        (0.0, 4.0),
    );
    talk(
        &mut store,
        brennholt,
        ("2026-10-01", "Purchasing", Present),
        &[],
        (0.0, 0.0),
    );
    // 114 days ago: outside the talk mix, inside the cost to serve.
    talk(
        &mut store,
        brennholt,
        ("2026-08-01", "Quality", Past),
        &[anna],
        (0.0, 5.0),
    );
    // 752 days ago: older than the two years read, but Carl's last contact.
    talk(
        &mut store,
        brennholt,
        ("2024-11-01", "Quality", Past),
        &[carl],
        (0.0, 100.0),
    );

    let stops = issue(
        &mut store,
        brennholt,
        "Lines stop for lack of spares",
        true,
        IssueStatus::Open,
    );
    let unplanned = issue(
        &mut store,
        brennholt,
        "Audit findings pile up",
        false,
        IssueStatus::Open,
    );
    let resolved = issue(
        &mut store,
        brennholt,
        "Late invoices",
        false,
        IssueStatus::Resolved,
    );
    use PlanStatus::*;
    // Due next month, but a step was due 2026-11-01 and is not done.
    let mut late_step = Step::new("Count the spares");
    late_step.due = Some(day("2026-11-01"));
    plan(
        &mut store,
        stops,
        "Consignment stock",
        (InProgress, Some("2026-12-15"), "2026-01-05"),
        (10.0, 6.0),
        vec![late_step],
    );
    let done_unproven = plan(
        &mut store,
        stops,
        "Spares forecast",
        (Done, Some("2026-05-20"), "2026-03-01"),
        (4.0, 8.0),
        vec![],
    );
    plan(
        &mut store,
        stops,
        "Vendor-managed inventory",
        (Agreed, None, "2025-07-10"),
        (0.0, 2.0),
        vec![],
    );
    plan(
        &mut store,
        unplanned,
        "Audit support",
        (Dropped, Some("2026-02-01"), "2026-01-10"),
        (50.0, 50.0),
        vec![],
    );
    plan(
        &mut store,
        stops,
        "Spares workshop",
        (Agreed, Some("2026-11-01"), "2026-09-01"),
        (0.0, 0.0),
        vec![],
    );
    let proven = plan(
        &mut store,
        stops,
        "Critical spares list",
        (Done, Some("2026-06-01"), "2026-04-01"),
        (1.0, 0.0),
        vec![],
    );

    proof(&mut store, brennholt, "2025-03-01", None, true);
    proof(&mut store, brennholt, "2025-06-01", None, true);
    proof(&mut store, brennholt, "2025-11-23", None, true);
    let unacknowledged = proof(&mut store, brennholt, "2026-02-14", None, false);
    proof(&mut store, brennholt, "2026-06-01", Some(proven), true);
    proof(&mut store, brennholt, "2026-10-09", None, true);

    // Strategic score 17 in May, 52 in October: three yes and two partly
    // (4 points), ratings 5, 4, 3, 1 (2.25 points): 6.25 / 12.
    let before = Assessment::new(brennholt, day("2026-05-01"), RelationshipStage::Basic);
    store.save_assessment(&before).expect("saved");
    let mut latest = before.follow_up(day("2026-10-24"));
    for i in [0, 1, 5] {
        latest.signals[i] = Answer::Yes;
    }
    latest.signals[2] = Answer::Partly;
    latest.signals[7] = Answer::Partly;
    for (i, score) in [5, 4, 3, 1].into_iter().enumerate() {
        latest.ratings[i].score = score;
    }
    store.save_assessment(&latest).expect("saved");
    store
        .save_matching_result(&MatchingResult::new(brennholt, 10, 8))
        .expect("saved");

    Fixture {
        store,
        brennholt,
        alder,
        cedar,
        anna,
        ben,
        carl,
        unplanned,
        resolved,
        alder_issue,
        done_unproven,
        unacknowledged,
    }
}

fn insight(fx: &Fixture, weights: &Weights) -> Insight {
    let facts = fx
        .store
        .account_facts(fx.brennholt, today())
        .expect("facts read");
    Insight::new(facts, weights, today())
}

// ---------------------------------------------------------------- facts

#[test]
fn every_account_reads_the_same_facts_as_one_account_alone() {
    let fx = fixture();
    let all = fx.store.facts(today()).expect("facts read");
    let ids: Vec<Id> = all.iter().map(|f| f.account.id).collect();
    assert_eq!(
        ids,
        [fx.alder, fx.brennholt, fx.cedar],
        "by name, ignoring case"
    );
    for facts in &all {
        let alone = fx
            .store
            .account_facts(facts.account.id, today())
            .expect("facts read");
        assert_eq!(&alone, facts, "{}", facts.account.name);
    }
    assert!(fx.store.account_facts(Id::new(), today()).is_err());
}

#[test]
fn facts_hold_the_window_of_each_kind() {
    let fx = fixture();
    let f = fx
        .store
        .account_facts(fx.brennholt, today())
        .expect("facts");
    assert_eq!(f.stakeholders.len(), 4);
    // The newest conversation each attended, however old.
    assert_eq!(f.last_seen.len(), 3);
    assert_eq!(f.last_seen[&fx.anna], day("2026-11-10"));
    assert_eq!(f.last_seen[&fx.ben], day("2026-09-09"));
    assert_eq!(f.last_seen[&fx.carl], day("2024-11-01"));
    // The conversations of the last 90 days (after 2026-08-25), newest
    // first, with attendees.
    let dates: Vec<NaiveDate> = f.conversations.iter().map(|c| c.date).collect();
    assert_eq!(dates, ["2026-11-10", "2026-10-01", "2026-09-09"].map(day));
    let mut both = vec![fx.anna, fx.ben];
    both.sort();
    assert_eq!(f.conversations[2].attendees, both);
    // Their hours per month in the quarters of the cost to serve (since
    // 2025-01-01: the conversation of 2024-11-01 is left out).
    let hours: Vec<_> = f
        .conversation_hours
        .iter()
        .map(|h| (h.month, h.billable, h.non_billable))
        .collect();
    assert_eq!(
        hours,
        [
            (day("2026-08-01"), 0.0, 5.0),
            (day("2026-09-01"), 0.0, 4.0),
            (day("2026-10-01"), 0.0, 0.0),
            (day("2026-11-01"), 2.0, 3.0),
        ]
    );
    // Five plans, the dropped one left out; two overdue (the plan past its
    // due date, and the one with a step past its own).
    assert_eq!(f.plans.len(), 5);
    assert_eq!(f.plans.iter().filter(|p| p.overdue).count(), 2);
    assert!(f.plans.iter().all(|p| p.status != PlanStatus::Dropped));
    // Proofs since 2025-11-23, plus the newest before (2025-06-01).
    assert_eq!(
        f.proof_dates,
        [
            "2025-06-01",
            "2025-11-23",
            "2026-02-14",
            "2026-06-01",
            "2026-10-09"
        ]
        .map(day)
    );
    assert_eq!(f.proof_count, 6);
    assert_eq!(f.latest.as_ref().map(|a| a.date), Some(day("2026-10-24")));
    assert_eq!(f.previous.as_ref().map(|a| a.date), Some(day("2026-05-01")));
    assert_eq!(f.matching.as_ref().map(|m| m.percent()), Some(80));

    let empty = fx.store.account_facts(fx.cedar, today()).expect("facts");
    assert!(empty.stakeholders.is_empty() && empty.plans.is_empty());
    assert_eq!((empty.proof_count, empty.latest.is_none()), (0, true));
}

// ---------------------------------------------------------------- insight

#[test]
fn proof_cadence_from_the_log() {
    let fx = fixture();
    let cadence = insight(&fx, &Weights::default()).cadence;
    // 2026-10-09 → 2026-11-23: 22 + 23 = 45 days, 15 past the 30.
    assert_eq!(cadence.status.days_since, Some(45));
    assert_eq!(cadence.status.days_overdue(), Some(15));
    // Gaps: 2025-06-01 → 2025-11-23 = 175 days (the longest), then 83,
    // 107, 130, and 45 up to today.
    assert_eq!(cadence.longest_gap, Some(175));
    // December 2025 … November 2026: February, June, October.
    assert_eq!(cadence.per_month, [0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0]);
}

#[test]
fn talk_mix_and_contacts_from_conversations() {
    let fx = fixture();
    let i = insight(&fx, &Weights::default());
    // In the last 90 days: 2026-11-10 (future), 2026-10-01 (present),
    // 2026-09-09 (past); "purchasing" and "Purchasing" are one forum.
    assert_eq!(
        (i.talk.total, i.talk.past, i.talk.present, i.talk.future),
        (3, 1, 1, 1)
    );
    assert_eq!(i.talk.forums, 2);
    assert!(!i.talk.past_focused);
    assert_eq!(i.talk.future_percent(), Some(33));

    assert!(!i.contacts.no_champion);
    assert!(!i.contacts.single_threaded, "Anna and Ben attended");
    // Carl: last seen 2024-11-01, 752 days ago, 738 past his 14.
    // Ben: last seen 2026-09-09, 75 days ago, 15 past his 60.
    // Anna: entered 2026-08-01, but seen 2026-11-10: within her 30.
    let overdue: Vec<_> = i
        .contacts
        .overdue
        .iter()
        .map(|o| (o.stakeholder_id, o.lapse, o.last_contact))
        .collect();
    assert_eq!(
        overdue,
        [
            (
                fx.carl,
                ContactLapse::Overdue { days: 738 },
                Some(day("2024-11-01"))
            ),
            (
                fx.ben,
                ContactLapse::Overdue { days: 15 },
                Some(day("2026-09-09"))
            ),
        ]
    );
    assert_eq!(i.flags(), ["proof overdue 15 d", "2 contacts overdue"]);
}

#[test]
fn cost_to_serve_by_quarter() {
    let fx = fixture();
    let cost = insight(&fx, &Weights::default()).cost;
    let quarters: Vec<(Quarter, f64, f64)> = cost
        .quarters
        .iter()
        .map(|h| (h.quarter, h.billable, h.non_billable))
        .collect();
    let q = |year, q| Quarter { year, q };
    assert_eq!(
        quarters,
        [
            (q(2025, 1), 0.0, 0.0),
            (q(2025, 2), 0.0, 0.0),
            // The agreed plan without a due date, created 2025-07-10.
            (q(2025, 3), 0.0, 2.0),
            (q(2025, 4), 0.0, 0.0),
            (q(2026, 1), 0.0, 0.0),
            // The done plans due 2026-05-20 (4 + 8) and 2026-06-01 (1).
            (q(2026, 2), 5.0, 8.0),
            // Conversations of 2026-09-09 (4) and 2026-08-01 (5).
            (q(2026, 3), 0.0, 9.0),
            // The plan due 2026-12-15 (10 + 6) and the conversation of
            // 2026-11-10 (2 + 3); the dropped plan's 100 hours never count.
            (q(2026, 4), 12.0, 9.0),
        ]
    );
    assert_eq!((cost.billable_year, cost.non_billable_year), (17.0, 26.0));
    assert_eq!(cost.hours_prior_year, 2.0);
    // 43 hours per 400,000 of revenue.
    assert_eq!(cost.hours_per_100k(), Some(10.75));
    // (400,000 − 320,000) / 320,000.
    assert_eq!(cost.revenue_change_percent(), Some(25.0));
    // 26 non-billable hours over the 4 proofs since 2025-11-23.
    assert_eq!(cost.proofs_year, 4);
    assert_eq!(cost.non_billable_per_proof(), Some(6.5));
}

#[test]
fn health_with_default_and_custom_weights() {
    let fx = fixture();
    let i = insight(&fx, &Weights::default());
    let scores: Vec<String> = i
        .health
        .factors
        .iter()
        .map(|f| format!("{}={:.3}", f.kind.key(), f.score))
        .collect();
    // Assessment 52 / 100; a champion; 15 of 30 days late; 1 of 3
    // conversations about the future (33 % of the 50 % aimed for); 2 of 3
    // open plans overdue; 6.5 non-billable hours per proof (≤ 10); revenue
    // up 25 % year on year, the exploratory stage, no economic buyer.
    assert_eq!(
        scores,
        [
            "assessment=0.520",
            "champion=1.000",
            "proof_cadence=0.500",
            "future_focus=0.667",
            "overdue_actions=0.333",
            "cost_to_serve=1.000",
            "revenue_trend=1.000",
            "stage=0.000",
            "economic_buyer=0.000",
        ]
    );
    // (3 × .52 + 2 × 1 + 2 × .5 + .667 + .333 + 1 + 2 × 1) / 15 = 8.56 / 15.
    assert_eq!(i.health.score, 57);
    assert_eq!(i.health.label(), "fair");
    assert_eq!(i.strategic_score(), Some(52));
    assert_eq!(i.assessment_change().map(|c| c.score), Some(35));

    let mut weights = Weights {
        assessment: 1.0,
        champion: 0.0,
        proof_cadence: 0.0,
        future_focus: 3.0,
        overdue_actions: 0.0,
        cost_to_serve: 0.0,
        revenue_trend: 0.0,
        stage: 0.0,
        economic_buyer: 0.0,
    };
    // (.52 + 3 × .667) / 4 = 0.63.
    assert_eq!(insight(&fx, &weights).health.score, 63);
    weights.future_focus = 0.0;
    weights.assessment = 0.0;
    assert_eq!(insight(&fx, &weights).health.score, 0, "every weight 0");
    let factor = &insight(&fx, &weights).health.factors[FactorKind::Champion.index()];
    assert_eq!(factor.weight, 0.0);
}

#[test]
fn an_account_with_nothing_yet_is_poor() {
    let fx = fixture();
    let facts = fx.store.account_facts(fx.cedar, today()).expect("facts");
    let i = Insight::new(facts, &Weights::default(), today());
    // Only "overdue actions" and "cost to serve" score: (1 + 1) / 10.
    assert_eq!(i.health.score, 20);
    assert_eq!(
        i.flags(),
        ["no proof yet", "no champion", "single-threaded"]
    );
}

// ---------------------------------------------------------------- chain

#[test]
fn chain_breaks_of_one_account_and_of_the_portfolio() {
    let fx = fixture();
    let gaps = fx.store.chain_breaks(Some(fx.brennholt)).expect("gaps");
    let found: Vec<_> = gaps
        .iter()
        .map(|g| (g.kind, g.record_id, g.text.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                GapKind::IssueNotConfirmed,
                fx.unplanned,
                "Audit findings pile up"
            ),
            (GapKind::IssueNotConfirmed, fx.resolved, "Late invoices"),
            // Its only plan was dropped.
            (
                GapKind::IssueWithoutPlan,
                fx.unplanned,
                "Audit findings pile up"
            ),
            (
                GapKind::PlanDoneWithoutProof,
                fx.done_unproven,
                "Spares forecast"
            ),
            (
                GapKind::ProofNotAcknowledged,
                fx.unacknowledged,
                "Proof of 2026-02-14"
            ),
        ]
    );
    assert!(gaps.iter().all(|g| g.account_id == fx.brennholt));

    let all = fx.store.chain_breaks(None).expect("gaps");
    let by_account: Vec<_> = all.iter().map(|g| (g.account_id, g.kind)).collect();
    assert_eq!(
        by_account[..2],
        [
            (fx.alder, GapKind::IssueNotConfirmed),
            (fx.alder, GapKind::IssueWithoutPlan),
        ]
    );
    assert_eq!(all[0].record_id, fx.alder_issue);
    assert_eq!(all[2..], gaps[..], "then Brennholt's, as alone");
    assert!(
        fx.store
            .chain_breaks(Some(fx.cedar))
            .expect("gaps")
            .is_empty()
    );
}

// ---------------------------------------------------------------- the app

#[test]
fn the_app_keeps_every_accounts_insight_and_weighs_it_again() {
    let fx = fixture();
    let (brennholt, cedar) = (fx.brennholt, fx.cedar);
    let mut app = App::new(fx.store, today(), Theme::new(false), Keymap::default_keys())
        .expect("the app starts");
    let score = |app: &App, id| app.insight(id).map(|i| i.health.score);
    assert_eq!(score(&app, brennholt), Some(57));
    assert_eq!(score(&app, cedar), Some(20));
    assert_eq!(score(&app, Id::new()), None);
    app.set_weights(Weights {
        assessment: 1.0,
        champion: 0.0,
        proof_cadence: 0.0,
        future_focus: 3.0,
        overdue_actions: 0.0,
        cost_to_serve: 0.0,
        revenue_trend: 0.0,
        stage: 0.0,
        economic_buyer: 0.0,
    });
    assert_eq!(score(&app, brennholt), Some(63));
    // A day later the last proof is 46 days old.
    app.set_today(day("2026-11-24"));
    let cadence = &app.insight(brennholt).expect("insight").cadence;
    assert_eq!(cadence.status.days_since, Some(46));
}

// ---------------------------------------------------------------- config

#[test]
fn health_weights_come_from_the_config_file() {
    let text = "[colors]\nok = \"green\"\n\n[health]\nassessment = 1\nfuture_focus = 0.5\n";
    let settings = kam::config::parse(text, false).expect("parses");
    assert_eq!(
        settings.weights,
        Weights {
            assessment: 1.0,
            future_focus: 0.5,
            ..Weights::default()
        }
    );
    assert_eq!(
        kam::config::parse("", false).expect("parses").weights,
        Weights::default()
    );
    let documented = kam::config::parse(&kam::config::default_text(), false).expect("parses");
    assert_eq!(documented.weights, Weights::default());
    assert!(kam::config::default_text().contains("# [health]\n# assessment = 3"));
}

#[test]
fn bad_health_weights_name_their_line() {
    let unknown = "# weights\n[health]\nchampion = 1\nluck = 2\n";
    let err = kam::config::parse(unknown, false).unwrap_err();
    assert!(
        err.starts_with("line 4:") && err.contains("unknown health factor `luck`"),
        "{err}"
    );
    let negative = "[colors]\nok = \"green\"\n\n[health]\nproof_cadence = -2\n";
    let err = kam::config::parse(negative, false).unwrap_err();
    assert!(
        err.starts_with("line 5:") && err.contains("proof_cadence") && err.contains("0 or more"),
        "{err}"
    );
    let not_a_number = "[health]\nassessment = 2\ncost_to_serve = \"low\"\n";
    let err = kam::config::parse(not_a_number, false).unwrap_err();
    assert!(
        err.starts_with("line 3:") && err.contains("number"),
        "{err}"
    );
    let infinite = "[health]\nchampion = inf\n";
    let err = kam::config::parse(infinite, false).unwrap_err();
    assert!(err.starts_with("line 2:"), "{err}");
}
