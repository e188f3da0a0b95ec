//! What every screen reads: the database, the date, the settings, and what
//! kam derives from them, read again after every change.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::Id;
use crate::domain::insight::{Insight, Weights};
use crate::domain::portfolio::AccountSummary;
use crate::store::{Store, StoreError, UndoInfo};
use crate::tui::keymap::Keymap;
use crate::tui::screen::{Cx, RenderContext};
use crate::tui::theme::Theme;

/// The database and what the screens read from it and draw with.
pub struct Shared {
    /// The database.
    pub store: Store,
    /// The date "today" refers to.
    pub today: NaiveDate,
    /// Colours and styles.
    pub theme: Theme,
    /// The keys.
    pub keymap: Keymap,
    /// Whether private mode hides confidential figures.
    pub private: bool,
    /// How much each factor counts in account health.
    pub weights: Weights,
    /// Every account with its summary, in portfolio order.
    pub portfolio: Vec<AccountSummary>,
    /// What kam derives about every account; recomputed on each reading.
    pub insights: Vec<Insight>,
    /// What `u` would undo, if anything.
    pub undo: Option<UndoInfo>,
    /// The account whose brief was opened this session, and where its
    /// "since last time" started.
    pub brief_since: Option<(Id, DateTime<Utc>)>,
    /// The seed the matching test is shuffled with, when fixed.
    pub matching_seed: Option<u64>,
}

impl Shared {
    /// `store` on `today`, with `theme` and `keymap`, not read yet.
    pub fn new(store: Store, today: NaiveDate, theme: Theme, keymap: Keymap) -> Self {
        Self {
            store,
            today,
            theme,
            keymap,
            private: false,
            weights: Weights::default(),
            portfolio: Vec::new(),
            insights: Vec::new(),
            undo: None,
            brief_since: None,
            matching_seed: None,
        }
    }

    /// Reads the portfolio, what kam derives about every account, and what
    /// `u` would undo, again.
    pub fn read(&mut self) -> Result<(), StoreError> {
        self.portfolio = self.store.portfolio(self.today)?;
        self.insights = self
            .store
            .facts(self.today)?
            .into_iter()
            .map(|facts| Insight::new(facts, &self.weights, self.today))
            .collect();
        self.undo = self.store.next_undo()?;
        Ok(())
    }

    /// Weighs every account again with `weights`.
    pub fn weigh(&mut self, weights: Weights) {
        self.weights = weights;
        let today = self.today;
        self.insights = std::mem::take(&mut self.insights)
            .into_iter()
            .map(|insight| Insight::new(insight.facts, &self.weights, today))
            .collect();
    }

    /// What a screen may read while it handles a key.
    pub fn cx(&self) -> Cx<'_> {
        Cx {
            store: &self.store,
            today: self.today,
            private: self.private,
            keymap: &self.keymap,
            insights: &self.insights,
            portfolio: &self.portfolio,
            brief_since: self.brief_since,
            matching_seed: self.matching_seed,
        }
    }

    /// What the screens draw with.
    pub fn render_context(&self) -> RenderContext<'_> {
        RenderContext {
            theme: &self.theme,
            today: self.today,
            private: self.private,
            keymap: &self.keymap,
            insights: &self.insights,
            weights: &self.weights,
            portfolio: &self.portfolio,
        }
    }
}
