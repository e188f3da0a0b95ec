//! Behaviour of whole forms: keys in, records (or errors) out, and drawing.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Position;

use crate::domain::{
    Account, ActionPlan, BusinessIssue, FieldError, Id, Invalid, ProofStatement, RelationshipStage,
    Step, YearRevenue,
};
use crate::store::StoreError;
use crate::tui::command::Command;
use crate::tui::effect::Effect;
use crate::tui::screens::forms::{Form, Record};
use crate::tui::theme::Theme;

mod exact_text;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// What a key did to a form, as the tests compare it.
#[derive(Debug, PartialEq)]
#[expect(
    clippy::large_enum_variant,
    reason = "one per key in a test: boxing the record buys nothing"
)]
pub(super) enum Did {
    /// The form stays open.
    Stay,
    /// The form closed without saving.
    Cancelled,
    /// Ctrl-C asked to quit kam.
    Quit,
    /// The form asked to save this record.
    Saved(Record),
    /// The form asked for `$EDITOR` on this text.
    Edit(String),
}

/// What `effect`, returned by a form, does.
pub(super) fn did(effect: Effect) -> Did {
    match effect {
        Effect::Stay => Did::Stay,
        Effect::Quit => Did::Quit,
        Effect::Edit(text) => Did::Edit(text),
        Effect::Submit(Command::Save { record, .. }) => Did::Saved(record),
        Effect::All(effects) if matches!(effects.first(), Some(Effect::Close)) => Did::Cancelled,
        other => panic!("a form does not {other:?}"),
    }
}

fn press(form: &mut Form, code: KeyCode) -> Did {
    did(form.handle_key(key(code), today()))
}

fn type_text(form: &mut Form, text: &str) {
    for c in text.chars() {
        assert_eq!(press(form, KeyCode::Char(c)), Did::Stay);
    }
}

/// Tabs to the field `name`.
fn focus(form: &mut Form, name: &str) {
    for _ in 0..form.fields.len() {
        if form.fields[form.focus].key == name {
            return;
        }
        press(form, KeyCode::Tab);
    }
    panic!("no field {name}");
}

/// Empties the focused single-line field and types `text` into it.
fn replace(form: &mut Form, name: &str, text: &str) {
    focus(form, name);
    form.handle_key(
        KeyEvent::new(KeyCode::Char('>'), KeyModifiers::ALT),
        today(),
    );
    form.handle_key(key(KeyCode::End), today());
    while !form.fields[form.focus].text().is_empty() {
        press(form, KeyCode::Backspace);
    }
    type_text(form, text);
}

pub(super) fn save(form: &mut Form) -> Did {
    did(form.handle_key(ctrl('s'), today()))
}

fn error_at<'a>(form: &'a Form, name: &str) -> Option<&'a str> {
    form.fields.iter().find(|f| f.key == name)?.error.as_deref()
}

fn draw(form: &Form, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| form.render(frame, frame.area(), &Theme::new(true)))
        .unwrap();
    terminal
}

