//! Three-way merge of two edits of one record made from the same version:
//! what this window saved (`mine`) against what another window stored
//! meanwhile (`theirs`), both starting from `base`.
//!
//! A field changed on one side only takes that side's value; changed on both
//! to the same value, that value; changed on both to different values, it is
//! a [`Conflict`] and the merged record keeps mine. Plan steps merge step by
//! step, conversation attendees and whitespace units and offerings as sets,
//! whitespace cells cell by cell and each unit's region and site as one
//! field of the unit. Ids and timestamps never conflict.

use std::collections::{BTreeMap, BTreeSet};

use super::fields::{Field, Fields};
use super::history::first_line;
use super::{
    Account, ActionPlan, Assessment, BusinessIssue, Cell, CellState, Conversation, Id,
    ProofStatement, Stakeholder, Step, Whitespace,
};

/// A field changed differently on both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The field's key, e.g. `importance`, `steps`, or a whitespace cell as
    /// `unit × offering`.
    pub field: String,
    /// My value, as text.
    pub mine: String,
    /// Their value, as text.
    pub theirs: String,
}

impl Conflict {
    /// The field's name for people, e.g. `time frame`.
    pub fn name(&self) -> String {
        self.field.replace('_', " ")
    }
}

/// The outcome of a merge.
#[derive(Debug, Clone, PartialEq)]
pub struct Merge<T> {
    /// The merged record; at a conflicting field it holds my value.
    pub record: T,
    /// The keys of the fields taken from their side (changed there only).
    pub taken: Vec<String>,
    /// The fields changed differently on both sides.
    pub conflicts: Vec<Conflict>,
}

impl<T> Merge<T> {
    fn conflict(&mut self, field: &str, mine: String, theirs: String) {
        self.conflicts.push(Conflict {
            field: field.to_string(),
            mine,
            theirs,
        });
    }
}

/// A record kind that merges.
pub trait Merged: Fields + Clone {
    /// Merges what the field table leaves out (steps, attendees).
    fn merge_more(_base: &Self, _mine: &Self, _theirs: &Self, _out: &mut Merge<Self>) {}
    /// Copies what the field table leaves out, named by `key` as
    /// [`Merge::conflicts`] names it, from `from` into `into`; whether
    /// `key` names such a part.
    fn take_more(_into: &mut Self, _from: &Self, _key: &str) -> bool {
        false
    }
}

/// Copies the field named `key` (as [`Conflict::field`] names it: a
/// field's key, `steps`, `attendees`, a whitespace cell `unit × offering`)
/// from `from` into `into`; whether `key` names a field of the kind.
pub fn take_field<T: Merged>(into: &mut T, from: &T, key: &str) -> bool {
    match T::all_fields().find(|f| f.key == key) {
        Some(field) => {
            (field.take)(into, from);
            true
        }
        None => T::take_more(into, from, key),
    }
}

/// Merges `mine` and `theirs`, two edits of `base`.
pub fn merge<T: Merged>(base: &T, mine: &T, theirs: &T) -> Merge<T> {
    let mut out = Merge {
        record: mine.clone(),
        taken: Vec::new(),
        conflicts: Vec::new(),
    };
    for field in T::all_fields() {
        merge_field(field, base, mine, theirs, &mut out);
    }
    T::merge_more(base, mine, theirs, &mut out);
    out
}

fn merge_field<T>(field: &Field<T>, base: &T, mine: &T, theirs: &T, out: &mut Merge<T>) {
    let mine_changed = !(field.same)(base, mine);
    let theirs_changed = !(field.same)(base, theirs);
    if !theirs_changed || (field.same)(mine, theirs) {
        return;
    }
    if mine_changed {
        out.conflict(field.key, (field.text)(mine), (field.text)(theirs));
    } else {
        (field.take)(&mut out.record, theirs);
        out.taken.push(field.key.to_string());
    }
}

