//! The terminal interface: the only module that knows ratatui.
//!
//! Flow: [`run`] reads a key, [`app::App`] maps it through the
//! [`keymap`] to an [`action::Action`], the focused view changes its state
//! or issues a [`command::Command`], and [`views`] draws the result.

pub mod action;
pub mod app;
pub mod command;
pub mod draw;
pub mod editor;
pub mod effect;
pub mod keymap;
pub mod run;
pub mod screen;
pub mod screens;
pub mod shared;
pub mod signals;
pub mod theme;
pub mod widgets;

pub use run::{Options, Start, require_terminal, run};
