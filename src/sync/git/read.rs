//! Reading a commit's files: the list of paths and blob ids with
//! `git ls-tree -r -z`, and the bytes of many blobs through one
//! `git cat-file --batch`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::process::Stdio;

use super::{BlobId, CommitId, GitError, Repo, Result, feeding_git, not_installed, stderr_of};

impl Repo {
    /// Every file of a commit's tree, by its path from the root, with the
    /// id of its bytes. Submodules and symbolic links are left out (kam
    /// writes neither).
    pub fn tree(&self, commit: &CommitId) -> Result<BTreeMap<String, BlobId>> {
        let output = self.run(&["ls-tree", "-r", "-z", "--full-tree", commit.as_str()])?;
        let mut files = BTreeMap::new();
        for entry in output.split(|&b| b == 0).filter(|e| !e.is_empty()) {
            let (path, blob) = tree_entry(entry)?;
            if let Some(blob) = blob {
                files.insert(path, blob);
            }
        }
        Ok(files)
    }

    /// The bytes of each blob, in the order asked, through one git
    /// process.
    pub fn blobs(&self, ids: &[BlobId]) -> Result<Vec<Vec<u8>>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut command = self.command(["cat-file", "--batch"]);
        command.stdin(Stdio::piped());
        let mut child = command.spawn().map_err(not_installed)?;
        let stdin = child.stdin.take().expect("stdin is piped");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut stderr = child.stderr.take().expect("stderr is piped");
        // Ids go in on one thread while the bytes come out on this one, so
        // a long list cannot fill both pipes and block.
        let (written, read, said) = std::thread::scope(|scope| {
            let writer = scope.spawn(move || {
                feeding_git(|| {
                    let mut out = BufWriter::new(stdin);
                    for id in ids {
                        writeln!(out, "{id}")?;
                    }
                    out.flush()
                })
            });
            let talker = scope.spawn(move || {
                let mut said = Vec::new();
                stderr.read_to_end(&mut said).map(|_| said)
            });
            let read = read_batch(BufReader::with_capacity(1 << 16, stdout), ids);
            (writer.join(), read, talker.join())
        });
        let status = child.wait()?;
        let said = match said {
            Ok(said) => said?,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        if !status.success() {
            return Err(GitError::Failed {
                command: "cat-file".to_owned(),
                message: stderr_of(&std::process::Output {
                    status,
                    stdout: Vec::new(),
                    stderr: said,
                }),
            });
        }
        match written {
            Ok(result) => result?,
            Err(panic) => std::panic::resume_unwind(panic),
        }
        read
    }
}

/// One entry of `ls-tree -z`: `<mode> SP <type> SP <id> TAB <path>`; the
/// blob id is `None` for anything but a regular file.
fn tree_entry(entry: &[u8]) -> Result<(String, Option<BlobId>)> {
    let unexpected = |detail: &str| GitError::Unexpected {
        command: "ls-tree".to_owned(),
        detail: format!("{detail}: {:?}", String::from_utf8_lossy(entry)),
    };
    let tab = entry
        .iter()
        .position(|&b| b == b'\t')
        .ok_or_else(|| unexpected("an entry without a tab"))?;
    let (info, path) = (&entry[..tab], &entry[tab + 1..]);
    let info = std::str::from_utf8(info).map_err(|_| unexpected("an entry not in UTF-8"))?;
    let path = String::from_utf8(path.to_vec()).map_err(|_| unexpected("a path not in UTF-8"))?;
    let mut fields = info.split(' ');
    let (Some(mode), Some(kind), Some(id), None) =
        (fields.next(), fields.next(), fields.next(), fields.next())
    else {
        return Err(unexpected("an entry without mode, type and id"));
    };
    if kind != "blob" || !matches!(mode, "100644" | "100755") {
        return Ok((path, None));
    }
    let id = BlobId::parse(id).ok_or_else(|| unexpected("a blob id that is not one"))?;
    Ok((path, Some(id)))
}

/// `cat-file --batch`'s answers: for each id, `<id> SP <type> SP <size> LF`
/// then the bytes and a LF, or `<id> SP missing LF`.
fn read_batch(mut input: impl BufRead, ids: &[BlobId]) -> Result<Vec<Vec<u8>>> {
    let unexpected = |detail: String| GitError::Unexpected {
        command: "cat-file".to_owned(),
        detail,
    };
    let mut blobs = Vec::with_capacity(ids.len());
    let mut header = String::new();
    for id in ids {
        header.clear();
        if input.read_line(&mut header)? == 0 {
            return Err(unexpected(format!("no answer for blob {id}")));
        }
        let line = header.trim_end_matches('\n');
        if line.strip_suffix(" missing") == Some(id.as_str()) {
            return Err(unexpected(format!("blob {id} is not in the repository")));
        }
        let mut fields = line.split(' ');
        let (Some(got), Some(kind), Some(size), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(unexpected(format!("blob {id}: {line:?}")));
        };
        if got != id.as_str() || kind != "blob" {
            return Err(unexpected(format!("asked for blob {id}, got {line:?}")));
        }
        let size: usize = size
            .parse()
            .map_err(|_| unexpected(format!("blob {id}: size {size:?}")))?;
        let mut bytes = vec![0; size + 1];
        input.read_exact(&mut bytes)?;
        if bytes.pop() != Some(b'\n') {
            return Err(unexpected(format!("blob {id} does not end where it said")));
        }
        blobs.push(bytes);
    }
    Ok(blobs)
}
