//! The review screen and the "why" popup in the app: opening them, their
//! keys, and keeping the review fresh after changes.

use crate::domain::Id;
use crate::domain::insight::Insight;
use crate::store::StoreError;
use crate::tui::action::Action;
use crate::tui::app::{App, Main, Tone};
use crate::tui::screens::account::Workspace;
use crate::tui::screens::map::{self, ReviewView};

impl App {
    /// The insight of every account, in portfolio order.
    pub(crate) fn portfolio_insights(&self) -> Vec<&Insight> {
        self.portfolio
            .iter()
            .filter_map(|s| self.insight(s.account.id))
            .collect()
    }

    /// A review of the portfolio as it stands, read afresh.
    pub(crate) fn build_review(&self) -> Result<ReviewView, StoreError> {
        let gaps = self.store.chain_breaks(None)?;
        Ok(ReviewView::new(&self.portfolio_insights(), gaps))
    }

    /// Shows the review screen on its map, the selected account of the
    /// portfolio selected on the map when it is there.
    pub(crate) fn open_review(&mut self) {
        let selected = self.portfolio.get(self.portfolio_sel).map(|s| s.account.id);
        match self.build_review() {
            Ok(mut view) => {
                if let Some(i) =
                    selected.and_then(|id| view.map.points.iter().position(|p| p.account_id == id))
                {
                    view.select_on_map(i);
                }
                self.screen = Main::Review(Box::new(view));
            }
            Err(e) => self.say(Tone::Error, e.to_string()),
        }
    }

    /// Rebuilds the review screen, if shown, after the data changed.
    pub(crate) fn reload_review(&mut self) -> Result<(), StoreError> {
        if !matches!(self.screen, Main::Review(_)) {
            return Ok(());
        }
        let fresh = self.build_review()?;
        if let Main::Review(view) = &mut self.screen {
            view.refresh(fresh);
        }
        Ok(())
    }

    /// Handles `action` on the review screen.
    pub(crate) fn review_action(&mut self, action: Action) {
        let Main::Review(view) = &mut self.screen else {
            return;
        };
        match view.handle(action) {
            map::Outcome::Stay => {}
            map::Outcome::Back => {
                let id = view.selected_account();
                self.screen = Main::Portfolio;
                if let Err(e) = self.reload(id) {
                    self.say(Tone::Error, e.to_string());
                }
            }
            map::Outcome::Open {
                account_id,
                page,
                select,
            } => {
                let opened = Workspace::open(&self.store, account_id).and_then(|mut ws| {
                    ws.page = page;
                    ws.reload(&self.store, select)?;
                    Ok(ws)
                });
                match opened {
                    Ok(ws) => self.screen = Main::Workspace(Box::new(ws)),
                    Err(e) => self.say(Tone::Error, e.to_string()),
                }
            }
        }
    }

    /// The account "why" explains from where the user is: the one selected
    /// in the portfolio or on the review screen, or the open one.
    pub(crate) fn why_target(&self) -> Option<Id> {
        match &self.screen {
            Main::Portfolio => self.portfolio.get(self.portfolio_sel).map(|s| s.account.id),
            Main::Workspace(ws) => Some(ws.account.id),
            Main::Review(view) => view.selected_account(),
            Main::Welcome | Main::Agenda(_) => None,
        }
    }
}
