//! The account form: fields and the record they build.

use crate::domain::account::{is_currency_code, revenue_by_year};
use crate::domain::team::{parse_team, team_text};
use crate::domain::{Account, YearRevenue};
use crate::tui::screens::forms::field::Field;
use crate::tui::screens::forms::parse::{self, DATE_HINT};
use crate::tui::screens::forms::reader::Reader;

/// The longest proof cadence the form accepts, in days (ten years).
const MAX_CADENCE_DAYS: u32 = 3660;

/// The fields of the account form, filled from `account`.
pub(crate) fn fields(account: &Account) -> Vec<Field> {
    let share = account.share_of_wallet.map(|s| s.to_string());
    vec![
        Field::line("name", "Name", &account.name).required(),
        Field::line("industry", "Industry", &account.industry),
        Field::line("offerings", "What we sell them", &account.offerings),
        Field::lines(
            "revenue_history",
            "Revenue per year",
            &history_text(&account.revenue_history),
        )
        .hint(
            "One year a line, e.g. 2025 2.5M (1 200 000, 1.2M or 850k); the latest year is \
             the account's revenue, and health reads the trend from them all",
        ),
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
        Field::line(
            "proof_cadence_days",
            "Proof cadence (days)",
            &account.proof_cadence_days.to_string(),
        )
        .required()
        .hint("Longest silence in the proof log before the account is flagged: 1 to 3660 days"),
        Field::line(
            "review_interval_days",
            "Review interval (days)",
            &account.review_interval_days.to_string(),
        )
        .required()
        .hint("Longest time between two reviews (an assessment counts): 1 to 3660 days"),
        Field::line("currency", "Currency", &account.currency)
            .required()
            .hint("ISO 4217 code of the account's figures: EUR, USD, CHF, …"),
        Field::lines("team", "Account team", &team_text(&account.team)).hint(
            "Our people on the account, one a line: Name, role (e.g. Ana Ruiz, service lead)",
        ),
    ]
}

