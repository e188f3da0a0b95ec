//! The customer's reporting lines as a tree, laid out as rows ready to
//! draw, and the rule that keeps a new reporting line from closing a loop.
//!
//! Reporting lines come from [`Stakeholder::reports_to`]. The data may be
//! imperfect (imported records, a manager in another account, a loop made
//! outside kam), so the layout never trusts it: every person appears
//! exactly once, and anyone whose line leads nowhere or round in a circle
//! becomes a root of their own tree, marked with the reason.

use std::collections::{HashMap, HashSet};

use super::id::Id;
use super::stakeholder::Stakeholder;

/// Why a person who reports to someone is drawn as a root anyway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Break {
    /// The person they report to is not among the account's stakeholders.
    Missing,
    /// Following their reporting line leads round in a circle.
    Loop,
}

/// One person's row in the chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartRow {
    /// The stakeholder.
    pub id: Id,
    /// How many managers above them the chart shows (roots are 0).
    pub depth: usize,
    /// The box-drawing lines before the name, e.g. `"│  └─ "`; empty for a
    /// root.
    pub prefix: String,
    /// Set for a root whose own reporting line could not be drawn.
    pub broken: Option<Break>,
}

/// The chart of an account's reporting lines: its rows, top to bottom.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrgChart {
    /// Every stakeholder once, each below the person they report to.
    pub rows: Vec<ChartRow>,
}

impl OrgChart {
    /// Lays out `people`: roots and colleagues keep the order of the slice
    /// (the store gives them by name), reports sit below their manager.
    pub fn new(people: &[Stakeholder]) -> Self {
        let known: HashSet<Id> = people.iter().map(|p| p.id).collect();
        let mut reports: HashMap<Id, Vec<Id>> = HashMap::new();
        for p in people {
            if let Some(manager) = p.reports_to.filter(|m| known.contains(m) && *m != p.id) {
                reports.entry(manager).or_default().push(p.id);
            }
        }
        let mut layout = Layout {
            reports: &reports,
            placed: HashSet::new(),
            rows: Vec::new(),
        };
        // People who report to nobody, or to someone we do not know.
        for p in people {
            let broken = match p.reports_to {
                None => None,
                Some(m) if m == p.id => Some(Break::Loop),
                Some(m) if known.contains(&m) => continue,
                Some(_) => Some(Break::Missing),
            };
            layout.tree(p.id, broken);
        }
        // Whoever is left is in a loop, or below one.
        for p in people {
            if !layout.placed.contains(&p.id) {
                layout.tree(p.id, Some(Break::Loop));
            }
        }
        Self { rows: layout.rows }
    }

    /// The row index of `id`, if it is in the chart.
    pub fn position(&self, id: Id) -> Option<usize> {
        self.rows.iter().position(|r| r.id == id)
    }
}

/// The state of one layout: who reports to whom, who is drawn already.
struct Layout<'a> {
    reports: &'a HashMap<Id, Vec<Id>>,
    placed: HashSet<Id>,
    rows: Vec<ChartRow>,
}

impl Layout<'_> {
    /// Adds `root` and everyone below them not yet drawn, depth first,
    /// without recursion (a chain may be as long as the data makes it).
    fn tree(&mut self, root: Id, broken: Option<Break>) {
        if !self.placed.insert(root) {
            return;
        }
        self.rows.push(ChartRow {
            id: root,
            depth: 0,
            prefix: String::new(),
            broken,
        });
        // Each entry: a person, and for each level above them whether that
        // level's person was the last of their colleagues.
        let mut stack: Vec<(Id, Vec<bool>)> = vec![(root, Vec::new())];
        while let Some((id, lasts)) = stack.pop() {
            let below: Vec<Id> = self
                .reports
                .get(&id)
                .map(|r| {
                    r.iter()
                        .copied()
                        .filter(|c| !self.placed.contains(c))
                        .collect()
                })
                .unwrap_or_default();
            // Reserve the reports now so that a loop cannot reach them twice;
            // push them in reverse so the first is drawn first.
            self.placed.extend(below.iter().copied());
            let count = below.len();
            for (i, child) in below.into_iter().enumerate().rev() {
                let mut child_lasts = lasts.clone();
                child_lasts.push(i + 1 == count);
                stack.push((child, child_lasts));
            }
            if id != root {
                self.rows.push(ChartRow {
                    id,
                    depth: lasts.len(),
                    prefix: prefix(&lasts),
                    broken: None,
                });
            }
        }
    }
}

/// The lines before a name at the depth `lasts` describes.
fn prefix(lasts: &[bool]) -> String {
    let Some((own, above)) = lasts.split_last() else {
        return String::new();
    };
    let mut out: String = above
        .iter()
        .map(|last| if *last { "   " } else { "│  " })
        .collect();
    out.push_str(if *own { "└─ " } else { "├─ " });
    out
}

/// Everyone who reports to `id`, directly or through others.
pub fn reports_below(people: &[Stakeholder], id: Id) -> HashSet<Id> {
    let mut below = HashSet::new();
    let mut todo = vec![id];
    while let Some(manager) = todo.pop() {
        for p in people {
            if p.reports_to == Some(manager) && p.id != id && below.insert(p.id) {
                todo.push(p.id);
            }
        }
    }
    below
}

