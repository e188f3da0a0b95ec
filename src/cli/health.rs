//! `kam health`: every account's health, worst first, or one account's
//! health with each factor's weight, score, contribution and reason; as
//! plain text or as JSON for scripts.

use anyhow::Result;
use chrono::{Local, NaiveDate};
use clap::Args;
use serde::Serialize;

use super::capture::find_account;
use super::data::to_stdout;
use super::json;
use crate::domain::Id;
use crate::domain::choice::Choice;
use crate::domain::insight::{Factor, Insight, ProofStatus, Weights};
use crate::store::Store;
use crate::text::thousands;
use crate::text::{first_line, fit, width};

/// The widest the account column grows, in terminal columns.
const NAME_WIDTH: usize = 30;

/// The columns of the health word ("at risk" the longest).
const LABEL_WIDTH: usize = 7;

/// What stands in for a confidential figure in private mode.
const HIDDEN: &str = "hidden in private mode";

/// The JSON output, explained at the end of `kam health --help`.
const JSON_HELP: &str = "\
JSON output (--json):
  date             today's date, YYYY-MM-DD
  private          whether revenue and hours were left out
  accounts         without ACCOUNT: every account, worst first, each with
                   id, name, score (0-100), label (at risk, good, fair or
                   poor), at_risk (why it is at risk whatever its score, or
                   null) and flags (list of text, most urgent first)
  account          with ACCOUNT: the same fields for that account, plus
    strategic_score  the latest assessment's score (0-100) or null
    proof            cadence_days, last_proof and days_since (null: no
                     proof yet), days_overdue (null: within the cadence or
                     no proof yet), days_since_added (the account's age;
                     null once it has proof), gone_quiet (no proof yet or
                     overdue), summary (in words), last_365_days
    talk             conversations (last 90 days), past, present, future,
                     forums
    cost_to_serve    currency, billable_hours_year, non_billable_hours_year,
                     revenue, prior_revenue, revenue_change_percent, hours_per_100k,
                     non_billable_hours_per_proof; null in private mode
    factors          kind, label, weight, score (0-1), contribution (points
                     of the 0-100 score; they add up to it) and reason";

/// Options of `kam health`.
#[derive(Debug, Args)]
#[command(after_long_help = JSON_HELP)]
pub struct HealthArgs {
    /// One account: the start of any word of its name (accents ignored). Without
    /// it, every account, worst first.
    pub account: Option<String>,
    /// Print JSON for scripts instead of text (fields below).
    #[arg(long)]
    pub json: bool,
    /// Leave out revenue and hours (as `kam --private health` does).
    #[arg(long)]
    pub private: bool,
}

/// Runs `kam health`; `private` is the command line's global private mode,
/// `weights` the configuration's `[health]` section.
pub fn health(store: &Store, args: &HealthArgs, private: bool, weights: &Weights) -> Result<()> {
    let private = private || args.private;
    let today = Local::now().date_naive();
    let text = match &args.account {
        None => {
            let mut insights: Vec<Insight> = store
                .facts(today)?
                .into_iter()
                .map(|facts| Insight::new(facts, weights, today))
                .collect();
            sort_worst_first(&mut insights);
            if args.json {
                json::text(&PortfolioJson::new(&insights, today, private))?
            } else {
                render_list(&insights, today)
            }
        }
        Some(query) => {
            let account = find_account(store, query)?;
            let facts = store.account_facts(account.id, today)?;
            let insight = Insight::new(facts, weights, today);
            if args.json {
                json::text(&AccountJson::new(&insight, today, private))?
            } else {
                render_one(&insight, private)
            }
        }
    };
    to_stdout(text.as_bytes())
}

/// The health weights of the configuration file's `[health]` section; the
/// defaults, with a warning, when the file cannot be read.
pub fn configured_weights() -> Weights {
    let (settings, warning) = super::configured(false);
    if let Some(warning) = warning {
        eprintln!("kam: warning: {warning}");
    }
    settings.weights
}

/// Lowest health first; equal scores by name.
pub(super) fn sort_worst_first(insights: &mut [Insight]) {
    insights.sort_by_cached_key(|i| (i.health.score, i.facts.account.name.to_lowercase()));
}

