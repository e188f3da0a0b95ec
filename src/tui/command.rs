//! Changes to the world, executed in one place against the store.

use chrono::NaiveDate;

use super::forms::Record;
use crate::domain::{Id, MatchingResult, Whitespace};
use crate::store::{Result, Store};

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
    /// Create or update a record.
    Save(Record),
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
    /// Replace an account's whitespace grid (undoable).
    SaveWhitespace(Whitespace),
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
        Command::Save(record) => save(store, record),
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
        Command::SaveWhitespace(grid) => {
            store.save_whitespace(&grid)?;
            Ok(Done {
                message: "Saved whitespace.".to_string(),
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

fn save(store: &mut Store, record: Record) -> Result<Done> {
    let (what, id) = match record {
        Record::Account(a) => ("account", store.save_account(&a)?.id),
        Record::Issue(i) => ("business issue", store.save_issue(&i)?.id),
        Record::Plan(p) => ("action plan", store.save_plan(&p)?.id),
        Record::Proof(p) => ("proof statement", store.save_proof(&p)?.id),
        Record::Stakeholder(s) => ("stakeholder", store.save_stakeholder(&s)?.id),
        Record::Conversation(c) => ("conversation", store.save_conversation(&c)?.id),
        Record::Assessment(a) => ("assessment", store.save_assessment(&a)?.id),
    };
    Ok(Done {
        message: format!("Saved {what}."),
        select: Some(id),
    })
}
