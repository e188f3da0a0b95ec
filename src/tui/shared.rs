//! What every screen reads: the database, the date, the settings, and what
//! kam derives from them, read again after every change.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::Id;
use crate::domain::account::DEFAULT_CURRENCY;
use crate::domain::insight::{Insight, Weights};
use crate::domain::portfolio::{AccountSummary, sort_by_attention};
use crate::store::{Revision, Store, StoreError, SyncConflict, SyncSummary, UndoInfo};
use crate::tui::keymap::Keymap;
use crate::tui::screen::{Cx, RenderContext};
use crate::tui::theme::Theme;

/// The database and what the screens read from it and draw with.
pub struct Shared {
    /// The database.
    pub store: Store,
    /// The date "today" refers to.
    pub today: NaiveDate,
    /// Colours and styles.
    pub theme: Theme,
    /// The keys.
    pub keymap: Keymap,
    /// Whether private mode hides confidential figures.
    pub private: bool,
    /// How much each factor counts in account health.
    pub weights: Weights,
    /// The currency a new account starts in.
    pub currency: String,
    /// Every account with its summary, in portfolio order.
    pub portfolio: Vec<AccountSummary>,
    /// What kam derives about every account, by name; on each reading,
    /// derived again only for the accounts whose records changed.
    pub insights: Vec<Insight>,
    /// The day `insights` and `portfolio` were read for, and each
    /// account's revision then.
    read_at: Option<(NaiveDate, HashMap<Id, Revision>)>,
    /// What `u` would undo, if anything.
    pub undo: Option<UndoInfo>,
    /// How the database stands with its remote, none when it is not
    /// connected to one.
    pub sync: Option<SyncSummary>,
    /// Every unresolved sync conflict, by account and record.
    pub conflicts: Vec<SyncConflict>,
    /// The account whose brief was opened this session, and where its
    /// "since last time" started.
    pub brief_since: Option<(Id, DateTime<Utc>)>,
    /// The seed the matching test is shuffled with, when fixed.
    pub matching_seed: Option<u64>,
}

impl Shared {
    /// `store` on `today`, with `theme` and `keymap`, not read yet.
    pub fn new(store: Store, today: NaiveDate, theme: Theme, keymap: Keymap) -> Self {
        Self {
            store,
            today,
            theme,
            keymap,
            private: false,
            weights: Weights::default(),
            currency: DEFAULT_CURRENCY.to_string(),
            portfolio: Vec::new(),
            insights: Vec::new(),
            read_at: None,
            undo: None,
            sync: None,
            conflicts: Vec::new(),
            brief_since: None,
            matching_seed: None,
        }
    }

    /// Reads the portfolio, what kam derives about every account, what
    /// `u` would undo and how the database stands with its remote, again:
    /// only the accounts whose records changed since the last reading are
    /// read and derived again, and when none did, this costs one short
    /// query besides the undo's and the sync summary's (the conflicts
    /// themselves are read only when there are some).
    pub fn read(&mut self) -> Result<(), StoreError> {
        let nothing = HashMap::new();
        let known = match &self.read_at {
            Some((day, revisions)) if *day == self.today => revisions,
            _ => &nothing,
        };
        let reads = self.store.signals(self.today, None, known)?;
        let unchanged =
            reads.len() == self.insights.len() && reads.iter().all(|r| r.signals.is_none());
        if !unchanged {
            let mut held: HashMap<Id, (Insight, AccountSummary)> = HashMap::new();
            let summaries = std::mem::take(&mut self.portfolio);
            let mut insights: HashMap<Id, Insight> = std::mem::take(&mut self.insights)
                .into_iter()
                .map(|i| (i.facts.account.id, i))
                .collect();
            for summary in summaries {
                if let Some(insight) = insights.remove(&summary.account.id) {
                    held.insert(summary.account.id, (insight, summary));
                }
            }
            let mut revisions = HashMap::new();
            for read in reads {
                let (insight, summary) = match read.signals {
                    Some(signals) => {
                        let summary = signals.figures.summary(signals.facts.account.clone());
                        (
                            Insight::new(signals.facts, &self.weights, self.today),
                            summary,
                        )
                    }
                    None => held
                        .remove(&read.id)
                        .ok_or(StoreError::NotFound("account"))?,
                };
                if let Some(revision) = read.revision {
                    revisions.insert(read.id, revision);
                }
                self.insights.push(insight);
                self.portfolio.push(summary);
            }
            sort_by_attention(&mut self.portfolio, self.today);
            self.read_at = Some((self.today, revisions));
        }
        self.undo = self.store.next_undo()?;
        self.read_sync()
    }

    /// Reads the sync summary again, and the conflicts when it counts
    /// some.
    fn read_sync(&mut self) -> Result<(), StoreError> {
        (self.sync, self.conflicts) = sync_of(&self.store)?;
        Ok(())
    }

    /// Weighs every account again with `weights`, unless they are the
    /// weights already applied.
    pub fn weigh(&mut self, weights: Weights) {
        if weights == self.weights {
            return;
        }
        self.weights = weights;
        let today = self.today;
        self.insights = std::mem::take(&mut self.insights)
            .into_iter()
            .map(|insight| Insight::new(insight.facts, &self.weights, today))
            .collect();
    }

