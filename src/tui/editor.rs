//! Editing a long text in the user's own editor (`$VISUAL`, `$EDITOR`).

use std::ffi::OsString;
use std::io::{self, Write};
use std::process::Command;

/// The editor used when neither `$VISUAL` nor `$EDITOR` is set.
const FALLBACK_EDITOR: &str = "vi";

/// Writes `initial` to a new owner-only (0600) temporary file, runs
/// `$VISUAL` or `$EDITOR` (falling back to `vi`) on it, waits for it and
/// reads the file back.
///
/// The editor setting may carry arguments (`EDITOR="code -w"`); it is split
/// on whitespace. The caller restores the terminal before and takes it back
/// after; this function does not touch it.
///
/// # Errors
///
/// When the temporary file cannot be written or read, or when the editor
/// cannot be started or exits with an error; the message names the editor.
pub fn edit_text(initial: &str) -> io::Result<String> {
    let command = editor_command(std::env::var_os("VISUAL"), std::env::var_os("EDITOR"));
    edit_with(&command, initial)
}

/// The editor command line: the first non-blank of `visual` and `editor`,
/// split on whitespace, or [`FALLBACK_EDITOR`].
fn editor_command(visual: Option<OsString>, editor: Option<OsString>) -> Vec<String> {
    [visual, editor]
        .into_iter()
        .flatten()
        .map(|value| {
            value
                .to_string_lossy()
                .split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .find(|words| !words.is_empty())
        .unwrap_or_else(|| vec![FALLBACK_EDITOR.to_owned()])
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

/// A temporary text file only its owner can read and write.
fn owner_only_temp_file() -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("kam-").suffix(".txt");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o600));
    }
    builder.tempfile()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(command: &[String]) -> Vec<&str> {
        command.iter().map(String::as_str).collect()
    }

    #[test]
    fn visual_wins_then_editor_then_vi() {
        let os = |s: &str| Some(OsString::from(s));
        assert_eq!(words(&editor_command(os("nano"), os("emacs"))), ["nano"]);
        assert_eq!(
            words(&editor_command(os("  "), os("code -w"))),
            ["code", "-w"]
        );
        assert_eq!(words(&editor_command(None, None)), ["vi"]);
        assert_eq!(words(&editor_command(os(""), os(""))), ["vi"]);
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
