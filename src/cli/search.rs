//! `kam search`: the interface's search, printed.

use std::io::{self, Write};

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use super::color::ColorChoice;
use super::exit::NothingFound;
use super::json;
use crate::domain::Id;
use crate::domain::choice::Choice;
use crate::domain::search::{Hit, Marked};
use crate::store::Store;
use crate::text::sanitize;

/// The JSON output, explained at the end of `kam search --help`.
const JSON_HELP: &str = "\
JSON output (--json):
  query     the words searched for, joined by spaces
  count     how many results there are (at most --limit)
  results   best first, each with kind (account, issue, plan, step, proof,
            stakeholder or conversation), label (the kind in words),
            record_id, account_id, account (the account's name), plan_id
            (the plan of a step, else null), title (the record's name or
            main text, cut around the matches when long) and context
            (where its other text matched, or null)
Nothing found still prints the document, with no results, and exits 1.";

/// Options of `kam search`.
#[derive(Debug, Args)]
#[command(after_long_help = JSON_HELP)]
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
    /// they are bold where --color says (by default on a terminal, unless
    /// NO_COLOR is set) and plain when the output goes to a file or a pipe.
    #[arg(long, conflicts_with = "json")]
    pub markdown: bool,
    /// Print JSON for scripts instead of text (fields below).
    #[arg(long)]
    pub json: bool,
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
/// matched parts set off as [`SearchArgs::markdown`] and `color` say, or
/// the results as JSON. Finding nothing ends with [`NothingFound`] (exit
/// status 1), as with grep.
pub fn search(store: &Store, args: &SearchArgs, color: ColorChoice) -> Result<()> {
    let query = args.terms.join(" ");
    let hits = store.search(&query, args.limit)?;
    if args.json {
        json::print(&SearchJson::new(&query, &hits))?;
    } else {
        let emphasis = if args.markdown {
            Emphasis::Markdown
        } else if color.stdout() {
            Emphasis::Bold
        } else {
            Emphasis::Plain
        };
        let mut out = io::stdout().lock();
        for hit in &hits {
            writeln!(out, "{}", line(hit, emphasis))?;
        }
    }
    if hits.is_empty() {
        return Err(NothingFound(format!("nothing matches “{}”", sanitize(&query))).into());
    }
    Ok(())
}

/// `kam search --json`.
#[derive(Debug, Serialize)]
struct SearchJson<'a> {
    query: &'a str,
    count: usize,
    results: Vec<HitJson<'a>>,
}

impl<'a> SearchJson<'a> {
    fn new(query: &'a str, hits: &'a [Hit]) -> Self {
        Self {
            query,
            count: hits.len(),
            results: hits
                .iter()
                .map(|hit| HitJson {
                    kind: hit.kind.key(),
                    label: hit.kind.label(),
                    record_id: hit.record_id,
                    account_id: hit.account_id,
                    account: &hit.account_name,
                    plan_id: hit.plan_id,
                    title: &hit.title.text,
                    context: hit.context.as_ref().map(|c| c.text.as_str()),
                })
                .collect(),
        }
    }
}

/// One result.
#[derive(Debug, Serialize)]
struct HitJson<'a> {
    kind: &'static str,
    label: &'static str,
    record_id: Id,
    account_id: Id,
    account: &'a str,
    plan_id: Option<Id>,
    title: &'a str,
    context: Option<&'a str>,
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
