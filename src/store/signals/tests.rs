//! The signals kept per account against the same signals computed from
//! every record, over random portfolios edited through two connections.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use super::*;
use crate::domain::insight::{Insight, Weights};
use crate::domain::portfolio::{AccountSummary, sort_by_attention};
use crate::domain::{
    Account, ActionPlan, Assessment, Attitude, BusinessIssue, Conversation, IssueStatus,
    MatchingResult, PlanStatus, ProofStatement, RelationshipStage, Stakeholder, Step,
};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// `today` moved by `days` (negative: earlier).
fn day(days: i64) -> NaiveDate {
    if days >= 0 {
        today() + Days::new(days.unsigned_abs())
    } else {
        today() - Days::new(days.unsigned_abs())
    }
}

/// Two connections to one new database file, as two windows have.
fn two_windows() -> (tempfile::TempDir, Store, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.db");
    let open = || {
        let store = Store::open(&path).unwrap();
        // Tests need no durability against power loss.
        store
            .conn
            .pragma_update(None, "synchronous", "OFF")
            .unwrap();
        store
    };
    let (first, second) = (open(), open());
    (dir, first, second)
}

/// The part `T` of every account's signals on `on`, computed from every
/// record, ignoring what is kept.
fn part_from_scratch<T: Part>(store: &Store, on: NaiveDate) -> Vec<T> {
    let ids: Vec<Id> = store.accounts().unwrap().iter().map(|a| a.id).collect();
    computed(&store.conn, &ids, on, true).unwrap()
}

/// Every account's signals on `on`, computed from every record.
fn from_scratch(store: &Store, on: NaiveDate) -> Vec<AccountSignals> {
    part_from_scratch(store, on)
}

/// The portfolio and the insights as the screens show them.
fn shown(signals: &[AccountSignals], on: NaiveDate) -> (Vec<AccountSummary>, Vec<Insight>) {
    let mut portfolio: Vec<AccountSummary> = signals
        .iter()
        .map(|s| s.figures.summary(s.facts.account.clone()))
        .collect();
    sort_by_attention(&mut portfolio, on);
    let insights = signals
        .iter()
        .map(|s| Insight::new(s.facts.clone(), &Weights::default(), on))
        .collect();
    (portfolio, insights)
}

/// What a window holds between readings: each account's revision and
/// signals, by name.
#[derive(Default)]
struct Held {
    revisions: HashMap<Id, Revision>,
    signals: Vec<AccountSignals>,
}

impl Held {
    /// Reads again as the screens do, reusing what did not change; the
    /// accounts read anew.
    fn read(&mut self, store: &Store, on: NaiveDate) -> Vec<Id> {
        let reads = store.signals(on, None, &self.revisions).unwrap();
        let mut old: HashMap<Id, AccountSignals> = std::mem::take(&mut self.signals)
            .into_iter()
            .map(|s| (s.facts.account.id, s))
            .collect();
        self.revisions.clear();
        let mut fresh = Vec::new();
        for read in reads {
            let signals = match read.signals {
                Some(signals) => {
                    fresh.push(read.id);
                    signals
                }
                None => old.remove(&read.id).expect("held"),
            };
            self.revisions.insert(read.id, read.revision.expect("kept"));
            self.signals.push(signals);
        }
        fresh
    }
}

/// One edit of a random portfolio; numbers pick among the records there
/// are (modulo their count).
#[derive(Debug, Clone)]
enum Edit {
    Account,
    Cadence(usize, u32),
    Proof(usize, i64),
    DeleteProof(usize),
    Issue(usize, bool),
    MoveIssue(usize, usize),
    Plan(usize, i64, usize),
    MovePlan(usize, usize),
    Step(usize, i64, bool),
    Stakeholder(usize, Option<u32>, bool),
    Conversation(usize, i64, usize, f64),
    DeleteConversation(usize),
    Assessment(usize, i64),
    Matching(usize, u32),
    DeleteAccount(usize),
    Undo,
}

