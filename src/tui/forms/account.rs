//! The account form: fields and the record they build.

use super::field::Field;
use super::parse::{self, DATE_HINT};
use super::reader::Reader;
use crate::domain::Account;

/// The fields of the account form, filled from `account`.
pub(super) fn fields(account: &Account) -> Vec<Field> {
    let revenue = account.annual_revenue.map(parse::amount_text);
    let share = account.share_of_wallet.map(|s| s.to_string());
    vec![
        Field::line("name", "Name", &account.name).required(),
        Field::line("industry", "Industry", &account.industry),
        Field::line("offerings", "What we sell them", &account.offerings),
        Field::line(
            "annual_revenue",
            "Annual revenue",
            &revenue.unwrap_or_default(),
        )
        .hint("Whole units: 1 200 000, 1,200,000, 1.2M or 850k; empty if unknown"),
        Field::line(
            "share_of_wallet",
            "Share of wallet (%)",
            &share.unwrap_or_default(),
        )
        .hint("Our share of their spend in our area: 0 to 100; empty if unknown"),
        Field::pick("stage", "Relationship stage", account.stage),
        Field::lines(
            "value_proposition",
            "Their value proposition",
            &account.value_proposition,
        ),
        Field::lines(
            "differentiation",
            "How they differ from competitors",
            &account.differentiation,
        ),
        Field::lines("customers", "Their customers", &account.customers),
        Field::line(
            "last_review",
            "Last review",
            &parse::date_text(account.last_review),
        )
        .hint(DATE_HINT),
    ]
}

/// `original` with the values read from the form.
pub(super) fn read(original: &Account, r: &mut Reader<'_>) -> Account {
    Account {
        name: r.text("name"),
        industry: r.text("industry"),
        offerings: r.text("offerings"),
        annual_revenue: r.optional("annual_revenue", parse::amount),
        share_of_wallet: r.optional("share_of_wallet", parse::percent),
        stage: r.choice("stage", original.stage),
        value_proposition: r.text("value_proposition"),
        differentiation: r.text("differentiation"),
        customers: r.text("customers"),
        last_review: r.optional_date("last_review"),
        ..original.clone()
    }
}
