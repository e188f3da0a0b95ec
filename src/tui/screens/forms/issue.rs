//! The business issue form: fields and the record they build.

use crate::domain::BusinessIssue;
use crate::tui::screens::forms::field::Field;
use crate::tui::screens::forms::parse::{self, DATE_HINT};
use crate::tui::screens::forms::reader::Reader;

/// The fields of the business issue form, filled from `issue`.
pub(crate) fn fields(issue: &BusinessIssue) -> Vec<Field> {
    vec![
        Field::lines("statement", "In the customer's words", &issue.statement)
            .required()
            .hint("The problem or goal as the customer put it"),
        Field::pick("kind", "Kind", issue.kind),
        Field::line("said_by", "Said by", &issue.said_by),
        Field::line("said_on", "Said on", &parse::date_text(issue.said_on)).hint(DATE_HINT),
        Field::yes_no("confirmed", "Confirmed by customer", issue.confirmed),
        Field::line("confirmed_by", "Confirmed by", &issue.confirmed_by),
        Field::pick("importance", "Importance", issue.importance),
        Field::pick("status", "Status", issue.status),
        Field::pick("time_frame", "Time frame", issue.time_frame),
    ]
}

/// `original` with the values read from the form.
pub(crate) fn read(original: &BusinessIssue, r: &mut Reader<'_>) -> BusinessIssue {
    BusinessIssue {
        statement: r.text("statement"),
        kind: r.choice("kind", original.kind),
        said_by: r.text("said_by"),
        said_on: r.optional_date("said_on"),
        confirmed: r.flag("confirmed"),
        confirmed_by: r.text("confirmed_by"),
        importance: r.choice("importance", original.importance),
        status: r.choice("status", original.status),
        time_frame: r.choice("time_frame", original.time_frame),
        ..original.clone()
    }
}