fn edit() -> impl Strategy<Value = Edit> {
    let n = 0..64usize;
    prop_oneof![
        Just(Edit::Account),
        (n.clone(), 1..90u32).prop_map(|(a, d)| Edit::Cadence(a, d)),
        (n.clone(), -20..420i64).prop_map(|(a, d)| Edit::Proof(a, d)),
        (n.clone(), -20..420i64).prop_map(|(a, d)| Edit::Proof(a, d)),
        n.clone().prop_map(Edit::DeleteProof),
        (n.clone(), any::<bool>()).prop_map(|(a, open)| Edit::Issue(a, open)),
        (n.clone(), n.clone()).prop_map(|(i, a)| Edit::MoveIssue(i, a)),
        (n.clone(), -200..60i64, 0..5usize).prop_map(|(i, d, s)| Edit::Plan(i, d, s)),
        (n.clone(), n.clone()).prop_map(|(p, i)| Edit::MovePlan(p, i)),
        (n.clone(), -30..30i64, any::<bool>()).prop_map(|(p, d, done)| Edit::Step(p, d, done)),
        (n.clone(), prop::option::of(1..60u32), any::<bool>())
            .prop_map(|(a, c, champion)| Edit::Stakeholder(a, c, champion)),
        (n.clone(), -10..400i64, n.clone(), 0.0..8.0f64)
            .prop_map(|(a, d, s, h)| Edit::Conversation(a, d, s, h)),
        n.clone().prop_map(Edit::DeleteConversation),
        (n.clone(), 0..800i64).prop_map(|(a, d)| Edit::Assessment(a, d)),
        (n.clone(), 2..6u32).prop_map(|(a, t)| Edit::Matching(a, t)),
        n.prop_map(Edit::DeleteAccount),
        Just(Edit::Undo),
    ]
}

/// The `n`th of `list` (modulo its length), if any.
fn pick<T: Clone>(list: &[T], n: usize) -> Option<T> {
    (!list.is_empty()).then(|| list[n % list.len()].clone())
}

