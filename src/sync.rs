//! Desk and laptop through git: the portfolio kept in a git repository as
//! one text file per record, a folder per account, so that two machines can
//! edit offline and merge record by record, and `git log -p` on an account's
//! folder reads as its history.
//!
//! Two pieces exist so far: [`record_file`] writes a record as text and
//! reads it back exactly, and names the file each record lives in; [`git`]
//! drives the user's `git` on a bare repository (commits written in one
//! stream, files read back, fetch and push to `origin`).

pub mod engine;
pub mod git;
mod item;
pub mod record_file;
#[cfg(test)]
mod tests;
mod three_way;
mod tree;