fn screen(form: &Form, width: u16, height: u16) -> String {
    let terminal = draw(form, width, height);
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn titles_say_what_is_edited() {
    assert_eq!(
        Form::account(&Account::new("A"), true).title(),
        "New account"
    );
    assert_eq!(
        Form::account(&Account::new("A"), false).title(),
        "Edit account"
    );
    let proof = ProofStatement::new(Id::new(), today(), "");
    assert_eq!(
        Form::proof(&proof, (&[], &[]), &[], &[], true).title(),
        "New proof statement"
    );
}

#[test]
fn typed_account_fields_make_the_record() {
    let original = Account::new("");
    let mut form = Form::account(&original, true);
    type_text(&mut form, "Nordwerk GmbH");
    press(&mut form, KeyCode::Enter);
    type_text(&mut form, "Machine tools");
    replace(&mut form, "revenue_history", "2025 1.2M");
    replace(&mut form, "share_of_wallet", "35%");
    focus(&mut form, "stage");
    press(&mut form, KeyCode::Right);
    press(&mut form, KeyCode::Right);
    focus(&mut form, "value_proposition");
    type_text(&mut form, "Uptime");
    press(&mut form, KeyCode::Enter);
    type_text(&mut form, "everywhere");
    replace(&mut form, "last_review", "+1w");

    let Did::Saved(Record::Account(account)) = save(&mut form) else {
        panic!("not submitted: {:?}", form.fields);
    };
    let expected = Account {
        name: "Nordwerk GmbH".into(),
        industry: "Machine tools".into(),
        revenue_history: vec![YearRevenue {
            year: 2025,
            amount: 1_200_000,
        }],
        share_of_wallet: Some(35),
        stage: RelationshipStage::Cooperative,
        value_proposition: "Uptime\neverywhere".into(),
        last_review: Some(date(2026, 11, 30)),
        ..original
    };
    assert_eq!(account, expected);
}

#[test]
fn revenue_accepts_the_ways_people_write_it() {
    for (typed, value) in [
        ("1.2M", 1_200_000),
        ("850k", 850_000),
        ("1 200 000", 1_200_000),
        ("1,200,000", 1_200_000),
    ] {
        let mut form = Form::account(&Account::new("Nordwerk"), false);
        replace(&mut form, "revenue_history", &format!("2025 {typed}"));
        let Did::Saved(Record::Account(a)) = save(&mut form) else {
            panic!("{typed} refused");
        };
        assert_eq!(a.latest_revenue().map(|r| r.amount), Some(value), "{typed}");
    }
}

#[test]
fn an_unchanged_record_comes_back_as_it_was() {
    let mut account = Account::new("Nordwerk");
    account.revenue_history = vec![YearRevenue {
        year: 2025,
        amount: 1_234_567,
    }];
    account.share_of_wallet = Some(12);
    account.last_review = Some(date(2026, 1, 2));
    account.customers = "OEMs\nTier-1 suppliers".into();
    let mut form = Form::account(&account, false);
    assert!(!form.is_changed());
    assert_eq!(save(&mut form), Did::Saved(Record::Account(account)));
}

#[test]
fn a_bad_date_stays_with_its_error_and_nothing_is_saved() {
    let mut form = Form::account(&Account::new("Nordwerk"), false);
    replace(&mut form, "last_review", "2026-13-01");
    focus(&mut form, "name");
    assert_eq!(save(&mut form), Did::Stay);
    assert!(
        error_at(&form, "last_review")
            .unwrap()
            .contains("not a date")
    );
    assert_eq!(
        form.fields[form.focus].key, "last_review",
        "focus moves to the bad field"
    );
    assert_eq!(
        form.fields[form.focus].text(),
        "2026-13-01",
        "the typing is kept"
    );
    assert!(screen(&form, 80, 24).contains("is not a date"));

    type_text(&mut form, "x");
    assert_eq!(
        error_at(&form, "last_review"),
        None,
        "editing clears the error"
    );
}

#[test]
fn every_parse_error_is_shown_at_once() {
    let mut form = Form::plan(&ActionPlan::new(Id::new(), "Pilot"), Id::new(), &[], false);
    replace(&mut form, "due", "someday");
    replace(&mut form, "billable_hours", "lots");
    assert_eq!(save(&mut form), Did::Stay);
    assert!(error_at(&form, "due").is_some());
    assert!(error_at(&form, "billable_hours").is_some());
    assert_eq!(
        form.fields[form.focus].key, "due",
        "the first bad field has focus"
    );
}

#[test]
fn domain_validation_errors_land_on_their_fields() {
    let mut form = Form::account(&Account::new("Nordwerk"), false);
    replace(&mut form, "share_of_wallet", "140");
    replace(&mut form, "name", "  ");
    assert_eq!(save(&mut form), Did::Stay);
    assert_eq!(
        error_at(&form, "share_of_wallet"),
        Some("must be a percentage from 0 to 100")
    );
    assert_eq!(error_at(&form, "name"), Some("required"));
    assert_eq!(form.fields[form.focus].key, "name");
}

#[test]
fn issue_fields_make_the_record() {
    let original = BusinessIssue::new(Id::new(), "");
    let mut form = Form::issue(&original, &[], true);
    type_text(&mut form, "Lines stop for lack of spares");
    focus(&mut form, "said_on");
    type_text(&mut form, "today");
    press(&mut form, KeyCode::Enter);
    press(&mut form, KeyCode::Char('y'));
    press(&mut form, KeyCode::Enter);
    type_text(&mut form, "Plant director");
    focus(&mut form, "importance");
    press(&mut form, KeyCode::Char('c'));
    let Did::Saved(Record::Issue(issue)) = save(&mut form) else {
        panic!("not submitted");
    };
    assert_eq!(issue.statement, "Lines stop for lack of spares");
    assert_eq!(issue.said_on, Some(today()));
    assert!(issue.confirmed);
    assert_eq!(issue.confirmed_by, "Plant director");
    assert_eq!(issue.importance, crate::domain::Importance::Critical);
    assert_eq!(issue.id, original.id);
}

#[test]
fn a_confirmer_without_confirmation_is_explained_at_the_field() {
    let mut form = Form::issue(&BusinessIssue::new(Id::new(), "Spares"), &[], false);
    replace(&mut form, "confirmed_by", "Plant director");
    assert_eq!(save(&mut form), Did::Stay);
    assert!(error_at(&form, "confirmed_by").is_some());
}

#[test]
fn steps_keep_their_ids_and_done_marks() {
    let mut plan = ActionPlan::new(Id::new(), "Consignment stock pilot");
    plan.steps = vec![Step::new("Scope"), Step::new("Run")];
    plan.steps[0].due = Some(date(2026, 12, 1));
    plan.steps[0].done = true;
    let mut form = Form::plan(&plan, Id::new(), &[], false);
    focus(&mut form, "steps");
    assert_eq!(
        form.fields[form.focus].text(),
        "[x] Scope @ 2026-12-01\n[ ] Run"
    );
    // Entered going forward, the cursor is at the start: go to the end.
    form.handle_key(
        KeyEvent::new(KeyCode::Char('>'), KeyModifiers::ALT),
        today(),
    );
    press(&mut form, KeyCode::End);
    press(&mut form, KeyCode::Enter);
    type_text(&mut form, "[x] Review");
    form.handle_key(ctrl('p'), today());
    form.handle_key(ctrl('a'), today());
    type_text(&mut form, "\n");
    let Did::Saved(Record::Plan(saved)) = save(&mut form) else {
        panic!("not submitted: {:?}", form.fields[form.focus]);
    };
    let summary: Vec<_> = saved
        .steps
        .iter()
        .map(|s| (s.text.as_str(), s.done))
        .collect();
    assert_eq!(summary, [("Scope", true), ("Run", false), ("Review", true)]);
    assert_eq!(saved.steps[0].id, plan.steps[0].id);
    assert_eq!(saved.steps[0].due, plan.steps[0].due);
    assert_eq!(saved.steps[1].id, plan.steps[1].id);
    assert!(plan.steps.iter().all(|s| s.id != saved.steps[2].id));
}

#[test]
fn hours_take_a_decimal_comma() {
    let mut form = Form::plan(&ActionPlan::new(Id::new(), "Pilot"), Id::new(), &[], false);
    replace(&mut form, "billable_hours", "1,5");
    replace(&mut form, "non_billable_hours", "-2");
    assert_eq!(save(&mut form), Did::Stay);
    assert_eq!(
        error_at(&form, "non_billable_hours"),
        Some("must be zero or more hours")
    );
    replace(&mut form, "non_billable_hours", "0.25");
    let Did::Saved(Record::Plan(plan)) = save(&mut form) else {
        panic!("not submitted");
    };
    assert_eq!((plan.billable_hours, plan.non_billable_hours), (1.5, 0.25));
}

/// The options of the choice field `name`.
fn options<'a>(form: &'a Form, name: &str) -> &'a [String] {
    match form.fields.iter().find(|f| f.key == name).map(|f| &f.input) {
        Some(crate::tui::screens::forms::field::Input::Choice { options, .. }) => options,
        _ => panic!("no choice {name}"),
    }
}

