//! Every form keeps text exactly as stored or typed: joiners, right-to-left
//! text, tabs and escape sequences survive a save that changed another
//! field, byte for byte.

use chrono::Days;
use crossterm::event::KeyCode;

use crate::domain::{
    Account, ActionPlan, Assessment, BusinessIssue, Conversation, Id, ProofStatement,
    RelationshipStage, Stakeholder, Step,
};
use crate::tui::screens::forms::tests::Did;
use crate::tui::screens::forms::tests::{focus, press, replace, save, today, type_text};
use crate::tui::screens::forms::{Form, Record};

/// An emoji family joined by ZWJ, Persian with a ZWNJ, Hebrew, a tab, an
/// escape sequence and a bidirectional override.
const LINE: &str = "👨\u{200d}👩\u{200d}👧 می\u{200c}خواهم\tשלום \u{1b}[2J \u{202e}x";

/// [`LINE`] over several lines, with CR LF, indentation and a last newline.
fn lines() -> String {
    format!("{LINE}\r\n\t{LINE}\n")
}

/// [`LINE`] without white space, as an email address must be.
const ADDRESS: &str = "👨\u{200d}👩\u{200d}👧\u{200c}שלום\u{1b}[2J@x.de";

fn saved(form: &mut Form) -> Record {
    match save(form) {
        Did::Saved(record) => record,
        other => panic!("not saved: {other:?}"),
    }
}

#[test]
fn account_text_survives_a_change_of_stage() {
    let mut account = Account::new(LINE);
    account.industry = LINE.into();
    account.offerings = LINE.into();
    account.value_proposition = lines();
    account.differentiation = lines();
    account.customers = lines();
    let mut form = Form::account(&account, false);
    focus(&mut form, "stage");
    press(&mut form, KeyCode::Right);
    let expected = Account {
        stage: RelationshipStage::Basic,
        ..account
    };
    assert_eq!(saved(&mut form), Record::Account(expected));
}

#[test]
fn issue_text_survives_a_change_of_importance() {
    let mut issue = BusinessIssue::new(Id::new(), lines());
    issue.said_by = LINE.into();
    issue.confirmed = true;
    issue.confirmed_by = LINE.into();
    let mut form = Form::issue(&issue, &[], false);
    focus(&mut form, "importance");
    press(&mut form, KeyCode::Right);
    let Record::Issue(saved) = saved(&mut form) else {
        panic!("not an issue");
    };
    assert_ne!(saved.importance, issue.importance);
    let expected = BusinessIssue {
        importance: saved.importance,
        ..issue
    };
    assert_eq!(saved, expected);
}

#[test]
fn plan_text_survives_a_change_of_status() {
    let mut plan = ActionPlan::new(Id::new(), LINE);
    plan.detail = lines();
    plan.owner = LINE.into();
    plan.steps = vec![Step::new(LINE), Step::new(format!(" {LINE} "))];
    let mut form = Form::plan(&plan, Id::new(), &[], false);
    focus(&mut form, "status");
    press(&mut form, KeyCode::Right);
    let Record::Plan(saved) = saved(&mut form) else {
        panic!("not a plan");
    };
    assert_ne!(saved.status, plan.status);
    let expected = ActionPlan {
        status: saved.status,
        ..plan
    };
    assert_eq!(saved, expected);
}

#[test]
fn proof_text_survives_a_change_of_date() {
    let mut proof = ProofStatement::new(Id::new(), today(), lines());
    proof.value = Some(LINE.into());
    let mut form = Form::proof(&proof, (&[], &[]), &[], &[], false);
    replace(&mut form, "date", "yesterday");
    let expected = ProofStatement {
        date: today().checked_sub_days(Days::new(1)).unwrap(),
        ..proof
    };
    assert_eq!(saved(&mut form), Record::Proof(expected));
}

#[test]
fn stakeholder_text_survives_a_change_of_attitude() {
    let mut person = Stakeholder::new(Id::new(), LINE);
    person.title = LINE.into();
    person.email = ADDRESS.into();
    person.phone = LINE.into();
    person.owner = LINE.into();
    let mut form = Form::stakeholder(&person, &[], false);
    focus(&mut form, "attitude");
    press(&mut form, KeyCode::Right);
    let Record::Stakeholder(saved) = saved(&mut form) else {
        panic!("not a stakeholder");
    };
    assert_ne!(saved.attitude, person.attitude);
    let expected = Stakeholder {
        attitude: saved.attitude,
        ..person
    };
    assert_eq!(saved, expected);
}

#[test]
fn conversation_text_survives_a_change_of_time_frame() {
    let mut talk = Conversation::new(Id::new(), today(), LINE);
    talk.summary = lines();
    let mut form = Form::conversation(&talk, &[], &[LINE.to_owned()], false);
    focus(&mut form, "time_frame");
    press(&mut form, KeyCode::Right);
    let Record::Conversation(saved) = saved(&mut form) else {
        panic!("not a conversation");
    };
    assert_ne!(saved.time_frame, talk.time_frame);
    let expected = Conversation {
        time_frame: saved.time_frame,
        ..talk
    };
    assert_eq!(saved, expected);
}

#[test]
fn assessment_text_survives_a_change_of_stage() {
    let mut assessment = Assessment::new(Id::new(), today(), RelationshipStage::Exploratory);
    for rating in &mut assessment.ratings {
        rating.reason = LINE.into();
    }
    assessment.note = lines();
    let mut form = Form::assessment(&assessment, false);
    focus(&mut form, "stage");
    press(&mut form, KeyCode::Right);
    let expected = Assessment {
        stage: RelationshipStage::Basic,
        ..assessment
    };
    assert_eq!(saved(&mut form), Record::Assessment(expected));
}

#[test]
fn typed_and_pasted_text_is_saved_exactly() {
    let mut form = Form::issue(&BusinessIssue::new(Id::new(), ""), &[], true);
    focus(&mut form, "statement");
    type_text(&mut form, LINE);
    focus(&mut form, "said_by");
    form.paste(LINE);
    let Record::Issue(saved) = saved(&mut form) else {
        panic!("not an issue");
    };
    assert_eq!(saved.statement, LINE);
    assert_eq!(saved.said_by, LINE);
}
