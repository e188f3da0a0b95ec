//! A program in a pseudo-terminal of a fixed size, its output read into a
//! vt100 screen as it arrives, so that the moment a frame reaches the
//! terminal can be timed from the outside, with no help from the program.

use std::io::{Read, Write};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

/// How long a wait lasts before the run is counted as failed.
const TIMEOUT: Duration = Duration::from_secs(20);

/// How long the screen must stay unchanged to count as settled.
const QUIET: Duration = Duration::from_millis(120);

/// What the reader thread shares: the screen, when output last arrived,
/// and whether the program closed the terminal.
struct Screen {
    parser: vt100::Parser,
    last_output: Instant,
    closed: bool,
}

/// What a step waits for after its keys.
#[derive(Clone, Copy)]
pub enum Expect {
    /// This text on the screen.
    Text(&'static str),
    /// Anything on the screen (text or colours) changed.
    Change,
}

/// A running program.
pub struct Session {
    screen: Arc<(Mutex<Screen>, Condvar)>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    started: Instant,
}

impl Session {
    /// Starts `cmd` in a `cols`×`rows` terminal.
    pub fn start(mut cmd: CommandBuilder, cols: u16, rows: u16) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("opening a pseudo-terminal");
        cmd.env("TERM", "xterm-256color");
        let screen = Arc::new((
            Mutex::new(Screen {
                parser: vt100::Parser::new(rows, cols, 0),
                last_output: Instant::now(),
                closed: false,
            }),
            Condvar::new(),
        ));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let shared = Arc::clone(&screen);
        thread::spawn(move || {
            let mut buf = [0u8; 65536];
            loop {
                let n = reader.read(&mut buf).unwrap_or(0);
                let (lock, signal) = &*shared;
                let mut s = lock.lock().expect("screen lock");
                if n == 0 {
                    s.closed = true;
                    signal.notify_all();
                    return;
                }
                s.parser.process(&buf[..n]);
                s.last_output = Instant::now();
                signal.notify_all();
            }
        });
        let writer = pair.master.take_writer().expect("pty writer");
        let started = Instant::now();
        let child = pair.slave.spawn_command(cmd).expect("starting the program");
        drop(pair.slave);
        Self {
            screen,
            writer,
            child,
            started,
        }
    }

    /// The time from the start to the output that first showed `text`.
    pub fn first_paint(&self, text: &str) -> Option<Duration> {
        let seen = self.wait(|s| s.parser.screen().contents().contains(text))?;
        Some(seen - self.started)
    }

    /// Types `keys` and returns the time to the output that first met
    /// `expect`; then waits for the screen to settle, so that the next
    /// keys start from a quiet screen.
    pub fn step(&mut self, keys: &str, expect: Expect) -> Option<Duration> {
        self.settle();
        let before = self.formatted();
        let sent = Instant::now();
        self.writer.write_all(keys.as_bytes()).ok()?;
        self.writer.flush().ok()?;
        let seen = match expect {
            Expect::Text(text) => self.wait(|s| s.parser.screen().contents().contains(text)),
            Expect::Change => self.wait(|s| s.parser.screen().contents_formatted() != before),
        }?;
        Some(seen.saturating_duration_since(sent))
    }

    /// The screen's text, for a report when a wait ran out.
    pub fn contents(&self) -> String {
        self.screen
            .0
            .lock()
            .expect("screen lock")
            .parser
            .screen()
            .contents()
    }

    /// The peak resident memory of the program so far, in KiB, where the
    /// system tells (Linux).
    pub fn peak_memory_kib(&self) -> Option<u64> {
        let pid = self.child.process_id()?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    }

    /// Types `keys` to quit and waits for the program to end; kills it if
    /// it does not within a few seconds.
    pub fn quit(mut self, keys: &str) {
        self.settle();
        let _ = self.writer.write_all(keys.as_bytes());
        let _ = self.writer.flush();
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            thread::sleep(Duration::from_millis(5));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn formatted(&self) -> Vec<u8> {
        self.screen
            .0
            .lock()
            .expect("screen lock")
            .parser
            .screen()
            .contents_formatted()
    }

    /// Waits until no output arrived for a short while.
    fn settle(&self) {
        let (lock, signal) = &*self.screen;
        let mut s = lock.lock().expect("screen lock");
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let quiet_since = s.last_output.elapsed();
            if s.closed || quiet_since >= QUIET || Instant::now() > deadline {
                return;
            }
            s = signal
                .wait_timeout(s, QUIET - quiet_since)
                .expect("screen lock")
                .0;
        }
    }

    /// Waits until `met` holds of the screen, and returns when the output
    /// that made it hold arrived.
    fn wait(&self, met: impl Fn(&Screen) -> bool) -> Option<Instant> {
        let (lock, signal) = &*self.screen;
        let mut s = lock.lock().expect("screen lock");
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if met(&s) {
                return Some(s.last_output);
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            if s.closed {
                return None;
            }
            s = signal.wait_timeout(s, left).expect("screen lock").0;
        }
    }
}
