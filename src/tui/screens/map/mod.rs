//! The map screen's state: the portfolio map and the portfolio-wide
//! lists (overdue contacts, breaks in the chain from issue to proof, cost to
//! serve), one tab each. The app builds it from the accounts' insights and
//! the chain breaks; keys move the selection or ask the app to open an
//! account. The view never touches the store.

pub mod draw;
mod screen;

use crate::domain::Id;
use crate::domain::choice::Choice;
use crate::domain::insight::{
    CostToServe, Factor, Gap, Health, Insight, OverdueContact, QuarterHours,
};
use crate::text::first_line;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::screens::account::pages::Page;
use crate::tui::screens::account::shift;
use crate::tui::widgets::scroll::Scroll;

pub use crate::domain::insight::map::{MapPoint, PortfolioMap, Quadrant};
pub use crate::domain::insight::slipping::STRATEGIC_SCORE;

/// The tabs of the map screen, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    /// Strategic score against revenue.
    #[default]
    Map,
    /// Key stakeholders past their contact cadence.
    Contacts,
    /// Breaks in the chain from issue to proof.
    Gaps,
    /// Hours against revenue.
    Cost,
}

impl Tab {
    /// Every tab, in order.
    pub const ALL: [Tab; 4] = [Tab::Map, Tab::Contacts, Tab::Gaps, Tab::Cost];

    /// The tab's name.
    pub fn title(self) -> &'static str {
        match self {
            Tab::Map => "Map",
            Tab::Contacts => "Overdue contacts",
            Tab::Gaps => "Gaps",
            Tab::Cost => "Cost to serve",
        }
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    /// The tab after this one, wrapping around.
    pub fn next(self) -> Tab {
        Self::ALL[(self.index() + 1) % Self::ALL.len()]
    }

    /// The tab before this one, wrapping around.
    pub fn prev(self) -> Tab {
        Self::ALL[(self.index() + Self::ALL.len() - 1) % Self::ALL.len()]
    }
}

/// The health word to show beside `quadrant`, e.g. "health fair"; with
/// the reason when the account is at risk, and where the two seem to
/// contradict each other (a good health outside the strategic side of the
/// map, a poor one inside it): the factors that carry the word most.
/// `private` hides confidential reasons.
pub fn health_beside(quadrant: Quadrant, health: &Health, private: bool) -> String {
    let word = health.label();
    if let Some(at_risk) = &health.at_risk {
        return format!("health {word} {}", at_risk.shown(private));
    }
    let strategic = matches!(quadrant, Quadrant::Strategic | Quadrant::Developing);
    let contradicts = match word {
        "good" => !strategic,
        "poor" => strategic,
        _ => false,
    };
    if !contradicts {
        return format!("health {word}");
    }
    // What each factor adds to the word: its points when good, the points
    // it misses when poor.
    let carries = |f: &Factor| {
        let score = if word == "good" {
            f.score
        } else {
            1.0 - f.score
        };
        f.weight * score
    };
    let mut factors: Vec<&Factor> = health.factors.iter().filter(|f| carries(f) > 0.0).collect();
    factors.sort_by(|a, b| carries(b).total_cmp(&carries(a)));
    let reasons: Vec<String> = factors
        .iter()
        .take(2)
        .map(|f| {
            format!(
                "{} ({})",
                f.kind.label().to_lowercase(),
                f.reason_shown(private)
            )
        })
        .collect();
    format!("health {word}: {}", reasons.join(", "))
}

/// A key stakeholder past their cadence, with their account's name.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactRow {
    /// The account's name, first line.
    pub account: String,
    /// The stakeholder and how overdue they are.
    pub contact: OverdueContact,
}

/// A break in the chain, with its account's name.
#[derive(Debug, Clone, PartialEq)]
pub struct GapRow {
    /// The account's name, first line.
    pub account: String,
    /// The break.
    pub gap: Gap,
}

/// One account's cost to serve.
#[derive(Debug, Clone, PartialEq)]
pub struct CostRow {
    /// The account.
    pub account_id: Id,
    /// Its name, first line.
    pub account: String,
    /// Its hours against its revenue.
    pub cost: CostToServe,
}

