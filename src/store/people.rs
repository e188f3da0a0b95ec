//! People linked to what they said and saw: the issues a stakeholder said
//! or confirmed, the proof statements they acknowledged and the plans they
//! own on the customer's side.

use rusqlite::{Connection, Transaction};

use super::database::Store;
use super::error::Result;
use super::record::Saved;
use super::{issues, plans, proofs, saving};
use crate::domain::people::person_named;
use crate::domain::{ActionPlan, BusinessIssue, Id, ProofStatement, Stakeholder};

/// What a stakeholder is linked to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonLinks {
    /// The issues they said or confirmed, newest first.
    pub issues: Vec<BusinessIssue>,
    /// The proof statements they acknowledged, newest first.
    pub proofs: Vec<ProofStatement>,
    /// The plans they own on the customer's side, by due date.
    pub plans: Vec<ActionPlan>,
}

impl PersonLinks {
    /// Whether nothing points at the person.
    pub fn is_empty(&self) -> bool {
        self.issues.is_empty() && self.proofs.is_empty() && self.plans.is_empty()
    }
}

/// What `person` is linked to.
pub(super) fn links(conn: &Connection, person: Id) -> Result<PersonLinks> {
    Ok(PersonLinks {
        issues: issues::said_or_confirmed_by(conn, person)?,
        proofs: proofs::acknowledged_by(conn, person)?,
        plans: plans::owned_by_customer(conn, person)?,
    })
}

/// The text columns that may name a person, with their link column and the
/// table's way to its account.
pub(super) const NAMED: &[(&str, &str, &str, &str)] = &[
    ("business_issue", "said_by", "said_by_id", "account_id"),
    (
        "business_issue",
        "confirmed_by",
        "confirmed_by_id",
        "account_id",
    ),
    (
        "proof_statement",
        "acknowledged_by",
        "acknowledged_by_id",
        "account_id",
    ),
    (
        "action_plan",
        "customer_owner",
        "customer_owner_id",
        "(SELECT account_id FROM business_issue WHERE id = issue_id)",
    ),
];

