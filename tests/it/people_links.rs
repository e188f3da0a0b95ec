//! People linked to what they said and saw, in the interface: the person
//! fields of the forms offering the account's stakeholders, adding a new
//! one in the same save, a person's page, and the brief's stakeholder
//! list; and, in a pseudo-terminal, picking a person in a form.

use kam::domain::{Account, Attitude, BusinessIssue, Id, ProofStatement, Stakeholder};
use kam::store::Store;
use kam::tui::app::App;

use crate::support::pty::{CTRL_S, ENTER, Pty, TAB};
use crate::support::sandbox::{Sandbox, account_named};
use crate::support::tui::{app_on, press, screen, today, type_text};

/// The arrow key down, as a terminal sends it.
const DOWN: &str = "\x1b[B";

/// The fixture's account and people.
struct People {
    account: Id,
    anna: Id,
    dieter: Id,
}

/// One account, "Brennholt", with Anna Berg (plant manager, champion) and
/// Dieter Vogel (procurement, sceptic); Anna said one issue and
/// acknowledged one proof.
fn fixture() -> (Store, People) {
    let mut store = Store::open_in_memory().unwrap();
    let account = store.save_account(&Account::new("Brennholt")).unwrap().id;
    let mut anna = Stakeholder::new(account, "Anna Berg");
    anna.title = "Plant manager".into();
    anna.attitude = Attitude::Champion;
    let anna = store.save_stakeholder(&anna).unwrap();
    let mut dieter = Stakeholder::new(account, "Dieter Vogel");
    dieter.title = "Head of Procurement".into();
    dieter.attitude = Attitude::Sceptic;
    let dieter = store.save_stakeholder(&dieter).unwrap();
    let mut issue = BusinessIssue::new(account, "Lines stop for lack of spares");
    (issue.said_by, issue.said_by_id) = (anna.name.clone(), Some(anna.id));
    store.save_issue(&issue).unwrap();
    let mut proof = ProofStatement::new(account, today(), "Spares kit stocked at Kassel");
    proof.acknowledged = true;
    (proof.acknowledged_by, proof.acknowledged_by_id) = (anna.name.clone(), Some(anna.id));
    proof.acknowledged_on = Some(today());
    store.save_proof(&proof).unwrap();
    let people = People {
        account,
        anna: anna.id,
        dieter: dieter.id,
    };
    (store, people)
}

/// The account open, a new business issue's form on its "Said by" field
/// with `typed` typed into it.
fn said_by_typed(typed: &str) -> (App, People) {
    let (store, people) = fixture();
    let mut app = app_on(store);
    press(&mut app, "Enter n");
    type_text(&mut app, "Audits find undocumented repairs");
    press(&mut app, "Tab Tab");
    type_text(&mut app, typed);
    (app, people)
}

/// The issue the form saved.
fn saved_issue(app: &App, people: &People) -> BusinessIssue {
    app.store()
        .issues(people.account)
        .unwrap()
        .into_iter()
        .find(|i| i.statement == "Audits find undocumented repairs")
        .expect("the issue was saved")
}

#[test]
fn typing_a_name_offers_the_accounts_people_and_links_the_one_picked() {
    let (mut app, people) = said_by_typed("dIe");
    let text = screen(&app, 100, 40);
    assert!(
        text.contains("Dieter Vogel · Head of Procurement"),
        "{text}"
    );
    assert!(text.contains("+ add “dIe” as a new stakeholder"), "{text}");
    assert!(
        !text.contains("Anna Berg · Plant manager"),
        "only the names holding it:\n{text}"
    );
    press(&mut app, "Down Enter");
    let text = screen(&app, 100, 40);
    assert!(text.contains("✓ stakeholder Dieter Vogel"), "{text}");
    press(&mut app, "C-s");
    let issue = saved_issue(&app, &people);
    assert_eq!(
        (issue.said_by.as_str(), issue.said_by_id),
        ("Dieter Vogel", Some(people.dieter))
    );
}

