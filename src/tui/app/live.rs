//! Keeping the screen live: what another kam window, `kam log`, `kam issue`
//! or an import commits to the file shows on the next tick of the event
//! loop, every selection staying on its record. A form being edited is
//! left as it is; its save reconciles it with the file.

use chrono::NaiveDate;

use crate::domain::{ActionPlan, Id};
use crate::store::StoreError;
use crate::tui::app::{App, Popup, Tone};
use crate::tui::screen::Refreshed;
use crate::tui::screens::plan::PlanView;

impl App {
    /// Runs on every turn of the event loop, at least four times a second:
    /// moves to `today` (kam may run past midnight) and reads every open
    /// view again when another connection changed the file.
    pub fn tick(&mut self, today: NaiveDate) {
        self.set_today(today);
        if let Err(e) = self.refresh_if_changed_elsewhere() {
            self.say(Tone::Error, e.to_string());
        }
    }

    /// Reads the open views again if the file changed since they were read,
    /// unless the whitespace page is typing (its line refers to the grid as
    /// it was; the refresh waits until it is done).
    pub(crate) fn refresh_if_changed_elsewhere(&mut self) -> Result<(), StoreError> {
        let version = self.store.data_version()?;
        if version == self.seen_version || self.whitespace_is_busy() {
            return Ok(());
        }
        let seen = std::mem::replace(&mut self.seen_version, version);
        let step = self
            .open_plan()
            .and_then(|(view, plan)| view.selected_step(plan));
        self.reload(None)?;
        self.follow_plan_step(step);
        self.refresh_windows(seen)
    }

    /// Reads every open window again; one whose record is gone closes (and
    /// says so, unless the screen underneath shows it already), and one the
    /// user is typing in is asked again on the next tick.
    fn refresh_windows(&mut self, seen: i64) -> Result<(), StoreError> {
        let (cx, windows) = self.split();
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
        if later {
            self.seen_version = seen;
        }
        Ok(())
    }

    /// The plan popup's view and its plan, when one is open.
    pub(crate) fn open_plan(&self) -> Option<(&PlanView, &ActionPlan)> {
        let Some(Popup::Plan(view)) = &self.popup else {
            return None;
        };
        let plan = self
            .workspace()?
            .plans
            .iter()
            .find(|p| p.id == view.plan_id())?;
        Some((view, plan))
    }

    /// Keeps the plan popup on `step`; closes it when its plan is gone.
    pub(crate) fn follow_plan_step(&mut self, step: Option<Id>) {
        let Some(Popup::Plan(view)) = &self.popup else {
            return;
        };
        let plan = self
            .workspace()
            .and_then(|ws| ws.plans.iter().find(|p| p.id == view.plan_id()))
            .cloned();
        match (plan, &mut self.popup) {
            (Some(plan), Some(Popup::Plan(view))) => view.follow(&plan, step),
            _ => {
                self.popup = None;
                self.say(Tone::Info, "The plan was deleted or moved elsewhere.");
            }
        }
    }
}
