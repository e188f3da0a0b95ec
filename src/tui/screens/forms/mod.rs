//! Forms that create and edit records: accounts, business issues, action
//! plans, proof statements and conversations.
//!
//! A [`Form`] is a list of labelled fields (text, multi-line text, choice,
//! yes/no) built from a record. It takes keys and pasted text, and on
//! saving parses every field, builds the record and runs the domain's
//! validation, showing each problem beside its field. It never touches the
//! store: the app saves the [`Record`] the form hands back and reports a
//! failed save with [`Form::show_store_error`].

mod account;
mod assessment;
mod conversation;
pub(crate) mod field;
mod issue;
pub mod parse;
mod person;
mod plan;
mod proof;
mod reader;
mod render;
mod screen;
mod stakeholder;
mod versions;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;

use self::conversation::ConversationSource;
use self::field::Field;
use self::proof::ProofSource;
use self::reader::Reader;
use self::stakeholder::StakeholderSource;
use self::versions::{Context, FieldConflict};
use crate::domain::Id;
use crate::domain::history::{Tracked, is_confidential};
use crate::domain::measure::Measure;
use crate::domain::{
    Account, ActionPlan, Assessment, BusinessIssue, Conversation, FieldError, Invalid,
    ProofStatement, Stakeholder,
};
use crate::store::StoreError;
use crate::tui::command::Command;
use crate::tui::effect::Effect;
use crate::tui::theme::Theme;

/// A record edited by a form, ready to be saved.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    /// An account.
    Account(Account),
    /// A business issue.
    Issue(BusinessIssue),
    /// An action plan.
    Plan(ActionPlan),
    /// A proof statement.
    Proof(ProofStatement),
    /// A conversation.
    Conversation(Conversation),
    /// A strategic assessment.
    Assessment(Assessment),
    /// A stakeholder.
    Stakeholder(Stakeholder),
}

impl Record {
    /// The record's id.
    pub fn id(&self) -> Id {
        match self {
            Self::Account(a) => a.record_id(),
            Self::Issue(i) => i.record_id(),
            Self::Plan(p) => p.record_id(),
            Self::Proof(p) => p.record_id(),
            Self::Conversation(c) => c.record_id(),
            Self::Assessment(a) => a.record_id(),
            Self::Stakeholder(s) => s.record_id(),
        }
    }

    /// Runs the record's domain validation for an entry made on `today`.
    fn validate(&self, today: NaiveDate) -> Result<(), Invalid> {
        match self {
            Self::Account(a) => a.validate(),
            Self::Issue(i) => i.validate(),
            Self::Plan(p) => p.validate(),
            Self::Proof(p) => p.validate_on(today),
            Self::Conversation(c) => c.validate(),
            Self::Assessment(a) => a.validate(),
            Self::Stakeholder(s) => s.validate(),
        }
    }
}

/// The record a form started from, kept so that saving changes only the
/// fields the form shows.
#[derive(Debug)]
enum Source {
    Account(Account),
    Issue(BusinessIssue),
    Plan(ActionPlan),
    Proof(ProofSource),
    Conversation(ConversationSource),
    Assessment(Assessment),
    Stakeholder(StakeholderSource),
}

/// A popup form editing one record.
#[derive(Debug)]
pub struct Form {
    title: String,
    source: Source,
    fields: Vec<Field>,
    focus: usize,
    /// A problem that belongs to no field, e.g. a failed save.
    error: Option<String>,
    /// Whether the form asks "Discard changes? y/n".
    confirming_discard: bool,
    /// Whether that question came from Ctrl-C, and so quits kam.
    quitting: bool,
    /// The widest the label column gets.
    label_width: u16,
    /// Whether the form creates a record (it has no base version).
    is_new: bool,
    /// What the form's choices were built from, to build them again for
    /// another version of the record.
    context: Context,
    /// Fields changed differently here and in another window meanwhile.
    conflicts: Vec<FieldConflict>,
    /// Whether the record was deleted in another window and the next save
    /// brings it back.
    restoring: bool,
}

impl Form {
    fn new(kind: &str, is_new: bool, record: Record, context: Context) -> Self {
        let verb = if is_new { "New" } else { "Edit" };
        let (fields, source) = context.build(&record);
        let mut form = Self {
            title: format!("{verb} {kind}"),
            source,
            fields,
            focus: 0,
            error: None,
            confirming_discard: false,
            quitting: false,
            label_width: render::LABEL_WIDTH,
            is_new,
            context,
            conflicts: Vec::new(),
            restoring: false,
        };
        if let Some(first) = form.fields.first_mut() {
            first.enter(true);
        }
        form
    }

    /// A form for an account.
    pub fn account(account: &Account, is_new: bool) -> Self {
        let record = Record::Account(account.clone());
        Self::new("account", is_new, record, Context::default())
    }

