//! The windows an open account opens over itself: its prep brief, what
//! changed since last time, and its matching tests (quick and team). The application
//! remembers, for the session, where "since last time" started when the
//! brief was first opened.

use chrono::{DateTime, Utc};

use crate::domain::Id;
use crate::domain::brief::default_since;
use crate::store::StoreError;
use crate::tui::effect::Effect;
use crate::tui::screen::Cx;
use crate::tui::screens::account::AccountView;
use crate::tui::screens::brief::BriefView;
use crate::tui::screens::changes::ChangesView;
use crate::tui::screens::matching::MatchingView;
use crate::tui::screens::team_test::TeamTestView;

/// Where "since last time" starts for `account_id`: where it started when
/// the brief was first opened in this session, else the later of the last
/// conversation and the last time the brief was opened, else 30 days ago.
fn since_for(account_id: Id, cx: &Cx) -> Result<DateTime<Utc>, StoreError> {
    match cx.brief_since {
        Some((id, since)) if id == account_id => Ok(since),
        _ => Ok(default_since(
            cx.store.last_brief_opened(account_id)?,
            cx.store.last_conversation(account_id, cx.today)?,
            Utc::now(),
        )),
    }
}

impl AccountView {
    /// Opens the account's prep brief, and remembers (unless the database
    /// is read-only) that it was opened.
    pub(crate) fn open_brief(&self, cx: &Cx) -> Effect {
        let id = self.account.id;
        let loaded = since_for(id, cx).and_then(|since| {
            let view = BriefView::read(id, since, cx)?;
            Ok((since, view))
        });
        Effect::or_error(loaded, |(since, view)| {
            Effect::All(vec![
                Effect::BriefOpened(id, since),
                Effect::Open(Box::new(view)),
            ])
        })
    }

    /// Opens "since last time" for the account.
    pub(crate) fn open_changes(&self, cx: &Cx) -> Effect {
        let (id, name) = (self.account.id, self.account.name.clone());
        let loaded = since_for(id, cx).and_then(|since| ChangesView::read(id, name, since, cx));
        Effect::or_error(loaded, |view| Effect::Open(Box::new(view)))
    }

    /// Opens the account's matching test, or says why it cannot be taken.
    pub(crate) fn open_matching(&self, cx: &Cx) -> Effect {
        let seed = cx.matching_seed.unwrap_or_else(|| fastrand::u64(..));
        MatchingView::open(self.account.id, self.account.name.clone(), seed, cx)
    }

    /// Opens the team's matching test on the account: the round in
    /// progress, if one is, else the choice of who takes part.
    pub(crate) fn open_team_test(&self, cx: &Cx) -> Effect {
        let seed = cx.matching_seed.unwrap_or_else(|| fastrand::u64(..));
        TeamTestView::open(&self.account, seed, cx)
    }
}
