//! The prep brief: the model built from an account's records (order of the
//! issues, next steps, open questions, latest proof), its Markdown
//! rendering with and without private mode, and the brief as the store
//! builds it with what changed since last time.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use kam::domain::brief::{
    Brief, DEFAULT_SINCE_DAYS, LATEST_PROOFS, Question, Sources, default_since,
};
use kam::domain::history::ChangeAction;
use kam::domain::{
    Account, ActionPlan, BusinessIssue, Importance, IssueStatus, PlanStatus, ProofStatement,
    Stakeholder, Step,
};
use kam::export::brief_md;
use kam::store::Store;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn today() -> NaiveDate {
    day("2026-11-23")
}

/// A known account, checked by hand:
///
/// - issues: "Lines stop" (critical, unconfirmed), "Audit findings" (medium,
///   confirmed, older), "Energy costs" (low, open, no plan), "Old
///   complaint" (high but resolved: left out);
/// - plans for "Lines stop": a dropped one (left out), a done one with no
///   proof, and the pilot in progress, overdue, with its second step next;
///   for "Audit findings": a done plan a proof points at;
/// - ten proof statements, the even days acknowledged.
struct Fixture {
    account: Account,
    issues: Vec<BusinessIssue>,
    plans: Vec<ActionPlan>,
    proofs: Vec<ProofStatement>,
    people: Vec<Stakeholder>,
}

fn fixture() -> Fixture {
    let mut account = Account::new("Nordwerk Maschinenbau");
    account.revenue_history = crate::support::revenue(&[(2025, 2_380_000)]);
    account.share_of_wallet = Some(35);
    account.industry = "Machine tools".into();
    let id = account.id;

    let mut audit = BusinessIssue::new(id, "Audit findings on spare-part traceability");
    audit.confirmed = true;
    audit.confirmed_by = "Plant director".into();
    let mut lines = BusinessIssue::new(
        id,
        "Our plants run out of spare parts\nand the lines stop for days.",
    );
    lines.importance = Importance::Critical;
    lines.said_by = "Dieter Vogel".into();
    lines.said_on = Some(day("2026-10-01"));
    let mut energy = BusinessIssue::new(id, "Energy costs eat the margin");
    energy.importance = Importance::Low;
    energy.said_on = Some(day("2026-09-15"));
    let mut old = BusinessIssue::new(id, "Old complaint about invoices");
    old.importance = Importance::High;
    old.status = IssueStatus::Resolved;

    let mut dropped = ActionPlan::new(lines.id, "Price cut");
    dropped.status = PlanStatus::Dropped;
    let mut done = ActionPlan::new(lines.id, "Spare-part audit");
    done.status = PlanStatus::Done;
    let mut pilot = ActionPlan::new(lines.id, "Consignment stock pilot");
    pilot.status = PlanStatus::InProgress;
    pilot.owner = "Anna Keller".into();
    pilot.due = Some(day("2026-11-20"));
    pilot.billable_hours = 12.0;
    pilot.steps = vec![Step::new("Scope the pilot"), Step::new("Run the pilot")];
    pilot.steps[0].done = true;
    pilot.steps[1].due = Some(day("2026-12-01"));
    let mut traced = ActionPlan::new(audit.id, "Traceability labels");
    traced.status = PlanStatus::Done;

    let mut proofs: Vec<ProofStatement> = (1..=10)
        .map(|n| {
            let mut p = ProofStatement::new(
                id,
                day(&format!("2026-10-{n:02}")),
                format!("Proof number {n}"),
            );
            p.acknowledged = n % 2 == 0;
            p.value = (n == 10).then(|| "99 %".to_string());
            p
        })
        .collect();
    proofs[0].plan_id = Some(traced.id);

    let mut dieter = Stakeholder::new(id, "Dieter Vogel");
    dieter.title = "Head of Maintenance".into();
    Fixture {
        account,
        issues: vec![old, audit, lines, energy],
        plans: vec![dropped, done, pilot, traced],
        proofs,
        people: vec![dieter],
    }
}

fn build(f: &Fixture, private: bool) -> Brief {
    let sources = Sources {
        account: &f.account,
        issues: &f.issues,
        plans: &f.plans,
        proofs: &f.proofs,
        stakeholders: &f.people,
        conversations: &[],
        changes: &[],
    };
    let since = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
    Brief::build(sources, since, today(), private)
}

