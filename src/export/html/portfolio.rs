//! The portfolio's page to hand on: each account's essentials (health,
//! relationship stage, revenue in its currency, strategic score, quadrant
//! and flags) and the portfolio map of strategic score against revenue,
//! with the quadrants of [`PortfolioMap`]. Every figure comes from the
//! accounts' [`Insight`]s.

use std::fmt::Write;

use chrono::NaiveDate;

use super::charts;
use super::escape;
use super::page::{self, heading, muted};
use crate::domain::insight::Insight;
use crate::domain::insight::map::PortfolioMap;
use crate::text::thousands;

/// The page of every account in `insights`, in their order, on `today`;
/// with `private`, revenue and share of wallet are left out.
pub fn render(insights: &[Insight], today: NaiveDate, private: bool) -> String {
    let refs: Vec<&Insight> = insights.iter().collect();
    let map = PortfolioMap::new(&refs);
    let mut out = String::new();
    page::start(
        &mut out,
        "Portfolio review",
        &format!(
            "{} on {today}",
            crate::text::count(insights.len(), "account", "accounts")
        ),
        private,
    );
    essentials(&mut out, insights, &map, private);
    map_section(&mut out, &map, private);
    page::end(&mut out);
    out
}

fn essentials(out: &mut String, insights: &[Insight], map: &PortfolioMap, private: bool) {
    heading(out, "Accounts");
    if insights.is_empty() {
        muted(out, "No accounts yet.");
        return;
    }
    out.push_str("<table>\n<thead><tr><th>Account</th><th class=\"num\">Health</th><th>Stage</th>");
    if !private {
        out.push_str("<th class=\"num\">Revenue</th><th class=\"num\">Share of wallet</th>");
    }
    out.push_str("<th class=\"num\">Strategic score</th><th>Quadrant</th><th>Flags</th></tr></thead>\n<tbody>\n");
    for insight in insights {
        let account = &insight.facts.account;
        let health = &insight.health;
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"num\">{} {}</td><td>{}</td>",
            escape(&crate::text::first_line(&account.name)),
            health.score,
            health.label(),
            account.stage
        );
        if !private {
            let revenue = account
                .latest_revenue()
                .map(|r| {
                    format!(
                        "{} {} ({})",
                        thousands(r.amount),
                        escape(&account.currency),
                        r.year
                    )
                })
                .unwrap_or_default();
            let share = account
                .share_of_wallet
                .map(|s| format!("{s} %"))
                .unwrap_or_default();
            let _ = write!(
                out,
                "<td class=\"num\">{revenue}</td><td class=\"num\">{share}</td>"
            );
        }
        let point = map.points.iter().find(|p| p.account_id == account.id);
        let score = point.map(|p| p.score.to_string()).unwrap_or_default();
        let quadrant = point.map_or("not assessed", |p| map.quadrant(p).label());
        let _ = writeln!(
            out,
            "<td class=\"num\">{score}</td><td>{quadrant}</td><td>{}</td></tr>",
            escape(&insight.flags().join(", "))
        );
    }
    out.push_str("</tbody>\n</table>\n");
    at_risk(out, insights, private);
}

/// Why each account at risk is, in the words of `w`.
fn at_risk(out: &mut String, insights: &[Insight], private: bool) {
    let reasons: Vec<String> = insights
        .iter()
        .filter_map(|i| {
            let at_risk = i.health.at_risk.as_ref()?;
            Some(format!(
                "<li><strong>{}:</strong> {}</li>",
                escape(&crate::text::first_line(&i.facts.account.name)),
                escape(at_risk.shown(private))
            ))
        })
        .collect();
    if !reasons.is_empty() {
        let _ = writeln!(
            out,
            "<section>\n<h3>At risk</h3>\n<ul>\n{}\n</ul>\n</section>",
            reasons.join("\n")
        );
    }
}

fn map_section(out: &mut String, map: &PortfolioMap, private: bool) {
    out.push_str("<section class=\"chart\">\n");
    heading(out, "Portfolio map");
    if map.points.is_empty() {
        muted(
            out,
            "No account is assessed yet: the map needs a strategic score.",
        );
    } else {
        let _ = writeln!(
            out,
            "<figure class=\"chart\">\n<figcaption>Strategic score against the latest year's revenue; the quadrants split at a score of 50 and at the median revenue. Diamonds mark accounts whose size and strategic value disagree.</figcaption>\n{}\n</figure>",
            charts::portfolio_map(map, private)
        );
    }
    if !map.not_assessed.is_empty() {
        let names: Vec<String> = map.not_assessed.iter().map(|(_, n)| escape(n)).collect();
        let _ = writeln!(
            out,
            "<p><strong>Not on the map (no assessment yet):</strong> {}</p>",
            names.join(", ")
        );
    }
    out.push_str("</section>\n");
}
