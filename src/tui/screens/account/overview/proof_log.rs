//! A window onto an account's proof log, which may hold 100,000 entries:
//! only a few hundred around the selection are ever in memory, and moving
//! past either end of the window costs one index seek, wherever it is.
//! Opening the log reads its size from a tally and one screen's worth of
//! entries, however long the log.

use crate::domain::{Id, ProofStatement};
use crate::store::{Result, Store};

/// How many entries one fetch brings in: a few screens' worth.
const CHUNK: usize = 50;
/// The most entries held at once.
const WINDOW: usize = 3 * CHUNK;

/// The proof log of one account, as far as the view needs it.
#[derive(Debug, Default)]
pub struct ProofLog {
    total: usize,
    start: usize,
    entries: Vec<ProofStatement>,
    selected: usize,
}

impl ProofLog {
    /// Loads the log of `account` around the selection, selecting the entry
    /// `select` when given, else keeping the selected entry wherever it
    /// moved (entries may have been added above it), else the selected
    /// position.
    pub fn reload(&mut self, store: &Store, account: Id, select: Option<Id>) -> Result<()> {
        self.total = store.proof_count(account)?;
        let kept = self.selected().map(|p| p.id);
        let target = select
            .into_iter()
            .chain(kept)
            .find_map(|id| store.proof(id).ok().filter(|p| p.account_id == account));
        match target {
            Some(proof) => self.around(store, proof),
            None => {
                self.selected = self.selected.min(self.total.saturating_sub(1));
                self.jump(store, account)
            }
        }
    }

    /// Loads a window around `proof` and selects it, through the index
    /// from the entry itself.
    fn around(&mut self, store: &Store, proof: ProofStatement) -> Result<()> {
        self.selected = store.proof_position(&proof)?;
        let mut entries = store.proofs_newer_than(&proof, CHUNK)?;
        self.start = self.selected.saturating_sub(entries.len());
        let older = store.proofs_older_than(&proof, CHUNK)?;
        entries.push(proof);
        entries.extend(older);
        self.entries = entries;
        Ok(())
    }

    /// Loads the entries within a [`CHUNK`] of the selection from scratch:
    /// at the newest end, just what the first screens show.
    fn jump(&mut self, store: &Store, account: Id) -> Result<()> {
        self.start = self.selected.saturating_sub(CHUNK);
        let wanted = (self.selected + CHUNK).min(self.total) - self.start;
        if self.selected + CHUNK >= self.total {
            // Near the oldest end: read from that end of the index.
            self.entries = store.oldest_proofs(account, wanted)?;
            self.start = self.total.saturating_sub(self.entries.len());
        } else {
            self.entries = store.proofs(account, self.start, wanted)?;
        }
        Ok(())
    }

    /// Moves the selection to `index` (clamped), fetching what comes into
    /// view when it leaves the window.
    pub fn select(&mut self, store: &Store, account: Id, index: usize) -> Result<()> {
        self.selected = index.min(self.total.saturating_sub(1));
        let end = self.start + self.entries.len();
        if self.selected >= self.start && self.selected < end {
            return Ok(());
        }
        let next_below = self.selected >= end && self.selected < end + CHUNK;
        let next_above = self.selected < self.start && self.selected + CHUNK >= self.start;
        match (
            next_below,
            next_above,
            self.entries.first(),
            self.entries.last(),
        ) {
            (true, _, _, Some(last)) => {
                let older = store.proofs_older_than(last, CHUNK)?;
                self.entries.extend(older);
                let excess = self.entries.len().saturating_sub(WINDOW);
                self.entries.drain(..excess);
                self.start += excess;
                Ok(())
            }
            (_, true, Some(first), _) => {
                let mut newer = store.proofs_newer_than(first, CHUNK)?;
                self.start -= newer.len();
                newer.append(&mut self.entries);
                newer.truncate(WINDOW);
                self.entries = newer;
                Ok(())
            }
            _ => self.jump(store, account),
        }
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

#[cfg(test)]
mod tests {
    use chrono::{Days, NaiveDate};

    use crate::domain::Account;
    use crate::store::Snapshot;
    use crate::tui::screens::account::overview::proof_log::*;

    /// An account with `n` proofs on distinct dates, plus the store.
    fn log_of(n: usize) -> (Store, Id, Vec<ProofStatement>) {
        let mut store = Store::open_in_memory().unwrap();
        let account = Account::new("Acme");
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let proofs: Vec<ProofStatement> = (0..n)
            .map(|i| {
                let date = today.checked_sub_days(Days::new((i / 2) as u64)).unwrap();
                ProofStatement::new(account.id, date, format!("proof {i}"))
            })
            .collect();
        let id = account.id;
        let records = Snapshot {
            accounts: vec![account],
            proofs: proofs.clone(),
            ..Snapshot::default()
        };
        store.insert_all(&records).unwrap();
        let all = store.proofs(id, 0, n).unwrap();
        (store, id, all)
    }

    #[test]
    fn every_position_shows_the_right_entry_whichever_way_we_move() {
        let (store, account, all) = log_of(1_000);
        let mut log = ProofLog::default();
        log.reload(&store, account, None).unwrap();
        for (i, expected) in all.iter().enumerate() {
            log.select(&store, account, i).unwrap();
            assert_eq!(log.selected().unwrap().id, expected.id, "down at {i}");
        }
        for i in (0..1_000).rev().step_by(7) {
            log.select(&store, account, i).unwrap();
            assert_eq!(log.selected().unwrap().id, all[i].id, "up at {i}");
        }
        for i in [999, 0, 500, 998, 1, 620] {
            log.select(&store, account, i).unwrap();
            assert_eq!(log.selected().unwrap().id, all[i].id, "jump to {i}");
        }
    }

    #[test]
    fn the_window_stays_bounded() {
        let (store, account, _) = log_of(2_000);
        let mut log = ProofLog::default();
        log.reload(&store, account, None).unwrap();
        for i in (0..2_000).step_by(37) {
            log.select(&store, account, i).unwrap();
            assert!(log.window().1.len() <= WINDOW);
        }
    }

    #[test]
    fn the_selection_stays_on_its_entry_when_newer_ones_arrive() {
        let (mut store, account, all) = log_of(300);
        let mut log = ProofLog::default();
        log.reload(&store, account, Some(all[200].id)).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        for n in 0..3 {
            let newer = ProofStatement::new(account, today, format!("newer {n}"));
            store.save_proof(&newer).unwrap();
        }
        log.reload(&store, account, None).unwrap();
        assert_eq!(log.total(), 303);
        assert_eq!(log.selected().unwrap().id, all[200].id);
        assert_eq!(log.selected_index(), 203);
    }

    #[test]
    fn selecting_a_record_by_id_finds_its_position() {
        let (store, account, all) = log_of(700);
        let mut log = ProofLog::default();
        log.reload(&store, account, Some(all[650].id)).unwrap();
        assert_eq!(log.selected_index(), 650);
        assert_eq!(log.selected().unwrap().id, all[650].id);
    }
}
