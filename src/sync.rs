//! Desk and laptop through git: the portfolio kept in a git repository as
//! one text file per record, a folder per account, so that two machines can
//! edit offline and merge record by record, and `git log -p` on an account's
//! folder reads as its history.
//!
//! - [`engine`] runs one sync: the changes the database noted committed,
//!   the remote fetched, the two merged, the database updated in one
//!   transaction with the commit it now matches, the result pushed;
//! - `tree` merges two commits item by item against the version both
//!   started from, and `three_way` merges one item changed on both;
//! - `item` says which file holds what (a record, its history, its
//!   conflicts) and reads and writes each;
//! - [`record_file`] writes a record as sorted text and reads it back
//!   exactly, and names the file each record lives in;
//! - [`git`] drives the user's `git` on a bare repository (commits written
//!   in one stream, files read back, fetch and push to `origin`).

pub mod engine;
pub mod git;
mod item;
pub mod record_file;
#[cfg(test)]
mod tests;
mod three_way;
mod tree;
