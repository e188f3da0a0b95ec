//! The whitespace page of an open account: the grid of the customer's units
//! against our offerings, grouped by region and site, the cursor on it,
//! and the name, value or filter being typed. Changes leave the page as
//! whole grids for the app to save; the page reads the store only to
//! reload.

pub mod draw;
mod keys;
pub mod view;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::Style;
use ratatui_textarea::{CursorMove, Input, Key, TextArea};

use crate::domain::choice::Choice;
use crate::domain::whitespace::{Axis, Row};
use crate::domain::{Id, Place, Whitespace};
use crate::store::{Result, Store};
use crate::text::first_line;
use crate::tui::action::Action;
use crate::tui::command::Command;
use crate::tui::effect::Effect;
use crate::tui::keymap::is_ctrl_c;
use crate::tui::screens::account::shift;
use crate::tui::screens::forms::parse;
use crate::tui::widgets::scroll::Scroll;
use view::View;

/// The actions worth a hint in the status line on this page, with short
/// names.
pub const HINTS: &[(Action, &str)] = &[
    (Action::Cycle, "mark"),
    (Action::Edit, "value"),
    (Action::New, "unit"),
    (Action::NewColumn, "offering"),
    (Action::Back, "back"),
];

/// Where the cursor stands on the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spot {
    /// Nowhere: the grid has neither units nor offerings.
    Nothing,
    /// The name of a unit (at the start of its row) or of an offering (at
    /// the top of its column).
    Name(Axis, usize),
    /// The cell of a unit and an offering.
    Cell {
        /// The unit's index.
        unit: usize,
        /// The offering's index.
        offering: usize,
    },
    /// The row of a region or site.
    Group {
        /// The group's index in the view's groups.
        group: usize,
        /// The offering's column, if the cursor is not on the names.
        offering: Option<usize>,
    },
}

/// The cursor: a row (a position among the rows shown, or the row of
/// offering names) and a column (an offering, or the column of unit
/// names).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    row: Option<usize>,
    col: Option<usize>,
}

/// What a line being typed is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The name of a new unit or offering.
    New(Axis),
    /// A new name for the unit or offering at the index.
    Rename(Axis, usize),
    /// Another region and site for the unit at the index.
    Regroup(usize),
    /// The words the units shown must hold.
    Filter,
    /// The customer's annual spend in a cell.
    Value {
        /// The unit's index.
        unit: usize,
        /// The offering's index.
        offering: usize,
    },
}

/// A line being typed on the page.
#[derive(Debug)]
pub struct Entry {
    /// What the text is for.
    pub target: Target,
    /// The text and its cursor.
    pub input: TextArea<'static>,
    /// Why the last Enter was refused; cleared by the next edit.
    pub error: Option<String>,
    /// The text the line started with.
    initial: String,
    /// Whether Ctrl-C was pressed once over changed text: the next one
    /// quits.
    quit_asked: bool,
}

impl Entry {
    fn new(target: Target, text: &str, masked: bool) -> Self {
        let mut input = TextArea::new(vec![text.to_string()]);
        input.set_cursor_line_style(Style::new());
        input.set_cursor_style(Style::new());
        input.move_cursor(CursorMove::End);
        if masked {
            // Shown as a fixed mask: typing starts a new value.
            input.set_mask_char('•');
            input.select_all();
        }
        Self {
            target,
            input,
            error: None,
            initial: text.to_string(),
            quit_asked: false,
        }
    }

    /// Whether the line differs from the text it started with.
    pub fn is_changed(&self) -> bool {
        self.input.lines().join(" ") != self.initial
    }

    /// The text typed so far, trimmed.
    pub fn text(&self) -> String {
        self.input.lines().join(" ").trim().to_string()
    }
}

/// What the page is busy with; it takes every key until it is done.
#[derive(Debug)]
pub enum Prompt {
    /// Typing a name or a value.
    Typing(Box<Entry>),
    /// Asking before deleting a unit or offering that has marked cells.
    Confirm {
        /// The side of the grid.
        axis: Axis,
        /// The unit's or offering's index.
        index: usize,
        /// The question shown.
        question: String,
    },
}

/// A changed grid for the app to save, what to say once it is saved, and
/// where the cursor goes then.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The whole grid as it should be stored.
    pub grid: Whitespace,
    /// For the status line, e.g. "Added the unit “Plant Ulm”."
    pub message: String,
    /// Where the cursor stands after the save.
    pub cursor: Cursor,
    /// The unit the cursor stays on after the save, wherever its row goes.
    pub follow: Option<usize>,
}

