//! Random sequences of store operations, undo, merge and import included: every invariant holds.
//!
//! Two windows (two stores on one file) add, edit, link, move and delete
//! accounts, issues, plans, proof, people and conversations, undo, save
//! edits of one record made from the same version (merged field by field,
//! or refused as a conflict), export everything as JSON and import such an
//! export again later. After every sequence kam's invariants hold, and
//! every value an operation reported as saved is stored exactly, unless a
//! later operation took it back (an undo) or deleted its record.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use kam::domain::{
    Account, ActionPlan, BusinessIssue, Conversation, Id, ProofStatement, Stakeholder,
};
use kam::export::json;
use kam::store::{Saved, Snapshot, Store, StoreError};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::support::hostile::SAMPLES;
use crate::support::rounds::rounds;
use crate::support::sandbox::Sandbox;

/// Sequences in a default run.
const CASES: usize = 24;

/// The record kinds the operations touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Account,
    Issue,
    Plan,
    Proof,
    Person,
    Conversation,
}

const KINDS: [Kind; 6] = [
    Kind::Account,
    Kind::Issue,
    Kind::Plan,
    Kind::Proof,
    Kind::Person,
    Kind::Conversation,
];

impl Kind {
    /// The text fields an edit changes: none that kam itself rewrites (a
    /// person's renaming rewrites the "said by" of what they said).
    fn fields(self) -> &'static [&'static str] {
        match self {
            Self::Account => &["name", "industry", "customers"],
            Self::Issue => &["statement"],
            Self::Plan => &["title", "detail", "owner"],
            Self::Proof => &["statement"],
            Self::Person => &["name", "title", "owner"],
            Self::Conversation => &["forum", "summary"],
        }
    }
}

/// One thing done to the file; `pick`s are taken modulo what exists, and
/// `window` is 0 or 1.
#[derive(Debug, Clone)]
enum Op {
    /// A new record under a picked parent, linked to picked records of
    /// its account where it can be.
    Add {
        window: usize,
        kind: Kind,
        parent: usize,
        link: usize,
        text: usize,
    },
    /// One text field of a picked record changed.
    Edit {
        window: usize,
        kind: Kind,
        pick: usize,
        field: usize,
        text: usize,
    },
    /// An issue said by, a proof acknowledged by, a plan owned by a picked
    /// person of its account.
    Name {
        window: usize,
        kind: Kind,
        pick: usize,
        person: usize,
    },
    /// A picked issue, person, proof or conversation moved to a picked
    /// account: refused, as its links would cross accounts.
    Move {
        window: usize,
        kind: Kind,
        pick: usize,
        account: usize,
    },
    Delete {
        window: usize,
        kind: Kind,
        pick: usize,
    },
    Undo {
        window: usize,
    },
    /// Both windows read one record; the second saves one field, then the
    /// first saves another (or the same) from the version it read.
    Merge {
        kind: Kind,
        pick: usize,
        fields: (usize, usize),
        texts: (usize, usize),
    },
    /// Everything exported as JSON, kept for a later import.
    Export,
    /// The last export imported again into a window.
    Import {
        window: usize,
    },
    /// The second window closed and opened again: a new window, whose
    /// undo takes back what was done before it opened.
    Reopen,
}

fn kind() -> impl Strategy<Value = Kind> {
    prop::sample::select(KINDS.to_vec())
}

fn op() -> impl Strategy<Value = Op> {
    let n = || 0usize..64;
    let w = || 0usize..2;
    prop_oneof![
        6 => (w(), kind(), n(), n(), n()).prop_map(|(window, kind, parent, link, text)| Op::Add {
            window, kind, parent, link, text
        }),
        4 => (w(), kind(), n(), n(), n()).prop_map(|(window, kind, pick, field, text)| Op::Edit {
            window, kind, pick, field, text
        }),
        2 => (w(), prop::sample::select(vec![Kind::Issue, Kind::Proof, Kind::Plan]), n(), n())
            .prop_map(|(window, kind, pick, person)| Op::Name { window, kind, pick, person }),
        1 => (w(), prop::sample::select(vec![Kind::Issue, Kind::Person, Kind::Proof, Kind::Conversation]), n(), n())
            .prop_map(|(window, kind, pick, account)| Op::Move { window, kind, pick, account }),
        2 => (w(), kind(), n()).prop_map(|(window, kind, pick)| Op::Delete { window, kind, pick }),
        2 => w().prop_map(|window| Op::Undo { window }),
        2 => (kind(), n(), (n(), n()), (n(), n())).prop_map(|(kind, pick, fields, texts)| {
            Op::Merge { kind, pick, fields, texts }
        }),
        1 => Just(Op::Export),
        1 => w().prop_map(|window| Op::Import { window }),
        1 => Just(Op::Reopen),
    ]
}

