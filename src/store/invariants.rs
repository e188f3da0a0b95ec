//! kam's invariants, checked in one place: what must hold of every
//! database kam leaves behind, whatever was done to it, in whatever order.
//!
//! - SQLite finds the file intact (`PRAGMA integrity_check`);
//! - every link points at a record that exists (the foreign keys), and of
//!   the same account: a proof's issue and plan, a person's manager, a
//!   conversation's attendees, the people an issue, proof or plan names, a whitespace cell's unit and
//!   offering;
//! - what is kept beside the records agrees with them: the search
//!   documents and their full-text index, each account's signals revision
//!   and the size of its proof log;
//! - every undo entry applies: taken back newest first, as `u` would, each
//!   is restored or refused for a change made since, never failing, and
//!   the records it leaves keep every invariant above.
//!
//! The checks that write (the full-text index's own check, the undos) run
//! on a copy of the database in a temporary folder: checking changes
//! nothing.

use rusqlite::Connection;

use super::backup;
use super::database::Store;
use super::error::{Result, StoreError};
use super::people::NAMED;
use super::undo_log::MINE;

/// How many violations of one kind are told; the rest are counted.
const TOLD: usize = 20;

/// Links between records of one account, each a query that lists the
/// records whose link points into another account.
const SAME_ACCOUNT: &[&str] = &[
    "SELECT 'proof statement ' || p.id || ' names issue ' || p.issue_id || ' of another account'
       FROM proof_statement p JOIN business_issue i ON i.id = p.issue_id
      WHERE i.account_id IS NOT p.account_id",
    "SELECT 'proof statement ' || p.id || ' names plan ' || p.plan_id || ' of another account'
       FROM proof_statement p JOIN action_plan a ON a.id = p.plan_id
       JOIN business_issue i ON i.id = a.issue_id
      WHERE i.account_id IS NOT p.account_id",
    "SELECT 'stakeholder ' || s.id || ' reports to ' || m.id || ' of another account'
       FROM stakeholder s JOIN stakeholder m ON m.id = s.reports_to
      WHERE m.account_id IS NOT s.account_id",
    "SELECT 'conversation ' || c.id || ' has attendee ' || s.id || ' of another account'
       FROM conversation_attendee a JOIN conversation c ON c.id = a.conversation_id
       JOIN stakeholder s ON s.id = a.stakeholder_id
      WHERE s.account_id IS NOT c.account_id",
    "SELECT 'whitespace cell ' || c.unit || '×' || c.offering || ' of account ' || c.account_id
            || ' has no such unit or offering'
       FROM whitespace_cell c
      WHERE NOT EXISTS (SELECT 1 FROM whitespace_axis x WHERE x.account_id = c.account_id
                           AND x.axis = 'unit' AND x.position = c.unit)
         OR NOT EXISTS (SELECT 1 FROM whitespace_axis x WHERE x.account_id = c.account_id
                           AND x.axis = 'offering' AND x.position = c.offering)",
];

/// What is kept beside the records, each a query that lists where it
/// disagrees with them.
const KEPT: &[&str] = &[
    "SELECT 'account ' || id || ' has no signals revision'
       FROM account WHERE id NOT IN (SELECT account_id FROM account_signals)",
    "SELECT 'account ' || a.id || ' counts ' || coalesce(z.entries, 0)
            || ' proof statements but has ' || n.entries
       FROM account a
       JOIN (SELECT a.id, (SELECT count(*) FROM proof_statement p WHERE p.account_id = a.id)
                          AS entries FROM account a) n ON n.id = a.id
       LEFT JOIN proof_log_size z ON z.account_id = a.id
      WHERE coalesce(z.entries, 0) <> n.entries",
    "SELECT 'the search index lacks ' || kind || ' ' || record_id || ' as it is'
       FROM (SELECT kind, record_id, account_id, title, body FROM search_source
             EXCEPT SELECT kind, record_id, account_id, title, body FROM search_doc)",
    "SELECT 'the search index holds a stale ' || kind || ' ' || record_id
       FROM (SELECT kind, record_id, account_id, title, body FROM search_doc
             EXCEPT SELECT kind, record_id, account_id, title, body FROM search_source)",
];

