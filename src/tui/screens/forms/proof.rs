//! The proof statement form: fields, links to the account's issues and
//! plans, and the record they build.
//!
//! The plan choice offers only the plans of the chosen issue, and follows
//! the issue choice as it changes.

use crate::domain::choice::Choice;
use crate::domain::measure::{self, Better, Measure, number_text};
use crate::domain::{ActionPlan, BusinessIssue, Id, ProofStatement, Stakeholder};
use crate::text;
use crate::tui::screens::forms::field::Field;
use crate::tui::screens::forms::issue::PERSON_HINT;
use crate::tui::screens::forms::parse::{self, DATE_HINT};
use crate::tui::screens::forms::reader::Reader;

/// The widest an issue's statement shows as a choice.
const LINK_LABEL_WIDTH: usize = 60;

/// The field the form opens on: the statement, what is typed most (the
/// date, prefilled, is one field back).
pub(crate) const FIRST: &str = "statement";

/// The label of the option "no link".
const NONE: &str = "— none —";

/// What a stored plan link that belongs to another issue says at its field.
const OTHER_ISSUE: &str =
    "This plan is not one of the chosen issue's: choose one of its plans, or none.";

/// The last option of the measure choice: a measure named in the next
/// field.
const NEW_MEASURE: &str = "a new measure…";

/// Why a number field is refused.
const NOT_A_NUMBER: &str = "A number, e.g. 99.2 (a decimal point, no unit)";

/// One of the account's plans, as the plan choice offers it.
#[derive(Debug)]
struct PlanOption {
    id: Id,
    issue_id: Id,
    label: String,
}

/// The proof being edited and the record each link option stands for.
#[derive(Debug)]
pub(crate) struct ProofSource {
    /// The record as the form opened it.
    pub proof: ProofStatement,
    /// For each option of the issue field, the issue it links (none first).
    pub issue_links: Vec<Option<Id>>,
    /// For each option of the plan field, the plan it links (none first).
    pub plan_links: Vec<Option<Id>>,
    /// Every plan of the account.
    plans: Vec<PlanOption>,
    /// The issue whose plans the plan field offers.
    plans_for: Option<Id>,
    /// The account's measures, in the order the measure choice offers
    /// them after "— none —".
    measures: Vec<Measure>,
    /// The option of the measure choice whose definition the form shows.
    measure_shown: usize,
}

/// The fields of the proof statement form and what their link options
/// stand for; `people`, the account's stakeholders, are offered as who
/// acknowledged it.
pub(crate) fn fields(
    proof: &ProofStatement,
    issues: &[BusinessIssue],
    plans: &[ActionPlan],
    people: &[Stakeholder],
    measures: &[Measure],
) -> (Vec<Field>, ProofSource) {
    let issue_items = issues.iter().map(|i| (i.id, i.statement.as_str()));
    let (issue_field, issue_links) =
        link_field("issue_id", "Business issue", proof.issue_id, issue_items);
    let mut source = ProofSource {
        proof: proof.clone(),
        issue_links,
        plan_links: Vec::new(),
        plans: plans
            .iter()
            .map(|p| PlanOption {
                id: p.id,
                issue_id: p.issue_id,
                label: link_label(&p.title),
            })
            .collect(),
        plans_for: proof.issue_id,
        measures: measures.to_vec(),
        measure_shown: 0,
    };
    let measure_fields = measure_fields(&mut source, proof.measure.as_ref());
    let (links, labels) = plan_options(&source, proof.issue_id);
    let selected = links.iter().position(|l| *l == proof.plan_id).unwrap_or(0);
    let mut plan_field = Field::choice("plan_id", "Action plan", &labels, selected)
        .hint("The plans of the chosen issue");
    if belongs_elsewhere(&source, proof.plan_id, proof.issue_id) {
        plan_field.error = Some(OTHER_ISSUE.to_owned());
    }
    source.plan_links = links;
    let value = proof.value.as_deref().unwrap_or_default();
    let fields = vec![
        Field::line("date", "Date", &parse::date_text(Some(proof.date)))
            .required()
            .hint(DATE_HINT),
        Field::lines("statement", "Statement", &proof.statement)
            .required()
            .hint("What we delivered, e.g. 99% of repairs within 4 hours"),
        Field::line("value", "Measured value", value).hint("e.g. 99 % or -25 % time to market"),
    ];
    let acknowledgement = [
        Field::person(
            "acknowledged_by",
            "Acknowledged by",
            &proof.acknowledged_by,
            proof.acknowledged_by_id,
            proof.account_id,
            people,
        )
        .hint(PERSON_HINT),
        Field::line(
            "acknowledged_on",
            "Acknowledged on",
            &parse::date_text(proof.acknowledged_on),
        )
        .hint(DATE_HINT),
    ];
    let fields = fields
        .into_iter()
        .chain(measure_fields)
        .chain([
            issue_field,
            plan_field,
            Field::yes_no("acknowledged", "Customer acknowledged", proof.acknowledged),
        ])
        .chain(acknowledgement)
        .collect();
    (fields, source)
}

