//! Merging records from elsewhere (an export, a CRM file) into the database
//! by record id: new records are added, newer versions replace older ones,
//! and nothing else is touched.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};

use super::database::Store;
use super::error::{Result, StoreError};
use super::record::short;
use super::snapshot::Snapshot;
use super::{
    accounts, assessments, bulk, conversations, history, issues, matching, plans, proofs,
    stakeholders, whitespace,
};
use crate::domain::{
    Account, ActionPlan, Assessment, BusinessIssue, Conversation, Id, Invalid, MatchingResult,
    ProofStatement, Stakeholder, Whitespace,
};

/// What a merge did, or would do, to one kind of record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KindReport {
    /// Records the database did not hold.
    pub added: usize,
    /// Records replaced because the incoming version is newer.
    pub updated: usize,
    /// Records left alone because the database holds the same version.
    pub unchanged: usize,
    /// Records left alone because the database holds a newer version.
    pub older: usize,
}

impl KindReport {
    /// Records added or updated.
    pub fn changed(&self) -> usize {
        self.added + self.updated
    }
}

/// What a merge did, or, for a dry run, would do. Merges write no undo
/// entries: an import cannot be undone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Accounts.
    pub accounts: KindReport,
    /// Stakeholders.
    pub stakeholders: KindReport,
    /// Business issues.
    pub issues: KindReport,
    /// Action plans (with their steps).
    pub plans: KindReport,
    /// Proof statements.
    pub proofs: KindReport,
    /// Conversations (with their attendees).
    pub conversations: KindReport,
    /// Strategic assessments.
    pub assessments: KindReport,
    /// Whitespace grids, one per account, merged whole: an incoming grid
    /// that differs from the stored one replaces it.
    pub whitespace: KindReport,
    /// Matching-test results.
    pub matching: KindReport,
    /// Whether nothing was written.
    pub dry_run: bool,
}

