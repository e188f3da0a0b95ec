//! The `kam` binary: everything lives in the library; this only reports
//! errors and sets the exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    match kam::cli::main() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kam: {e:#}");
            ExitCode::FAILURE
        }
    }
}