/// The chosen option of the choice field `name`.
fn chosen<'a>(form: &'a Form, name: &str) -> &'a str {
    let field = form.fields.iter().find(|f| f.key == name).unwrap();
    &options(form, name)[field.selected()]
}

#[test]
fn proof_links_offer_none_first_and_keep_unlisted_links() {
    let account = Id::new();
    let issues = [
        BusinessIssue::new(account, "Spares\nmore detail"),
        BusinessIssue::new(account, "Downtime"),
    ];
    let plans = [ActionPlan::new(issues[1].id, "Consignment stock")];
    let mut proof =
        ProofStatement::new(account, date(2026, 10, 1), "99% of repairs within 4 hours");
    let mut form = Form::proof(&proof, (&issues, &plans), &[], &[], true);
    assert_eq!(
        options(&form, "issue_id"),
        ["— none —", "Spares …", "Downtime"]
    );
    focus(&mut form, "issue_id");
    press(&mut form, KeyCode::Char('d'));
    focus(&mut form, "plan_id");
    press(&mut form, KeyCode::Char(' '));
    replace(&mut form, "value", "99 %");
    let Did::Saved(Record::Proof(saved)) = save(&mut form) else {
        panic!("not submitted");
    };
    assert_eq!(saved.issue_id, Some(issues[1].id));
    assert_eq!(saved.plan_id, Some(plans[0].id));
    assert_eq!(saved.value.as_deref(), Some("99 %"));
    assert_eq!(saved.date, date(2026, 10, 1), "the record's date is kept");

    proof.issue_id = Some(Id::new());
    proof.plan_id = Some(Id::new());
    let mut form = Form::proof(&proof, (&issues, &plans), &[], &[], false);
    assert_eq!(save(&mut form), Did::Saved(Record::Proof(proof)));
}

