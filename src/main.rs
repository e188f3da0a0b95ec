//! The `kam` binary: everything lives in the library; this only reports
//! errors and sets the exit status.

use std::process::ExitCode;

use kam::cli::exit;
use kam::tui::signals::Signalled;

fn main() -> ExitCode {
    end_quietly_on_a_closed_pipe();
    match kam::cli::main() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if e.downcast_ref::<Signalled>().is_none() {
                let message = kam::text::sanitize_lines(&exit::message(&e)).join("\n");
                eprintln!("kam: {message}");
            }
            ExitCode::from(exit::status(&e))
        }
    }
}

/// Output read by a command that stops early (`kam backups | head -1`)
/// ends kam quietly with the conventional status, as it ends any other
/// command-line tool, instead of a panic at the next line printed.
#[cfg(unix)]
fn end_quietly_on_a_closed_pipe() {
    // SAFETY: called first thing, before any other thread exists; SIG_DFL
    // is a valid disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn end_quietly_on_a_closed_pipe() {}
