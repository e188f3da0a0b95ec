//! `kam config`: where the configuration file lives, and a documented one
//! to start from.

use std::io::Write;

use anyhow::{Context, Result, anyhow, bail};
use clap::Subcommand;

use crate::store::create_private_file;

/// What `kam config` does.
#[derive(Debug, Subcommand)]
pub enum Action {
    /// Print the configuration file's path.
    Path,
    /// Write the configuration file with every default, documented.
    Init {
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
    },
}

/// Runs `kam config ACTION`.
pub fn run(action: &Action) -> Result<()> {
    let path = crate::config::path()
        .ok_or_else(|| anyhow!("cannot find a home directory for kam's configuration"))?;
    match action {
        Action::Path => println!("{}", path.display()),
        Action::Init { force } => {
            if path.exists() && !force {
                bail!(
                    "{} already exists; pass --force to replace it",
                    crate::text::path(&path)
                );
            }
            if let Some(dir) = path.parent() {
                crate::store::create_private_dir(dir)
                    .with_context(|| format!("cannot create {}", crate::text::path(dir)))?;
            }
            if *force {
                let _ = std::fs::remove_file(&path);
            }
            let mut file = create_private_file(&path)
                .with_context(|| format!("cannot write {}", crate::text::path(&path)))?;
            file.write_all(crate::config::default_text().as_bytes())?;
            println!(
                "Wrote the default configuration to {}",
                crate::text::path(&path)
            );
        }
    }
    Ok(())
}
