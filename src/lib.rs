//! kam: a keyboard-driven workspace for key account managers.
//!
//! The crate is layered: [`domain`] holds the records and their rules,
//! [`store`] alone speaks SQL, [`export`] turns records into files and back,
//! [`tui`] alone draws, and [`cli`] parses the command line and runs
//! subcommands. `main.rs` only dispatches. [`sync`] holds the text format
//! in which each record will live in a git repository.

pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod export;
pub mod store;
pub mod sync;
pub mod text;
pub mod tui;
