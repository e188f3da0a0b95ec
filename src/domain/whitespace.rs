//! Whitespace: the customer's business units or sites against our
//! offerings, and what we supply where. Share of wallet follows from it.
//! A unit may sit in a region and a site, which group the grid's rows.

mod groups;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use groups::{Group, Groups, Level, Row};

use super::choice::{Choice, choice_enum};
use super::id::Id;
use super::validation::{Checker, Invalid};

choice_enum! {
    /// Who supplies one unit with one offering.
    pub enum CellState {
        Supply => ("supply", "We supply"),
        Opportunity => ("opportunity", "Opportunity"),
        Competitor => ("competitor", "Competitor supplies"),
        NotRelevant => ("not_relevant", "Not relevant"),
    }
}

impl CellState {
    /// A short mark for the grid.
    pub fn mark(self) -> &'static str {
        match self {
            Self::Supply => "●",
            Self::Opportunity => "○",
            Self::Competitor => "✕",
            Self::NotRelevant => "·",
        }
    }

    /// The state after this one when cycling through them all.
    pub fn next(self) -> Self {
        Self::ALL[(self.index() + 1) % Self::ALL.len()]
    }
}

/// The two sides of the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    /// The customer's business units or sites: the rows.
    Unit,
    /// Our offerings: the columns.
    Offering,
}

impl Axis {
    /// The word for one entry on this side: "unit", "offering".
    pub fn noun(self) -> &'static str {
        match self {
            Self::Unit => "unit",
            Self::Offering => "offering",
        }
    }
}

/// One cell of the grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// Who supplies it.
    pub state: CellState,
    /// The customer's annual spend in this cell, if known.
    pub value: Option<i64>,
}

impl Cell {
    /// Whether the cell holds nothing: not relevant and without a value.
    pub fn is_blank(&self) -> bool {
        *self == Self::default()
    }
}

impl Default for Cell {
    fn default() -> Self {
        Self {
            state: CellState::NotRelevant,
            value: None,
        }
    }
}

/// Where a unit is: its region and its site within it, either may be
/// empty ("DACH", "Munich plant").
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Place {
    /// The region, e.g. "DACH"; empty when none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub region: String,
    /// The site, e.g. "Munich plant"; empty when none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub site: String,
}

impl Place {
    /// A place from its region and site, trimmed.
    pub fn new(region: &str, site: &str) -> Self {
        Self {
            region: region.trim().to_string(),
            site: site.trim().to_string(),
        }
    }

    /// A place as typed: "DACH / Munich plant", "DACH", or "/ Munich plant"
    /// for a site without a region; the first `/` parts the two.
    pub fn parse(text: &str) -> Self {
        match text.split_once('/') {
            Some((region, site)) => Self::new(region, site),
            None => Self::new(text, ""),
        }
    }

    /// Whether the place has neither region nor site.
    pub fn is_empty(&self) -> bool {
        self.region.is_empty() && self.site.is_empty()
    }
}

impl std::fmt::Display for Place {
    /// The place as [`Place::parse`] reads it: "DACH / Munich plant".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.region.as_str(), self.site.as_str()) {
            (region, "") => f.write_str(region),
            ("", site) => write!(f, "/ {site}"),
            (region, site) => write!(f, "{region} / {site}"),
        }
    }
}

/// An account's whitespace grid: `cells[unit][offering]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Whitespace {
    /// The account.
    pub account_id: Id,
    /// The customer's business units or sites, the rows.
    pub units: Vec<String>,
    /// Our offerings, the columns.
    pub offerings: Vec<String>,
    /// One row of cells per unit, one cell per offering.
    pub cells: Vec<Vec<Cell>>,
    /// The region and site of each unit that has one, by the unit's name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub places: BTreeMap<String, Place>,
}

/// Share of wallet as the grid shows it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WalletShare {
    /// Spend in cells we supply.
    pub ours: i64,
    /// Spend in cells that are relevant (we, a competitor, or nobody yet).
    pub relevant: i64,
    /// How many relevant cells have a value.
    pub valued_cells: usize,
    /// How many relevant cells there are.
    pub relevant_cells: usize,
}

impl WalletShare {
    /// `ours` as a percentage of `relevant`, if there is any spend.
    pub fn percent(&self) -> Option<u8> {
        (self.relevant > 0)
            .then(|| ((self.ours as f64 / self.relevant as f64) * 100.0).round() as u8)
    }

    /// Counts one more cell: a relevant one (we, a competitor, or an open
    /// opportunity) adds to the relevant cells, and its value, if any, to
    /// the relevant spend (and to ours where we supply).
    pub fn add(&mut self, cell: &Cell) {
        if cell.state == CellState::NotRelevant {
            return;
        }
        self.relevant_cells += 1;
        if let Some(value) = cell.value {
            self.valued_cells += 1;
            self.relevant += value;
            if cell.state == CellState::Supply {
                self.ours += value;
            }
        }
    }
}

