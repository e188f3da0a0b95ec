//! Three machines edit offline and sync in every order: every edit is
//! applied or held as a conflict, on all three, and a conflict resolved on
//! one is gone on the others.

use super::*;
use crate::domain::{Account, BusinessIssue, Importance, ProofStatement, Stakeholder};
use crate::store::{DELETED, Pick};

/// Three machines holding the same account with an issue, a proof
/// statement and a stakeholder, synced.
struct Trio {
    _world: World,
    machines: [Machine; 3],
    issue: BusinessIssue,
    proof: ProofStatement,
    person: Stakeholder,
}

impl Trio {
    fn new() -> Self {
        let world = World::new();
        let mut machines = [
            world.machine("desk"),
            world.machine("laptop"),
            world.machine("colleague"),
        ];
        let store = &mut machines[0].store;
        let account = store.save_account(&Account::new("Nordmole")).unwrap();
        let issue = store
            .save_issue(&BusinessIssue::new(account.id, "Cranes stand still"))
            .unwrap();
        let proof = store
            .save_proof(&ProofStatement::new(
                account.id,
                day(),
                "Availability 99.2 %",
            ))
            .unwrap();
        let person = store
            .save_stakeholder(&Stakeholder::new(account.id, "Jens Ahlgrimm"))
            .unwrap();
        let mut trio = Self {
            _world: world,
            machines,
            issue,
            proof,
            person,
        };
        trio.settle();
        trio
    }

    fn settle(&mut self) {
        let [a, b, c] = &mut self.machines;
        settle(&mut [a, b, c]);
    }

    /// Each machine syncs once in `order`, then all until nothing moves.
    fn sync_in(&mut self, order: &[usize]) {
        for &n in order {
            self.machines[n].sync();
        }
        self.settle();
    }

    fn edit_issue(&mut self, n: usize, change: impl FnOnce(&mut BusinessIssue)) {
        let store = &mut self.machines[n].store;
        let mut issue = store.issue(self.issue.id).unwrap();
        change(&mut issue);
        store.save_issue(&issue).unwrap();
    }
}

/// The stakeholder's owner is changed on all three machines at once: a
/// field holds one conflict of two values, so two of the three are in the
/// record and its conflict, and every value is in the record's history.
#[test]
fn offline_edits_on_three_machines_converge_in_every_order() {
    let owners = ["Ana", "Bo", "Cem"];
    for order in orders(3) {
        let mut t = Trio::new();
        let account = t.issue.account_id;
        t.edit_issue(0, |i| {
            i.importance = Importance::High;
            i.said_by = "Ana".to_owned();
        });
        t.edit_issue(1, |i| {
            i.said_by = "Bo".to_owned();
            i.statement = "Cranes stand still\tat night".to_owned();
        });
        let added_on_desk = BusinessIssue::new(account, "Alliances pay a bonus");
        t.machines[0].store.save_issue(&added_on_desk).unwrap();
        let mut proof = t.machines[1].store.proof(t.proof.id).unwrap();
        proof.value = Some("99.2 %".to_owned());
        t.machines[1].store.save_proof(&proof).unwrap();
        t.machines[2].store.delete_proof(t.proof.id).unwrap();
        for (n, owner) in owners.into_iter().enumerate() {
            let store = &mut t.machines[n].store;
            let mut person = store.stakeholder(t.person.id).unwrap();
            person.owner = owner.to_owned();
            if n == 2 {
                person.title = "COO".to_owned();
            }
            store.save_stakeholder(&person).unwrap();
        }
        let added_there = ProofStatement::new(account, day(), "52 jobs in week one");
        t.machines[2].store.save_proof(&added_there).unwrap();

        t.sync_in(&order);

        let accounts = BTreeSet::from([account]);
        for m in &t.machines {
            let at = format!("{} after {order:?}", m.name);
            let issue = m.store.issue(t.issue.id).unwrap();
            assert_eq!(issue.importance, Importance::High, "{at}");
            assert_eq!(issue.statement, "Cranes stand still\tat night", "{at}");
            let conflicts = m.store.sync_conflicts_of(t.issue.id).unwrap();
            assert_eq!(conflicts.len(), 1, "{at}: {conflicts:?}");
            let c = &conflicts[0];
            assert_eq!(c.field, "said_by");
            assert_eq!(
                BTreeSet::from([c.kept.as_str(), c.other.as_str()]),
                BTreeSet::from(["Ana", "Bo"]),
                "{at}"
            );
            assert_eq!(issue.said_by, c.kept);

            let proof = m.store.proof(t.proof.id).unwrap();
            assert_eq!(proof.value.as_deref(), Some("99.2 %"), "{at}");
            let conflicts = m.store.sync_conflicts_of(t.proof.id).unwrap();
            assert_eq!(conflicts[0].field, DELETED, "{at}");

            let person = m.store.stakeholder(t.person.id).unwrap();
            assert_eq!(person.title, "COO", "{at}");
            let conflicts = m.store.sync_conflicts_of(t.person.id).unwrap();
            assert_eq!(conflicts.len(), 1, "{at}: {conflicts:?}");
            let c = &conflicts[0];
            assert_eq!(c.field, "owner");
            assert_ne!(c.kept, c.other, "{at}");
            assert!(owners.contains(&c.kept.as_str()) && owners.contains(&c.other.as_str()));
            assert_eq!(person.owner, c.kept, "{at}");
            let written: BTreeSet<String> = m
                .history(&accounts)
                .into_iter()
                .filter(|e| e.record == t.person.id)
                .filter_map(|e| e.field.filter(|(f, ..)| f == "owner"))
                .map(|(_, _, new)| new)
                .collect();
            assert!(
                owners.iter().all(|o| written.contains(*o)),
                "{at}: {written:?}"
            );

            m.store.issue(added_on_desk.id).unwrap();
            m.store.proof(added_there.id).unwrap();
        }
    }
}

#[test]
fn a_conflict_resolved_on_one_machine_is_gone_on_the_others() {
    for pick in [Pick::Kept, Pick::Other] {
        let mut t = Trio::new();
        t.edit_issue(0, |i| i.said_by = "Ana".to_owned());
        t.edit_issue(1, |i| i.said_by = "Bo".to_owned());
        t.sync_in(&[0, 1, 2]);
        let conflict = t.machines[2].conflicts().remove(0);
        let chosen = match pick {
            Pick::Kept => conflict.kept.clone(),
            Pick::Other => conflict.other.clone(),
        };
        t.machines[2]
            .store
            .resolve_conflict(t.issue.id, &conflict.field, pick)
            .unwrap();
        t.settle();
        for m in &t.machines {
            assert!(m.conflicts().is_empty(), "{}: {:?}", m.name, m.conflicts());
            assert_eq!(m.store.issue(t.issue.id).unwrap().said_by, chosen);
        }
    }
}