/// The state of the map screen.
#[derive(Debug, Default)]
pub struct MapView {
    /// The tab shown.
    pub tab: Tab,
    /// The portfolio map.
    pub map: PortfolioMap,
    /// Overdue contacts across the portfolio, most overdue first.
    pub contacts: Vec<ContactRow>,
    /// Breaks in the chain, grouped by account (in portfolio order) and by
    /// kind.
    pub gaps: Vec<GapRow>,
    /// Cost to serve per account, in portfolio order.
    pub costs: Vec<CostRow>,
    /// The selected row of each tab, in [`Tab::ALL`] order.
    selected: [usize; 4],
    /// Scroll positions of the lists, in [`Tab::ALL`] order.
    scroll: [Scroll; 4],
}

impl MapView {
    /// The review of `insights` (one per account, in portfolio order) and
    /// the portfolio's chain breaks `gaps`, on the map tab.
    pub fn new(insights: &[&Insight], gaps: Vec<Gap>) -> Self {
        let name_of = |id: Id| {
            insights
                .iter()
                .find(|i| i.facts.account.id == id)
                .map(|i| first_line(&i.facts.account.name))
                .unwrap_or_default()
        };
        let position_of = |id: Id| {
            insights
                .iter()
                .position(|i| i.facts.account.id == id)
                .unwrap_or(usize::MAX)
        };
        let mut contacts: Vec<ContactRow> = insights
            .iter()
            .flat_map(|i| i.contacts.overdue.iter())
            .map(|c| ContactRow {
                account: name_of(c.account_id),
                contact: c.clone(),
            })
            .collect();
        contacts.sort_by_cached_key(|c| (c.contact.lapse.urgency(), c.account.to_lowercase()));
        let mut gaps: Vec<GapRow> = gaps
            .into_iter()
            .map(|gap| GapRow {
                account: name_of(gap.account_id),
                gap,
            })
            .collect();
        gaps.sort_by_key(|g| (position_of(g.gap.account_id), g.gap.kind.index()));
        let costs = insights
            .iter()
            .map(|i| CostRow {
                account_id: i.facts.account.id,
                account: first_line(&i.facts.account.name),
                cost: i.cost.clone(),
            })
            .collect();
        Self {
            map: PortfolioMap::new(insights),
            contacts,
            gaps,
            costs,
            ..Self::default()
        }
    }

    /// Takes the data of a freshly built `fresh` view, keeping the tab and
    /// each tab's selection on the same row wherever it moved (else where
    /// it was, clamped).
    pub fn refresh_from(&mut self, fresh: MapView) {
        let kept = Tab::ALL.map(|tab| self.row_key(tab, self.selected(tab)));
        self.map = fresh.map;
        self.contacts = fresh.contacts;
        self.gaps = fresh.gaps;
        self.costs = fresh.costs;
        for tab in Tab::ALL {
            let len = self.len(tab);
            let found = kept[tab.index()]
                .and_then(|key| (0..len).find(|&i| self.row_key(tab, i) == Some(key)));
            let sel = &mut self.selected[tab.index()];
            *sel = found.unwrap_or(*sel).min(len.saturating_sub(1));
        }
    }

    /// What identifies row `i` of `tab` across refreshes: the account, the
    /// stakeholder, or the record with the kind of its break.
    fn row_key(&self, tab: Tab, i: usize) -> Option<(Id, usize)> {
        match tab {
            Tab::Map => self.map.points.get(i).map(|p| (p.account_id, 0)),
            Tab::Contacts => self.contacts.get(i).map(|c| (c.contact.stakeholder_id, 0)),
            Tab::Gaps => self
                .gaps
                .get(i)
                .map(|g| (g.gap.record_id, g.gap.kind.index())),
            Tab::Cost => self.costs.get(i).map(|c| (c.account_id, 0)),
        }
    }

    /// The number of selectable rows of `tab`.
    pub fn len(&self, tab: Tab) -> usize {
        match tab {
            Tab::Map => self.map.points.len(),
            Tab::Contacts => self.contacts.len(),
            Tab::Gaps => self.gaps.len(),
            Tab::Cost => self.costs.len(),
        }
    }