/// Every account on one line: score, label, name and flags.
fn render_list(insights: &[Insight], today: NaiveDate) -> String {
    let mut out = format!(
        "Account health, worst first · {}\n\n",
        today.format("%a %e %b %Y")
    );
    if insights.is_empty() {
        out.push_str("  No accounts yet.\n");
        return out;
    }
    let name_width = insights
        .iter()
        .map(|i| width(&first_line(&i.facts.account.name)))
        .max()
        .unwrap_or(0)
        .min(NAME_WIDTH);
    for insight in insights {
        out.push_str(&format!(
            "  {:>3}  {}  {}  {}\n",
            insight.health.score,
            fit(insight.health.label(), LABEL_WIDTH),
            fit(&first_line(&insight.facts.account.name), name_width),
            flags_text(insight)
        ));
    }
    out
}

/// The flags joined, or "no flags".
fn flags_text(insight: &Insight) -> String {
    let flags = insight.flags();
    if flags.is_empty() {
        "no flags".to_string()
    } else {
        first_line(&flags.join(", "))
    }
}

/// One account: the summary, the figures behind it, and every factor.
fn render_one(insight: &Insight, private: bool) -> String {
    let health = &insight.health;
    let mut out = format!(
        "{} · health {} of 100, {}\n\n",
        first_line(&insight.facts.account.name),
        health.score,
        health.label()
    );
    if let Some(at_risk) = &health.at_risk {
        out.push_str(&format!(
            "{}  {}\n",
            fit("At risk", 13),
            at_risk.shown(private)
        ));
    }
    let rows = [
        ("Flags", flags_text(insight)),
        ("Proof log", proof_text(insight)),
        ("Assessment", assessment_text(insight)),
        ("Conversations", talk_text(insight)),
        (
            "Cost to serve",
            if private {
                HIDDEN.to_string()
            } else {
                cost_text(insight)
            },
        ),
    ];
    for (label, text) in rows {
        out.push_str(&format!("{}  {text}\n", fit(label, 13)));
    }
    let label_width = health
        .factors
        .iter()
        .map(|f| width(f.kind.label()))
        .max()
        .unwrap_or(0)
        .max(width("Factor"));
    out.push_str(&format!(
        "\n{}  Weight  Score  Contribution  Reason\n",
        fit("Factor", label_width)
    ));
    let total = total_weight(&health.factors);
    for factor in &health.factors {
        out.push_str(&format!(
            "{}  {:>6.1}  {:>5.0}  {:>12.1}  {}\n",
            fit(factor.kind.label(), label_width),
            factor.weight,
            factor.score * 100.0,
            contribution(factor, total),
            reason(factor, private)
        ));
    }
    out
}

/// The proof log against the account's cadence.
fn proof_text(insight: &Insight) -> String {
    let status = &insight.cadence.status;
    let overdue = status
        .days_overdue()
        .map(|late| format!(", {late} d overdue"))
        .unwrap_or_default();
    format!(
        "{}{overdue}; {} in the last 365 days",
        status.summary(),
        insight.cost.proofs_year
    )
}

/// The latest assessment's strategic score.
fn assessment_text(insight: &Insight) -> String {
    match (insight.strategic_score(), insight.latest_assessment()) {
        (Some(score), Some(latest)) => {
            format!("strategic score {score} of 100 ({})", latest.date)
        }
        _ => "no assessment yet".to_string(),
    }
}

/// The mix of the last 90 days' conversations.
fn talk_text(insight: &Insight) -> String {
    let talk = &insight.talk;
    if talk.total == 0 {
        return "none in the last 90 days".to_string();
    }
    format!(
        "{} in the last 90 days: {} about the future, {} the present, {} the past; {} forum{}",
        talk.total,
        talk.future,
        talk.present,
        talk.past,
        talk.forums,
        if talk.forums == 1 { "" } else { "s" }
    )
}

