//! The first-run screen.

pub mod draw;
