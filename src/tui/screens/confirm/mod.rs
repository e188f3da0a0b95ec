//! The yes/no question before a deletion.

pub mod draw;
