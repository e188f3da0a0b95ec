//! Syncing from the interface: one sync at a time runs in the background
//! on a connection of its own to the same file, so the interface never
//! waits on the network. The status line says it runs, then what it did;
//! what it wrote shows through the live refresh, like a change made in
//! another window.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread;

use super::{App, Tone};
use crate::store::Store;
use crate::sync::engine::{self, Outcome, Report, SyncError};
use crate::text::count;
use crate::tui::action::Action;
use crate::tui::keymap::{Context, Keymap};

/// A sync running in the background: its outcome arrives here, as the
/// words the status line says.
pub(super) struct Running(Receiver<Result<Report, String>>);

impl App {
    /// Starts a sync in the background, unless one is running.
    pub(super) fn start_sync(&mut self) {
        if self.syncing.is_some() {
            return self.say(Tone::Info, "A sync is already running.");
        }
        let path = self.shared.store.path().to_path_buf();
        let key = self.shared.store.passphrase().cloned();
        let (sender, receiver) = mpsc::channel();
        let started = thread::Builder::new().name("sync".into()).spawn(move || {
            let result = Store::open_with_key(&path, key)
                .map_err(SyncError::from)
                .and_then(|mut store| engine::sync(&mut store));
            // The interface may have closed meanwhile: no one to tell.
            let _ = sender.send(result.map_err(|e| e.to_string()));
        });
        match started {
            Ok(_) => {
                self.syncing = Some(Running(receiver));
                self.say(Tone::Info, "Syncing…");
            }
            Err(e) => self.say(Tone::Error, format!("Could not start the sync: {e}")),
        }
    }

    /// Whether a sync is running in the background.
    pub fn is_syncing(&self) -> bool {
        self.syncing.is_some()
    }

    /// Says how the sync in the background ended, once it has.
    pub(super) fn sync_finished(&mut self) {
        let Some(Running(receiver)) = &self.syncing else {
            return;
        };
        let result = match receiver.try_recv() {
            Ok(result) => result,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => {
                Err("The sync stopped before it could say how it ended.".to_string())
            }
        };
        self.syncing = None;
        match result {
            Ok(report) => {
                let text = told(&report, &self.shared.keymap);
                self.say(Tone::Ok, text);
            }
            Err(text) => self.say(Tone::Error, text),
        }
    }
}

/// What a sync did, in words, naming the key that shows the conflicts it
/// found.
fn told(report: &Report, keymap: &Keymap) -> String {
    let moved = match (report.sent, report.received) {
        (0, 0) => "nothing to send or receive".to_string(),
        (sent, 0) => format!("sent {}", count(sent, "change", "changes")),
        (0, received) => format!("received {}", count(received, "change", "changes")),
        (sent, received) => format!(
            "sent {}, received {received}",
            count(sent, "change", "changes")
        ),
    };
    let mut text = match &report.outcome {
        Outcome::Pushed => format!("Synced: {moved}."),
        Outcome::Offline(why) => format!(
            "Offline: changes kept, they go out with the next sync ({}).",
            why.lines().next().unwrap_or("").trim()
        ),
    };
    if report.conflicts > 0 {
        let key = keymap
            .key_for(Context::Global, Action::Conflicts)
            .map(|k| format!(": {k} shows them"))
            .unwrap_or_default();
        text.push_str(&format!(
            " {} found{key}.",
            count(report.conflicts, "conflict", "conflicts")
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use crate::tui::app::syncing::*;

    fn report(sent: usize, received: usize, conflicts: usize, outcome: Outcome) -> Report {
        Report {
            sent,
            received,
            conflicts,
            outcome,
        }
    }

    #[test]
    fn a_sync_is_told_in_words() {
        let keys = Keymap::default_keys();
        let said = |r: Report| told(&r, &keys);
        assert_eq!(
            said(report(0, 0, 0, Outcome::Pushed)),
            "Synced: nothing to send or receive."
        );
        assert_eq!(
            said(report(1, 0, 0, Outcome::Pushed)),
            "Synced: sent 1 change."
        );
        assert_eq!(
            said(report(0, 4, 0, Outcome::Pushed)),
            "Synced: received 4 changes."
        );
        assert_eq!(
            said(report(3, 2, 1, Outcome::Pushed)),
            "Synced: sent 3 changes, received 2. 1 conflict found: C shows them."
        );
        assert_eq!(
            said(report(
                3,
                0,
                0,
                Outcome::Offline("fatal: could not read from remote\nmore".into())
            )),
            "Offline: changes kept, they go out with the next sync \
             (fatal: could not read from remote)."
        );
    }
}
