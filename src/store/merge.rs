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
    accounts, assessments, conversations, history, issues, matching, plans, proofs, stakeholders,
    whitespace,
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

/// Sorts the records into those to write and counts each fate.
fn classify<'a, T: Record>(
    conn: &Connection,
    records: &'a [T],
) -> Result<(Vec<&'a T>, KindReport)> {
    let mut report = KindReport::default();
    let mut writes = Vec::new();
    for record in records {
        match stored_version_in(conn, T::TABLE, T::VERSION, record.id())? {
            None => {
                report.added += 1;
                writes.push(record);
            }
            Some(stored) if record.updated_at() > stored => {
                report.updated += 1;
                writes.push(record);
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
    }
    let mut steps = conn.prepare_cached("SELECT plan_id FROM plan_step WHERE id = ?1")?;
    for p in &records.plans {
        require_link(conn, p, ISSUE, p.issue_id, &incoming.issues)?;
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

/// Checks everything, then, unless `dry_run`, writes what is new or newer.
fn merge_into(conn: &Connection, records: &Snapshot, dry_run: bool) -> Result<MergeReport> {
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
        // Each kind's history first (it needs the stored versions), then its
        // records in a few multi-row statements, parents before children.
        for a in &new_accounts {
            let old = accounts::get(conn, a.id)?;
            history::saved(conn, Some(a.id), old.as_ref(), *a)?;
        }
        accounts::upsert_many(conn, new_accounts)?;
        for s in &new_stakeholders {
            let old = stakeholders::get(conn, s.id)?;
            history::saved(conn, Some(s.account_id), old.as_ref(), *s)?;
        }
        stakeholders::upsert_many(conn, new_stakeholders)?;
        for i in &new_issues {
            let old = issues::get(conn, i.id)?;
            history::saved(conn, Some(i.account_id), old.as_ref(), *i)?;
        }
        issues::upsert_many(conn, new_issues)?;
        for p in &new_plans {
            let account = history::issue_account(conn, p.issue_id)?;
            let old = plans::get(conn, p.id)?;
            history::saved(conn, account, old.as_ref(), *p)?;
        }
        plans::upsert_many(conn, new_plans)?;
        for p in &new_proofs {
            let old = proofs::get(conn, p.id)?;
            history::saved(conn, Some(p.account_id), old.as_ref(), *p)?;
        }
        proofs::upsert_many(conn, new_proofs)?;
        for c in &new_conversations {
            let old = conversations::get(conn, c.id)?;
            history::saved(conn, Some(c.account_id), old.as_ref(), *c)?;
        }
        conversations::upsert_many(conn, new_conversations)?;
        for a in &new_assessments {
            let old = assessments::get(conn, a.id)?;
            history::saved(conn, Some(a.account_id), old.as_ref(), *a)?;
        }
        assessments::upsert_many(conn, new_assessments)?;
        for m in &new_matching {
            history::saved(conn, Some(m.account_id), None, *m)?;
        }
        matching::upsert_many(conn, new_matching)?;
        for (old, grid) in &new_grids {
            history::saved(conn, Some(grid.account_id), Some(old), *grid)?;
        }
        whitespace::replace_many(conn, new_grids.iter().map(|(_, g)| *g))?;
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
            return merge_into(&tx, records, true);
        }
        self.write(|tx| merge_into(tx, records, false))
    }
}