    /// A form for a business issue; `people`, the account's stakeholders,
    /// are offered as who said and who confirmed it.
    pub fn issue(issue: &BusinessIssue, people: &[Stakeholder], is_new: bool) -> Self {
        let context = Context {
            people: people.to_vec(),
            ..Context::default()
        };
        let record = Record::Issue(issue.clone());
        Self::new("business issue", is_new, record, context)
    }

    /// A form for an action plan of `account`; `people`, its stakeholders,
    /// are offered as the plan's owner on the customer's side.
    pub fn plan(plan: &ActionPlan, account: Id, people: &[Stakeholder], is_new: bool) -> Self {
        let context = Context {
            people: people.to_vec(),
            account: Some(account),
            ..Context::default()
        };
        let record = Record::Plan(plan.clone());
        Self::new("action plan", is_new, record, context)
    }

    /// A form for a proof statement, opened on its statement. `issues` and
    /// `plans` are the account's, offered as optional links (choice
    /// "— none —" first); the plans offered are those of the chosen issue.
    /// `people`, the account's stakeholders, are offered as who
    /// acknowledged it; `measures`, the account's, for the value, beside a
    /// new one.
    pub fn proof(
        proof: &ProofStatement,
        links: (&[BusinessIssue], &[ActionPlan]),
        people: &[Stakeholder],
        measures: &[Measure],
        is_new: bool,
    ) -> Self {
        let (issues, plans) = links;
        let context = Context {
            issues: issues.to_vec(),
            plans: plans.to_vec(),
            people: people.to_vec(),
            measures: measures.to_vec(),
            ..Context::default()
        };
        let record = Record::Proof(proof.clone());
        let mut form = Self::new("proof statement", is_new, record, context);
        if let Some(first) = form.fields.iter().position(|f| f.key == proof::FIRST) {
            form.set_focus(first, true);
        }
        form
    }

    /// A form for a conversation. `stakeholders` (the account's) are
    /// offered as attendees; `forums`, every forum used so far, are offered
    /// beside the usual ones.
    pub fn conversation(
        conversation: &Conversation,
        stakeholders: &[Stakeholder],
        forums: &[String],
        is_new: bool,
    ) -> Self {
        let context = Context {
            people: stakeholders.to_vec(),
            forums: forums.to_vec(),
            ..Context::default()
        };
        let record = Record::Conversation(conversation.clone());
        Self::new("conversation", is_new, record, context)
    }

    /// A form to write up `conversation`, a meeting brought in from the
    /// calendar: it opens on the summary, with an empty line to type on
    /// above the invitation's text (kept below, as notes are written
    /// against the agenda), and the time frame is the next field.
    pub fn write_up(
        conversation: &Conversation,
        stakeholders: &[Stakeholder],
        forums: &[String],
    ) -> Self {
        let context = Context {
            people: stakeholders.to_vec(),
            forums: forums.to_vec(),
            write_up: true,
            ..Context::default()
        };
        let record = Record::Conversation(conversation.clone());
        let mut form = Self::new("conversation", false, record, context);
        form.title = format!("Write up the meeting of {}", conversation.date);
        form
    }

    /// A form for a strategic assessment.
    pub fn assessment(assessment: &Assessment, is_new: bool) -> Self {
        let record = Record::Assessment(assessment.clone());
        Self::new("assessment", is_new, record, Context::default()).with_whole_labels()
    }

    /// Widens the label column to the longest label (and its `*`), so that
    /// labels that are questions show whole where the popup has room.
    fn with_whole_labels(mut self) -> Self {
        let widest = self
            .fields
            .iter()
            .map(|f| crate::text::width(f.label) + if f.required { 2 } else { 0 })
            .max()
            .unwrap_or(0);
        self.label_width = u16::try_from(widest).unwrap_or(u16::MAX);
        self
    }

    /// A form for a stakeholder. `colleagues` are the account's
    /// stakeholders: "reports to" offers those the person may report to
    /// without closing a loop.
    pub fn stakeholder(
        stakeholder: &Stakeholder,
        colleagues: &[Stakeholder],
        is_new: bool,
    ) -> Self {
        let context = Context {
            people: colleagues.to_vec(),
            ..Context::default()
        };
        let record = Record::Stakeholder(stakeholder.clone());
        Self::new("stakeholder", is_new, record, context)
    }

    /// Masks the confidential figures (revenue, share of wallet, hours) for
    /// private mode: they show as [`crate::text::MASK`] whatever their
    /// length, and typing into one starts a new value.
    pub fn hide_figures(&mut self) {
        for field in &mut self.fields {
            let text = matches!(field.input, field::Input::Line(_) | field::Input::Lines(_));
            if text && is_confidential(field.key) {
                field.masked = true;
            }
        }
    }

