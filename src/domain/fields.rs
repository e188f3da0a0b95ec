//! The fields of each record kind, listed once: their keys (as the history
//! and the forms name them), their values as text, and how to compare and
//! copy them. The history's diff and the three-way merge both walk these
//! tables, so they never disagree about what a record's fields are.

use chrono::NaiveDate;

use super::choice::Choice;
use super::{
    Account, ActionPlan, Assessment, BusinessIssue, Conversation, ProofStatement, Stakeholder,
};

/// One field of a record kind `T`.
pub struct Field<T> {
    /// Its key, e.g. `importance`: the form field's key and the history's.
    pub key: &'static str,
    /// Its value as text, as the history tells it (empty for "none").
    pub text: fn(&T) -> String,
    /// Whether two records hold the same value.
    pub same: fn(&T, &T) -> bool,
    /// Copies the value of the second record into the first.
    pub take: fn(&mut T, &T),
}

/// A record kind with a table of its fields. Ids of the record itself and
/// its timestamps are never fields.
pub trait Fields: Sized + 'static {
    /// The fields the history tells, in the order it tells them.
    const FIELDS: &'static [Field<Self>];
    /// Fields that are merged but left out of the history: links to other
    /// records and settings.
    const QUIET_FIELDS: &'static [Field<Self>] = &[];

    /// Every field, told and quiet.
    fn all_fields() -> impl Iterator<Item = &'static Field<Self>> {
        Self::FIELDS.iter().chain(Self::QUIET_FIELDS)
    }
}

/// Text as it is.
pub(super) fn text(value: &str) -> String {
    value.to_owned()
}

/// A choice by its label.
pub(super) fn choice<C: Choice>(value: &C) -> String {
    value.label().to_string()
}

/// An optional value, empty for none.
pub(super) fn opt<V: ToString>(value: &Option<V>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// A value by its usual text.
pub(super) fn shown<V: ToString>(value: &V) -> String {
    value.to_string()
}

/// A date, empty for none.
pub(super) fn date(value: &Option<NaiveDate>) -> String {
    opt(value)
}

/// "yes" or "no".
pub(super) fn flag(value: &bool) -> String {
    yes_no(*value).to_string()
}

/// "yes" or "no".
pub(super) fn yes_no(flag: bool) -> &'static str {
    if flag { "yes" } else { "no" }
}

/// Hours without needless decimals: "12", "2.5".
pub(super) fn hours(h: &f64) -> String {
    let text = format!("{h:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A field table: `key => member: how to show it`.
macro_rules! fields {
    ($($key:literal => $member:ident: $show:expr),* $(,)?) => {
        &[$(Field {
            key: $key,
            text: |r| $show(&r.$member),
            same: |a, b| a.$member == b.$member,
            take: |to, from| to.$member.clone_from(&from.$member),
        }),*]
    };
}

impl Fields for Account {
    const FIELDS: &'static [Field<Self>] = fields![
        "name" => name: text,
        "industry" => industry: text,
        "offerings" => offerings: text,
        "share_of_wallet" => share_of_wallet: opt,
        "stage" => stage: choice,
        "value_proposition" => value_proposition: text,
        "differentiation" => differentiation: text,
        "customers" => customers: text,
        "last_review" => last_review: date,
        "revenue_history" => revenue_history: revenue_years,
        "currency" => currency: text,
        "team" => team: team_members,
    ];
    const QUIET_FIELDS: &'static [Field<Self>] = fields![
        "proof_cadence_days" => proof_cadence_days: shown,
        "review_interval_days" => review_interval_days: shown,
    ];
}

impl Fields for BusinessIssue {
    const FIELDS: &'static [Field<Self>] = fields![
        "statement" => statement: text,
        "kind" => kind: choice,
        "said_by" => said_by: text,
        "said_on" => said_on: date,
        "confirmed" => confirmed: flag,
        "confirmed_by" => confirmed_by: text,
        "importance" => importance: choice,
        "status" => status: choice,
        "time_frame" => time_frame: choice,
    ];
    const QUIET_FIELDS: &'static [Field<Self>] = fields![
        "said_by_id" => said_by_id: opt,
        "confirmed_by_id" => confirmed_by_id: opt,
    ];
}

impl Fields for ActionPlan {
    const FIELDS: &'static [Field<Self>] = fields![
        "title" => title: text,
        "detail" => detail: text,
        "uses_product" => uses_product: flag,
        "owner" => owner: text,
        "customer_owner" => customer_owner: text,
        "due" => due: date,
        "status" => status: choice,
        "billable_hours" => billable_hours: hours,
        "non_billable_hours" => non_billable_hours: hours,
    ];
    const QUIET_FIELDS: &'static [Field<Self>] = fields![
        "issue_id" => issue_id: shown,
        "customer_owner_id" => customer_owner_id: opt,
    ];
}

impl Fields for ProofStatement {
    const FIELDS: &'static [Field<Self>] = fields![
        "date" => date: shown,
        "statement" => statement: text,
        "value" => value: opt,
        "measure" => measure: opt,
        "acknowledged" => acknowledged: flag,
        "acknowledged_by" => acknowledged_by: text,
        "acknowledged_on" => acknowledged_on: date,
    ];
    const QUIET_FIELDS: &'static [Field<Self>] = fields![
        "issue_id" => issue_id: opt,
        "plan_id" => plan_id: opt,
        "acknowledged_by_id" => acknowledged_by_id: opt,
    ];
}

impl Fields for Stakeholder {
    const FIELDS: &'static [Field<Self>] = fields![
        "name" => name: text,
        "title" => title: text,
        "email" => email: text,
        "phone" => phone: text,
        "influence" => influence: opt,
        "attitude" => attitude: choice,
        "last_contact" => last_contact: date,
        "cadence_days" => cadence_days: opt,
        "owner" => owner: text,
    ];
    const QUIET_FIELDS: &'static [Field<Self>] = fields![
        "reports_to" => reports_to: opt,
    ];
}

impl Fields for Conversation {
    const FIELDS: &'static [Field<Self>] = fields![
        "date" => date: shown,
        "forum" => forum: text,
        "time_frame" => time_frame: choice,
        "executive_review" => executive_review: flag,
        "summary" => summary: text,
        "billable_hours" => billable_hours: hours,
        "non_billable_hours" => non_billable_hours: hours,
    ];
}

/// A revenue history as one line: "2024 2510000, 2025 2080000".
fn revenue_years(years: &[super::YearRevenue]) -> String {
    years
        .iter()
        .map(|r| format!("{} {}", r.year, r.amount))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The account team as one line: "Ana Ruiz, lead; Tom Berg, pre-sales".
fn team_members(team: &[super::TeamMember]) -> String {
    team.iter()
        .map(super::TeamMember::line)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The answers of an assessment, all eight, as one line.
fn answers(signals: &[super::Answer; 8]) -> String {
    signals
        .iter()
        .map(|a| a.label())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The four ratings as one line: score and reason.
fn ratings(ratings: &[super::Rating; 4]) -> String {
    ratings
        .iter()
        .map(|r| format!("{} ({})", r.score, r.reason))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An assessment's history tells what changed in its score instead (see
/// [`Assessment::change_since`]); its fields are listed for merging.
impl Fields for Assessment {
    const FIELDS: &'static [Field<Self>] = &[];
    const QUIET_FIELDS: &'static [Field<Self>] = fields![
        "date" => date: shown,
        "signals" => signals: answers,
        "ratings" => ratings: ratings,
        "stage" => stage: choice,
        "ladder_now" => ladder_now: choice,
        "ladder_aim" => ladder_aim: choice,
        "note" => note: text,
    ];
}
