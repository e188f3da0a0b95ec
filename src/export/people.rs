//! People from another program (a CRM's CSV export, an address book's
//! vCards) merged into an account's stakeholders: a person already there
//! (same email, or the same name when either has no email) is completed
//! where kam's fields are empty, never overwritten; anyone else is added.

use chrono::{DateTime, Utc};

use crate::domain::{Id, Stakeholder};

/// A person as another program gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    /// Their full name.
    pub name: String,
    /// Their job title.
    pub title: String,
    /// Their email address.
    pub email: String,
    /// Their phone number.
    pub phone: String,
}

/// What merging one person did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merged {
    /// A new stakeholder.
    Added,
    /// An existing stakeholder, with the fields it had empty filled in.
    Completed(Vec<&'static str>),
    /// An existing stakeholder, as it was; the fields where the person's
    /// value differs from kam's, which kam kept.
    Unchanged(Vec<Difference>),
}

/// A field where the other program says something else than kam, which
/// keeps its own value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The field: `title`, `email` or `phone`.
    pub field: &'static str,
    /// kam's value, kept.
    pub kept: String,
    /// The other program's value.
    pub theirs: String,
}

/// Every stakeholder, and those the merged people name.
pub struct People {
    now: DateTime<Utc>,
    all: Vec<Stakeholder>,
    named: Vec<usize>,
}

impl People {
    /// The stakeholders `existing`, into which people merged at `now`
    /// go.
    pub fn new(existing: &[Stakeholder], now: DateTime<Utc>) -> Self {
        Self {
            now,
            all: existing.to_vec(),
            named: Vec::new(),
        }
    }

    /// Merges `p` into the stakeholders of `account_id`; the stakeholder it
    /// became or matched, and what happened.
    pub fn merge(&mut self, account_id: Id, p: Person) -> (&Stakeholder, Merged) {
        let same = |s: &Stakeholder| {
            s.account_id == account_id
                && if !p.email.is_empty() && !s.email.is_empty() {
                    key(&s.email) == key(&p.email)
                } else {
                    key(&s.name) == key(&p.name)
                }
        };
        let (index, merged) = match self.all.iter().position(same) {
            Some(i) => (i, complete(&mut self.all[i], p, self.now)),
            None => {
                let mut s = Stakeholder::new(account_id, p.name);
                s.title = p.title;
                s.email = p.email;
                s.phone = p.phone;
                s.created_at = self.now;
                s.updated_at = self.now;
                self.all.push(s);
                (self.all.len() - 1, Merged::Added)
            }
        };
        if !self.named.contains(&index) {
            self.named.push(index);
        }
        (&self.all[index], merged)
    }

    /// The stakeholders the merged people named, in the order first named:
    /// new ones, completed ones (with a new `updated_at`) and unchanged
    /// ones, ready for `Store::merge`.
    pub fn named(self) -> Vec<Stakeholder> {
        pick(self.all, &self.named)
    }
}

/// Fills the fields of `s` that are empty with those of `p`.
fn complete(s: &mut Stakeholder, p: Person, now: DateTime<Utc>) -> Merged {
    let mut filled = Vec::new();
    let mut differences = Vec::new();
    for (field, ours, theirs) in [
        ("title", &mut s.title, p.title),
        ("email", &mut s.email, p.email),
        ("phone", &mut s.phone, p.phone),
    ] {
        if theirs.trim().is_empty() {
            continue;
        }
        if ours.trim().is_empty() {
            *ours = theirs;
            filled.push(field);
        } else if key(ours) != key(&theirs) {
            differences.push(Difference {
                field,
                kept: ours.clone(),
                theirs,
            });
        }
    }
    if filled.is_empty() {
        Merged::Unchanged(differences)
    } else {
        s.updated_at = now;
        Merged::Completed(filled)
    }
}

/// The items of `all` at the positions `wanted`, in that order.
pub fn pick<T>(all: Vec<T>, wanted: &[usize]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = all.into_iter().map(Some).collect();
    wanted.iter().filter_map(|&i| slots[i].take()).collect()
}

/// `text` compared the way names and addresses are matched: spaces
/// collapsed, case ignored.
pub fn key(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, title: &str, email: &str) -> Person {
        Person {
            name: name.into(),
            title: title.into(),
            email: email.into(),
            phone: String::new(),
        }
    }

    #[test]
    fn a_person_is_matched_by_email_then_by_name_and_only_completed() {
        let account = Id::new();
        let mut anna = Stakeholder::new(account, "Anna Berg");
        anna.email = "anna@nordwerk.de".into();
        let mut ben = Stakeholder::new(account, "Ben Kahl");
        ben.title = "CFO".into();
        let elsewhere = Stakeholder::new(Id::new(), "Ben Kahl");
        let mut people = People::new(&[anna.clone(), ben.clone(), elsewhere], Utc::now());

        let (s, merged) = people.merge(
            account,
            person("A. Berg", "Head of Maintenance", "ANNA@nordwerk.de"),
        );
        assert_eq!((s.id, merged), (anna.id, Merged::Completed(vec!["title"])));
        let (s, merged) = people.merge(account, person("ben  kahl", "Chief Financial Officer", ""));
        assert_eq!(s.id, ben.id);
        assert_eq!(
            merged,
            Merged::Unchanged(vec![Difference {
                field: "title",
                kept: "CFO".into(),
                theirs: "Chief Financial Officer".into(),
            }])
        );
        let (_, merged) = people.merge(account, person("Clara Wolf", "", "clara@nordwerk.de"));
        assert_eq!(merged, Merged::Added);

        let named = people.named();
        let names: Vec<&str> = named.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            ["Anna Berg", "Ben Kahl", "Clara Wolf"],
            "kam's names are kept"
        );
        assert_eq!(named[0].title, "Head of Maintenance");
        assert_eq!(named[1].title, "CFO");
    }
}
