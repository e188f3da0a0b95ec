//! The grid's units grouped by region, then by site within it: the groups
//! in order with their totals per offering, the rows shown when some
//! groups are collapsed, and the units a typed filter keeps.
//!
//! Everything here is computed once per grid, in one pass over its cells;
//! collapsing a group or typing a filter walks the units once more and
//! reads no cell.

use std::collections::BTreeMap;

use super::{Tally, Whitespace};
use crate::domain::search::{fold, folded_words};

/// The level of a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// A region, e.g. "DACH": its sites and the units without a site.
    Region,
    /// A site within a region, e.g. "Munich plant".
    Site,
}

/// A region or a site and what its units hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Region or site.
    pub level: Level,
    /// The region; empty for the units without one.
    pub region: String,
    /// The site; empty for a region.
    pub site: String,
    /// How many units it holds.
    pub units: usize,
    /// Per offering, the cells of its units.
    pub totals: Vec<Tally>,
}

impl Group {
    /// The group's name as shown: the site, the region, or "No region".
    pub fn label(&self) -> &str {
        match self.level {
            Level::Site => &self.site,
            Level::Region if self.region.is_empty() => "No region",
            Level::Region => &self.region,
        }
    }

    /// How many levels deep it is: a region 0, a site 1.
    pub fn depth(&self) -> usize {
        match self.level {
            Level::Region => 0,
            Level::Site => 1,
        }
    }
}

/// One row of the grid as shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// A group's header, by its index in [`Groups::all`].
    Group(usize),
    /// A unit, by its index in the grid.
    Unit(usize),
}

/// A grid's groups, computed once per grid.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Groups {
    /// Every group: each region followed by its sites.
    groups: Vec<Group>,
    /// Every row in order, each with its depth.
    tree: Vec<(Row, usize)>,
    /// Per unit, the groups it lies in: its region, then its site.
    parents: Vec<Vec<usize>>,
    /// Per unit, the folded words of its name, site and region.
    words: Vec<Vec<String>>,
}

/// How a name sorts: case and accents ignored.
fn sort_key(name: &str) -> (String, String) {
    (name.chars().map(fold).collect(), name.to_string())
}

impl Groups {
    /// The groups of `grid`: regions in alphabetical order (the units
    /// without one last), in each region first its units without a site,
    /// then its sites in alphabetical order; units keep the grid's order.
    /// A grid whose units have no region or site has no groups.
    pub fn new(grid: &Whitespace) -> Self {
        let count = grid.units.len();
        let mut out = Self {
            groups: Vec::new(),
            tree: Vec::with_capacity(count),
            parents: vec![Vec::new(); count],
            words: grid
                .units
                .iter()
                .enumerate()
                .map(|(u, name)| {
                    let place = grid.place(u);
                    let mut words = folded_words(name);
                    words.extend(folded_words(&place.site));
                    words.extend(folded_words(&place.region));
                    words
                })
                .collect(),
        };
        if grid.places.is_empty() {
            out.tree = (0..count).map(|u| (Row::Unit(u), 0)).collect();
            return out;
        }
        type Sites = BTreeMap<(String, String), Vec<usize>>;
        let mut regions: BTreeMap<(bool, (String, String)), Sites> = BTreeMap::new();
        for u in 0..count {
            let place = grid.place(u);
            regions
                .entry((place.region.is_empty(), sort_key(&place.region)))
                .or_default()
                .entry(sort_key(&place.site))
                .or_default()
                .push(u);
        }
        let offerings = grid.offerings.len();
        for ((_, (_, region)), sites) in regions {
            let r = out.push_group(Level::Region, &region, "", offerings);
            for ((_, site), units) in sites {
                let (parent, depth) = if site.is_empty() {
                    (None, 1)
                } else {
                    let s = out.push_group(Level::Site, &region, &site, offerings);
                    out.groups[s].units = units.len();
                    (Some(s), 2)
                };
                out.groups[r].units += units.len();
                for u in units {
                    out.tree.push((Row::Unit(u), depth));
                    out.parents[u] = std::iter::once(r).chain(parent).collect();
                }
            }
        }
        for (u, row) in grid.cells.iter().enumerate() {
            for &g in out.parents.get(u).into_iter().flatten() {
                for (tally, cell) in out.groups[g].totals.iter_mut().zip(row) {
                    tally.add(cell);
                }
            }
        }
        out
    }

