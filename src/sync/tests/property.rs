//! Random offline edits on two and three machines, synced in random
//! orders, round after round: after every round the machines are
//! identical, and every value a machine wrote last is in the record or in
//! one of its conflicts, and every record deleted is gone or held with a
//! conflict saying it was deleted.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::*;
use crate::domain::{Account, BusinessIssue, ProofStatement, Stakeholder};
use crate::store::{DELETED, Pick, Saved};

/// Cases per number of machines: each case syncs a few dozen times.
const CASES: u32 = 12;

/// The record kinds the edits touch.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Account,
    Issue,
    Proof,
    Person,
}

impl Kind {
    /// The text fields an edit changes.
    fn fields(self) -> &'static [&'static str] {
        match self {
            Self::Account => &["industry", "offerings", "customers"],
            Self::Issue => &["statement", "said_by"],
            Self::Proof => &["statement"],
            Self::Person => &["name", "title", "owner"],
        }
    }
}

/// One thing a user does on one machine (`machine` and `pick` are taken
/// modulo what exists).
#[derive(Debug, Clone)]
enum Op {
    Add {
        machine: usize,
        kind: Kind,
    },
    Edit {
        machine: usize,
        kind: Kind,
        pick: usize,
        field: usize,
    },
    Delete {
        machine: usize,
        kind: Kind,
        pick: usize,
    },
    /// Picks a side of a conflict of a record that exists on the machine.
    Resolve {
        machine: usize,
        pick: usize,
        other: bool,
    },
}

/// Edits made offline, then syncs in the given order.
#[derive(Debug, Clone)]
struct Round {
    ops: Vec<Op>,
    syncs: Vec<usize>,
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Account),
        Just(Kind::Issue),
        Just(Kind::Proof),
        Just(Kind::Person)
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (0..3usize, kind()).prop_map(|(machine, kind)| Op::Add { machine, kind }),
        5 => (0..3usize, kind(), 0..8usize, 0..3usize).prop_map(|(machine, kind, pick, field)| {
            Op::Edit { machine, kind, pick, field }
        }),
        1 => (0..3usize, kind(), 0..8usize)
            .prop_map(|(machine, kind, pick)| Op::Delete { machine, kind, pick }),
        1 => (0..3usize, 0..4usize, any::<bool>())
            .prop_map(|(machine, pick, other)| Op::Resolve { machine, pick, other }),
    ]
}

fn rounds() -> impl Strategy<Value = Vec<Round>> {
    let round = (
        proptest::collection::vec(op(), 1..10),
        proptest::collection::vec(0..3usize, 1..6),
    )
        .prop_map(|(ops, syncs)| Round { ops, syncs });
    proptest::collection::vec(round, 1..4)
}

/// What each machine wrote in one round, to look for once all synced.
#[derive(Default)]
struct Ledger {
    /// The last value each machine wrote into a field of a record.
    written: BTreeMap<(usize, Id, &'static str), String>,
    /// The records each machine deleted.
    deleted: BTreeSet<(usize, Id)>,
    /// How many values were written, in this round and before: each one
    /// is different.
    count: usize,
}

impl Ledger {
    /// A value no machine wrote before, in scripts that must arrive as
    /// they were typed.
    fn value(&mut self) -> String {
        const SCRIPTS: [&str; 5] = ["", "tab\t", "👩\u{200d}💻 ", "مرحبا ", "ZWJ\u{200d} "];
        self.count += 1;
        format!(
            "{}value {}",
            SCRIPTS[self.count % SCRIPTS.len()],
            self.count
        )
    }

    fn wrote(&mut self, machine: usize, id: Id, field: &'static str, value: String) {
        self.written.insert((machine, id, field), value);
    }