impl Merged for Account {}
impl Merged for BusinessIssue {}
impl Merged for ProofStatement {}
impl Merged for Stakeholder {}
impl Merged for Assessment {}

impl Merged for Conversation {
    fn merge_more(base: &Self, mine: &Self, theirs: &Self, out: &mut Merge<Self>) {
        let merged = merge_set(&base.attendees, &mine.attendees, &theirs.attendees);
        if !same_set(&merged, &mine.attendees) {
            out.taken.push("attendees".to_string());
        }
        out.record.attendees = merged;
    }

    fn take_more(into: &mut Self, from: &Self, key: &str) -> bool {
        let attendees = key == "attendees";
        if attendees {
            into.attendees.clone_from(&from.attendees);
        }
        attendees
    }
}

/// Whether two lists hold the same items, in any order.
fn same_set<K: Ord>(a: &[K], b: &[K]) -> bool {
    a.iter().collect::<BTreeSet<_>>() == b.iter().collect::<BTreeSet<_>>()
}

/// Merges two edits of a list kept as a set: an item removed on either side
/// is gone, an item added on either side is in. Items of `base` keep their
/// order; added ones follow in sorted order, so the result does not depend
/// on which side is mine.
pub fn merge_set<K: Ord + Clone>(base: &[K], mine: &[K], theirs: &[K]) -> Vec<K> {
    if same_set(mine, theirs) {
        return mine.to_vec();
    }
    let kept = base
        .iter()
        .filter(|k| mine.contains(k) && theirs.contains(k));
    let added: BTreeSet<&K> = mine
        .iter()
        .chain(theirs)
        .filter(|k| !base.contains(k))
        .collect();
    kept.chain(added).cloned().collect()
}

impl Merged for ActionPlan {
    fn merge_more(base: &Self, mine: &Self, theirs: &Self, out: &mut Merge<Self>) {
        let steps = merge_steps(&base.steps, &mine.steps, &theirs.steps, out);
        if steps != mine.steps {
            out.taken.push("steps".to_string());
        }
        out.record.steps = steps;
    }

    fn take_more(into: &mut Self, from: &Self, key: &str) -> bool {
        let steps = key == "steps";
        if steps {
            into.steps.clone_from(&from.steps);
        }
        steps
    }
}

/// A step as one line, for a conflict: its text, `[x]` when done, its due
/// date.
fn step_line(step: Option<&Step>) -> String {
    let Some(step) = step else {
        return "(removed)".to_string();
    };
    let mut line = first_line(&step.text);
    if step.done {
        line = format!("[x] {line}");
    }
    if let Some(due) = step.due {
        line = format!("{line} (due {due})");
    }
    line
}

fn find(steps: &[Step], id: Id) -> Option<&Step> {
    steps.iter().find(|s| s.id == id)
}

/// Merges the steps of a plan by id: each step's text, due date and done
/// mark merge as fields; steps added on either side are kept, removed on
/// either side are gone (unless the other side changed them: a conflict),
/// and a move on one side is kept.
fn merge_steps(
    base: &[Step],
    mine: &[Step],
    theirs: &[Step],
    out: &mut Merge<ActionPlan>,
) -> Vec<Step> {
    // The steps of the base that stay, each merged.
    let mut kept = Vec::new();
    for b in base {
        let (m, t) = (find(mine, b.id), find(theirs, b.id));
        match (m, t) {
            (Some(m), Some(t)) => kept.push(merge_step(b, m, t, out)),
            (None, None) => {}
            (Some(other), None) | (None, Some(other)) => {
                if other != b {
                    out.conflict("steps", step_line(m), step_line(t));
                    if let Some(m) = m {
                        kept.push(m.clone());
                    }
                }
            }
        }
    }
    let order = |side: &[Step]| -> Vec<Id> {
        side.iter()
            .map(|s| s.id)
            .filter(|id| kept.iter().any(|k: &Step| k.id == *id))
            .collect()
    };
    let base_order = order(base);
    let (mine_order, theirs_order) = (order(mine), order(theirs));
    let leader = if mine_order != base_order {
        if theirs_order != base_order && theirs_order != mine_order {
            out.conflict("steps", "(moved here)".into(), "(moved there)".into());
        }
        mine_order
    } else {
        theirs_order
    };
    let mut steps: Vec<Step> = leader
        .iter()
        .filter_map(|id| kept.iter().find(|k| k.id == *id).cloned())
        .collect();
    insert_added(&mut steps, base, mine, theirs);
    steps
}