#[test]
fn open_issues_come_most_important_first_with_live_plans_first() {
    let brief = build(&fixture(), false);
    let issues: Vec<&str> = brief
        .issues
        .iter()
        .map(|i| i.issue.statement.as_str())
        .collect();
    assert_eq!(
        issues,
        [
            "Our plants run out of spare parts\nand the lines stop for days.",
            "Audit findings on spare-part traceability",
            "Energy costs eat the margin",
        ]
    );
    let plans: Vec<(&str, PlanStatus)> = brief.issues[0]
        .plans
        .iter()
        .map(|p| (p.title.as_str(), p.status))
        .collect();
    assert_eq!(
        plans,
        [
            ("Consignment stock pilot", PlanStatus::InProgress),
            ("Spare-part audit", PlanStatus::Done),
        ],
        "the dropped plan is left out"
    );
    let pilot = &brief.issues[0].plans[0];
    assert_eq!(pilot.owner, "Anna Keller");
    assert_eq!(pilot.next_step.as_deref(), Some("Run the pilot"));
    assert_eq!(pilot.next_step_due, Some(day("2026-12-01")));
    assert_eq!(pilot.due, Some(day("2026-11-20")));
    assert!(pilot.overdue);
    assert_eq!(brief.issues[0].plans[1].next_step, None);
}

#[test]
fn the_latest_proof_statements_come_newest_first() {
    let brief = build(&fixture(), false);
    let dates: Vec<u32> = brief
        .proofs
        .iter()
        .map(|p| p.date.format("%d").to_string().parse().unwrap())
        .collect();
    assert_eq!(dates, [10, 9, 8, 7, 6, 5, 4, 3]);
    assert_eq!(brief.proofs.len(), LATEST_PROOFS);
    assert_eq!(brief.proofs_total, 10);
    assert_eq!(brief.stakeholders[0].title, "Head of Maintenance");
}

#[test]
fn open_questions_are_the_gaps_worth_raising() {
    let brief = build(&fixture(), false);
    let unacknowledged = |n: u32| Question::Unacknowledged {
        proof: format!("Proof number {n}"),
        date: day(&format!("2026-10-{n:02}")),
    };
    assert_eq!(
        brief.questions,
        [
            Question::Unconfirmed {
                issue: "Our plants run out of spare parts".into()
            },
            Question::Unconfirmed {
                issue: "Energy costs eat the margin".into()
            },
            Question::NoPlan {
                issue: "Energy costs eat the margin".into()
            },
            Question::DoneWithoutProof {
                plan: "Spare-part audit".into()
            },
            unacknowledged(9),
            unacknowledged(7),
            unacknowledged(5),
            unacknowledged(3),
            unacknowledged(1),
        ],
        "the audit issue is confirmed and its done plan has proof"
    );
    let mut more = fixture();
    for p in &mut more.proofs {
        p.acknowledged = false;
    }
    let brief = build(&more, false);
    assert_eq!(
        brief.questions.last(),
        Some(&Question::MoreUnacknowledged(5))
    );
    assert_eq!(
        brief.questions[4].text(),
        "Do they acknowledge it? “Proof number 10” (2026-10-10)"
    );
}

#[test]
fn private_mode_leaves_the_figures_out_of_the_model() {
    let f = fixture();
    let open = build(&f, false);
    assert_eq!(open.figures.revenue.map(|r| r.amount), Some(2_380_000));
    let private = build(&f, true);
    assert!(private.private);
    assert_eq!(private.figures.revenue.map(|r| r.amount), None);
    assert_eq!(private.figures.share_of_wallet, None);
    let mut redacted = open.clone();
    redacted.redact();
    assert_eq!(redacted, private);
}

