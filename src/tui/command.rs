//! Changes to the world, executed in one place against the store.

use chrono::NaiveDate;

use crate::domain::matching::team::RoundInProgress;
use crate::domain::{Id, MatchingResult, Stakeholder, Whitespace};
use crate::store::{DELETED, Pick, Result, Store};
use crate::tui::screens::forms::Record;

/// The kind of record a deletion targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An account with everything in it.
    Account,
    /// A business issue with its plans.
    Issue,
    /// An action plan with its steps.
    Plan,
    /// One proof statement.
    Proof,
    /// One stakeholder.
    Stakeholder,
    /// One conversation.
    Conversation,
    /// One strategic assessment.
    Assessment,
}

/// A change the user asked for and confirmed.
#[derive(Debug, Clone)]
pub enum Command {
    /// Create or update a record. `base` is the version the edit started
    /// from (`None` for a new record, or to restore one deleted
    /// meanwhile): a record changed meanwhile merges with it.
    Save {
        /// The record as edited.
        record: Record,
        /// The version it was read at.
        base: Option<Record>,
    },
    /// Create or update a record as [`Command::Save`] does, adding the
    /// new stakeholders it names in the same save.
    SaveWithPeople {
        /// The record as edited.
        record: Record,
        /// The version it was read at.
        base: Option<Record>,
        /// The stakeholders to add.
        people: Vec<Stakeholder>,
    },
    /// Delete a record (undoable).
    Delete(Kind, Id),
    /// Restore what the last deletion or edit changed.
    Undo,
    /// Fill an empty database with the demo portfolio.
    LoadDemo,
    /// Remember that the account's prep brief was opened now.
    MarkBriefOpened(Id),
    /// Keep the score of a matching test.
    SaveMatching(MatchingResult),
    /// Keep a team round as it stands after a confirmed turn.
    SaveTeamRound(RoundInProgress),
    /// Keep a finished team round as a matching result.
    FinishTeamRound(RoundInProgress),
    /// Discard the account's team round in progress (undoable).
    DiscardTeamRound(Id),
    /// Replace an account's whitespace grid (undoable), merging cell by
    /// cell with changes made meanwhile to `base`, the grid as read.
    SaveWhitespace {
        /// The grid as edited.
        grid: Whitespace,
        /// The grid the edit started from.
        base: Whitespace,
        /// What the edit did, for the status line.
        message: String,
    },
    /// Settle a field two machines changed differently: keep the value
    /// held here, or take the other machine's (undoable).
    ResolveConflict {
        /// The record.
        record: Id,
        /// The field, or [`DELETED`] for an edit against a delete.
        field: String,
        /// The side picked.
        pick: Pick,
    },
}

/// What a command did: a message for the status line and the record to
/// select afterwards.
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    /// E.g. "Saved proof statement".
    pub message: String,
    /// The record the views should select, if any.
    pub select: Option<Id>,
}

