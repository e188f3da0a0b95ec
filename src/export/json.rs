//! The JSON export: every record of a portfolio, with ids, timestamps and
//! links, in one versioned document. The format is described in
//! `assets/export-format.md`.

use std::io::Write;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{
    Account, ActionPlan, Assessment, BusinessIssue, Conversation, MatchingResult, ProofStatement,
    Stakeholder, Whitespace,
};
use crate::store::Snapshot;

/// The value of the document's `format` field.
pub const FORMAT: &str = "kam-export";

/// The version of the document this kam writes, and the newest it reads.
/// Version 2 added conversations, assessments, whitespace, matching tests
/// and the new account and stakeholder fields; version 1 documents still
/// read.
pub const VERSION: u64 = 2;

/// Why a document cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The text is not JSON, or its records do not have the expected shape.
    #[error("not a valid kam export: {0}")]
    Malformed(#[from] serde_json::Error),
    /// The document is some other kind of JSON.
    #[error("not a kam export: the \"format\" field is {0}, expected \"{FORMAT}\"")]
    NotKam(String),
    /// The document was written by a newer kam.
    #[error(
        "this export is version {0}, newer than version {VERSION} that this kam reads; \
         upgrade kam to import it"
    )]
    TooNew(u64),
}

#[derive(Serialize)]
struct DocumentOut<'a> {
    format: &'static str,
    version: u64,
    exported_at: DateTime<Utc>,
    accounts: &'a [Account],
    issues: &'a [BusinessIssue],
    plans: &'a [ActionPlan],
    proofs: &'a [ProofStatement],
    stakeholders: &'a [Stakeholder],
    conversations: &'a [Conversation],
    assessments: &'a [Assessment],
    whitespace: &'a [Whitespace],
    matching: &'a [MatchingResult],
}

#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct DocumentIn {
    #[serde(default)]
    accounts: Vec<Account>,
    #[serde(default)]
    issues: Vec<BusinessIssue>,
    #[serde(default)]
    plans: Vec<ActionPlan>,
    #[serde(default)]
    proofs: Vec<ProofStatement>,
    #[serde(default)]
    stakeholders: Vec<Stakeholder>,
    #[serde(default)]
    conversations: Vec<Conversation>,
    #[serde(default)]
    assessments: Vec<Assessment>,
    #[serde(default)]
    whitespace: Vec<Whitespace>,
    #[serde(default)]
    matching: Vec<MatchingResult>,
}

/// Writes `records` as an export document stamped `exported_at`.
pub fn write(
    out: impl Write,
    records: &Snapshot,
    exported_at: DateTime<Utc>,
) -> serde_json::Result<()> {
    let document = DocumentOut {
        format: FORMAT,
        version: VERSION,
        exported_at,
        accounts: &records.accounts,
        issues: &records.issues,
        plans: &records.plans,
        proofs: &records.proofs,
        stakeholders: &records.stakeholders,
        conversations: &records.conversations,
        assessments: &records.assessments,
        whitespace: &records.whitespace,
        matching: &records.matching,
    };
    serde_json::to_writer_pretty(out, &document)
}

/// Reads an export document: checks its format and version first, so that
/// a foreign or newer file is named as such rather than as malformed.
pub fn read(text: &str) -> Result<Snapshot, ReadError> {
    let header: Header = serde_json::from_str(text)?;
    match header.format {
        Some(serde_json::Value::String(f)) if f == FORMAT => {}
        Some(other) => return Err(ReadError::NotKam(other.to_string())),
        None => return Err(ReadError::NotKam("missing".into())),
    }
    match header.version.as_ref().and_then(serde_json::Value::as_u64) {
        Some(v) if v > VERSION => return Err(ReadError::TooNew(v)),
        Some(v) if v >= 1 => {}
        _ => {
            let found = header.version.map_or("missing".into(), |v| v.to_string());
            return Err(ReadError::Malformed(serde::de::Error::custom(format!(
                "the \"version\" field is {found}, expected a whole number from 1"
            ))));
        }
    }
    let document: DocumentIn = serde_json::from_str(text)?;
    Ok(Snapshot {
        accounts: document.accounts,
        issues: document.issues,
        plans: document.plans,
        proofs: document.proofs,
        stakeholders: document.stakeholders,
        conversations: document.conversations,
        assessments: document.assessments,
        whitespace: document.whitespace,
        matching: document.matching,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_and_newer_documents_are_named() {
        let err = read(r#"{"format": "kam-demo", "version": 1}"#).unwrap_err();
        assert!(err.to_string().contains("\"kam-demo\""), "{err}");
        let err = read(r#"{"version": 1}"#).unwrap_err();
        assert!(err.to_string().contains("missing"), "{err}");
        let err = read(r#"{"format": "kam-export", "version": 3, "accounts": 7}"#).unwrap_err();
        assert!(err.to_string().contains("version 3, newer"), "{err}");
        let err = read(r#"{"format": "kam-export", "version": "one"}"#).unwrap_err();
        assert!(err.to_string().contains("\"one\""), "{err}");
        let err = read("[1, 2").unwrap_err();
        assert!(matches!(err, ReadError::Malformed(_)), "{err}");
    }

    #[test]
    fn an_empty_document_reads_as_no_records() {
        let records = read(r#"{"format": "kam-export", "version": 1}"#).unwrap();
        assert_eq!(records, Snapshot::default());
    }
}
