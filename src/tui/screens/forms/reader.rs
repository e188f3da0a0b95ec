//! Reads typed values out of a form's fields, collecting every problem.

use chrono::NaiveDate;

use super::person::Named;
use crate::domain::choice::Choice;
use crate::domain::dates::parse_date;
use crate::domain::people::person_named;
use crate::domain::{FieldError, Id, Stakeholder};
use crate::tui::screens::forms::field::{Field, Input};

/// Reads the fields of one form; parse errors are collected per field so
/// the form can show them all at once.
pub(crate) struct Reader<'a> {
    fields: &'a [Field],
    today: NaiveDate,
    errors: Vec<FieldError>,
    new_people: Vec<Stakeholder>,
}

impl<'a> Reader<'a> {
    /// A reader over `fields`; relative dates count from `today`.
    pub fn new(fields: &'a [Field], today: NaiveDate) -> Self {
        Self {
            fields,
            today,
            errors: Vec::new(),
            new_people: Vec::new(),
        }
    }

    fn field(&self, key: &str) -> Option<&'a Field> {
        let found = self.fields.iter().find(|f| f.key == key);
        debug_assert!(found.is_some(), "no field `{key}` in this form");
        found
    }

    /// The text of a field. Text the user changed is tidied: trimmed for a
    /// single line; for several lines, without trailing whitespace or
    /// leading blank lines. Untouched text comes back exactly as it was.
    pub fn text(&self, key: &str) -> String {
        let Some(field) = self.field(key) else {
            return String::new();
        };
        if field.changed() {
            tidy(field)
        } else {
            field.text()
        }
    }

    /// The text of a field, or `None` when it is empty.
    pub fn optional_text(&self, key: &str) -> Option<String> {
        Some(self.text(key)).filter(|t| !t.is_empty())
    }

    /// The chosen value of a choice field (`fallback` if out of range).
    pub fn choice<T: Choice>(&self, key: &str, fallback: T) -> T {
        T::ALL.get(self.selected(key)).copied().unwrap_or(fallback)
    }

    /// The index of the chosen option of a choice field.
    pub fn selected(&self, key: &str) -> usize {
        self.field(key).map_or(0, Field::selected)
    }

    /// The indices of the ticked options of a checklist field.
    pub fn ticked(&self, key: &str) -> Vec<usize> {
        self.field(key).map_or_else(Vec::new, Field::ticked)
    }

    /// The value of a yes/no field.
    pub fn flag(&self, key: &str) -> bool {
        self.field(key).is_some_and(Field::flag)
    }

    /// Parses a field; on failure records the error and yields `fallback`.
    pub fn parse<T>(
        &mut self,
        key: &'static str,
        fallback: T,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> T {
        let text = self.field(key).map(tidy).unwrap_or_default();
        parse(&text).unwrap_or_else(|message| {
            self.errors.push(FieldError::new(key, message));
            fallback
        })
    }

    /// Parses a field that may be left empty (`None`).
    pub fn optional<T>(
        &mut self,
        key: &'static str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        self.parse(key, None, |text| {
            if text.is_empty() {
                Ok(None)
            } else {
                parse(text).map(Some)
            }
        })
    }

    /// The day relative dates count from.
    /// The name in person field `key` and the stakeholder it links to. A
    /// name chosen to be added becomes a new stakeholder (one per name,
    /// whatever the number of fields naming them), handed out by
    /// [`Self::take_new_people`].
    pub fn person(&mut self, key: &str) -> (String, Option<Id>) {
        let Some(field) = self.field(key) else {
            return (String::new(), None);
        };
        let Some(picker) = field.person_picker() else {
            return (field.text(), None);
        };
        match picker.read(!field.changed()) {
            Named::Nobody => (String::new(), None),
            Named::Text(text) => (text, None),
            Named::Person(id, text) => (text, Some(id)),
            Named::New(name) => {
                let known = self.new_people.iter().map(|s| (s.id, s.name.as_str()));
                let id = person_named(&name, known).unwrap_or_else(|| {
                    let person = Stakeholder::new(picker.account(), name.clone());
                    let id = person.id;
                    self.new_people.push(person);
                    id
                });
                (name, Some(id))
            }
        }
    }

    /// The stakeholders the person fields read so far add.
    pub fn take_new_people(&mut self) -> Vec<Stakeholder> {
        std::mem::take(&mut self.new_people)
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// A date that may be left empty.
    pub fn optional_date(&mut self, key: &'static str) -> Option<NaiveDate> {
        let today = self.today;
        self.optional(key, |text| parse_date(text, today))
    }

    /// A date that must be given; `fallback` stands in when it is not.
    pub fn date(&mut self, key: &'static str, fallback: NaiveDate) -> NaiveDate {
        let today = self.today;
        self.parse(key, fallback, |text| {
            if text.is_empty() {
                Err("required".to_owned())
            } else {
                parse_date(text, today)
            }
        })
    }

    /// Every problem found, or `Ok` when every field could be read.
    pub fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.errors)
        }
    }
}

/// The text of a field trimmed: for several lines, see [`trim_block`].
fn tidy(field: &Field) -> String {
    let raw = field.text();
    match field.input {
        Input::Lines(_) => trim_block(&raw).to_owned(),
        _ => raw.trim().to_owned(),
    }
}

/// `text` without trailing whitespace and without leading blank lines
/// (indentation of the first line with text is kept).
fn trim_block(text: &str) -> &str {
    let text = text.trim_end();
    let blank: usize = text
        .split_inclusive('\n')
        .take_while(|line| line.trim().is_empty())
        .map(str::len)
        .sum();
    &text[blank..]
}

#[cfg(test)]
mod tests {
    use crate::tui::screens::forms::reader::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn blocks_lose_blank_edges_but_keep_indentation() {
        assert_eq!(trim_block("\n  \n  a\n b  \n\n"), "  a\n b");
        assert_eq!(trim_block(" \n \n"), "");
        assert_eq!(trim_block("x"), "x");
    }

    #[test]
    fn errors_are_collected_per_field() {
        let fields = [
            Field::line("due", "Due", "someday"),
            Field::line("said_on", "Said on", " "),
            Field::line("date", "Date", ""),
            Field::line("last_review", "Last review", "+1w"),
        ];
        let mut r = Reader::new(&fields, today());
        assert_eq!(r.optional_date("due"), None);
        assert_eq!(r.optional_date("said_on"), None);
        assert_eq!(r.date("date", today()), today());
        assert_eq!(
            r.optional_date("last_review"),
            NaiveDate::from_ymd_opt(2026, 11, 30)
        );
        let errors = r.finish().unwrap_err();
        let keys: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(keys, ["due", "date"]);
        assert!(errors[0].message.contains("not a date"));
        assert_eq!(errors[1].message, "required");
    }
}
