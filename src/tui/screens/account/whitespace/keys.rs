//! The whitespace page's keys. Every confirmed change saves the whole grid
//! at once through [`Command::SaveWhitespace`](crate::tui::command::Command),
//! so `u` undoes it.

use crate::domain::whitespace::Axis;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::keymap::{Context, Keymap};
use crate::tui::screen::Cx;
use crate::tui::screens::account::AccountView;
use crate::tui::screens::account::whitespace::{Change, Spot, WhitespacePage};

impl AccountView {
    /// Handles `action` on the whitespace page; keys shared by every page
    /// fall back to the overview's handling.
    pub(crate) fn whitespace_act(&mut self, action: Action, cx: &Cx) -> Effect {
        let page = &mut self.whitespace;
        let rows = isize::try_from(page.rows.page()).unwrap_or(1);
        match action {
            Action::Up => page.move_rows(-1),
            Action::Down => page.move_rows(1),
            Action::PageUp => page.move_rows(-rows),
            Action::PageDown => page.move_rows(rows),
            Action::Top => page.move_rows(isize::MIN),
            Action::Bottom => page.move_rows(isize::MAX),
            Action::Left => page.move_columns(-1),
            Action::Right => page.move_columns(1),
            Action::Cycle | Action::Toggle => return cycle(page, cx.keymap),
            Action::Edit | Action::Open => return edit(page, cx),
            Action::Fold => return fold(page, cx.keymap),
            Action::FoldAll => return fold_all(page, cx.keymap),
            Action::Filter => page.start_filter(),
            Action::Regroup => return regroup(page, cx),
            Action::Back if !page.view.filter().is_empty() => {
                page.clear_filter();
                return Effect::info("Filter cleared: every unit shows again.");
            }
            Action::New => return start_new(page, Axis::Unit, cx),
            Action::NewColumn => return start_new(page, Axis::Offering, cx),
            Action::Rename => return rename(page, cx),
            Action::Delete => return delete(page, cx),
            // The overview's panes are not on this page.
            Action::NextPane | Action::PrevPane | Action::MoveUp | Action::MoveDown => {}
            _ => return self.overview_act(action, cx),
        }
        Effect::Stay
    }
}

/// The first key bound to `action` on this page, for messages.
fn key_name(keymap: &Keymap, action: Action) -> String {
    keymap
        .key_for(Context::Whitespace, action)
        .map_or_else(|| action.name().to_string(), |k| k.to_string())
}

/// Says how to start a grid, or how to reach a unit's or offering's name
/// to `verb` it.
fn hint(spot: Spot, verb: &str, keymap: &Keymap) -> Effect {
    Effect::info(match spot {
        Spot::Nothing => format!(
            "The grid is empty: press {} to add a unit (a row) or {} to add an offering (a column).",
            key_name(keymap, Action::New),
            key_name(keymap, Action::NewColumn)
        ),
        Spot::Group { .. } => format!(
            "A region or site is named by its units: press {} on a unit to move it to another.",
            key_name(keymap, Action::Regroup)
        ),
        _ => format!(
            "To {verb} a unit or an offering, move onto its name: {} to the unit's, {} to the offering's.",
            key_name(keymap, Action::Left),
            key_name(keymap, Action::Up)
        ),
    })
}

/// The database's refusal when it is read-only.
fn refusal(cx: &Cx) -> Option<Effect> {
    cx.store
        .is_read_only()
        .then(|| Effect::error(cx.store.read_only_error().to_string()))
}

/// Says why groups cannot be collapsed now, if they cannot.
fn cannot_fold(page: &WhitespacePage, keymap: &Keymap) -> Option<Effect> {
    if page.view.groups.all().is_empty() {
        return Some(Effect::info(format!(
            "No groups yet: press {} on a unit to give it a region and a site.",
            key_name(keymap, Action::Regroup)
        )));
    }
    (!page.view.filter().is_empty()).then(|| {
        Effect::info(format!(
            "The filter opens every group that holds a match: {} clears it.",
            key_name(keymap, Action::Back)
        ))
    })
}