    /// What a screen may read while it handles a key.
    pub fn cx(&self) -> Cx<'_> {
        Cx {
            store: &self.store,
            today: self.today,
            private: self.private,
            keymap: &self.keymap,
            insights: &self.insights,
            portfolio: &self.portfolio,
            brief_since: self.brief_since,
            matching_seed: self.matching_seed,
            conflicts: &self.conflicts,
            currency: &self.currency,
        }
    }

    /// What the screens draw with.
    pub fn render_context(&self) -> RenderContext<'_> {
        RenderContext {
            theme: &self.theme,
            today: self.today,
            private: self.private,
            keymap: &self.keymap,
            insights: &self.insights,
            weights: &self.weights,
            portfolio: &self.portfolio,
            sync: self.sync.as_ref(),
            conflicts: &self.conflicts,
        }
    }
}

/// How `store` stands with its remote, and its conflicts when the summary
/// counts some.
fn sync_of(store: &Store) -> Result<(Option<SyncSummary>, Vec<SyncConflict>), StoreError> {
    let summary = store.sync_summary()?;
    let conflicts = match &summary {
        Some(summary) if summary.conflicts > 0 => store.sync_conflicts()?,
        _ => Vec::new(),
    };
    Ok((summary, conflicts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Account, ProofStatement};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn shared(store: Store, on: NaiveDate) -> Shared {
        Shared::new(store, on, Theme::new(false), Keymap::default_keys())
    }

    /// What the screens are shown: the portfolio and the insights.
    fn shown(shared: &Shared) -> (Vec<AccountSummary>, Vec<Insight>) {
        (shared.portfolio.clone(), shared.insights.clone())
    }

    /// The work of reading how a connected database of `accounts`
    /// accounts of 20 proof statements each stands with its remote, once
    /// everything was synced but one conflict.
    fn work_of_the_sync_reading(accounts: usize) -> u64 {
        use crate::domain::history::RecordKind;
        use crate::store::{Apply, SyncConflict};

        let mut store = Store::open_in_memory().unwrap();
        let mut first = None;
        for n in 0..accounts {
            let account = store
                .save_account(&Account::new(format!("Account {n}")))
                .unwrap();
            for p in 0..20 {
                let proof = ProofStatement::new(account.id, today(), format!("Shipped {p}"));
                store.save_proof(&proof).unwrap();
            }
            first.get_or_insert(account.id);
        }
        let first = first.unwrap();
        store.sync_connect("/nowhere/portfolio.git").unwrap();
        let conflict = SyncConflict {
            kind: RecordKind::Account,
            record: first,
            account: first,
            field: "stage".into(),
            kept: "Exploratory".into(),
            other: "Cooperative".into(),
            other_record: serde_json::Value::Null,
        };
        let apply = Apply {
            upto: store.sync_pending().unwrap().upto,
            commit: "0".repeat(40),
            conflicts: vec![(first, vec![conflict])],
            synced: true,
            ..Apply::default()
        };
        store.sync_apply(&apply).unwrap();
        let ((summary, conflicts), work) = store.work_of(|s| sync_of(s).unwrap()).unwrap();
        let summary = summary.unwrap();
        assert_eq!((summary.unsynced, summary.conflicts), (0, 1));
        assert_eq!(conflicts.len(), 1);
        work
    }

    #[test]
    fn the_status_lines_sync_reading_costs_the_same_at_any_size() {
        let (small, large) = (work_of_the_sync_reading(2), work_of_the_sync_reading(100));
        assert_eq!(small, large, "2 accounts: {small} steps, 100: {large}");
    }

    #[test]
    fn a_window_reads_again_what_changed_elsewhere_and_keeps_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kam.db");
        let mut window = shared(Store::open(&path).unwrap(), today());
        let mut shell = Store::open(&path).unwrap();
        let calm = shell.save_account(&Account::new("Calm")).unwrap();
        let quiet = shell.save_account(&Account::new("Quiet")).unwrap();
        window.read().unwrap();
        assert_eq!(window.insights.len(), 2);

        let proof = ProofStatement::new(quiet.id, today(), "Shipped");
        shell.save_proof(&proof).unwrap();
        shell.save_account(&Account::new("Acme")).unwrap();
        shell.delete_account(calm.id).unwrap();
        window.read().unwrap();
        let mut fresh = shared(Store::open(&path).unwrap(), today());
        fresh.read().unwrap();
        assert_eq!(shown(&window), shown(&fresh));
        let names: Vec<&str> = window
            .portfolio
            .iter()
            .map(|s| s.account.name.as_str())
            .collect();
        assert_eq!(names, ["Acme", "Quiet"]);
        assert_eq!(window.portfolio[1].last_proof, Some(today()));

        // A new day derives every account again.
        let tomorrow = today().succ_opt().unwrap();
        window.today = tomorrow;
        window.read().unwrap();
        let mut fresh = shared(Store::open(&path).unwrap(), tomorrow);
        fresh.read().unwrap();
        assert_eq!(shown(&window), shown(&fresh));
    }
}
