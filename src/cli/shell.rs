//! `kam completions SHELL` and `kam man`: shell completions and a manual
//! page, generated from the same definitions as the command line itself.

use anyhow::Result;
use clap::CommandFactory;
use clap_complete::Shell;

use super::Cli;
use super::data::to_stdout;

/// Prints the completion script for `shell` on standard output.
pub fn completions(shell: Shell) -> Result<()> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "kam", &mut script);
    to_stdout(&script)
}

/// Prints the manual page, in roff, on standard output.
pub fn man() -> Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    to_stdout(&page)
}
