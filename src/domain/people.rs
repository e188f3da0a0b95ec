//! People linked to what they said and saw: which stakeholder of an account
//! a name written on an issue, a proof or a plan stands for.

use super::id::Id;
use super::search::fold;

/// Text as names compare: trimmed, lower case, without diacritics, inner
/// runs of spaces as one ("  Hélène  MARCHAND " is "helene marchand").
fn folded(text: &str) -> String {
    text.split_whitespace()
        .map(|w| w.chars().map(fold).collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `text` names the person called `name`: the same name whatever
/// the case and accents, or the full name followed by a comma and more
/// ("Hélène Marchand, Group Technical Director").
fn names(text: &str, name: &str) -> bool {
    let (text, name) = (folded(text), folded(name));
    if name.is_empty() {
        return false;
    }
    text == name
        || text
            .strip_prefix(&name)
            .is_some_and(|rest| rest.trim_start().starts_with(','))
}

/// The one person among `people` (id and name) that `text` names, or `None`
/// when it names nobody or more than one person: such text stays text.
pub fn person_named<'a>(text: &str, people: impl IntoIterator<Item = (Id, &'a str)>) -> Option<Id> {
    let mut found = people.into_iter().filter(|(_, name)| names(text, name));
    match (found.next(), found.next()) {
        (Some((id, _)), None) => Some(id),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> Vec<(Id, &'static str)> {
        vec![
            (Id::new(), "Hélène Marchand"),
            (Id::new(), "Dieter Vogel"),
            (Id::new(), "Dieter  vogel"),
            (Id::new(), "Anna Berg"),
        ]
    }

    #[test]
    fn a_name_is_found_whatever_its_case_and_accents() {
        let people = people();
        let helene = people[0].0;
        assert_eq!(
            person_named("helene MARCHAND", people.clone()),
            Some(helene)
        );
        assert_eq!(
            person_named("  Hélène Marchand ", people.clone()),
            Some(helene)
        );
    }

    #[test]
    fn a_name_followed_by_a_comma_and_a_title_is_found() {
        let people = people();
        let text = "Hélène Marchand, Group Technical Director";
        assert_eq!(person_named(text, people.clone()), Some(people[0].0));
        assert_eq!(person_named("Anna Bergström", people.clone()), None);
        assert_eq!(person_named("Anna Berg and team", people), None);
    }

    #[test]
    fn an_ambiguous_or_unknown_name_stays_text() {
        assert_eq!(person_named("Dieter Vogel", people()), None);
        assert_eq!(person_named("the plant director", people()), None);
        assert_eq!(person_named("", people()), None);
    }
}