/// The state of the whitespace page.
#[derive(Debug)]
pub struct WhitespacePage {
    /// The grid as stored.
    pub grid: Whitespace,
    /// Where the cursor stands.
    cursor: Cursor,
    /// What the page is busy with, if anything.
    pub prompt: Option<Prompt>,
    /// The units shown, remembered between frames.
    pub rows: Scroll,
    /// The offerings shown, remembered between frames.
    pub columns: Scroll,
    /// The rows shown: groups, collapsed or not, and the filter.
    pub view: View,
    /// Where the cursor goes once the change being saved is read back.
    saving: Option<(Cursor, Option<usize>)>,
}

impl Default for WhitespacePage {
    fn default() -> Self {
        Self::new(Whitespace::new(Id::default()))
    }
}

impl WhitespacePage {
    /// A page on `grid`, the cursor on its first cell (or first name while
    /// one side is empty).
    pub fn new(grid: Whitespace) -> Self {
        let mut page = Self {
            view: View::new(&grid),
            grid,
            cursor: Cursor::default(),
            prompt: None,
            rows: Scroll::default(),
            columns: Scroll::default(),
            saving: None,
        };
        page.settle();
        page
    }

    /// Reads the grid of `account_id` again, keeping the cursor on it.
    /// Another account's grid opens afresh: groups collapsed when there are
    /// many units, no filter, the cursor on the first row.
    pub fn reload(&mut self, store: &Store, account_id: Id, _select: Option<Id>) -> Result<()> {
        let grid = store.whitespace(account_id)?;
        if grid.account_id == self.grid.account_id {
            let at = self.row();
            self.grid = grid;
            self.view.rebuild(&self.grid);
            self.cursor.row = at.and_then(|row| self.view.position(row));
        } else {
            *self = Self::new(grid);
        }
        self.settle();
        if let Some((cursor, follow)) = self.saving.take() {
            self.saved(cursor, follow);
        }
        Ok(())
    }

    /// The row the cursor stands on, if it is not on the offerings' names.
    fn row(&self) -> Option<Row> {
        self.cursor
            .row
            .and_then(|at| self.view.rows().get(at).copied())
    }

    /// Where the cursor stands.
    pub fn spot(&self) -> Spot {
        match (self.row(), self.cursor.col) {
            (Some(Row::Unit(unit)), Some(offering)) => Spot::Cell { unit, offering },
            (Some(Row::Unit(unit)), None) => Spot::Name(Axis::Unit, unit),
            (Some(Row::Group(group)), offering) => Spot::Group { group, offering },
            (None, Some(offering)) => Spot::Name(Axis::Offering, offering),
            (None, None) => Spot::Nothing,
        }
    }

    /// The position of the cursor among the rows shown.
    pub fn cursor_row(&self) -> Option<usize> {
        self.cursor.row
    }

    /// Whether the page is typing or asking, and so takes every key.
    pub fn is_busy(&self) -> bool {
        self.prompt.is_some()
    }

    /// Whether reading the grid again must wait: the line being typed or
    /// the question asked refers to the grid as it is, until it is saved.
    pub fn holds_refresh(&self) -> bool {
        self.is_busy() && self.saving.is_none() && !self.is_filtering()
    }

    /// Whether the filter is being typed: it refers to no record, so the
    /// grid may be read again meanwhile and nothing typed is lost.
    fn is_filtering(&self) -> bool {
        self.entry().is_some_and(|e| e.target == Target::Filter)
    }

    /// The command that saves `change`; once the grid is read back, the
    /// prompt closes and the cursor moves where `change` says.
    pub fn save(&mut self, change: Change) -> Command {
        let Change {
            grid,
            message,
            cursor,
            follow,
        } = change;
        self.saving = Some((cursor, follow));
        Command::SaveWhitespace {
            grid,
            base: self.grid.clone(),
            message,
        }
    }

    /// Whether a line being typed differs from what it started with.
    pub fn has_changed_entry(&self) -> bool {
        !self.is_filtering() && self.entry().is_some_and(Entry::is_changed)
    }

    /// The line being typed, if any.
    pub fn entry(&self) -> Option<&Entry> {
        match &self.prompt {
            Some(Prompt::Typing(entry)) => Some(entry),
            _ => None,
        }
    }