/// The text for `n`: words, with hostile text inside every other time,
/// so that it is stored exactly too (what surrounds a text's words is
/// trimmed).
fn text(n: usize) -> String {
    let word = ["Kranich", "Hafen 7", "Ölmühle", "ACME"][n % 4];
    match n % 2 {
        0 => format!("{word} {n}"),
        _ => format!("{word} {} {n}", SAMPLES[(n / 2) % SAMPLES.len()]),
    }
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date")
}

/// What the operations reported as saved and deleted, to be found so.
#[derive(Default)]
struct Ledger {
    /// The value each field of each record was last saved with.
    written: BTreeMap<(Id, &'static str), Value>,
    /// Records deleted (and not imported or undone again since).
    deleted: BTreeSet<Id>,
}

impl Ledger {
    fn saved(&mut self, id: Id, field: &'static str, record: &Value) {
        self.deleted.remove(&id);
        self.written.insert((id, field), record[field].clone());
    }

    /// An undo restored records as they were: what was saved or deleted
    /// before may be taken back.
    fn forget(&mut self) {
        self.written.clear();
        self.deleted.clear();
    }
}

/// The two windows on one file, the last export and the ledger.
struct World {
    sandbox: Sandbox,
    windows: [Store; 2],
    export: Option<String>,
    ledger: Ledger,
}

impl World {
    fn new() -> Self {
        let sandbox = Sandbox::new();
        let mut first = sandbox.store();
        first
            .save_account(&Account::new("Nordwerk"))
            .expect("the first account");
        let windows = [first, sandbox.store()];
        Self {
            sandbox,
            windows,
            export: None,
            ledger: Ledger::default(),
        }
    }

    fn records(&self) -> Snapshot {
        self.windows[0].all_records().expect("reading every record")
    }

    /// The ids of `kind`, in a stable order.
    fn ids(&self, kind: Kind) -> Vec<Id> {
        let r = self.records();
        match kind {
            Kind::Account => r.accounts.iter().map(|x| x.id).collect(),
            Kind::Issue => r.issues.iter().map(|x| x.id).collect(),
            Kind::Plan => r.plans.iter().map(|x| x.id).collect(),
            Kind::Proof => r.proofs.iter().map(|x| x.id).collect(),
            Kind::Person => r.stakeholders.iter().map(|x| x.id).collect(),
            Kind::Conversation => r.conversations.iter().map(|x| x.id).collect(),
        }
    }

    fn pick(&self, kind: Kind, n: usize) -> Option<Id> {
        let ids = self.ids(kind);
        ids.get(n % ids.len().max(1)).copied()
    }

    /// The people of `account`, in a stable order.
    fn people_of(&self, account: Id) -> Vec<Id> {
        let r = self.records();
        r.stakeholders
            .iter()
            .filter(|p| p.account_id == account)
            .map(|p| p.id)
            .collect()
    }

