//! `kam gaps`: where the chain from the customer's issue to our plan, to
//! proof, to the customer acknowledging it breaks, per account and kind of
//! break; as plain text or as JSON for scripts.

use std::collections::HashMap;

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use super::capture::find_account;
use super::data::to_stdout;
use super::json;
use crate::domain::choice::Choice;
use crate::domain::insight::{Gap, GapKind};
use crate::domain::{Account, Id};
use crate::store::Store;
use crate::text::first_line;

/// What the chain is, for the headings.
const CHAIN: &str = "the chain from issue to proof";

/// The JSON output, explained at the end of `kam gaps --help`.
const JSON_HELP: &str = "\
JSON output (--json):
  count       how many breaks there are
  breaks      every break, by account (by name) and kind, each with
              account_id, account (the account's name), kind (one of
              issue_not_confirmed, issue_without_plan,
              plan_done_without_proof, proof_not_acknowledged,
              proof_plan_of_another_issue, proof_linked_elsewhere), label
              (the kind in words), record_id (the issue, plan or proof
              statement) and text (its first line)";

/// Options of `kam gaps`.
#[derive(Debug, Args)]
#[command(after_long_help = JSON_HELP)]
pub struct GapsArgs {
    /// One account: the start of any word of its name (accents ignored). Without
    /// it, every account.
    pub account: Option<String>,
    /// Print JSON for scripts instead of text (fields below).
    #[arg(long)]
    pub json: bool,
}

/// Runs `kam gaps`. Breaks are findings, not failures: the exit status is
/// 0 whether there are any or not.
pub fn gaps(store: &Store, args: &GapsArgs) -> Result<()> {
    let (accounts, gaps) = match &args.account {
        None => (store.accounts()?, store.chain_breaks(None)?),
        Some(query) => {
            let account = find_account(store, query)?;
            let gaps = store.chain_breaks(Some(account.id))?;
            (vec![account], gaps)
        }
    };
    let grouped = group(&accounts, gaps);
    let text = if args.json {
        json::text(&GapsJson::new(&grouped))?
    } else {
        render(&grouped, args.account.is_some())
    };
    to_stdout(text.as_bytes())
}

/// One account's breaks, by kind in [`GapKind::ALL`] order.
struct AccountGaps<'a> {
    account: &'a Account,
    by_kind: Vec<(GapKind, Vec<Gap>)>,
}

impl AccountGaps<'_> {
    fn count(&self) -> usize {
        self.by_kind.iter().map(|(_, gaps)| gaps.len()).sum()
    }
}

/// The breaks of each account in `accounts` (in that order) that has any,
/// grouped by kind.
fn group(accounts: &[Account], gaps: Vec<Gap>) -> Vec<AccountGaps<'_>> {
    let mut by_account: HashMap<Id, Vec<Gap>> = HashMap::new();
    for gap in gaps {
        by_account.entry(gap.account_id).or_default().push(gap);
    }
    accounts
        .iter()
        .filter_map(|account| {
            let mut gaps = by_account.remove(&account.id)?;
            let by_kind = GapKind::ALL
                .iter()
                .filter_map(|&kind| {
                    let (of_kind, rest): (Vec<Gap>, Vec<Gap>) =
                        gaps.drain(..).partition(|g| g.kind == kind);
                    gaps = rest;
                    (!of_kind.is_empty()).then_some((kind, of_kind))
                })
                .collect();
            Some(AccountGaps { account, by_kind })
        })
        .collect()
}