    /// Moves the cursor `delta` units down (up when negative). One step up
    /// from the first unit reaches the offerings' names; down from there
    /// comes back.
    pub fn move_rows(&mut self, delta: isize) {
        let has_col = self.cursor.col.is_some();
        self.cursor.row = step(self.cursor.row, delta, self.view.rows().len(), has_col);
    }

    /// Moves the cursor `delta` offerings right (left when negative). One
    /// step left from the first offering reaches the units' names.
    pub fn move_columns(&mut self, delta: isize) {
        let has_row = self.cursor.row.is_some();
        self.cursor.col = step(self.cursor.col, delta, self.grid.offerings.len(), has_row);
    }

    /// Puts the cursor where a saved change left it: on the unit it
    /// follows, its groups opened.
    pub fn saved(&mut self, cursor: Cursor, follow: Option<usize>) {
        self.prompt = None;
        self.cursor = cursor;
        if let Some(unit) = follow {
            self.cursor.row = self.view.reveal(unit).or(self.cursor.row);
        }
        self.settle();
    }

    /// Collapses or expands the group `group`; the cursor stays on its row.
    pub fn fold(&mut self, group: usize) {
        self.view.fold(group);
        self.cursor.row = self.view.position(Row::Group(group));
        self.settle();
    }

    /// Collapses every group, or expands them all when all are collapsed;
    /// the cursor stays on its row or goes to the group that hides it.
    pub fn fold_all(&mut self) {
        let at = self.row();
        self.view.fold_all(!self.view.all_collapsed());
        self.cursor.row = at.and_then(|row| self.view.position(row));
        self.settle();
    }

    /// Starts typing the filter, from the one applied.
    pub fn start_filter(&mut self) {
        let text = self.view.filter().to_string();
        self.start(Target::Filter, &text, false);
    }

    /// Shows every row again; the cursor stays on its row.
    pub fn clear_filter(&mut self) {
        self.apply_filter("");
    }

    fn apply_filter(&mut self, text: &str) {
        let at = self.row();
        self.view.set_filter(text);
        let first_unit = || {
            self.view
                .rows()
                .iter()
                .position(|r| matches!(r, Row::Unit(_)))
        };
        self.cursor.row = match text.trim() {
            "" => at.and_then(|row| self.view.position(row)),
            _ => first_unit(),
        };
        self.settle();
    }

    /// Starts typing another region and site for the unit at `unit`.
    pub fn start_regroup(&mut self, unit: usize) {
        let place = self.grid.place(unit).to_string();
        self.start(Target::Regroup(unit), &place, false);
    }

    /// A save failed: the line being typed stays, showing `message`; a
    /// question is closed.
    pub fn failed(&mut self, message: String) {
        self.saving = None;
        match &mut self.prompt {
            Some(Prompt::Typing(entry)) => entry.error = Some(message),
            _ => self.prompt = None,
        }
    }

    /// The grid with the state of the cell cycled to the next one.
    pub fn cycled(&self, unit: usize, offering: usize) -> Option<Change> {
        let mut grid = self.grid.clone();
        let cell = grid.cell_mut(unit, offering)?;
        cell.state = cell.state.next();
        let message = format!(
            "{}: {}.",
            self.cell_name(unit, offering),
            cell.state.label()
        );
        Some(Change {
            grid,
            message,
            cursor: self.cursor,
            follow: Some(unit),
        })
    }

    /// Starts typing the value of a cell; `masked` shows dots for digits
    /// (private mode).
    pub fn start_value(&mut self, unit: usize, offering: usize, masked: bool) {
        let Some(cell) = self.grid.cell(unit, offering) else {
            return;
        };
        let text = cell.value.map(parse::amount_text).unwrap_or_default();
        self.start(Target::Value { unit, offering }, &text, masked);
    }

    /// Starts typing the name of a new unit or offering.
    pub fn start_new(&mut self, axis: Axis) {
        self.start(Target::New(axis), "", false);
    }

    /// Starts typing a new name for the unit or offering at `index`.
    /// A unit's line shows its place too: `Line 3 @ DACH / Munich plant`.
    pub fn start_rename(&mut self, axis: Axis, index: usize) {
        if let Some(name) = self.grid.names(axis).get(index).cloned() {
            let text = match axis {
                Axis::Unit => unit_line(&name, &self.grid.place(index)),
                Axis::Offering => name,
            };
            self.start(Target::Rename(axis, index), &text, false);
        }
    }

