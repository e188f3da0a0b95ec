//! The backups folder: how copies are named, which files in it belong to a
//! database, and what each one holds.
//!
//! Every copy of `kam.db` is called `kam-…​.db`:
//! `kam-2026-11-23.db` (the automatic copy of that day),
//! `kam-manual-20261123-141500.db` (`kam backup`),
//! `kam-v1-before-upgrade-20261123-141500.db` and
//! `kam-before-restore-20261123-141500.db`; a `-2`, `-3` … follows the
//! time when two copies fall in the same second.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime};

use super::super::connection::{self, APPLICATION_ID};
use super::super::counts::{Counts, count_records};
use super::super::error::{Result, StoreError};
use super::super::file;
use super::super::passphrase::Passphrase;
use super::super::schema::LATEST_VERSION;

/// Why a copy was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupKind {
    /// The automatic copy made at the first start of that day.
    Daily(NaiveDate),
    /// Asked for with `kam backup`.
    Manual,
    /// Taken before a schema upgrade.
    BeforeUpgrade,
    /// Taken before a restore replaced the database.
    BeforeRestore,
}

impl BackupKind {
    /// A short label for listings.
    pub fn label(self) -> &'static str {
        match self {
            Self::Daily(_) => "daily",
            Self::Manual => "manual",
            Self::BeforeUpgrade => "before upgrade",
            Self::BeforeRestore => "before restore",
        }
    }
}

/// One copy in the backups folder.
#[derive(Debug)]
pub struct BackupEntry {
    /// The file.
    pub path: PathBuf,
    /// Why it was made.
    pub kind: BackupKind,
    /// When it was last written.
    pub modified: Option<DateTime<Local>>,
    /// Its size in bytes.
    pub size: u64,
    /// What it holds, or why that could not be read.
    pub details: Result<BackupInfo>,
}

/// What a copy holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackupInfo {
    /// Whether it is encrypted.
    pub encrypted: bool,
    /// Its schema version.
    pub version: i64,
    /// Its records (none for a copy older than the first schema).
    pub counts: Option<Counts>,
}

/// The stem copies of the database at `db` are named after ("kam" for
/// `kam.db`).
pub(in crate::store) fn stem(db: &Path) -> String {
    db.file_stem()
        .map_or_else(|| "kam".into(), |s| s.to_string_lossy().into_owned())
}

/// The name of the automatic copy of `day`.
pub(in crate::store) fn daily_name(stem: &str, day: NaiveDate) -> String {
    format!("{stem}-{}.db", day.format("%Y-%m-%d"))
}

/// A name `{stem}-{label}-{time}.db` not yet taken in `dir`.
pub(in crate::store) fn stamped(dir: &Path, stem: &str, label: &str) -> PathBuf {
    let base = format!("{stem}-{label}-{}", Local::now().format("%Y%m%d-%H%M%S"));
    (1..)
        .map(|n| match n {
            1 => dir.join(format!("{base}.db")),
            n => dir.join(format!("{base}-{n}.db")),
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| dir.join(format!("{base}.db")))
}

/// What kind of copy of the database named `stem` the file `name` is, if
/// it is one.
pub fn kind_of(stem: &str, name: &str) -> Option<BackupKind> {
    let rest = name
        .strip_prefix(stem)?
        .strip_prefix('-')?
        .strip_suffix(".db")?;
    if rest.len() == 10 {
        return NaiveDate::parse_from_str(rest, "%Y-%m-%d")
            .ok()
            .map(BackupKind::Daily);
    }
    if let Some(time) = rest.strip_prefix("manual-") {
        return is_stamp(time).then_some(BackupKind::Manual);
    }
    if let Some(time) = rest.strip_prefix("before-restore-") {
        return is_stamp(time).then_some(BackupKind::BeforeRestore);
    }
    let (version, time) = rest.strip_prefix('v')?.split_once("-before-upgrade-")?;
    (!version.is_empty() && version.bytes().all(|b| b.is_ascii_digit()) && is_stamp(time))
        .then_some(BackupKind::BeforeUpgrade)
}

/// `20261123-141500`, optionally followed by `-2`, `-3` …
fn is_stamp(text: &str) -> bool {
    let (time, counter) = match text.get(15..) {
        Some("") => (text, None),
        Some(rest) => (&text[..15], rest.strip_prefix('-')),
        None => return false,
    };
    NaiveDateTime::parse_from_str(time, "%Y%m%d-%H%M%S").is_ok()
        && counter.is_none_or(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit()))
}

/// The copies of the database at `db` in `dir`, with their kinds, in no
/// particular order. A missing folder holds none.
pub(in crate::store) fn files(dir: &Path, db: &Path) -> Result<Vec<(PathBuf, BackupKind)>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(StoreError::Io {
                path: dir.to_path_buf(),
                source,
            });
        }
    };
    let stem = stem(db);
    Ok(entries
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let kind = kind_of(&stem, path.file_name()?.to_str()?)?;
            path.is_file().then_some((path, kind))
        })
        .collect())
}