    /// The selected row of `tab`.
    pub fn selected(&self, tab: Tab) -> usize {
        self.selected[tab.index()]
    }

    /// The scroll position of `tab`'s list.
    pub fn scroll(&self, tab: Tab) -> &Scroll {
        &self.scroll[tab.index()]
    }

    /// Selects the point at `index` on the map (clamped).
    pub fn select_on_map(&mut self, index: usize) {
        self.selected[Tab::Map.index()] = index.min(self.map.points.len().saturating_sub(1));
    }

    /// The account selected on the map.
    pub fn selected_point(&self) -> Option<&MapPoint> {
        self.map.points.get(self.selected(Tab::Map))
    }

    /// The account of the selected row on the current tab.
    pub fn selected_account(&self) -> Option<Id> {
        let i = self.selected(self.tab);
        match self.tab {
            Tab::Map => self.map.points.get(i).map(|p| p.account_id),
            Tab::Contacts => self.contacts.get(i).map(|c| c.contact.account_id),
            Tab::Gaps => self.gaps.get(i).map(|g| g.gap.account_id),
            Tab::Cost => self.costs.get(i).map(|c| c.account_id),
        }
    }

    /// Where Enter leads from the selected row: the account's overview from
    /// the map, its stakeholders page from an overdue contact, the record
    /// from a gap, its signals page from its cost.
    fn open_target(&self) -> Option<Effect> {
        let i = self.selected(self.tab);
        let (account_id, page, select) = match self.tab {
            Tab::Map => (self.map.points.get(i)?.account_id, Page::Overview, None),
            Tab::Contacts => {
                let c = &self.contacts.get(i)?.contact;
                (c.account_id, Page::Stakeholders, Some(c.stakeholder_id))
            }
            Tab::Gaps => {
                let g = &self.gaps.get(i)?.gap;
                (g.account_id, Page::Overview, Some(g.record_id))
            }
            Tab::Cost => (self.costs.get(i)?.account_id, Page::Signals, None),
        };
        Some(Effect::Visit {
            account_id,
            page,
            record: select,
        })
    }

    /// Handles an action from the keymap: moving, switching tabs, going
    /// back to the portfolio, or opening the selected row's account.
    pub fn handle(&mut self, action: Action) -> Effect {
        let len = self.len(self.tab);
        let page = self.scroll(self.tab).page() as isize;
        let sel = self.selected[self.tab.index()];
        let moved = match action {
            Action::Up | Action::Left => Some(shift(sel, -1, len)),
            Action::Down | Action::Right => Some(shift(sel, 1, len)),
            Action::PageUp => Some(shift(sel, -page, len)),
            Action::PageDown => Some(shift(sel, page, len)),
            Action::Top => Some(0),
            Action::Bottom => Some(len.saturating_sub(1)),
            _ => None,
        };
        if let Some(next) = moved {
            self.selected[self.tab.index()] = next;
            return Effect::Stay;
        }
        match action {
            Action::NextPage => self.tab = self.tab.next(),
            Action::PrevPage => self.tab = self.tab.prev(),
            Action::Back => return Effect::Close,
            Action::Open => return self.open_target().unwrap_or(Effect::Stay),
            _ => return Effect::Pass(action),
        }
        Effect::Stay
    }

    /// The portfolio's cost to serve per currency: the hours, revenue and
    /// proof of the accounts in each currency added up, quarter by quarter,
    /// one total per currency in the order of their codes. Revenue is only
    /// ever added like with like.
    pub fn cost_totals(&self) -> Vec<CostToServe> {
        let mut currencies: Vec<&str> = self
            .costs
            .iter()
            .map(|r| r.cost.currency.as_str())
            .collect();
        currencies.sort_unstable();
        currencies.dedup();
        currencies
            .into_iter()
            .map(|currency| {
                let rows = self.costs.iter().filter(|r| r.cost.currency == currency);
                add_up(rows.map(|r| &r.cost), currency)
            })
            .collect()
    }

    /// The portfolio's hours, quarter by quarter, over every account;
    /// revenue only when every account counts in one currency.
    pub fn hours_total(&self) -> CostToServe {
        let mut totals = self.cost_totals();
        if totals.len() == 1 {
            return totals.remove(0);
        }
        let mut total = add_up(self.costs.iter().map(|r| &r.cost), "");
        total.revenue = None;
        total.prior_revenue = None;
        total
    }
}

