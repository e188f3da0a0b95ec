//! What the repository holds, file by file: a record, a record's change
//! history or a record's unresolved conflicts, each named by the record's
//! id so that a record moved to another account is still the same item;
//! and the bytes each file holds.
//!
//! - a record: its [`RecordPath`], the [`record_file`] text of its fields;
//! - a history: `accounts/<account>/history/<record>.log`, one entry per
//!   line as compact JSON, oldest first, so that two machines' entries
//!   merge as a union of lines;
//! - conflicts: `accounts/<account>/conflicts/<record>.kam`, a record file
//!   whose keys are the conflicting fields.
//!
//! Any other file (`format.kam`, `.gitattributes`, files a newer kam may
//! add) is carried as it is.

use serde_json::Value;

use super::record_file::{self, ACCOUNTS, EXTENSION, FOLDERS, RecordPath};
use crate::domain::Id;
use crate::domain::history::RecordKind;
use crate::store::{HistoryEntry, SyncConflict};

/// The folder, in an account's folder, of its records' histories.
const HISTORY: &str = "history";
/// The extension of a history file.
const LOG: &str = ".log";
/// The folder, in an account's folder, of its records' conflicts.
const CONFLICTS: &str = "conflicts";

/// One file's worth of the portfolio, by the record it is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Item {
    /// A record.
    Record(RecordKind, Id),
    /// The change history of a record.
    History(Id),
    /// The unresolved conflicts of a record.
    Conflicts(Id),
    /// A file that is not about a record, by its path.
    Other(String),
}

impl Item {
    /// Orders items by what they are about: records kind by kind as
    /// [`FOLDERS`] lists them, then histories, conflicts and other files.
    fn rank(&self) -> (usize, Option<Id>, &str) {
        match self {
            Self::Record(kind, id) => {
                let kind = FOLDERS.iter().position(|(k, _)| k == kind).unwrap_or(0);
                (kind, Some(*id), "")
            }
            Self::History(id) => (FOLDERS.len(), Some(*id), ""),
            Self::Conflicts(id) => (FOLDERS.len() + 1, Some(*id), ""),
            Self::Other(path) => (FOLDERS.len() + 2, None, path),
        }
    }

    /// The item the file at `path` holds.
    pub fn of_path(path: &str) -> Self {
        if let Some(record) = RecordPath::parse(path) {
            return Self::Record(record.kind, record.record);
        }
        let parts: Vec<&str> = path.split('/').collect();
        if let [ACCOUNTS, account, folder, file] = parts[..]
            && account.parse::<Id>().is_ok()
        {
            let id = |ext: &str| {
                let text = file.strip_suffix(ext)?;
                let id: Id = text.parse().ok()?;
                (id.to_string() == text).then_some(id)
            };
            match folder {
                HISTORY => {
                    if let Some(id) = id(LOG) {
                        return Self::History(id);
                    }
                }
                CONFLICTS => {
                    if let Some(id) = id(EXTENSION) {
                        return Self::Conflicts(id);
                    }
                }
                _ => {}
            }
        }
        Self::Other(path.to_owned())
    }

    /// The path of this item's file when it belongs to `account` (ignored
    /// for [`Item::Other`]).
    pub fn path(&self, account: Id) -> String {
        match self {
            Self::Record(kind, id) => RecordPath::new(*kind, account, *id).to_string(),
            Self::History(id) => format!("{ACCOUNTS}/{account}/{HISTORY}/{id}{LOG}"),
            Self::Conflicts(id) => format!("{ACCOUNTS}/{account}/{CONFLICTS}/{id}{EXTENSION}"),
            Self::Other(path) => path.clone(),
        }
    }
}

impl PartialOrd for Item {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Item {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.rank().cmp(&other.rank())
    }
}

/// The folder of items whose account is not known (a history whose
/// entries name none): the nil id.
pub fn unfiled() -> Id {
    uuid::Uuid::nil()
        .to_string()
        .parse()
        .expect("the nil id reads back")
}

/// A record as its file holds it: the JSON object of the domain record.
pub type Fields = serde_json::Map<String, Value>;

