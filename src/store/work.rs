//! How much work a read costs the database, counted rather than timed: the
//! instructions SQLite's virtual machine runs, which grow with the rows a
//! statement reads and do not depend on the machine or its load.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::database::Store;
use super::error::Result;

/// The instructions SQLite ran since [`Store::count_work`] started it.
#[derive(Debug, Clone)]
pub struct WorkCount(Arc<AtomicU64>);

impl WorkCount {
    /// The instructions counted so far.
    pub fn steps(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

impl Store {
    /// Starts counting the virtual-machine instructions SQLite runs on
    /// this store, until [`Store::stop_counting`]: for work done through
    /// something that holds the store, such as the interface.
    pub fn count_work(&self) -> Result<WorkCount> {
        let steps = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&steps);
        self.conn.progress_handler(
            1,
            Some(move || {
                counter.fetch_add(1, Ordering::Relaxed);
                false
            }),
        )?;
        Ok(WorkCount(steps))
    }

    /// Stops the counting [`Store::count_work`] started.
    pub fn stop_counting(&self) -> Result<()> {
        self.conn.progress_handler(0, None::<fn() -> bool>)?;
        Ok(())
    }

    /// Runs `f` on this store and returns what it returned with the number
    /// of virtual-machine instructions SQLite ran meanwhile (SQLite counts
    /// them approximately, the same way every time).
    pub fn work_of<T>(&self, f: impl FnOnce(&Self) -> T) -> Result<(T, u64)> {
        let count = self.count_work()?;
        let value = f(self);
        self.stop_counting()?;
        Ok((value, count.steps()))
    }
}
