//! The standing suite behind the promises of the README's "Reliability"
//! section: each module takes one promise and tries to break it.
//!
//! The default rounds keep `cargo test` quick; `KAM_ROUNDS=N` multiplies
//! them for a longer run (see the README for the figures of the last one).

mod bad_files;
mod crash;
mod full_disk;
mod hostile_input;
mod hostile_text;
mod monkey;
mod secrets;
mod store_ops;
mod terminal;
