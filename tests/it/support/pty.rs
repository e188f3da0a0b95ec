//! The real kam binary in a pseudo-terminal, its output fed to a vt100
//! screen model that the tests read back.
//!
//! A thread reads the terminal's output into a [`vt100::Parser`] for as long
//! as kam runs, so kam never blocks on a full pty buffer and the test never
//! blocks on a read. Keys are written straight to the terminal's input.
//! Every wait is bounded; when one runs out the test panics with the whole
//! screen, so a failure shows what kam was showing.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// How long any wait lasts before the test fails: generous, because a
/// 2-core machine running the suite in parallel can be slow, while a passing
/// test never waits this long.
const TIMEOUT: Duration = Duration::from_secs(15);

/// How often the screen is polled while waiting.
const POLL: Duration = Duration::from_millis(20);

/// Enter.
pub const ENTER: &str = "\r";
/// Tab.
pub const TAB: &str = "\t";
/// Ctrl-S.
pub const CTRL_S: &str = "\x13";
/// Ctrl-C.
pub const CTRL_C: &str = "\x03";

/// Records what the program asks the terminal to do beyond drawing: window
/// titles, which kam must never set from stored text.
#[derive(Default)]
pub struct Titles(Vec<String>);

impl vt100::Callbacks for Titles {
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.0.push(String::from_utf8_lossy(title).into_owned());
    }

    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.0.push(String::from_utf8_lossy(name).into_owned());
    }
}

/// The terminal's line discipline as a shell needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineModes {
    /// Input is read a line at a time, with erase and kill (ICANON).
    pub canonical: bool,
    /// What is typed is shown (ECHO).
    pub echo: bool,
}

impl LineModes {
    /// A usable terminal: lines, and echo.
    pub const USABLE: Self = Self {
        canonical: true,
        echo: true,
    };
}

/// A running kam in a pseudo-terminal.
pub struct Pty {
    parser: Arc<Mutex<vt100::Parser<Titles>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    /// Signals (by closing) that the reader saw the end of the output.
    output_closed: Receiver<()>,
    /// The terminal modes before kam started, as text (see [`Pty::modes`]).
    modes_before: String,
}

impl Pty {
    /// Starts kam with `args` in a terminal of `cols`×`rows`: TERM is
    /// xterm-256color, colour is on (NO_COLOR unset), `$EDITOR` is `true`,
    /// and HOME, the XDG folders and the working directory are `home`, so
    /// the run stays inside the test's sandbox.
    pub fn spawn(args: &[&OsStr], home: &Path, cols: u16, rows: u16) -> Self {
        Self::spawn_with_env(args, home, cols, rows, &[])
    }