impl Store {
    /// Every way the database breaks kam's invariants (see the module's
    /// documentation), one line each; empty when it keeps them all.
    ///
    /// It reads the whole database and works on a copy of it in a
    /// temporary folder, so it costs what a backup costs and more: a check
    /// for tests and diagnostics, not for every key.
    /// An error means the check itself could not run (no room for the
    /// copy, say), not that an invariant is broken.
    pub fn invariant_violations(&self) -> Result<Vec<String>> {
        let damaged = integrity(&self.conn)?;
        if !damaged.is_empty() {
            return Ok(damaged);
        }
        let dir = tempfile::tempdir().map_err(|source| StoreError::Io {
            path: std::env::temp_dir(),
            source,
        })?;
        let path = dir.path().join("kam.db");
        backup::copy_to(&self.conn, self.key.as_ref(), &path)?;
        let mut copy = Store::open_with_key(&path, self.key.clone())?;
        let mut found = consistency(&copy.conn)?;
        found.extend(undo_everything(&mut copy)?);
        Ok(found)
    }
}

/// What SQLite's own check finds wrong with the file: nothing when it
/// says "ok".
fn integrity(conn: &Connection) -> Result<Vec<String>> {
    let said = rows(conn, "PRAGMA integrity_check")?;
    Ok(if said == ["ok"] {
        Vec::new()
    } else {
        said.into_iter()
            .map(|line| format!("the file is damaged: {line}"))
            .collect()
    })
}

/// Every invariant but the file's integrity and the undo entries: the
/// links and what is kept beside the records. Writes nothing that stays
/// (the full-text check writes nothing at all), but needs a connection
/// that may write.
fn consistency(conn: &Connection) -> Result<Vec<String>> {
    let mut found = Vec::new();
    let mut missing = conn.prepare("PRAGMA foreign_key_check")?;
    let dangling = missing.query_map([], |r| {
        Ok(format!(
            "{} row {} points at a missing {}",
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?
                .map_or("?".into(), |n| n.to_string()),
            r.get::<_, String>(2)?
        ))
    })?;
    found.extend(dangling.collect::<rusqlite::Result<Vec<_>>>()?);
    for query in SAME_ACCOUNT.iter().chain(KEPT) {
        found.extend(rows(conn, query)?);
    }
    for (table, text, link, account) in NAMED {
        found.extend(rows(conn, &named_query(table, text, link, account))?);
    }
    if let Err(e) = conn.execute(
        "INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)",
        [],
    ) {
        found.push(format!(
            "the full-text index does not match the search documents: {e}"
        ));
    }
    Ok(found)
}

/// The query listing the records of `table` whose link to a person, in
/// column `link`, points at nobody or at someone of another account than
/// `account` (an expression on the table). The text in column `text` is
/// what was typed, and may say more than the name ("Anna Berg, COO").
fn named_query(table: &str, text: &str, link: &str, account: &str) -> String {
    format!(
        "SELECT '{table} ' || r.id || ' links {text} to ' || r.link || ': ' ||
                CASE WHEN s.id IS NULL THEN 'nobody' ELSE 'a person of another account' END
           FROM (SELECT id, {link} AS link, {account} AS account
                   FROM {table} WHERE {link} IS NOT NULL) r
           LEFT JOIN stakeholder s ON s.id = r.link
          WHERE s.id IS NULL OR s.account_id IS NOT r.account"
    )
}

/// Takes back every undo entry of `copy`, newest first, as a window opened
/// on it would with `u`: each must be restored or refused for a change
/// made since, and the records left must keep the other invariants.
fn undo_everything(copy: &mut Store) -> Result<Vec<String>> {
    let mut found = Vec::new();
    while let Some(next) = copy.next_undo()? {
        match copy.undo() {
            Ok(_) | Err(StoreError::UndoRefused(_)) => {}
            Err(e) => {
                found.push(format!("the undo of “{}” fails: {e}", next.label));
                copy.conn.execute(
                    &format!("DELETE FROM undo_entry WHERE seq = (SELECT seq {MINE})"),
                    [],
                )?;
            }
        }
    }
    let left = consistency(&copy.conn)?;
    found.extend(
        left.into_iter()
            .map(|line| format!("after every undo: {line}")),
    );
    Ok(found)
}