/// What a set of cells holds: how many are in each state, and the share
/// of wallet they give. A group of units has one per offering.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    /// The share of wallet of the cells counted.
    pub share: WalletShare,
    /// How many cells are in each state, in the order of [`CellState::ALL`].
    counts: [usize; 4],
}

impl Tally {
    /// Counts one more cell.
    pub fn add(&mut self, cell: &Cell) {
        self.counts[cell.state.index()] += 1;
        self.share.add(cell);
    }

    /// How many of the cells counted are in `state`.
    pub fn count(&self, state: CellState) -> usize {
        self.counts[state.index()]
    }
}

impl Whitespace {
    /// An empty grid for `account_id`.
    pub fn new(account_id: Id) -> Self {
        Self {
            account_id,
            units: Vec::new(),
            offerings: Vec::new(),
            cells: Vec::new(),
            places: BTreeMap::new(),
        }
    }

    /// Whether the grid has neither units nor offerings.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty() && self.offerings.is_empty()
    }

    /// The cell at (`unit`, `offering`), if both exist.
    pub fn cell(&self, unit: usize, offering: usize) -> Option<&Cell> {
        self.cells.get(unit)?.get(offering)
    }

    /// The cell at (`unit`, `offering`) for changing, if both exist.
    pub fn cell_mut(&mut self, unit: usize, offering: usize) -> Option<&mut Cell> {
        self.cells.get_mut(unit)?.get_mut(offering)
    }

    /// Adds a unit (row) of "not relevant" cells.
    pub fn add_unit(&mut self, name: impl Into<String>) {
        self.units.push(name.into());
        self.cells.push(vec![Cell::default(); self.offerings.len()]);
    }

    /// Adds an offering (column) of "not relevant" cells.
    pub fn add_offering(&mut self, name: impl Into<String>) {
        self.offerings.push(name.into());
        for row in &mut self.cells {
            row.push(Cell::default());
        }
    }

    /// Removes the unit at `index` with its cells and place.
    pub fn remove_unit(&mut self, index: usize) {
        if index < self.units.len() {
            let name = self.units.remove(index);
            self.cells.remove(index);
            self.places.remove(&name);
        }
    }

    /// Where the unit at `index` is; empty when it has no region or site.
    pub fn place(&self, index: usize) -> Place {
        self.units
            .get(index)
            .and_then(|name| self.places.get(name))
            .cloned()
            .unwrap_or_default()
    }

    /// Moves the unit at `index` to `place` (an empty place: to none).
    pub fn set_place(&mut self, index: usize, place: Place) {
        let Some(name) = self.units.get(index) else {
            return;
        };
        if place.is_empty() {
            self.places.remove(name);
        } else {
            self.places.insert(name.clone(), place);
        }
    }

    /// Removes the offering at `index` with its cells.
    pub fn remove_offering(&mut self, index: usize) {
        if index < self.offerings.len() {
            self.offerings.remove(index);
            for row in &mut self.cells {
                row.remove(index);
            }
        }
    }

    /// The names on one side of the grid, in order.
    pub fn names(&self, axis: Axis) -> &[String] {
        match axis {
            Axis::Unit => &self.units,
            Axis::Offering => &self.offerings,
        }
    }

    /// Adds a unit or an offering at the end of its side.
    pub fn add(&mut self, axis: Axis, name: impl Into<String>) {
        match axis {
            Axis::Unit => self.add_unit(name),
            Axis::Offering => self.add_offering(name),
        }
    }

    /// Removes the unit or offering at `index` with its cells.
    pub fn remove(&mut self, axis: Axis, index: usize) {
        match axis {
            Axis::Unit => self.remove_unit(index),
            Axis::Offering => self.remove_offering(index),
        }
    }

    /// Renames the unit or offering at `index`, if it exists; a unit keeps
    /// its place.
    pub fn rename(&mut self, axis: Axis, index: usize, name: impl Into<String>) {
        let names = match axis {
            Axis::Unit => &mut self.units,
            Axis::Offering => &mut self.offerings,
        };
        if let Some(slot) = names.get_mut(index) {
            let old = std::mem::replace(slot, name.into());
            if let Some(place) = self.places.remove(&old) {
                self.places.insert(slot.clone(), place);
            }
        }
    }

    /// How many cells of the unit or offering at `index` are marked or
    /// valued (not blank).
    pub fn marked_cells(&self, axis: Axis, index: usize) -> usize {
        let marked = |cell: Option<&Cell>| cell.is_some_and(|c| !c.is_blank());
        match axis {
            Axis::Unit => (0..self.offerings.len())
                .filter(|&o| marked(self.cell(index, o)))
                .count(),
            Axis::Offering => (0..self.units.len())
                .filter(|&u| marked(self.cell(u, index)))
                .count(),
        }
    }

    /// Checks names and values; the errors name the fields.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut c = Checker::default();
        c.check(
            self.units.iter().any(|u| u.trim().is_empty()),
            "units",
            "every unit needs a name",
        );
        c.check(
            self.offerings.iter().any(|o| o.trim().is_empty()),
            "offerings",
            "every offering needs a name",
        );
        for unit in &self.units {
            c.short_text("units", unit);
        }
        for offering in &self.offerings {
            c.short_text("offerings", offering);
        }
        for place in self.places.values() {
            c.short_text("region", &place.region);
            c.short_text("site", &place.site);
        }
        c.check(
            self.places.keys().any(|unit| !self.units.contains(unit)),
            "places",
            "a region or site is given for a unit the grid does not have",
        );
        c.check(
            self.places.values().any(Place::is_empty),
            "places",
            "a unit's place is empty",
        );
        c.check(
            has_repeats(&self.units),
            "units",
            "two units have the same name",
        );
        c.check(
            has_repeats(&self.offerings),
            "offerings",
            "two offerings have the same name",
        );
        c.check(
            self.cells.len() != self.units.len()
                || self.cells.iter().any(|r| r.len() != self.offerings.len()),
            "cells",
            "the grid is not one cell per unit and offering",
        );
        c.check(
            self.cells
                .iter()
                .flatten()
                .any(|c| c.value.is_some_and(|v| v < 0)),
            "value",
            "must not be negative",
        );
        c.finish()
    }

    /// Share of wallet from the cells with a value: spend where we supply
    /// over spend in every relevant cell (we, a competitor, or an open
    /// opportunity). Cells without a value are left out of both.
    pub fn wallet_share(&self) -> WalletShare {
        let mut share = WalletShare::default();
        for cell in self.cells.iter().flatten() {
            share.add(cell);
        }
        share
    }
}