/// The breaks as text: a heading per account, a line per kind, then the
/// records, indented.
fn render(grouped: &[AccountGaps<'_>], one_account: bool) -> String {
    if grouped.is_empty() {
        return format!("No breaks in {CHAIN}.\n");
    }
    let total: usize = grouped.iter().map(AccountGaps::count).sum();
    let mut out = if one_account {
        format!("Breaks in {CHAIN}: {total}\n")
    } else {
        format!(
            "Breaks in {CHAIN}: {total} in {} account{}\n",
            grouped.len(),
            if grouped.len() == 1 { "" } else { "s" }
        )
    };
    for account in grouped {
        out.push_str(&format!(
            "\n{} · {}\n",
            first_line(&account.account.name),
            account.count()
        ));
        for (kind, gaps) in &account.by_kind {
            out.push_str(&format!("  {} · {}\n", kind.label(), gaps.len()));
            for gap in gaps {
                out.push_str(&format!("    - {}\n", first_line(&gap.text)));
            }
        }
    }
    out
}

/// `kam gaps --json`.
#[derive(Debug, Serialize)]
struct GapsJson<'a> {
    count: usize,
    breaks: Vec<GapJson<'a>>,
}

impl<'a> GapsJson<'a> {
    fn new(grouped: &'a [AccountGaps<'a>]) -> Self {
        let breaks: Vec<GapJson<'a>> = grouped
            .iter()
            .flat_map(|a| {
                a.by_kind.iter().flat_map(move |(kind, gaps)| {
                    gaps.iter().map(move |gap| GapJson {
                        account_id: a.account.id,
                        account: &a.account.name,
                        kind: kind.key(),
                        label: kind.label(),
                        record_id: gap.record_id,
                        text: &gap.text,
                    })
                })
            })
            .collect();
        Self {
            count: breaks.len(),
            breaks,
        }
    }
}

/// One break.
#[derive(Debug, Serialize)]
struct GapJson<'a> {
    account_id: Id,
    account: &'a str,
    kind: &'static str,
    label: &'static str,
    record_id: Id,
    text: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gap(account: &Account, kind: GapKind, text: &str) -> Gap {
        Gap {
            kind,
            account_id: account.id,
            record_id: Id::new(),
            text: text.to_string(),
        }
    }

    #[test]
    fn breaks_are_grouped_by_account_and_kind() {
        let accounts = [
            Account::new("Acme"),
            Account::new("Calm"),
            Account::new("Nord\u{1b}[2J"),
        ];
        let [acme, calm, nord] = &accounts;
        let gaps = vec![
            gap(nord, GapKind::ProofNotAcknowledged, "Repairs in 4 hours"),
            gap(acme, GapKind::PlanDoneWithoutProof, "Pilot"),
            gap(nord, GapKind::IssueWithoutPlan, "Lines stop\nsecond line"),
            gap(acme, GapKind::IssueNotConfirmed, "Spare parts"),
            gap(acme, GapKind::PlanDoneWithoutProof, "Workshop"),
        ];
        let grouped = group(&accounts, gaps);
        assert!(grouped.iter().all(|a| a.account.id != calm.id));
        assert_eq!(
            render(&grouped, false),
            "Breaks in the chain from issue to proof: 5 in 2 accounts\n\
             \n\
             Acme · 3\n\
             \x20 Issue the customer never confirmed · 1\n\
             \x20   - Spare parts\n\
             \x20 Plan done with no proof · 2\n\
             \x20   - Pilot\n\
             \x20   - Workshop\n\
             \n\
             Nord␛[2J · 2\n\
             \x20 Issue with no action plan · 1\n\
             \x20   - Lines stop …\n\
             \x20 Proof the customer never acknowledged · 1\n\
             \x20   - Repairs in 4 hours\n"
        );
        let json = GapsJson::new(&grouped);
        assert_eq!(json.count, 5);
        let kinds: Vec<_> = json.breaks.iter().map(|b| (b.account, b.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("Acme", "issue_not_confirmed"),
                ("Acme", "plan_done_without_proof"),
                ("Acme", "plan_done_without_proof"),
                ("Nord\u{1b}[2J", "issue_without_plan"),
                ("Nord\u{1b}[2J", "proof_not_acknowledged"),
            ]
        );
    }

    #[test]
    fn no_breaks_is_said_plainly() {
        assert_eq!(
            render(&[], false),
            "No breaks in the chain from issue to proof.\n"
        );
        let json = serde_json::to_value(GapsJson::new(&[])).unwrap();
        assert_eq!(json, serde_json::json!({"count": 0, "breaks": []}));
    }
}
