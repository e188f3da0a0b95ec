//! The terminal interface: the only module that knows ratatui.
//!
//! Flow: [`run`] reads a key, [`app::App`] maps it through the
//! [`keymap`] to an [`action::Action`], the focused view changes its state
//! or issues a [`command::Command`], and [`views`] draws the result.

pub mod action;
pub mod agenda_view;
pub mod app;
pub mod brief_view;
pub mod changes_view;
pub mod command;
pub mod editor;
pub mod forms;
pub mod keymap;
pub mod matching_view;
pub mod pager;
pub mod pages;
pub mod palette;
pub mod plan_view;
pub mod proof_log;
pub mod review_view;
pub mod run;
pub mod scroll;
pub mod search_view;
pub mod signals;
pub mod text_input;
pub mod theme;
pub mod views;
pub mod workspace;

pub use run::{Options, require_terminal, run};