    /// Starts kam as [`Pty::spawn`] does, with the variables of `env` set
    /// besides.
    pub fn spawn_with_env(
        args: &[&OsStr],
        home: &Path,
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> Self {
        let kam = OsStr::new(env!("CARGO_BIN_EXE_kam"));
        Self::spawn_program(kam, args, home, cols, rows, env)
    }

    /// Starts `program` as [`Pty::spawn_with_env`] starts kam: a wrapper
    /// that runs kam in a setting of its own (a small disk, a read-only
    /// mount) and sees the same terminal.
    pub fn spawn_program(
        program: &OsStr,
        args: &[&OsStr],
        home: &Path,
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("opening a pseudo-terminal");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.cwd(home);
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home);
        cmd.env("XDG_DATA_HOME", home.join(".local/share"));
        cmd.env("XDG_CONFIG_HOME", home.join(".config"));
        cmd.env("EDITOR", "true");
        for name in ["NO_COLOR", "VISUAL", "KAM_DB"] {
            cmd.env_remove(name);
        }
        for (name, value) in env {
            cmd.env(name, value);
        }
        let modes_before = Self::modes(pair.master.as_ref());
        let child = pair.slave.spawn_command(cmd).expect("starting kam");
        // Only kam may hold the terminal's other end: once it exits, the
        // reader sees the end of the output instead of waiting forever.
        drop(pair.slave);

        let parser = Arc::new(Mutex::new(vt100::Parser::new_with_callbacks(
            rows,
            cols,
            0,
            Titles::default(),
        )));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let (closed, output_closed) = mpsc::channel::<()>();
        let screen = Arc::clone(&parser);
        thread::spawn(move || {
            let _closed = closed;
            let mut buf = [0u8; 8192];
            // Linux reports the end of a pty's output as an error (EIO).
            while let Ok(n @ 1..) = reader.read(&mut buf) {
                screen.lock().expect("screen lock").process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Self {
            parser,
            writer,
            child,
            master: pair.master,
            output_closed,
            modes_before,
        }
    }

    /// Types `keys` as one write: text, or the key constants of this module.
    /// A lone Esc must not be sent this way followed by more keys, as it
    /// would read as Alt plus the next key.
    pub fn send(&mut self, keys: &str) {
        self.writer
            .write_all(keys.as_bytes())
            .and_then(|()| self.writer.flush())
            .unwrap_or_else(|e| panic!("typing {keys:?}: {e}\n{}", self.dump()));
    }

    /// kam's process id, to look at it in `/proc` while it runs.
    pub fn process_id(&self) -> u32 {
        self.child.process_id().expect("kam's process id")
    }

    /// Sends kam the signal `name` (`TERM`, `HUP` …), as another process
    /// or a closing terminal window would.
    pub fn signal(&self, name: &str) {
        let pid = self.process_id();
        let status = std::process::Command::new("kill")
            .args(["-s", name, &pid.to_string()])
            .status()
            .expect("running kill");
        assert!(status.success(), "kill -s {name} {pid} failed");
    }

    /// The screen's text, row by row.
    pub fn screen(&self) -> String {
        self.parser.lock().expect("screen lock").screen().contents()
    }

    /// The screen's cells that `keep` accepts, in reading order.
    fn cells_where(&self, keep: impl Fn(&vt100::Cell) -> bool) -> Vec<String> {
        let parser = self.parser.lock().expect("screen lock");
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        (0..rows)
            .flat_map(|row| (0..cols).map(move |col| (row, col)))
            .filter_map(|(row, col)| screen.cell(row, col))
            .filter(|cell| keep(cell))
            .map(|cell| cell.contents().to_string())
            .collect()
    }

    /// The text of the screen's cells shown in bold, in reading order.
    pub fn bold_text(&self) -> String {
        self.cells_where(vt100::Cell::bold).concat()
    }

    /// Whether any cell of the screen has a colour of its own, in front or
    /// behind.
    pub fn has_color(&self) -> bool {
        !self
            .cells_where(|cell| {
                cell.fgcolor() != vt100::Color::Default || cell.bgcolor() != vt100::Color::Default
            })
            .is_empty()
    }

    /// Every window or icon title kam set.
    pub fn titles(&self) -> Vec<String> {
        self.parser
            .lock()
            .expect("screen lock")
            .callbacks()
            .0
            .clone()
    }

    /// Waits until `text` is on the screen.
    pub fn wait_for(&self, text: &str) {
        self.wait(&format!("{text:?} on the screen"), |pty| {
            pty.screen().contains(text)
        });
    }

    /// Waits until `text` is no longer on the screen.
    pub fn wait_gone(&self, text: &str) {
        self.wait(&format!("{text:?} gone from the screen"), |pty| {
            !pty.screen().contains(text)
        });
    }

    /// Waits until the status line (the bottom row) shows `text`.
    pub fn wait_status(&self, text: &str) {
        self.wait(&format!("{text:?} in the status line"), |pty| {
            pty.status_line().contains(text)
        });
    }

    /// Waits until the screen's text satisfies `check`; `what` describes
    /// the awaited state for the failure message.
    pub fn wait_until(&self, what: &str, check: impl Fn(&str) -> bool) {
        self.wait(what, |pty| check(&pty.screen()));
    }

    /// Polls `check` until it holds, or fails the test showing the screen.
    fn wait(&self, what: &str, check: impl Fn(&Self) -> bool) {
        let start = Instant::now();
        while !check(self) {
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {what}\n{}",
                self.dump()
            );
            thread::sleep(POLL);
        }
    }

    /// The bottom row: kam's status line.
    fn status_line(&self) -> String {
        let parser = self.parser.lock().expect("screen lock");
        let (rows, cols) = parser.screen().size();
        parser
            .screen()
            .rows(0, cols)
            .nth(usize::from(rows) - 1)
            .unwrap_or_default()
    }

    /// Waits for kam to exit and for all its output to be read, so that the
    /// screen shows the terminal as kam left it.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let start = Instant::now();
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if start.elapsed() < TIMEOUT => thread::sleep(POLL),
                Ok(None) => panic!("kam did not exit\n{}", self.dump()),
                Err(e) => panic!("waiting for kam: {e}"),
            }
        };
        let left = TIMEOUT.saturating_sub(start.elapsed());
        // The sender is dropped, never used: a disconnect means "all read".
        if let Err(mpsc::RecvTimeoutError::Timeout) = self.output_closed.recv_timeout(left) {
            panic!("kam exited but its output never ended\n{}", self.dump());
        }
        status
    }

    /// Asserts that kam gave the terminal back as it found it: the main
    /// screen (not the alternate one), a visible cursor, and the same
    /// terminal modes as before it started (no raw mode left behind).
    pub fn assert_restored(&self) {
        {
            let parser = self.parser.lock().expect("screen lock");
            let screen = parser.screen();
            assert!(
                !screen.alternate_screen(),
                "still on the alternate screen\n{}",
                framed(screen)
            );
            assert!(
                !screen.hide_cursor(),
                "the cursor is still hidden\n{}",
                framed(screen)
            );
        }
        assert_eq!(
            Self::modes(self.master.as_ref()),
            self.modes_before,
            "the terminal modes were not restored"
        );
    }

    /// Whether the terminal, as kam left it, reads whole lines (canonical
    /// mode) and echoes what is typed: what the shell after kam needs.
    pub fn line_modes(&self) -> LineModes {
        let fd = self.master.as_raw_fd().expect("the terminal's descriptor");
        let mut modes = std::mem::MaybeUninit::<libc::termios>::uninit();
        // SAFETY: `fd` is the open master of the pseudo-terminal, and
        // tcgetattr fills `modes` whenever it returns 0.
        let modes = unsafe {
            assert_eq!(libc::tcgetattr(fd, modes.as_mut_ptr()), 0, "tcgetattr");
            modes.assume_init()
        };
        LineModes {
            canonical: modes.c_lflag & libc::ICANON != 0,
            echo: modes.c_lflag & libc::ECHO != 0,
        }
    }

    /// Whether kam left bracketed paste on, so that the shell after it
    /// would receive pasted text wrapped in escape sequences.
    pub fn bracketed_paste(&self) -> bool {
        self.parser
            .lock()
            .expect("screen lock")
            .screen()
            .bracketed_paste()
    }

    /// The terminal's modes (termios flags and control characters) as text,
    /// to compare before and after a run.
    fn modes(master: &dyn MasterPty) -> String {
        let modes = master.get_termios().expect("reading the terminal modes");
        format!("{modes:?}")
    }

    /// The whole screen framed for a failure message.
    fn dump(&self) -> String {
        framed(self.parser.lock().expect("screen lock").screen())
    }
}

/// `screen` in a frame, row by row, for a failure message.
fn framed(screen: &vt100::Screen) -> String {
    let (rows, cols) = screen.size();
    let rule = "─".repeat(usize::from(cols));
    let body: Vec<String> = screen.rows(0, cols).map(|row| format!("│{row}")).collect();
    format!(
        "screen ({cols}×{rows}):\n┌{rule}\n{}\n└{rule}",
        body.join("\n")
    )
}

impl Drop for Pty {
    /// Kills kam if a failed test left it running, before the writer goes
    /// (dropping the writer types a newline and Ctrl-D, which kam must not
    /// receive as keys).
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The digit shown right after `label ↔ ·  lead` on `screen`, e.g. the 2 of
/// "1 ↔ ·  Problem P2 …": which pair a matching test row shows.
pub fn digit_after(screen: &str, label: &str, lead: &str) -> usize {
    let needle = format!("{label} ↔ ·  {lead}");
    screen
        .lines()
        .find_map(|line| {
            let at = line.find(&needle)? + needle.len();
            line[at..].chars().next()?.to_digit(10)
        })
        .and_then(|d| usize::try_from(d).ok())
        .unwrap_or_else(|| panic!("no {needle:?} on the screen:\n{screen}"))
}
