//! What the terminal loop, the command line and the tests ask of the
//! application: its settings, its date, its store.

use chrono::NaiveDate;

use super::{App, Tone};
use crate::domain::Id;
use crate::domain::insight::{Insight, Weights};
use crate::store::Store;
use crate::tui::screen::{Screen, insight_of};

impl App {
    /// Shows `text` in the status line as information, e.g. a warning from
    /// before the interface started.
    pub fn notice(&mut self, text: impl Into<String>) {
        self.say(Tone::Info, text);
    }

    /// Whether private mode hides confidential figures.
    pub fn is_private(&self) -> bool {
        self.shared.private
    }

    /// Turns private mode on or off: confidential figures (revenue, share
    /// of wallet, hours, cost) are hidden everywhere while it is on.
    pub fn set_private(&mut self, private: bool) {
        self.shared.private = private;
    }

    /// Whether the user asked to leave.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The store, for callers that need it after the interface closes.
    pub fn store(&self) -> &Store {
        &self.shared.store
    }

    /// Changes the date "today" refers to (kam may run past midnight).
    pub fn set_today(&mut self, today: NaiveDate) {
        if today != self.shared.today {
            self.shared.today = today;
            if let Err(e) = self.reload(None) {
                self.say(Tone::Error, e.to_string());
            }
        }
    }

    /// Sets the currency a new account starts in: the configuration's
    /// `[money]` currency, an ISO 4217 code.
    pub fn set_currency(&mut self, currency: String) {
        self.shared.currency = currency;
    }

    /// Changes how much each factor counts in account health, e.g. to the
    /// weights of the configuration file, and weighs every account again.
    pub fn set_weights(&mut self, weights: Weights) {
        self.shared.weigh(weights);
    }

    /// What kam derives about the account `account_id` today: proof
    /// cadence, talk mix, contacts, cost to serve and health.
    pub fn insight(&self, account_id: Id) -> Option<&Insight> {
        insight_of(&self.shared.insights, account_id)
    }

    /// Fixes the seed the matching test is shuffled with, so that the same
    /// account always shows the same order (for reproducible screens);
    /// otherwise each test is shuffled afresh.
    pub fn fix_matching_seed(&mut self, seed: u64) {
        self.shared.matching_seed = Some(seed);
    }

    /// The main screen under the windows (for tests).
    pub fn main_screen(&self) -> &dyn Screen {
        self.screen.as_ref()
    }
}