/// What one file holds, read.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// A record's fields.
    Record(Fields),
    /// A history, oldest first.
    History(Vec<HistoryEntry>),
    /// Unresolved conflicts, by field.
    Conflicts(Vec<SyncConflict>),
    /// Any other file's bytes.
    Other(Vec<u8>),
}

impl Content {
    /// The file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            Self::Record(fields) => record_file::to_text(fields).into_bytes(),
            Self::History(entries) => {
                let mut out = String::new();
                for entry in sorted_history(entries.clone()) {
                    out.push_str(&serde_json::to_string(&entry).unwrap_or_default());
                    out.push('\n');
                }
                out.into_bytes()
            }
            Self::Conflicts(conflicts) => {
                let fields = conflicts
                    .iter()
                    .map(|c| {
                        let value = serde_json::to_value(c).unwrap_or(Value::Null);
                        (c.field.clone(), value)
                    })
                    .collect();
                record_file::to_text(&fields).into_bytes()
            }
            Self::Other(bytes) => bytes.clone(),
        }
    }

    /// Reads the bytes of `item`'s file.
    pub fn read(item: &Item, bytes: &[u8]) -> Result<Self, String> {
        if let Item::Other(_) = item {
            return Ok(Self::Other(bytes.to_vec()));
        }
        let text = std::str::from_utf8(bytes).map_err(|e| format!("it is not UTF-8 text: {e}"))?;
        match item {
            Item::Record(..) => record_file::from_text(text)
                .map(Self::Record)
                .map_err(|e| e.to_string()),
            Item::History(_) => text
                .lines()
                .zip(1..)
                .map(|(line, n)| serde_json::from_str(line).map_err(|e| format!("line {n}: {e}")))
                .collect::<Result<Vec<_>, _>>()
                .map(Self::History),
            Item::Conflicts(_) => {
                let fields = record_file::from_text(text).map_err(|e| e.to_string())?;
                fields
                    .into_iter()
                    .map(|(field, value)| {
                        serde_json::from_value(value).map_err(|e| format!("field {field}: {e}"))
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map(Self::Conflicts)
            }
            Item::Other(_) => unreachable!("handled above"),
        }
    }

    /// The account whose folder holds this content, when the content
    /// names it: a record's `account_id` (or, for an account, its own id),
    /// a history's newest entry that has one, a conflict's account.
    pub fn account(&self, item: &Item) -> Option<Id> {
        match (self, item) {
            (Self::Record(fields), Item::Record(kind, id)) => {
                if *kind == RecordKind::Account {
                    return Some(*id);
                }
                fields.get("account_id")?.as_str()?.parse().ok()
            }
            (Self::History(entries), _) => entries.iter().rev().find_map(|e| e.account_id),
            (Self::Conflicts(conflicts), _) => conflicts.first().map(|c| c.account),
            _ => None,
        }
    }
}

/// History entries oldest first, each uid once.
pub fn sorted_history(mut entries: Vec<HistoryEntry>) -> Vec<HistoryEntry> {
    entries.sort_by(|a, b| (a.at, &a.uid).cmp(&(b.at, &b.uid)));
    entries.dedup_by(|a, b| a.uid == b.uid);
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_item_reads_back_from_its_path() {
        let account = Id::new();
        let record = Id::new();
        for item in [
            Item::Record(RecordKind::Account, account),
            Item::Record(RecordKind::Proof, record),
            Item::Record(RecordKind::Whitespace, account),
            Item::History(record),
            Item::Conflicts(record),
            Item::Other("format.kam".to_owned()),
        ] {
            assert_eq!(Item::of_path(&item.path(account)), item);
        }
    }

    #[test]
    fn a_file_kam_does_not_know_is_carried_as_it_is() {
        for path in [
            "notes.txt",
            "accounts/x/history/y.log",
            "accounts/0190a1b2-0000-7000-8000-000000000000/photos/a.png",
        ] {
            assert_eq!(Item::of_path(path), Item::Other(path.to_owned()));
        }
    }
}
