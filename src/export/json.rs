//! The JSON export: every record of a portfolio, with ids, timestamps and
//! links, in one versioned document. The format is described in
//! `assets/export-format.md`.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::ops::ControlFlow;
use std::path::Path;

use chrono::{DateTime, Datelike, Utc};
use serde::ser::{Error as _, SerializeSeq};
use serde::{Deserialize, Serialize, Serializer};

use crate::domain::account::with_single_revenues;
use crate::domain::{
    Account, ActionPlan, Assessment, BusinessIssue, Conversation, MatchingResult, ProofStatement,
    Stakeholder, Whitespace,
};
use crate::store::{self, Each, EachRecord, Snapshot, StoreError};

/// The value of the document's `format` field.
pub const FORMAT: &str = "kam-export";

/// The version of the document this kam writes, and the newest it reads.
/// Version 2 added conversations, assessments, whitespace, matching tests
/// and the new account and stakeholder fields; version 3 the people linked
/// to issues, proofs and plans, proofs' measures, and accounts' revenue per
/// year, currency and review interval and conversations' executive
/// reviews; version 4 keeps an account's revenue only per year (older
/// documents' `annual_revenue` and `prior_revenue` join it as the years
/// before the export). Older documents still read.
pub const VERSION: u64 = 4;

/// Why a document cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The text is not JSON, or its records do not have the expected shape.
    /// (Its message is part of this one, and not repeated as a source.)
    #[error("not a valid kam export: {0}")]
    Malformed(serde_json::Error),
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

impl From<serde_json::Error> for ReadError {
    fn from(e: serde_json::Error) -> Self {
        Self::Malformed(e)
    }
}

/// The document as written, each kind of record a sequence: a slice of a
/// set held in memory, or records read one at a time from the database.
#[derive(Serialize)]
struct DocumentOut<A, I, P, R, S, C, E, W, M> {
    format: &'static str,
    version: u64,
    exported_at: DateTime<Utc>,
    accounts: A,
    issues: I,
    plans: P,
    proofs: R,
    stakeholders: S,
    conversations: C,
    assessments: E,
    whitespace: W,
    matching: M,
}

/// One kind of record as the database hands it over, written as a JSON
/// array one record at a time, and counted.
struct Streamed<'a, T> {
    read: &'a dyn Fn(Each<'_, T>) -> store::Result<()>,
    written: Cell<usize>,
    /// Where a failure to read is kept, to be told as the store told it.
    failed: &'a Cell<Option<StoreError>>,
}

impl<'a, T> Streamed<'a, T> {
    fn new(
        read: &'a dyn Fn(Each<'_, T>) -> store::Result<()>,
        failed: &'a Cell<Option<StoreError>>,
    ) -> Self {
        Self {
            read,
            written: Cell::new(0),
            failed,
        }
    }
}

impl<T: Serialize> Serialize for Streamed<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        let mut failed = None;
        (self.read)(&mut |record| match seq.serialize_element(&record) {
            Ok(()) => {
                self.written.set(self.written.get() + 1);
                ControlFlow::Continue(())
            }
            Err(e) => {
                failed = Some(e);
                ControlFlow::Break(())
            }
        })
        .map_err(|e| {
            let message = S::Error::custom(&e);
            self.failed.set(Some(e));
            message
        })?;
        match failed {
            Some(e) => Err(e),
            None => seq.end(),
        }
    }
}

/// How many records of the main kinds an export holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    /// Accounts.
    pub accounts: usize,
    /// Business issues.
    pub issues: usize,
    /// Action plans.
    pub plans: usize,
    /// Proof statements.
    pub proofs: usize,
    /// Stakeholders.
    pub stakeholders: usize,
}

impl Written {
    /// How many records of the main kinds `records` holds.
    pub fn of(records: &Snapshot) -> Self {
        Self {
            accounts: records.accounts.len(),
            issues: records.issues.len(),
            plans: records.plans.len(),
            proofs: records.proofs.len(),
            stakeholders: records.stakeholders.len(),
        }
    }
}

#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct DocumentIn {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
    #[serde(default)]
    exported_at: Option<DateTime<Utc>>,
    #[serde(default)]
    accounts: Vec<AccountIn>,
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
    crate::text::json::to_writer(out, &document)
}

