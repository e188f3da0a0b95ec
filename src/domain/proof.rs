//! Proof statements: the running log of evidence that we delivered.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::id::Id;
use super::validation::{Checker, Invalid};

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
            created_at: now,
            updated_at: now,
        }
    }

    /// Checks every field; the errors name the fields.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut c = Checker::default();
        c.required("statement", &self.statement);
        c.finish()
    }
}