/// Hours of the last four quarters against revenue.
fn cost_text(insight: &Insight) -> String {
    let cost = &insight.cost;
    let currency = &insight.facts.account.currency;
    let mut text = format!(
        "{} h in the last 4 quarters, {} h not billable",
        hours(cost.hours_year()),
        hours(cost.non_billable_year)
    );
    if let Some(now) = cost.revenue {
        text.push_str(&format!("; revenue {} {currency}", thousands(now)));
        if let Some(prior) = cost.prior_revenue {
            text.push_str(&format!(
                ", the year before {} {currency}",
                thousands(prior)
            ));
            if let Some(change) = cost.revenue_change_percent() {
                text.push_str(&format!(" ({change:+.0}%)"));
            }
        }
    }
    text
}

/// Hours without needless decimals: "12", "2.5".
fn hours(h: f64) -> String {
    let text = format!("{h:.1}");
    text.strip_suffix(".0").unwrap_or(&text).to_string()
}

/// The weights of all factors together.
fn total_weight(factors: &[Factor]) -> f64 {
    factors.iter().map(|f| f.weight).sum()
}

/// How many points of the 0–100 score `factor` brings.
fn contribution(factor: &Factor, total_weight: f64) -> f64 {
    if total_weight > 0.0 {
        factor.weight * factor.score / total_weight * 100.0
    } else {
        0.0
    }
}

/// The factor's reason, first line; a confidential one (hours) is hidden
/// in private mode.
fn reason(factor: &Factor, private: bool) -> String {
    first_line(factor.reason_shown(private))
}

/// `kam health --json` without an account.
#[derive(Debug, Serialize)]
struct PortfolioJson {
    date: NaiveDate,
    private: bool,
    accounts: Vec<SummaryJson>,
}

impl PortfolioJson {
    fn new(insights: &[Insight], date: NaiveDate, private: bool) -> Self {
        Self {
            date,
            private,
            accounts: insights
                .iter()
                .map(|i| SummaryJson::new(i, private))
                .collect(),
        }
    }
}

/// One account's health in brief.
#[derive(Debug, Serialize)]
struct SummaryJson {
    id: Id,
    name: String,
    score: u8,
    label: &'static str,
    at_risk: Option<String>,
    flags: Vec<String>,
}

impl SummaryJson {
    fn new(insight: &Insight, private: bool) -> Self {
        Self {
            id: insight.facts.account.id,
            name: insight.facts.account.name.clone(),
            score: insight.health.score,
            label: insight.health.label(),
            at_risk: insight
                .health
                .at_risk
                .as_ref()
                .map(|a| a.shown(private).to_string()),
            flags: insight.flags(),
        }
    }
}

/// `kam health ACCOUNT --json`.
#[derive(Debug, Serialize)]
struct AccountJson {
    date: NaiveDate,
    private: bool,
    account: DetailJson,
}

impl AccountJson {
    fn new(insight: &Insight, date: NaiveDate, private: bool) -> Self {
        let total = total_weight(&insight.health.factors);
        let cost = &insight.cost;
        let talk = &insight.talk;
        let account = DetailJson {
            summary: SummaryJson::new(insight, private),
            strategic_score: insight.strategic_score(),
            proof: ProofJson::new(&insight.cadence.status, cost.proofs_year),
            talk: TalkJson {
                conversations: talk.total,
                past: talk.past,
                present: talk.present,
                future: talk.future,
                forums: talk.forums,
            },
            cost_to_serve: (!private).then(|| CostJson {
                currency: insight.facts.account.currency.clone(),
                billable_hours_year: cost.billable_year,
                non_billable_hours_year: cost.non_billable_year,
                revenue: cost.revenue,
                prior_revenue: cost.prior_revenue,
                revenue_change_percent: cost.revenue_change_percent(),
                hours_per_100k: cost.hours_per_100k(),
                non_billable_hours_per_proof: cost.non_billable_per_proof(),
            }),
            factors: insight
                .health
                .factors
                .iter()
                .map(|f| FactorJson {
                    kind: f.kind.key(),
                    label: f.kind.label(),
                    weight: f.weight,
                    score: f.score,
                    contribution: contribution(f, total),
                    reason: reason(f, private),
                })
                .collect(),
        };
        Self {
            date,
            private,
            account,
        }
    }
}

/// One account's health in full.
#[derive(Debug, Serialize)]
struct DetailJson {
    #[serde(flatten)]
    summary: SummaryJson,
    strategic_score: Option<u8>,
    proof: ProofJson,
    talk: TalkJson,
    cost_to_serve: Option<CostJson>,
    factors: Vec<FactorJson>,
}