/// An account's two issues, "Spares" with the plan "Consignment stock"
/// and "Downtime" with "Remote diagnosis" and "Spare kit".
fn spares_and_downtime() -> (Id, [BusinessIssue; 2], [ActionPlan; 3]) {
    let account = Id::new();
    let issues = [
        BusinessIssue::new(account, "Spares"),
        BusinessIssue::new(account, "Downtime"),
    ];
    let plans = [
        ActionPlan::new(issues[0].id, "Consignment stock"),
        ActionPlan::new(issues[1].id, "Remote diagnosis"),
        ActionPlan::new(issues[1].id, "Spare kit"),
    ];
    (account, issues, plans)
}

#[test]
fn proof_plans_follow_the_chosen_issue() {
    let (account, issues, plans) = spares_and_downtime();
    let proof = ProofStatement::new(account, today(), "Delivered");
    let mut form = Form::proof(&proof, (&issues, &plans), &[], &[], true);
    assert_eq!(
        options(&form, "plan_id"),
        ["— none —"],
        "no issue, no plans"
    );
    focus(&mut form, "issue_id");
    press(&mut form, KeyCode::Char('d'));
    assert_eq!(
        options(&form, "plan_id"),
        ["— none —", "Remote diagnosis", "Spare kit"]
    );
    focus(&mut form, "plan_id");
    press(&mut form, KeyCode::Left);
    assert_eq!(chosen(&form, "plan_id"), "Spare kit");
    focus(&mut form, "issue_id");
    press(&mut form, KeyCode::Char('s'));
    assert_eq!(options(&form, "plan_id"), ["— none —", "Consignment stock"]);
    assert_eq!(chosen(&form, "plan_id"), "— none —");
    focus(&mut form, "plan_id");
    press(&mut form, KeyCode::Right);
    let Did::Saved(Record::Proof(saved)) = save(&mut form) else {
        panic!("not submitted");
    };
    assert_eq!(saved.issue_id, Some(issues[0].id));
    assert_eq!(saved.plan_id, Some(plans[0].id));
}

#[test]
fn a_stored_plan_of_another_issue_shows_until_fixed() {
    let (account, issues, plans) = spares_and_downtime();
    let mut proof = ProofStatement::new(account, today(), "Delivered");
    proof.issue_id = Some(issues[0].id);
    proof.plan_id = Some(plans[1].id);
    let mut form = Form::proof(&proof, (&issues, &plans), &[], &[], false);
    assert_eq!(
        chosen(&form, "plan_id"),
        "Remote diagnosis (another issue's plan)"
    );
    assert!(
        error_at(&form, "plan_id").is_some_and(|e| e.contains("not one of the chosen issue's"))
    );
    assert!(screen(&form, 80, 24).contains("This plan is not one of the chosen issue's"));
    assert_eq!(
        save(&mut form),
        Did::Saved(Record::Proof(proof.clone())),
        "saved untouched, the link is kept"
    );

    focus(&mut form, "issue_id");
    press(&mut form, KeyCode::Char('d'));
    assert_eq!(
        options(&form, "plan_id"),
        ["— none —", "Remote diagnosis", "Spare kit"]
    );
    assert_eq!(error_at(&form, "plan_id"), None);
    press(&mut form, KeyCode::Char('s'));
    assert_eq!(
        chosen(&form, "plan_id"),
        "Remote diagnosis (another issue's plan)"
    );
    focus(&mut form, "plan_id");
    press(&mut form, KeyCode::Char('c'));
    let Did::Saved(Record::Proof(saved)) = save(&mut form) else {
        panic!("not submitted");
    };
    assert_eq!(saved.plan_id, Some(plans[0].id));
}

#[test]
fn the_proof_form_opens_on_the_statement() {
    let proof = ProofStatement::new(Id::new(), today(), "");
    let mut form = Form::proof(&proof, (&[], &[]), &[], &[], true);
    assert_eq!(form.fields[form.focus].key, "statement");
    type_text(&mut form, "Uptime 99.9 %");
    press(&mut form, KeyCode::BackTab);
    assert_eq!(form.fields[form.focus].key, "date");
    let Did::Saved(Record::Proof(saved)) = save(&mut form) else {
        panic!("not submitted");
    };
    assert_eq!(saved.statement, "Uptime 99.9 %");
    assert_eq!(saved.date, today(), "prefilled today");
}

