//! The stakeholder form: fields, the people the person may report to, and
//! the record they build.

use crate::domain::choice::Choice;
use crate::domain::org_chart::possible_managers;
use crate::domain::{Id, Influence, Stakeholder};
use crate::text;
use crate::tui::screens::forms::field::Field;
use crate::tui::screens::forms::parse;
use crate::tui::screens::forms::reader::Reader;

/// The widest a person's name and title show as a choice.
const MANAGER_LABEL_WIDTH: usize = 60;

/// The longest contact cadence the form accepts, in days (ten years).
const MAX_CADENCE_DAYS: u32 = 3660;

/// The stakeholder being edited and the person each "reports to" option
/// stands for.
#[derive(Debug)]
pub(crate) struct StakeholderSource {
    /// The record as the form opened it.
    pub stakeholder: Stakeholder,
    /// For each option of the reports-to field, the manager (none first).
    pub managers: Vec<Option<Id>>,
}

/// The fields of the stakeholder form. `colleagues` are the account's
/// stakeholders: the reports-to choice offers those the person may report
/// to without closing a loop.
pub(crate) fn fields(
    stakeholder: &Stakeholder,
    colleagues: &[Stakeholder],
) -> (Vec<Field>, StakeholderSource) {
    let (manager_field, managers) = manager_field(stakeholder, colleagues);
    let mut influences = vec!["— unknown —".to_owned()];
    influences.extend(Influence::ALL.iter().map(|i| i.label().to_owned()));
    let influence = stakeholder.influence.map_or(0, |i| i.index() + 1);
    let cadence = stakeholder
        .cadence_days
        .map(|d| d.to_string())
        .unwrap_or_default();
    let fields = vec![
        Field::line("name", "Name", &stakeholder.name).required(),
        Field::line("title", "Title", &stakeholder.title)
            .hint("Their job, e.g. Head of Indirect Procurement"),
        manager_field,
        Field::choice("influence", "Influence", &influences, influence)
            .hint("Their part in buying decisions"),
        Field::pick("attitude", "Attitude", stakeholder.attitude)
            .hint("How they stand towards us; a champion sees value in the relationship"),
        Field::line("email", "Email", &stakeholder.email),
        Field::line("phone", "Phone", &stakeholder.phone),
        Field::line(
            "last_contact",
            "Last contact",
            &parse::date_text(stakeholder.last_contact),
        )
        .hint("Dates: 2026-12-01, today, yesterday, -3d, -2w; conversations count too"),
        Field::line("cadence_days", "Contact cadence (days)", &cadence)
            .hint("Days between contacts, e.g. 30; empty: not a key stakeholder"),
        Field::line("owner", "Owner on our side", &stakeholder.owner)
            .hint("Who on our side keeps in touch with this person"),
    ];
    let source = StakeholderSource {
        stakeholder: stakeholder.clone(),
        managers,
    };
    (fields, source)
}

/// The reports-to choice: "none", then everyone the person may report to.
/// A current manager who is not among them (outside the account, or a
/// reporting loop made before) stays selectable, so that opening and
/// saving the form never changes the line unasked.
fn manager_field(
    stakeholder: &Stakeholder,
    colleagues: &[Stakeholder],
) -> (Field, Vec<Option<Id>>) {
    let mut managers = vec![None];
    let mut labels = vec!["— nobody in this account —".to_owned()];
    for m in possible_managers(colleagues, stakeholder.id) {
        managers.push(Some(m.id));
        labels.push(manager_label(m));
    }
    let current = stakeholder.reports_to;
    if current.is_some() && !managers.contains(&current) {
        let label = match colleagues.iter().find(|c| Some(c.id) == current) {
            Some(c) => format!("{} (a reporting loop)", text::first_line(&c.name)),
            None => "(someone outside this account)".to_owned(),
        };
        managers.push(current);
        labels.push(label);
    }
    let selected = managers.iter().position(|m| *m == current).unwrap_or(0);
    let field = Field::choice("reports_to", "Reports to", &labels, selected)
        .hint("Their manager among the account's stakeholders");
    (field, managers)
}

/// "Name · Title", cut to fit a choice.
fn manager_label(s: &Stakeholder) -> String {
    let name = text::first_line(&s.name);
    let label = if s.title.is_empty() {
        name
    } else {
        format!("{name} · {}", text::first_line(&s.title))
    };
    text::truncate(&label, MANAGER_LABEL_WIDTH).into_owned()
}

