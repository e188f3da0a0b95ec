//! The matching test in the app: building it from the open account's
//! business issues and action plans, its keys, and keeping the score.

use crossterm::event::KeyEvent;

use crate::domain::matching::{MatchingTest, Pair, pairs};
use crate::domain::{Id, MatchingResult};
use crate::store::StoreError;
use crate::tui::action::Action;
use crate::tui::app::{App, Popup, Tone};
use crate::tui::command::Command;
use crate::tui::keymap::Context;
use crate::tui::screens::matching::{MatchingView, Outcome};

impl App {
    /// Fixes the seed the matching test is shuffled with, so that the same
    /// account always shows the same order (for reproducible screens);
    /// otherwise each test is shuffled afresh.
    pub fn fix_matching_seed(&mut self, seed: u64) {
        self.matching_seed = Some(seed);
    }

    /// Opens the matching test of the open account, or says why it cannot
    /// be taken.
    pub(crate) fn open_matching(&mut self) {
        let Some((id, name)) = self
            .workspace()
            .map(|ws| (ws.account.id, ws.account.name.clone()))
        else {
            return;
        };
        let (found, history) = match self.matching_records(id) {
            Ok(loaded) => loaded,
            Err(e) => return self.say(Tone::Error, e.to_string()),
        };
        let seed = self.matching_seed.unwrap_or_else(|| fastrand::u64(..));
        match MatchingTest::new(id, found, seed) {
            Ok(test) => {
                let view = MatchingView::new(name, test, history);
                self.popup = Some(Popup::Matching(Box::new(view)));
            }
            Err(too_few) => self.say(Tone::Info, too_few.to_string()),
        }
    }

    /// The pairs of the account's test and its earlier results.
    pub(crate) fn matching_records(
        &self,
        account_id: Id,
    ) -> Result<(Vec<Pair>, Vec<MatchingResult>), StoreError> {
        let issues = self.store.issues(account_id)?;
        let plans = self.store.account_plans(account_id)?;
        let history = self.store.matching_results(account_id)?;
        Ok((pairs(&issues, &plans), history))
    }

    /// A key while the matching test is open.
    pub(crate) fn matching_key(&mut self, mut view: Box<MatchingView>, key: KeyEvent) {
        if let Some(action) = self.keymap.action(Context::Matching, key) {
            if action == Action::Quit {
                self.quit = true;
                return;
            }
            match view.handle(action) {
                Outcome::Stay => {}
                Outcome::Close => return,
                Outcome::Notice(text) => self.say(Tone::Info, text),
                Outcome::Save(result) => {
                    let _ = self.run(Command::SaveMatching(result));
                }
            }
        }
        self.popup = Some(Popup::Matching(view));
    }
}