    fn push_group(&mut self, level: Level, region: &str, site: &str, offerings: usize) -> usize {
        let group = Group {
            level,
            region: region.to_string(),
            site: site.to_string(),
            units: 0,
            totals: vec![Tally::default(); offerings],
        };
        self.tree
            .push((Row::Group(self.groups.len()), group.depth()));
        self.groups.push(group);
        self.groups.len() - 1
    }

    /// Every group: each region followed by its sites.
    pub fn all(&self) -> &[Group] {
        &self.groups
    }

    /// How far `row` is indented: 0 for a region or a unit of an ungrouped
    /// grid, one more for each group it lies in.
    pub fn depth(&self, row: Row) -> usize {
        match row {
            Row::Group(g) => self.groups.get(g).map_or(0, Group::depth),
            Row::Unit(u) => self.parents.get(u).map_or(0, Vec::len),
        }
    }

    /// The groups the unit `unit` lies in: its region, then its site.
    pub fn parents(&self, unit: usize) -> &[usize] {
        self.parents.get(unit).map_or(&[], Vec::as_slice)
    }

    /// The rows shown: every group whose enclosing groups are open, and
    /// the units of the open groups.
    pub fn rows(&self, collapsed: impl Fn(usize) -> bool) -> Vec<Row> {
        let mut rows = Vec::with_capacity(self.tree.len());
        let mut hidden_below: Option<usize> = None;
        for &(row, depth) in &self.tree {
            match hidden_below {
                Some(limit) if depth > limit => continue,
                _ => hidden_below = None,
            }
            rows.push(row);
            if let Row::Group(g) = row
                && collapsed(g)
            {
                hidden_below = Some(depth);
            }
        }
        rows
    }

