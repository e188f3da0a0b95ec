//! Which version of its record a form edits, and what it does when another
//! window changed or deleted the record meanwhile.
//!
//! A form edits from a base: the record as it opened it. When saving finds
//! the record changed, the form takes the fields changed only there, marks
//! each field changed differently on both sides with the other value
//! (`Ctrl-T` switches between the two), and edits from the stored version
//! from then on, so that the next save writes what the user chose. When
//! the record was deleted, the next save brings it back.

use crate::domain::measure::Measure;
use crate::domain::{ActionPlan, BusinessIssue, Id, Stakeholder};
use crate::store::{Conflicted, Snapshot};
use crate::tui::screens::forms::field::{Field, Input};
use crate::tui::screens::forms::stakeholder;
use crate::tui::screens::forms::{
    Form, Record, Source, account, assessment, conversation, issue, plan, proof,
};

/// What a form's choices are built from besides the record.
#[derive(Debug, Default)]
pub(crate) struct Context {
    /// The account's issues, offered as a proof's links.
    pub issues: Vec<BusinessIssue>,
    /// The account's plans, offered as a proof's links.
    pub plans: Vec<ActionPlan>,
    /// The account's people: a conversation's attendees, a stakeholder's
    /// colleagues.
    pub people: Vec<Stakeholder>,
    /// Every forum used so far, offered for a conversation.
    pub forums: Vec<String>,
    /// The account a plan belongs to, whose people its form offers.
    pub account: Option<Id>,
    /// The account's measures, offered for a proof's value.
    pub measures: Vec<Measure>,
    /// Whether a conversation is being written up after the meeting: the
    /// summary and time frame come first.
    pub write_up: bool,
}

impl Context {
    /// The fields of the form for `record`, and its source.
    pub fn build(&self, record: &Record) -> (Vec<Field>, Source) {
        match record {
            Record::Account(a) => (account::fields(a), Source::Account(a.clone())),
            Record::Issue(i) => (issue::fields(i, &self.people), Source::Issue(i.clone())),
            Record::Plan(p) => {
                let account = self.account.unwrap_or_default();
                let fields = plan::fields(p, account, &self.people);
                (fields, Source::Plan(p.clone()))
            }
            Record::Assessment(a) => (assessment::fields(a), Source::Assessment(a.clone())),
            Record::Proof(p) => {
                let (fields, source) =
                    proof::fields(p, &self.issues, &self.plans, &self.people, &self.measures);
                (fields, Source::Proof(source))
            }
            Record::Conversation(c) => {
                let (fields, source) =
                    conversation::fields(c, &self.people, &self.forums, self.write_up);
                (fields, Source::Conversation(source))
            }
            Record::Stakeholder(s) => {
                let (fields, source) = stakeholder::fields(s, &self.people);
                (fields, Source::Stakeholder(source))
            }
        }
    }
}

impl Source {
    /// The record the form started from.
    fn record(&self) -> Record {
        match self {
            Self::Account(a) => Record::Account(a.clone()),
            Self::Issue(i) => Record::Issue(i.clone()),
            Self::Plan(p) => Record::Plan(p.clone()),
            Self::Assessment(a) => Record::Assessment(a.clone()),
            Self::Proof(p) => Record::Proof(p.proof.clone()),
            Self::Conversation(c) => Record::Conversation(c.conversation.clone()),
            Self::Stakeholder(s) => Record::Stakeholder(s.stakeholder.clone()),
        }
    }

    /// The record of this form's kind in `snapshot`.
    fn of_kind_in(&self, snapshot: &Snapshot) -> Option<Record> {
        match self {
            Self::Account(_) => snapshot.accounts.first().cloned().map(Record::Account),
            Self::Issue(_) => snapshot.issues.first().cloned().map(Record::Issue),
            Self::Plan(_) => snapshot.plans.first().cloned().map(Record::Plan),
            Self::Assessment(_) => snapshot
                .assessments
                .first()
                .cloned()
                .map(Record::Assessment),
            Self::Proof(_) => snapshot.proofs.first().cloned().map(Record::Proof),
            Self::Conversation(_) => snapshot
                .conversations
                .first()
                .cloned()
                .map(Record::Conversation),
            Self::Stakeholder(_) => snapshot
                .stakeholders
                .first()
                .cloned()
                .map(Record::Stakeholder),
        }
    }
}

/// A field changed differently here and in another window: the form shows
/// one value, and keeps the other to switch to.
#[derive(Debug)]
pub(crate) struct FieldConflict {
    /// The field's position in the form.
    index: usize,
    /// The value not shown.
    other: Field,
    /// Whether the form shows their value (else mine).
    showing_theirs: bool,
}