/// The original stakeholder with the values read from the form.
pub(crate) fn read(source: &StakeholderSource, r: &mut Reader<'_>) -> Stakeholder {
    let original = &source.stakeholder;
    let influence = r
        .selected("influence")
        .checked_sub(1)
        .and_then(|i| Influence::ALL.get(i).copied());
    Stakeholder {
        name: r.text("name"),
        title: r.text("title"),
        reports_to: source
            .managers
            .get(r.selected("reports_to"))
            .copied()
            .flatten(),
        influence,
        attitude: r.choice("attitude", original.attitude),
        email: r.text("email"),
        phone: r.text("phone"),
        last_contact: r.optional_date("last_contact"),
        cadence_days: r.optional("cadence_days", cadence_days),
        owner: r.text("owner"),
        ..original.clone()
    }
}

/// Parses a contact cadence: a whole number of days from 1 to
/// [`MAX_CADENCE_DAYS`], optionally followed by `d` or `days`.
fn cadence_days(text: &str) -> Result<u32, String> {
    let digits = text
        .strip_suffix("days")
        .or_else(|| text.strip_suffix('d'))
        .unwrap_or(text)
        .trim();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "`{text}` is not a number of days: use a whole number such as 30, or leave it empty"
        ));
    }
    match digits.parse::<u32>() {
        Ok(days @ 1..=MAX_CADENCE_DAYS) => Ok(days),
        _ => Err(format!(
            "must be from 1 to {MAX_CADENCE_DAYS} days, or empty for no cadence"
        )),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::domain::{Attitude, FieldError};
    use crate::tui::screens::forms::stakeholder::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    /// The form's fields for `s`, with the text fields in `typed` replaced.
    fn typed(
        s: &Stakeholder,
        colleagues: &[Stakeholder],
        typed: &[(&str, &str)],
    ) -> (Vec<Field>, StakeholderSource) {
        let (fields, source) = fields(s, colleagues);
        let fields = fields
            .into_iter()
            .map(|f| match typed.iter().find(|(key, _)| *key == f.key) {
                Some((_, text)) => Field::line(f.key, f.label, text),
                None => f,
            })
            .collect();
        (fields, source)
    }

    fn read_back(
        fields: &[Field],
        source: &StakeholderSource,
    ) -> Result<Stakeholder, Vec<FieldError>> {
        let mut r = Reader::new(fields, today());
        let s = read(source, &mut r);
        r.finish().map(|()| s)
    }

    #[test]
    fn an_unchanged_form_reads_back_the_same_record() {
        let account = Id::new();
        let boss = Stakeholder::new(account, "Anna Berg");
        let mut s = Stakeholder::new(account, "Carl Dahl");
        s.title = "Plant manager".into();
        s.reports_to = Some(boss.id);
        s.influence = Some(Influence::Technical);
        s.attitude = Attitude::Champion;
        s.last_contact = Some(today());
        s.cadence_days = Some(30);
        s.owner = "Mia".into();
        let colleagues = [boss, s.clone()];
        let (fields, source) = fields(&s, &colleagues);
        assert_eq!(read_back(&fields, &source), Ok(s));
    }

    #[test]
    fn dates_and_cadences_read_as_people_type_them() {
        let s = Stakeholder::new(Id::new(), "Carl Dahl");
        let (fields, source) = typed(
            &s,
            &[],
            &[("last_contact", "-3d"), ("cadence_days", "45 days")],
        );
        let read = read_back(&fields, &source).expect("reads");
        assert_eq!(read.last_contact, NaiveDate::from_ymd_opt(2026, 11, 20));
        assert_eq!(read.cadence_days, Some(45));
        let (fields, source) = typed(&s, &[], &[("cadence_days", "")]);
        assert_eq!(
            read_back(&fields, &source).expect("reads").cadence_days,
            None
        );
    }

    #[test]
    fn bad_cadences_are_refused_at_their_field() {
        let s = Stakeholder::new(Id::new(), "Carl Dahl");
        for bad in ["often", "0", "-5", "99999", "3.5"] {
            let (fields, source) = typed(&s, &[], &[("cadence_days", bad)]);
            let errors = read_back(&fields, &source).unwrap_err();
            assert_eq!(errors[0].field, "cadence_days", "{bad}");
        }
    }

    #[test]
    fn a_manager_outside_the_choices_is_kept() {
        let account = Id::new();
        let mut s = Stakeholder::new(account, "Carl Dahl");
        s.reports_to = Some(Id::new());
        let (fields, source) = fields(&s, &[s.clone()]);
        assert_eq!(source.managers.len(), 2, "none and the unknown manager");
        assert_eq!(
            read_back(&fields, &source).expect("reads").reports_to,
            s.reports_to
        );
    }
}