/// Writes every record of the database as an export document stamped
/// `exported_at`, the same text [`write`] gives for
/// [`Store::all_records`](crate::store::Store::all_records), each record
/// written as it is read: the portfolio is never held whole. Says how many
/// records it wrote. A record that cannot be read fails the write with the
/// [`StoreError`] inside the [`io::Error`].
pub fn write_all(
    out: impl Write,
    records: &EachRecord<'_>,
    exported_at: DateTime<Utc>,
) -> io::Result<Written> {
    let failed = Cell::new(None);
    let accounts = |each: Each<'_, _>| records.accounts(each);
    let issues = |each: Each<'_, _>| records.issues(each);
    let plans = |each: Each<'_, _>| records.plans(each);
    let proofs = |each: Each<'_, _>| records.proofs(each);
    let stakeholders = |each: Each<'_, _>| records.stakeholders(each);
    let conversations = |each: Each<'_, _>| records.conversations(each);
    let assessments = |each: Each<'_, _>| records.assessments(each);
    let whitespace = |each: Each<'_, _>| records.whitespace(each);
    let matching = |each: Each<'_, _>| records.matching(each);
    let document = DocumentOut {
        format: FORMAT,
        version: VERSION,
        exported_at,
        accounts: Streamed::new(&accounts, &failed),
        issues: Streamed::new(&issues, &failed),
        plans: Streamed::new(&plans, &failed),
        proofs: Streamed::new(&proofs, &failed),
        stakeholders: Streamed::new(&stakeholders, &failed),
        conversations: Streamed::new(&conversations, &failed),
        assessments: Streamed::new(&assessments, &failed),
        whitespace: Streamed::new(&whitespace, &failed),
        matching: Streamed::new(&matching, &failed),
    };
    if let Err(e) = crate::text::json::to_writer(out, &document) {
        return Err(match failed.take() {
            Some(read) => io::Error::other(read),
            None => e.into(),
        });
    }
    Ok(Written {
        accounts: document.accounts.written.get(),
        issues: document.issues.written.get(),
        plans: document.plans.written.get(),
        proofs: document.proofs.written.get(),
        stakeholders: document.stakeholders.written.get(),
    })
}

/// Reads an export document: checks its format and version first, so that
/// a foreign or newer file is named as such rather than as malformed.
pub fn read(text: &str) -> Result<Snapshot, ReadError> {
    let header: Header = serde_json::from_str(text)?;
    check_header(header.format, header.version)?;
    let document: DocumentIn = serde_json::from_str(text)?;
    Ok(document.into())
}

/// Reads the export document in the file at `path` as it streams from the
/// disk, in one pass, without holding its text: what [`read`] gives for the
/// file's text when that is a valid document. `None` when the file cannot
/// be read or is not a valid document: [`read`] on its text tells why.
pub fn read_file(path: &Path) -> Option<Snapshot> {
    let mut file = Utf8Checked::new(File::open(path).ok()?);
    let reader = BufReader::with_capacity(1 << 16, &mut file);
    let document: DocumentIn = serde_json::from_reader(reader).ok()?;
    // serde_json checks the strings it keeps, not those it skips (an
    // unknown field's, say): `read` refuses a file that is not UTF-8.
    if !file.valid_to_the_end() {
        return None;
    }
    check_header(document.format.clone(), document.version.clone()).ok()?;
    Some(document.into())
}

/// A reader that checks, as the bytes pass, that they are UTF-8 text.
struct Utf8Checked<R> {
    inner: R,
    /// The start of a character that the last read cut in two.
    pending: [u8; 4],
    pending_len: usize,
    valid: bool,
}

impl<R: Read> Utf8Checked<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            pending: [0; 4],
            pending_len: 0,
            valid: true,
        }
    }

    /// Whether every byte read was UTF-8 text, the last character whole.
    fn valid_to_the_end(&self) -> bool {
        self.valid && self.pending_len == 0
    }

    fn check(&mut self, mut bytes: &[u8]) {
        // First the rest of a character begun in the last read.
        while self.pending_len > 0 {
            let Some((&byte, rest)) = bytes.split_first() else {
                return;
            };
            self.pending[self.pending_len] = byte;
            self.pending_len += 1;
            bytes = rest;
            match std::str::from_utf8(&self.pending[..self.pending_len]) {
                Ok(_) => self.pending_len = 0,
                Err(e) if e.error_len().is_none() && self.pending_len < 4 => {}
                Err(_) => {
                    self.valid = false;
                    return;
                }
            }
        }
        if let Err(e) = std::str::from_utf8(bytes) {
            if e.error_len().is_some() {
                self.valid = false;
            } else {
                let tail = &bytes[e.valid_up_to()..];
                self.pending[..tail.len()].copy_from_slice(tail);
                self.pending_len = tail.len();
            }
        }
    }
}

impl<R: Read> Read for Utf8Checked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if self.valid {
            self.check(&buf[..n]);
        }
        Ok(n)
    }
}

/// Refuses a document that is not a kam export, or is too new.
fn check_header(
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
) -> Result<(), ReadError> {
    match format {
        Some(serde_json::Value::String(f)) if f == FORMAT => {}
        Some(other) => return Err(ReadError::NotKam(other.to_string())),
        None => return Err(ReadError::NotKam("missing".into())),
    }
    match version.as_ref().and_then(serde_json::Value::as_u64) {
        Some(v) if v > VERSION => Err(ReadError::TooNew(v)),
        Some(v) if v >= 1 => Ok(()),
        _ => {
            let found = version.map_or("missing".into(), |v| v.to_string());
            Err(ReadError::Malformed(serde::de::Error::custom(format!(
                "the \"version\" field is {found}, expected a whole number from 1"
            ))))
        }
    }
}

/// An account as any version of the document writes it: before version 4,
/// with its revenue of last year and the year before as single figures.
#[derive(Deserialize)]
struct AccountIn {
    #[serde(flatten)]
    account: Account,
    #[serde(default)]
    annual_revenue: Option<i64>,
    #[serde(default)]
    prior_revenue: Option<i64>,
}