/// Puts the steps added on either side after the step that precedes them on
/// their side (at the start when none does). Where both sides added steps
/// at the same place, the group whose first step has the lower id comes
/// first, so the result does not depend on which side is mine.
fn insert_added(steps: &mut Vec<Step>, base: &[Step], mine: &[Step], theirs: &[Step]) {
    // (anchor, the steps added after it), per side.
    let groups = |side: &[Step], placed: &[Step]| -> Vec<(Option<Id>, Vec<Step>)> {
        let mut groups: Vec<(Option<Id>, Vec<Step>)> = Vec::new();
        let mut anchor = None;
        for step in side {
            if find(base, step.id).is_some() {
                if find(placed, step.id).is_some() {
                    anchor = Some(step.id);
                }
                continue;
            }
            match groups.last_mut() {
                Some((a, group)) if *a == anchor => group.push(step.clone()),
                _ => groups.push((anchor, vec![step.clone()])),
            }
        }
        groups
    };
    let placed = steps.clone();
    let mut all = groups(mine, &placed);
    all.extend(groups(theirs, &placed));
    all.sort_by_key(|(_, group)| group[0].id);
    // Insert in reverse so that, at one anchor, the lowest group ends first.
    for (anchor, group) in all.into_iter().rev() {
        if group.iter().any(|s| find(steps, s.id).is_some()) {
            continue;
        }
        let at = anchor
            .and_then(|a| steps.iter().position(|s| s.id == a))
            .map_or(0, |i| i + 1);
        steps.splice(at..at, group);
    }
}

/// Merges one step edited on both sides, attribute by attribute.
fn merge_step(base: &Step, mine: &Step, theirs: &Step, out: &mut Merge<ActionPlan>) -> Step {
    let mut step = mine.clone();
    let mut clash = false;
    macro_rules! attribute {
        ($member:ident) => {
            if theirs.$member != base.$member && theirs.$member != mine.$member {
                if mine.$member == base.$member {
                    step.$member = theirs.$member.clone();
                } else {
                    clash = true;
                }
            }
        };
    }
    attribute!(text);
    attribute!(done);
    attribute!(due);
    if clash {
        out.conflict("steps", step_line(Some(mine)), step_line(Some(theirs)));
    }
    step
}

impl Fields for Whitespace {
    const FIELDS: &'static [Field<Self>] = &[];
}

impl Merged for Whitespace {
    fn merge_more(base: &Self, mine: &Self, theirs: &Self, out: &mut Merge<Self>) {
        let units = merge_set(&base.units, &mine.units, &theirs.units);
        let offerings = merge_set(&base.offerings, &mine.offerings, &theirs.offerings);
        let mut cells = Vec::with_capacity(units.len());
        for unit in &units {
            let mut row = Vec::with_capacity(offerings.len());
            for offering in &offerings {
                let at = |w: &Whitespace| cell_at(w, unit, offering);
                let (b, m, t) = (at(base), at(mine), at(theirs));
                let cell = if t == b || t == m {
                    m
                } else if m == b {
                    out.taken.push(cell_key(unit, offering));
                    t
                } else {
                    out.conflict(&cell_key(unit, offering), cell_text(&m), cell_text(&t));
                    m
                };
                row.push(cell);
            }
            cells.push(row);
        }
        let mut places = BTreeMap::new();
        for unit in &units {
            let at = |w: &Whitespace| w.places.get(unit).cloned().unwrap_or_default();
            let (b, m, t) = (at(base), at(mine), at(theirs));
            let place = if t == b || t == m {
                m
            } else if m == b {
                out.taken.push(place_key(unit));
                t
            } else {
                out.conflict(&place_key(unit), m.to_string(), t.to_string());
                m
            };
            if !place.is_empty() {
                places.insert(unit.clone(), place);
            }
        }
        out.record.units = units;
        out.record.offerings = offerings;
        out.record.cells = cells;
        out.record.places = places;
    }