    fn apply(&mut self, op: &Op) {
        match *op {
            Op::Add {
                window,
                kind,
                parent,
                link,
                text: n,
            } => self.add(window, kind, parent, link, &text(n)),
            Op::Edit {
                window,
                kind,
                pick,
                field,
                text: n,
            } => {
                let Some(id) = self.pick(kind, pick) else {
                    return;
                };
                let field = kind.fields()[field % kind.fields().len()];
                let store = &mut self.windows[window];
                let edited = edit(store, kind, id, |v| v[field] = Value::from(text(n)), None)
                    .expect("saving an edit");
                assert_eq!(edited[field], Value::from(text(n)), "stored as typed");
                self.ledger.saved(id, field, &edited);
            }
            Op::Name {
                window,
                kind,
                pick,
                person,
            } => self.name(window, kind, pick, person),
            Op::Move {
                window,
                kind,
                pick,
                account,
            } => {
                let (Some(id), Some(to)) =
                    (self.pick(kind, pick), self.pick(Kind::Account, account))
                else {
                    return;
                };
                let store = &mut self.windows[window];
                // Refused or done: either way every invariant must hold.
                let _ = edit(store, kind, id, |v| v["account_id"] = json_of(&to), None);
            }
            Op::Delete { window, kind, pick } => {
                let Some(id) = self.pick(kind, pick) else {
                    return;
                };
                let store = &mut self.windows[window];
                match kind {
                    Kind::Account => store.delete_account(id),
                    Kind::Issue => store.delete_issue(id),
                    Kind::Plan => store.delete_plan(id),
                    Kind::Proof => store.delete_proof(id),
                    Kind::Person => store.delete_stakeholder(id),
                    Kind::Conversation => store.delete_conversation(id),
                }
                .expect("deleting a record");
                self.ledger.deleted.insert(id);
                // What went with it (an account's issues, an issue's plans)
                // is no longer expected anywhere.
                let left: BTreeSet<Id> = KINDS.iter().flat_map(|k| self.ids(*k)).collect();
                self.ledger.written.retain(|(id, _), _| left.contains(id));
            }
            Op::Undo { window } => match self.windows[window].undo() {
                Ok(Some(_)) => self.ledger.forget(),
                Ok(None) | Err(StoreError::UndoRefused(_)) => {}
                Err(e) => panic!("the undo failed: {e} ({e:?})"),
            },
            Op::Merge {
                kind,
                pick,
                fields,
                texts,
            } => self.merge(kind, pick, fields, texts),
            Op::Export => {
                let mut out = Vec::new();
                json::write(&mut out, &self.records(), chrono::Utc::now()).expect("exporting");
                self.export = Some(String::from_utf8(out).expect("an export is UTF-8"));
            }
            Op::Import { window } => {
                let Some(text) = &self.export else {
                    return;
                };
                let records = json::read(text).expect("reading the export again");
                // Links to records deleted since are refused, and nothing is
                // written; otherwise what was deleted since comes back.
                if self.windows[window].merge(&records, false).is_ok() {
                    let back: BTreeSet<Id> = ids_in(&records);
                    self.ledger.deleted.retain(|id| !back.contains(id));
                }
            }
            Op::Reopen => {
                self.windows[1] = self.sandbox.store();
            }
        }
    }

    fn add(&mut self, window: usize, kind: Kind, parent: usize, link: usize, text: &str) {
        let account = self.pick(Kind::Account, parent);
        let issue = self.pick(Kind::Issue, parent);
        let store_saved = match kind {
            Kind::Account => {
                let saved = self.windows[window].save_account(&Account::new(text));
                saved.map(|r| (r.id, json_of(&r)))
            }
            Kind::Issue => {
                let Some(account) = account else { return };
                let saved = self.windows[window].save_issue(&BusinessIssue::new(account, text));
                saved.map(|r| (r.id, json_of(&r)))
            }
            Kind::Plan => {
                let Some(issue) = issue else { return };
                let saved = self.windows[window].save_plan(&ActionPlan::new(issue, text));
                saved.map(|r| (r.id, json_of(&r)))
            }
            Kind::Proof => {
                let Some(account) = account else { return };
                let mut proof = ProofStatement::new(account, day(), text);
                let records = self.records();
                let issues: Vec<&BusinessIssue> = records
                    .issues
                    .iter()
                    .filter(|i| i.account_id == account)
                    .collect();
                if let Some(issue) = issues.get(link % issues.len().max(1)) {
                    proof.issue_id = Some(issue.id);
                    proof.plan_id = records
                        .plans
                        .iter()
                        .find(|p| p.issue_id == issue.id)
                        .map(|p| p.id);
                }
                let saved = self.windows[window].save_proof(&proof);
                saved.map(|r| (r.id, json_of(&r)))
            }
            Kind::Person => {
                let Some(account) = account else { return };
                let mut person = Stakeholder::new(account, text);
                let others = self.people_of(account);
                person.reports_to = others.get(link % others.len().max(1)).copied();
                let saved = self.windows[window].save_stakeholder(&person);
                saved.map(|r| (r.id, json_of(&r)))
            }
            Kind::Conversation => {
                let Some(account) = account else { return };
                let mut talk = Conversation::new(account, day(), text);
                talk.attendees = self.people_of(account).into_iter().take(link % 3).collect();
                let saved = self.windows[window].save_conversation(&talk);
                saved.map(|r| (r.id, json_of(&r)))
            }
        };
        let (id, record) = store_saved.expect("saving a new record");
        let field = kind.fields()[0];
        assert_eq!(record[field], Value::from(text), "stored as typed");
        self.ledger.saved(id, field, &record);
    }

