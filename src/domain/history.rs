//! The history of every record: what changed, from what to what, and when.
//!
//! [`Tracked::diff`] compares two versions of a record field by field,
//! leaving ids and timestamps out; the store writes one [`Change`] row per
//! changed field in the same transaction as the change itself. [`group`]
//! folds the rows back into one [`ChangeItem`] per record and moment, for
//! "since last time".

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::choice::{Choice, choice_enum};
use super::fields::Fields;
use super::id::Id;
use super::{
    Account, ActionPlan, Assessment, BusinessIssue, Conversation, MatchingResult, ProofStatement,
    Stakeholder, Step, Whitespace,
};

choice_enum! {
    /// The kind of record a change is about.
    pub enum RecordKind {
        Account => ("account", "Account"),
        Issue => ("issue", "Business issue"),
        Plan => ("plan", "Action plan"),
        Proof => ("proof", "Proof statement"),
        Stakeholder => ("stakeholder", "Stakeholder"),
        Conversation => ("conversation", "Conversation"),
        Assessment => ("assessment", "Assessment"),
        Whitespace => ("whitespace", "Whitespace"),
        Matching => ("matching", "Matching test"),
    }
}

impl RecordKind {
    /// The kind in running text, e.g. `business issue`.
    pub fn noun(self) -> String {
        self.label().to_lowercase()
    }
}

choice_enum! {
    /// What happened to the record.
    pub enum ChangeAction {
        Added => ("added", "added"),
        Changed => ("changed", "changed"),
        Deleted => ("deleted", "deleted"),
        Restored => ("restored", "restored"),
    }
}

/// Fields whose values are confidential: hidden in private mode, in
/// forms, the change history and conflicts alike. `annual_revenue` and
/// `prior_revenue` are the revenue fields accounts had before they kept
/// their revenue per year; the change history still holds their values.
const CONFIDENTIAL: &[&str] = &[
    "revenue_history",
    "annual_revenue",
    "prior_revenue",
    "share_of_wallet",
    "billable_hours",
    "non_billable_hours",
];

/// Whether the values of `field` must stay hidden in private mode.
pub fn is_confidential(field: &str) -> bool {
    CONFIDENTIAL.contains(&field)
}

/// One field of a record that changed, with its values as text (empty for
/// "none"). Step changes of an action plan use the fields `step_added`,
/// `step_removed`, `step_done`, `step_reopened` and `step_changed`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The field's key, e.g. `status` or `step_done`.
    pub field: String,
    /// The value before the change.
    pub old: String,
    /// The value after it.
    pub new: String,
}

impl FieldChange {
    fn new(field: &str, old: impl Into<String>, new: impl Into<String>) -> Self {
        Self {
            field: field.to_string(),
            old: old.into(),
            new: new.into(),
        }
    }

    /// The change in a few words, e.g. `status: Proposed → Agreed` or
    /// `step done: Run the pilot`. Long values are cut to their first line.
    pub fn describe(&self) -> String {
        let name = self.field.replace('_', " ");
        let (old, new) = (clip(&self.old), clip(&self.new));
        if self.field.starts_with("step_") && self.field != "step_changed" {
            let value = if new.is_empty() { old } else { new };
            return format!("{name}: {value}");
        }
        let or_none = |v: String| if v.is_empty() { "—".to_string() } else { v };
        format!("{name}: {} → {}", or_none(old), or_none(new))
    }
}

/// A value shortened for a one-line summary.
fn clip(text: &str) -> String {
    const MAX: usize = 80;
    let trimmed = text.trim();
    let first = trimmed.lines().next().unwrap_or("");
    if first.chars().count() > MAX {
        let cut: String = first.chars().take(MAX - 1).collect();
        format!("{}…", cut.trim_end())
    } else if first.len() < trimmed.len() {
        format!("{first} …")
    } else {
        first.to_string()
    }
}

/// A record whose changes kam keeps.
pub trait Tracked {
    /// Its kind.
    const KIND: RecordKind;
    /// Its id.
    fn record_id(&self) -> Id;
    /// The words that name it in a history: a name, a title, a statement.
    fn label(&self) -> String;
    /// The fields that differ between `self` (before) and `new` (after),
    /// in field order. Ids and timestamps are never compared.
    fn diff(&self, new: &Self) -> Vec<FieldChange>;
}

