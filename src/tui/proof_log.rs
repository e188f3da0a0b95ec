//! A window onto an account's proof log, which may hold 100,000 entries:
//! only a few hundred around the selection are ever in memory.

use crate::domain::{Id, ProofStatement};
use crate::store::{Result, Store};

/// How many entries are held around the selection.
const WINDOW: usize = 240;

/// The proof log of one account, as far as the view needs it.
#[derive(Debug, Default)]
pub struct ProofLog {
    total: usize,
    start: usize,
    entries: Vec<ProofStatement>,
    selected: usize,
}

impl ProofLog {
    /// Loads the newest entries of `account`'s log and selects `select`
    /// when given (else keeps the selected position).
    pub fn reload(&mut self, store: &Store, account: Id, select: Option<Id>) -> Result<()> {
        self.total = store.proof_count(account)?;
        if let Some(proof) = select.and_then(|id| store.proof(id).ok()) {
            self.selected = store.proof_position(&proof)?;
        }
        self.selected = self.selected.min(self.total.saturating_sub(1));
        self.load_window(store, account)
    }

    fn load_window(&mut self, store: &Store, account: Id) -> Result<()> {
        self.start = self.selected.saturating_sub(WINDOW / 2);
        self.entries = store.proofs(account, self.start, WINDOW)?;
        Ok(())
    }

    /// Moves the selection to `index` (clamped), loading a new window when
    /// it leaves the one in memory.
    pub fn select(&mut self, store: &Store, account: Id, index: usize) -> Result<()> {
        self.selected = index.min(self.total.saturating_sub(1));
        let end = self.start + self.entries.len();
        if self.selected < self.start || self.selected >= end {
            self.load_window(store, account)?;
        }
        Ok(())
    }

    /// Entries in the log.
    pub fn total(&self) -> usize {
        self.total
    }

    /// Position of the selection in the log (0 = newest).
    pub fn selected_index(&self) -> usize {
        self.selected
    }

    /// The selected entry.
    pub fn selected(&self) -> Option<&ProofStatement> {
        self.entries.get(self.selected.checked_sub(self.start)?)
    }

    /// The entries in memory and the log position of the first.
    pub fn window(&self) -> (usize, &[ProofStatement]) {
        (self.start, &self.entries)
    }
}