/// The fields of the value's measure: which of the account's measures (or
/// a new one, named), which direction is better, the target and whether
/// the values are confidential.
fn measure_fields(source: &mut ProofSource, measure: Option<&Measure>) -> Vec<Field> {
    let known = measure.and_then(|m| {
        source
            .measures
            .iter()
            .position(|k| measure::same_name(&k.name, &m.name))
    });
    let mut labels = vec![NONE.to_owned()];
    labels.extend(source.measures.iter().map(|m| m.name.clone()));
    labels.push(NEW_MEASURE.to_owned());
    let (selected, new_name) = match (measure, known) {
        (None, _) => (0, ""),
        (Some(_), Some(i)) => (i + 1, ""),
        (Some(m), None) => (labels.len() - 1, m.name.as_str()),
    };
    source.measure_shown = selected;
    let better = measure.map_or(Better::Higher, |m| m.better);
    let target = measure.and_then(|m| m.target).map(number_text);
    vec![
        Field::choice("measure", "Measure", &labels, selected)
            .hint("The series the value belongs to; its values form the scorecard"),
        Field::line("new_measure", "New measure", new_name)
            .hint("The new measure's name, e.g. Crane availability"),
        Field::pick("better", "Better when", better),
        Field::line("target", "Target", &target.unwrap_or_default())
            .hint("The value aimed for, in the measure's unit, e.g. 99.2"),
        Field::yes_no(
            "confidential",
            "Confidential values",
            measure.is_some_and(|m| m.confidential),
        ),
    ]
}

/// Shows the definition of the measure now chosen, after a key may have
/// changed the choice: its direction, target and confidentiality.
pub(crate) fn follow_measure(source: &mut ProofSource, fields: &mut [Field]) {
    let Some(chosen) = fields
        .iter()
        .find(|f| f.key == "measure")
        .map(Field::selected)
    else {
        return;
    };
    if chosen == source.measure_shown {
        return;
    }
    source.measure_shown = chosen;
    let Some(measure) = chosen.checked_sub(1).and_then(|i| source.measures.get(i)) else {
        return;
    };
    for field in fields.iter_mut() {
        match field.key {
            "better" => field.set_choice(measure.better.index()),
            "target" => field.set_text(&measure.target.map(number_text).unwrap_or_default()),
            "confidential" => field.set_flag(measure.confidential),
            _ => {}
        }
    }
}

/// The measure the form's fields name, or none.
fn read_measure(source: &ProofSource, r: &mut Reader<'_>) -> Option<Measure> {
    let chosen = r.selected("measure");
    let name = match chosen.checked_sub(1) {
        None => return None,
        Some(i) => match source.measures.get(i) {
            Some(known) => known.name.clone(),
            None => r.parse("new_measure", String::new(), |name| {
                if name.is_empty() {
                    Err("Name the new measure, or choose one of the account's".to_owned())
                } else {
                    Ok(name.to_owned())
                }
            }),
        },
    };
    let target = r.optional("target", |text| {
        text.parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .ok_or_else(|| NOT_A_NUMBER.to_owned())
    });
    Some(Measure {
        name,
        better: r.choice("better", Better::Higher),
        target,
        confidential: r.flag("confidential"),
    })
}

