//! The signals that end kam from outside (SIGTERM, SIGHUP, SIGINT,
//! SIGQUIT): noted when they arrive and acted on by the event loop between
//! events, never in the middle of a write, so the terminal is restored
//! before kam exits.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::flag;

/// The signals that ask kam to end.
const ENDING: [i32; 4] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT];

/// Watches for the ending signals, from its start to the end of the
/// process (the interface runs until kam exits).
#[derive(Debug)]
pub struct Signals {
    received: Arc<AtomicUsize>,
}

impl Signals {
    /// Starts noting the ending signals instead of dying on them.
    pub fn watch() -> std::io::Result<Self> {
        let received = Arc::new(AtomicUsize::new(0));
        for signal in ENDING {
            let number = usize::try_from(signal).unwrap_or_default();
            flag::register_usize(signal, Arc::clone(&received), number)?;
        }
        Ok(Self { received })
    }

    /// The last ending signal received, if any, as an error that ends the
    /// interface.
    pub fn check(&self) -> Result<(), Signalled> {
        match self.received.load(Ordering::SeqCst) {
            0 => Ok(()),
            number => Err(Signalled(i32::try_from(number).unwrap_or(SIGTERM))),
        }
    }
}

/// kam was ended by this signal; the process should exit with the
/// conventional status, 128 plus the signal's number, and no message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signalled(pub i32);

impl Signalled {
    /// The exit status a shell expects of a process ended by this signal.
    pub fn exit_status(self) -> u8 {
        u8::try_from(128 + self.0).unwrap_or(u8::MAX)
    }
}

impl fmt::Display for Signalled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ended by signal {}", self.0)
    }
}

impl std::error::Error for Signalled {}