    fn deleted(&mut self, machine: usize, id: Id) {
        self.written
            .retain(|(m, record, _), _| (*m, *record) != (machine, id));
        self.deleted.insert((machine, id));
    }
}

/// The ids of `kind` on `machine`, in a stable order.
fn ids(machine: &Machine, kind: Kind) -> Vec<Id> {
    let records = machine.records();
    match kind {
        Kind::Account => records.accounts.iter().map(|r| r.id).collect(),
        Kind::Issue => records.issues.iter().map(|r| r.id).collect(),
        Kind::Proof => records.proofs.iter().map(|r| r.id).collect(),
        Kind::Person => records.stakeholders.iter().map(|r| r.id).collect(),
    }
}

/// `record` with the text field `field` set to `value`, saved as the form
/// saves it: from the version it started from.
fn save_with<T>(store: &mut Store, record: T, field: &str, value: &str)
where
    T: Saved + Serialize + DeserializeOwned,
{
    let mut fields = json(&record);
    fields[field] = Value::from(value);
    let edited: T = serde_json::from_value(fields).unwrap();
    store.save(&edited, Some(&record)).unwrap();
}

/// A record as JSON.
fn json<T: Serialize>(record: &T) -> Value {
    serde_json::to_value(record).unwrap()
}

/// Carries out `op`, noting in `ledger` what it wrote or deleted.
fn apply(machines: &mut [Machine], op: &Op, ledger: &mut Ledger) {
    match *op {
        Op::Add { machine, kind } => {
            let m = machine % machines.len();
            let account = ids(&machines[m], Kind::Account)[0];
            let value = ledger.value();
            let store = &mut machines[m].store;
            let id = match kind {
                Kind::Account => store.save_account(&Account::new(&value)).unwrap().id,
                Kind::Issue => {
                    store
                        .save_issue(&BusinessIssue::new(account, &value))
                        .unwrap()
                        .id
                }
                Kind::Proof => {
                    let proof = ProofStatement::new(account, day(), &value);
                    store.save_proof(&proof).unwrap().id
                }
                Kind::Person => {
                    let person = Stakeholder::new(account, &value);
                    store.save_stakeholder(&person).unwrap().id
                }
            };
            let field = match kind {
                Kind::Account | Kind::Person => "name",
                Kind::Issue | Kind::Proof => "statement",
            };
            ledger.wrote(m, id, field, value);
        }
        Op::Edit {
            machine,
            kind,
            pick,
            field,
        } => {
            let m = machine % machines.len();
            let ids = ids(&machines[m], kind);
            let Some(&id) = ids.get(pick % ids.len().max(1)) else {
                return;
            };
            let field = kind.fields()[field % kind.fields().len()];
            let value = ledger.value();
            let store = &mut machines[m].store;
            match kind {
                Kind::Account => {
                    let record = store.account(id).unwrap();
                    save_with(store, record, field, &value);
                }
                Kind::Issue => {
                    let record = store.issue(id).unwrap();
                    save_with(store, record, field, &value);
                }
                Kind::Proof => {
                    let record = store.proof(id).unwrap();
                    save_with(store, record, field, &value);
                }
                Kind::Person => {
                    let record = store.stakeholder(id).unwrap();
                    save_with(store, record, field, &value);
                }
            }
            ledger.wrote(m, id, field, value);
        }
        Op::Delete {
            machine,
            kind,
            pick,
        } => {
            let m = machine % machines.len();
            let ids = ids(&machines[m], kind);
            let Some(&id) = ids.get(pick % ids.len().max(1)) else {
                return;
            };
            let store = &mut machines[m].store;
            match kind {
                Kind::Account => return,
                Kind::Issue => store.delete_issue(id).unwrap(),
                Kind::Proof => store.delete_proof(id).unwrap(),
                Kind::Person => store.delete_stakeholder(id).unwrap(),
            };
            ledger.deleted(m, id);
        }
        Op::Resolve {
            machine,
            pick,
            other,
        } => {
            let m = machine % machines.len();
            let conflicts = machines[m].conflicts();
            let Some(c) = conflicts.get(pick % conflicts.len().max(1)) else {
                return;
            };
            let choice = if other { Pick::Other } else { Pick::Kept };
            let store = &mut machines[m].store;
            store.resolve_conflict(c.record, &c.field, choice).unwrap();
            if !other {
                return;
            }
            if c.field == DELETED {
                ledger.deleted(m, c.record);
            } else if let Some(&field) = Kind::Account
                .fields()
                .iter()
                .chain(Kind::Issue.fields())
                .chain(Kind::Person.fields())
                .find(|f| **f == c.field)
            {
                ledger.wrote(m, c.record, field, c.other.clone());
            }
        }
    }
}

/// Every record of the kinds edited, as JSON, by id.
fn by_id(machine: &Machine) -> BTreeMap<Id, Value> {
    let r = machine.records();
    let accounts = r.accounts.iter().map(|x| (x.id, json(x)));
    let issues = r.issues.iter().map(|x| (x.id, json(x)));
    let proofs = r.proofs.iter().map(|x| (x.id, json(x)));
    let people = r.stakeholders.iter().map(|x| (x.id, json(x)));
    accounts.chain(issues).chain(proofs).chain(people).collect()
}

/// Every value written last on a machine is in its record or in one of
/// the record's conflicts (a field holds one conflict of two values: when
/// three machines changed it at once, the third value is in the record's
/// history); every deleted record is gone or held with a deletion
/// conflict.
fn assert_nothing_lost(machine: &Machine, ledger: &Ledger) {
    let records = by_id(machine);
    let conflicts = machine.conflicts();
    let accounts = records
        .values()
        .filter_map(|r| r["account_id"].as_str().or(r["id"].as_str()))
        .map(|id| id.parse().unwrap())
        .collect();
    let history = machine.history(&accounts);
    let of = |id: Id| conflicts.iter().filter(move |c| c.record == id);
    for ((m, id, field), value) in &ledger.written {
        let Some(record) = records.get(id) else {
            panic!("machine {m} wrote {field} = {value:?} into {id}, which is gone");
        };
        let in_conflict =
            || of(*id).any(|c| c.field == *field && (c.kept == *value || c.other == *value));
        let writers = ledger
            .written
            .keys()
            .filter(|(_, i, f)| (i, f) == (id, field))
            .count();
        let in_history = || {
            history.iter().any(|e| {
                e.record == *id
                    && e.field
                        .as_ref()
                        .is_some_and(|(f, _, new)| f == field && new == value)
            })
        };
        let held = record[*field].as_str() == Some(value)
            || in_conflict()
            || (writers >= 3 && in_history());
        assert!(
            held,
            "machine {m} wrote {field} = {value:?} into {id}: neither the record \
             ({record}) nor a conflict ({conflicts:?}) holds it"
        );
    }
    for (m, id) in &ledger.deleted {
        if records.contains_key(id) {
            assert!(
                of(*id).any(|c| c.field == DELETED),
                "machine {m} deleted {id}, which is back without a conflict saying so"
            );
        }
    }
}

/// Sets up `n` machines sharing one account with one record of each
/// kind, then plays `rounds`.
fn play(n: usize, rounds: &[Round]) {
    let world = World::new();
    let mut machines: Vec<Machine> = (0..n).map(|i| world.machine(&format!("m{i}"))).collect();
    let store = &mut machines[0].store;
    let account = store.save_account(&Account::new("Nordmole")).unwrap();
    store
        .save_issue(&BusinessIssue::new(account.id, "Cranes stand still"))
        .unwrap();
    store
        .save_proof(&ProofStatement::new(account.id, day(), "99.2 %"))
        .unwrap();
    store
        .save_stakeholder(&Stakeholder::new(account.id, "Jens"))
        .unwrap();
    settle(&mut machines.iter_mut().collect::<Vec<_>>());
    let mut ledger = Ledger::default();
    for round in rounds {
        ledger = Ledger {
            count: ledger.count,
            ..Ledger::default()
        };
        for op in &round.ops {
            apply(&mut machines, op, &mut ledger);
        }
        for &m in &round.syncs {
            machines[m % n].sync();
        }
        settle(&mut machines.iter_mut().collect::<Vec<_>>());
        assert_nothing_lost(&machines[0], &ledger);
    }
}

proptest! {
    // Failing cases are kept beside this file (`property.regressions`)
    // and tried first on every run.
    #![proptest_config(ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..ProptestConfig::with_cases(CASES)
    })]

    #[test]
    fn two_machines_converge_and_lose_no_edit(rounds in rounds()) {
        play(2, &rounds);
    }

    #[test]
    fn three_machines_converge_and_lose_no_edit(rounds in rounds()) {
        play(3, &rounds);
    }
}
