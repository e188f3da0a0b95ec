//! `kam review`: the portfolio review as one self-contained page to print
//! or hand on, on standard output or in an owner-only file.

use std::path::PathBuf;

use anyhow::Result;
use chrono::Local;
use clap::{Args, ValueEnum};

use super::data::{to_stdout, write_file};
use super::health::{configured_weights, sort_worst_first};
use crate::domain::insight::Insight;
use crate::export::html::portfolio::render;
use crate::store::Store;

/// Options of `kam review`.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// What to write: html, one page with inline CSS and SVG that fetches
    /// and runs nothing.
    #[arg(long, value_enum, default_value_t = ReviewFormat::Html)]
    pub format: ReviewFormat,
    /// Write the page to FILE (a new file, owner-only) instead of standard
    /// output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Leave out revenue and share of wallet (as `kam --private review`
    /// does); the page says so.
    #[arg(long)]
    pub private: bool,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// What `kam review` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReviewFormat {
    /// One self-contained HTML page.
    Html,
}

/// Runs `kam review`: every account, worst health first, and the
/// portfolio map; `private` is the command line's global private mode.
pub fn review(store: &Store, args: &ReviewArgs, private: bool) -> Result<()> {
    let private = private || args.private;
    let today = Local::now().date_naive();
    let weights = configured_weights();
    let mut insights: Vec<Insight> = store
        .facts(today)?
        .into_iter()
        .map(|facts| Insight::new(facts, &weights, today))
        .collect();
    sort_worst_first(&mut insights);
    let ReviewFormat::Html = args.format;
    let text = render(&insights, today, private);
    match &args.output {
        None => to_stdout(text.as_bytes()),
        Some(path) => {
            write_file(path, text.as_bytes(), args.force)?;
            println!(
                "Wrote the portfolio review page to {}{}.",
                crate::text::path(path),
                if private { ", figures hidden" } else { "" }
            );
            Ok(())
        }
    }
}
