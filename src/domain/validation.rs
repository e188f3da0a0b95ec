//! Field-level validation errors shared by every record type.

use std::fmt;

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
