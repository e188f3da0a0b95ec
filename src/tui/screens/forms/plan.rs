//! The action plan form: fields and the record they build.

use crate::domain::{ActionPlan, Id, Stakeholder};
use crate::tui::screens::forms::field::Field;
use crate::tui::screens::forms::issue::PERSON_HINT;
use crate::tui::screens::forms::parse::{self, DATE_HINT, HOURS_HINT};
use crate::tui::screens::forms::reader::Reader;

/// The fields of the action plan form, filled from `plan`; `people`, the
/// stakeholders of `account`, are offered as its owner on the customer's
/// side.
pub(crate) fn fields(plan: &ActionPlan, account: Id, people: &[Stakeholder]) -> Vec<Field> {
    vec![
        Field::line("title", "Title", &plan.title).required(),
        Field::lines("detail", "Detail", &plan.detail),
        Field::yes_no("uses_product", "Uses our product", plan.uses_product),
        Field::line("owner", "Owner", &plan.owner),
        Field::person(
            "customer_owner",
            "Customer's owner",
            &plan.customer_owner,
            plan.customer_owner_id,
            account,
            people,
        )
        .hint(PERSON_HINT),
        Field::line("due", "Due", &parse::date_text(plan.due)).hint(DATE_HINT),
        Field::pick("status", "Status", plan.status),
        Field::line(
            "billable_hours",
            "Billable hours",
            &parse::hours_text(plan.billable_hours),
        )
        .hint(HOURS_HINT),
        Field::line(
            "non_billable_hours",
            "Non-billable hours",
            &parse::hours_text(plan.non_billable_hours),
        )
        .hint(HOURS_HINT),
        Field::lines("steps", "Steps", &parse::steps_text(&plan.steps))
            .hint("One step per line; start it with [x] when done, end it with @ 2026-12-20 or @ +2w for its due date"),
    ]
}

/// `original` with the values read from the form. Steps whose text is
/// unchanged keep their ids; untouched steps stay exactly as they were.
pub(crate) fn read(original: &ActionPlan, r: &mut Reader<'_>) -> ActionPlan {
    let today = r.today();
    let steps = r.text("steps");
    let steps = if steps == parse::steps_text(&original.steps) {
        original.steps.clone()
    } else {
        r.parse("steps", original.steps.clone(), |text| {
            parse::steps(text, &original.steps, today)
        })
    };
    let (customer_owner, customer_owner_id) = r.person("customer_owner");
    ActionPlan {
        title: r.text("title"),
        detail: r.text("detail"),
        uses_product: r.flag("uses_product"),
        owner: r.text("owner"),
        customer_owner,
        customer_owner_id,
        due: r.optional_date("due"),
        status: r.choice("status", original.status),
        billable_hours: r.parse("billable_hours", original.billable_hours, parse::hours),
        non_billable_hours: r.parse(
            "non_billable_hours",
            original.non_billable_hours,
            parse::hours,
        ),
        steps,
        ..original.clone()
    }
}