    fn start(&mut self, target: Target, text: &str, masked: bool) {
        let entry = Entry::new(target, text, masked);
        self.prompt = Some(Prompt::Typing(Box::new(entry)));
    }

    /// Deletes the unit or offering at `index`: at once when none of its
    /// cells is marked, otherwise after asking (then `None`).
    pub fn delete(&mut self, axis: Axis, index: usize) -> Option<Change> {
        let name = first_line(self.grid.names(axis).get(index)?);
        match self.grid.marked_cells(axis, index) {
            0 => Some(self.removal(axis, index)),
            marked => {
                let cells = if marked == 1 { "cell" } else { "cells" };
                let question = format!(
                    "Delete the {} “{name}” with its {marked} marked {cells}?",
                    axis.noun()
                );
                self.prompt = Some(Prompt::Confirm {
                    axis,
                    index,
                    question,
                });
                None
            }
        }
    }

    /// Handles a key while the page is busy: a confirmed line or answer
    /// is submitted as the command that saves the grid.
    pub fn key(&mut self, key: KeyEvent) -> Effect {
        match &mut self.prompt {
            None => Effect::Stay,
            Some(Prompt::Confirm { axis, index, .. }) => match key.code {
                KeyCode::Char('y' | 'Y') | KeyCode::Enter => {
                    let (axis, index) = (*axis, *index);
                    let change = self.removal(axis, index);
                    Effect::Submit(self.save(change))
                }
                KeyCode::Char('n' | 'N' | 'q') | KeyCode::Esc => {
                    self.prompt = None;
                    Effect::info("Kept it: nothing was deleted.")
                }
                _ => Effect::Stay,
            },
            Some(Prompt::Typing(entry)) if entry.target == Target::Filter => {
                match key.code {
                    KeyCode::Esc => {
                        self.prompt = None;
                        self.clear_filter();
                    }
                    KeyCode::Enter => self.prompt = None,
                    _ if is_ctrl_c(key) => return Effect::Quit,
                    _ => {
                        if entry.input.input(Input::from(key)) {
                            let text = entry.text();
                            self.apply_filter(&text);
                        }
                    }
                }
                Effect::Stay
            }
            Some(Prompt::Typing(entry)) => match key.code {
                KeyCode::Esc => {
                    self.prompt = None;
                    Effect::info("Cancelled: nothing was changed.")
                }
                _ if is_ctrl_c(key) => {
                    if entry.quit_asked || !entry.is_changed() {
                        return Effect::Quit;
                    }
                    entry.quit_asked = true;
                    entry.error =
                        Some("Ctrl-C again quits and discards what you typed; Esc cancels.".into());
                    Effect::Stay
                }
                KeyCode::Enter => match submit(&self.grid, self.cursor, entry) {
                    Ok(change) => Effect::Submit(self.save(change)),
                    Err(message) => {
                        entry.error = Some(message);
                        Effect::Stay
                    }
                },
                _ => {
                    let input = Input::from(key);
                    let breaks_line =
                        matches!(input.key, Key::Enter | Key::Tab | Key::Char('\n' | '\r'))
                            || (input.ctrl && input.key == Key::Char('m'));
                    if std::mem::take(&mut entry.quit_asked) {
                        entry.error = None;
                    }
                    if !breaks_line && entry.input.input(input) {
                        entry.error = None;
                    }
                    Effect::Stay
                }
            },
        }
    }

    /// Pasted text goes into the line being typed exactly as pasted, its
    /// line ends made spaces.
    pub fn paste(&mut self, text: &str) {
        if let Some(Prompt::Typing(entry)) = &mut self.prompt {
            let flat = text.replace("\r\n", " ").replace(['\n', '\r'], " ");
            if entry.input.insert_str(flat) {
                entry.error = None;
                if entry.target == Target::Filter {
                    let text = entry.text();
                    self.apply_filter(&text);
                }
            }
        }
    }

    /// "Plant Ulm × Spare parts", for messages.
    pub fn cell_name(&self, unit: usize, offering: usize) -> String {
        cell_name(&self.grid, unit, offering)
    }

    /// The grid without the unit or offering at `index`.
    fn removal(&self, axis: Axis, index: usize) -> Change {
        let name = first_line(self.grid.names(axis).get(index).map_or("", |n| n));
        let mut grid = self.grid.clone();
        grid.remove(axis, index);
        Change {
            grid,
            message: format!("Deleted the {} “{name}”. Press u to undo.", axis.noun()),
            cursor: self.cursor,
            follow: None,
        }
    }