    fn name(&mut self, window: usize, kind: Kind, pick: usize, person: usize) {
        let Some(id) = self.pick(kind, pick) else {
            return;
        };
        let records = self.records();
        let account = match kind {
            Kind::Issue => records
                .issues
                .iter()
                .find(|r| r.id == id)
                .map(|r| r.account_id),
            Kind::Proof => records
                .proofs
                .iter()
                .find(|r| r.id == id)
                .map(|r| r.account_id),
            _ => records
                .plans
                .iter()
                .find(|r| r.id == id)
                .and_then(|p| records.issues.iter().find(|i| i.id == p.issue_id))
                .map(|i| i.account_id),
        };
        let people = account.map(|a| self.people_of(a)).unwrap_or_default();
        let Some(&person) = people.get(person % people.len().max(1)) else {
            return;
        };
        let name = records
            .stakeholders
            .iter()
            .find(|p| p.id == person)
            .map(|p| p.name.clone())
            .expect("the person picked");
        let (text, link) = match kind {
            Kind::Issue => ("said_by", "said_by_id"),
            Kind::Proof => ("acknowledged_by", "acknowledged_by_id"),
            _ => ("customer_owner", "customer_owner_id"),
        };
        let store = &mut self.windows[window];
        edit(
            store,
            kind,
            id,
            |v| {
                v[text] = Value::from(name.clone());
                v[link] = json_of(&person);
                if kind == Kind::Proof {
                    v["acknowledged"] = Value::from(true);
                }
            },
            None,
        )
        .expect("naming a person");
    }

    /// Two windows edit one record from the version both read.
    fn merge(&mut self, kind: Kind, pick: usize, fields: (usize, usize), texts: (usize, usize)) {
        let Some(id) = self.pick(kind, pick) else {
            return;
        };
        let all = kind.fields();
        let (first, second) = (all[fields.0 % all.len()], all[fields.1 % all.len()]);
        let (text_a, text_b) = (text(texts.0), text(texts.1));
        let base = load(&self.windows[0], kind, id);
        let [a, b] = &mut self.windows;
        let by_b = edit(
            b,
            kind,
            id,
            |v| v[second] = Value::from(text_b.clone()),
            Some(&base),
        )
        .expect("the second window saves first");
        self.ledger.saved(id, second, &by_b);
        let by_a = edit(
            a,
            kind,
            id,
            |v| v[first] = Value::from(text_a.clone()),
            Some(&base),
        );
        if base[first] == text_a.as_str() {
            // The first window changed nothing: the second's edit stands.
            let merged = by_a.expect("saving no change");
            assert_eq!(merged[second], by_b[second], "B's edit survives A's");
            return;
        }
        // Both changed one field, each differently: the one conflict.
        let same_field_differs =
            first == second && text_a != text_b && base[second] != text_b.as_str();
        match by_a {
            Ok(merged) => {
                assert!(!same_field_differs, "two values of {first} were merged");
                assert_eq!(merged[first], Value::from(text_a), "A's edit is kept");
                if first != second {
                    assert_eq!(merged[second], Value::from(text_b), "B's edit survives A's");
                }
                self.ledger.saved(id, first, &merged);
                self.ledger.saved(id, second, &merged);
            }
            Err(StoreError::Conflict(_)) if same_field_differs => {}
            Err(e) => panic!("merging edits of {first} and {second}: {e}"),
        }
    }

