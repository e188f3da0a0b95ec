//! The business issue form: fields and the record they build.

use crate::domain::{BusinessIssue, Stakeholder};
use crate::tui::screens::forms::field::Field;
use crate::tui::screens::forms::parse::{self, DATE_HINT};
use crate::tui::screens::forms::reader::Reader;

/// What the person fields say while focused.
pub(crate) const PERSON_HINT: &str =
    "Type to pick one of the account's stakeholders (↓ then Enter), or keep any text";

/// The fields of the business issue form, filled from `issue`; `people`,
/// the account's stakeholders, are offered as who said and confirmed it.
pub(crate) fn fields(issue: &BusinessIssue, people: &[Stakeholder]) -> Vec<Field> {
    let account = issue.account_id;
    vec![
        Field::lines("statement", "In the customer's words", &issue.statement)
            .required()
            .hint("The problem or goal as the customer put it"),
        Field::pick("kind", "Kind", issue.kind),
        Field::person(
            "said_by",
            "Said by",
            &issue.said_by,
            issue.said_by_id,
            account,
            people,
        )
        .hint(PERSON_HINT),
        Field::line("said_on", "Said on", &parse::date_text(issue.said_on)).hint(DATE_HINT),
        Field::yes_no("confirmed", "Confirmed by customer", issue.confirmed),
        Field::person(
            "confirmed_by",
            "Confirmed by",
            &issue.confirmed_by,
            issue.confirmed_by_id,
            account,
            people,
        )
        .hint(PERSON_HINT),
        Field::pick("importance", "Importance", issue.importance),
        Field::pick("status", "Status", issue.status),
        Field::pick("time_frame", "Time frame", issue.time_frame),
    ]
}

/// `original` with the values read from the form.
pub(crate) fn read(original: &BusinessIssue, r: &mut Reader<'_>) -> BusinessIssue {
    let (said_by, said_by_id) = r.person("said_by");
    let (confirmed_by, confirmed_by_id) = r.person("confirmed_by");
    BusinessIssue {
        statement: r.text("statement"),
        kind: r.choice("kind", original.kind),
        said_by,
        said_by_id,
        said_on: r.optional_date("said_on"),
        confirmed: r.flag("confirmed"),
        confirmed_by,
        confirmed_by_id,
        importance: r.choice("importance", original.importance),
        status: r.choice("status", original.status),
        time_frame: r.choice("time_frame", original.time_frame),
        ..original.clone()
    }
}
