//! Files kam writes: owner-only (0600) from the first byte, complete or not
//! there at all, and never over an existing file unless asked.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// Writes `bytes` to a new file at `path`, readable and writable by its
/// owner only. The text goes to a temporary file beside it first and is
/// renamed into place, so a failure leaves no half-written file. An existing
/// file is replaced only when `force` is set; otherwise the error is
/// [`io::ErrorKind::AlreadyExists`].
pub fn write_private(path: &Path, bytes: &[u8], force: bool) -> io::Result<()> {
    write_all_private(&[(path.to_path_buf(), bytes)], force)
}

/// Writes every file of `files` as [`write_private`] writes one, all or
/// none: each goes to a temporary file first, and only when all are
/// written (a full disk fails here) are they renamed into place.
pub fn write_all_private(files: &[(PathBuf, &[u8])], force: bool) -> io::Result<()> {
    write_all_with(files, force, |file, bytes| file.write_all(bytes))
}

/// Writes a new file at `path` as [`write_private`] does, its text put
/// through a buffer by `write` as it is made, never held whole.
pub fn write_private_with(
    path: &Path,
    force: bool,
    write: impl FnOnce(&mut BufWriter<&mut File>) -> io::Result<()>,
) -> io::Result<()> {
    refuse_existing([path], force)?;
    let file = stage(path, |file| {
        let mut out = BufWriter::with_capacity(1 << 16, file);
        write(&mut out)?;
        out.flush()
    })?;
    persist(file, path, force)
}

/// [`write_all_private`] with `write` putting the bytes into each file.
fn write_all_with(
    files: &[(PathBuf, &[u8])],
    force: bool,
    mut write: impl FnMut(&mut File, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    refuse_existing(files.iter().map(|(path, _)| path.as_path()), force)?;
    let mut staged = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        staged.push((stage(path, |file| write(file, bytes))?, path));
    }
    for (file, path) in staged {
        persist(file, path, force)?;
    }
    Ok(())
}

/// Refuses to go on when one of `paths` exists and `force` is not set.
fn refuse_existing<'a>(paths: impl IntoIterator<Item = &'a Path>, force: bool) -> io::Result<()> {
    if !force
        && paths
            .into_iter()
            .any(|path| path.symlink_metadata().is_ok())
    {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "the file already exists",
        ));
    }
    Ok(())
}

/// A temporary file beside `path`, owner-only, filled by `write` and
/// flushed to disk.
fn stage(
    path: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<NamedTempFile> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    // tempfile creates the file with mode 0600, and removes it when
    // dropped: a failure below leaves none behind.
    let mut file = tempfile::Builder::new()
        .prefix(".kam-export-")
        .tempfile_in(dir)?;
    write(file.as_file_mut())?;
    file.as_file().sync_all()?;
    Ok(file)
}

/// Renames a staged file into place.
fn persist(file: NamedTempFile, path: &Path, force: bool) -> io::Result<()> {
    if force {
        file.persist(path)?;
    } else {
        file.persist_noclobber(path)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn files_are_private_and_not_overwritten_by_accident() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        write_private(&path, b"first", false).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let err = write_private(&path, b"second", false).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        write_private(&path, b"second", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn a_full_disk_leaves_no_file_of_the_set() {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            (dir.path().join("a.md"), &b"first"[..]),
            (dir.path().join("b.md"), &b"second"[..]),
        ];
        let mut written = 0;
        let err = write_all_with(&files, false, |file, bytes| {
            written += 1;
            if written == 2 {
                return Err(io::Error::from(io::ErrorKind::StorageFull));
            }
            file.write_all(bytes)
        })
        .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::StorageFull);
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(left.is_empty(), "files left behind: {left:?}");

        write_all_private(&files, false).unwrap();
        assert_eq!(std::fs::read(&files[1].0).unwrap(), b"second");
    }
}
