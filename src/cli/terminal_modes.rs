//! The terminal's modes kept across a passphrase prompt. The prompt turns
//! echo and line editing off while the passphrase is typed; a signal that
//! ends kam meanwhile (Ctrl-C, SIGTERM, SIGHUP, SIGQUIT) would leave them
//! off in the user's shell. While a [`ModesKept`] lives, those signals put
//! the modes back first and then end kam as they otherwise would.

#[cfg(unix)]
mod unix {
    use std::mem::MaybeUninit;
    use std::sync::OnceLock;

    use libc::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, c_int};

    /// The signals that end kam at a prompt.
    const ENDING: [c_int; 4] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT];

    /// The terminal's modes before kam's first prompt: the user's.
    static BEFORE: OnceLock<libc::termios> = OnceLock::new();

    /// Puts the terminal's modes back when an ending signal arrives, until
    /// dropped; then the signals are handled as before.
    pub struct ModesKept {
        previous: Vec<(c_int, libc::sigaction)>,
    }

    impl ModesKept {
        /// Notes the terminal's modes and watches for the ending signals;
        /// without a terminal it does nothing.
        pub fn now() -> Self {
            let previous = match current_modes() {
                Some(modes) => {
                    BEFORE.get_or_init(|| modes);
                    ENDING.iter().filter_map(|&signal| watch(signal)).collect()
                }
                None => Vec::new(),
            };
            Self { previous }
        }
    }

    impl Drop for ModesKept {
        fn drop(&mut self) {
            for (signal, action) in &self.previous {
                // SAFETY: `action` is the disposition sigaction reported
                // for `signal` when it was replaced.
                unsafe {
                    libc::sigaction(*signal, action, std::ptr::null_mut());
                }
            }
        }
    }

    /// The modes of the controlling terminal, if there is one.
    fn current_modes() -> Option<libc::termios> {
        let tty = std::fs::File::open("/dev/tty").ok()?;
        let mut modes = MaybeUninit::<libc::termios>::uninit();
        // SAFETY: the descriptor is open for the call, and tcgetattr fills
        // `modes` whenever it returns 0.
        unsafe {
            use std::os::fd::AsRawFd;
            (libc::tcgetattr(tty.as_raw_fd(), modes.as_mut_ptr()) == 0).then(|| modes.assume_init())
        }
    }

    /// Handles `signal` with [`restore_then_end`]; returns the disposition
    /// it replaced.
    fn watch(signal: c_int) -> Option<(c_int, libc::sigaction)> {
        // SAFETY: a zeroed sigaction is a valid value to fill in; the
        // handler is async-signal-safe (see `restore_then_end`).
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = restore_then_end as extern "C" fn(c_int) as libc::sighandler_t;
            libc::sigemptyset(&raw mut action.sa_mask);
            let mut previous: libc::sigaction = std::mem::zeroed();
            (libc::sigaction(signal, &action, &mut previous) == 0).then_some((signal, previous))
        }
    }

    /// Puts the terminal's modes back, then ends kam by `signal` as its
    /// default action would.
    extern "C" fn restore_then_end(signal: c_int) {
        // SAFETY: open, tcsetattr, close, signal and raise are all
        // async-signal-safe, and `BEFORE` is only read here, never set.
        unsafe {
            if let Some(modes) = BEFORE.get() {
                let tty = libc::open(c"/dev/tty".as_ptr(), libc::O_RDWR | libc::O_NOCTTY);
                if tty >= 0 {
                    libc::tcsetattr(tty, libc::TCSANOW, modes);
                    libc::close(tty);
                }
            }
            // The signal is blocked until this handler returns, and then
            // its default action ends kam.
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
    }
}

#[cfg(unix)]
pub use unix::ModesKept;

/// Nothing to keep where there is no termios.
#[cfg(not(unix))]
pub struct ModesKept;

#[cfg(not(unix))]
impl ModesKept {
    /// Does nothing.
    pub fn now() -> Self {
        Self
    }
}