/// Applies `edit` through `store`; an edit with nothing to act on, or one
/// the store refuses, does nothing.
fn apply(store: &mut Store, edit: &Edit) {
    let accounts = store.accounts().unwrap();
    let snapshot = store.all_records().unwrap();
    let account = |n: usize| pick(&accounts, n);
    let _ = match edit.clone() {
        Edit::Account => {
            let name = format!("Account {}", accounts.len() + 1);
            store.save_account(&Account::new(name)).map(drop)
        }
        Edit::Cadence(n, days) => match account(n) {
            Some(mut a) => {
                a.proof_cadence_days = days;
                store.save_account(&a).map(drop)
            }
            None => Ok(()),
        },
        Edit::Proof(n, ago) => match account(n) {
            Some(a) => store
                .save_proof(&ProofStatement::new(a.id, day(-ago), "Delivered"))
                .map(drop),
            None => Ok(()),
        },
        Edit::DeleteProof(n) => match pick(&snapshot.proofs, n) {
            Some(p) => store.delete_proof(p.id).map(drop),
            None => Ok(()),
        },
        Edit::Issue(n, open) => match account(n) {
            Some(a) => {
                let mut issue = BusinessIssue::new(a.id, "Lines stop");
                if !open {
                    issue.status = IssueStatus::Resolved;
                }
                store.save_issue(&issue).map(drop)
            }
            None => Ok(()),
        },
        Edit::MoveIssue(i, n) => match (pick(&snapshot.issues, i), account(n)) {
            (Some(mut issue), Some(a)) => {
                issue.account_id = a.id;
                store.save_issue(&issue).map(drop)
            }
            _ => Ok(()),
        },
        Edit::Plan(i, due, status) => match pick(&snapshot.issues, i) {
            Some(issue) => {
                let mut plan = ActionPlan::new(issue.id, "Pilot");
                plan.due = Some(day(due));
                plan.status = [
                    PlanStatus::Proposed,
                    PlanStatus::Agreed,
                    PlanStatus::InProgress,
                    PlanStatus::Done,
                    PlanStatus::Dropped,
                ][status];
                plan.billable_hours = 3.5;
                store.save_plan(&plan).map(drop)
            }
            None => Ok(()),
        },
        Edit::MovePlan(p, i) => match (pick(&snapshot.plans, p), pick(&snapshot.issues, i)) {
            (Some(mut plan), Some(issue)) => {
                plan.issue_id = issue.id;
                store.save_plan(&plan).map(drop)
            }
            _ => Ok(()),
        },
        Edit::Step(p, due, done) => match pick(&snapshot.plans, p) {
            Some(mut plan) => {
                let mut step = Step::new("Scope");
                step.due = Some(day(due));
                step.done = done;
                plan.steps.push(step);
                store.save_plan(&plan).map(drop)
            }
            None => Ok(()),
        },
        Edit::Stakeholder(n, cadence, champion) => match account(n) {
            Some(a) => {
                let mut person = Stakeholder::new(a.id, format!("Person {n}"));
                person.cadence_days = cadence;
                if champion {
                    person.attitude = Attitude::Champion;
                }
                store.save_stakeholder(&person).map(drop)
            }
            None => Ok(()),
        },
        Edit::Conversation(n, ago, s, hours) => match account(n) {
            Some(a) => {
                let mut talk = Conversation::new(a.id, day(-ago), "Call");
                let people: Vec<&Stakeholder> = snapshot
                    .stakeholders
                    .iter()
                    .filter(|p| p.account_id == a.id)
                    .collect();
                talk.attendees.extend(pick(&people, s).map(|p| p.id));
                talk.billable_hours = hours;
                store.save_conversation(&talk).map(drop)
            }
            None => Ok(()),
        },
        Edit::DeleteConversation(n) => match pick(&snapshot.conversations, n) {
            Some(c) => store.delete_conversation(c.id).map(drop),
            None => Ok(()),
        },
        Edit::Assessment(n, ago) => match account(n) {
            Some(a) => store
                .save_assessment(&Assessment::new(
                    a.id,
                    day(-ago),
                    RelationshipStage::Cooperative,
                ))
                .map(drop),
            None => Ok(()),
        },
        Edit::Matching(n, total) => match account(n) {
            Some(a) => store.save_matching_result(&MatchingResult::new(a.id, total, total - 2)),
            None => Ok(()),
        },
        Edit::DeleteAccount(n) => match account(n) {
            Some(a) => store.delete_account(a.id).map(drop),
            None => Ok(()),
        },
        Edit::Undo => store.undo().map(drop),
    };
}