fn has_repeats(names: &[String]) -> bool {
    names.iter().enumerate().any(|(i, a)| {
        names[..i]
            .iter()
            .any(|b| b.trim().eq_ignore_ascii_case(a.trim()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Whitespace {
        let mut w = Whitespace::new(Id::new());
        w.add_unit("Plant Mannheim");
        w.add_unit("Plant Ulm");
        w.add_offering("Spare parts");
        w.add_offering("Field service");
        w
    }

    #[test]
    fn share_of_wallet_counts_valued_relevant_cells() {
        let mut w = grid();
        *w.cell_mut(0, 0).unwrap() = Cell {
            state: CellState::Supply,
            value: Some(300),
        };
        *w.cell_mut(0, 1).unwrap() = Cell {
            state: CellState::Competitor,
            value: Some(500),
        };
        *w.cell_mut(1, 0).unwrap() = Cell {
            state: CellState::Opportunity,
            value: Some(200),
        };
        // Relevant but without a value: counted as a cell, not as spend.
        w.cell_mut(1, 1).unwrap().state = CellState::Supply;
        let share = w.wallet_share();
        assert_eq!((share.ours, share.relevant), (300, 1000));
        assert_eq!((share.valued_cells, share.relevant_cells), (3, 4));
        assert_eq!(share.percent(), Some(30));
        assert_eq!(Whitespace::new(Id::new()).wallet_share().percent(), None);
    }

    #[test]
    fn rows_and_columns_keep_the_grid_square() {
        let mut w = grid();
        w.add_offering("Training");
        assert_eq!(w.cells[1].len(), 3);
        w.remove_offering(0);
        w.remove_unit(0);
        assert_eq!(w.offerings, ["Field service", "Training"]);
        assert_eq!(w.cells.len(), 1);
        assert!(w.validate().is_ok());
        w.add_unit("plant ulm ");
        assert_eq!(
            w.validate().unwrap_err().0[0].message,
            "two units have the same name"
        );
    }

    #[test]
    fn states_cycle_through_all_four() {
        let mut state = CellState::NotRelevant;
        let mut seen = Vec::new();
        for _ in 0..4 {
            state = state.next();
            seen.push(state);
        }
        assert_eq!(
            seen,
            [
                CellState::Supply,
                CellState::Opportunity,
                CellState::Competitor,
                CellState::NotRelevant
            ]
        );
    }

    #[test]
    fn either_axis_is_added_renamed_counted_and_removed() {
        let mut w = grid();
        w.add(Axis::Offering, "Training");
        w.rename(Axis::Unit, 1, "Plant Augsburg");
        w.rename(Axis::Unit, 9, "nowhere");
        assert_eq!(w.names(Axis::Unit), ["Plant Mannheim", "Plant Augsburg"]);
        assert_eq!(w.names(Axis::Offering).len(), 3);
        w.cell_mut(1, 2).unwrap().state = CellState::Opportunity;
        w.cell_mut(0, 2).unwrap().value = Some(40);
        assert_eq!(w.marked_cells(Axis::Offering, 2), 2);
        assert_eq!(w.marked_cells(Axis::Unit, 1), 1);
        assert_eq!(w.marked_cells(Axis::Offering, 0), 0);
        assert!(w.cell(0, 0).unwrap().is_blank());
        w.remove(Axis::Offering, 2);
        w.remove(Axis::Unit, 0);
        assert_eq!(w.names(Axis::Offering), ["Spare parts", "Field service"]);
        assert_eq!(w.names(Axis::Unit), ["Plant Augsburg"]);
        assert!(w.validate().is_ok());
    }
}
