//! The agenda view alone (actions on a built agenda), and the whole app
//! driven by keys: `A` opens the agenda, Enter jumps to the record.

use std::any::Any;

use chrono::{Days, NaiveDate};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::agenda::AgendaAccount;
use crate::domain::{Account, ActionPlan, BusinessIssue, Importance, Step};
use crate::store::Store;
use crate::tui::app::App;
use crate::tui::keymap::Keymap;
use crate::tui::screens::account::{AccountView, Pane};
use crate::tui::screens::agenda::*;
use crate::tui::theme::Theme;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn days(n: i64) -> NaiveDate {
    if n >= 0 {
        today() + Days::new(n.unsigned_abs())
    } else {
        today() - Days::new(n.unsigned_abs())
    }
}

/// An account reviewed and with proof recently, so that it shows only its
/// plans.
fn calm_account(name: &str) -> Account {
    let mut account = Account::new(name);
    account.last_review = Some(days(-10));
    account
}

/// An agenda of one overdue plan and two plans due this week, plus the
/// never-reviewed, silent account "Zeta".
fn agenda() -> Agenda {
    Agenda::build(&accounts(), today())
}

/// The accounts of [`agenda`].
fn accounts() -> Vec<AgendaAccount> {
    let plan = |title: &str, due: i64| {
        let mut p = ActionPlan::new(Id::new(), title);
        p.due = Some(days(due));
        p
    };
    let accounts = [
        AgendaAccount {
            account: calm_account("Acme"),
            plans: vec![plan("Late", -2), plan("Soon", 1), plan("Sooner", 0)],
            last_proof: Some(days(-1)),
            last_assessment: None,
        },
        AgendaAccount {
            account: Account::new("Zeta"),
            plans: Vec::new(),
            last_proof: None,
            last_assessment: None,
        },
    ];
    accounts.into()
}

#[test]
fn rows_put_entries_under_their_headings() {
    let view = AgendaView::new(agenda());
    assert_eq!(
        view.rows(),
        [
            Row::Heading(Section::Overdue, 1),
            Row::Entry(0),
            Row::Heading(Section::DueThisWeek, 2),
            Row::Entry(1),
            Row::Entry(2),
            Row::Heading(Section::Reviews, 1),
            Row::Entry(3),
            Row::Heading(Section::Quiet, 1),
            Row::Entry(4),
        ]
    );
    let empty = AgendaView::new(Agenda::default());
    assert_eq!(empty.rows().len(), 8, "a heading and a note per section");
    assert!(empty.rows().contains(&Row::Empty(Section::Quiet)));
}

#[test]
fn actions_move_the_selection_within_the_entries() {
    let mut view = AgendaView::new(agenda());
    assert!(matches!(view.handle(Action::Down), Effect::Stay));
    assert_eq!(view.selected_entry().unwrap().what(), "Sooner");
    view.handle(Action::Bottom);
    assert_eq!(view.selected, 4);
    view.handle(Action::Down);
    assert_eq!(view.selected, 4, "stops at the last entry");
    view.handle(Action::PageUp);
    assert_eq!(
        view.selected, 3,
        "a page is one row before anything is drawn"
    );
    view.handle(Action::Top);
    view.handle(Action::Up);
    assert_eq!(view.selected, 0);
    assert!(matches!(view.handle(Action::Back), Effect::Close));
}

#[test]
fn open_asks_to_jump_to_the_selected_record() {
    let mut view = AgendaView::new(agenda());
    let first = view.selected_entry().unwrap().clone();
    assert!(matches!(
        view.handle(Action::Open),
        Effect::Visit {
            account_id,
            page: Page::Overview,
            record: Some(record),
        } if account_id == first.account_id && record == first.jump_target()
    ));
    view.handle(Action::Bottom);
    let Effect::Visit {
        account_id,
        record: Some(record_id),
        ..
    } = view.handle(Action::Open)
    else {
        panic!("Enter on an entry jumps");
    };
    assert_eq!(account_id, record_id, "a silence jumps to the account");
    assert!(matches!(
        AgendaView::new(Agenda::default()).handle(Action::Open),
        Effect::Stay
    ));
}

#[test]
fn a_new_agenda_keeps_the_selection_in_range() {
    let mut view = AgendaView::new(agenda());
    view.handle(Action::Bottom);
    view.set_agenda(Agenda::default());
    assert_eq!(view.selected, 0);
    assert!(view.selected_entry().is_none());
}

