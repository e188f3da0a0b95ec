//! Stakeholders: the customer's people we deal with.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::choice::choice_enum;
use super::id::Id;
use super::validation::{Checker, Invalid};

choice_enum! {
    /// The part a person plays in the customer's buying decisions.
    pub enum Influence {
        EconomicBuyer => ("economic_buyer", "Economic buyer"),
        Technical => ("technical", "Technical"),
        User => ("user", "User"),
        Coach => ("coach", "Coach"),
    }
}

choice_enum! {
    /// How the person stands towards us.
    #[derive(Default)]
    pub enum Attitude {
        Champion => ("champion", "Champion"),
        Supporter => ("supporter", "Supporter"),
        #[default]
        Neutral => ("neutral", "Neutral"),
        Sceptic => ("sceptic", "Sceptic"),
        Opponent => ("opponent", "Opponent"),
    }
}

/// A person on the customer's side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stakeholder {
    /// Stable id.
    pub id: Id,
    /// The account the person works for.
    pub account_id: Id,
    /// Full name.
    pub name: String,
    /// Job title, e.g. "Head of Indirect Procurement".
    pub title: String,
    /// Email address.
    pub email: String,
    /// Phone number, as written.
    pub phone: String,
    /// The stakeholder this person reports to, in the same account.
    #[serde(default)]
    pub reports_to: Option<Id>,
    /// Their part in buying decisions, if known.
    #[serde(default)]
    pub influence: Option<Influence>,
    /// How they stand towards us.
    #[serde(default)]
    pub attitude: Attitude,
    /// When we last spoke with them, as entered (conversations they
    /// attended count too; see [`Stakeholder::last_contact_with`]).
    #[serde(default)]
    pub last_contact: Option<NaiveDate>,
    /// How often we mean to be in touch, in days. A stakeholder with a
    /// cadence is a key stakeholder: kam flags them when contact lapses.
    #[serde(default)]
    pub cadence_days: Option<u32>,
    /// Who on our side owns the relationship with this person.
    #[serde(default)]
    pub owner: String,
    /// When the record was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When the record last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

impl Stakeholder {
    /// A new stakeholder with only a name.
    pub fn new(account_id: Id, name: impl Into<String>) -> Self {
        let now = Utc::now();
        Self {
            id: Id::new(),
            account_id,
            name: name.into(),
            title: String::new(),
            email: String::new(),
            phone: String::new(),
            reports_to: None,
            influence: None,
            attitude: Attitude::Neutral,
            last_contact: None,
            cadence_days: None,
            owner: String::new(),
            created_at: now,
            updated_at: now,
        }
    }

    /// Checks every field; the errors name the fields.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut c = Checker::default();
        c.required("name", &self.name);
        c.short_text("name", &self.name);
        c.short_text("title", &self.title);
        c.short_text("email", &self.email);
        c.short_text("phone", &self.phone);
        c.short_text("owner", &self.owner);
        c.check(
            !self.email.is_empty() && !looks_like_email(&self.email),
            "email",
            "must look like name@example.com",
        );
        c.check(
            self.reports_to == Some(self.id),
            "reports_to",
            "a person cannot report to themselves",
        );
        c.check(
            self.cadence_days == Some(0),
            "cadence_days",
            "must be at least 1 day, or empty for no cadence",
        );
        c.finish()
    }

    /// How the person stands towards us when it is worth saying next to
    /// their name: any attitude but neutral.
    pub fn stance(&self) -> Option<Attitude> {
        (self.attitude != Attitude::Neutral).then_some(self.attitude)
    }

    /// Whether this is a key stakeholder: one with a contact cadence.
    pub fn is_key(&self) -> bool {
        self.cadence_days.is_some()
    }

    /// The later of the entered last contact and `seen`, the newest
    /// conversation the person attended.
    pub fn last_contact_with(&self, seen: Option<NaiveDate>) -> Option<NaiveDate> {
        self.last_contact.max(seen)
    }
}

/// Text before and after one `@`, a dot in the domain, and no spaces.
fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !text.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_required() {
        let s = Stakeholder::new(Id::new(), " ");
        assert_eq!(s.validate().unwrap_err().0[0].field, "name");
        assert!(
            Stakeholder::new(Id::new(), "Dieter Vogel")
                .validate()
                .is_ok()
        );
    }

    #[test]
    fn an_email_must_look_like_one() {
        let mut s = Stakeholder::new(Id::new(), "Dieter Vogel");
        for bad in [
            "dieter",
            "dieter@",
            "@brennholt.de",
            "d v@brennholt.de",
            "d@x@y.de",
            "d@de.",
        ] {
            s.email = bad.into();
            assert_eq!(s.validate().unwrap_err().0[0].field, "email", "{bad}");
        }
        s.email = "dieter.vogel@brennholt-verpackung.de".into();
        assert!(s.validate().is_ok());
    }
}