    /// Keeps the cursor on the grid after the grid changed.
    fn settle(&mut self) {
        let units = self.view.rows().len();
        let offerings = self.grid.offerings.len();
        let clamp = |i: Option<usize>, len: usize| match len {
            0 => None,
            _ => i.map(|i| i.min(len - 1)),
        };
        self.cursor.row = clamp(self.cursor.row, units);
        self.cursor.col = clamp(self.cursor.col, offerings);
        if self.cursor.row.is_none() && self.cursor.col.is_none() && !self.grid.is_empty() {
            self.cursor.row = (units > 0).then_some(0);
            self.cursor.col = (offerings > 0).then_some(0);
        }
    }
}

/// One axis of the cursor moved by `delta` within `len` entries; `None` is
/// the row or column of names, reached by a single step back from the
/// first entry when the cursor stays on the grid (`other_set`).
fn step(at: Option<usize>, delta: isize, len: usize, other_set: bool) -> Option<usize> {
    match at {
        None if delta > 0 && len > 0 => Some(shift(0, delta - 1, len)),
        None => None,
        Some(0) if delta == -1 && other_set => None,
        Some(i) => Some(shift(i, delta, len)),
    }
}

/// "Plant Ulm × Spare parts".
fn cell_name(grid: &Whitespace, unit: usize, offering: usize) -> String {
    let name = |names: &[String], i: usize| first_line(names.get(i).map_or("", |n| n));
    format!(
        "{} × {}",
        name(&grid.units, unit),
        name(&grid.offerings, offering)
    )
}

/// The change the entry asks for, or why it cannot be made.
fn submit(grid: &Whitespace, cursor: Cursor, entry: &Entry) -> std::result::Result<Change, String> {
    let text = entry.text();
    let mut changed = grid.clone();
    let mut cursor = cursor;
    let mut follow = None;
    let message = match entry.target {
        Target::Filter => return Err("The filter applies as you type.".into()),
        Target::Regroup(unit) => {
            let name = grid
                .units
                .get(unit)
                .ok_or("This unit is no longer in the grid: press Esc.")?;
            let place = Place::parse(&text);
            changed.set_place(unit, place.clone());
            follow = Some(unit);
            format!("Moved “{}” to {}.", first_line(name), place_text(&place))
        }
        Target::Value { unit, offering } => {
            let value = typed_value(&text, entry.input.mask_char().is_some())?;
            let cell = changed
                .cell_mut(unit, offering)
                .ok_or("This cell is no longer in the grid: press Esc.")?;
            cell.value = value;
            follow = Some(unit);
            let verb = if value.is_some() { "Saved" } else { "Cleared" };
            format!("{verb} the value of {}.", cell_name(grid, unit, offering))
        }
        Target::New(axis) => {
            let (name, place) = named(axis, &text);
            if name.is_empty() {
                return Err(format!("Type the {}'s name, or press Esc.", axis.noun()));
            }
            changed.add(axis, name.as_str());
            let last = changed.names(axis).len() - 1;
            match axis {
                Axis::Unit => {
                    changed.set_place(last, place);
                    follow = Some(last);
                }
                Axis::Offering => cursor.col = Some(last),
            }
            format!("Added the {} “{}”.", axis.noun(), first_line(&name))
        }
        Target::Rename(axis, index) => {
            let (name, place) = named(axis, &text);
            if name.is_empty() {
                return Err(format!("A {} needs a name.", axis.noun()));
            }
            let old = first_line(grid.names(axis).get(index).map_or("", |n| n));
            changed.rename(axis, index, name.as_str());
            if axis == Axis::Unit {
                changed.set_place(index, place.clone());
                follow = Some(index);
            }
            if old == first_line(&name) && axis == Axis::Unit {
                format!("Moved “{old}” to {}.", place_text(&place))
            } else {
                format!(
                    "Renamed the {} “{old}” to “{}”.",
                    axis.noun(),
                    first_line(&name)
                )
            }
        }
    };
    changed.validate().map_err(|invalid| {
        let messages: Vec<String> = invalid.0.iter().map(|e| sentence(&e.message)).collect();
        messages.join(" ")
    })?;
    Ok(Change {
        grid: changed,
        message,
        cursor,
        follow,
    })
}

