//! Keeping the screen live: what another kam window, `kam log`, `kam issue`
//! or an import commits to the file shows on the next tick of the event
//! loop, every selection staying on its record. A form being edited is
//! left as it is; its save reconciles it with the file.

use chrono::NaiveDate;

use crate::store::StoreError;
use crate::tui::app::{App, Tone};
use crate::tui::screen::Refreshed;

impl App {
    /// Runs on every turn of the event loop, at least four times a second:
    /// moves to `today` (kam may run past midnight), tells how a sync in
    /// the background ended, and reads every open view again when another
    /// connection changed the file.
    pub fn tick(&mut self, today: NaiveDate) {
        self.set_today(today);
        self.sync_finished();
        if let Err(e) = self.refresh_if_changed_elsewhere() {
            self.say(Tone::Error, e.to_string());
        }
    }

    /// Reads the open views again if the file changed since they were
    /// read; one the user is typing in is read on a later change instead.
    fn refresh_if_changed_elsewhere(&mut self) -> Result<(), StoreError> {
        let version = self.shared.store.data_version()?;
        if version == self.seen_version {
            return Ok(());
        }
        let seen = std::mem::replace(&mut self.seen_version, version);
        let main_read = self.reload(None)?;
        if !self.refresh_windows()? || !main_read {
            self.seen_version = seen;
        }
        Ok(())
    }

    /// Reads every open window again; one whose record is gone closes and
    /// says so. `false` when one the user is typing in asked to be read on
    /// a later change instead.
    pub(super) fn refresh_windows(&mut self) -> Result<bool, StoreError> {
        let (cx, windows, _) = self.split();
        let mut gone = Vec::new();
        let mut later = false;
        for (n, window) in windows.iter_mut().enumerate() {
            match window.refresh(&cx)? {
                Refreshed::Kept => {}
                Refreshed::Later => later = true,
                Refreshed::Gone(why) => gone.push((n, Some(why))),
                Refreshed::Closed => gone.push((n, None)),
            }
        }
        for (n, why) in gone.into_iter().rev() {
            self.windows.remove(n);
            if let Some(why) = why {
                self.say(Tone::Info, why);
            }
        }
        Ok(!later)
    }
}
