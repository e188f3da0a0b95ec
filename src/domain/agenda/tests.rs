//! Hand-checked agendas for Monday 2026-11-23.

use super::*;
use crate::domain::{PlanStatus, Step};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn today() -> NaiveDate {
    d("2026-11-23")
}

fn account(name: &str, last_review: Option<&str>, last_proof: Option<&str>) -> AgendaAccount {
    let mut account = Account::new(name);
    account.last_review = last_review.map(d);
    account.created_at = d("2026-01-01").and_hms_opt(9, 0, 0).unwrap().and_utc();
    AgendaAccount {
        account,
        plans: Vec::new(),
        last_proof: last_proof.map(d),
        last_assessment: None,
    }
}

fn plan(title: &str, due: Option<&str>, status: PlanStatus, owner: &str) -> ActionPlan {
    let mut p = ActionPlan::new(Id::new(), title);
    p.due = due.map(d);
    p.status = status;
    p.owner = owner.to_string();
    p
}

fn step(text: &str, due: Option<&str>, done: bool) -> Step {
    Step {
        done,
        due: due.map(d),
        ..Step::new(text)
    }
}

/// Five accounts whose every date sits on or next to a boundary.
fn portfolio() -> Vec<AgendaAccount> {
    // Reviewed 2026-08-30: next review 2026-11-28, in 5 days.
    // Last proof 22 days ago: not quiet.
    let mut nordwerk = account("Nordwerk", Some("2026-08-30"), Some("2026-11-01"));
    let mut pilot = plan(
        "Consignment stock pilot",
        Some("2026-11-20"),
        PlanStatus::InProgress,
        "Ana",
    );
    pilot.steps = vec![
        step("Scope", Some("2026-11-10"), true),
        step("Book the room", Some("2026-11-21"), false),
        step("Run pilot", Some("2026-11-25"), false),
        step("Review results", Some("2026-11-30"), false),
        step("Celebrate", None, false),
    ];
    let mut dropped = plan("Old idea", Some("2026-10-01"), PlanStatus::Dropped, "Ana");
    dropped.steps = vec![step("Never done", Some("2026-11-01"), false)];
    nordwerk.plans = vec![
        pilot,
        dropped,
        plan("Workshop", Some("2026-11-29"), PlanStatus::Agreed, "Ben"),
        plan("Later", Some("2026-11-30"), PlanStatus::Proposed, "Ben"),
        plan("Due today", Some("2026-11-23"), PlanStatus::Proposed, ""),
        plan("Undated", None, PlanStatus::Proposed, ""),
    ];

    // Never reviewed, no proof at all.
    let mut acme = account("acme", None, None);
    let mut done = plan("Finished", Some("2026-11-02"), PlanStatus::Done, "Cy");
    done.steps = vec![step("Left open", Some("2026-11-03"), false)];
    acme.plans = vec![
        plan("Price review", Some("2026-11-20"), PlanStatus::Agreed, "Cy"),
        done,
    ];

    // Next review 2026-12-08, 15 days out: not yet. Last proof exactly 30
    // days ago: not quiet yet.
    let calm = account("Calm", Some("2026-09-09"), Some("2026-10-24"));
    // Next review 2026-12-07, exactly 14 days out. Last proof 31 days ago.
    let edge = account("Edge", Some("2026-09-08"), Some("2026-10-23"));
    // Review due 2026-10-30, 24 days ago; proof due 2026-07-31.
    let late = account("Late review", Some("2026-08-01"), Some("2026-07-01"));
    vec![nordwerk, acme, calm, edge, late]
}

/// The entries of `section` as (account, what, due) for easy comparison.
fn listed(agenda: &Agenda, section: Section) -> Vec<(String, String, Option<NaiveDate>)> {
    agenda
        .section(section)
        .iter()
        .map(|e| (e.account_name.clone(), e.what(), e.due))
        .collect()
}

fn row(account: &str, what: &str, due: Option<&str>) -> (String, String, Option<NaiveDate>) {
    (account.to_string(), what.to_string(), due.map(d))
}