/// A name as typed on its line: an offering's whole, a unit's up to the
/// last `@`, after which come its region and site
/// (`Line 3 @ DACH / Munich plant`).
fn named(axis: Axis, text: &str) -> (String, Place) {
    match (axis, text.rsplit_once('@')) {
        (Axis::Unit, Some((name, place))) => (name.trim().to_string(), Place::parse(place)),
        _ => (text.trim().to_string(), Place::default()),
    }
}

/// A unit's line as [`named`] reads it.
fn unit_line(name: &str, place: &Place) -> String {
    if place.is_empty() && !name.contains('@') {
        name.to_string()
    } else {
        format!("{name} @ {place}")
    }
}

/// "DACH / Munich plant", or "no region or site", for messages.
fn place_text(place: &Place) -> String {
    if place.is_empty() {
        "no region or site".to_string()
    } else {
        first_line(&place.to_string())
    }
}

/// The value typed for a cell: none when empty. `masked` (private mode)
/// keeps the typed figure out of the error.
fn typed_value(text: &str, masked: bool) -> std::result::Result<Option<i64>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    match parse::amount(text) {
        Ok(value) if value < 0 => {
            Err("A value cannot be negative: type what the customer spends there a year.".into())
        }
        Ok(value) => Ok(Some(value)),
        Err(_) if masked => Err("Not an amount: use 1200000, 1 200 000, 1.2M or 850k.".into()),
        Err(error) => Err(error),
    }
}

