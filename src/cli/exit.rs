//! Exit statuses, as in ripgrep: 0 when something was found or done, 1
//! when a search found nothing, 2 on any error, a mistake on the command
//! line included.

use crate::tui::signals::Signalled;

/// The exit statuses, as `kam --help` ends with them.
pub const EXIT_STATUS_HELP: &str = "\
Exit status:
  0  found, or done
  1  nothing found: `kam search` matched nothing
  2  an error, a mistake on the command line included";

/// The status of a search that found nothing.
pub const NOTHING_FOUND: u8 = 1;

/// The status of every error.
pub const ERROR: u8 = 2;

/// A search that found nothing: not an error, but not a success either
/// (exit status 1). The text says what was looked for.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct NothingFound(pub String);

/// The exit status a command ending with `error` leaves: 1 when nothing
/// was found, 128 plus the signal when one ended it, 2 otherwise.
pub fn status(error: &anyhow::Error) -> u8 {
    if let Some(signal) = error.downcast_ref::<Signalled>() {
        return signal.exit_status();
    }
    if error.downcast_ref::<NothingFound>().is_some() {
        return NOTHING_FOUND;
    }
    ERROR
}

/// What a command ending with `error` says: each cause after the last,
/// joined with ": ", leaving out a cause the message before it already
/// ends with (an error that shows its reason and also gives it as its
/// cause would otherwise say it twice).
pub fn message(error: &anyhow::Error) -> String {
    let mut said = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if said.ends_with(&text) {
            continue;
        }
        if !said.is_empty() {
            said.push_str(": ");
        }
        said.push_str(&text);
    }
    said
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_found_is_1_and_any_other_error_2() {
        let nothing = anyhow::Error::new(NothingFound("nothing matches “x”".into()));
        assert_eq!(status(&nothing), 1);
        assert_eq!(status(&anyhow::anyhow!("no such account")), 2);
        let wrapped = anyhow::anyhow!("no such account").context("while opening");
        assert_eq!(status(&wrapped), 2);
    }

    #[test]
    fn a_reason_given_twice_is_said_once() {
        let io = std::io::Error::from(std::io::ErrorKind::ReadOnlyFilesystem);
        let store = crate::store::StoreError::Io {
            path: "backups/x.db".into(),
            source: io,
        };
        let error = anyhow::Error::new(store).context("could not back up");
        let said = message(&error);
        assert_eq!(said.matches("read-only").count(), 1, "{said}");
        assert!(said.starts_with("could not back up: cannot open backups/x.db: "));
        let chained = anyhow::anyhow!("the disk is full").context("could not export");
        assert_eq!(message(&chained), "could not export: the disk is full");
    }
}