impl MergeReport {
    /// Every kind with its name, parents first.
    pub fn kinds(&self) -> [(&'static str, KindReport); 9] {
        [
            ("accounts", self.accounts),
            ("stakeholders", self.stakeholders),
            ("business issues", self.issues),
            ("action plans", self.plans),
            ("proof statements", self.proofs),
            ("conversations", self.conversations),
            ("assessments", self.assessments),
            ("whitespace grids", self.whitespace),
            ("matching tests", self.matching),
        ]
    }

    /// Records added or updated, of every kind.
    pub fn changed(&self) -> usize {
        self.kinds().iter().map(|(_, k)| k.changed()).sum()
    }
}

/// A record kind as the merge sees it.
trait Record {
    /// Its table.
    const TABLE: &'static str;
    /// Its name in messages.
    const KIND: &'static str;
    /// The column holding its version.
    const VERSION: &'static str = "updated_at";
    fn id(&self) -> Id;
    fn updated_at(&self) -> DateTime<Utc>;
    /// A few words that let the user find the record.
    fn label(&self) -> String;
    fn check(&self) -> Result<(), Invalid>;
}

macro_rules! record {
    ($type:ty, $table:literal, $kind:literal, |$r:ident| $label:expr) => {
        impl Record for $type {
            const TABLE: &'static str = $table;
            const KIND: &'static str = $kind;
            fn id(&self) -> Id {
                self.id
            }
            fn updated_at(&self) -> DateTime<Utc> {
                self.updated_at
            }
            fn label(&self) -> String {
                let $r = self;
                short($label)
            }
            fn check(&self) -> Result<(), Invalid> {
                self.validate()
            }
        }
    };
}

record!(Account, "account", "account", |r| &r.name);
record!(Stakeholder, "stakeholder", "stakeholder", |r| &r.name);
record!(BusinessIssue, "business_issue", "business issue", |r| &r
    .statement);
record!(ActionPlan, "action_plan", "action plan", |r| &r.title);
record!(ProofStatement, "proof_statement", "proof statement", |r| &r
    .statement);
record!(Conversation, "conversation", "conversation", |r| &r.forum);
record!(Assessment, "assessment", "assessment", |r| &r
    .date
    .to_string());

/// A matching result never changes after the test: its version is when it
/// was taken.
impl Record for MatchingResult {
    const TABLE: &'static str = "matching_result";
    const KIND: &'static str = "matching test";
    const VERSION: &'static str = "taken_at";
    fn id(&self) -> Id {
        self.id
    }
    fn updated_at(&self) -> DateTime<Utc> {
        self.taken_at
    }
    fn label(&self) -> String {
        format!("{} of {}", self.correct, self.total)
    }
    fn check(&self) -> Result<(), Invalid> {
        Ok(())
    }
}

fn refused(message: String) -> StoreError {
    StoreError::Import(message)
}

fn describe<T: Record>(record: &T) -> String {
    format!("{} {} (“{}”)", T::KIND, record.id(), record.label())
}

/// Validates every record and refuses ids that appear twice; returns the ids.
fn checked<T: Record>(records: &[T]) -> Result<HashSet<Id>> {
    let mut ids = HashSet::with_capacity(records.len());
    for record in records {
        record
            .check()
            .map_err(|e| refused(format!("{} is not valid: {e}", describe(record))))?;
        if !ids.insert(record.id()) {
            return Err(refused(format!("{} appears twice", describe(record))));
        }
    }
    Ok(ids)
}

/// The version (`updated_at`) of the stored record with this id, if there
/// is one.
fn stored_version(conn: &Connection, table: &str, id: Id) -> Result<Option<DateTime<Utc>>> {
    stored_version_in(conn, table, "updated_at", id)
}

/// The value of the version column `column` of the record with this id.
fn stored_version_in(
    conn: &Connection,
    table: &str,
    column: &str,
    id: Id,
) -> Result<Option<DateTime<Utc>>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {column} FROM {table} WHERE id = ?1"))?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// A record to write, and whether the database holds a version of it.
struct Write<'a, T> {
    record: &'a T,
    stored: bool,
}

/// Sorts the records into those to write and counts each fate.
fn classify<'a, T: Record>(
    conn: &Connection,
    records: &'a [T],
) -> Result<(Vec<Write<'a, T>>, KindReport)> {
    let mut report = KindReport::default();
    let mut writes = Vec::new();
    for record in records {
        match stored_version_in(conn, T::TABLE, T::VERSION, record.id())? {
            None => {
                report.added += 1;
                writes.push(Write {
                    record,
                    stored: false,
                });
            }
            Some(stored) if record.updated_at() > stored => {
                report.updated += 1;
                writes.push(Write {
                    record,
                    stored: true,
                });
            }
            Some(stored) if record.updated_at() == stored => report.unchanged += 1,
            Some(_) => report.older += 1,
        }
    }
    Ok((writes, report))
}

/// The ids of each kind that the incoming records bring.
struct Incoming {
    accounts: HashSet<Id>,
    stakeholders: HashSet<Id>,
    issues: HashSet<Id>,
    plans: HashSet<Id>,
}

/// Requires the record `from` points to, a `T` with id `to`, to be among
/// the incoming records or in the database.
fn require_link<F: Record>(
    conn: &Connection,
    from: &F,
    (kind, table): (&str, &str),
    to: Id,
    incoming: &HashSet<Id>,
) -> Result<()> {
    if incoming.contains(&to) || stored_version(conn, table, to)?.is_some() {
        return Ok(());
    }
    Err(refused(format!(
        "{} points to {kind} {to}, which is neither in the import nor in the database",
        describe(from)
    )))
}

const ACCOUNT: (&str, &str) = ("account", "account");
const ISSUE: (&str, &str) = ("business issue", "business_issue");
const PLAN: (&str, &str) = ("action plan", "action_plan");
const STAKEHOLDER: (&str, &str) = ("stakeholder", "stakeholder");

