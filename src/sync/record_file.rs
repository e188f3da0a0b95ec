//! The record file format: one record of the portfolio as a small text
//! file, written the same way every time so that a change to one field is a
//! change to one line (or one text block) in `git diff`.
//!
//! A record is the JSON object the JSON export writes for it
//! ([`serde_json::to_value`] of the domain record). Its file holds one
//! field per line, keys in sorted order:
//!
//! ```text
//! acknowledged= true
//! date: 2026-11-02
//! note:|
//!  First line of what was typed,
//!  second line.
//! value: 99 %
//! ```
//!
//! - `key: text` for a text without a line break: the rest of the line,
//!   exact, trailing spaces kept;
//! - `key:|` for a text with line breaks, followed by the text's lines, each
//!   prefixed by exactly one space; a text ending in a line break ends with
//!   a line holding one space. The block ends at the first line that does
//!   not start with a space;
//! - `key= <json>` for every other value: numbers, booleans, null, arrays
//!   and objects as compact JSON on one line;
//! - a key that is empty, starts with a space, or holds `:`, `=`, `"` or a
//!   control character is written as a JSON string (`"a:b": text`); kam's
//!   own keys never are;
//! - the file ends with a newline.
//!
//! Text is kept exactly as typed: tabs, carriage returns, zero-width and
//! right-to-left marks and control characters are written as they are, and
//! only `\n` separates lines. Reading accepts keys in any order (the record
//! is a map) but refuses a key given twice, and names the line of anything
//! it cannot read.
//!
//! [`RecordPath`] names the file a record lives in:
//! `accounts/<account-id>/account.kam` for an account and
//! `accounts/<account-id>/<kind>/<record-id>.kam` for the records of an
//! account, the folders named in [`FOLDERS`]. Proof statements, a log
//! that only grows, are spread over subfolders named by the last two hex
//! digits of their id (`proofs/4f/<id>.kam`), so that no folder holds more
//! than a few hundred files however long the log gets.

use std::fmt;

use serde_json::{Map, Value};

use crate::domain::Id;
use crate::domain::history::RecordKind;

/// The folder at the root of the repository that holds a folder per
/// account.
pub const ACCOUNTS: &str = "accounts";

/// The file name of an account's own record, in the account's folder.
pub const ACCOUNT_FILE: &str = "account.kam";

/// The extension of every record file.
pub const EXTENSION: &str = ".kam";

/// Where each kind of record lives in its account's folder: the account is
/// [`ACCOUNT_FILE`] itself, every other kind a folder of one file per
/// record, named like the JSON export's list of that kind. An action plan
/// lives under the account of its business issue; a whitespace grid, one
/// per account, is named by its account's id.
pub const FOLDERS: [(RecordKind, &str); 9] = [
    (RecordKind::Account, ""),
    (RecordKind::Stakeholder, "stakeholders"),
    (RecordKind::Issue, "issues"),
    (RecordKind::Plan, "plans"),
    (RecordKind::Proof, "proofs"),
    (RecordKind::Conversation, "conversations"),
    (RecordKind::Assessment, "assessments"),
    (RecordKind::Whitespace, "whitespace"),
    (RecordKind::Matching, "matching"),
];

/// The folder of `kind` in an account's folder; empty for the account.
fn folder(kind: RecordKind) -> &'static str {
    FOLDERS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("", |(_, name)| name)
}

/// The file one record lives in, relative to the repository's root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RecordPath {
    /// The kind of record.
    pub kind: RecordKind,
    /// The account whose folder holds it.
    pub account: Id,
    /// The record's id: the account's own for an account and for its
    /// whitespace grid.
    pub record: Id,
}

impl RecordPath {
    /// The file of the record `record` of kind `kind` in the folder of
    /// `account`. For an account, `record` is ignored: its file is named by
    /// `account`.
    pub fn new(kind: RecordKind, account: Id, record: Id) -> Self {
        let record = if kind == RecordKind::Account {
            account
        } else {
            record
        };
        Self {
            kind,
            account,
            record,
        }
    }

