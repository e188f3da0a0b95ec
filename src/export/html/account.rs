//! An account's page to hand on: the prep brief's sections as the
//! [`Brief`] holds them, with the account's health, the strategic score
//! over time, each measure's trend against its target and the proof
//! cadence drawn as charts. Nothing here computes a figure: each comes from
//! the brief, the account's [`Insight`] or its assessments.

use std::fmt::Write;

use super::charts;
use super::page::{self, fact, heading, muted};
use super::{escape, escape_lines};
use crate::domain::Assessment;
use crate::domain::brief::{Brief, ConversationBrief, IssueBrief, PlanBrief, local_time};
use crate::domain::choice::Choice;
use crate::domain::insight::Insight;
use crate::domain::measure::Series;
use crate::text::thousands;

/// What an account's page is made of.
#[derive(Debug, Clone, Copy)]
pub struct AccountPage<'a> {
    /// The prep brief, private or not: the page shows what it holds.
    pub brief: &'a Brief,
    /// The account's signals on the brief's day: health and proof cadence.
    pub insight: &'a Insight,
    /// The account's strategic assessments, oldest first.
    pub assessments: &'a [Assessment],
}

/// The page of `page.brief`'s account, as one HTML document.
pub fn render(page: &AccountPage<'_>) -> String {
    let b = page.brief;
    let mut out = String::new();
    page::start(
        &mut out,
        &format!("Account review: {}", b.account),
        &format!("Prep brief for {}", b.today),
        b.private,
    );
    essentials(&mut out, page);
    since(&mut out, b);
    issues(&mut out, &b.issues);
    scorecard(&mut out, b);
    score_over_time(&mut out, page.assessments);
    cadence(&mut out, page);
    proofs(&mut out, b);
    conversations(&mut out, b);
    stakeholders(&mut out, b);
    team(&mut out, b);
    questions(&mut out, b);
    page::end(&mut out);
    out
}

fn essentials(out: &mut String, page: &AccountPage<'_>) {
    let (b, insight) = (page.brief, page.insight);
    out.push_str("<section>\n<dl class=\"facts\">\n");
    fact(out, "Relationship stage", &b.stage.to_string());
    fact(out, "Industry", &escape(&b.industry));
    if let Some(r) = b.figures.revenue {
        let currency = escape(&b.figures.currency);
        fact(
            out,
            "Revenue",
            &format!("{} {currency} ({})", thousands(r.amount), r.year),
        );
    }
    if let Some(s) = b.figures.share_of_wallet {
        fact(out, "Share of wallet", &format!("{s} %"));
    }
    let health = &insight.health;
    let mut words = format!("{} of 100, {}", health.score, health.label());
    if let Some(at_risk) = &health.at_risk {
        let _ = write!(words, ": {}", escape(at_risk.shown(b.private)));
    }
    fact(out, "Health", &words);
    if let Some(score) = insight.strategic_score() {
        fact(out, "Strategic score", &format!("{score} of 100"));
    }
    fact(
        out,
        "Last review",
        &b.last_review.map(|d| d.to_string()).unwrap_or_default(),
    );
    fact(out, "Proof log", &escape(&b.proof.summary()));
    fact(out, "Flags", &escape(&b.flags.join(", ")));
    out.push_str("</dl>\n</section>\n");
}