#[test]
fn markdown_has_every_section_and_the_customers_words() {
    let md = brief_md::render(&build(&fixture(), false));
    for heading in [
        "# Prep brief: Nordwerk Maschinenbau",
        "## Since last time",
        "## Business issues",
        "## Latest proof statements",
        "## Stakeholders",
        "## Open questions",
    ] {
        assert!(md.contains(heading), "no {heading:?} in:\n{md}");
    }
    assert!(
        !md.contains("Conversations"),
        "not recorded yet: no section"
    );
    let since = md.find("## Since last time").unwrap();
    assert!(
        since < md.find("## Business issues").unwrap(),
        "since last time comes first"
    );
    assert!(md.contains("> Our plants run out of spare parts\n> and the lines stop for days."));
    assert!(md.contains("### 1. Critical · Pressure · Present"));
    assert!(md.contains("— said by Dieter Vogel on 2026-10-01, *not yet confirmed*"));
    assert!(
        md.contains("— said on 2026-09-15, *not yet confirmed*"),
        "nobody named: {md}"
    );
    assert!(md.contains(
        "- **Our plan:** Consignment stock pilot — In progress · Anna Keller · \
         next: Run the pilot (by 2026-12-01) · due 2026-11-20 **overdue**"
    ));
    assert!(md.contains("- 2026-10-10 · **99 %** · Proof number 10 · *acknowledged ✓*"));
    assert!(md.contains("*The latest 8 of 10.*"));
    assert!(md.contains("- **Dieter Vogel**, Head of Maintenance"));
    assert!(
        md.contains("- Is this how they see it? Not yet confirmed: “Energy costs eat the margin”")
    );
    assert!(md.contains("- **Revenue:** 2,380,000 EUR (2025)"), "{md}");
    assert!(md.contains("- **Share of wallet:** 35 %"));
    assert!(!md.contains("Private mode"));
}

#[test]
fn a_private_markdown_brief_holds_no_figures_and_says_so() {
    let md = brief_md::render(&build(&fixture(), true));
    assert!(md.contains("**Private mode.**"), "{md}");
    for figure in [
        "2,380,000",
        "2380000",
        "35 %",
        "Annual revenue",
        "Share of wallet",
    ] {
        assert!(!md.contains(figure), "{figure:?} in a private brief:\n{md}");
    }
    assert!(md.contains("Our plants run out of spare parts"));
}

#[test]
fn hostile_text_is_defused_in_markdown() {
    let mut f = fixture();
    f.issues[2].statement = "# Not a heading\n<script>\u{1b}[2J".into();
    let md = brief_md::render(&build(&f, false));
    assert!(
        md.contains("> \\# Not a heading\n> \\<script>␛\\[2J"),
        "{md}"
    );
    assert!(!md.contains('\u{1b}'));
}

#[test]
fn since_last_time_defaults_to_the_last_brief_or_a_month() {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let opened = Utc.with_ymd_and_hms(2026, 11, 2, 14, 30, 0).unwrap();
    assert_eq!(default_since(Some(opened), None, now), opened);
    assert_eq!(
        default_since(None, None, now),
        now - Duration::days(DEFAULT_SINCE_DAYS)
    );
    assert_eq!(DEFAULT_SINCE_DAYS, 30);
}

#[test]
fn the_store_builds_the_brief_with_what_changed_since_then() {
    let mut store = Store::open_in_memory().unwrap();
    let f = fixture();
    let account = store.save_account(&f.account).unwrap();
    let issue = store.save_issue(&f.issues[2]).unwrap();
    let mut pilot = store.save_plan(&f.plans[2]).unwrap();
    let before: DateTime<Utc> = Utc::now();
    std::thread::sleep(std::time::Duration::from_millis(5));
    pilot.steps[1].done = true;
    pilot.billable_hours = 20.0;
    store.save_plan(&pilot).unwrap();
    store
        .save_proof(&ProofStatement::new(
            account.id,
            today(),
            "Lines ran all week",
        ))
        .unwrap();

    let brief = store.brief(account.id, before, today(), false).unwrap();
    let changes: Vec<(ChangeAction, String)> = brief
        .changes
        .iter()
        .map(|c| (c.action, c.label.clone()))
        .collect();
    assert_eq!(
        changes,
        [
            (ChangeAction::Changed, "Consignment stock pilot".to_string()),
            (ChangeAction::Added, "Lines ran all week".to_string()),
        ],
        "only what changed after `before`, oldest first"
    );
    let fields: Vec<String> = brief.changes[0]
        .fields
        .iter()
        .map(|f| f.describe())
        .collect();
    assert_eq!(
        fields,
        ["billable hours: 12 → 20", "step done: Run the pilot"]
    );
    assert_eq!(brief.issues[0].issue.id, issue.id);

    let private = store.brief(account.id, before, today(), true).unwrap();
    let fields: Vec<String> = private.changes[0]
        .fields
        .iter()
        .map(|f| f.describe())
        .collect();
    assert_eq!(fields, ["step done: Run the pilot"], "hours are hidden");
    let md = brief_md::render(&private);
    assert!(md.contains("  - step done: Run the pilot"), "{md}");
    assert!(!md.contains("billable"), "{md}");
}