/// Offers the plans of the issue now chosen, after a key may have changed
/// it. The chosen plan stays when it is among them; going back to the
/// record's own issue offers its stored plan again.
pub(crate) fn follow_issue(source: &mut ProofSource, fields: &mut [Field]) {
    let index_of = |key: &str| fields.iter().position(|f| f.key == key);
    let (Some(issue_at), Some(plan_at)) = (index_of("issue_id"), index_of("plan_id")) else {
        return;
    };
    let issue = link(&source.issue_links, fields[issue_at].selected());
    if issue == source.plans_for {
        return;
    }
    let current = link(&source.plan_links, fields[plan_at].selected());
    source.plans_for = issue;
    let (links, labels) = plan_options(source, issue);
    let stored = (issue == source.proof.issue_id).then_some(source.proof.plan_id);
    let selected = [current, stored.flatten()]
        .into_iter()
        .flatten()
        .find_map(|id| links.iter().position(|l| *l == Some(id)))
        .unwrap_or(0);
    let plan_field = &mut fields[plan_at];
    plan_field.set_choices(&labels, selected);
    plan_field.error = None;
    source.plan_links = links;
}

/// "None", then the plans of `issue`. While `issue` is the record's own,
/// its stored plan is offered too when it is not among them, so that
/// opening and saving never drops a link.
fn plan_options(source: &ProofSource, issue: Option<Id>) -> (Vec<Option<Id>>, Vec<String>) {
    let mut links = vec![None];
    let mut labels = vec![NONE.to_owned()];
    for plan in source.plans.iter().filter(|p| Some(p.issue_id) == issue) {
        links.push(Some(plan.id));
        labels.push(plan.label.clone());
    }
    let stored = source.proof.plan_id;
    if issue == source.proof.issue_id && stored.is_some() && !links.contains(&stored) {
        let label = source
            .plans
            .iter()
            .find(|p| Some(p.id) == stored)
            .map_or_else(
                || "(another record)".to_owned(),
                |p| format!("{} (another issue's plan)", p.label),
            );
        links.push(stored);
        labels.push(label);
    }
    (links, labels)
}

/// Whether `plan` is one of the account's plans, of an issue other than
/// `issue`.
fn belongs_elsewhere(source: &ProofSource, plan: Option<Id>, issue: Option<Id>) -> bool {
    source
        .plans
        .iter()
        .any(|p| Some(p.id) == plan && Some(p.issue_id) != issue)
}

/// A record's name as a choice: its first line, cut to fit.
fn link_label(name: &str) -> String {
    text::truncate(&text::first_line(name), LINK_LABEL_WIDTH).into_owned()
}

/// The record the option at `index` links, if any.
fn link(links: &[Option<Id>], index: usize) -> Option<Id> {
    links.get(index).copied().flatten()
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
    let mut labels = vec![NONE.to_owned()];
    for (id, name) in items {
        links.push(Some(id));
        labels.push(link_label(name));
    }
    if current.is_some() && !links.contains(&current) {
        links.push(current);
        labels.push("(another record)".to_owned());
    }
    let selected = links.iter().position(|l| *l == current).unwrap_or(0);
    (Field::choice(key, label, &labels, selected), links)
}

/// The original proof with the values read from the form.
pub(crate) fn read(source: &ProofSource, r: &mut Reader<'_>) -> ProofStatement {
    let original = &source.proof;
    let (acknowledged_by, acknowledged_by_id) = r.person("acknowledged_by");
    ProofStatement {
        issue_id: link(&source.issue_links, r.selected("issue_id")),
        plan_id: link(&source.plan_links, r.selected("plan_id")),
        date: r.date("date", original.date),
        statement: r.text("statement"),
        value: r.optional_text("value"),
        acknowledged: r.flag("acknowledged"),
        acknowledged_by,
        acknowledged_by_id,
        acknowledged_on: r.optional_date("acknowledged_on"),
        measure: read_measure(source, r),
        ..original.clone()
    }
}