/// The costs to serve of `costs`, all in `currency`, added up quarter by
/// quarter.
fn add_up<'a>(costs: impl Iterator<Item = &'a CostToServe>, currency: &str) -> CostToServe {
    let mut quarters: Vec<QuarterHours> = Vec::new();
    let mut total = CostToServe {
        quarters: Vec::new(),
        billable_year: 0.0,
        non_billable_year: 0.0,
        hours_prior_year: 0.0,
        revenue: None,
        prior_revenue: None,
        currency: currency.to_string(),
        proofs_year: 0,
    };
    let add = |sum: Option<i64>, value: Option<i64>| match (sum, value) {
        (None, v) => v,
        (s, None) => s,
        (Some(s), Some(v)) => Some(s.saturating_add(v)),
    };
    for c in costs {
        for q in &c.quarters {
            match quarters.iter_mut().find(|t| t.quarter == q.quarter) {
                Some(t) => {
                    t.billable += q.billable;
                    t.non_billable += q.non_billable;
                }
                None => quarters.push(*q),
            }
        }
        total.billable_year += c.billable_year;
        total.non_billable_year += c.non_billable_year;
        total.hours_prior_year += c.hours_prior_year;
        total.revenue = add(total.revenue, c.revenue);
        total.prior_revenue = add(total.prior_revenue, c.prior_revenue);
        total.proofs_year += c.proofs_year;
    }
    quarters.sort_by_key(|q| q.quarter);
    total.quarters = quarters;
    total
}

#[cfg(test)]
mod tests {
    use crate::domain::insight::GapKind;
    use crate::tui::screens::map::*;

    fn point(name: &str, score: u8, revenue: Option<i64>) -> MapPoint {
        MapPoint {
            account_id: Id::new(),
            name: name.to_string(),
            score,
            revenue,
        }
    }

    fn cost(currency: &str, revenue: i64, hours: f64) -> CostRow {
        CostRow {
            account_id: Id::new(),
            account: currency.to_string(),
            cost: CostToServe {
                quarters: Vec::new(),
                billable_year: hours,
                non_billable_year: 0.0,
                hours_prior_year: 0.0,
                revenue: Some(revenue),
                prior_revenue: None,
                currency: currency.to_string(),
                proofs_year: 1,
            },
        }
    }

    #[test]
    fn revenue_adds_up_only_like_with_like() {
        let mut view = MapView {
            costs: vec![
                cost("EUR", 1_000_000, 10.0),
                cost("CHF", 400_000, 5.0),
                cost("EUR", 250_000, 2.0),
            ],
            ..MapView::default()
        };
        let totals: Vec<(String, Option<i64>, f64)> = view
            .cost_totals()
            .into_iter()
            .map(|t| (t.currency, t.revenue, t.billable_year))
            .collect();
        assert_eq!(
            totals,
            [
                ("CHF".to_string(), Some(400_000), 5.0),
                ("EUR".to_string(), Some(1_250_000), 12.0)
            ]
        );
        // Hours add up across currencies; revenue does not.
        let hours = view.hours_total();
        assert_eq!((hours.billable_year, hours.revenue), (17.0, None));
        view.costs.remove(1);
        let hours = view.hours_total();
        assert_eq!(
            (hours.billable_year, hours.revenue),
            (12.0, Some(1_250_000))
        );
    }

