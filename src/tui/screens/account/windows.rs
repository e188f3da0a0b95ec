//! The windows an open account opens over itself: its prep brief, what
//! changed since last time, and its matching test. The account remembers,
//! for the session, where "since last time" started when its brief was
//! first opened.

use chrono::{DateTime, Utc};

use crate::domain::Id;
use crate::domain::brief::default_since;
use crate::store::StoreError;
use crate::tui::app::{App, Tone};
use crate::tui::command::Command;
use crate::tui::effect::Effect;
use crate::tui::screens::brief::BriefView;
use crate::tui::screens::changes::ChangesView;
use crate::tui::screens::matching::MatchingView;

impl App {
    /// Where "since last time" starts for `account_id`: where it started
    /// when the brief was first opened in this session, else the later of
    /// the last conversation and the last time the brief was opened, else
    /// 30 days ago.
    pub(crate) fn since_for(&self, account_id: Id) -> Result<DateTime<Utc>, StoreError> {
        match self.brief_since {
            Some((id, since)) if id == account_id => Ok(since),
            _ => Ok(default_since(
                self.store.last_brief_opened(account_id)?,
                self.store.last_conversation(account_id, self.today)?,
                Utc::now(),
            )),
        }
    }

    /// Opens the prep brief of the open account, and remembers (unless the
    /// database is read-only) that it was opened.
    pub(crate) fn open_brief(&mut self) {
        let Some(id) = self.workspace().map(|ws| ws.account.id) else {
            return;
        };
        let loaded = self.since_for(id).and_then(|since| {
            let view = BriefView::read(id, since, &self.split().0)?;
            Ok((since, view))
        });
        let (since, view) = match loaded {
            Ok(found) => found,
            Err(e) => return self.say(Tone::Error, e.to_string()),
        };
        self.brief_since = Some((id, since));
        if !self.store.is_read_only() {
            let _ = self.run(Command::MarkBriefOpened(id));
        }
        self.open(Box::new(view));
    }

    /// Opens "since last time" for the open account.
    pub(crate) fn open_changes(&mut self) {
        let Some((id, name)) = self
            .workspace()
            .map(|ws| (ws.account.id, ws.account.name.clone()))
        else {
            return;
        };
        let loaded = self
            .since_for(id)
            .and_then(|since| ChangesView::read(id, name, since, &self.split().0));
        self.apply(Effect::or_error(loaded, |view| {
            Effect::Open(Box::new(view))
        }));
    }

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
        let seed = self.matching_seed.unwrap_or_else(|| fastrand::u64(..));
        let effect = MatchingView::open(id, name, seed, &self.split().0);
        self.apply(effect);
    }
}