#[test]
fn a_step_due_date_is_changed_in_the_plan_form_and_a_bad_one_kept_with_an_error() {
    let mut plan = ActionPlan::new(Id::new(), "Consignment stock pilot");
    plan.steps = vec![Step::new("Scope"), Step::new("Run")];
    plan.steps[0].due = Some(date(2026, 12, 1));
    let mut form = Form::plan(&plan, Id::new(), &[], false);
    replace(
        &mut form,
        "steps",
        "[ ] Scope @ 2026-12-24\n[ ] Run @ whenever",
    );
    assert_eq!(save(&mut form), Did::Stay);
    let error = error_at(&form, "steps").expect("an error at the steps");
    assert!(
        error.starts_with("“Run”: `whenever` is not a date"),
        "{error}"
    );
    assert_eq!(
        form.fields[form.focus].text(),
        "[ ] Scope @ 2026-12-24\n[ ] Run @ whenever",
        "the typing is kept"
    );
    replace(&mut form, "steps", "[ ] Scope @ 2026-12-24\n[ ] Run @ +2w");
    let Did::Saved(Record::Plan(saved)) = save(&mut form) else {
        panic!("not submitted");
    };
    assert_eq!(saved.steps[0].id, plan.steps[0].id);
    assert_eq!(saved.steps[0].due, Some(date(2026, 12, 24)));
    assert_eq!(saved.steps[1].id, plan.steps[1].id);
    assert_eq!(saved.steps[1].due, Some(date(2026, 12, 7)));
}

#[test]
fn a_proof_needs_a_date() {
    let proof = ProofStatement::new(Id::new(), today(), "Delivered");
    let mut form = Form::proof(&proof, (&[], &[]), &[], &[], true);
    replace(&mut form, "date", "");
    assert_eq!(save(&mut form), Did::Stay);
    assert_eq!(error_at(&form, "date"), Some("required"));
}

#[test]
fn a_proof_dated_after_today_is_refused_at_the_date_and_the_typing_kept() {
    let proof = ProofStatement::new(Id::new(), today(), "Delivered");
    let mut form = Form::proof(&proof, (&[], &[]), &[], &[], true);
    replace(&mut form, "date", "tomorrow");
    assert_eq!(save(&mut form), Did::Stay);
    assert_eq!(
        error_at(&form, "date"),
        Some("A proof statement records something delivered: its date must be today or earlier")
    );
    let date = form.fields.iter().find(|f| f.key == "date").unwrap();
    assert_eq!(date.text(), "tomorrow");
    replace(&mut form, "date", "today");
    assert!(matches!(save(&mut form), Did::Saved(_)));
}

#[test]
fn escape_asks_before_dropping_changes() {
    let mut form = Form::account(&Account::new("Nordwerk"), false);
    assert_eq!(
        press(&mut form, KeyCode::Esc),
        Did::Cancelled,
        "nothing changed"
    );

    type_text(&mut form, "!");
    assert_eq!(press(&mut form, KeyCode::Esc), Did::Stay);
    assert!(screen(&form, 80, 24).contains("Discard changes? y/n"));
    assert_eq!(
        press(&mut form, KeyCode::Char('x')),
        Did::Stay,
        "other keys wait"
    );
    assert_eq!(press(&mut form, KeyCode::Char('n')), Did::Stay);
    assert_eq!(
        form.fields[0].text(),
        "Nordwerk!",
        "back to editing, typing kept"
    );
    assert!(!screen(&form, 80, 24).contains("Discard"));

    press(&mut form, KeyCode::Esc);
    assert_eq!(press(&mut form, KeyCode::Char('y')), Did::Cancelled);
    let mut form = Form::account(&Account::new("Nordwerk"), false);
    type_text(&mut form, "!");
    press(&mut form, KeyCode::Esc);
    assert_eq!(
        press(&mut form, KeyCode::Esc),
        Did::Cancelled,
        "Esc twice discards"
    );
}

#[test]
fn undoing_a_change_is_no_change() {
    let mut form = Form::account(&Account::new("Nordwerk"), false);
    type_text(&mut form, "x");
    press(&mut form, KeyCode::Backspace);
    assert_eq!(press(&mut form, KeyCode::Esc), Did::Cancelled);
}

#[test]
fn navigation_between_fields() {
    let mut form = Form::plan(&ActionPlan::new(Id::new(), "Pilot"), Id::new(), &[], false);
    press(&mut form, KeyCode::BackTab);
    assert_eq!(
        form.fields[form.focus].key, "steps",
        "Shift-Tab wraps round"
    );
    press(&mut form, KeyCode::Tab);
    assert_eq!(form.focus, 0);
    press(&mut form, KeyCode::Up);
    assert_eq!(form.focus, 0, "Up stops at the top");
    press(&mut form, KeyCode::Down);
    assert_eq!(form.fields[form.focus].key, "detail");
    press(&mut form, KeyCode::Enter);
    type_text(&mut form, "b");
    assert_eq!(
        form.fields[form.focus].text(),
        "\nb",
        "Enter is a newline here"
    );
    press(&mut form, KeyCode::Up);
    assert_eq!(
        form.fields[form.focus].key, "detail",
        "Up moves inside the text first"
    );
    press(&mut form, KeyCode::Up);
    assert_eq!(
        form.fields[form.focus].key, "title",
        "then to the previous field"
    );
    press(&mut form, KeyCode::Down);
    press(&mut form, KeyCode::Down);
    press(&mut form, KeyCode::Down);
    assert_eq!(form.fields[form.focus].key, "uses_product");
    press(&mut form, KeyCode::Up);
    type_text(&mut form, "!");
    assert_eq!(
        form.fields[form.focus].text(),
        "\nb!",
        "entered going back: at the end"
    );
}