#[test]
fn a_new_agenda_keeps_the_selection_on_the_same_entry() {
    let mut accounts = accounts();
    let mut view = AgendaView::new(Agenda::build(&accounts, today()));
    view.handle(Action::Bottom);
    let quiet = view.selected_entry().unwrap().clone();
    assert_eq!(quiet.account_name, "Zeta");
    accounts.push(AgendaAccount {
        account: Account::new("Beta"),
        plans: Vec::new(),
        last_proof: None,
        last_assessment: None,
    });
    view.set_agenda(Agenda::build(&accounts, today()));
    assert_eq!(view.selected_entry(), Some(&quiet));
}

// ------------------------------------------------------------ the whole app

/// Ids of the records the app tests jump to.
struct Fixture {
    app: App,
    zeta: Id,
    target_plan: Id,
}

/// "Acme" is calm; "Zeta" has two issues: the first (critical) with an
/// undated plan, the second with "Target" due in 3 days and a step of it
/// overdue. Zeta has never been reviewed.
fn fixture() -> Fixture {
    let mut store = Store::open_in_memory().unwrap();
    let acme = store.save_account(&calm_account("Acme")).unwrap();
    let zeta = store.save_account(&Account::new("Zeta")).unwrap();
    for account in [acme.id, zeta.id] {
        let proof = crate::domain::ProofStatement::new(account, days(-1), "Delivered");
        store.save_proof(&proof).unwrap();
    }
    let mut first = BusinessIssue::new(zeta.id, "Lines stop");
    first.importance = Importance::Critical;
    let first = store.save_issue(&first).unwrap();
    let mut second = BusinessIssue::new(zeta.id, "Costs rise");
    second.importance = Importance::Low;
    let second = store.save_issue(&second).unwrap();
    store
        .save_plan(&ActionPlan::new(first.id, "Undated"))
        .unwrap();
    let mut target = ActionPlan::new(second.id, "Target");
    target.due = Some(days(3));
    target.steps = vec![Step {
        due: Some(days(-4)),
        ..Step::new("Call the plant")
    }];
    let target = store.save_plan(&target).unwrap();
    let app = App::new(store, today(), Theme::new(false), Keymap::default_keys()).unwrap();
    Fixture {
        app,
        zeta: zeta.id,
        target_plan: target.id,
    }
}

fn press(app: &mut App, keys: &str) {
    for token in keys.split_whitespace() {
        let code = match token {
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            _ => KeyCode::Char(token.chars().next().unwrap()),
        };
        let shift = token.chars().all(char::is_uppercase) && token.len() == 1;
        let modifiers = if shift {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        app.handle_key(KeyEvent::new(code, modifiers));
    }
}

/// The open workspace's account, focused pane and selected plan.
fn workspace(app: &App) -> (Id, Pane, Option<Id>) {
    let screen: &dyn Any = app.main_screen();
    match screen.downcast_ref::<AccountView>() {
        Some(ws) => (ws.account.id, ws.focus, ws.selected_plan().map(|p| p.id)),
        None => panic!("expected the workspace, got {}", app.main_screen().title()),
    }
}

fn selected_what(app: &App) -> String {
    let screen: &dyn Any = app.main_screen();
    let view = screen
        .downcast_ref::<AgendaView>()
        .expect("expected the agenda");
    view.selected_entry().unwrap().what()
}

#[test]
fn enter_jumps_to_the_plan_of_the_selected_entry() {
    let Fixture {
        mut app,
        zeta,
        target_plan,
    } = fixture();
    press(&mut app, "A");
    // Overdue: the step; this week: the plan; reviews: Zeta.
    assert_eq!(selected_what(&app), "Call the plant (step of “Target”)");
    press(&mut app, "j");
    assert_eq!(selected_what(&app), "Target");
    press(&mut app, "Enter");
    assert_eq!(workspace(&app), (zeta, Pane::Plans, Some(target_plan)));

    // A step jumps to its plan too.
    press(&mut app, "Esc A Enter");
    assert_eq!(workspace(&app), (zeta, Pane::Plans, Some(target_plan)));
}

#[test]
fn a_review_entry_opens_the_account_profile() {
    let Fixture { mut app, zeta, .. } = fixture();
    press(&mut app, "A G");
    assert_eq!(selected_what(&app), "no review yet");
    press(&mut app, "Enter");
    let (account, pane, _) = workspace(&app);
    assert_eq!((account, pane), (zeta, Pane::Profile));
}

#[test]
fn the_agenda_opens_from_the_workspace_and_esc_returns_to_the_portfolio() {
    let Fixture { mut app, .. } = fixture();
    press(&mut app, "Enter");
    let screen: &dyn Any = app.main_screen();
    assert!(screen.is::<AccountView>());
    press(&mut app, "A");
    assert_eq!(app.main_screen().title(), "Agenda");
    assert_eq!(app.context(), crate::tui::keymap::Context::Agenda);
    press(&mut app, "Esc");
    assert_eq!(app.main_screen().title(), "Portfolio");
}