/// Runs `command` against `store`; every change is committed before this
/// returns.
pub fn execute(store: &mut Store, command: Command, today: NaiveDate) -> Result<Done> {
    match command {
        Command::Save { record, base } => save(store, record, base, &[]),
        Command::SaveWithPeople {
            record,
            base,
            people,
        } => save(store, record, base, &people),
        Command::MarkBriefOpened(id) => {
            store.mark_brief_opened(id)?;
            Ok(Done {
                message: "Opened the prep brief.".to_string(),
                select: None,
            })
        }
        Command::Delete(kind, id) => {
            let label = match kind {
                Kind::Account => store.delete_account(id)?,
                Kind::Issue => store.delete_issue(id)?,
                Kind::Plan => store.delete_plan(id)?,
                Kind::Proof => store.delete_proof(id)?,
                Kind::Stakeholder => store.delete_stakeholder(id)?,
                Kind::Conversation => store.delete_conversation(id)?,
                Kind::Assessment => store.delete_assessment(id)?,
            };
            Ok(Done {
                message: format!("Deleted {label}. Press u to undo."),
                select: None,
            })
        }
        Command::SaveWhitespace {
            grid,
            base,
            message,
        } => {
            let saved = store.save_whitespace(&grid, Some(&base))?;
            let kept: Vec<String> = saved.conflicts.iter().map(|c| c.field.clone()).collect();
            let message = if kept.is_empty() {
                message
            } else {
                format!(
                    "{message} Not saved: {} was changed in another window meanwhile; its value there is kept.",
                    kept.join(", ")
                )
            };
            Ok(Done {
                message,
                select: None,
            })
        }
        Command::SaveMatching(result) => {
            store.save_matching_result(&result)?;
            Ok(Done {
                message: format!("Saved the matching test: {}.", result.summary()),
                select: None,
            })
        }
        Command::SaveTeamRound(round) => {
            store.save_team_round(&round)?;
            Ok(Done {
                message: format!("Round kept: {}.", round.progress()),
                select: None,
            })
        }
        Command::FinishTeamRound(round) => {
            let result = store.finish_team_round(&round)?;
            Ok(Done {
                message: format!("Saved the team's matching test: {}.", result.summary()),
                select: None,
            })
        }
        Command::DiscardTeamRound(account) => {
            let label = store.discard_team_round(account)?;
            Ok(Done {
                message: format!("Discarded the {label}. Press u to undo."),
                select: None,
            })
        }
        Command::ResolveConflict {
            record,
            field,
            pick,
        } => {
            store.resolve_conflict(record, &field, pick)?;
            let name = field.replace('_', " ");
            let message = match (field.as_str(), pick) {
                (DELETED, Pick::Kept) => "Kept the record here.".to_string(),
                (DELETED, Pick::Other) => {
                    "Deleted the record, as on the other machine. Press u to undo.".to_string()
                }
                (_, Pick::Kept) => format!("Kept the {name} held here."),
                (_, Pick::Other) => {
                    format!("Took the other machine's {name}. Press u to undo.")
                }
            };
            Ok(Done {
                message,
                select: None,
            })
        }
        Command::Undo => Ok(Done {
            message: match store.undo()? {
                Some(label) => format!("Undid the {label}."),
                None => "Nothing to undo.".to_string(),
            },
            select: None,
        }),
        Command::LoadDemo => {
            let first = crate::demo::load(store, today)?;
            Ok(Done {
                message: format!("Loaded the demo portfolio into {}.", store.path().display()),
                select: first,
            })
        }
    }
}

/// Saves `record` over `base`, adding `people`, the new stakeholders it
/// names, in the same transaction.
fn save(
    store: &mut Store,
    record: Record,
    base: Option<Record>,
    people: &[Stakeholder],
) -> Result<Done> {
    /// Saves `$r` over the base of its own kind, if any.
    macro_rules! put {
        ($r:expr, $kind:ident) => {{
            let base = match base {
                Some(Record::$kind(b)) => Some(b),
                _ => None,
            };
            store.save_with_people(&$r, base.as_ref(), people)?.id
        }};
    }
    let (what, id) = match record {
        Record::Account(a) => ("account", put!(a, Account)),
        Record::Issue(i) => ("business issue", put!(i, Issue)),
        Record::Plan(p) => ("action plan", put!(p, Plan)),
        Record::Proof(p) => ("proof statement", put!(p, Proof)),
        Record::Stakeholder(s) => ("stakeholder", put!(s, Stakeholder)),
        Record::Conversation(c) => ("conversation", put!(c, Conversation)),
        Record::Assessment(a) => ("assessment", put!(a, Assessment)),
    };
    let message = match people {
        [] => format!("Saved {what}."),
        [one] => format!("Saved {what}, with new stakeholder {}.", one.name),
        many => format!("Saved {what}, with {} new stakeholders.", many.len()),
    };
    Ok(Done {
        message,
        select: Some(id),
    })
}
