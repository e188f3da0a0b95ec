//! Editing a long text in the user's own editor (`$VISUAL`, `$EDITOR`).
//!
//! The text goes to an owner-only file in kam's own folder: in memory
//! (`$XDG_RUNTIME_DIR/kam`) where the platform has such a place, else in
//! kam's cache folder. Files left there by a kam that was killed while its
//! editor was open are removed at the next start.

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The editor used when neither `$VISUAL` nor `$EDITOR` is set.
const FALLBACK_EDITOR: &str = "vi";

/// The start of every file handed to the editor; the process id follows.
const PREFIX: &str = "kam-edit-";

/// Where the files handed to the editor go.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Folder {
    path: PathBuf,
    in_memory: bool,
}

/// kam's folder for the editor's files: in memory where the platform has a
/// private place for it, else in kam's cache folder; `None` without a home.
fn folder() -> Option<Folder> {
    let dirs = directories::ProjectDirs::from("", "", "kam")?;
    Some(match dirs.runtime_dir() {
        Some(runtime) => Folder {
            path: runtime.to_path_buf(),
            in_memory: true,
        },
        None => Folder {
            path: dirs.cache_dir().join("edit"),
            in_memory: false,
        },
    })
}

/// Whether text handed to the editor stays in memory, never on disk.
pub fn keeps_text_in_memory() -> bool {
    folder().is_some_and(|f| f.in_memory)
}

/// Removes the files a kam killed while its editor was open left behind.
pub fn remove_leftovers() {
    if let Some(folder) = folder() {
        remove_leftovers_in(&folder.path);
    }
}

/// Removes the editor files in `dir` whose kam is no longer running.
fn remove_leftovers_in(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let owner = name
            .to_str()
            .and_then(|n| n.strip_prefix(PREFIX))
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok());
        if owner.is_some_and(|pid| !is_running(pid)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether process `pid` is running; when the platform cannot tell, it is
/// taken to be, so that nothing another kam is editing is removed.
fn is_running(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

/// Writes `initial` to a new owner-only (0600) temporary file, runs
/// `$VISUAL` or `$EDITOR` (falling back to `vi`) on it, waits for it and
/// reads the file back.
///
/// The editor setting is split into words as a shell would, so it may carry
/// arguments (`EDITOR="code -w"`) and quote a path with spaces
/// (`EDITOR='"/opt/My Editor/bin/ed" --wait'`). The caller restores the
/// terminal before and takes it back after; this function does not touch it.
///
/// # Errors
///
/// When the editor setting has an unclosed quote (the message names the
/// variable), when the temporary file cannot be written or read, or when
/// the editor cannot be started or exits with an error; the message names
/// the editor.
pub fn edit_text(initial: &str) -> io::Result<String> {
    let command = editor_command(std::env::var_os("VISUAL"), std::env::var_os("EDITOR"))?;
    edit_with(&command, initial)
}

/// The editor command line: the first of `visual` and `editor` that holds
/// a word, split as a shell would, or [`FALLBACK_EDITOR`].
///
/// # Errors
///
/// When the setting chosen cannot be split (an unclosed quote); the
/// message names its variable.
fn editor_command(visual: Option<OsString>, editor: Option<OsString>) -> io::Result<Vec<String>> {
    for (name, value) in [("VISUAL", visual), ("EDITOR", editor)] {
        let Some(value) = value else { continue };
        let value = value.to_string_lossy();
        let words = shell_words::split(&value).map_err(|err| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("${name} cannot be read as a command ({err}): {value}"),
            )
        })?;
        if !words.is_empty() {
            return Ok(words);
        }
    }
    Ok(vec![FALLBACK_EDITOR.to_owned()])
}

/// Runs `command` (program and arguments) with the path of a temporary file
/// holding `initial` appended, and returns the file's text afterwards.
fn edit_with(command: &[String], initial: &str) -> io::Result<String> {
    let Some((program, args)) = command.split_first() else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "no editor command given",
        ));
    };
    let mut file = owner_only_temp_file()?;
    file.write_all(initial.as_bytes())?;
    file.flush()?;
    let status = Command::new(program)
        .args(args)
        .arg(file.path())
        .status()
        .map_err(|err| {
            io::Error::new(
                err.kind(),
                format!("could not start the editor `{program}` ({err}); set $VISUAL or $EDITOR"),
            )
        })?;
    if !status.success() {
        return Err(io::Error::other(format!(
            "the editor `{program}` failed ({status}); the text was left as it was"
        )));
    }
    // Read by path: many editors save by writing a new file over the old.
    let bytes = std::fs::read(file.path())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A temporary text file only its owner can read and write, in kam's
