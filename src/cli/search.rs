//! `kam search`: the interface's search, printed.

use std::io::{self, IsTerminal, Write};

use anyhow::{Result, bail};
use clap::Args;

use crate::domain::choice::Choice;
use crate::domain::search::{Hit, Marked};
use crate::store::Store;
use crate::text::sanitize;
use crate::tui::theme::Theme;

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
    /// Mark the matched parts as Markdown bold (`**crane**`). Otherwise
    /// they are bold on a terminal (plain under NO_COLOR) and plain when
    /// the output goes to a file or a pipe.
    #[arg(long)]
    pub markdown: bool,
}

/// How the matched parts of a result are set off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Emphasis {
    /// Not at all: plain text.
    Plain,
    /// Bold, with the terminal's escape sequences.
    Bold,
    /// Between Markdown's `**`.
    Markdown,
}

impl Emphasis {
    /// What goes before and after a matched part.
    fn marks(self) -> (&'static str, &'static str) {
        match self {
            Self::Plain => ("", ""),
            Self::Bold => ("\x1b[1m", "\x1b[22m"),
            Self::Markdown => ("**", "**"),
        }
    }
}

/// Runs `kam search`: one result per line, as "account · kind · text", the
/// matched parts set off as [`SearchArgs::markdown`] says. Finding nothing
/// is an error (exit status 1), as with grep.
pub fn search(store: &Store, args: &SearchArgs) -> Result<()> {
    let query = args.terms.join(" ");
    let hits = store.search(&query, args.limit)?;
    if hits.is_empty() {
        bail!("nothing matches “{}”", sanitize(&query));
    }
    let stdout = io::stdout();
    let emphasis = if args.markdown {
        Emphasis::Markdown
    } else if stdout.is_terminal() && !Theme::no_color() {
        Emphasis::Bold
    } else {
        Emphasis::Plain
    };
    let mut out = stdout.lock();
    for hit in &hits {
        writeln!(out, "{}", line(hit, emphasis))?;
    }
    Ok(())
}

/// One result as a line of text.
fn line(hit: &Hit, emphasis: Emphasis) -> String {
    let mut text = format!(
        "{} · {} · {}",
        hit.account_name,
        hit.kind.label(),
        marked(&hit.title, emphasis)
    );
    if let Some(context) = &hit.context {
        text.push_str(" — ");
        text.push_str(&marked(context, emphasis));
    }
    text
}

/// `text` with its matches set off by `emphasis`.
fn marked(text: &Marked, emphasis: Emphasis) -> String {
    let (open, close) = emphasis.marks();
    text.segments()
        .into_iter()
        .map(|(part, hit)| {
            if hit {
                format!("{open}{part}{close}")
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
            line(&hit, Emphasis::Markdown),
            "Nordmole · Plan · **Cons**ignment stock **pil**ot — owner **Ing**rid **Ing**ram"
        );
        assert_eq!(
            line(&hit, Emphasis::Plain),
            "Nordmole · Plan · Consignment stock pilot — owner Ingrid Ingram"
        );
        assert_eq!(
            line(&hit, Emphasis::Bold),
            "Nordmole · Plan · \x1b[1mCons\x1b[22mignment stock \x1b[1mpil\x1b[22mot — owner \
             \x1b[1mIng\x1b[22mrid \x1b[1mIng\x1b[22mram"
        );
    }
}