    /// The form's title, e.g. "New proof statement" or "Edit account".
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Whether any field differs from the record the form opened with.
    pub fn is_changed(&self) -> bool {
        self.fields.iter().any(Field::changed)
    }

    /// Handles one key; relative dates typed into the form count from
    /// `today`.
    pub fn handle_key(&mut self, key: KeyEvent, today: NaiveDate) -> Effect {
        if key.kind == KeyEventKind::Release {
            return Effect::Stay;
        }
        if self.confirming_discard {
            return self.confirm_discard(key);
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let outcome = match key.code {
            KeyCode::Esc => self.cancel(),
            KeyCode::Char('c') if ctrl => self.quit(),
            KeyCode::Char('s') if ctrl => self.submit(today),
            KeyCode::Char('t') if ctrl && self.focused_conflict().is_some() => {
                self.switch_conflicting_value();
                Effect::Stay
            }
            KeyCode::Char('e') if ctrl && self.focused_is_multiline() => {
                Effect::Edit(self.focused().map(Field::text).unwrap_or_default())
            }
            KeyCode::Tab => self.step_focus(true, true),
            KeyCode::BackTab => self.step_focus(false, true),
            KeyCode::Up | KeyCode::Down if !ctrl => self.vertical(key.code == KeyCode::Up),
            KeyCode::Enter if self.focused().is_some_and(Field::takes_enter) => {
                self.edit_focused(|field| field.key(key))
            }
            KeyCode::Enter if !self.focused_is_multiline() => self.enter(today),
            _ => self.edit_focused(|field| field.key(key)),
        };
        if let Source::Proof(source) = &mut self.source {
            proof::follow_issue(source, &mut self.fields);
            proof::follow_measure(source, &mut self.fields);
        }
        outcome
    }

    /// Types printable characters into the focused text field at once, as
    /// that many key presses would; `false`, with nothing typed, when they
    /// are keys for something else (a choice, the discard question).
    pub fn type_text(&mut self, typed: &str) -> bool {
        !self.confirming_discard
            && self
                .fields
                .get_mut(self.focus)
                .is_some_and(|field| field.type_text(typed))
    }

    /// Inserts text pasted in the terminal into the focused field.
    pub fn paste(&mut self, text: &str) {
        if !self.confirming_discard {
            self.edit_focused(|field| field.paste(text));
        }
    }

    /// Shows why a save failed: validation errors beside their fields
    /// (focus moves to the first), any other error on the form's own error
    /// line. What the user typed is kept.
    pub fn show_store_error(&mut self, err: &StoreError) {
        self.clear_errors();
        match err {
            StoreError::Invalid(Invalid(errors)) => self.show_field_errors(errors),
            StoreError::Conflict(conflicted) => self.rebase(conflicted),
            StoreError::DeletedElsewhere(_) => self.offer_restore(),
            other => self.error = Some(other.to_string()),
        }
    }

    /// Takes the external editor's text for the focused multi-line field
    /// (`None`: unchanged, or the editor failed). One trailing newline, as
    /// editors add, is dropped.
    pub fn set_external_text(&mut self, text: Option<String>) {
        let Some(text) = text else { return };
        let text = text.strip_suffix('\n').unwrap_or(&text);
        let text = text.strip_suffix('\r').unwrap_or(text);
        if self.focused_is_multiline() {
            self.edit_focused(|field| field.replace_text(text));
        }
    }

    /// Draws the form as a centred popup over `area` (clearing what is
    /// behind it) and puts the terminal cursor in the focused text field.
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        render::draw(self, frame, area, theme);
    }

    fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    fn focused_is_multiline(&self) -> bool {
        self.focused().is_some_and(Field::is_multiline)
    }

    /// Leaving the form without saving.
    fn cancelled() -> Effect {
        Effect::All(vec![
            Effect::Close,
            Effect::info("Cancelled: nothing was changed."),
        ])
    }

    fn edit_focused(&mut self, edit: impl FnOnce(&mut Field)) -> Effect {
        if let Some(field) = self.fields.get_mut(self.focus) {
            edit(field);
        }
        Effect::Stay
    }

