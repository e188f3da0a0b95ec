//! The screens of the interface, one folder each: its state, its keys and
//! its drawing.

pub mod account;
pub mod agenda;
pub mod brief;
pub mod changes;
pub mod confirm;
pub mod conflicts;
pub mod forms;
pub mod help;
pub mod map;
pub mod matching;
pub mod palette;
pub mod person;
pub mod plan;
pub mod portfolio;
pub mod search;
pub mod team_test;
pub mod why;