    /// The rows a filter keeps: the units whose name, site or region holds
    /// every word of `query` (each word typed starts one of theirs, case
    /// and accents ignored), and the groups that hold them, open. `None`
    /// when the query has no words.
    pub fn filtered(&self, query: &str) -> Option<Vec<Row>> {
        let terms = folded_words(query);
        if terms.is_empty() {
            return None;
        }
        let matches: Vec<bool> = self
            .words
            .iter()
            .map(|words| {
                terms
                    .iter()
                    .all(|term| words.iter().any(|word| word.starts_with(term.as_str())))
            })
            .collect();
        let mut open = vec![false; self.groups.len()];
        for (u, _) in matches.iter().enumerate().filter(|(_, m)| **m) {
            for &g in self.parents(u) {
                open[g] = true;
            }
        }
        Some(
            self.tree
                .iter()
                .map(|&(row, _)| row)
                .filter(|row| match *row {
                    Row::Group(g) => open[g],
                    Row::Unit(u) => matches[u],
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::whitespace::Place;
    use crate::domain::{CellState, Id};

    /// Six units in two regions, three sites and one unit without a place.
    fn grid() -> Whitespace {
        let mut w = Whitespace::new(Id::new());
        w.add_offering("Spare parts");
        w.add_offering("Field service");
        let units = [
            ("Line 1", "DACH", "München plant"),
            ("Line 2", "DACH", "München plant"),
            ("Warehouse", "DACH", ""),
            ("Line 1 Lyon", "France", "Lyon"),
            ("Head office", "", ""),
            ("Line 3", "dach", "Augsburg"),
        ];
        for (u, (name, region, site)) in units.iter().enumerate() {
            w.add_unit(*name);
            w.set_place(u, Place::new(region, site));
        }
        w
    }

    fn labels(groups: &Groups, grid: &Whitespace, rows: &[Row]) -> Vec<String> {
        rows.iter()
            .map(|row| {
                let indent = "  ".repeat(groups.depth(*row));
                match *row {
                    Row::Group(g) => format!("{indent}[{}]", groups.all()[g].label()),
                    Row::Unit(u) => format!("{indent}{}", grid.units[u]),
                }
            })
            .collect()
    }

    #[test]
    fn units_group_by_region_then_site_in_alphabetical_order() {
        let w = grid();
        let groups = Groups::new(&w);
        let rows = groups.rows(|_| false);
        assert_eq!(
            labels(&groups, &w, &rows),
            [
                "[DACH]",
                "  Warehouse",
                "  [München plant]",
                "    Line 1",
                "    Line 2",
                "[dach]",
                "  [Augsburg]",
                "    Line 3",
                "[France]",
                "  [Lyon]",
                "    Line 1 Lyon",
                "[No region]",
                "  Head office",
            ]
        );
        let dach = &groups.all()[0];
        assert_eq!((dach.level, dach.units), (Level::Region, 3));
        assert_eq!(groups.all()[1].units, 2, "München plant");
    }

    #[test]
    fn an_ungrouped_grid_has_no_groups() {
        let mut w = grid();
        w.places.clear();
        let groups = Groups::new(&w);
        assert!(groups.all().is_empty());
        assert_eq!(groups.rows(|_| true).len(), 6);
        assert_eq!(groups.depth(Row::Unit(0)), 0);
    }

    #[test]
    fn a_collapsed_group_hides_what_it_holds_and_only_that() {
        let w = grid();
        let groups = Groups::new(&w);
        // DACH collapsed: its site goes with it.
        let rows = groups.rows(|g| g == 0);
        assert_eq!(
            labels(&groups, &w, &rows)[..3],
            ["[DACH]", "[dach]", "  [Augsburg]"]
        );
        // Only München plant collapsed: DACH's other unit stays.
        let rows = groups.rows(|g| g == 1);
        assert_eq!(
            labels(&groups, &w, &rows)[..4],
            ["[DACH]", "  Warehouse", "  [München plant]", "[dach]"]
        );
    }

    #[test]
    fn totals_count_each_groups_cells_per_offering() {
        let mut w = grid();
        w.cells[0][0] = crate::domain::Cell {
            state: CellState::Supply,
            value: Some(300),
        };
        w.cells[1][0] = crate::domain::Cell {
            state: CellState::Opportunity,
            value: Some(100),
        };
        w.cells[2][0].state = CellState::Competitor;
        w.cells[3][0].state = CellState::Supply;
        let groups = Groups::new(&w);
        let dach = groups.all()[0].totals[0];
        assert_eq!(dach.count(CellState::Supply), 1);
        assert_eq!(dach.count(CellState::Opportunity), 1);
        assert_eq!(dach.count(CellState::Competitor), 1);
        assert_eq!((dach.share.ours, dach.share.relevant), (300, 400));
        assert_eq!(dach.share.percent(), Some(75));
        let plant = groups.all()[1].totals[0];
        assert_eq!(plant.share.relevant_cells, 2);
        assert_eq!(
            groups.all()[0].totals[1],
            Tally {
                counts: [0, 0, 0, 3],
                ..Tally::default()
            }
        );
    }

    #[test]
    fn the_filter_keeps_matching_units_and_opens_their_groups() {
        let w = grid();
        let groups = Groups::new(&w);
        assert_eq!(groups.filtered("  "), None);
        let rows = groups.filtered("munc LINE").expect("a query");
        assert_eq!(
            labels(&groups, &w, &rows),
            ["[DACH]", "  [München plant]", "    Line 1", "    Line 2"]
        );
        let rows = groups.filtered("lyon").expect("a query");
        assert_eq!(
            labels(&groups, &w, &rows),
            ["[France]", "  [Lyon]", "    Line 1 Lyon"]
        );
        let rows = groups.filtered("fr 1").expect("a query");
        assert_eq!(labels(&groups, &w, &rows).len(), 3, "region and name");
        assert_eq!(groups.filtered("nowhere"), Some(Vec::new()));
    }
}