    /// Takes one cell, or one unit's region and site; a unit or offering
    /// `into` lacks is added first.
    fn take_more(into: &mut Self, from: &Self, key: &str) -> bool {
        if let Some(unit) = from.units.iter().find(|unit| place_key(unit) == key) {
            if !into.units.contains(unit) {
                into.add_unit(unit.clone());
            }
            take_place(into, from, unit);
            return true;
        }
        let found = from.units.iter().find_map(|unit| {
            let offering = from
                .offerings
                .iter()
                .find(|offering| cell_key(unit, offering) == key)?;
            Some((unit, offering))
        });
        let Some((unit, offering)) = found else {
            return false;
        };
        if !into.units.contains(unit) {
            into.add_unit(unit.clone());
        }
        if !into.offerings.contains(offering) {
            into.add_offering(offering.clone());
        }
        let row = into.units.iter().position(|u| u == unit);
        let column = into.offerings.iter().position(|o| o == offering);
        if let Some(cell) = row.zip(column).and_then(|(r, c)| into.cell_mut(r, c)) {
            *cell = cell_at(from, unit, offering);
        }
        true
    }
}

impl Merge<Whitespace> {
    /// The merge with each conflicting cell as `theirs` holds it.
    pub fn keeping_theirs(mut self, theirs: &Whitespace) -> Self {
        let grid = &mut self.record;
        for (row, unit) in grid.cells.iter_mut().zip(&grid.units) {
            for (cell, offering) in row.iter_mut().zip(&grid.offerings) {
                let key = cell_key(unit, offering);
                if self.conflicts.iter().any(|c| c.field == key) {
                    *cell = cell_at(theirs, unit, offering);
                }
            }
        }
        let units = grid.units.clone();
        for unit in &units {
            if self.conflicts.iter().any(|c| c.field == place_key(unit)) {
                take_place(grid, theirs, unit);
            }
        }
        self
    }
}

/// A unit's region and site as a field: `unit (region and site)`.
fn place_key(unit: &str) -> String {
    format!("{unit} (region and site)")
}

/// Gives `unit` of `into` the region and site it has in `from`.
fn take_place(into: &mut Whitespace, from: &Whitespace, unit: &str) {
    match from.places.get(unit) {
        Some(place) => into.places.insert(unit.to_string(), place.clone()),
        None => into.places.remove(unit),
    };
}

/// A cell's name: `unit × offering`.
fn cell_key(unit: &str, offering: &str) -> String {
    format!("{unit} × {offering}")
}

/// The cell of `unit` and `offering`, "not relevant" where the grid has
/// none.
fn cell_at(grid: &Whitespace, unit: &str, offering: &str) -> Cell {
    let row = grid.units.iter().position(|u| u == unit);
    let column = grid.offerings.iter().position(|o| o == offering);
    row.zip(column)
        .and_then(|(r, c)| grid.cells.get(r)?.get(c).cloned())
        .unwrap_or(Cell {
            state: CellState::NotRelevant,
            value: None,
        })
}

/// A cell as text: its state and any value.
fn cell_text(cell: &Cell) -> String {
    use super::choice::Choice;
    match cell.value {
        Some(value) => format!("{} {value}", cell.state.label()),
        None => cell.state.label().to_string(),
    }
}

#[cfg(test)]
mod tests;