/// A field's value as the user reads it.
fn value(field: &Field) -> String {
    match &field.input {
        Input::Line(_) | Input::Lines(_) | Input::Person(_) => field.text(),
        Input::Choice { options, selected } => options.get(*selected).cloned().unwrap_or_default(),
        Input::YesNo(flag) => if *flag { "yes" } else { "no" }.to_string(),
        Input::Checklist {
            options, ticked, ..
        } => options
            .iter()
            .zip(ticked)
            .filter(|(_, t)| **t)
            .map(|(o, _)| o.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// A value on one line, for the note under a field.
fn one_line(value: &str) -> String {
    let first = value.lines().next().unwrap_or("");
    let shown = if first.is_empty() { "(empty)" } else { first };
    if value.lines().nth(1).is_some() {
        format!("{shown} …")
    } else {
        shown.to_string()
    }
}

impl Form {
    /// The version the edit started from, to save against: `None` for a
    /// new record, and for one deleted elsewhere that the next save brings
    /// back.
    pub fn base(&self) -> Option<Record> {
        (!self.is_new && !self.restoring).then(|| self.source.record())
    }

    /// Takes what another window stored meanwhile: the fields changed only
    /// there, and at each field changed differently on both sides, their
    /// value to switch to. The next save merges against their version.
    pub(crate) fn rebase(&mut self, conflicted: &Conflicted) {
        let Some(theirs) = self.source.of_kind_in(&conflicted.theirs) else {
            self.error = Some(format!(
                "Changed in another window meanwhile: {}",
                conflicted.names()
            ));
            return;
        };
        let (base_fields, _) = self.context.build(&self.source.record());
        let (theirs_fields, source) = self.context.build(&theirs);
        let mut taken = 0;
        for (index, (theirs, base)) in theirs_fields.into_iter().zip(&base_fields).enumerate() {
            let Some(mine) = self.fields.get(index) else {
                continue;
            };
            let (theirs_value, mine_value) = (value(&theirs), value(mine));
            if theirs_value == value(base) || theirs_value == mine_value {
                continue;
            }
            if mine_value == value(base) {
                self.fields[index] = theirs;
                taken += 1;
            } else {
                self.conflicts.push(FieldConflict {
                    index,
                    other: theirs,
                    showing_theirs: false,
                });
            }
        }
        self.source = source;
        let shown: Vec<&str> = self
            .conflicts
            .iter()
            .map(|c| self.fields[c.index].key)
            .collect();
        let elsewhere: Vec<String> = conflicted
            .conflicts
            .iter()
            .filter(|c| !shown.contains(&c.field.as_str()))
            .map(|c| format!("{} (there: {})", c.name(), one_line(&c.theirs)))
            .collect();
        self.mark_conflicts();
        let plural = |n: usize, one: &str| {
            if n == 1 {
                format!("1 {one}")
            } else {
                format!("{n} {one}s")
            }
        };
        let mut message = format!(
            "Changed in another window meanwhile: {} merged, {}",
            plural(taken, "field"),
            plural(self.conflicts.len() + elsewhere.len(), "conflict"),
        );
        if !self.conflicts.is_empty() {
            message.push_str(" — choose at the marked field (Ctrl-T switches), then Ctrl-S");
        }
        if !elsewhere.is_empty() {
            message.push_str(&format!(
                "; Ctrl-S keeps yours for {}",
                elsewhere.join(", ")
            ));
        }
        self.error = Some(message + ".");
        if let Some(first) = self.conflicts.first().map(|c| c.index) {
            self.set_focus(first, true);
        }
    }

    /// After the record was deleted in another window: says so, and makes
    /// the next save bring it back with this edit.
    pub(crate) fn offer_restore(&mut self) {
        self.restoring = true;
        self.error = Some(
            "This record was deleted in another window. Ctrl-S again restores it with your edit; \
             Esc discards."
                .to_string(),
        );
    }

    /// The conflict at the focused field, if any.
    pub(crate) fn focused_conflict(&self) -> Option<&FieldConflict> {
        self.conflicts.iter().find(|c| c.index == self.focus)
    }

    /// What `Ctrl-T` does at the focused field, for the key hints.
    pub(crate) fn switch_hint(&self) -> Option<&'static str> {
        self.focused_conflict().map(|c| {
            if c.showing_theirs {
                "keep yours"
            } else {
                "take theirs"
            }
        })
    }

    /// Shows the other value of the focused conflicting field.
    pub(crate) fn switch_conflicting_value(&mut self) {
        let focus = self.focus;
        let Some(conflict) = self.conflicts.iter_mut().find(|c| c.index == focus) else {
            return;
        };
        self.fields[focus].leave();
        std::mem::swap(&mut self.fields[focus], &mut conflict.other);
        conflict.showing_theirs = !conflict.showing_theirs;
        self.fields[focus].enter(true);
        self.mark_conflicts();
    }

    /// Puts at each conflicting field the value not shown.
    fn mark_conflicts(&mut self) {
        for conflict in &self.conflicts {
            let other = one_line(&value(&conflict.other));
            self.fields[conflict.index].error = Some(if conflict.showing_theirs {
                format!("Theirs shown; yours: {other} (Ctrl-T keeps yours)")
            } else {
                format!("Yours shown; theirs: {other} (Ctrl-T takes theirs)")
            });
        }
    }
}
