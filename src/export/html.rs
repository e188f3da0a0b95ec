//! Pages to hand on: an account's review and the portfolio's, each one
//! self-contained HTML page (inline CSS and SVG, no script, nothing
//! fetched) that prints cleanly to A4 and Letter. Built from the same
//! models as the screens: the brief, the insights and the portfolio map.
//! Every stored text is sanitized and HTML-escaped.

pub mod account;
mod charts;
mod escape;
mod page;
pub mod portfolio;

pub use escape::{escape, escape_lines};

/// The note a page written in private mode carries, under its title.
pub const PRIVATE_NOTE: &str = "Private mode: revenue, share of wallet, hours and the values of confidential measures are left out.";