/// Collapses or expands the group under the cursor, or the innermost
/// group of the unit under it.
fn fold(page: &mut WhitespacePage, keymap: &Keymap) -> Effect {
    if let Some(refused) = cannot_fold(page, keymap) {
        return refused;
    }
    let group = match page.spot() {
        Spot::Group { group, .. } => Some(group),
        Spot::Cell { unit, .. } | Spot::Name(Axis::Unit, unit) => {
            page.view.groups.parents(unit).last().copied()
        }
        _ => None,
    };
    match group {
        Some(group) => page.fold(group),
        None => {
            return Effect::info(format!(
                "{} collapses the group under the cursor: move onto a group or one of its units.",
                key_name(keymap, Action::Fold)
            ));
        }
    }
    Effect::Stay
}

fn fold_all(page: &mut WhitespacePage, keymap: &Keymap) -> Effect {
    if let Some(refused) = cannot_fold(page, keymap) {
        return refused;
    }
    page.fold_all();
    Effect::Stay
}

fn regroup(page: &mut WhitespacePage, cx: &Cx) -> Effect {
    if let Some(refused) = refusal(cx) {
        return refused;
    }
    match page.spot() {
        Spot::Cell { unit, .. } | Spot::Name(Axis::Unit, unit) => {
            page.start_regroup(unit);
            Effect::Stay
        }
        _ => Effect::info(format!(
            "{} moves a unit to another region or site: move onto a unit first.",
            key_name(cx.keymap, Action::Regroup)
        )),
    }
}

fn cycle(page: &mut WhitespacePage, keymap: &Keymap) -> Effect {
    match page.spot() {
        Spot::Group { group, .. } => {
            page.fold(group);
            Effect::Stay
        }
        Spot::Cell { unit, offering } => match page.cycled(unit, offering) {
            Some(change) => save(page, change),
            None => Effect::Stay,
        },
        Spot::Name(..) => Effect::info(format!(
            "{} marks a cell: move onto one with {} or {}.",
            key_name(keymap, Action::Cycle),
            key_name(keymap, Action::Right),
            key_name(keymap, Action::Down)
        )),
        Spot::Nothing => hint(Spot::Nothing, "mark", keymap),
    }
}

fn edit(page: &mut WhitespacePage, cx: &Cx) -> Effect {
    if let Some(refused) = refusal(cx) {
        return refused;
    }
    match page.spot() {
        Spot::Cell { unit, offering } => page.start_value(unit, offering, cx.private),
        Spot::Name(axis, index) => page.start_rename(axis, index),
        Spot::Group { group, .. } => page.fold(group),
        Spot::Nothing => return hint(Spot::Nothing, "edit", cx.keymap),
    }
    Effect::Stay
}

fn start_new(page: &mut WhitespacePage, axis: Axis, cx: &Cx) -> Effect {
    if let Some(refused) = refusal(cx) {
        return refused;
    }
    page.start_new(axis);
    Effect::Stay
}

fn rename(page: &mut WhitespacePage, cx: &Cx) -> Effect {
    if let Some(refused) = refusal(cx) {
        return refused;
    }
    match page.spot() {
        Spot::Name(axis, index) => {
            page.start_rename(axis, index);
            Effect::Stay
        }
        spot => hint(spot, "rename", cx.keymap),
    }
}

fn delete(page: &mut WhitespacePage, cx: &Cx) -> Effect {
    if let Some(refused) = refusal(cx) {
        return refused;
    }
    match page.spot() {
        Spot::Name(axis, index) => match page.delete(axis, index) {
            Some(change) => save(page, change),
            None => Effect::Stay,
        },
        spot => hint(spot, "delete", cx.keymap),
    }
}

/// Saves a changed grid; on success the page closes its prompt and moves
/// the cursor, on failure a line being typed stays with the error.
fn save(page: &mut WhitespacePage, change: Change) -> Effect {
    Effect::Submit(page.save(change))
}