fn since(out: &mut String, b: &Brief) {
    out.push_str("<section>\n");
    heading(out, "Since last time");
    muted(out, &format!("Changes since {}.", local_time(b.since)));
    if b.changes.is_empty() {
        out.push_str("<p>Nothing has changed.</p>\n</section>\n");
        return;
    }
    out.push_str("<ul>\n");
    for item in &b.changes {
        let _ = write!(
            out,
            "<li>{} · <strong>{}:</strong> {}",
            local_time(item.at),
            escape(&item.headline()),
            escape(&item.label)
        );
        if !item.fields.is_empty() {
            out.push_str("<ul>");
            for field in &item.fields {
                let _ = write!(out, "<li>{}</li>", escape(&field.describe()));
            }
            out.push_str("</ul>");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n</section>\n");
}

fn issues(out: &mut String, issues: &[IssueBrief]) {
    heading(out, "Business issues");
    if issues.is_empty() {
        muted(out, "No open business issues.");
    }
    for (n, brief) in issues.iter().enumerate() {
        let i = &brief.issue;
        let _ = writeln!(
            out,
            "<section>\n<h3>{}. {} · {} · {}</h3>\n<blockquote>{}</blockquote>",
            n + 1,
            i.importance,
            i.kind,
            i.time_frame,
            escape_lines(&i.statement)
        );
        let mut source: Vec<String> = i.said().iter().map(|s| escape(s)).collect();
        source.push(if !i.confirmed {
            "<em>not yet confirmed</em>".to_string()
        } else if i.confirmed_by.trim().is_empty() {
            "confirmed".to_string()
        } else {
            format!("confirmed by {}", escape(&i.confirmed_by))
        });
        let _ = writeln!(out, "<p>— {}</p>", source.join(", "));
        if brief.plans.is_empty() {
            muted(out, "No action plan yet.");
        } else {
            out.push_str("<ul>\n");
            for plan in &brief.plans {
                plan_item(out, plan);
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</section>\n");
    }
}

fn plan_item(out: &mut String, p: &PlanBrief) {
    let mut parts = vec![p.status.to_string()];
    if !p.owner.trim().is_empty() {
        parts.push(escape(&p.owner));
    }
    if let Some(step) = &p.next_step {
        let due = p
            .next_step_due
            .map(|d| format!(" (by {d})"))
            .unwrap_or_default();
        parts.push(format!("next: {}{due}", escape(step)));
    }
    if let Some(due) = p.due {
        let late = if p.overdue {
            " <strong>overdue</strong>"
        } else {
            ""
        };
        parts.push(format!("due {due}{late}"));
    }
    let _ = writeln!(
        out,
        "<li><strong>Our plan:</strong> {} — {}</li>",
        escape(&p.title),
        parts.join(" · ")
    );
}

fn scorecard(out: &mut String, b: &Brief) {
    if b.measures.is_empty() {
        return;
    }
    heading(out, "Value scorecard");
    for series in &b.measures {
        measure(out, series, b.private);
    }
}

/// One measure: its line of the scorecard and, unless private mode hides
/// its values, its chart.
fn measure(out: &mut String, series: &Series, private: bool) {
    let name = escape(&series.measure.name);
    if series.hidden(private) || series.points.is_empty() {
        let line = escape(&series.brief_line(private));
        let _ = writeln!(out, "<p><strong>{name}:</strong> {line}</p>");
        return;
    }
    let line = escape(&series.summary());
    let _ = writeln!(
        out,
        "<figure class=\"chart\">\n<figcaption><strong>{name}:</strong> {line} ({})</figcaption>\n{}\n</figure>",
        escape(&series.measure.better.to_string()),
        charts::measure_trend(series)
    );
}

fn score_over_time(out: &mut String, assessments: &[Assessment]) {
    heading(out, "Strategic score over time");
    if assessments.is_empty() {
        muted(out, "No strategic assessment yet.");
        return;
    }
    let scores: Vec<_> = assessments
        .iter()
        .map(|a| (a.date, a.strategic_score()))
        .collect();
    let caption = match scores.as_slice() {
        [(date, score)] => format!("One assessment so far: {score} of 100 on {date}."),
        [(from, first), .., (to, last)] => {
            format!("{first} of 100 on {from}, {last} on {to}; strategic from 50.")
        }
        [] => String::new(),
    };
    let _ = writeln!(
        out,
        "<figure class=\"chart\">\n<figcaption>{caption}</figcaption>\n{}\n</figure>",
        charts::score_over_time(&scores)
    );
}

fn cadence(out: &mut String, page: &AccountPage<'_>) {
    let c = &page.insight.cadence;
    heading(out, "Proof cadence");
    let mut caption = escape(&c.status.summary());
    if let Some(gap) = c.longest_gap {
        let _ = write!(caption, "; the longest gap in the last year {gap} d");
    }
    let total: u32 = c.per_month.iter().sum();
    let _ = write!(caption, "; {total} proof statements in the last 12 months.");
    let _ = writeln!(
        out,
        "<figure class=\"chart\">\n<figcaption>{caption}</figcaption>\n{}\n</figure>",
        charts::proof_per_month(&c.per_month, page.brief.today)
    );
}

fn proofs(out: &mut String, b: &Brief) {
    heading(out, "Latest proof statements");
    if b.proofs.is_empty() {
        muted(out, "None recorded yet.");
        return;
    }
    out.push_str("<ul>\n");
    for p in &b.proofs {
        let value = p
            .value_shown(b.private)
            .map(|v| match &p.measure {
                Some(m) => format!(" · <strong>{}</strong> ({})", escape(v), escape(&m.name)),
                None => format!(" · <strong>{}</strong>", escape(v)),
            })
            .unwrap_or_default();
        let mark = match p.acknowledgement() {
            Some(words) => format!("{} ✓", escape(&words)),
            None => "not yet acknowledged".to_owned(),
        };
        let _ = writeln!(
            out,
            "<li>{}{value} · {} · <em>{mark}</em></li>",
            p.date,
            escape_lines(&p.statement)
        );
    }
    out.push_str("</ul>\n");
    if b.proofs_total > b.proofs.len() {
        muted(
            out,
            &format!("The latest {} of {}.", b.proofs.len(), b.proofs_total),
        );
    }
}

fn conversations(out: &mut String, b: &Brief) {
    heading(out, "Recent conversations");
    if b.conversations.is_empty() {
        muted(out, "None recorded yet.");
        return;
    }
    out.push_str("<ul>\n");
    for c in &b.conversations {
        conversation_item(out, c);
    }
    out.push_str("</ul>\n");
    if b.conversations_total > b.conversations.len() {
        muted(
            out,
            &format!(
                "The latest {} of {}.",
                b.conversations.len(),
                b.conversations_total
            ),
        );
    }
}

fn conversation_item(out: &mut String, c: &ConversationBrief) {
    let _ = write!(
        out,
        "<li>{} · <strong>{}</strong> · about the {}",
        c.date,
        escape(&c.forum),
        c.time_frame.key()
    );
    if !c.attendees.is_empty() {
        let names: Vec<String> = c.attendees.iter().map(|n| escape(n)).collect();
        let _ = write!(out, " · with {}", names.join(", "));
    }
    if !c.summary.is_empty() {
        let _ = write!(out, "<br>{}", escape(&c.summary));
    }
    if let Some(h) = c.hours {
        let _ = write!(
            out,
            "<br><em>{} h billable, {} h non-billable</em>",
            h.billable, h.non_billable
        );
    }
    out.push_str("</li>\n");
}

fn stakeholders(out: &mut String, b: &Brief) {
    heading(out, "Stakeholders");
    if b.stakeholders.is_empty() {
        muted(out, "None recorded yet.");
        return;
    }
    out.push_str("<ul>\n");
    for s in &b.stakeholders {
        let title = if s.title.trim().is_empty() {
            String::new()
        } else {
            format!(", {}", escape(&s.title))
        };
        let stance = s
            .stance()
            .map(|a| format!(" · {}", a.label().to_lowercase()))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<li><strong>{}</strong>{title}{stance}</li>",
            escape(&s.name)
        );
    }
    out.push_str("</ul>\n");
}

fn team(out: &mut String, b: &Brief) {
    let test = b.team_test_line();
    if b.team.is_empty() && test.is_none() {
        return;
    }
    heading(out, "Our team");
    if !b.team.is_empty() {
        out.push_str("<ul>\n");
        for member in &b.team {
            let _ = writeln!(out, "<li>{}</li>", escape(&member.line()));
        }
        out.push_str("</ul>\n");
    }
    if let Some(line) = test {
        let _ = writeln!(
            out,
            "<p><strong>Last team matching test:</strong> {}</p>",
            escape(&line)
        );
    }
}

fn questions(out: &mut String, b: &Brief) {
    heading(out, "Open questions");
    if b.questions.is_empty() {
        muted(
            out,
            "None: every open issue is confirmed and planned, every proof acknowledged.",
        );
        return;
    }
    out.push_str("<ul>\n");
    for q in &b.questions {
        let _ = writeln!(out, "<li>{}</li>", escape(&q.text()));
    }
    out.push_str("</ul>\n");
}