    /// Which record the file at `path` holds, when `path` is a record file
    /// as [`Display`](fmt::Display) writes it: ids in lowercase hyphenated
    /// form, a known folder, the `.kam` extension. `None` for any other
    /// path.
    pub fn parse(path: &str) -> Option<Self> {
        let rest = path.strip_prefix(ACCOUNTS)?.strip_prefix('/')?;
        let parts: Vec<&str> = rest.split('/').collect();
        let account = parse_id(parts.first()?)?;
        match parts[1..] {
            [ACCOUNT_FILE] => Some(Self::new(RecordKind::Account, account, account)),
            [name, file] if !name.is_empty() => {
                let (kind, _) = FOLDERS.iter().find(|(_, n)| *n == name)?;
                let record = parse_id(file.strip_suffix(EXTENSION)?)?;
                (!is_spread(*kind)).then(|| Self::new(*kind, account, record))
            }
            [name, part, file] => {
                let (kind, _) = FOLDERS.iter().find(|(_, n)| *n == name)?;
                let record = parse_id(file.strip_suffix(EXTENSION)?)?;
                (is_spread(*kind) && part == spread(&record))
                    .then(|| Self::new(*kind, account, record))
            }
            _ => None,
        }
    }
}

/// Whether files of `kind` are spread over subfolders.
fn is_spread(kind: RecordKind) -> bool {
    kind == RecordKind::Proof
}

/// The subfolder a spread file of the record `id` lives in: the last two
/// hex digits of the id, random in every kam id.
pub fn spread(id: &Id) -> String {
    let text = id.to_string();
    text[text.len() - 2..].to_owned()
}

/// An id written exactly as [`Id`] displays it, so one record has one path.
fn parse_id(text: &str) -> Option<Id> {
    let id: Id = text.parse().ok()?;
    (id.to_string() == text).then_some(id)
}

impl fmt::Display for RecordPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            RecordKind::Account => write!(f, "{ACCOUNTS}/{}/{ACCOUNT_FILE}", self.account),
            kind if is_spread(kind) => write!(
                f,
                "{ACCOUNTS}/{}/{}/{}/{}{EXTENSION}",
                self.account,
                folder(kind),
                spread(&self.record),
                self.record
            ),
            kind => write!(
                f,
                "{ACCOUNTS}/{}/{}/{}{EXTENSION}",
                self.account,
                folder(kind),
                self.record
            ),
        }
    }
}

/// Why a record file cannot be read, and on which line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct FormatError {
    /// The line, counted from 1.
    pub line: usize,
    /// What is wrong with it.
    pub problem: Problem,
}

/// What is wrong with a line of a record file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// The line is none of the forms a field is written in.
    #[error("expected `key: text`, `key:|` or `key= <json>`")]
    UnknownForm,
    /// An empty line, which no field writes.
    #[error(
        "an empty line: each line is a field, or a line of a `key:|` text starting with a space"
    )]
    EmptyLine,
    /// A line starting with a space where no `key:|` text is open.
    #[error("a line of text starting with a space, but no `key:|` text comes before it")]
    StrayTextLine,
    /// A `key:|` text with fewer than two lines.
    #[error(
        "the text of `{0}` has {1} line(s) after `:|`; a text with a line break has two or more"
    )]
    ShortText(String, usize),
    /// The same key twice in one record.
    #[error("`{0}` is given twice")]
    DuplicateKey(String),
    /// A `key= ` value that is not JSON.
    #[error("the value of `{0}` is not valid JSON: {1}")]
    BadJson(String, String),
    /// A text written as `key= "..."` rather than `key: ...`.
    #[error("the value of `{0}` is a text written as JSON; a text is written `{0}: text`")]
    TextAsJson(String),
    /// A key in quotes that is not a JSON string.
    #[error("the quoted key is not a valid JSON string")]
    BadQuotedKey,
    /// The last line has no newline: the file may have been cut short.
    #[error("the file does not end with a newline: it may have been cut short")]
    NoFinalNewline,
}

