//! The sync conflicts: every field two machines changed differently, with
//! the value held here and the other machine's, to keep one or take the
//! other; and every record deleted on the other machine while it was edited
//! here, to keep or delete.

pub mod draw;

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::domain::Id;
use crate::domain::history::{RecordKind, Tracked};
use crate::store::{Pick, Store, StoreError, SyncConflict};
use crate::tui::action::Action;
use crate::tui::command::Command;
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;
use crate::tui::screen::{Cx, Refreshed, RenderContext, Screen};
use crate::tui::screens::account::{movement, shift};
use crate::tui::widgets::scroll::Scroll;

/// The open window; the conflicts themselves are the application's, read
/// again after every change.
#[derive(Debug, Default)]
pub struct ConflictsView {
    /// Index of the selected conflict.
    pub selected: usize,
    /// Scroll position of the list.
    pub scroll: Scroll,
    /// The words naming each record with conflicts, by id.
    pub labels: HashMap<Id, String>,
}

impl ConflictsView {
    /// The window, the first conflict selected.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the words naming each record of `conflicts` again, and keeps
    /// the selection within them.
    fn read(&mut self, store: &Store, conflicts: &[SyncConflict]) {
        self.labels = conflicts
            .iter()
            .filter_map(|c| Some((c.record, label(store, c.kind, c.record)?)))
            .collect();
        self.selected = self.selected.min(conflicts.len().saturating_sub(1));
    }

    /// Settles the selected conflict with `pick`.
    fn resolve(&self, cx: &Cx, pick: Pick) -> Effect {
        match cx.conflicts.get(self.selected) {
            Some(conflict) => Effect::Run(Command::ResolveConflict {
                record: conflict.record,
                field: conflict.field.clone(),
                pick,
            }),
            None => Effect::info("No sync conflicts to settle."),
        }
    }
}

/// The words naming the record `id` of kind `kind`, as its history does;
/// none when it cannot be read.
fn label(store: &Store, kind: RecordKind, id: Id) -> Option<String> {
    let label = match kind {
        RecordKind::Account => store.account(id).ok()?.label(),
        RecordKind::Issue => store.issue(id).ok()?.label(),
        RecordKind::Plan => store.plan(id).ok()?.label(),
        RecordKind::Proof => store.proof(id).ok()?.label(),
        RecordKind::Stakeholder => store.stakeholder(id).ok()?.label(),
        RecordKind::Conversation => store.conversation(id).ok()?.label(),
        RecordKind::Assessment => store.assessment(id).ok()?.label(),
        RecordKind::Whitespace | RecordKind::Matching => return None,
    };
    Some(label)
}

impl Screen for ConflictsView {
    fn context(&self) -> Context {
        Context::Conflicts
    }

    fn title(&self) -> &'static str {
        "Sync conflicts"
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[
            (Action::Keep, "keep"),
            (Action::TakeOther, "take other"),
            (Action::Back, "close"),
        ]
    }

    fn act(&mut self, action: Action, cx: &Cx) -> Effect {
        if let Some(delta) = movement(action, self.scroll.page()) {
            self.selected = shift(self.selected, delta, cx.conflicts.len());
            return Effect::Stay;
        }
        match action {
            Action::Back | Action::Conflicts => Effect::Close,
            Action::Keep => self.resolve(cx, Pick::Kept),
            Action::TakeOther => self.resolve(cx, Pick::Other),
            action => Effect::Pass(action),
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, rc: &RenderContext) {
        draw::draw(rc, self, frame, area);
    }

    fn refresh(&mut self, cx: &Cx) -> Result<Refreshed, StoreError> {
        self.read(cx.store, cx.conflicts);
        Ok(Refreshed::Kept)
    }

    fn opened(&mut self, cx: &Cx) {
        self.read(cx.store, cx.conflicts);
    }

    fn edits(&self) -> bool {
        true
    }
}