#[test]
fn enter_on_the_last_field_saves() {
    let proof = ProofStatement::new(Id::new(), today(), "Delivered");
    let mut form = Form::proof(&proof, (&[], &[]), &[], &[], false);
    focus(&mut form, "acknowledged");
    press(&mut form, KeyCode::Char(' '));
    focus(&mut form, "acknowledged_on");
    let Did::Saved(Record::Proof(saved)) = press(&mut form, KeyCode::Enter) else {
        panic!("Enter on the last field did not save");
    };
    assert!(saved.acknowledged);
}

#[test]
fn choice_fields_cycle() {
    let mut form = Form::account(&Account::new("Nordwerk"), false);
    focus(&mut form, "stage");
    let stage = |form: &mut Form| {
        let Did::Saved(Record::Account(a)) = save(form) else {
            panic!()
        };
        a.stage
    };
    press(&mut form, KeyCode::Left);
    assert_eq!(stage(&mut form), RelationshipStage::Integrated);
    press(&mut form, KeyCode::Char(' '));
    assert_eq!(stage(&mut form), RelationshipStage::Exploratory);
    press(&mut form, KeyCode::Char('b'));
    assert_eq!(stage(&mut form), RelationshipStage::Basic);
}

#[test]
fn external_editing_of_multi_line_fields() {
    let mut plan = ActionPlan::new(Id::new(), "Pilot");
    plan.detail = "Old detail".into();
    let mut form = Form::plan(&plan, Id::new(), &[], false);
    assert_eq!(
        did(form.handle_key(ctrl('e'), today())),
        Did::Stay,
        "not in one-line fields"
    );
    focus(&mut form, "detail");
    assert_eq!(
        did(form.handle_key(ctrl('e'), today())),
        Did::Edit("Old detail".into())
    );
    form.set_external_text(None);
    assert_eq!(form.fields[form.focus].text(), "Old detail");
    form.set_external_text(Some("New\ndetail\n".into()));
    assert_eq!(form.fields[form.focus].text(), "New\ndetail");
    assert!(screen(&form, 80, 24).contains("Ctrl-E editor"));
}

#[test]
fn pasting_into_fields() {
    let mut form = Form::plan(&ActionPlan::new(Id::new(), ""), Id::new(), &[], true);
    form.paste("Pilot\nphase two");
    press(&mut form, KeyCode::Tab);
    form.paste("line one\r\nline two");
    let Did::Saved(Record::Plan(plan)) = save(&mut form) else {
        panic!("not submitted");
    };
    assert_eq!(plan.title, "Pilot phase two");
    assert_eq!(plan.detail, "line one\nline two");
}

#[test]
fn store_errors_are_shown_where_they_belong() {
    let mut form = Form::account(&Account::new("Nordwerk"), false);
    let invalid = Invalid(vec![
        FieldError::new("share_of_wallet", "must be a percentage from 0 to 100"),
        FieldError::new("owner_id", "unknown owner"),
    ]);
    form.show_store_error(&StoreError::Invalid(invalid));
    assert_eq!(
        error_at(&form, "share_of_wallet"),
        Some("must be a percentage from 0 to 100")
    );
    assert_eq!(form.fields[form.focus].key, "share_of_wallet");
    assert_eq!(form.error.as_deref(), Some("owner id: unknown owner"));

    form.show_store_error(&StoreError::ReadOnly);
    assert_eq!(error_at(&form, "share_of_wallet"), None);
    assert!(screen(&form, 80, 24).contains("the database is read-only"));
    assert_eq!(form.fields[0].text(), "Nordwerk");
}