/// The revenue history as the form shows it: "2024 2.5M", one year a line.
fn history_text(history: &[YearRevenue]) -> String {
    history
        .iter()
        .map(|r| format!("{} {}", r.year, parse::amount_text(r.amount)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads a revenue history, one year a line ("2024 2.5M", "2025: 1.9M");
/// empty lines are skipped, and a year given twice keeps its last figure.
fn revenue_history(input: &str) -> Result<Vec<YearRevenue>, String> {
    let mut years = Vec::new();
    for line in input.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (year, amount) = line
            .split_once(|c: char| c.is_whitespace() || c == ':')
            .ok_or_else(|| format!("“{line}”: write a year and its revenue, e.g. 2024 2.5M"))?;
        let year: i32 = year
            .parse()
            .ok()
            .filter(|y| (1900..=2200).contains(y))
            .ok_or_else(|| format!("“{year}” is not a year"))?;
        let amount = parse::amount(amount.trim_start_matches(':').trim())
            .map_err(|e| format!("{year}: {e}"))?;
        years.push(YearRevenue { year, amount });
    }
    Ok(revenue_by_year(years))
}

/// Reads a currency code; lower case is accepted and written in capitals.
fn currency(input: &str) -> Result<String, String> {
    let code = input.trim().to_uppercase();
    if is_currency_code(&code) {
        Ok(code)
    } else {
        Err(format!(
            "“{}” is not an ISO 4217 currency code (EUR, USD, CHF, …)",
            input.trim()
        ))
    }
}

/// `original` with the values read from the form.
pub(crate) fn read(original: &Account, r: &mut Reader<'_>) -> Account {
    Account {
        name: r.text("name"),
        industry: r.text("industry"),
        offerings: r.text("offerings"),
        share_of_wallet: r.optional("share_of_wallet", parse::percent),
        stage: r.choice("stage", original.stage),
        value_proposition: r.text("value_proposition"),
        differentiation: r.text("differentiation"),
        customers: r.text("customers"),
        last_review: r.optional_date("last_review"),
        proof_cadence_days: r.parse(
            "proof_cadence_days",
            original.proof_cadence_days,
            cadence_days,
        ),
        revenue_history: r.parse(
            "revenue_history",
            original.revenue_history.clone(),
            revenue_history,
        ),
        currency: r.parse("currency", original.currency.clone(), currency),
        team: r.parse("team", original.team.clone(), parse_team),
        review_interval_days: r.parse(
            "review_interval_days",
            original.review_interval_days,
            cadence_days,
        ),
        ..original.clone()
    }
}

/// Parses a number of days (a proof cadence, a review interval): a whole
/// number from 1 to
/// [`MAX_CADENCE_DAYS`], optionally followed by `d` or `days`.
fn cadence_days(input: &str) -> Result<u32, String> {
    let text = input.trim();
    if text.is_empty() {
        return Err("required".to_owned());
    }
    let digits = text
        .strip_suffix("days")
        .or_else(|| text.strip_suffix('d'))
        .unwrap_or(text)
        .trim();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "`{text}` is not a number of days: use a whole number such as 30"
        ));
    }
    match digits.parse::<u32>() {
        Ok(days @ 1..=MAX_CADENCE_DAYS) => Ok(days),
        _ => Err(format!("must be from 1 to {MAX_CADENCE_DAYS} days")),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::domain::FieldError;
    use crate::tui::screens::forms::Form;
    use crate::tui::screens::forms::account::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    /// The form's fields for `account`, each `(key, text)` of `typing`
    /// replacing what the field held.
    fn typed(account: &Account, typing: &[(&str, &str)]) -> Vec<Field> {
        fields(account)
            .into_iter()
            .map(|f| match typing.iter().find(|(key, _)| *key == f.key) {
                Some((_, text)) => Field::line(f.key, f.label, text),
                None => f,
            })
            .collect()
    }

    /// Reads the form back: the account, or the errors by field.
    fn read_back(original: &Account, fields: &[Field]) -> Result<Account, Vec<FieldError>> {
        let mut r = Reader::new(fields, today());
        let account = read(original, &mut r);
        r.finish().map(|()| account)
    }

    #[test]
    fn a_new_account_offers_the_default_cadence() {
        let account = Account::new("Nordwerk");
        let form = fields(&account);
        let cadence = form.iter().find(|f| f.key == "proof_cadence_days").unwrap();
        assert_eq!(cadence.text(), "30");
        assert!(cadence.required);
        assert_eq!(read_back(&account, &form), Ok(account));
    }

    #[test]
    fn the_cadence_is_read_and_a_cleared_revenue_history_is_empty() {
        let mut original = Account::new("Nordwerk");
        original.revenue_history = vec![YearRevenue {
            year: 2025,
            amount: 900_000,
        }];
        let form = typed(&original, &[("proof_cadence_days", " 45 days ")]);
        let account = read_back(&original, &form).unwrap();
        assert_eq!(account.proof_cadence_days, 45);
        assert_eq!(account.revenue_history, original.revenue_history);

        let cleared = read_back(&original, &typed(&original, &[("revenue_history", "")])).unwrap();
        assert!(cleared.revenue_history.is_empty());
    }

    #[test]
    fn revenue_per_year_currency_and_review_interval_are_read() {
        let mut original = Account::new("Nordwerk");
        original.revenue_history = vec![YearRevenue {
            year: 2024,
            amount: 2_500_000,
        }];
        let form = fields(&original);
        let shown = |key: &str| form.iter().find(|f| f.key == key).unwrap().text();
        assert_eq!(shown("revenue_history"), "2024 2 500 000");
        assert_eq!(shown("currency"), "EUR");
        assert_eq!(shown("review_interval_days"), "90");

        let form = typed(
            &original,
            &[
                ("revenue_history", "2025: 2.08M\n\n2024 2.51M"),
                ("currency", " chf "),
                ("review_interval_days", "60"),
            ],
        );
        let account = read_back(&original, &form).unwrap();
        let y = |year, amount| YearRevenue { year, amount };
        assert_eq!(
            account.revenue_history,
            [y(2024, 2_510_000), y(2025, 2_080_000)]
        );
        assert_eq!(account.currency, "CHF");
        assert_eq!(account.review_interval_days, 60);
    }

    #[test]
    fn a_bad_currency_or_revenue_year_is_reported_at_its_field() {
        let original = Account::new("Nordwerk");
        let form = typed(
            &original,
            &[("currency", "euro"), ("revenue_history", "last year 2M")],
        );
        let errors = read_back(&original, &form).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["revenue_history", "currency"]);
        assert_eq!(errors[0].message, "“last” is not a year");
        assert!(
            errors[1].message.contains("ISO 4217"),
            "{}",
            errors[1].message
        );
        // What was typed stays in the form.
        assert_eq!(
            form.iter().find(|f| f.key == "currency").unwrap().text(),
            "euro"
        );
    }

    #[test]
    fn the_account_team_is_written_one_member_a_line_and_checked_at_its_field() {
        use crate::domain::TeamMember;
        let mut original = Account::new("Nordwerk");
        original.team = vec![TeamMember::new("Ana Ruiz", "service delivery lead")];
        let form = fields(&original);
        let shown = form.iter().find(|f| f.key == "team").unwrap();
        assert_eq!(shown.text(), "Ana Ruiz, service delivery lead");

        let team = "Ana Ruiz, service delivery lead\nTom Berg, pre-sales";
        let account = read_back(&original, &typed(&original, &[("team", team)])).unwrap();
        assert_eq!(account.team[1], TeamMember::new("Tom Berg", "pre-sales"));

        let twice = "Ana Ruiz, lead\nana ruiz, sponsor";
        let form = typed(&original, &[("team", twice)]);
        let errors = read_back(&original, &form).unwrap_err();
        assert_eq!(errors[0].field, "team");
        assert!(
            errors[0].message.starts_with("line 2:"),
            "{}",
            errors[0].message
        );
        let kept = form.iter().find(|f| f.key == "team").unwrap().text();
        assert_eq!(kept, twice, "what was typed stays in the form");
    }

    #[test]
    fn a_bad_cadence_is_reported_at_its_field() {
        let original = Account::new("Nordwerk");
        for (input, message) in [
            ("", "required"),
            ("0", "must be from 1 to 3660 days"),
            ("3661", "must be from 1 to 3660 days"),
            ("99999999999", "must be from 1 to 3660 days"),
            (
                "-5",
                "`-5` is not a number of days: use a whole number such as 30",
            ),
            (
                "2.5",
                "`2.5` is not a number of days: use a whole number such as 30",
            ),
            (
                "monthly",
                "`monthly` is not a number of days: use a whole number such as 30",
            ),
        ] {
            let errors = read_back(
                &original,
                &typed(&original, &[("proof_cadence_days", input)]),
            )
            .unwrap_err();
            assert_eq!(
                errors,
                [FieldError::new("proof_cadence_days", message)],
                "{input:?}"
            );
        }
        for (input, days) in [("1", 1), ("3660", 3660), ("14d", 14), ("7 days", 7)] {
            let account = read_back(
                &original,
                &typed(&original, &[("proof_cadence_days", input)]),
            )
            .unwrap();
            assert_eq!(account.proof_cadence_days, days, "{input:?}");
        }
    }

    #[test]
    fn a_bad_revenue_amount_is_reported_at_its_field() {
        let original = Account::new("Nordwerk");
        let errors = read_back(
            &original,
            &typed(&original, &[("revenue_history", "2025 lots")]),
        )
        .unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "revenue_history");
        assert!(errors[0].message.contains("not an amount"), "{errors:?}");
    }

    #[test]
    fn private_mode_masks_the_revenue_and_share_but_not_the_cadence() {
        let mut account = Account::new("Nordwerk");
        account.revenue_history = vec![YearRevenue {
            year: 2025,
            amount: 1_200_000,
        }];
        account.share_of_wallet = Some(30);
        let mut form = Form::account(&account, false);
        form.hide_figures();
        let masked = |key: &str| {
            let field = form.fields.iter().find(|f| f.key == key);
            field.is_some_and(|f| f.masked)
        };
        assert!(masked("revenue_history"));
        assert!(masked("share_of_wallet"));
        assert!(!masked("proof_cadence_days"));
    }
}