/// The proof log against the cadence.
#[derive(Debug, Serialize)]
struct ProofJson {
    cadence_days: u32,
    last_proof: Option<NaiveDate>,
    days_since: Option<i64>,
    days_overdue: Option<i64>,
    days_since_added: Option<i64>,
    gone_quiet: bool,
    summary: String,
    last_365_days: usize,
}

impl ProofJson {
    fn new(status: &ProofStatus, last_365_days: usize) -> Self {
        Self {
            cadence_days: status.cadence_days,
            last_proof: status.last_proof,
            days_since: status.days_since,
            days_overdue: status.days_overdue(),
            days_since_added: status.no_proof_yet().then_some(status.days_since_added),
            gone_quiet: status.gone_quiet(),
            summary: status.summary(),
            last_365_days,
        }
    }
}

/// The conversations of the last 90 days.
#[derive(Debug, Serialize)]
struct TalkJson {
    conversations: usize,
    past: usize,
    present: usize,
    future: usize,
    forums: usize,
}

/// Hours and revenue (confidential).
#[derive(Debug, Serialize)]
struct CostJson {
    currency: String,
    billable_hours_year: f64,
    non_billable_hours_year: f64,
    revenue: Option<i64>,
    prior_revenue: Option<i64>,
    revenue_change_percent: Option<f64>,
    hours_per_100k: Option<f64>,
    non_billable_hours_per_proof: Option<f64>,
}

/// One factor of the score.
#[derive(Debug, Serialize)]
struct FactorJson {
    kind: &'static str,
    label: &'static str,
    weight: f64,
    score: f64,
    contribution: f64,
    reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Account;
    use crate::domain::insight::Facts;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    /// An account with nothing recorded but `name`, revenue and a proof
    /// statement `days` ago.
    fn insight(name: &str, days: Option<u64>) -> Insight {
        let mut account = Account::new(name);
        account.revenue_history = vec![crate::domain::YearRevenue {
            year: 2025,
            amount: 2_380_000,
        }];
        let mut facts = Facts::empty(account);
        facts.proof_dates = days
            .map(|n| today() - chrono::Days::new(n))
            .into_iter()
            .collect();
        facts.proof_count = facts.proof_dates.len();
        Insight::new(facts, &Weights::default(), today())
    }

    #[test]
    fn the_list_is_aligned_and_names_are_made_safe() {
        let mut list = vec![insight("Calm", Some(2)), insight("Nord\u{1b}[2Jwerk", None)];
        sort_worst_first(&mut list);
        let text = render_list(&list, today());
        assert_eq!(
            text,
            "Account health, worst first · Mon 23 Nov 2026\n\
             \n\
             \x20  20  poor     Nord␛[2Jwerk  no proof yet, no champion, single-threaded\n\
             \x20  33  poor     Calm          no champion, single-threaded\n"
        );
        assert!(render_list(&[], today()).ends_with("No accounts yet.\n"));
    }

    #[test]
    fn contributions_add_up_to_the_score() {
        let one = insight("Calm", Some(2));
        let total = total_weight(&one.health.factors);
        let sum: f64 = one
            .health
            .factors
            .iter()
            .map(|f| contribution(f, total))
            .sum();
        assert_eq!(sum.round() as u8, one.health.score);
        let weightless = Factor {
            weight: 0.0,
            ..one.health.factors[0].clone()
        };
        assert_eq!(contribution(&weightless, 0.0), 0.0);
    }

    #[test]
    fn private_mode_hides_revenue_and_the_cost_reason() {
        let one = insight("Brennholt", Some(2));
        let shown = render_one(&one, false);
        assert!(shown.contains("revenue 2,380,000"), "{shown}");
        let hidden = render_one(&one, true);
        assert!(!hidden.contains("2,380,000"), "{hidden}");
        assert!(
            hidden.contains("Cost to serve  hidden in private mode"),
            "{hidden}"
        );
        let json = serde_json::to_value(AccountJson::new(&one, today(), true)).unwrap();
        assert_eq!(json["account"]["cost_to_serve"], serde_json::Value::Null);
        assert!(!json.to_string().contains("2380000"));
    }
}