/// Checks that every link resolves and that no step id belongs to another
/// plan in the database.
fn check_links(conn: &Connection, records: &Snapshot, incoming: &Incoming) -> Result<()> {
    for s in &records.stakeholders {
        require_link(conn, s, ACCOUNT, s.account_id, &incoming.accounts)?;
        if let Some(manager) = s.reports_to {
            require_link(conn, s, STAKEHOLDER, manager, &incoming.stakeholders)?;
        }
    }
    for c in &records.conversations {
        require_link(conn, c, ACCOUNT, c.account_id, &incoming.accounts)?;
        for person in &c.attendees {
            require_link(conn, c, STAKEHOLDER, *person, &incoming.stakeholders)?;
        }
    }
    for a in &records.assessments {
        require_link(conn, a, ACCOUNT, a.account_id, &incoming.accounts)?;
    }
    for m in &records.matching {
        require_link(conn, m, ACCOUNT, m.account_id, &incoming.accounts)?;
    }
    for grid in &records.whitespace {
        if !incoming.accounts.contains(&grid.account_id)
            && stored_version(conn, "account", grid.account_id)?.is_none()
        {
            return Err(refused(format!(
                "a whitespace grid points to account {}, which is neither in the import nor in the database",
                grid.account_id
            )));
        }
    }
    for i in &records.issues {
        require_link(conn, i, ACCOUNT, i.account_id, &incoming.accounts)?;
        for person in [i.said_by_id, i.confirmed_by_id].into_iter().flatten() {
            require_link(conn, i, STAKEHOLDER, person, &incoming.stakeholders)?;
        }
    }
    let mut steps = conn.prepare_cached("SELECT plan_id FROM plan_step WHERE id = ?1")?;
    for p in &records.plans {
        require_link(conn, p, ISSUE, p.issue_id, &incoming.issues)?;
        if let Some(person) = p.customer_owner_id {
            require_link(conn, p, STAKEHOLDER, person, &incoming.stakeholders)?;
        }
        for step in &p.steps {
            let owner: Option<Id> = steps.query_row([step.id], |r| r.get(0)).optional()?;
            if owner.is_some_and(|owner| owner != p.id) {
                return Err(refused(format!(
                    "step {} of {} belongs to another plan in the database",
                    step.id,
                    describe(p)
                )));
            }
        }
    }
    for p in &records.proofs {
        require_link(conn, p, ACCOUNT, p.account_id, &incoming.accounts)?;
        if let Some(issue) = p.issue_id {
            require_link(conn, p, ISSUE, issue, &incoming.issues)?;
        }
        if let Some(plan) = p.plan_id {
            require_link(conn, p, PLAN, plan, &incoming.plans)?;
        }
        if let Some(person) = p.acknowledged_by_id {
            require_link(conn, p, STAKEHOLDER, person, &incoming.stakeholders)?;
        }
    }
    Ok(())
}

/// Refuses step ids that appear twice among the incoming plans.
fn check_steps(plans: &[ActionPlan]) -> Result<()> {
    let mut ids = HashSet::new();
    for plan in plans {
        for step in &plan.steps {
            if !ids.insert(step.id) {
                return Err(refused(format!(
                    "step {} appears twice (in {})",
                    step.id,
                    describe(plan)
                )));
            }
            if step.text.trim().is_empty() {
                return Err(refused(format!("a step of {} has no text", describe(plan))));
            }
        }
    }
    Ok(())
}