#[test]
fn drawing_shows_labels_values_and_the_cursor() {
    let mut account = Account::new("Nordwerk GmbH");
    account.revenue_history = vec![YearRevenue {
        year: 2025,
        amount: 1_200_000,
    }];
    account.customers = "東京の工場".into();
    let form = Form::account(&account, false);
    let text = screen(&form, 80, 24);
    for expected in [
        "Edit account",
        "Name *",
        "Nordwerk GmbH",
        "What we sell them",
        "1 200 000",
        "Exploratory",
        "Their customers",
        "Tab next · Shift-Tab back · Ctrl-S save · Esc cancel",
    ] {
        assert!(text.contains(expected), "{expected:?} missing in\n{text}");
    }
    assert!(text.replace(' ', "").contains("東京の工場"), "{text}");

    let mut terminal = draw(&form, 80, 24);
    let name_row = text
        .lines()
        .position(|l| l.contains("Nordwerk GmbH"))
        .unwrap();
    let line = text.lines().nth(name_row).unwrap();
    let name_col = line[..line.find("Nordwerk").unwrap()].chars().count();
    let expected = Position::new(
        u16::try_from(name_col + "Nordwerk GmbH".len()).unwrap(),
        u16::try_from(name_row).unwrap(),
    );
    terminal.backend_mut().assert_cursor_position(expected);
}

#[test]
fn wide_text_keeps_the_layout() {
    let mut account = Account::new("東京精機株式会社🚀");
    account.industry = "工作機械".repeat(20);
    let form = Form::account(&account, false);
    let terminal = draw(&form, 80, 24);
    let buffer = terminal.backend().buffer();
    let row = (0..24)
        .find(|&y| buffer[(24, y)].symbol() == "東")
        .expect("name drawn at the value column");
    let label_row: String = (0..24).map(|x| buffer[(x, row)].symbol()).collect();
    assert!(label_row.contains("Name *"), "{label_row}");
    // The right border stays in place on the row of a long wide value.
    let industry_row = row + 1;
    assert_eq!(buffer[(79, industry_row)].symbol(), "│");
    assert_eq!(
        buffer[(24, industry_row)].symbol(),
        "工",
        "unfocused text shows its start"
    );
}

#[test]
fn hostile_text_in_choice_labels_is_defused() {
    let account = Id::new();
    let issues = [BusinessIssue::new(account, "\u{1b}[2J\u{202e}evil")];
    let mut proof = ProofStatement::new(account, today(), "Delivered");
    proof.issue_id = Some(issues[0].id);
    let form = Form::proof(&proof, (&issues, &[]), &[], &[], false);
    let text = screen(&form, 80, 24);
    assert!(text.contains("␛[2J�evil"), "{text}");
    assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}'));
}

#[test]
fn a_short_screen_scrolls_to_the_focused_field() {
    let mut form = Form::account(&Account::new("Nordwerk"), false);
    focus(&mut form, "last_review");
    type_text(&mut form, "2026-01-01");
    let text = screen(&form, 80, 8);
    assert!(text.contains("Last review"), "{text}");
    assert!(text.contains("2026-01-01"), "{text}");
    assert!(!text.contains("Name *"), "{text}");
}

#[test]
fn drawing_never_panics_at_any_size() {
    let account = Id::new();
    let issues = [BusinessIssue::new(account, "東京 🚀 ".repeat(30))];
    let plans = [ActionPlan::new(issues[0].id, "Plan")];
    let proof = ProofStatement::new(account, today(), "証明".repeat(50));
    let mut forms = [
        Form::account(&Account::new("東京".repeat(40)), true),
        Form::issue(&issues[0], &[], false),
        Form::plan(&plans[0], Id::new(), &[], false),
        Form::proof(&proof, (&issues, &plans), &[], &[], false),
    ];
    for form in &mut forms {
        let first = form.fields[0].key;
        replace(form, first, "");
        save(form);
        form.show_store_error(&StoreError::Busy);
        for _ in 0..form.fields.len() {
            for (w, h) in [
                (1, 1),
                (20, 5),
                (10, 3),
                (2, 2),
                (3, 30),
                (200, 3),
                (81, 60),
            ] {
                draw(form, w, h);
            }
            for w in 0..30 {
                for h in 0..14 {
                    draw(form, w.max(1), h.max(1));
                }
            }
            press(form, KeyCode::Tab);
        }
        press(form, KeyCode::Esc);
        draw(form, 1, 1);
        draw(form, 30, 4);
    }
}

#[test]
fn text_fields_show_control_characters_defused() {
    let name = "a\u{1b}[2J\u{200d}b\tc";
    let mut account = Account::new(name);
    account.customers = "x\u{1b}[31my\r\n\u{202e}z".into();
    let form = Form::account(&account, false);
    let text = screen(&form, 80, 24);
    assert!(text.contains("a␛[2J�b c"), "{text}");
    assert!(text.contains("x␛[31my␍"), "{text}");
    assert!(text.contains("�z"), "{text}");
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );

    // One character drawn for each one held: the cursor stays after the text.
    let mut terminal = draw(&form, 80, 24);
    let row = text.lines().position(|l| l.contains("a␛[2J")).unwrap();
    let line = text.lines().nth(row).unwrap();
    let col = line[..line.find("a␛").unwrap()].chars().count() + name.chars().count();
    terminal.backend_mut().assert_cursor_position(Position::new(
        u16::try_from(col).unwrap(),
        u16::try_from(row).unwrap(),
    ));
    assert_eq!(form.fields[0].text(), name, "held as stored");
}