/// The working files named `.{copy's name}{suffix}` in `dir` that copies of
/// the database at `db` are written under; none when `dir` cannot be read.
pub(in crate::store) fn working_files(dir: &Path, db: &Path, suffix: &str) -> Vec<PathBuf> {
    let stem = stem(db);
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_str()?;
            let copy = name.strip_prefix('.')?.strip_suffix(suffix)?;
            kind_of(&stem, copy).map(|_| path)
        })
        .collect()
}

/// The copies of the database at `db` in `dir`, newest first (by the time
/// they were written, then by name), with their kinds and metadata.
fn newest_first_with_metadata(
    dir: &Path,
    db: &Path,
) -> Result<Vec<(PathBuf, BackupKind, Option<fs::Metadata>)>> {
    let mut copies: Vec<_> = files(dir, db)?
        .into_iter()
        .map(|(path, kind)| {
            let meta = fs::metadata(&path).ok();
            (path, kind, meta)
        })
        .collect();
    let modified = |meta: &Option<fs::Metadata>| meta.as_ref().and_then(|m| m.modified().ok());
    copies.sort_by(|a, b| modified(&b.2).cmp(&modified(&a.2)).then(b.0.cmp(&a.0)));
    Ok(copies)
}

/// The copies of the database at `db` in `dir` with their kinds, newest
/// first.
pub(in crate::store) fn newest_first(dir: &Path, db: &Path) -> Result<Vec<(PathBuf, BackupKind)>> {
    Ok(newest_first_with_metadata(dir, db)?
        .into_iter()
        .map(|(path, kind, _)| (path, kind))
        .collect())
}

/// Every copy of the database at `db` in `dir`, newest first, with what
/// each holds as far as `key` (the database's own) can read it.
pub(in crate::store) fn list(
    dir: &Path,
    db: &Path,
    key: Option<&Passphrase>,
) -> Result<Vec<BackupEntry>> {
    Ok(newest_first_with_metadata(dir, db)?
        .into_iter()
        .map(|(path, kind, meta)| BackupEntry {
            kind,
            modified: meta
                .as_ref()
                .and_then(|m| m.modified().ok())
                .map(DateTime::<Local>::from),
            size: meta.map_or(0, |m| m.len()),
            details: inspect(&path, key),
            path,
        })
        .collect())
}

/// Checks that `path` is a kam database this kam can open, with `key` if it
/// is encrypted (a plain file needs none), and undamaged (SQLite's
/// `quick_check`), and says what it holds. The file is read as an
/// immutable one: not a byte beside it is written.
pub fn inspect(path: &Path, key: Option<&Passphrase>) -> Result<BackupInfo> {
    let encrypted = file::is_encrypted(path)?;
    let key = match (encrypted, key) {
        (false, _) => None,
        (true, None) => return Err(StoreError::Encrypted(path.to_path_buf())),
        (true, Some(key)) => Some(key),
    };
    let conn = connection::open_immutable(path, key)?;
    let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotKam(path.to_path_buf()));
    }
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    super::check::quick_check(&conn, path)?;
    if version > LATEST_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            known: LATEST_VERSION,
        });
    }
    let counts = if version >= 1 {
        Some(count_records(&conn)?)
    } else {
        None
    };
    Ok(BackupInfo {
        encrypted,
        version,
        counts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn copies_are_recognised_by_name() {
        let cases = [
            (
                "kam-2026-11-23.db",
                Some(BackupKind::Daily(day("2026-11-23"))),
            ),
            ("kam-manual-20261123-141500.db", Some(BackupKind::Manual)),
            ("kam-manual-20261123-141500-2.db", Some(BackupKind::Manual)),
            (
                "kam-v1-before-upgrade-20261123-141500.db",
                Some(BackupKind::BeforeUpgrade),
            ),
            (
                "kam-before-restore-20261123-141500.db",
                Some(BackupKind::BeforeRestore),
            ),
            // Not copies of kam.db: another database's, or foreign files.
            ("kam-work-2026-11-23.db", None),
            ("work-2026-11-23.db", None),
            ("kam-2026-13-01.db", None),
            ("kam-2026-11-23.db-journal", None),
            ("kam-manual-20261123.db", None),
            ("kam-manual-20261123-141500-.db", None),
            ("kam-v-before-upgrade-20261123-141500.db", None),
            ("kam-notes.db", None),
        ];
        for (name, kind) in cases {
            assert_eq!(kind_of("kam", name), kind, "{name}");
        }
    }

    #[test]
    fn a_daily_name_reads_back_as_its_day() {
        let name = daily_name("portfolio", day("2027-01-04"));
        assert_eq!(name, "portfolio-2027-01-04.db");
        assert_eq!(
            kind_of("portfolio", &name),
            Some(BackupKind::Daily(day("2027-01-04")))
        );
    }
}
