//! The SQLite store: the only module that knows SQL.
//!
//! One file holds a portfolio. Opening it checks that it really is a kam
//! database, upgrades its schema (after a backup), and sets WAL, foreign
//! keys and a busy timeout so that two kam windows can share it. Every
//! change is one transaction, committed before the call returns.
//!
//! The modules stand in layers, each using only those below it:
//! - files and connections: `error`, `file`, `place`, `replace`,
//!   `lock`, `passphrase`, `connection` (the raw open: key,
//!   application id, pragmas), `counts`, then `database` (the [`Store`]
//!   and its one write transaction);
//! - whole files: `schema`, `cipher`, `backup`, then `maintenance`
//!   (re-keying with the backups, backing up before an upgrade), then
//!   `opening` and `restore`;
//! - records: `snapshot`, `record`, `undo_log`, `history`,
//!   `saving` (with `moving`), one module per record kind, then `records` (an account
//!   with everything under it), `undo`, `merge`, `sync` and the read-only views
//!   (`insight`; `signals`, which keeps per account what `portfolio`,
//!   `agenda` and the screens show of it; `brief`, `search`), and
//!   `invariants`, what must hold of every database, checked on a copy;
//! - `work`: what a read costs the database, counted.

mod accounts;
mod agenda;
mod assessments;
pub mod backup;
mod brief;
mod bulk;
mod cipher;
mod connection;
mod conversations;
mod counts;
mod database;
mod error;
mod file;
mod history;
mod insight;
mod invariants;
mod issues;
mod lock;
mod maintenance;
mod matching;
mod measures;
mod merge;
mod moving;
mod opening;
mod passphrase;
mod people;
mod place;
mod plans;
mod portfolio;
mod proofs;
mod record;
mod records;
mod replace;
mod restore;
mod saving;
mod schema;
mod search;
mod signals;
mod snapshot;
mod sql;
mod stakeholders;
mod sync;
mod team_rounds;
mod undo;
mod undo_log;
mod whitespace;
mod work;

pub use counts::Counts;
pub use database::Store;
pub use error::{Conflicted, Result, StoreError};
pub use file::{create_private_dir, create_private_file};
pub use history::PastChanges;
pub use merge::{KindReport, MergeReport};
pub use passphrase::Passphrase;
pub use people::PersonLinks;
pub(crate) use place::is_nearly_full;
pub use portfolio::Figures;
pub use record::Saved;
pub use records::{Each, EachRecord};
pub use restore::{Restored, restore_unreadable};
pub use schema::LATEST_VERSION;
pub use signals::{AccountSignals, Revision, SignalsRead};
pub use snapshot::Snapshot;
pub use sync::{
    Applied, Apply, DELETED, HistoryEntry, Pending, PendingItem, Pick, SyncConflict, SyncState,
    SyncSummary,
};
pub use undo::UndoInfo;
pub use work::WorkCount;