/// `text` as a sentence: a capital first letter and a full stop.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::{CellState, Place};

    use crate::tui::effect::Tone;
    use crate::tui::screens::account::whitespace::*;
    use crossterm::event::KeyModifiers;

    fn page() -> WhitespacePage {
        let mut grid = Whitespace::new(Id::new());
        grid.add_unit("Plant Mannheim");
        grid.add_unit("Plant Ulm");
        grid.add_offering("Spare parts");
        grid.add_offering("Field service");
        WhitespacePage::new(grid)
    }

    fn cell(unit: usize, offering: usize) -> Spot {
        Spot::Cell { unit, offering }
    }

    fn press(page: &mut WhitespacePage, code: KeyCode) -> Effect {
        page.key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn type_text(page: &mut WhitespacePage, text: &str) {
        for c in text.chars() {
            press(page, KeyCode::Char(c));
        }
    }

    fn clear(page: &mut WhitespacePage) {
        for _ in 0..40 {
            press(page, KeyCode::Backspace);
        }
    }

    fn saved(page: &mut WhitespacePage, code: KeyCode) -> Change {
        match press(page, code) {
            Effect::Submit(Command::SaveWhitespace { grid, message, .. }) => {
                let (cursor, follow) = page.saving.expect("a save under way");
                Change {
                    grid,
                    message,
                    cursor,
                    follow,
                }
            }
            other => panic!("expected a change to save, got {other:?}"),
        }
    }

    #[test]
    fn the_cursor_reaches_the_names_one_step_beyond_the_cells() {
        let mut p = page();
        assert_eq!(p.spot(), cell(0, 0), "starts on the first cell");
        p.move_columns(-1);
        assert_eq!(p.spot(), Spot::Name(Axis::Unit, 0));
        p.move_columns(-1);
        assert_eq!(p.spot(), Spot::Name(Axis::Unit, 0), "no corner");
        p.move_columns(1);
        p.move_rows(-1);
        assert_eq!(p.spot(), Spot::Name(Axis::Offering, 0));
        p.move_rows(-1);
        assert_eq!(p.spot(), Spot::Name(Axis::Offering, 0), "no corner");
        p.move_rows(isize::MAX);
        assert_eq!(p.spot(), cell(1, 0));
        p.move_columns(5);
        assert_eq!(p.spot(), cell(1, 1));
        p.move_rows(isize::MIN);
        assert_eq!(p.spot(), cell(0, 1), "top stays on cells");
    }

    #[test]
    fn an_empty_grid_has_nowhere_to_stand_until_something_is_added() {
        let mut p = WhitespacePage::new(Whitespace::new(Id::new()));
        p.move_rows(1);
        p.move_columns(1);
        assert_eq!(p.spot(), Spot::Nothing);
        p.start_new(Axis::Offering);
        type_text(&mut p, "Spare parts");
        let change = saved(&mut p, KeyCode::Enter);
        assert_eq!(change.grid.offerings, ["Spare parts"]);
        p.grid = change.grid;
        p.saved(change.cursor, change.follow);
        assert_eq!(p.spot(), Spot::Name(Axis::Offering, 0));
        assert!(!p.is_busy());
    }

    #[test]
    fn cycling_changes_only_the_cell_under_the_cursor() {
        let p = page();
        let change = p.cycled(1, 0).expect("the cell exists");
        assert_eq!(change.grid.cells[1][0].state, CellState::Supply);
        assert_eq!(change.grid.cells[0][0].state, CellState::NotRelevant);
        assert_eq!(change.message, "Plant Ulm × Spare parts: We supply.");
        assert_eq!(p.cycled(5, 0), None);
    }

    #[test]
    fn a_bad_value_keeps_the_text_and_explains() {
        let mut p = page();
        p.start_value(0, 1, false);
        type_text(&mut p, "12x");
        assert!(matches!(press(&mut p, KeyCode::Enter), Effect::Stay));
        let entry = p.entry().expect("still typing");
        assert_eq!(entry.text(), "12x");
        assert!(
            entry
                .error
                .as_deref()
                .is_some_and(|e| e.contains("not an amount"))
        );
        press(&mut p, KeyCode::Backspace);
        assert_eq!(
            p.entry().and_then(|e| e.error.clone()),
            None,
            "editing clears it"
        );
        type_text(&mut p, "0k");
        let change = saved(&mut p, KeyCode::Enter);
        assert_eq!(change.grid.cells[0][1].value, Some(120_000), "12 then 0k");
        p.start_value(0, 1, false);
        type_text(&mut p, "-5");
        press(&mut p, KeyCode::Enter);
        assert!(
            p.entry()
                .and_then(|e| e.error.clone())
                .is_some_and(|e| e.contains("negative"))
        );
        p.grid = change.grid;
        p.start_value(0, 1, true);
        type_text(&mut p, "x");
        press(&mut p, KeyCode::Enter);
        let error = p.entry().and_then(|e| e.error.clone()).unwrap_or_default();
        assert!(error.starts_with("Not an amount"), "{error}");
        assert!(
            !error.contains("120 000"),
            "the masked figure stays hidden: {error}"
        );
    }

    #[test]
    fn an_empty_value_clears_the_cell() {
        let mut p = page();
        p.grid.cells[0][0].value = Some(300_000);
        p.start_value(0, 0, false);
        assert_eq!(p.entry().map(Entry::text), Some("300 000".to_string()));
        press(&mut p, KeyCode::Esc);
        assert!(!p.is_busy());
        p.start_value(0, 0, false);
        clear(&mut p);
        let change = saved(&mut p, KeyCode::Enter);
        assert_eq!(change.grid.cells[0][0].value, None);
        assert_eq!(
            change.message,
            "Cleared the value of Plant Mannheim × Spare parts."
        );
    }

    #[test]
    fn names_must_be_given_and_unique() {
        let mut p = page();
        p.start_new(Axis::Unit);
        press(&mut p, KeyCode::Enter);
        assert_eq!(
            p.entry().and_then(|e| e.error.clone()).as_deref(),
            Some("Type the unit's name, or press Esc.")
        );
        type_text(&mut p, "plant ulm");
        press(&mut p, KeyCode::Enter);
        assert_eq!(
            p.entry().and_then(|e| e.error.clone()).as_deref(),
            Some("Two units have the same name.")
        );
        p.start_rename(Axis::Offering, 1);
        assert_eq!(p.entry().map(Entry::text).as_deref(), Some("Field service"));
        clear(&mut p);
        p.paste("Field\r\nservice\u{1b}[2J 24/7");
        let change = saved(&mut p, KeyCode::Enter);
        assert_eq!(
            change.grid.offerings[1], "Field service\u{1b}[2J 24/7",
            "stored as pasted"
        );
        assert_eq!(
            change.message,
            "Renamed the offering “Field service” to “Field service␛[2J 24/7”."
        );
    }

    #[test]
    fn deleting_asks_only_when_cells_are_marked() {
        let mut p = page();
        let change = p
            .delete(Axis::Offering, 1)
            .expect("blank column goes at once");
        assert_eq!(change.grid.offerings, ["Spare parts"]);
        assert!(!p.is_busy());
        p.grid.cells[1][0].state = CellState::Competitor;
        assert_eq!(p.delete(Axis::Unit, 1), None);
        match &p.prompt {
            Some(Prompt::Confirm { question, .. }) => {
                assert_eq!(
                    question,
                    "Delete the unit “Plant Ulm” with its 1 marked cell?"
                );
            }
            other => panic!("expected a question, got {other:?}"),
        }
        assert!(matches!(
            press(&mut p, KeyCode::Char('n')),
            Effect::Say(Tone::Info, text) if text == "Kept it: nothing was deleted."
        ));
        p.delete(Axis::Unit, 1);
        let change = saved(&mut p, KeyCode::Char('y'));
        assert_eq!(change.grid.units, ["Plant Mannheim"]);
        assert!(change.message.contains("Press u to undo"));
    }

    /// A page on `grid` once saved: the grid read back as the app does.
    fn after(p: &mut WhitespacePage, change: Change) {
        p.grid = change.grid;
        p.view.rebuild(&p.grid);
        p.saved(change.cursor, change.follow);
    }

    #[test]
    fn a_unit_gets_its_region_and_site_after_an_at_sign_and_moves() {
        let mut p = page();
        p.start_new(Axis::Unit);
        type_text(&mut p, "Line 3 @ DACH / Munich plant");
        let change = saved(&mut p, KeyCode::Enter);
        assert_eq!(change.grid.units[2], "Line 3");
        assert_eq!(change.grid.place(2), Place::new("DACH", "Munich plant"));
        after(&mut p, change);
        assert_eq!(p.spot(), cell(2, 0), "the cursor follows it");
        p.start_rename(Axis::Unit, 2);
        assert_eq!(
            p.entry().map(Entry::text).as_deref(),
            Some("Line 3 @ DACH / Munich plant"),
            "the line shows the place to edit"
        );
        press(&mut p, KeyCode::Esc);
        p.start_regroup(2);
        clear(&mut p);
        type_text(&mut p, "DACH / Augsburg");
        let change = saved(&mut p, KeyCode::Enter);
        assert_eq!(change.message, "Moved “Line 3” to DACH / Augsburg.");
        assert_eq!(change.grid.place(2).site, "Augsburg");
        p.start_regroup(2);
        type_text(&mut p, "x".repeat(1001).as_str());
        press(&mut p, KeyCode::Enter);
        let entry = p.entry().expect("refused, the typing kept");
        assert!(entry.text().ends_with("xxx"));
        assert!(
            entry
                .error
                .as_deref()
                .is_some_and(|e| e.contains("the limit is 1,000"))
        );
    }

    #[test]
    fn groups_collapse_and_the_filter_keeps_matching_units() {
        let mut grid = Whitespace::new(Id::new());
        grid.add_offering("Spare parts");
        for n in 0..50 {
            grid.add_unit(format!("Line {n}"));
            let site = if n % 2 == 0 {
                "Munich plant"
            } else {
                "Augsburg"
            };
            grid.set_place(n, Place::new("DACH", site));
        }
        let mut p = WhitespacePage::new(grid);
        assert_eq!(p.view.rows().len(), 1, "many units start collapsed");
        assert!(matches!(p.spot(), Spot::Group { group: 0, .. }));
        p.fold(0);
        assert_eq!(p.view.rows().len(), 3, "DACH open, its sites collapsed");
        p.fold_all();
        assert_eq!(p.view.rows().len(), 1);
        p.fold_all();
        assert_eq!(p.view.rows().len(), 53, "all open");
        p.fold_all();
        p.start_filter();
        type_text(&mut p, "munich 4");
        assert_eq!(p.view.shown_units(), 6, "Line 4, 40, 42, 44, 46 and 48");
        assert_eq!(p.spot(), cell(4, 0), "the cursor on the first match");
        press(&mut p, KeyCode::Enter);
        assert!(
            !p.is_busy() && p.view.filter() == "munich 4",
            "Enter keeps it"
        );
        p.start_filter();
        press(&mut p, KeyCode::Esc);
        assert_eq!(p.view.filter(), "");
        assert_eq!(p.view.rows().len(), 1, "collapsed again as before");
    }

    #[test]
    fn the_cursor_settles_on_the_grid_after_a_removal() {
        let mut p = page();
        p.move_rows(1);
        p.move_columns(1);
        assert_eq!(p.spot(), cell(1, 1));
        p.grid.remove(Axis::Offering, 1);
        p.grid.remove(Axis::Offering, 0);
        p.saved(p.cursor, None);
        assert_eq!(p.spot(), Spot::Name(Axis::Unit, 1));
    }
}
