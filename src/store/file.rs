//! Checks on the database file before SQLite sees it: directories, foreign
//! files, permissions, and owner-only creation.

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Read};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::error::{Result, StoreError};
use super::place::{self, Folder, Opening};

/// The 16 bytes every SQLite database starts with.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// What [`prepare`] found out about the file.
pub(super) struct FileState {
    /// How the file can be opened: read-only where it or its folder
    /// cannot be written.
    pub opening: Opening,
    /// The file was just created, empty: it takes whatever key it is
    /// opened with.
    pub created: bool,
    /// The file does not start with SQLite's header but is shaped like a
    /// database (whole pages): presumably encrypted.
    pub encrypted: bool,
}

/// Makes sure `path` can be opened as a kam database: creates it owner-only
/// (file 0600, new folders 0700) when missing, refuses directories, empty
/// files (more likely a mistake than a wish for a new database) and files
/// that are not SQLite databases (plain or encrypted), and detects read-only
/// files and places, `check` telling what can be done in the folder. An
/// existing file is only read.
pub(super) fn prepare(path: &Path, check: fn(&Path) -> Folder) -> Result<FileState> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(StoreError::IsDirectory(path.to_path_buf())),
        Ok(meta) if meta.len() == 0 => Err(StoreError::EmptyFile(path.to_path_buf())),
        Ok(meta) => {
            let encrypted = !has_sqlite_header(path, meta.len())?;
            let read_only = meta.permissions().readonly()
                || matches!(
                    OpenOptions::new().read(true).write(true).open(path),
                    Err(e) if e.kind() == ErrorKind::PermissionDenied
                        || e.kind() == ErrorKind::ReadOnlyFilesystem
                );
            Ok(FileState {
                opening: place::opening(path, !read_only, check),
                created: false,
                encrypted,
            })
        }
        Err(e) if e.kind() == ErrorKind::NotFound => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                create_private_dir(dir).map_err(|source| StoreError::Io {
                    path: dir.to_path_buf(),
                    source,
                })?;
            }
            create_private_file(path).map_err(io)?;
            Ok(FileState {
                opening: Opening::ReadWrite,
                created: true,
                encrypted: false,
            })
        }
        Err(e) => Err(io(e)),
    }
}

/// Whether nothing exists at `path` (a new database is to be made there).
pub(super) fn is_missing(path: &Path) -> Result<bool> {
    match fs::symlink_metadata(path) {
        Ok(_) => Ok(false),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(true),
        Err(source) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// The hidden working name a new database at `path` is made under, unique
/// to this process and call: `.kam.db.new-<pid>-<n>` beside `kam.db`.
pub(super) fn creation_sibling(path: &Path) -> PathBuf {
    static CREATED: AtomicUsize = AtomicUsize::new(0);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let n = CREATED.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.new-{}-{n}", std::process::id()))
}

/// The working files of new databases at `path` whose kam was killed
/// before renaming them into place: those named after a process that no
/// longer runs.
pub(super) fn abandoned_creations(path: &Path) -> Vec<PathBuf> {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return Vec::new();
    };
    let start = format!(".{name}.new-");
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let Ok(entries) = fs::read_dir(dir.unwrap_or(Path::new("."))) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let file = entry.file_name().to_str()?.to_owned();
            let (pid, n) = file.strip_prefix(&start)?.split_once('-')?;
            let pid: i32 = pid.parse().ok()?;
            // The database itself, not its WAL, index or lock file.
            let database = n.bytes().all(|b| b.is_ascii_digit());
            (database && !is_running(pid)).then(|| path.with_file_name(file))
        })
        .collect()
}

/// Whether a process with this id runs (one of another user counts).
fn is_running(pid: i32) -> bool {
    // SAFETY: signal 0 only asks whether the process exists.
    let answer = unsafe { libc::kill(pid, 0) };
    answer == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// The real file `path` names, symbolic links followed, so that replacing
/// the database replaces the file and keeps the link; a path that does not
/// exist yet is kept as given.
pub(super) fn resolve(path: &Path) -> Result<PathBuf> {
    match fs::canonicalize(path) {
        Ok(real) => Ok(real),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(path.to_path_buf()),
        Err(source) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Creates `dir` and any missing parents with mode 0700.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

/// Creates an empty file readable and writable by its owner only.
pub fn create_private_file(path: &Path) -> std::io::Result<fs::File> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

/// Whether the existing database file at `path` is encrypted; refuses a file
/// that is no database at all.
pub(super) fn is_encrypted(path: &Path) -> Result<bool> {
    let meta = fs::metadata(path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(!has_sqlite_header(path, meta.len())?)
}

/// Whether the file of `len` bytes starts with SQLite's header. A file
/// without it is taken for an encrypted database when it is made of whole
/// pages (a multiple of 512 bytes, the smallest page); anything else is not
/// a database at all.
fn has_sqlite_header(path: &Path, len: u64) -> Result<bool> {
    let mut header = [0u8; 16];
    let mut file = fs::File::open(path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let read = file.read(&mut header).unwrap_or(0);
    if read == header.len() && &header == SQLITE_HEADER {
        return Ok(true);
    }
    if len < 512 || !len.is_multiple_of(512) {
        return Err(StoreError::NotKam(path.to_path_buf()));
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn only_the_working_files_of_a_creation_whose_kam_is_gone_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kam.db");
        let store = Store::open(&path).unwrap();
        let mut ended = std::process::Command::new("true").spawn().unwrap();
        let gone = ended.id();
        ended.wait().unwrap();
        let left = |name: String| {
            let file = dir.path().join(name);
            fs::write(&file, b"half made").unwrap();
            file
        };
        let abandoned = [
            left(format!(".kam.db.new-{gone}-0")),
            left(format!(".kam.db.new-{gone}-0-wal")),
            left(format!(".kam.db.new-{gone}-0.lock")),
        ];
        let running = left(format!(".kam.db.new-{}-3", std::process::id()));

        store.remove_leftovers().unwrap();
        for file in &abandoned {
            assert!(!file.exists(), "{} stayed", file.display());
        }
        assert!(running.exists(), "the file of a running kam was removed");
        assert!(path.exists());
    }
}
