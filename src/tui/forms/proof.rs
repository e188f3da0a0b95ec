//! The proof statement form: fields, links to the account's issues and
//! plans, and the record they build.

use super::field::Field;
use super::parse::{self, DATE_HINT};
use super::reader::Reader;
use crate::domain::{ActionPlan, BusinessIssue, Id, ProofStatement};
use crate::text;

/// The widest an issue's statement shows as a choice.
const LINK_LABEL_WIDTH: usize = 60;

/// The proof being edited and the record each link option stands for.
#[derive(Debug)]
pub(super) struct ProofSource {
    /// The record as the form opened it.
    pub proof: ProofStatement,
    /// For each option of the issue field, the issue it links (none first).
    pub issue_links: Vec<Option<Id>>,
    /// For each option of the plan field, the plan it links (none first).
    pub plan_links: Vec<Option<Id>>,
}

/// The fields of the proof statement form and what their link options
/// stand for.
pub(super) fn fields(
    proof: &ProofStatement,
    issues: &[BusinessIssue],
    plans: &[ActionPlan],
) -> (Vec<Field>, ProofSource) {
    let issue_items = issues.iter().map(|i| (i.id, i.statement.as_str()));
    let plan_items = plans.iter().map(|p| (p.id, p.title.as_str()));
    let (issue_field, issue_links) =
        link_field("issue_id", "Business issue", proof.issue_id, issue_items);
    let (plan_field, plan_links) = link_field("plan_id", "Action plan", proof.plan_id, plan_items);
    let value = proof.value.as_deref().unwrap_or_default();
    let fields = vec![
        Field::line("date", "Date", &parse::date_text(Some(proof.date)))
            .required()
            .hint(DATE_HINT),
        Field::lines("statement", "Statement", &proof.statement)
            .required()
            .hint("What we delivered, e.g. 99% of repairs within 4 hours"),
        Field::line("value", "Measured value", value).hint("e.g. 99 % or -25 % time to market"),
        issue_field,
        plan_field,
        Field::yes_no("acknowledged", "Customer acknowledged", proof.acknowledged),
    ];
    let source = ProofSource {
        proof: proof.clone(),
        issue_links,
        plan_links,
    };
    (fields, source)
}

/// A choice of "none" or one of `items`. A current link to a record not
/// among them stays selectable, so opening and saving never drops it.
fn link_field<'a>(
    key: &'static str,
    label: &'static str,
    current: Option<Id>,
    items: impl Iterator<Item = (Id, &'a str)>,
) -> (Field, Vec<Option<Id>>) {
    let mut links = vec![None];
    let mut labels = vec!["— none —".to_owned()];
    for (id, name) in items {
        links.push(Some(id));
        labels.push(text::truncate(&text::first_line(name), LINK_LABEL_WIDTH).into_owned());
    }
    if current.is_some() && !links.contains(&current) {
        links.push(current);
        labels.push("(another record)".to_owned());
    }
    let selected = links.iter().position(|l| *l == current).unwrap_or(0);
    (Field::choice(key, label, &labels, selected), links)
}

/// The original proof with the values read from the form.
pub(super) fn read(source: &ProofSource, r: &mut Reader<'_>) -> ProofStatement {
    let original = &source.proof;
    let link = |links: &[Option<Id>], key| links.get(r.selected(key)).copied().flatten();
    ProofStatement {
        issue_id: link(&source.issue_links, "issue_id"),
        plan_id: link(&source.plan_links, "plan_id"),
        date: r.date("date", original.date),
        statement: r.text("statement"),
        value: r.optional_text("value"),
        acknowledged: r.flag("acknowledged"),
        ..original.clone()
    }
}
