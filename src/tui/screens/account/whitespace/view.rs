//! What the whitespace page shows of its grid: its groups, which of them
//! are collapsed, the filter typed, and the rows that follow from them.
//! Built again when the grid, a group or the filter changes (one pass over
//! the units), never while the cursor moves.

use std::collections::HashSet;

use crate::domain::Whitespace;
use crate::domain::whitespace::{Group, Groups, Row, WalletShare};
use crate::text::{count, first_line, width};

/// Above this many units a grid opens with its groups collapsed.
pub const COLLAPSED_ABOVE: usize = 40;

/// Columns of indentation per level.
pub const INDENT: usize = 2;

/// The rows of the grid as shown.
#[derive(Debug, Default)]
pub struct View {
    /// The grid's groups and their totals.
    pub groups: Groups,
    /// The collapsed groups, by region and site: they stay collapsed when
    /// the grid is read again.
    collapsed: HashSet<(String, String)>,
    /// The filter as typed.
    filter: String,
    /// The rows shown, in order.
    rows: Vec<Row>,
    /// How many units are shown.
    shown_units: usize,
    /// The share of wallet of the whole grid.
    pub share: WalletShare,
    /// The widest label of a unit or group, indentation included.
    pub names_width: usize,
}

/// A group's identity across readings of the grid.
fn key(group: &Group) -> (String, String) {
    (group.region.clone(), group.site.clone())
}

impl View {
    /// The view of `grid` as first opened: its groups collapsed when it
    /// has more than [`COLLAPSED_ABOVE`] units.
    pub fn new(grid: &Whitespace) -> Self {
        let mut view = Self::default();
        view.rebuild(grid);
        if grid.units.len() > COLLAPSED_ABOVE {
            view.fold_all(true);
        }
        view
    }

    /// Reads `grid` again, keeping the collapsed groups and the filter.
    pub fn rebuild(&mut self, grid: &Whitespace) {
        self.groups = Groups::new(grid);
        self.share = grid.wallet_share();
        let groups = self
            .groups
            .all()
            .iter()
            .map(|g| INDENT * g.depth() + width(&group_label(g, false)));
        let units =
            grid.units.iter().enumerate().map(|(u, name)| {
                INDENT * self.groups.depth(Row::Unit(u)) + width(&first_line(name))
            });
        self.names_width = groups.chain(units).max().unwrap_or(0);
        self.refresh();
    }

    fn refresh(&mut self) {
        self.rows = match self.groups.filtered(&self.filter) {
            Some(rows) => rows,
            None => {
                let all = self.groups.all();
                self.groups.rows(|g| self.collapsed.contains(&key(&all[g])))
            }
        };
        self.shown_units = self
            .rows
            .iter()
            .filter(|r| matches!(r, Row::Unit(_)))
            .count();
    }

    /// The rows shown, in order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// Whether the group at `index` is collapsed (a filter opens them all).
    pub fn is_collapsed(&self, index: usize) -> bool {
        self.filter.trim().is_empty()
            && self
                .groups
                .all()
                .get(index)
                .is_some_and(|g| self.collapsed.contains(&key(g)))
    }

    /// Collapses the group at `index`, or expands it.
    pub fn fold(&mut self, index: usize) {
        let Some(group) = self.groups.all().get(index) else {
            return;
        };
        let key = key(group);
        if !self.collapsed.remove(&key) {
            self.collapsed.insert(key);
        }
        self.refresh();
    }

    /// Collapses every group, or expands them all.
    pub fn fold_all(&mut self, collapse: bool) {
        self.collapsed.clear();
        if collapse {
            self.collapsed = self.groups.all().iter().map(key).collect();
        }
        self.refresh();
    }

    /// Whether every group is collapsed.
    pub fn all_collapsed(&self) -> bool {
        self.groups
            .all()
            .iter()
            .all(|g| self.collapsed.contains(&key(g)))
    }

    /// The filter as typed.
    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// Keeps only the units whose name, site or region holds every word of
    /// `text`; empty shows every row again.
    pub fn set_filter(&mut self, text: &str) {
        if text != self.filter {
            self.filter = text.to_string();
            self.refresh();
        }
    }

    /// How many units are shown: those the filter keeps, outside the
    /// collapsed groups.
    pub fn shown_units(&self) -> usize {
        self.shown_units
    }

    /// Where `row` is shown, or else the innermost group shown that holds
    /// it.
    pub fn position(&self, row: Row) -> Option<usize> {
        let at = |row: Row| self.rows.iter().position(|r| *r == row);
        at(row).or_else(|| match row {
            Row::Unit(u) => self
                .groups
                .parents(u)
                .iter()
                .rev()
                .find_map(|g| at(Row::Group(*g))),
            Row::Group(_) => None,
        })
    }

    /// Expands the groups that hold the unit `unit` and clears a filter
    /// that hides it; returns where it is shown.
    pub fn reveal(&mut self, unit: usize) -> Option<usize> {
        let all = self.groups.all();
        for g in self.groups.parents(unit) {
            self.collapsed.remove(&key(&all[*g]));
        }
        self.refresh();
        if !self.rows.contains(&Row::Unit(unit)) {
            self.filter.clear();
            self.refresh();
        }
        self.rows.iter().position(|r| *r == Row::Unit(unit))
    }
}

/// A group's label: its name and how many units it holds, after a mark
/// that says whether it is collapsed: "▸ DACH · 412 units".
pub fn group_label(group: &Group, collapsed: bool) -> String {
    let mark = if collapsed { '▸' } else { '▾' };
    format!(
        "{mark} {} · {}",
        first_line(group.label()),
        count(group.units, "unit", "units")
    )
}