/// The told fields that differ between `old` and `new`, in table order.
fn diff_fields<T: Fields>(old: &T, new: &T) -> Vec<FieldChange> {
    T::FIELDS
        .iter()
        .filter(|f| !(f.same)(old, new))
        .map(|f| FieldChange::new(f.key, (f.text)(old), (f.text)(new)))
        .filter(|c| c.old != c.new)
        .collect()
}

/// The first line of `text`, trimmed: a record's label.
pub(super) fn first_line(text: &str) -> String {
    text.trim().lines().next().unwrap_or("").trim().to_string()
}

impl Tracked for Account {
    const KIND: RecordKind = RecordKind::Account;

    fn record_id(&self) -> Id {
        self.id
    }

    fn label(&self) -> String {
        first_line(&self.name)
    }

    fn diff(&self, new: &Self) -> Vec<FieldChange> {
        diff_fields(self, new)
    }
}

impl Tracked for BusinessIssue {
    const KIND: RecordKind = RecordKind::Issue;

    fn record_id(&self) -> Id {
        self.id
    }

    fn label(&self) -> String {
        first_line(&self.statement)
    }

    fn diff(&self, new: &Self) -> Vec<FieldChange> {
        diff_fields(self, new)
    }
}

impl Tracked for ActionPlan {
    const KIND: RecordKind = RecordKind::Plan;

    fn record_id(&self) -> Id {
        self.id
    }

    fn label(&self) -> String {
        first_line(&self.title)
    }

    fn diff(&self, new: &Self) -> Vec<FieldChange> {
        let mut changes = diff_fields(self, new);
        changes.extend(step_changes(&self.steps, &new.steps));
        changes
    }
}

/// Steps added, removed, checked off, reopened or reworded, matched by id
/// and listed in the new order (removed ones last). Moving a step is not a
/// change worth telling.
fn step_changes(old: &[Step], new: &[Step]) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    for step in new {
        let Some(before) = old.iter().find(|s| s.id == step.id) else {
            changes.push(FieldChange::new("step_added", "", step_text(step)));
            continue;
        };
        if before.text != step.text || before.due != step.due {
            changes.push(FieldChange::new(
                "step_changed",
                step_text(before),
                step_text(step),
            ));
        }
        match (before.done, step.done) {
            (false, true) => {
                changes.push(FieldChange::new("step_done", "", first_line(&step.text)))
            }
            (true, false) => changes.push(FieldChange::new(
                "step_reopened",
                "",
                first_line(&step.text),
            )),
            _ => {}
        }
    }
    for gone in old.iter().filter(|s| !new.iter().any(|n| n.id == s.id)) {
        changes.push(FieldChange::new("step_removed", step_text(gone), ""));
    }
    changes
}

/// A step as one line: its text and, if it has one, its due date.
fn step_text(step: &Step) -> String {
    match step.due {
        Some(due) => format!("{} (due {due})", first_line(&step.text)),
        None => first_line(&step.text),
    }
}

impl Tracked for ProofStatement {
    const KIND: RecordKind = RecordKind::Proof;

    fn record_id(&self) -> Id {
        self.id
    }

    fn label(&self) -> String {
        first_line(&self.statement)
    }

    fn diff(&self, new: &Self) -> Vec<FieldChange> {
        diff_fields(self, new)
    }
}

impl Tracked for Stakeholder {
    const KIND: RecordKind = RecordKind::Stakeholder;

    fn record_id(&self) -> Id {
        self.id
    }

    fn label(&self) -> String {
        first_line(&self.name)
    }

    fn diff(&self, new: &Self) -> Vec<FieldChange> {
        diff_fields(self, new)
    }
}

impl Tracked for Conversation {
    const KIND: RecordKind = RecordKind::Conversation;

    fn record_id(&self) -> Id {
        self.id
    }

    fn label(&self) -> String {
        format!("{} · {}", self.date, first_line(&self.forum))
    }

    fn diff(&self, new: &Self) -> Vec<FieldChange> {
        let mut changes = diff_fields(self, new);
        if self.attendees.len() != new.attendees.len() {
            // Attendees are told by their number, after the other fields.
            changes.push(FieldChange::new(
                "attendees",
                self.attendees.len().to_string(),
                new.attendees.len().to_string(),
            ));
        }
        changes
    }
}

