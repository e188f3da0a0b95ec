//! Proof statements: the running log of evidence that we delivered.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::id::Id;
use super::insight::proof_counts;
use super::measure::{Measure, NOT_A_QUANTITY, Quantity};
use super::validation::{Checker, Invalid};

/// Why a proof statement dated after today is refused.
pub const FUTURE_DATE: &str =
    "A proof statement records something delivered: its date must be today or earlier";

/// One dated piece of evidence that we delivered value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProofStatement {
    /// Stable id.
    pub id: Id,
    /// The account it proves value for.
    pub account_id: Id,
    /// When it was delivered or measured.
    pub date: NaiveDate,
    /// What we proved, e.g. "99% of repairs within 4 hours".
    pub statement: String,
    /// An optional measured value, e.g. "99 %" or "-25 % time to market".
    pub value: Option<String>,
    /// The business issue it proves progress on.
    pub issue_id: Option<Id>,
    /// The action plan it proves.
    pub plan_id: Option<Id>,
    /// Whether the customer acknowledged it.
    pub acknowledged: bool,
    /// Who on the customer's side acknowledged it, as written.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub acknowledged_by: String,
    /// The stakeholder who acknowledged it, when it was a person of the
    /// account; `acknowledged_by` then holds their name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged_by_id: Option<Id>,
    /// When the customer acknowledged it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged_on: Option<NaiveDate>,
    /// The measure whose series the value belongs to; the value must then
    /// read as a number and a unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<Measure>,
    /// When the record was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When the record last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

impl ProofStatement {
    /// A new, unacknowledged statement dated `date`.
    pub fn new(account_id: Id, date: NaiveDate, statement: impl Into<String>) -> Self {
        let now = Utc::now();
        Self {
            id: Id::new(),
            account_id,
            date,
            statement: statement.into(),
            value: None,
            issue_id: None,
            plan_id: None,
            acknowledged: false,
            acknowledged_by: String::new(),
            acknowledged_by_id: None,
            acknowledged_on: None,
            measure: None,
            created_at: now,
            updated_at: now,
        }
    }

    /// The customer's acknowledgement in words: "acknowledged by Anna Berg
    /// on 2026-03-02", "acknowledged by Anna Berg", "acknowledged on
    /// 2026-03-02" or "acknowledged"; `None` when not acknowledged.
    pub fn acknowledgement(&self) -> Option<String> {
        if !self.acknowledged {
            return None;
        }
        let by = self.acknowledged_by.trim();
        Some(match (by.is_empty(), self.acknowledged_on) {
            (false, Some(on)) => format!("acknowledged by {by} on {on}"),
            (false, None) => format!("acknowledged by {by}"),
            (true, Some(on)) => format!("acknowledged on {on}"),
            (true, None) => "acknowledged".to_owned(),
        })
    }

    /// Checks every field; the errors name the fields.
    pub fn validate(&self) -> Result<(), Invalid> {
        self.checked().finish()
    }

    /// Checks every field as [`Self::validate`] does, and that the date is
    /// `today` or earlier: what is entered now records something delivered.
    pub fn validate_on(&self, today: NaiveDate) -> Result<(), Invalid> {
        let mut c = self.checked();
        c.check(!proof_counts(self.date, today), "date", FUTURE_DATE);
        c.finish()
    }

    fn checked(&self) -> Checker {
        let mut c = Checker::default();
        c.required("statement", &self.statement);
        c.long_text("statement", &self.statement);
        c.short_text("value", self.value.as_deref().unwrap_or_default());
        c.short_text("acknowledged_by", &self.acknowledged_by);
        c.check(
            !self.acknowledged
                && (!self.acknowledged_by.trim().is_empty()
                    || self.acknowledged_by_id.is_some()
                    || self.acknowledged_on.is_some()),
            "acknowledged",
            "set Acknowledged to yes, or clear who and when",
        );
        if let Some(measure) = &self.measure {
            c.required("measure", &measure.name);
            c.short_text("measure", &measure.name);
            c.check(self.quantity().is_none(), "value", NOT_A_QUANTITY);
            let target_ok = measure.target.is_none_or(f64::is_finite);
            c.check(!target_ok, "target", "A target is a number");
        }
        c
    }

    /// Whether its value belongs to a confidential measure, and so is
    /// hidden in private mode.
    pub fn value_is_confidential(&self) -> bool {
        self.measure.as_ref().is_some_and(|m| m.confidential)
    }

    /// The value as shown: none when empty, or when private mode hides the
    /// values of its confidential measure.
    pub fn value_shown(&self, private: bool) -> Option<&str> {
        let hidden = private && self.value_is_confidential();
        self.value
            .as_deref()
            .filter(|v| !hidden && !v.trim().is_empty())
    }

    /// The value as shown, followed by its measure's name: "99.2 %
    /// (Crane availability)".
    pub fn value_with_measure(&self, private: bool) -> Option<String> {
        let value = self.value_shown(private)?;
        Some(match &self.measure {
            Some(m) => format!("{value} ({})", m.name),
            None => value.to_string(),
        })
    }

    /// The value read as a number and a unit, where it clearly is one.
    pub fn quantity(&self) -> Option<Quantity> {
        self.value.as_deref().and_then(Quantity::parse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_acknowledgement_names_who_and_when_only_when_known() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let mut proof = ProofStatement::new(Id::new(), day, "Delivered");
        proof.acknowledged_by = "Anna Berg".into();
        assert_eq!(proof.acknowledgement(), None, "not acknowledged");
        proof.acknowledged = true;
        assert_eq!(
            proof.acknowledgement().as_deref(),
            Some("acknowledged by Anna Berg")
        );
        proof.acknowledged_on = Some(day);
        assert_eq!(
            proof.acknowledgement().as_deref(),
            Some("acknowledged by Anna Berg on 2026-03-02")
        );
        proof.acknowledged_by.clear();
        assert_eq!(
            proof.acknowledgement().as_deref(),
            Some("acknowledged on 2026-03-02")
        );
    }

    #[test]
    fn who_acknowledged_needs_an_acknowledgement() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let mut proof = ProofStatement::new(Id::new(), day, "Delivered");
        proof.acknowledged_by_id = Some(Id::new());
        let Invalid(errors) = proof.validate().unwrap_err();
        assert_eq!(errors[0].field, "acknowledged");
        proof.acknowledged = true;
        assert!(proof.validate().is_ok());
    }

    #[test]
    fn a_proof_dated_after_today_is_refused_at_the_date() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut proof = ProofStatement::new(Id::new(), today, "Delivered");
        assert!(proof.validate_on(today).is_ok());
        proof.date = today.succ_opt().unwrap();
        let Invalid(errors) = proof.validate_on(today).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "date");
        assert_eq!(errors[0].message, FUTURE_DATE);
    }
}