/// folder for the editor (the system's temporary folder without a home),
/// named with this process's id.
fn owner_only_temp_file() -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    let prefix = format!("{PREFIX}{}-", std::process::id());
    builder.prefix(&prefix).suffix(".txt");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o600));
    }
    match folder() {
        Some(folder) => {
            crate::store::create_private_dir(&folder.path)?;
            builder.tempfile_in(folder.path)
        }
        None => builder.tempfile(),
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::editor::*;

    fn words(command: &[String]) -> Vec<&str> {
        command.iter().map(String::as_str).collect()
    }

    fn os(value: &str) -> Option<OsString> {
        Some(OsString::from(value))
    }

    /// The command line for `$EDITOR` set to `value` and `$VISUAL` unset.
    fn split_editor(value: &str) -> Vec<String> {
        editor_command(None, os(value)).unwrap()
    }

    #[test]
    fn visual_wins_then_editor_then_vi() {
        let command = |visual, editor| editor_command(visual, editor).unwrap();
        assert_eq!(words(&command(os("nano"), os("emacs"))), ["nano"]);
        assert_eq!(words(&command(os("  "), os("code -w"))), ["code", "-w"]);
        assert_eq!(words(&command(None, None)), ["vi"]);
        assert_eq!(words(&command(os(""), os(""))), ["vi"]);
        assert_eq!(words(&command(os(" \t\n"), None)), ["vi"]);
    }

    #[test]
    fn the_setting_is_split_as_a_shell_would() {
        assert_eq!(words(&split_editor("code -w")), ["code", "-w"]);
        assert_eq!(
            words(&split_editor(r#""/opt/My Editor/bin/ed" --wait"#)),
            ["/opt/My Editor/bin/ed", "--wait"]
        );
        assert_eq!(
            words(&split_editor(r"'/opt/My Editor/ed' -c 'set tw=72'")),
            ["/opt/My Editor/ed", "-c", "set tw=72"]
        );
        assert_eq!(
            words(&split_editor(r"/opt/My\ Editor/ed")),
            ["/opt/My Editor/ed"]
        );
        assert_eq!(words(&split_editor("  emacs   -nw  ")), ["emacs", "-nw"]);
    }

    #[test]
    fn an_unclosed_quote_is_an_error_naming_the_variable() {
        let err = editor_command(None, os(r#""/opt/My Editor/ed --wait"#)).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert!(err.to_string().contains("$EDITOR"), "{err}");
        assert!(err.to_string().contains("quote"), "{err}");

        // `$VISUAL` is the setting in force: its error is not skipped.
        let err = editor_command(os("'nano"), os("emacs")).unwrap_err();
        assert!(err.to_string().contains("$VISUAL"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_quoted_path_with_spaces_runs_with_its_arguments() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("My Editor");
        std::fs::create_dir(&folder).unwrap();
        let shell = folder.join("sh");
        std::os::unix::fs::symlink("/bin/sh", &shell).unwrap();
        // The shell writes its first argument into the file it is given.
        let setting = format!(
            r#"{} -c 'echo "$0" > "$1"' "two words""#,
            shell_words::quote(&shell.to_string_lossy())
        );
        let command = split_editor(&setting);
        assert_eq!(edit_with(&command, "before\n").unwrap(), "two words\n");
    }

    #[cfg(unix)]
    #[test]
    fn the_edited_file_is_read_back_even_when_replaced() {
        // `sed -i` writes a new file and renames it over the old one.
        let command = ["sed", "-i", "s/old/new/"].map(String::from);
        assert_eq!(
            edit_with(&command, "the old text\n").unwrap(),
            "the new text\n"
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_temporary_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let file = owner_only_temp_file().unwrap();
        let mode = file.path().metadata().unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn leftovers_of_a_kam_no_longer_running_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let own = format!("{PREFIX}{}-a.txt", std::process::id());
        // Above the largest process id Linux hands out.
        let gone = format!("{PREFIX}{}-b.txt", u32::MAX);
        for name in [&own, &gone, "notes.txt"] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        remove_leftovers_in(dir.path());
        assert!(dir.path().join(&own).exists(), "a running kam's file");
        assert!(!dir.path().join(&gone).exists(), "a leftover");
        assert!(dir.path().join("notes.txt").exists(), "not kam's");
    }

    #[test]
    fn a_missing_editor_is_named_in_the_error() {
        let command = ["kam-no-such-editor-here".to_owned()];
        let err = edit_with(&command, "x").unwrap_err();
        assert!(err.to_string().contains("kam-no-such-editor-here"), "{err}");
        assert!(err.to_string().contains("$EDITOR"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_failing_editor_is_an_error() {
        let err = edit_with(&["false".to_owned()], "x").unwrap_err();
        assert!(err.to_string().contains("`false` failed"), "{err}");
    }
}
