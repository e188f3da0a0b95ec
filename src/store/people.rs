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
const NAMED: &[(&str, &str, &str, &str)] = &[
    ("business_issue", "said_by", "said_by_id", "account_id"),
    ("business_issue", "confirmed_by", "confirmed_by_id", "account_id"),
    ("proof_statement", "acknowledged_by", "acknowledged_by_id", "account_id"),
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
