//! How much work a read costs the database, counted rather than timed: the
//! instructions SQLite's virtual machine runs, which grow with the rows a
//! statement reads and do not depend on the machine or its load.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::database::Store;
use super::error::Result;

impl Store {
    /// Runs `f` on this store and returns what it returned with the number
    /// of virtual-machine instructions SQLite ran meanwhile (SQLite counts
    /// them approximately, the same way every time).
    pub fn work_of<T>(&self, f: impl FnOnce(&Self) -> T) -> Result<(T, u64)> {
        let steps = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&steps);
        self.conn.progress_handler(
            1,
            Some(move || {
                counter.fetch_add(1, Ordering::Relaxed);
                false
            }),
        )?;
        let value = f(self);
        self.conn.progress_handler(0, None::<fn() -> bool>)?;
        Ok((value, steps.load(Ordering::Relaxed)))
    }
}
