//! The sync conflicts: every field two machines changed differently, with
//! the value held here and the other machine's, to keep one or take the
//! other; and every record deleted on the other machine while it was edited
//! here, to keep or delete.

pub mod draw;

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::domain::Id;
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
            .filter_map(|c| Some((c.record, store.conflict_label(c)?)))
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

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use crate::domain::history::RecordKind;

    use crate::store::DELETED;
    use crate::tui::screen::with_empty_store;
    use crate::tui::screens::conflicts::*;

    fn conflict(field: &str) -> SyncConflict {
        SyncConflict {
            kind: RecordKind::Issue,
            record: Id::new(),
            account: Id::new(),
            field: field.into(),
            kept: "High".into(),
            other: "Critical".into(),
            other_record: Value::Null,
        }
    }

    /// The command `action` runs on `view` over `conflicts`, if any.
    fn run(view: &mut ConflictsView, conflicts: &[SyncConflict], action: Action) -> Effect {
        with_empty_store(|cx| {
            let cx = Cx { conflicts, ..*cx };
            view.act(action, &cx)
        })
    }

    #[test]
    fn keep_and_take_settle_the_selected_conflict() {
        let conflicts = [conflict("importance"), conflict(DELETED)];
        let mut view = ConflictsView::new();
        let Effect::Run(Command::ResolveConflict {
            record,
            field,
            pick,
        }) = run(&mut view, &conflicts, Action::Keep)
        else {
            panic!("keep runs a command");
        };
        assert_eq!(
            (record, field.as_str(), pick),
            (conflicts[0].record, "importance", Pick::Kept)
        );

        run(&mut view, &conflicts, Action::Down);
        run(&mut view, &conflicts, Action::Down);
        assert_eq!(view.selected, 1, "the selection stops at the last");
        let Effect::Run(Command::ResolveConflict {
            record,
            field,
            pick,
        }) = run(&mut view, &conflicts, Action::TakeOther)
        else {
            panic!("take runs a command");
        };
        assert_eq!(
            (record, field.as_str(), pick),
            (conflicts[1].record, DELETED, Pick::Other)
        );
    }

    #[test]
    fn an_empty_list_settles_nothing_and_closes_on_back() {
        let mut view = ConflictsView::new();
        assert!(matches!(
            run(&mut view, &[], Action::TakeOther),
            Effect::Say(..)
        ));
        assert!(matches!(run(&mut view, &[], Action::Back), Effect::Close));
        assert!(matches!(
            run(&mut view, &[], Action::Undo),
            Effect::Pass(Action::Undo)
        ));
    }

    #[test]
    fn the_selection_stays_within_the_conflicts_left() {
        let conflicts = [conflict("importance"), conflict("status")];
        let mut view = ConflictsView::new();
        run(&mut view, &conflicts, Action::Bottom);
        assert_eq!(view.selected, 1);
        with_empty_store(|cx| {
            let cx = Cx {
                conflicts: &conflicts[..1],
                ..*cx
            };
            view.refresh(&cx).unwrap();
        });
        assert_eq!(view.selected, 0);
    }
}
