//! `kam demo`: the demo portfolio without the interface.

use anyhow::{Result, bail};
use chrono::Local;

use crate::store::Store;
use crate::text::count;

/// Loads the demo portfolio into an empty database and says what it wrote.
pub fn demo(store: &mut Store) -> Result<()> {
    let existing = store.counts()?.accounts;
    if existing > 0 {
        bail!(
            "{} already holds {}; the demo only goes into an empty database (try --db demo.db)",
            crate::text::path(store.path()),
            count(existing, "account", "accounts")
        );
    }
    let today = Local::now().date_naive();
    crate::demo::load(store, today)?;
    let c = store.counts()?;
    println!(
        "Loaded the demo portfolio into {}: {} accounts, {} business issues, {} action plans, {} proof statements.",
        crate::text::path(store.path()),
        c.accounts,
        c.issues,
        c.plans,
        c.proofs
    );
    Ok(())
}