#[test]
fn overdue_lists_open_plans_and_steps_past_due() {
    let agenda = Agenda::build(&portfolio(), today());
    assert_eq!(
        listed(&agenda, Section::Overdue),
        [
            row("acme", "Price review", Some("2026-11-20")),
            row("Nordwerk", "Consignment stock pilot", Some("2026-11-20")),
            row(
                "Nordwerk",
                "Book the room (step of “Consignment stock pilot”)",
                Some("2026-11-21")
            ),
        ]
    );
    let first = agenda.section(Section::Overdue).first().unwrap();
    assert_eq!(first.owner, "Cy");
    assert_eq!(first.days_overdue(today()), 3);
}

#[test]
fn this_week_runs_from_today_through_six_days_on() {
    let agenda = Agenda::build(&portfolio(), today());
    assert_eq!(
        listed(&agenda, Section::DueThisWeek),
        [
            row("Nordwerk", "Due today", Some("2026-11-23")),
            row(
                "Nordwerk",
                "Run pilot (step of “Consignment stock pilot”)",
                Some("2026-11-25")
            ),
            row("Nordwerk", "Workshop", Some("2026-11-29")),
        ]
    );
    assert!(
        agenda
            .section(Section::DueThisWeek)
            .iter()
            .all(|e| e.days_overdue(today()) == 0)
    );
}

#[test]
fn reviews_due_within_two_weeks_or_never_held() {
    let agenda = Agenda::build(&portfolio(), today());
    assert_eq!(
        listed(&agenda, Section::Reviews),
        [
            row("acme", "no review yet", None),
            row(
                "Late review",
                "account review (last 2026-08-01)",
                Some("2026-10-30")
            ),
            row(
                "Nordwerk",
                "account review (last 2026-08-30)",
                Some("2026-11-28")
            ),
            row(
                "Edge",
                "account review (last 2026-09-08)",
                Some("2026-12-07")
            ),
        ]
    );
    let late = agenda.section(Section::Reviews).get(1).unwrap();
    assert_eq!(late.days_overdue(today()), 24);
}

#[test]
fn each_account_has_its_own_review_interval_and_an_assessment_is_a_review() {
    // Reviewed 2026-08-30: with 90 days due 2026-11-28, in the list; with
    // 120 days due 2026-12-28, not yet.
    let mut nordwerk = account("Nordwerk", Some("2026-08-30"), Some("2026-11-20"));
    let due = |a: &AgendaAccount| {
        Agenda::build(std::slice::from_ref(a), today())
            .section(Section::Reviews)
            .first()
            .map(|e| (e.what(), e.due))
    };
    assert_eq!(
        due(&nordwerk),
        Some((
            "account review (last 2026-08-30)".to_string(),
            Some(d("2026-11-28"))
        ))
    );
    nordwerk.account.review_interval_days = 120;
    assert_eq!(due(&nordwerk), None);
    // An assessment after the review entered counts as the last review; an
    // earlier one does not.
    nordwerk.account.review_interval_days = 90;
    nordwerk.last_assessment = Some(d("2026-07-01"));
    assert_eq!(due(&nordwerk).unwrap().1, Some(d("2026-11-28")));
    nordwerk.last_assessment = Some(d("2026-09-01"));
    assert_eq!(
        due(&nordwerk),
        Some((
            "account review (last 2026-09-01)".to_string(),
            Some(d("2026-11-30"))
        ))
    );
    let mut never = account("Never", None, Some("2026-11-20"));
    never.last_assessment = Some(d("2026-11-01"));
    assert_eq!(due(&never), None, "assessed, so reviewed");
}

#[test]
fn quiet_accounts_have_no_proof_for_over_the_cadence() {
    let agenda = Agenda::build(&portfolio(), today());
    assert_eq!(
        listed(&agenda, Section::Quiet),
        [
            row("acme", "no proof yet (added 326 d ago)", None),
            row(
                "Late review",
                "last proof 145 d ago, cadence 30 d",
                Some("2026-07-31")
            ),
            row(
                "Edge",
                "last proof 31 d ago, cadence 30 d",
                Some("2026-11-22")
            ),
        ]
    );
    let late = agenda.section(Section::Quiet).get(1).unwrap();
    assert_eq!(late.days_overdue(today()), 115);
}

