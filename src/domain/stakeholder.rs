//! Stakeholders: the customer's people we deal with.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::id::Id;
use super::validation::{Checker, Invalid};

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
            created_at: now,
            updated_at: now,
        }
    }

    /// Checks every field; the errors name the fields.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut c = Checker::default();
        c.required("name", &self.name);
        c.check(
            !self.email.is_empty() && !looks_like_email(&self.email),
            "email",
            "must look like name@example.com",
        );
        c.finish()
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