/// Links every unlinked name to the stakeholder of the same account it
/// names without ambiguity (see [`person_named`]); text that names nobody
/// or several people stays text. The text itself is kept as typed.
pub(super) fn link_existing_names(tx: &Transaction) -> rusqlite::Result<()> {
    let mut people = tx.prepare("SELECT id, name FROM stakeholder WHERE account_id = ?1")?;
    for (table, text, link, account) in NAMED {
        let named: Vec<(Id, Id, String)> = tx
            .prepare(&format!(
                "SELECT id, {account}, {text} FROM {table}
                  WHERE {link} IS NULL AND trim({text}) <> ''"
            ))?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut set = tx.prepare(&format!("UPDATE {table} SET {link} = ?2 WHERE id = ?1"))?;
        for (id, account_id, name) in named {
            let candidates: Vec<(Id, String)> = people
                .query_map([account_id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let found = person_named(&name, candidates.iter().map(|(i, n)| (*i, n.as_str())));
            if let Some(person) = found {
                set.execute((id, person))?;
            }
        }
    }
    Ok(())
}

impl Store {
    /// The issues a stakeholder said or confirmed, the proof statements
    /// they acknowledged and the plans they own on the customer's side.
    pub fn person_links(&self, person: Id) -> Result<PersonLinks> {
        links(&self.conn, person)
    }

    /// Saves `record` as [`Store::save`] does, with `people`, the new
    /// stakeholders it names, in the same transaction: all or nothing.
    pub fn save_with_people<T: Saved>(
        &mut self,
        record: &T,
        base: Option<&T>,
        people: &[Stakeholder],
    ) -> Result<T> {
        for person in people {
            person.validate()?;
        }
        record.check()?;
        self.write(|tx| {
            for person in people {
                saving::save(tx, person, None)?;
            }
            saving::save(tx, record, base)
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use rusqlite::{Connection, params};

    use super::super::schema;
    use super::*;
    use crate::domain::search::RecordKind;
    use crate::domain::{Account, Attitude};

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
    }

    /// A store with one account and its people: Hélène Marchand, Anna
    /// Berg, and two people called Dieter Vogel.
    fn store() -> (Store, Account, Vec<Stakeholder>) {
        let mut store = Store::open_in_memory().unwrap();
        let account = store.save_account(&Account::new("Béranger")).unwrap();
        let people = [
            "Hélène Marchand",
            "Anna Berg",
            "Dieter Vogel",
            "Dieter Vogel",
        ]
        .into_iter()
        .map(|name| {
            store
                .save_stakeholder(&Stakeholder::new(account.id, name))
                .unwrap()
        })
        .collect();
        (store, account, people)
    }

    /// A database as kam wrote it before people were linked (schema 9),
    /// with issues whose "said by" and "confirmed by" are text; returns it
    /// with Hélène Marchand's id and each issue's id by its name.
    fn database_of_version_9() -> (Connection, Id, Vec<(&'static str, Id)>) {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        schema::migrations().to_version(&mut conn, 9).unwrap();
        let stamp = "2026-03-02T09:00:00Z";
        let (ours, other) = (Id::new(), Id::new());
        for (id, name) in [(ours, "Béranger"), (other, "Other")] {
            conn.execute(
                "INSERT INTO account (id, name, stage, created_at, updated_at)
                 VALUES (?1, ?2, 'basic', ?3, ?3)",
                params![id, name, stamp],
            )
            .unwrap();
        }
        let helene = Id::new();
        for (id, account, name) in [
            (helene, ours, "Hélène Marchand"),
            (Id::new(), ours, "Dieter Vogel"),
            (Id::new(), ours, "dieter vogel"),
            (Id::new(), other, "Anna Berg"),
        ] {
            conn.execute(
                "INSERT INTO stakeholder (id, account_id, name, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
                params![id, account, name, stamp],
            )
            .unwrap();
        }
        let mut issues = Vec::new();
        for (key, said_by, confirmed_by) in [
            ("exact", "helene marchand", ""),
            (
                "titled",
                "Hélène Marchand, Group Technical Director",
                "HÉLÈNE MARCHAND",
            ),
            (
                "ambiguous",
                "Dieter Vogel",
                "Dieter Vogel, Head of Procurement",
            ),
            ("elsewhere", "Anna Berg", ""),
            ("nobody", "the plant director", ""),
            ("longer", "Hélène Marchandise", ""),
        ] {
            let id = Id::new();
            conn.execute(
                "INSERT INTO business_issue (id, account_id, statement, kind, said_by,
                     confirmed, confirmed_by, importance, status, time_frame,
                     created_at, updated_at)
                 VALUES (?1, ?2, 'Lines stop', 'pressure', ?3, ?4 <> '', ?4,
                         'high', 'open', 'present', ?5, ?5)",
                params![id, ours, said_by, confirmed_by, stamp],
            )
            .unwrap();
            issues.push((key, id));
        }
        (conn, helene, issues)
    }

    #[test]
    fn the_migration_links_unambiguous_names_and_keeps_every_text() {
        let (mut conn, helene, issues) = database_of_version_9();
        schema::upgrade(&mut conn).unwrap();
        let row = |key: &str| -> (String, Option<Id>, String, Option<Id>) {
            let id = issues.iter().find(|(k, _)| *k == key).unwrap().1;
            conn.query_row(
                "SELECT said_by, said_by_id, confirmed_by, confirmed_by_id
                   FROM business_issue WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap()
        };
        let helene = Some(helene);
        assert_eq!(row("exact").1, helene, "case and accents aside");
        let titled = row("titled");
        assert_eq!(
            (titled.1, titled.3),
            (helene, helene),
            "a name, a comma, a title"
        );
        assert_eq!(
            titled.0, "Hélène Marchand, Group Technical Director",
            "text kept"
        );
        let ambiguous = row("ambiguous");
        assert_eq!(
            (ambiguous.1, ambiguous.3),
            (None, None),
            "two Dieter Vogels"
        );
        assert_eq!(ambiguous.0, "Dieter Vogel");
        assert_eq!(row("elsewhere").1, None, "a person of another account");
        assert_eq!(row("nobody").1, None);
        assert_eq!(row("longer").1, None, "a longer name is someone else");
    }

    #[test]
    fn a_person_lists_what_they_said_confirmed_acknowledged_and_own() {
        let (mut store, account, people) = store();
        let anna = &people[1];
        let mut said = BusinessIssue::new(account.id, "Lines stop");
        (said.said_by, said.said_by_id) = (anna.name.clone(), Some(anna.id));
        let said = store.save_issue(&said).unwrap();
        let mut confirmed = BusinessIssue::new(account.id, "Audits fail");
        confirmed.confirmed = true;
        (confirmed.confirmed_by, confirmed.confirmed_by_id) = (anna.name.clone(), Some(anna.id));
        let confirmed = store.save_issue(&confirmed).unwrap();
        store
            .save_issue(&BusinessIssue::new(account.id, "Not hers"))
            .unwrap();
        let mut proof = ProofStatement::new(account.id, day(), "Audit passed");
        proof.acknowledged = true;
        (proof.acknowledged_by, proof.acknowledged_by_id) = (anna.name.clone(), Some(anna.id));
        proof.acknowledged_on = Some(day());
        let proof = store.save_proof(&proof).unwrap();
        let mut plan = ActionPlan::new(said.id, "Spares kit");
        (plan.customer_owner, plan.customer_owner_id) = (anna.name.clone(), Some(anna.id));
        let plan = store.save_plan(&plan).unwrap();

        let links = store.person_links(anna.id).unwrap();
        let mut issues: Vec<Id> = links.issues.iter().map(|i| i.id).collect();
        issues.sort();
        let mut expected = vec![said.id, confirmed.id];
        expected.sort();
        assert_eq!(issues, expected);
        assert_eq!(links.proofs, vec![proof]);
        assert_eq!(
            links.plans.iter().map(|p| p.id).collect::<Vec<_>>(),
            [plan.id]
        );
        assert!(store.person_links(people[0].id).unwrap().is_empty());
    }

    #[test]
    fn a_deleted_person_leaves_their_name_and_an_undo_links_it_again() {
        let (mut store, account, people) = store();
        let anna = &people[1];
        let mut issue = BusinessIssue::new(account.id, "Lines stop");
        (issue.said_by, issue.said_by_id) = ("Anna Berg, plant manager".into(), Some(anna.id));
        let issue = store.save_issue(&issue).unwrap();
        let mut proof = ProofStatement::new(account.id, day(), "Audit passed");
        proof.acknowledged = true;
        (proof.acknowledged_by, proof.acknowledged_by_id) = (anna.name.clone(), Some(anna.id));
        let proof = store.save_proof(&proof).unwrap();

        store.delete_stakeholder(anna.id).unwrap();
        let after = store.issue(issue.id).unwrap();
        assert_eq!(
            (after.said_by.as_str(), after.said_by_id),
            ("Anna Berg, plant manager", None)
        );
        let after = store.proof(proof.id).unwrap();
        assert_eq!(
            (after.acknowledged_by.as_str(), after.acknowledged_by_id),
            ("Anna Berg", None)
        );

        store.undo().unwrap();
        assert_eq!(store.issue(issue.id).unwrap().said_by_id, Some(anna.id));
        assert_eq!(
            store.proof(proof.id).unwrap().acknowledged_by_id,
            Some(anna.id)
        );
    }

    #[test]
    fn a_renamed_person_renames_what_names_them() {
        let (mut store, account, people) = store();
        let mut anna = people[1].clone();
        let mut issue = BusinessIssue::new(account.id, "Lines stop");
        (issue.said_by, issue.said_by_id) = (anna.name.clone(), Some(anna.id));
        let issue = store.save_issue(&issue).unwrap();
        anna.name = "Anna Berg-Lind".into();
        anna.attitude = Attitude::Champion;
        store.save_stakeholder(&anna).unwrap();
        assert_eq!(store.issue(issue.id).unwrap().said_by, "Anna Berg-Lind");
        let hits = store.search("Berg-Lind", 10).unwrap();
        assert!(
            hits.iter()
                .any(|h| h.kind == RecordKind::Issue && h.record_id == issue.id),
            "a person's name finds the issues they raised"
        );
    }

    #[test]
    fn who_acknowledged_a_proof_is_searchable() {
        let (mut store, account, people) = store();
        let mut proof = ProofStatement::new(account.id, day(), "Audit passed");
        proof.acknowledged = true;
        (proof.acknowledged_by, proof.acknowledged_by_id) =
            (people[0].name.clone(), Some(people[0].id));
        let proof = store.save_proof(&proof).unwrap();
        let hits = store.search("helene", 10).unwrap();
        assert!(
            hits.iter()
                .any(|h| h.kind == RecordKind::Proof && h.record_id == proof.id)
        );
    }

    #[test]
    fn a_new_person_is_added_with_the_record_or_not_at_all() {
        let (mut store, account, _) = store();
        let paul = Stakeholder::new(account.id, "Paul Rey");
        let mut issue = BusinessIssue::new(account.id, "Lines stop");
        (issue.said_by, issue.said_by_id) = (paul.name.clone(), Some(paul.id));
        store
            .save_with_people(&issue, None, std::slice::from_ref(&paul))
            .unwrap();
        assert_eq!(store.stakeholder(paul.id).unwrap().name, "Paul Rey");
        assert_eq!(store.issue(issue.id).unwrap().said_by_id, Some(paul.id));

        let rita = Stakeholder::new(account.id, "Rita Sand");
        let mut bad = BusinessIssue::new(account.id, "");
        (bad.said_by, bad.said_by_id) = (rita.name.clone(), Some(rita.id));
        assert!(
            store
                .save_with_people(&bad, None, std::slice::from_ref(&rita))
                .is_err()
        );
        let mut on_disk = BusinessIssue::new(Id::new(), "An issue of no account");
        on_disk.said_by_id = Some(rita.id);
        assert!(
            store
                .save_with_people(&on_disk, None, std::slice::from_ref(&rita))
                .is_err(),
            "the record fails when written"
        );
        assert!(store.stakeholder(rita.id).is_err(), "nothing was added");
    }
}