/// Checks everything, then, unless `dry_run`, writes what is new or newer;
/// `row_by_row` keeps the search index's triggers for any import (the way
/// every import went before the bulk rebuild, kept to compare the two).
fn merge_into(
    conn: &Connection,
    records: &Snapshot,
    dry_run: bool,
    row_by_row: bool,
) -> Result<MergeReport> {
    let incoming = Incoming {
        accounts: checked(&records.accounts)?,
        stakeholders: checked(&records.stakeholders)?,
        issues: checked(&records.issues)?,
        plans: checked(&records.plans)?,
    };
    checked(&records.proofs)?;
    checked(&records.conversations)?;
    checked(&records.assessments)?;
    checked(&records.matching)?;
    check_grids(records)?;
    check_steps(&records.plans)?;
    check_links(conn, records, &incoming)?;

    let (new_accounts, accounts) = classify(conn, &records.accounts)?;
    let (new_stakeholders, stakeholders) = classify(conn, &records.stakeholders)?;
    let (new_issues, issues) = classify(conn, &records.issues)?;
    let (new_plans, plans) = classify(conn, &records.plans)?;
    let (new_proofs, proofs) = classify(conn, &records.proofs)?;
    let (new_conversations, conversations) = classify(conn, &records.conversations)?;
    let (new_assessments, assessments) = classify(conn, &records.assessments)?;
    let (new_matching, matching) = classify(conn, &records.matching)?;
    let (new_grids, whitespace) = classify_grids(conn, records)?;
    if !dry_run {
        let writes = Writes {
            accounts: new_accounts,
            stakeholders: new_stakeholders,
            issues: new_issues,
            plans: new_plans,
            proofs: new_proofs,
            conversations: new_conversations,
            assessments: new_assessments,
            matching: new_matching,
            grids: new_grids,
        };
        // A bulk import indexes its text once at the end rather than a few
        // hundred rows at a time; a small one into a large database keeps
        // the row-by-row index, which touches only what it writes.
        if !row_by_row && writes.indexed() >= bulk::indexed_documents(conn)? {
            bulk::with_index_rebuilt_once(conn, || writes.write(conn))?;
        } else {
            writes.write(conn)?;
        }
    }
    Ok(MergeReport {
        accounts,
        stakeholders,
        issues,
        plans,
        proofs,
        conversations,
        assessments,
        whitespace,
        matching,
        dry_run,
    })
}

/// The records a merge writes: new, or newer than the stored ones.
struct Writes<'a> {
    accounts: Vec<Write<'a, Account>>,
    stakeholders: Vec<Write<'a, Stakeholder>>,
    issues: Vec<Write<'a, BusinessIssue>>,
    plans: Vec<Write<'a, ActionPlan>>,
    proofs: Vec<Write<'a, ProofStatement>>,
    conversations: Vec<Write<'a, Conversation>>,
    assessments: Vec<Write<'a, Assessment>>,
    matching: Vec<Write<'a, MatchingResult>>,
    grids: Vec<(Whitespace, &'a Whitespace)>,
}