impl AccountIn {
    /// The account, its single revenue figures joined to its revenue per
    /// year as of `exported_at` (the year they were last year's revenue).
    fn into_account(self, exported_at: Option<DateTime<Utc>>) -> Account {
        let mut account = self.account;
        let year = exported_at.unwrap_or(account.updated_at).year();
        account.revenue_history = with_single_revenues(
            std::mem::take(&mut account.revenue_history),
            self.annual_revenue,
            self.prior_revenue,
            year,
        );
        account
    }
}

impl From<DocumentIn> for Snapshot {
    fn from(document: DocumentIn) -> Self {
        let exported_at = document.exported_at;
        Snapshot {
            accounts: document
                .accounts
                .into_iter()
                .map(|a| a.into_account(exported_at))
                .collect(),
            issues: document.issues,
            plans: document.plans,
            proofs: document.proofs,
            stakeholders: document.stakeholders,
            conversations: document.conversations,
            assessments: document.assessments,
            whitespace: document.whitespace,
            matching: document.matching,
            team_rounds: Vec::new(),
        }
    }
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
        let err = read(r#"{"format": "kam-export", "version": 5, "accounts": 7}"#).unwrap_err();
        assert!(err.to_string().contains("version 5, newer"), "{err}");
        let err = read(r#"{"format": "kam-export", "version": "one"}"#).unwrap_err();
        assert!(err.to_string().contains("\"one\""), "{err}");
        let err = read("[1, 2").unwrap_err();
        assert!(matches!(err, ReadError::Malformed(_)), "{err}");
    }

    #[test]
    fn older_single_revenues_join_the_history_as_of_the_export() {
        let account = Account::new("Nordwerk");
        let mut value = serde_json::to_value(&account).unwrap();
        value["revenue_history"] = serde_json::json!([]);
        value["annual_revenue"] = 2_380_000.into();
        value["prior_revenue"] = 2_510_000.into();
        let text = serde_json::json!({
            "format": FORMAT,
            "version": 2,
            "exported_at": "2025-03-01T09:00:00Z",
            "accounts": [value],
        })
        .to_string();
        let read = read(&text).unwrap();
        let years: Vec<(i32, i64)> = read.accounts[0]
            .revenue_history
            .iter()
            .map(|y| (y.year, y.amount))
            .collect();
        assert_eq!(years, [(2023, 2_510_000), (2024, 2_380_000)]);
    }

    #[test]
    fn an_empty_document_reads_as_no_records() {
        for version in 1..=VERSION {
            let text = format!(r#"{{"format": "kam-export", "version": {version}}}"#);
            assert_eq!(
                read(&text).unwrap(),
                Snapshot::default(),
                "version {version}"
            );
        }
    }

    #[test]
    fn a_file_streams_to_what_its_text_reads_as() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let records = crate::demo::records(today).unwrap();
        let mut text = Vec::new();
        write(&mut text, &records, Utc::now()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.json");
        std::fs::write(&path, &text).unwrap();
        let streamed = read_file(&path).unwrap();
        assert_eq!(streamed, read(std::str::from_utf8(&text).unwrap()).unwrap());
        assert_eq!(streamed, records);

        // Whatever `read` refuses, the stream gives up on, so that `read`
        // can say why.
        let refused: [&[u8]; 6] = [
            br#"{"format": "kam-demo", "version": 1}"#,
            br#"{"version": 1, "accounts": []}"#,
            br#"{"format": "kam-export", "version": 5}"#,
            br#"{"format": "kam-export", "version": "one"}"#,
            br#"{"format": "kam-export", "version": 1, "accounts": [{"id": "x"}]}"#,
            b"{\"format\": \"kam-export\", \"version\": 1, \"x\": \"\xff\"}",
        ];
        for bytes in refused {
            std::fs::write(&path, bytes).unwrap();
            assert_eq!(read_file(&path), None, "{}", String::from_utf8_lossy(bytes));
        }
        let mut trailing = text.clone();
        trailing.extend_from_slice(b" {}");
        std::fs::write(&path, &trailing).unwrap();
        assert_eq!(read_file(&path), None);
        assert_eq!(read_file(&dir.path().join("missing.json")), None);
    }

    #[test]
    fn text_cut_anywhere_between_reads_is_checked_whole() {
        let text = "a é 東京 🚀 z".as_bytes();
        for cut in 0..=text.len() {
            for (bytes, valid) in [(text.to_vec(), true), ([text, b"\xf0\x9f"].concat(), false)] {
                let mut checked = Utf8Checked::new(std::io::empty());
                checked.check(&bytes[..cut.min(bytes.len())]);
                checked.check(&bytes[cut.min(bytes.len())..]);
                assert_eq!(checked.valid_to_the_end(), valid, "cut at {cut}");
            }
        }
        let mut checked = Utf8Checked::new(std::io::empty());
        checked.check(b"ok \xe6");
        checked.check(b"\x9d");
        checked.check(b"A");
        assert!(!checked.valid_to_the_end());
    }
}