/// Whether `key` is written as it is rather than as a JSON string.
fn is_plain(key: &str) -> bool {
    !key.is_empty()
        && !key.starts_with(' ')
        && key
            .chars()
            .all(|c| !matches!(c, ':' | '=' | '"') && !c.is_control())
}

/// The text of the file that holds `record`: keys sorted, one field per
/// line, ending with a newline (empty for an empty record).
pub fn to_text(record: &Map<String, Value>) -> String {
    let mut fields: Vec<(&String, &Value)> = record.iter().collect();
    fields.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = String::new();
    for (key, value) in fields {
        if is_plain(key) {
            out.push_str(key);
        } else {
            out.push_str(&Value::String(key.clone()).to_string());
        }
        match value {
            Value::String(text) if text.contains('\n') => {
                out.push_str(":|\n");
                for line in text.split('\n') {
                    out.push(' ');
                    out.push_str(line);
                    out.push('\n');
                }
            }
            Value::String(text) => {
                out.push_str(": ");
                out.push_str(text);
                out.push('\n');
            }
            other => {
                out.push_str("= ");
                out.push_str(&other.to_string());
                out.push('\n');
            }
        }
    }
    out
}

/// The record a file's text holds: the inverse of [`to_text`], which also
/// reads keys in any order.
pub fn from_text(text: &str) -> Result<Map<String, Value>, FormatError> {
    let mut record = Map::new();
    if text.is_empty() {
        return Ok(record);
    }
    let Some(body) = text.strip_suffix('\n') else {
        return Err(FormatError {
            line: text.split('\n').count(),
            problem: Problem::NoFinalNewline,
        });
    };
    let mut lines = body.split('\n').zip(1..).peekable();
    while let Some((line, number)) = lines.next() {
        let at = |problem| FormatError {
            line: number,
            problem,
        };
        if line.is_empty() {
            return Err(at(Problem::EmptyLine));
        }
        if line.starts_with(' ') {
            return Err(at(Problem::StrayTextLine));
        }
        let (key, rest) = read_key(line).map_err(at)?;
        let value = if rest == ":|" {
            let mut block = Vec::new();
            while let Some((text, _)) = lines.next_if(|(l, _)| l.starts_with(' ')) {
                block.push(&text[1..]);
            }
            if block.len() < 2 {
                return Err(at(Problem::ShortText(key, block.len())));
            }
            Value::String(block.join("\n"))
        } else if let Some(text) = rest.strip_prefix(": ") {
            Value::String(text.to_owned())
        } else if let Some(json) = rest.strip_prefix("= ") {
            match serde_json::from_str(json) {
                Ok(Value::String(_)) => return Err(at(Problem::TextAsJson(key))),
                Ok(value) => value,
                Err(e) => return Err(at(Problem::BadJson(key, e.to_string()))),
            }
        } else {
            return Err(at(Problem::UnknownForm));
        };
        if record.contains_key(&key) {
            return Err(at(Problem::DuplicateKey(key)));
        }
        record.insert(key, value);
    }
    Ok(record)
}

/// The key at the start of `line` and the rest of the line after it.
fn read_key(line: &str) -> Result<(String, &str), Problem> {
    if line.starts_with('"') {
        let mut escaped = false;
        let end = line
            .char_indices()
            .skip(1)
            .find(|&(_, c)| {
                let closes = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                closes
            })
            .map(|(i, _)| i)
            .ok_or(Problem::BadQuotedKey)?;
        let key = serde_json::from_str(&line[..=end]).map_err(|_| Problem::BadQuotedKey)?;
        return Ok((key, &line[end + 1..]));
    }
    match line.find([':', '=']) {
        Some(end) if end > 0 => Ok((line[..end].to_owned(), &line[end..])),
        _ => Err(Problem::UnknownForm),
    }
}

#[cfg(test)]
mod tests;
