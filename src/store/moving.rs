//! A record moved to another account (an issue with its plans, a person, a
//! proof, a conversation) takes none of its links along into the other
//! account: every link that would now join records of two accounts is
//! emptied, as a deleted person's are, and the text beside it stays.

use rusqlite::Connection;

use super::error::Result;
use super::people::NAMED;
use super::record::Saved;
use super::snapshot::Snapshot;
use crate::domain::Id;

/// The accounts the records of `snapshot` belong to as it holds them and
/// as they are stored now: those an undo of it may move records between.
pub(super) fn accounts_of(conn: &Connection, snapshot: &Snapshot) -> Result<Vec<Id>> {
    let mut accounts = Vec::new();
    both(conn, &snapshot.issues, &mut accounts)?;
    both(conn, &snapshot.plans, &mut accounts)?;
    both(conn, &snapshot.proofs, &mut accounts)?;
    both(conn, &snapshot.stakeholders, &mut accounts)?;
    both(conn, &snapshot.conversations, &mut accounts)?;
    accounts.sort_unstable();
    accounts.dedup();
    Ok(accounts)
}

fn both<T: Saved>(conn: &Connection, records: &[T], accounts: &mut Vec<Id>) -> Result<()> {
    for record in records {
        accounts.extend(record.account(conn)?);
        if let Some(now) = T::load(conn, record.record_id())? {
            accounts.extend(now.account(conn)?);
        }
    }
    Ok(())
}

/// The links between records of one account, each emptied where it joins
/// a record of the accounts in the JSON array `?1` to one of another
/// account.
const CROSSING: &[&str] = &[
    "UPDATE proof_statement SET issue_id = NULL
      WHERE account_id IN (SELECT value FROM json_each(?1)) AND issue_id IS NOT NULL
        AND (SELECT i.account_id FROM business_issue i WHERE i.id = proof_statement.issue_id)
            IS NOT proof_statement.account_id",
    "UPDATE proof_statement SET plan_id = NULL
      WHERE account_id IN (SELECT value FROM json_each(?1)) AND plan_id IS NOT NULL
        AND (SELECT i.account_id FROM action_plan p JOIN business_issue i ON i.id = p.issue_id
              WHERE p.id = proof_statement.plan_id)
            IS NOT proof_statement.account_id",
    "UPDATE stakeholder SET reports_to = NULL
      WHERE account_id IN (SELECT value FROM json_each(?1)) AND reports_to IS NOT NULL
        AND (SELECT m.account_id FROM stakeholder m WHERE m.id = stakeholder.reports_to)
            IS NOT stakeholder.account_id",
    "DELETE FROM conversation_attendee
      WHERE (conversation_id IN (SELECT id FROM conversation WHERE account_id IN (SELECT value FROM json_each(?1)))
             OR stakeholder_id IN (SELECT id FROM stakeholder WHERE account_id IN (SELECT value FROM json_each(?1))))
        AND (SELECT c.account_id FROM conversation c WHERE c.id = conversation_id)
            IS NOT (SELECT s.account_id FROM stakeholder s WHERE s.id = stakeholder_id)",
];

/// Empties every link that joins a record of one of `accounts` to a
/// record of another account, after records moved between them.
pub(super) fn unlink_across(conn: &Connection, accounts: &[Id]) -> Result<()> {
    let accounts = serde_json::to_string(accounts)?;
    for sql in CROSSING {
        conn.execute(sql, [&accounts])?;
    }
    for (table, _, link, account) in NAMED {
        conn.execute(
            &format!(
                "UPDATE {table} SET {link} = NULL
                  WHERE {link} IS NOT NULL AND {account} IN (SELECT value FROM json_each(?1))
                    AND (SELECT s.account_id FROM stakeholder s WHERE s.id = {table}.{link})
                        IS NOT {account}"
            ),
            [&accounts],
        )?;
    }
    Ok(())
}
