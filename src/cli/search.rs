//! `kam search`: the interface's search, printed.

use std::io::{self, Write};

use anyhow::{Result, bail};
use clap::Args;

use crate::domain::choice::Choice;
use crate::domain::search::{Hit, Marked};
use crate::store::Store;
use crate::text::sanitize;

/// Options of `kam search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The words to look for. Each must start a word of the record
    /// (case and accents ignored); account and people's names also match
    /// loosely ("nrdml" finds "Nordmole").
    #[arg(required = true, num_args = 1..)]
    pub terms: Vec<String>,
    /// Print at most this many results, best first.
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: usize,
}

/// Runs `kam search`: one result per line, as "account · kind · text", the
/// matched parts between `**`. Finding nothing is an error (exit status
/// 1), as with grep.
pub fn search(store: &Store, args: &SearchArgs) -> Result<()> {
    let query = args.terms.join(" ");
    let hits = store.search(&query, args.limit)?;
    if hits.is_empty() {
        bail!("nothing matches “{}”", sanitize(&query));
    }
    let mut out = io::stdout().lock();
    for hit in &hits {
        writeln!(out, "{}", line(hit))?;
    }
    Ok(())
}

/// One result as a line of text.
fn line(hit: &Hit) -> String {
    let mut text = format!(
        "{} · {} · {}",
        hit.account_name,
        hit.kind.label(),
        marked(&hit.title)
    );
    if let Some(context) = &hit.context {
        text.push_str(" — ");
        text.push_str(&marked(context));
    }
    text
}

/// `text` with its matches between `**`.
fn marked(text: &Marked) -> String {
    text.segments()
        .into_iter()
        .map(|(part, hit)| {
            if hit {
                format!("**{part}**")
            } else {
                part.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Id;
    use crate::domain::search::RecordKind;

    #[test]
    fn a_line_names_the_account_and_kind_and_marks_the_matches() {
        let hit = Hit {
            kind: RecordKind::Plan,
            record_id: Id::new(),
            account_id: Id::new(),
            account_name: "Nordmole".into(),
            plan_id: None,
            title: Marked {
                text: "Consignment stock pilot".into(),
                matches: vec![0..4, 18..21],
            },
            context: Some(Marked {
                text: "owner Ingrid Ingram".into(),
                matches: vec![6..9, 13..16],
            }),
            rank: 1.0,
        };
        assert_eq!(
            line(&hit),
            "Nordmole · Plan · **Cons**ignment stock **pil**ot — owner **Ing**rid **Ing**ram"
        );
    }
}