#[test]
fn each_account_goes_quiet_after_its_own_cadence() {
    // Both last proved value 20 days ago (2026-11-03).
    let mut weekly = account("Weekly", Some("2026-11-01"), Some("2026-11-03"));
    weekly.account.proof_cadence_days = 7;
    let mut quarterly = account("Quarterly", Some("2026-11-01"), Some("2026-11-03"));
    quarterly.account.proof_cadence_days = 90;
    let agenda = Agenda::build(&[weekly, quarterly], today());
    assert_eq!(
        listed(&agenda, Section::Quiet),
        [row(
            "Weekly",
            "last proof 20 d ago, cadence 7 d",
            Some("2026-11-10")
        )]
    );
    assert_eq!(agenda.section(Section::Quiet)[0].days_overdue(today()), 13);
}

#[test]
fn sections_come_in_order_and_carry_ids_to_jump_to() {
    let accounts = portfolio();
    let agenda = Agenda::build(&accounts, today());
    let sections: Vec<Section> = agenda.entries().map(|(s, _)| s).collect();
    let mut sorted = sections.clone();
    sorted.sort();
    assert_eq!(sections, sorted);
    assert_eq!(agenda.len(), 3 + 3 + 4 + 3);
    assert_eq!(sections.len(), agenda.len());

    let nordwerk = &accounts[0];
    let pilot = &nordwerk.plans[0];
    let (_, step) = agenda
        .entries()
        .find(|(s, e)| matches!(e.item, Item::Step { .. }) && *s == Section::Overdue)
        .unwrap();
    assert_eq!(step.account_id, nordwerk.account.id);
    assert_eq!(step.record_id(), pilot.steps[1].id);
    assert_eq!(step.jump_target(), pilot.id);
    assert_eq!(step.owner, "Ana");
    let review = agenda.section(Section::Reviews).first().unwrap();
    assert!(matches!(review.item, Item::Review { last_review: None }));
    assert_eq!(review.record_id(), accounts[1].account.id);
    assert_eq!(review.jump_target(), accounts[1].account.id);
}

#[test]
fn a_calm_portfolio_has_an_empty_agenda() {
    let mut calm = account("Calm", Some("2026-11-01"), Some("2026-11-20"));
    calm.plans = vec![plan("Far off", Some("2027-01-10"), PlanStatus::Agreed, "")];
    let agenda = Agenda::build(&[calm], today());
    assert!(agenda.is_empty(), "{agenda:?}");
    assert!(Agenda::build(&[], today()).is_empty());
}

#[test]
fn the_calendar_holds_every_open_due_date_and_next_review() {
    let entries = calendar(&portfolio());
    let what: Vec<(String, NaiveDate)> =
        entries.iter().map(|e| (e.what(), e.due.unwrap())).collect();
    assert_eq!(
        what,
        [
            (
                "account review (last 2026-08-01)".to_string(),
                d("2026-10-30")
            ),
            ("Price review".to_string(), d("2026-11-20")),
            ("Consignment stock pilot".to_string(), d("2026-11-20")),
            (
                "Book the room (step of “Consignment stock pilot”)".to_string(),
                d("2026-11-21")
            ),
            ("Due today".to_string(), d("2026-11-23")),
            (
                "Run pilot (step of “Consignment stock pilot”)".to_string(),
                d("2026-11-25")
            ),
            (
                "account review (last 2026-08-30)".to_string(),
                d("2026-11-28")
            ),
            ("Workshop".to_string(), d("2026-11-29")),
            ("Later".to_string(), d("2026-11-30")),
            (
                "Review results (step of “Consignment stock pilot”)".to_string(),
                d("2026-11-30")
            ),
            (
                "account review (last 2026-09-08)".to_string(),
                d("2026-12-07")
            ),
            (
                "account review (last 2026-09-09)".to_string(),
                d("2026-12-08")
            ),
        ]
    );
}

#[test]
fn dates_at_the_end_of_time_do_not_overflow() {
    let mut far = account("Far", None, None);
    far.account.last_review = Some(NaiveDate::MAX);
    far.account.proof_cadence_days = u32::MAX;
    far.last_proof = Some(today());
    let agenda = Agenda::build(&[far], today());
    assert!(agenda.is_empty(), "{agenda:?}");
}