/// Three accounts with a record of every kind to edit, moved or deleted.
fn seed(store: &mut Store) {
    for n in 0..3 {
        let account = store
            .save_account(&Account::new(format!("Seed {n}")))
            .unwrap();
        let mut person = Stakeholder::new(account.id, "Ana");
        person.cadence_days = Some(30);
        let person = store.save_stakeholder(&person).unwrap();
        let mut talk = Conversation::new(account.id, day(-10), "Call");
        talk.attendees.push(person.id);
        store.save_conversation(&talk).unwrap();
        for ago in [5, 50] {
            let issue = store
                .save_issue(&BusinessIssue::new(account.id, "Costs"))
                .unwrap();
            let mut plan = ActionPlan::new(issue.id, "Pilot");
            plan.due = Some(day(-ago));
            plan.steps.push(Step::new("Scope"));
            plan.steps[0].due = Some(day(2 - ago));
            store.save_plan(&plan).unwrap();
            store
                .save_proof(&ProofStatement::new(account.id, day(-ago), "Shipped"))
                .unwrap();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// After every edit, in either window, what is kept (and what a window
    /// holds from before) gives exactly the figures computed from scratch.
    #[test]
    fn kept_signals_equal_signals_from_scratch(
        edits in prop::collection::vec((edit(), any::<bool>()), 1..40)
    ) {
        let (_dir, mut first, mut second) = two_windows();
        seed(&mut first);
        let mut held = Held::default();
        for (edit, elsewhere) in &edits {
            let store = if *elsewhere { &mut second } else { &mut first };
            apply(store, edit);
            let expected = from_scratch(&first, today());
            held.read(&first, today());
            prop_assert_eq!(&held.signals, &expected);
            prop_assert_eq!(shown(&held.signals, today()), shown(&expected, today()));
            let kept = second.all_signals(today()).unwrap();
            prop_assert_eq!(&kept, &expected);
            prop_assert_eq!(second.portfolio(today()).unwrap(), shown(&expected, today()).0);
            let agenda: Vec<AgendaAccount> = part_from_scratch(&first, today());
            prop_assert_eq!(second.agenda_accounts(today()).unwrap(), agenda);
        }
    }
}

/// A portfolio of `accounts` accounts with `per_account` proof statements
/// and a tenth as many conversations each.
fn portfolio(store: &mut Store, accounts: usize, per_account: u64) -> Vec<Id> {
    let mut ids = Vec::new();
    for n in 0..accounts {
        let account = store
            .save_account(&Account::new(format!("Account {n}")))
            .unwrap();
        let person = store
            .save_stakeholder(&Stakeholder::new(account.id, "Ana"))
            .unwrap();
        for d in 0..per_account {
            let on = today() - Days::new(d * 3);
            store
                .save_proof(&ProofStatement::new(account.id, on, "Delivered"))
                .unwrap();
            if d % 10 == 0 {
                let mut talk = Conversation::new(account.id, on, "Call");
                talk.attendees.push(person.id);
                store.save_conversation(&talk).unwrap();
            }
        }
        ids.push(account.id);
    }
    ids
}

/// The SQLite virtual machine instructions `read` runs on `store`.
fn steps(store: &Store, read: impl FnOnce(&Store)) -> u64 {
    store.work_of(read).unwrap().1
}

#[test]
fn a_warm_reading_costs_the_same_whatever_the_records() {
    let mut costs = Vec::new();
    for per_account in [20, 200] {
        let (_dir, mut store, _) = two_windows();
        portfolio(&mut store, 4, per_account);
        let cold = steps(&store, |s| drop(s.all_signals(today()).unwrap()));
        let warm = steps(&store, |s| drop(s.all_signals(today()).unwrap()));
        assert!(warm < cold, "{warm} < {cold}");
        costs.push((cold, warm));
    }
    let [(small_cold, small_warm), (big_cold, big_warm)] = costs[..] else {
        unreachable!()
    };
    // Computing grows with the records; reading what is kept does not.
    assert!(big_cold > small_cold * 2, "{big_cold} against {small_cold}");
    assert_eq!(big_warm, small_warm);
}

#[test]
fn an_edit_reads_again_only_the_account_it_touched() {
    let (_dir, mut store, mut other) = two_windows();
    let ids = portfolio(&mut store, 5, 30);
    let mut held = Held::default();
    assert_eq!(held.read(&store, today()).len(), 5);
    assert!(held.read(&store, today()).is_empty());
    let nothing = steps(&store, |s| drop(s.signals(today(), None, &held.revisions)));

    other
        .save_proof(&ProofStatement::new(ids[2], today(), "Shipped"))
        .unwrap();
    assert_eq!(held.read(&store, today()), [ids[2]]);
    assert_eq!(held.signals, from_scratch(&store, today()));
    // The other window kept what it computed: this one only reads it.
    let mut in_other = Held::default();
    in_other.read(&other, today());
    other
        .save_proof(&ProofStatement::new(ids[4], today(), "Shipped"))
        .unwrap();
    assert_eq!(in_other.read(&other, today()), [ids[4]]);
    let computing_one = steps(&store, |s| {
        drop(computed::<AccountSignals>(&s.conn, &ids[4..], today(), false).unwrap());
    });
    let mut fresh = Vec::new();
    let reading_one = steps(&store, |s| fresh = held.read(s, today()));
    assert_eq!(fresh, [ids[4]]);
    assert!(
        reading_one * 2 < computing_one,
        "{reading_one} against {computing_one}"
    );
    assert_eq!(held.signals, from_scratch(&store, today()));
    assert!(held.read(&store, today()).is_empty());
    assert_eq!(
        nothing,
        steps(&store, |s| drop(s.signals(today(), None, &held.revisions)))
    );
}

#[test]
fn a_new_day_computes_every_account_again() {
    let (_dir, mut store, _) = two_windows();
    let ids = portfolio(&mut store, 3, 40);
    let mut held = Held::default();
    held.read(&store, today());
    assert!(held.read(&store, today()).is_empty());
    let tomorrow = today() + Days::new(1);
    // A holder asking for another day holds nothing for it.
    held.revisions.clear();
    let mut fresh = held.read(&store, tomorrow);
    fresh.sort();
    let mut all = ids.clone();
    all.sort();
    assert_eq!(fresh, all);
    assert_eq!(held.signals, from_scratch(&store, tomorrow));
    let kept_day: String = store
        .conn
        .query_row("SELECT DISTINCT day FROM kept_signals", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept_day, tomorrow.to_string());
}

#[test]
fn a_read_only_file_computes_without_keeping() {
    let (_dir, mut store, mut reader) = two_windows();
    portfolio(&mut store, 2, 10);
    reader.read_only = true;
    let expected = from_scratch(&reader, today());
    assert_eq!(reader.all_signals(today()).unwrap(), expected);
    let kept: i64 = reader
        .conn
        .query_row("SELECT count(*) FROM kept_signals", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 0);
}

#[test]
fn a_bulk_import_raises_every_account_once_and_keeps_its_triggers() {
    let (_dir, mut store, _) = two_windows();
    let known = store.save_account(&Account::new("Known before")).unwrap();
    let mut held = Held::default();
    held.read(&store, today());
    let triggers = |store: &Store| -> Vec<String> {
        let mut stmt = store
            .conn
            .prepare("SELECT sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let before = triggers(&store);

    let mut records = crate::demo::records(today()).unwrap();
    for ago in 0..40 {
        records
            .proofs
            .push(ProofStatement::new(known.id, day(-ago * 7), "Shipped"));
    }
    store.merge(&records, false).unwrap();
    assert_eq!(triggers(&store), before);
    let fresh = held.read(&store, today());
    assert_eq!(fresh.len(), records.accounts.len() + 1);
    assert_eq!(held.signals, from_scratch(&store, today()));
    let ours = held
        .signals
        .iter()
        .find(|s| s.facts.account.id == known.id)
        .unwrap();
    assert_eq!(ours.figures.last_proof, Some(today()));
}

#[test]
fn an_account_deleted_and_brought_back_is_read_again() {
    let (_dir, mut store, mut other) = two_windows();
    let account = store.save_account(&Account::new("Nordwerk")).unwrap();
    let shipped = |ago: i64| ProofStatement::new(account.id, day(-ago), "Shipped");
    let first = store.save_proof(&shipped(3)).unwrap();
    store.save_proof(&shipped(6)).unwrap();
    let mut held = Held::default();
    held.read(&store, today());

    // As many writes again, to other records, then the account deleted
    // and brought back with them.
    other.delete_proof(first.id).unwrap();
    other.save_proof(&shipped(40)).unwrap();
    other.delete_account(account.id).unwrap();
    other.undo().unwrap();
    assert_eq!(held.read(&store, today()), [account.id]);
    assert_eq!(held.signals, from_scratch(&store, today()));
}

#[test]
fn a_large_portfolio_is_decoded_on_every_core_in_order() {
    let summaries: Vec<AccountSummary> = (0..120)
        .map(|n| AccountSummary {
            account: Account::new(format!("Account {n:03} {}", "x".repeat(4_000))),
            open_issues: n,
            overdue_plans: 0,
            last_proof: None,
            last_executive_review: None,
            last_assessment: None,
        })
        .collect();
    let mut texts: Vec<String> = summaries
        .iter()
        .map(|s| serde_json::to_string(s).unwrap())
        .collect();
    // Kept by another version of kam: not read, computed again instead.
    texts[7] = "{\"kept\": \"elsewhere\"}".to_string();
    assert!(texts.iter().map(String::len).sum::<usize>() > DECODED_TOGETHER_FROM);

    let decoded = decoded::<AccountSummary>(&texts);
    assert_eq!(decoded.len(), summaries.len());
    for (n, (got, want)) in decoded.iter().zip(&summaries).enumerate() {
        if n == 7 {
            assert_eq!(got, &None);
        } else {
            assert_eq!(got.as_ref(), Some(want), "account {n}");
        }
    }
}