    #[test]
    fn the_health_word_beside_a_quadrant_gives_its_reason_when_they_disagree() {
        use crate::domain::insight::FactorKind;
        let factor = |kind, weight, score: f64| Factor {
            kind,
            weight,
            score,
            reason: format!("{} reason", kind.key()),
            confidential: kind == FactorKind::CostToServe,
        };
        let good = Health {
            score: 80,
            factors: vec![
                factor(FactorKind::Assessment, 3.0, 0.3),
                factor(FactorKind::Champion, 2.0, 1.0),
                factor(FactorKind::ProofCadence, 2.0, 1.0),
                factor(FactorKind::CostToServe, 3.0, 1.0),
            ],
            at_risk: None,
        };
        assert_eq!(
            health_beside(Quadrant::Strategic, &good, false),
            "health good"
        );
        assert_eq!(
            health_beside(Quadrant::LargeButTransactional, &good, false),
            "health good: cost to serve (cost_to_serve reason), champion (champion reason)"
        );
        assert_eq!(
            health_beside(Quadrant::Maintain, &good, true),
            "health good: cost to serve (hidden in private mode), champion (champion reason)"
        );
        let poor = Health { score: 20, ..good };
        assert_eq!(
            health_beside(Quadrant::Developing, &poor, false),
            "health poor: strategic assessment (assessment reason)"
        );
        assert_eq!(
            health_beside(Quadrant::Maintain, &poor, false),
            "health poor"
        );
    }

    #[test]
    fn quadrants_follow_score_and_revenue() {
        let median = 500;
        assert_eq!(
            point("a", 80, Some(900)).quadrant(median),
            Quadrant::Strategic
        );
        assert_eq!(
            point("b", 20, Some(500)).quadrant(median),
            Quadrant::LargeButTransactional
        );
        assert_eq!(
            point("c", 50, Some(100)).quadrant(median),
            Quadrant::Developing
        );
        assert_eq!(point("d", 49, None).quadrant(median), Quadrant::Maintain);
        assert!(Quadrant::Developing.stands_out());
        assert!(!Quadrant::Strategic.stands_out());
    }

    #[test]
    fn tabs_cycle_both_ways() {
        assert_eq!(Tab::Cost.next(), Tab::Map);
        assert_eq!(Tab::Map.prev(), Tab::Cost);
        let mut view = MapView::default();
        assert!(matches!(view.handle(Action::NextPage), Effect::Stay));
        assert_eq!(view.tab, Tab::Contacts);
        assert!(matches!(view.handle(Action::Back), Effect::Close));
    }

    #[test]
    fn the_map_moves_through_points_and_opens_the_selected_account() {
        let mut view = MapView::default();
        view.map.points = vec![point("low", 10, Some(1)), point("high", 90, Some(2))];
        let second = view.map.points[1].account_id;
        assert!(matches!(view.handle(Action::Right), Effect::Stay));
        assert!(matches!(view.handle(Action::Down), Effect::Stay));
        assert!(matches!(
            view.handle(Action::Open),
            Effect::Visit {
                account_id,
                page: Page::Overview,
                record: None
            } if account_id == second
        ));
        assert_eq!(view.selected_account(), Some(second));
        assert!(matches!(view.handle(Action::Top), Effect::Stay));
        assert_eq!(view.selected_point().map(|p| p.name.as_str()), Some("low"));
    }

    #[test]
    fn a_refresh_keeps_each_selection_on_its_row() {
        let gap = |text: &str| GapRow {
            account: "Acme".into(),
            gap: Gap {
                kind: GapKind::ProofNotAcknowledged,
                account_id: Id::new(),
                record_id: Id::new(),
                text: text.into(),
            },
        };
        let (first, second) = (gap("first"), gap("second"));
        let mut view = MapView {
            tab: Tab::Gaps,
            gaps: vec![first.clone(), second.clone()],
            ..MapView::default()
        };
        view.map.points = vec![point("low", 10, Some(1)), point("high", 90, Some(2))];
        view.handle(Action::Down);
        view.select_on_map(1);
        let high = view.map.points[1].clone();

        let mut fresh = MapView {
            gaps: vec![gap("new"), first, second.clone()],
            ..MapView::default()
        };
        fresh.map.points = vec![
            point("new", 50, Some(3)),
            view.map.points[0].clone(),
            high.clone(),
        ];
        view.refresh_from(fresh);
        assert_eq!(view.gaps[view.selected(Tab::Gaps)], second);
        assert_eq!(view.selected_point(), Some(&high));
    }

    #[test]
    fn nothing_to_open_on_an_empty_tab() {
        let mut view = MapView {
            tab: Tab::Gaps,
            ..MapView::default()
        };
        assert!(matches!(view.handle(Action::Open), Effect::Stay));
        assert_eq!(view.selected_account(), None);
    }
}