impl Writes<'_> {
    /// How many documents of the search index these records make.
    fn indexed(&self) -> usize {
        let steps: usize = self.plans.iter().map(|p| p.record.steps.len()).sum();
        self.accounts.len()
            + self.stakeholders.len()
            + self.issues.len()
            + self.plans.len()
            + steps
            + self.proofs.len()
            + self.conversations.len()
    }

    /// Writes every record with its history.
    fn write(&self, conn: &Connection) -> Result<()> {
        let mut history = history::Saves::new(conn);
        // Each kind's history first (it needs the stored versions), then its
        // records in a few multi-row statements, parents before children.
        for a in &self.accounts {
            let old = if a.stored {
                accounts::get(conn, a.record.id)?
            } else {
                None
            };
            history.saved(Some(a.record.id), old.as_ref(), a.record)?;
        }
        accounts::upsert_many(conn, self.accounts.iter().map(|w| w.record))?;
        for s in &self.stakeholders {
            let old = if s.stored {
                stakeholders::get(conn, s.record.id)?
            } else {
                None
            };
            history.saved(Some(s.record.account_id), old.as_ref(), s.record)?;
        }
        stakeholders::upsert_many(conn, self.stakeholders.iter().map(|w| w.record))?;
        for i in &self.issues {
            let old = if i.stored {
                issues::get(conn, i.record.id)?
            } else {
                None
            };
            history.saved(Some(i.record.account_id), old.as_ref(), i.record)?;
        }
        issues::upsert_many(conn, self.issues.iter().map(|w| w.record))?;
        for p in &self.plans {
            let account = history::issue_account(conn, p.record.issue_id)?;
            let old = if p.stored {
                plans::get(conn, p.record.id)?
            } else {
                None
            };
            history.saved(account, old.as_ref(), p.record)?;
        }
        plans::upsert_many(conn, self.plans.iter().map(|w| w.record))?;
        for p in &self.proofs {
            let old = if p.stored {
                proofs::get(conn, p.record.id)?
            } else {
                None
            };
            history.saved(Some(p.record.account_id), old.as_ref(), p.record)?;
        }
        proofs::upsert_many(conn, self.proofs.iter().map(|w| w.record))?;
        for c in &self.conversations {
            let old = if c.stored {
                conversations::get(conn, c.record.id)?
            } else {
                None
            };
            history.saved(Some(c.record.account_id), old.as_ref(), c.record)?;
        }
        conversations::upsert_many(conn, self.conversations.iter().map(|w| w.record))?;
        for a in &self.assessments {
            let old = if a.stored {
                assessments::get(conn, a.record.id)?
            } else {
                None
            };
            history.saved(Some(a.record.account_id), old.as_ref(), a.record)?;
        }
        assessments::upsert_many(conn, self.assessments.iter().map(|w| w.record))?;
        for m in &self.matching {
            history.saved(Some(m.record.account_id), None, m.record)?;
        }
        matching::upsert_many(conn, self.matching.iter().map(|w| w.record))?;
        for (old, grid) in &self.grids {
            history.saved(Some(grid.account_id), Some(old), *grid)?;
        }
        history.finish()?;
        whitespace::replace_many(conn, self.grids.iter().map(|(_, g)| *g))?;
        Ok(())
    }
}

/// Validates the incoming grids and refuses two for one account.
fn check_grids(records: &Snapshot) -> Result<()> {
    let mut seen = HashSet::new();
    for grid in &records.whitespace {
        grid.validate().map_err(|e| {
            refused(format!(
                "the whitespace grid of account {} is not valid: {e}",
                grid.account_id
            ))
        })?;
        if !seen.insert(grid.account_id) {
            return Err(refused(format!(
                "account {} has two whitespace grids",
                grid.account_id
            )));
        }
    }
    Ok(())
}