/// The first column of every row `query` returns, up to [`TOLD`] of them
/// and a count of the rest.
fn rows(conn: &Connection, query: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(query)?;
    let mut all = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut told: Vec<String> = all.by_ref().take(TOLD).collect::<rusqlite::Result<_>>()?;
    let more = all.count();
    if more > 0 {
        told.push(format!("… and {more} more like it"));
    }
    Ok(told)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::{Account, BusinessIssue, ProofStatement, Stakeholder};

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
    }

    /// A store on a file with the demo portfolio, edited and partly
    /// deleted, so that its undo log holds entries of every kind.
    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("kam.db")).unwrap();
        crate::demo::load(&mut store, day()).unwrap();
        let account = store.accounts().unwrap()[0].clone();
        let issue = store.issues(account.id).unwrap()[0].clone();
        store
            .save_issue(&BusinessIssue {
                statement: "Edited".into(),
                ..issue.clone()
            })
            .unwrap();
        store.delete_issue(issue.id).unwrap();
        let other = store.accounts().unwrap()[1].id;
        store.delete_account(other).unwrap();
        (dir, store)
    }

    fn violations(store: &Store) -> Vec<String> {
        store.invariant_violations().unwrap()
    }

    fn raw(store: &Store, sql: &str) {
        store.conn.execute_batch(sql).unwrap();
    }

    #[test]
    fn the_demo_edited_and_undone_keeps_every_invariant() {
        let (_dir, store) = store();
        assert_eq!(violations(&store), Vec::<String>::new());
    }

    #[test]
    fn an_empty_database_keeps_every_invariant() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(violations(&store), Vec::<String>::new());
    }

    #[test]
    fn a_link_to_a_missing_record_is_told() {
        let (_dir, store) = store();
        raw(
            &store,
            "PRAGMA foreign_keys = OFF;
             UPDATE proof_statement SET issue_id = 'gone'
              WHERE id = (SELECT min(id) FROM proof_statement);
             PRAGMA foreign_keys = ON;
             UPDATE action_plan SET customer_owner_id = 'gone'
              WHERE id = (SELECT min(id) FROM action_plan);",
        );
        let found = violations(&store);
        assert!(
            found
                .iter()
                .any(|v| v.contains("points at a missing business_issue")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|v| v.contains("links customer_owner to gone: nobody")),
            "{found:?}"
        );
    }

    #[test]
    fn a_link_into_another_account_is_told() {
        let mut store = Store::open_in_memory().unwrap();
        let one = store.save_account(&Account::new("One")).unwrap();
        let two = store.save_account(&Account::new("Two")).unwrap();
        let issue = store
            .save_issue(&BusinessIssue::new(two.id, "Theirs"))
            .unwrap();
        let person = store
            .save_stakeholder(&Stakeholder::new(two.id, "Anna Berg"))
            .unwrap();
        let proof = store
            .save_proof(&ProofStatement::new(one.id, day(), "Ours"))
            .unwrap();
        raw(
            &store,
            &format!(
                "UPDATE proof_statement SET issue_id = '{}' WHERE id = '{}';
                 UPDATE proof_statement SET acknowledged_by_id = '{}', acknowledged_by = 'Anna Berg'
                  WHERE id = '{}';",
                issue.id, proof.id, person.id, proof.id
            ),
        );
        let found = violations(&store);
        assert!(found.iter().any(|v| v.contains("names issue")), "{found:?}");
        assert!(
            found
                .iter()
                .any(|v| v.contains("links acknowledged_by to") && v.contains("another account")),
            "{found:?}"
        );
    }

    #[test]
    fn a_stale_search_entry_is_told() {
        let (_dir, store) = store();
        raw(
            &store,
            "UPDATE search_doc SET title = 'stale' WHERE id = (SELECT min(id) FROM search_doc);",
        );
        let found = violations(&store);
        assert!(
            found.iter().any(|v| v.contains("holds a stale")),
            "{found:?}"
        );
        assert!(found.iter().any(|v| v.contains("lacks")), "{found:?}");
    }

    #[test]
    fn a_full_text_index_behind_its_documents_is_told() {
        let (_dir, store) = store();
        raw(
            &store,
            "DROP TRIGGER search_doc_update;
             UPDATE search_doc SET title = 'stale' WHERE id = (SELECT min(id) FROM search_doc);",
        );
        let found = violations(&store);
        assert!(
            found.iter().any(|v| v.contains("full-text index")),
            "{found:?}"
        );
    }

    #[test]
    fn a_miscounted_proof_log_is_told() {
        let (_dir, store) = store();
        raw(
            &store,
            "UPDATE proof_log_size SET entries = entries + 1
              WHERE account_id = (SELECT min(account_id) FROM proof_log_size);",
        );
        let found = violations(&store);
        assert!(
            found.iter().any(|v| v.contains("proof statements but has")),
            "{found:?}"
        );
    }

    #[test]
    fn a_broken_undo_entry_is_told_and_the_database_is_left_alone() {
        let (_dir, store) = store();
        // An issue whose account is gone cannot come back: its undo is
        // refused, as `u` refuses it, and that breaks nothing. An entry
        // that cannot be read at all is broken.
        let orphan = BusinessIssue::new(crate::domain::Id::new(), "Of no account");
        let snapshot = serde_json::json!({
            "accounts": [], "issues": [orphan], "plans": [], "proofs": [],
        });
        store
            .conn
            .execute(
                "INSERT INTO undo_entry (created_at, label, snapshot) VALUES
                        ('2026-03-02T00:00:00Z', 'orphan', ?1),
                        ('2026-03-02T00:00:00Z', 'garbled', '{not json'),
                        ('2026-03-02T00:00:00Z', 'misshapen', '{\"accounts\": 5}')",
                [snapshot.to_string()],
            )
            .unwrap();
        let entries = || rows(&store.conn, "SELECT count(*) || '' FROM undo_entry").unwrap();
        let before = entries();
        let found = violations(&store);
        let told = |label: &str| {
            found
                .iter()
                .any(|v| v.starts_with(&format!("the undo of “{label}” fails")))
        };
        assert!(told("garbled") && told("misshapen"), "{found:?}");
        assert!(!told("orphan"), "{found:?}");
        assert_eq!(entries(), before, "the check changed the database");
    }

    #[test]
    fn a_record_moved_to_another_account_and_back_leaves_no_link_across() {
        let mut store = Store::open_in_memory().unwrap();
        let one = store.save_account(&Account::new("One")).unwrap();
        let two = store.save_account(&Account::new("Two")).unwrap();
        let issue = store
            .save_issue(&BusinessIssue::new(one.id, "Ours"))
            .unwrap();
        let boss = store
            .save_stakeholder(&Stakeholder::new(one.id, "Anna Berg"))
            .unwrap();
        let mut proof = ProofStatement::new(one.id, day(), "Done");
        proof.issue_id = Some(issue.id);
        let proof = store.save_proof(&proof).unwrap();
        let mut moved = BusinessIssue {
            account_id: two.id,
            ..issue.clone()
        };
        moved.said_by_id = Some(boss.id);
        moved.said_by = boss.name.clone();
        let moved = store.save_issue(&moved).unwrap();
        assert_eq!(moved.said_by_id, None, "Anna stays in account One");
        assert_eq!(moved.said_by, "Anna Berg", "the text stays");
        assert_eq!(store.proof(proof.id).unwrap().issue_id, None);
        assert_eq!(violations(&store), Vec::<String>::new());
        // Someone of account Two reports to a person who then moves back.
        let mut boss_moved = store.stakeholder(boss.id).unwrap();
        boss_moved.account_id = two.id;
        store.save_stakeholder(&boss_moved).unwrap();
        let mut report = Stakeholder::new(two.id, "Jens Ahlgrimm");
        report.reports_to = Some(boss.id);
        store.save_stakeholder(&report).unwrap();
        store.undo().unwrap();
        assert_eq!(store.stakeholder(boss.id).unwrap().account_id, one.id);
        assert_eq!(violations(&store), Vec::<String>::new());
    }
}