    fn confirm_discard(&mut self, key: KeyEvent) -> Effect {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('c') if ctrl => Effect::Quit,
            KeyCode::Char('y' | 'Y') if self.quitting => Effect::Quit,
            KeyCode::Esc | KeyCode::Char('y' | 'Y') if !self.quitting => Self::cancelled(),
            KeyCode::Esc | KeyCode::Char('n' | 'N') => {
                self.confirming_discard = false;
                self.quitting = false;
                Effect::Stay
            }
            _ => Effect::Stay,
        }
    }

    /// Ctrl-C: quits at once when nothing changed, else asks first.
    fn quit(&mut self) -> Effect {
        if self.is_changed() {
            self.confirming_discard = true;
            self.quitting = true;
            Effect::Stay
        } else {
            Effect::Quit
        }
    }

    fn cancel(&mut self) -> Effect {
        if self.is_changed() {
            self.confirming_discard = true;
            Effect::Stay
        } else {
            Self::cancelled()
        }
    }

    /// Moves focus to the next or previous field, wrapping round when
    /// `wrap` is set and stopping at the ends otherwise.
    fn step_focus(&mut self, forward: bool, wrap: bool) -> Effect {
        let count = self.fields.len();
        if count == 0 {
            return Effect::Stay;
        }
        let next = match (forward, wrap) {
            (true, true) => (self.focus + 1) % count,
            (false, true) => (self.focus + count - 1) % count,
            (true, false) => (self.focus + 1).min(count - 1),
            (false, false) => self.focus.saturating_sub(1),
        };
        self.set_focus(next, forward);
        Effect::Stay
    }

    /// Moves focus to field `index`, entered going forward or back.
    fn set_focus(&mut self, index: usize, forward: bool) {
        if index == self.focus || index >= self.fields.len() {
            return;
        }
        if let Some(field) = self.fields.get_mut(self.focus) {
            field.leave();
        }
        self.focus = index;
        self.fields[index].enter(forward);
    }

    /// Up/Down: move inside a multi-line field, else to the next field.
    fn vertical(&mut self, up: bool) -> Effect {
        let moved = self
            .fields
            .get_mut(self.focus)
            .is_some_and(|f| f.move_vertically(up));
        if moved {
            Effect::Stay
        } else {
            self.step_focus(!up, false)
        }
    }

    /// Enter outside a multi-line field: next field, or save on the last.
    fn enter(&mut self, today: NaiveDate) -> Effect {
        if self.focus + 1 >= self.fields.len() {
            self.submit(today)
        } else {
            self.step_focus(true, false)
        }
    }

    /// Parses and validates every field; returns the record only when all
    /// is well, else shows the problems and stays.
    fn submit(&mut self, today: NaiveDate) -> Effect {
        self.clear_errors();
        let (record, people, mut errors) = self.read(today);
        // Rules are checked even when a field could not be read, so every
        // problem shows at once; a field keeps its reading error first.
        if let Err(Invalid(invalid)) = record.validate(today) {
            for e in invalid {
                if !errors.iter().any(|known| known.field == e.field) {
                    errors.push(e);
                }
            }
        }
        if errors.is_empty() && people.is_empty() {
            Effect::Submit(Command::Save {
                record,
                base: self.base(),
            })
        } else if errors.is_empty() {
            Effect::Submit(Command::SaveWithPeople {
                record,
                base: self.base(),
                people,
            })
        } else {
            self.show_field_errors(&errors);
            Effect::Stay
        }
    }

    /// Builds the record from the fields, with the stakeholders its person
    /// fields add and the fields that could not be read (they keep the
    /// record's old value meanwhile).
    fn read(&self, today: NaiveDate) -> (Record, Vec<Stakeholder>, Vec<FieldError>) {
        let mut r = Reader::new(&self.fields, today);
        let record = match &self.source {
            Source::Account(a) => Record::Account(account::read(a, &mut r)),
            Source::Issue(i) => Record::Issue(issue::read(i, &mut r)),
            Source::Plan(p) => Record::Plan(plan::read(p, &mut r)),
            Source::Proof(p) => Record::Proof(proof::read(p, &mut r)),
            Source::Conversation(c) => Record::Conversation(conversation::read(c, &mut r)),
            Source::Assessment(a) => Record::Assessment(assessment::read(a, &mut r)),
            Source::Stakeholder(s) => Record::Stakeholder(stakeholder::read(s, &mut r)),
        };
        let people = r.take_new_people();
        (record, people, r.finish().err().unwrap_or_default())
    }

    fn clear_errors(&mut self) {
        self.error = None;
        self.conflicts.clear();
        for field in &mut self.fields {
            field.error = None;
        }
    }

    /// Puts each error at its field (errors for fields the form does not
    /// show go to the form's error line) and focuses the first bad field.
    fn show_field_errors(&mut self, errors: &[FieldError]) {
        let mut orphans = Vec::new();
        for error in errors {
            match self.fields.iter_mut().find(|f| f.key == error.field) {
                Some(field) if field.error.is_none() => field.error = Some(error.message.clone()),
                Some(_) => {}
                None => orphans.push(format!(
                    "{}: {}",
                    error.field.replace('_', " "),
                    error.message
                )),
            }
        }
        if !orphans.is_empty() {
            self.error = Some(orphans.join("; "));
        }
        if let Some(first) = self.fields.iter().position(|f| f.error.is_some()) {
            self.set_focus(first, true);
        }
    }
}

#[cfg(test)]
mod tests;