#[test]
fn a_name_that_is_nobody_stays_text_unless_added_in_the_same_save() {
    let (mut app, people) = said_by_typed("the works council");
    press(&mut app, "C-s");
    let issue = saved_issue(&app, &people);
    assert_eq!(
        (issue.said_by.as_str(), issue.said_by_id),
        ("the works council", None)
    );
    assert_eq!(app.store().stakeholders(people.account).unwrap().len(), 2);

    let (mut app, people) = said_by_typed("Paul Rey");
    press(&mut app, "Down Enter");
    assert!(screen(&app, 100, 40).contains("+ added as a new stakeholder on saving"));
    press(&mut app, "C-s");
    let issue = saved_issue(&app, &people);
    let paul = app
        .store()
        .stakeholder(issue.said_by_id.expect("linked"))
        .unwrap();
    assert_eq!(
        (paul.name.as_str(), paul.account_id),
        ("Paul Rey", people.account)
    );
}

#[test]
fn a_persons_page_lists_what_they_said_and_acknowledged_and_opens_it() {
    let (store, people) = fixture();
    let mut app = app_on(store);
    // Anna is first by name on the stakeholders page.
    press(&mut app, "Enter 2 Enter");
    let text = screen(&app, 100, 30);
    assert!(
        text.contains("Champion · influence unknown · Plant manager"),
        "{text}"
    );
    assert!(
        text.contains("Issue, said: Lines stop for lack of spares"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "Proof {}, acknowledged on {}: Spares kit",
            today(),
            today()
        )),
        "{text}"
    );
    press(&mut app, "Enter");
    let text = screen(&app, 100, 30);
    assert!(
        text.contains("Edit business issue"),
        "Enter opens the issue:\n{text}"
    );
    press(&mut app, "Esc j Enter");
    let text = screen(&app, 100, 30);
    assert!(text.contains("Edit proof statement"), "{text}");
    assert_ne!(people.anna, people.dieter);
}

#[test]
fn the_brief_names_each_stakeholders_stance() {
    let (store, _) = fixture();
    let mut app = app_on(store);
    press(&mut app, "Enter b");
    // Every page of the brief, read one after the other.
    let mut text = screen(&app, 100, 40);
    for _ in 0..6 {
        press(&mut app, "PageDown");
        text.push_str(&screen(&app, 100, 40));
    }
    assert!(
        text.contains("Anna Berg — Plant manager · champion"),
        "{text}"
    );
    assert!(
        text.contains("Dieter Vogel — Head of Procurement · sceptic"),
        "{text}"
    );
    assert!(text.contains("✓ acknowledged by Anna Berg on"), "{text}");
}

#[test]
fn a_person_is_picked_in_a_form_in_a_terminal() {
    let sandbox = Sandbox::new();
    let account = sandbox.add_account("Nordwerk GmbH", &[]);
    let mut store = sandbox.store();
    let mut person = Stakeholder::new(account.id, "Hélène Marchand");
    person.title = "Group Technical Director".into();
    let person = store.save_stakeholder(&person).unwrap();
    drop(store);

    let db = sandbox.db();
    let mut kam = Pty::spawn(&["--db".as_ref(), db.as_os_str()], &sandbox.home(), 120, 40);
    kam.wait_for("Nordwerk GmbH");
    kam.send(ENTER);
    kam.wait_for("Business issues");
    kam.send("n");
    kam.wait_for("New business issue");
    kam.send("Spares run out at night");
    kam.send(TAB);
    kam.send(TAB);
    kam.send("hele");
    kam.wait_for("Hélène Marchand · Group Technical Director");
    kam.send(DOWN);
    kam.send(ENTER);
    kam.wait_for("✓ stakeholder Hélène Marchand");
    kam.send(CTRL_S);
    kam.wait_status("Saved business issue.");
    kam.send("q");
    assert!(kam.wait_exit().success());

    let store = sandbox.store();
    let account = account_named(&store, "Nordwerk GmbH");
    let issue = store.issues(account.id).unwrap().pop().expect("the issue");
    assert_eq!(
        (issue.said_by.as_str(), issue.said_by_id),
        ("Hélène Marchand", Some(person.id))
    );
    assert_eq!(store.person_links(person.id).unwrap().issues, vec![issue]);
}