/// The people `person` may report to without closing a loop: everyone in
/// `people` but themselves and those who report to them, directly or
/// through others. Order is kept.
pub fn possible_managers(people: &[Stakeholder], person: Id) -> Vec<&Stakeholder> {
    let below = reports_below(people, person);
    people
        .iter()
        .filter(|p| p.id != person && !below.contains(&p.id))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// People named by letter, in that order; `lines` are (person,
    /// manager) pairs by letter.
    fn people(names: &str, lines: &[(char, char)]) -> Vec<Stakeholder> {
        let account = Id::new();
        let mut people: Vec<Stakeholder> = names
            .chars()
            .map(|c| Stakeholder::new(account, c.to_string()))
            .collect();
        let id_of = |people: &[Stakeholder], c: char| {
            people
                .iter()
                .find(|p| p.name == c.to_string())
                .map(|p| p.id)
                .expect("a known letter")
        };
        for (person, manager) in lines {
            let manager = id_of(&people, *manager);
            let i = names.find(*person).expect("a known letter");
            people[i].reports_to = Some(manager);
        }
        people
    }

    /// The chart drawn as text: prefix, name, and the break if any.
    fn drawn(people: &[Stakeholder]) -> Vec<String> {
        let chart = OrgChart::new(people);
        chart
            .rows
            .iter()
            .map(|row| {
                let name = &people.iter().find(|p| p.id == row.id).unwrap().name;
                let note = match row.broken {
                    None => "",
                    Some(Break::Missing) => " (missing)",
                    Some(Break::Loop) => " (loop)",
                };
                format!("{}{name}{note}", row.prefix)
            })
            .collect()
    }

    #[test]
    fn reports_sit_below_their_manager_three_levels_deep() {
        // A heads B and E; B heads C, who heads D. F stands alone.
        let p = people("ABCDEF", &[('B', 'A'), ('E', 'A'), ('C', 'B'), ('D', 'C')]);
        assert_eq!(
            drawn(&p),
            ["A", "├─ B", "│  └─ C", "│     └─ D", "└─ E", "F"]
        );
        let chart = OrgChart::new(&p);
        let depths: Vec<usize> = chart.rows.iter().map(|r| r.depth).collect();
        assert_eq!(depths, [0, 1, 2, 3, 1, 0]);
        assert_eq!(chart.position(p[3].id), Some(3));
    }

    #[test]
    fn colleagues_keep_the_given_order() {
        let p = people("ACBD", &[('D', 'A'), ('B', 'A'), ('C', 'A')]);
        assert_eq!(drawn(&p), ["A", "├─ C", "├─ B", "└─ D"]);
    }

    #[test]
    fn a_vertical_line_continues_past_a_deep_branch() {
        let p = people("ABCD", &[('B', 'A'), ('C', 'B'), ('D', 'A')]);
        assert_eq!(drawn(&p), ["A", "├─ B", "│  └─ C", "└─ D"]);
    }

    #[test]
    fn a_manager_outside_the_account_makes_a_marked_root() {
        let mut p = people("AB", &[('B', 'A')]);
        p[0].reports_to = Some(Id::new());
        assert_eq!(drawn(&p), ["A (missing)", "└─ B"]);
    }

    #[test]
    fn loops_are_drawn_once_as_marked_roots() {
        // A and B report to each other; C reports to B; D to themselves.
        let mut p = people("ABCD", &[('A', 'B'), ('B', 'A'), ('C', 'B')]);
        p[3].reports_to = Some(p[3].id);
        assert_eq!(drawn(&p), ["D (loop)", "A (loop)", "└─ B", "   └─ C"]);
        let chart = OrgChart::new(&p);
        assert_eq!(chart.rows.len(), 4, "everyone once");
    }

    #[test]
    fn a_long_chain_lays_out_without_recursion() {
        let account = Id::new();
        let mut chain: Vec<Stakeholder> = (0..2000)
            .map(|i| Stakeholder::new(account, format!("P{i}")))
            .collect();
        for i in 1..chain.len() {
            chain[i].reports_to = Some(chain[i - 1].id);
        }
        let chart = OrgChart::new(&chain);
        assert_eq!(chart.rows.len(), 2000);
        assert_eq!(chart.rows[1999].depth, 1999);
    }

    #[test]
    fn an_empty_account_has_an_empty_chart() {
        assert!(OrgChart::new(&[]).rows.is_empty());
    }

    #[test]
    fn nobody_may_report_to_themselves_or_to_their_own_reports() {
        // A heads B, B heads C; D stands alone.
        let p = people("ABCD", &[('B', 'A'), ('C', 'B')]);
        let names = |person: usize| -> Vec<String> {
            possible_managers(&p, p[person].id)
                .iter()
                .map(|s| s.name.clone())
                .collect()
        };
        assert_eq!(names(0), ["D"], "A's reports, direct or not, are out");
        assert_eq!(names(1), ["A", "D"]);
        assert_eq!(names(2), ["A", "B", "D"]);
        assert_eq!(names(3), ["A", "B", "C"]);
    }

    #[test]
    fn the_managers_rule_ends_on_existing_loops() {
        let p = people("ABC", &[('A', 'B'), ('B', 'A')]);
        let below = reports_below(&p, p[0].id);
        assert_eq!(below, HashSet::from([p[1].id]));
        let names: Vec<&str> = possible_managers(&p, p[2].id)
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(names, ["A", "B"]);
    }
}