    /// Every invariant holds, and every value saved last is stored as
    /// saved; every record deleted is gone.
    fn check(&self) {
        let violations = self.windows[1]
            .invariant_violations()
            .expect("checking the invariants");
        assert!(
            violations.is_empty(),
            "kam's invariants are broken:\n{}",
            violations.join("\n")
        );
        let records = self.records();
        let stored = by_id(&records);
        for ((id, field), value) in &self.ledger.written {
            let record = stored
                .get(id)
                .unwrap_or_else(|| panic!("record {id}, saved with {field} = {value}, is gone"));
            assert_eq!(&record[*field], value, "{field} of {id} is not as saved");
        }
        for id in &self.ledger.deleted {
            assert!(
                !stored.contains_key(id),
                "record {id} was deleted, but is there"
            );
        }
    }
}

/// A record as JSON.
fn json_of<T: Serialize>(record: &T) -> Value {
    serde_json::to_value(record).expect("a record as JSON")
}

/// The record `id` of `kind` as `store` holds it, as JSON.
fn load(store: &Store, kind: Kind, id: Id) -> Value {
    match kind {
        Kind::Account => json_of(&store.account(id).expect("the account")),
        Kind::Issue => json_of(&store.issue(id).expect("the issue")),
        Kind::Plan => json_of(&store.plan(id).expect("the plan")),
        Kind::Proof => json_of(&store.proof(id).expect("the proof")),
        Kind::Person => json_of(&store.stakeholder(id).expect("the person")),
        Kind::Conversation => json_of(&store.conversation(id).expect("the conversation")),
    }
}

/// Saves the record `id` of `kind` changed by `change`, from `base` (as
/// JSON), else from the stored version, as a form saves it; returns it as
/// stored, as JSON.
fn edit(
    store: &mut Store,
    kind: Kind,
    id: Id,
    change: impl FnOnce(&mut Value),
    base: Option<&Value>,
) -> Result<Value, StoreError> {
    let base = base.cloned().unwrap_or_else(|| load(store, kind, id));
    let mut edited = base.clone();
    change(&mut edited);
    match kind {
        Kind::Account => save_as::<Account>(store, &edited, &base),
        Kind::Issue => save_as::<BusinessIssue>(store, &edited, &base),
        Kind::Plan => save_as::<ActionPlan>(store, &edited, &base),
        Kind::Proof => save_as::<ProofStatement>(store, &edited, &base),
        Kind::Person => save_as::<Stakeholder>(store, &edited, &base),
        Kind::Conversation => save_as::<Conversation>(store, &edited, &base),
    }
}

fn save_as<T: Saved + Serialize + DeserializeOwned>(
    store: &mut Store,
    edited: &Value,
    base: &Value,
) -> Result<Value, StoreError> {
    let edited: T = serde_json::from_value(edited.clone()).expect("an edited record");
    let base: T = serde_json::from_value(base.clone()).expect("a stored record");
    store.save(&edited, Some(&base)).map(|r| json_of(&r))
}

/// Every record of the kinds the operations touch, as JSON, by id.
fn by_id(r: &Snapshot) -> BTreeMap<Id, Value> {
    let mut all = BTreeMap::new();
    all.extend(r.accounts.iter().map(|x| (x.id, json_of(x))));
    all.extend(r.issues.iter().map(|x| (x.id, json_of(x))));
    all.extend(r.plans.iter().map(|x| (x.id, json_of(x))));
    all.extend(r.proofs.iter().map(|x| (x.id, json_of(x))));
    all.extend(r.stakeholders.iter().map(|x| (x.id, json_of(x))));
    all.extend(r.conversations.iter().map(|x| (x.id, json_of(x))));
    all
}

fn ids_in(r: &Snapshot) -> BTreeSet<Id> {
    by_id(r).into_keys().collect()
}

fn play(ops: &[Op]) {
    let mut world = World::new();
    for op in ops {
        world.apply(op);
    }
    world.check();
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: u32::try_from(rounds(CASES)).unwrap_or(u32::MAX),
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_sequence_of_operations_keeps_the_invariants_and_what_was_saved(
        ops in prop::collection::vec(op(), 1..48)
    ) {
        play(&ops);
    }
}