impl Tracked for Assessment {
    const KIND: RecordKind = RecordKind::Assessment;

    fn record_id(&self) -> Id {
        self.id
    }

    fn label(&self) -> String {
        format!(
            "assessment of {} ({}/100)",
            self.date,
            self.strategic_score()
        )
    }

    fn diff(&self, new: &Self) -> Vec<FieldChange> {
        let mut changes = Vec::new();
        let mut told = |field: &str, old: String, now: String| {
            if old != now {
                changes.push(FieldChange::new(field, old, now));
            }
        };
        told("date", self.date.to_string(), new.date.to_string());
        for (label, old, now) in new.change_since(self).items {
            told(&label.to_lowercase().replace(' ', "_"), old, now);
        }
        told("note", self.note.clone(), new.note.clone());
        changes
    }
}

impl Tracked for Whitespace {
    const KIND: RecordKind = RecordKind::Whitespace;

    fn record_id(&self) -> Id {
        self.account_id
    }

    fn label(&self) -> String {
        "whitespace grid".to_string()
    }

    fn diff(&self, new: &Self) -> Vec<FieldChange> {
        let mut changes = Vec::new();
        let mut told = |field: &str, old: String, now: String| {
            if old != now {
                changes.push(FieldChange::new(field, old, now));
            }
        };
        told("units", self.units.join(", "), new.units.join(", "));
        told(
            "offerings",
            self.offerings.join(", "),
            new.offerings.join(", "),
        );
        let places = |w: &Whitespace| {
            w.places
                .iter()
                .map(|(unit, place)| format!("{unit}: {place}"))
                .collect::<Vec<_>>()
                .join("; ")
        };
        told("regions_and_sites", places(self), places(new));
        let marked = |w: &Whitespace| {
            w.cells
                .iter()
                .flatten()
                .filter(|c| c.state != super::CellState::NotRelevant)
                .count()
                .to_string()
        };
        told("relevant_cells", marked(self), marked(new));
        changes
    }
}

impl Tracked for MatchingResult {
    const KIND: RecordKind = RecordKind::Matching;

    fn record_id(&self) -> Id {
        self.id
    }

    fn label(&self) -> String {
        if self.is_team() {
            format!(
                "team test, {} of {} matches right",
                self.correct, self.total
            )
        } else {
            format!("{} of {} pairs matched", self.correct, self.total)
        }
    }

    fn diff(&self, _new: &Self) -> Vec<FieldChange> {
        Vec::new()
    }
}

/// One row of the history: a record added, deleted or restored, or one of
/// its fields changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Order of writing; later rows have higher numbers.
    pub seq: i64,
    /// When the change was made (UTC).
    pub at: DateTime<Utc>,
    /// The account the record belongs to.
    pub account_id: Option<Id>,
    /// The kind of record.
    pub kind: RecordKind,
    /// The record.
    pub record_id: Id,
    /// What happened.
    pub action: ChangeAction,
    /// For [`ChangeAction::Changed`], the field and its values.
    pub field: Option<FieldChange>,
    /// The record's label when the change was made.
    pub label: String,
}

/// Everything that happened to one record at one moment: the unit "since
/// last time" lists.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeItem {
    /// When it happened (UTC).
    pub at: DateTime<Utc>,
    /// The kind of record.
    pub kind: RecordKind,
    /// The record.
    pub record_id: Id,
    /// What happened.
    pub action: ChangeAction,
    /// The record's label.
    pub label: String,
    /// The fields that changed, for [`ChangeAction::Changed`].
    pub fields: Vec<FieldChange>,
}

impl ChangeItem {
    /// The headline, e.g. `Action plan changed`.
    pub fn headline(&self) -> String {
        format!("{} {}", self.kind.label(), self.action.label())
    }

    /// Drops the confidential fields, and the measured value of a record
    /// in `confidential_values`; `false` when nothing is left to tell.
    fn redact(&mut self, confidential_values: &BTreeSet<Id>) -> bool {
        let value_hidden = confidential_values.contains(&self.record_id);
        let hidden =
            |f: &FieldChange| is_confidential(&f.field) || (value_hidden && f.field == "value");
        self.fields.retain(|f| !hidden(f));
        self.action != ChangeAction::Changed || !self.fields.is_empty()
    }
}

