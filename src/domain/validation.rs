//! Field-level validation errors shared by every record type.

use std::fmt;

use crate::text::thousands;

/// The most characters a long text (a statement, a summary, a note) may
/// hold: pages of text, yet small enough that every view stays fast.
pub const LONG_TEXT_LIMIT: usize = 100_000;

/// The most characters a name, title or other one-line field may hold.
pub const SHORT_TEXT_LIMIT: usize = 1_000;

/// One problem with one field, named by the field's key so a form can show
/// the message beside the field the user must fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The key of the field, e.g. `"name"` or `"share_of_wallet"`.
    pub field: &'static str,
    /// What is wrong, in the user's words.
    pub message: String,
}

impl FieldError {
    /// A new error for `field`.
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

/// A record failed validation; holds every field error found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Invalid(pub Vec<FieldError>);

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field.replace('_', " "), e.message))
            .collect();
        f.write_str(&parts.join("; "))
    }
}

/// Collects field errors while a record is checked.
#[derive(Debug, Default)]
pub(crate) struct Checker(Vec<FieldError>);

impl Checker {
    /// Requires `value` to hold visible text.
    pub fn required(&mut self, field: &'static str, value: &str) {
        if value.trim().is_empty() {
            self.0.push(FieldError::new(field, "required"));
        }
    }

    /// Requires `value` to hold at most [`LONG_TEXT_LIMIT`] characters.
    pub fn long_text(&mut self, field: &'static str, value: &str) {
        self.at_most(field, value, LONG_TEXT_LIMIT);
    }

    /// Requires `value` to hold at most [`SHORT_TEXT_LIMIT`] characters.
    pub fn short_text(&mut self, field: &'static str, value: &str) {
        self.at_most(field, value, SHORT_TEXT_LIMIT);
    }

    /// Requires `value` to hold at most `limit` characters, saying how many
    /// it holds when it has more.
    fn at_most(&mut self, field: &'static str, value: &str, limit: usize) {
        // A character takes at least one byte: most text needs no count.
        if value.len() <= limit {
            return;
        }
        let chars = value.chars().count();
        if chars > limit {
            let count = |n: usize| thousands(i64::try_from(n).unwrap_or(i64::MAX));
            self.0.push(FieldError::new(
                field,
                format!("{} characters; the limit is {}", count(chars), count(limit)),
            ));
        }
    }

    /// Records an error for `field` when `bad` holds.
    pub fn check(&mut self, bad: bool, field: &'static str, message: &str) {
        if bad {
            self.0.push(FieldError::new(field, message));
        }
    }

    /// Requires `value`, if set, to be a finite number of hours, not negative.
    pub fn hours(&mut self, field: &'static str, value: f64) {
        self.check(
            !value.is_finite() || value < 0.0,
            field,
            "must be zero or more hours",
        );
    }

    /// The result: `Ok` when nothing was recorded.
    pub fn finish(self) -> Result<(), Invalid> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Invalid(self.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_over_its_limit_says_how_long_it_is() {
        let mut c = Checker::default();
        c.long_text("statement", &"é".repeat(LONG_TEXT_LIMIT));
        c.short_text("name", &"x".repeat(SHORT_TEXT_LIMIT));
        assert_eq!(c.finish(), Ok(()));

        let mut c = Checker::default();
        c.long_text("statement", &"x".repeat(50_000_123));
        c.short_text("name", &"é".repeat(SHORT_TEXT_LIMIT + 1));
        let errors = c.finish().expect_err("too long").to_string();
        assert_eq!(
            errors,
            "statement: 50,000,123 characters; the limit is 100,000; \
             name: 1,001 characters; the limit is 1,000"
        );
    }
}