#[test]
fn private_mode_masks_figures_with_a_fixed_width() {
    let mask_of = |revenue: i64| {
        let mut account = Account::new("Nordwerk");
        account.revenue_history = vec![YearRevenue {
            year: 2025,
            amount: revenue,
        }];
        let mut form = Form::account(&account, false);
        form.hide_figures();
        let text = screen(&form, 80, 24);
        let row = text
            .lines()
            .find(|l| l.contains("Revenue per year"))
            .unwrap();
        let value = row.trim_end_matches(['│', ' ']);
        value.split_whitespace().last().unwrap().to_owned()
    };
    assert_eq!(mask_of(5), crate::text::MASK);
    assert_eq!(mask_of(1_234_567_890), crate::text::MASK);

    let mut account = Account::new("Nordwerk");
    account.revenue_history = vec![YearRevenue {
        year: 2024,
        amount: 1_234_567,
    }];
    let mut form = Form::account(&account, false);
    form.hide_figures();
    focus(&mut form, "revenue_history");
    type_text(&mut form, "2025 3.5M");
    assert!(!screen(&form, 80, 24).contains("3.5M"));
    let Did::Saved(Record::Account(saved)) = save(&mut form) else {
        panic!("not saved");
    };
    let years: Vec<_> = saved
        .revenue_history
        .iter()
        .map(|r| (r.year, r.amount))
        .collect();
    assert_eq!(years, [(2025, 3_500_000)], "typing starts anew");
}

fn crane_availability() -> crate::domain::measure::Measure {
    crate::domain::measure::Measure {
        name: "Crane availability".into(),
        better: crate::domain::measure::Better::Higher,
        target: Some(99.0),
        confidential: true,
    }
}

#[test]
fn choosing_one_of_the_accounts_measures_shows_its_definition() {
    let proof = ProofStatement::new(Id::new(), date(2026, 10, 1), "Availability in September");
    let measures = [crane_availability()];
    let mut form = Form::proof(&proof, (&[], &[]), &[], &measures, true);
    assert_eq!(
        options(&form, "measure"),
        ["— none —", "Crane availability", "a new measure…"]
    );
    focus(&mut form, "measure");
    press(&mut form, KeyCode::Char('c'));
    assert_eq!(chosen(&form, "measure"), "Crane availability");
    let target = form.fields.iter().find(|f| f.key == "target").unwrap();
    assert_eq!(target.text(), "99", "the measure's target is shown");
    replace(&mut form, "value", "99.2 %");
    let Did::Saved(Record::Proof(saved)) = save(&mut form) else {
        panic!("not submitted");
    };
    assert_eq!(saved.measure, Some(crane_availability()));
    assert_eq!(saved.value.as_deref(), Some("99.2 %"));
}

#[test]
fn a_new_measure_needs_a_name_and_a_clear_value_and_keeps_what_was_typed() {
    let proof = ProofStatement::new(Id::new(), date(2026, 10, 1), "Repairs in September");
    let mut form = Form::proof(&proof, (&[], &[]), &[], &[], true);
    focus(&mut form, "measure");
    press(&mut form, KeyCode::Char('a'));
    assert_eq!(chosen(&form, "measure"), "a new measure…");
    replace(&mut form, "value", "about 4 h");
    replace(&mut form, "target", "four");
    assert_eq!(save(&mut form), Did::Stay);
    assert!(
        error_at(&form, "new_measure")
            .unwrap()
            .contains("Name the new measure")
    );
    assert!(error_at(&form, "target").unwrap().contains("A number"));
    replace(&mut form, "new_measure", "Repair time");
    replace(&mut form, "target", "4");
    assert_eq!(save(&mut form), Did::Stay);
    let typed = form
        .fields
        .iter()
        .find(|f| f.key == "value")
        .unwrap()
        .text();
    assert_eq!(typed, "about 4 h", "the typed value is kept");
    assert!(
        error_at(&form, "value")
            .unwrap()
            .contains("a number and a unit")
    );
    replace(&mut form, "value", "3.5 h");
    let Did::Saved(Record::Proof(saved)) = save(&mut form) else {
        panic!("not submitted");
    };
    let measure = saved.measure.unwrap();
    assert_eq!(
        (measure.name.as_str(), measure.target),
        ("Repair time", Some(4.0))
    );
}