/// The incoming grids that differ from the stored ones, each with the
/// stored grid, and the count of each fate. Grids carry no version, so an
/// incoming grid that differs replaces the stored one.
fn classify_grids<'a>(
    conn: &Connection,
    records: &'a Snapshot,
) -> Result<(Vec<(Whitespace, &'a Whitespace)>, KindReport)> {
    let mut report = KindReport::default();
    let mut writes = Vec::new();
    for grid in &records.whitespace {
        let stored = whitespace::get(conn, grid.account_id)?;
        if stored == *grid {
            report.unchanged += 1;
            continue;
        }
        if stored.is_empty() {
            report.added += 1;
        } else {
            report.updated += 1;
        }
        writes.push((stored, grid));
    }
    Ok((writes, report))
}

impl Store {
    /// Merges `records` into the database by id, in one transaction: records
    /// the database lacks are added, records whose `updated_at` is newer
    /// replace the stored ones (ids and timestamps kept exactly), and every
    /// other record is left alone. Every record is validated and every link
    /// must resolve, to an incoming record or a stored one, before anything
    /// is written; otherwise nothing is. A dry run only reports, and works
    /// on a read-only database too. No undo entries are written; every
    /// record added or changed goes into the history.
    pub fn merge(&mut self, records: &Snapshot, dry_run: bool) -> Result<MergeReport> {
        if dry_run {
            let tx = self.conn.unchecked_transaction()?;
            return merge_into(&tx, records, true, false);
        }
        let empty = self.is_empty()?;
        let journal = empty && self.journal_directly();
        let merged = self.write(|tx| merge_into(tx, records, false, false));
        if journal {
            self.conn.pragma_update(None, "journal_mode", "WAL")?;
        }
        merged
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use rusqlite::types::Value;

    use super::*;
    use crate::domain::ProofStatement;

    /// The demo portfolio with enough proof statements that each kind is
    /// written in several statements.
    fn portfolio() -> Snapshot {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut records = crate::demo::records(today).unwrap();
        let account = records.accounts[1].id;
        for n in 0..450 {
            let mut proof = ProofStatement::new(
                account,
                today - chrono::Duration::days(n),
                format!("Kranverfügbarkeit woche{n} gemessen"),
            );
            proof.value = Some(format!("{n} %"));
            records.proofs.push(proof);
        }
        records
    }

    /// Every row of `sql`, as values.
    fn rows(store: &Store, sql: &str) -> Vec<Vec<Value>> {
        let mut stmt = store.conn.prepare(sql).unwrap();
        let n = stmt.column_count();
        stmt.query_map([], |r| (0..n).map(|i| r.get(i)).collect())
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    /// Merges `records` into `store`, row by row or as kam does.
    fn import(store: &mut Store, records: &Snapshot, row_by_row: bool) -> MergeReport {
        store
            .write(|tx| merge_into(tx, records, false, row_by_row))
            .unwrap()
    }

    /// What an import leaves in the database that a user or a search sees.
    fn observed(store: &Store) -> Vec<Vec<Vec<Value>>> {
        let mut seen = vec![
            rows(store, "SELECT * FROM search_doc ORDER BY id"),
            rows(
                store,
                "SELECT seq, account_id, record_kind, record_id, action, field, old_value,
                        new_value, label FROM change_log ORDER BY seq",
            ),
            rows(
                store,
                "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name",
            ),
            // No setting of the index outlives a bulk rebuild.
            rows(store, "SELECT k, v FROM search_index_config ORDER BY k"),
            rows(
                store,
                "SELECT rowid, title, body FROM search_index
                  WHERE search_index MATCH 'kran* OR woche1* OR b*' ORDER BY rowid",
            ),
        ];
        for query in ["woche12", "kranverf", "nrdml", "crane", "b", "ünï", "pilot"] {
            let hits = store.search(query, 50).unwrap();
            seen.push(vec![vec![Value::Text(format!("{hits:?}"))]]);
        }
        seen
    }

    fn index_is_sound(store: &Store) {
        store
            .conn
            .execute(
                "INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)",
                [],
            )
            .unwrap();
    }

    #[test]
    fn a_bulk_import_leaves_what_a_row_by_row_one_does() {
        let records = portfolio();
        let mut bulk = Store::open_in_memory().unwrap();
        let mut rows = Store::open_in_memory().unwrap();
        let report = import(&mut bulk, &records, false);
        assert_eq!(report, import(&mut rows, &records, true));
        assert_eq!(bulk.all_records().unwrap(), rows.all_records().unwrap());
        assert_eq!(observed(&bulk), observed(&rows));
        index_is_sound(&bulk);
        assert!(!bulk.search("woche449", 5).unwrap().is_empty());

        // The triggers came back: what is written next is indexed as before.
        let account = records.accounts[0].id;
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let proof = ProofStatement::new(account, today, "Zollabfertigung beschleunigt");
        for store in [&mut bulk, &mut rows] {
            store.save(&proof, None).unwrap();
            assert_eq!(store.search("zollabf", 5).unwrap().len(), 1);
            store.delete_proof(proof.id).unwrap();
            assert!(store.search("zollabf", 5).unwrap().is_empty());
        }
        assert_eq!(observed(&bulk)[0], observed(&rows)[0]);
        index_is_sound(&bulk);
    }

    /// The size of the write-ahead log beside `path`, 0 when there is none.
    fn wal_size(path: &std::path::Path) -> u64 {
        std::fs::metadata(path.with_extension("db-wal")).map_or(0, |m| m.len())
    }

    fn journal_mode(store: &Store) -> String {
        store
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn an_import_into_an_empty_file_writes_it_directly_and_leaves_it_in_wal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kam.db");
        let mut store = Store::open(&path).unwrap();
        assert!(store.journal_directly(), "alone on an empty file");
        store
            .conn
            .pragma_update(None, "journal_mode", "WAL")
            .unwrap();
        let records = portfolio();
        let report = store.merge(&records, false).unwrap();
        assert_eq!(report.proofs.added, records.proofs.len());
        assert_eq!(journal_mode(&store), "wal");
        assert!(
            wal_size(&path) < 64 * 1024,
            "the records went into the file, not through the log"
        );
        // Another connection sees every record once the import is done.
        let other = Store::open(&path).unwrap();
        assert_eq!(other.counts().unwrap().proofs, records.proofs.len());
    }

    #[test]
    fn an_import_beside_another_open_window_goes_through_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kam.db");
        let mut store = Store::open(&path).unwrap();
        let window = Store::open(&path).unwrap();
        assert_eq!(window.counts().unwrap().accounts, 0);
        assert!(
            !store.journal_directly(),
            "another connection holds the file"
        );
        assert_eq!(journal_mode(&store), "wal");
        let records = portfolio();
        store.merge(&records, false).unwrap();
        assert_eq!(journal_mode(&store), "wal");
        assert!(
            wal_size(&path) > 64 * 1024,
            "the records went through the log"
        );
        assert_eq!(window.counts().unwrap().proofs, records.proofs.len());
    }

    #[test]
    fn a_bulk_import_into_a_filled_database_merges_as_row_by_row() {
        let records = portfolio();
        let half = Snapshot {
            accounts: records.accounts.clone(),
            issues: records.issues.clone(),
            // The issues name the people who said them.
            stakeholders: records.stakeholders.clone(),
            plans: records.plans[..records.plans.len() / 2].to_vec(),
            proofs: records.proofs[records.proofs.len() - 100..].to_vec(),
            ..Snapshot::default()
        };
        let mut newer = records.clone();
        let n = newer.proofs.len();
        for proof in &mut newer.proofs[n - 50..] {
            proof.statement.push_str(" nachgemessen");
            proof.updated_at += chrono::Duration::seconds(1);
        }
        let mut bulk = Store::open_in_memory().unwrap();
        let mut rows = Store::open_in_memory().unwrap();
        import(&mut bulk, &half, true);
        import(&mut rows, &half, true);
        let report = import(&mut bulk, &newer, false);
        assert_eq!(report, import(&mut rows, &newer, true));
        assert_eq!((report.proofs.updated, report.proofs.unchanged), (50, 50));
        assert_eq!(observed(&bulk), observed(&rows));
        assert_eq!(bulk.search("nachgemessen", 100).unwrap().len(), 50);
        index_is_sound(&bulk);
    }

    #[test]
    fn an_import_failing_half_way_leaves_the_index_and_its_triggers_as_they_were() {
        let records = portfolio();
        let mut store = Store::open_in_memory().unwrap();
        let first = Snapshot {
            accounts: records.accounts[..1].to_vec(),
            ..Snapshot::default()
        };
        import(&mut store, &first, false);
        let before = observed(&store);
        let err = store
            .write(|tx| {
                bulk::with_index_rebuilt_once(tx, || {
                    merge_into(tx, &records, false, true)?;
                    Err::<(), _>(refused("the disk is full".into()))
                })
            })
            .unwrap_err();
        assert!(err.to_string().contains("the disk is full"), "{err}");
        assert_eq!(observed(&store), before);
        index_is_sound(&store);
        // And the next import still indexes.
        import(&mut store, &records, false);
        assert!(!store.search("woche7", 5).unwrap().is_empty());
    }
}