/// Folds history rows (in the order written) into one item per record and
/// moment, in time order.
pub fn group(changes: &[Change]) -> Vec<ChangeItem> {
    let mut items: Vec<ChangeItem> = Vec::new();
    for change in changes {
        let same = items.last_mut().filter(|last| {
            last.record_id == change.record_id
                && last.at == change.at
                && last.action == change.action
        });
        let item = match same {
            Some(item) => item,
            None => {
                items.push(ChangeItem {
                    at: change.at,
                    kind: change.kind,
                    record_id: change.record_id,
                    action: change.action,
                    label: change.label.clone(),
                    fields: Vec::new(),
                });
                items.last_mut().expect("just pushed")
            }
        };
        if let Some(field) = &change.field {
            item.fields.push(field.clone());
        }
    }
    items
}

/// Leaves out what private mode must not show: confidential fields, and
/// changes of nothing else.
pub fn redact(items: &mut Vec<ChangeItem>, confidential_values: &BTreeSet<Id>) {
    items.retain_mut(|item| item.redact(confidential_values));
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone};

    use super::*;
    use crate::domain::{Importance, IssueStatus, PlanStatus, RelationshipStage};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn pairs(changes: &[FieldChange]) -> Vec<(&str, &str, &str)> {
        changes
            .iter()
            .map(|c| (c.field.as_str(), c.old.as_str(), c.new.as_str()))
            .collect()
    }

    #[test]
    fn an_account_diff_names_each_changed_field_and_ignores_timestamps() {
        let old = Account::new("Nordwerk");
        let mut new = old.clone();
        new.updated_at = old.updated_at + chrono::Duration::days(3);
        assert!(old.diff(&new).is_empty(), "timestamps are not changes");
        new.revenue_history = vec![crate::domain::YearRevenue {
            year: 2025,
            amount: 2_380_000,
        }];
        new.stage = RelationshipStage::Cooperative;
        new.last_review = Some(d("2026-11-02"));
        assert_eq!(
            pairs(&old.diff(&new)),
            [
                ("stage", "Exploratory", "Cooperative"),
                ("last_review", "", "2026-11-02"),
                ("revenue_history", "", "2025 2380000"),
            ]
        );
    }

    #[test]
    fn an_issue_diff_uses_labels_people_read() {
        let old = BusinessIssue::new(Id::new(), "Lines stop for lack of spares");
        let mut new = old.clone();
        new.importance = Importance::Critical;
        new.status = IssueStatus::Parked;
        new.confirmed = true;
        assert_eq!(
            pairs(&old.diff(&new)),
            [
                ("confirmed", "no", "yes"),
                ("importance", "Medium", "Critical"),
                ("status", "Open", "Parked"),
            ]
        );
    }

    #[test]
    fn a_plan_diff_tells_steps_done_added_removed_and_reworded() {
        let mut old = ActionPlan::new(Id::new(), "Consignment stock pilot");
        old.steps = vec![Step::new("Scope"), Step::new("Run"), Step::new("Review")];
        let mut new = old.clone();
        new.status = PlanStatus::InProgress;
        new.billable_hours = 2.5;
        new.steps[0].done = true;
        new.steps[1].due = Some(d("2026-12-01"));
        new.steps.remove(2);
        new.steps.push(Step::new("Report to the plant director"));
        assert_eq!(
            pairs(&old.diff(&new)),
            [
                ("status", "Proposed", "In progress"),
                ("billable_hours", "0", "2.5"),
                ("step_done", "", "Scope"),
                ("step_changed", "Run", "Run (due 2026-12-01)"),
                ("step_added", "", "Report to the plant director"),
                ("step_removed", "Review", ""),
            ]
        );
        let mut reopened = new.clone();
        reopened.steps[0].done = false;
        reopened.steps.swap(1, 2);
        assert_eq!(
            pairs(&new.diff(&reopened)),
            [("step_reopened", "", "Scope")],
            "moving a step is no change"
        );
    }

    #[test]
    fn proof_and_stakeholder_diffs_leave_links_out() {
        let old = ProofStatement::new(Id::new(), d("2026-11-02"), "99 % within 4 h");
        let mut new = old.clone();
        new.issue_id = Some(Id::new());
        new.plan_id = Some(Id::new());
        assert!(old.diff(&new).is_empty(), "links are ids");
        new.value = Some("99 %".into());
        new.acknowledged = true;
        assert_eq!(
            pairs(&old.diff(&new)),
            [("value", "", "99 %"), ("acknowledged", "no", "yes")]
        );

        let old = Stakeholder::new(Id::new(), "Dieter Vogel");
        let mut new = old.clone();
        new.title = "Head of Maintenance".into();
        assert_eq!(
            pairs(&old.diff(&new)),
            [("title", "", "Head of Maintenance")]
        );
    }

    #[test]
    fn descriptions_read_naturally() {
        let c = FieldChange::new("status", "Proposed", "Agreed");
        assert_eq!(c.describe(), "status: Proposed → Agreed");
        assert_eq!(
            FieldChange::new("owner", "Anna", "").describe(),
            "owner: Anna → —"
        );
        assert_eq!(
            FieldChange::new("step_done", "", "Run the pilot").describe(),
            "step done: Run the pilot"
        );
        assert_eq!(
            FieldChange::new("step_removed", "Review", "").describe(),
            "step removed: Review"
        );
        assert_eq!(
            FieldChange::new("statement", "a\nb", "c").describe(),
            "statement: a … → c"
        );
        let long = "x".repeat(100);
        let described = FieldChange::new("detail", "", &long).describe();
        assert!(described.ends_with("x…"), "{described}");
        assert_eq!(
            described.chars().count(),
            "detail: — → ".chars().count() + 80
        );
    }

    fn row(seq: i64, minute: u32, record: Id, action: ChangeAction, field: Option<&str>) -> Change {
        Change {
            seq,
            at: Utc.with_ymd_and_hms(2026, 11, 20, 9, minute, 0).unwrap(),
            account_id: None,
            kind: RecordKind::Plan,
            record_id: record,
            action,
            field: field.map(|f| FieldChange::new(f, "1", "2")),
            label: "Pilot".into(),
        }
    }

    #[test]
    fn rows_group_by_record_and_moment() {
        let (a, b) = (Id::new(), Id::new());
        let rows = [
            row(1, 0, a, ChangeAction::Added, None),
            row(2, 5, a, ChangeAction::Changed, Some("status")),
            row(3, 5, a, ChangeAction::Changed, Some("billable_hours")),
            row(4, 5, b, ChangeAction::Changed, Some("billable_hours")),
            row(5, 7, a, ChangeAction::Changed, Some("owner")),
        ];
        let items = group(&rows);
        let shape: Vec<(Id, ChangeAction, usize)> = items
            .iter()
            .map(|i| (i.record_id, i.action, i.fields.len()))
            .collect();
        assert_eq!(
            shape,
            [
                (a, ChangeAction::Added, 0),
                (a, ChangeAction::Changed, 2),
                (b, ChangeAction::Changed, 1),
                (a, ChangeAction::Changed, 1),
            ]
        );
        assert_eq!(items[1].headline(), "Action plan changed");

        let mut private = items.clone();
        redact(&mut private, &BTreeSet::new());
        let shape: Vec<(Id, usize)> = private
            .iter()
            .map(|i| (i.record_id, i.fields.len()))
            .collect();
        assert_eq!(
            shape,
            [(a, 0), (a, 1), (a, 1)],
            "hours are hidden; a change of hours only disappears"
        );
        assert_eq!(private[1].fields[0].field, "status");
    }

    #[test]
    fn private_mode_hides_the_values_of_confidential_measures_only() {
        let (hidden, open) = (Id::new(), Id::new());
        let rows = [
            row(1, 0, hidden, ChangeAction::Changed, Some("value")),
            row(2, 0, hidden, ChangeAction::Changed, Some("statement")),
            row(3, 1, open, ChangeAction::Changed, Some("value")),
            row(4, 2, hidden, ChangeAction::Changed, Some("value")),
        ];
        let mut items = group(&rows);
        redact(&mut items, &BTreeSet::from([hidden]));
        let shape: Vec<(Id, Vec<&str>)> = items
            .iter()
            .map(|i| {
                (
                    i.record_id,
                    i.fields.iter().map(|f| f.field.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [(hidden, vec!["statement"]), (open, vec!["value"])],
            "a change of a confidential value only disappears"
        );
    }
}
