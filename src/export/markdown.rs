//! A readable Markdown document per account: profile, the customer's
//! business issues with our action plans, the proof log, the stakeholders,
//! the conversations and the strategic assessments. Text from the database is sanitized and escaped, so that
//! whatever was typed or imported renders as text, not as Markdown or HTML.

use std::fmt::Write;

use chrono::NaiveDate;

use crate::domain::choice::Choice;
use crate::domain::{
    Account, ActionPlan, Assessment, BusinessIssue, Conversation, MatchingResult, ProofStatement,
    Stakeholder,
};
use crate::store::Snapshot;
use crate::text::{sanitize, sanitize_lines, thousands};

/// The note at the top of a document written with figures hidden.
pub const FIGURES_HIDDEN: &str =
    "*Figures hidden: revenue, share of wallet and effort hours are left out.*";

/// Renders every account in `records` with the records under it, in the
/// order `records` holds them. With `private`, revenue, share of
/// wallet and effort hours are left out.
pub fn document(records: &Snapshot, private: bool) -> String {
    let mut out = String::new();
    for (n, account) in records.accounts.iter().enumerate() {
        if n > 0 {
            out.push_str("\n---\n\n");
        }
        render_account(&mut out, records, account, private);
    }
    out
}

/// A file name for the account's document: its name in lower case, with
/// every run of other characters than letters and digits turned into `-`.
pub fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "account".into()
    } else {
        slug.chars().take(80).collect()
    }
}

fn render_account(out: &mut String, records: &Snapshot, account: &Account, private: bool) {
    let _ = writeln!(out, "# {}\n", inline(&account.name));
    if private {
        let _ = writeln!(out, "{FIGURES_HIDDEN}\n");
    }
    let last_assessment = records
        .assessments
        .iter()
        .filter(|a| a.account_id == account.id)
        .map(|a| a.date)
        .max();
    profile(
        out,
        account,
        account.last_reviewed(last_assessment),
        private,
    );
    team(out, account);

    out.push_str("## Business issues\n\n");
    let issues: Vec<&BusinessIssue> = records
        .issues
        .iter()
        .filter(|i| i.account_id == account.id)
        .collect();
    if issues.is_empty() {
        out.push_str("*None recorded.*\n\n");
    }
    for (n, issue) in issues.iter().enumerate() {
        let plans = records.plans.iter().filter(|p| p.issue_id == issue.id);
        business_issue(out, n + 1, issue, plans, private);
    }

    out.push_str("## Proof log\n\n");
    let proofs: Vec<&ProofStatement> = records
        .proofs
        .iter()
        .filter(|p| p.account_id == account.id)
        .collect();
    if proofs.is_empty() {
        out.push_str("*None recorded.*\n\n");
    } else {
        for proof in proofs {
            proof_line(out, proof, private);
        }
        out.push('\n');
    }

    out.push_str("## Stakeholders\n\n");
    let people: Vec<&Stakeholder> = records
        .stakeholders
        .iter()
        .filter(|s| s.account_id == account.id)
        .collect();
    if people.is_empty() {
        out.push_str("*None recorded.*\n");
    } else {
        for person in &people {
            stakeholder_line(out, person, &people);
        }
    }

    out.push_str("\n## Conversations\n\n");
    let talks: Vec<&Conversation> = records
        .conversations
        .iter()
        .filter(|c| c.account_id == account.id)
        .collect();
    if talks.is_empty() {
        out.push_str("*None recorded.*\n");
    }
    for talk in talks {
        conversation_line(out, talk, &people, private);
    }

    out.push_str("\n## Strategic assessments\n\n");
    let assessments: Vec<&Assessment> = records
        .assessments
        .iter()
        .filter(|a| a.account_id == account.id)
        .collect();
    if assessments.is_empty() {
        out.push_str("*None recorded.*\n");
    }
    for a in assessments {
        let _ = writeln!(
            out,
            "- {} · strategic score {}/100 · {} · buy-sell ladder {} (aim: {})",
            a.date,
            a.strategic_score(),
            a.stage,
            a.ladder_now,
            a.ladder_aim
        );
    }
    matching_tests(out, records, account);
    whitespace(out, records, account, private);
}

/// The whitespace grid, one unit a line with its region and site and what
/// we supply where (the spend left out when `private`), when it has one.
fn whitespace(out: &mut String, records: &Snapshot, account: &Account, private: bool) {
    let Some(grid) = records
        .whitespace
        .iter()
        .find(|w| w.account_id == account.id && !w.units.is_empty())
    else {
        return;
    };
    out.push_str("\n## Whitespace\n\n");
    for (u, unit) in grid.units.iter().enumerate() {
        let place = grid.place(u);
        let place = if place.is_empty() {
            String::new()
        } else {
            format!(" · {}", inline(&place.to_string()))
        };
        let cells: Vec<String> = grid
            .offerings
            .iter()
            .zip(&grid.cells[u])
            .filter(|(_, cell)| !cell.is_blank())
            .map(|(offering, cell)| {
                let value = match cell.value {
                    Some(v) if !private => format!(" {}", thousands(v)),
                    _ => String::new(),
                };
                format!("{}: {}{value}", inline(offering), cell.state.label())
            })
            .collect();
        let _ = writeln!(out, "- **{}**{place} — {}", inline(unit), cells.join(" · "));
    }
}

/// The account team, one member a line, when it has one.
fn team(out: &mut String, a: &Account) {
    if a.team.is_empty() {
        return;
    }
    out.push_str("## Account team\n\n");
    for member in &a.team {
        let _ = writeln!(out, "- {}", inline(&member.line()));
    }
    out.push('\n');
}

/// The matching tests taken, quick and team, oldest first; a team test
/// with each member's score.
fn matching_tests(out: &mut String, records: &Snapshot, account: &Account) {
    let results: Vec<&MatchingResult> = records
        .matching
        .iter()
        .filter(|m| m.account_id == account.id)
        .collect();
    if results.is_empty() {
        return;
    }
    out.push_str("\n## Matching tests\n\n");
    for m in results {
        let members = m
            .team
            .as_ref()
            .and_then(|round| round.outcome(m.account_id))
            .map(|o| {
                let each: Vec<String> = o
                    .members
                    .iter()
                    .map(|s| format!("{} {} of {}", inline(&s.name), s.correct, s.total))
                    .collect();
                format!(" ({})", each.join(", "))
            })
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- {} · {} · {}{members} · {}",
            m.taken_at.date_naive(),
            m.kind_label(),
            m.summary(),
            m.standing()
        );
    }
}

fn conversation_line(out: &mut String, c: &Conversation, people: &[&Stakeholder], private: bool) {
    let names: Vec<String> = people
        .iter()
        .filter(|p| c.attendees.contains(&p.id))
        .map(|p| inline(&p.name))
        .collect();
    let mut line = format!(
        "- {} · {} · about the {}",
        c.date,
        inline(&c.forum),
        c.time_frame.label().to_lowercase()
    );
    if c.executive_review {
        line.push_str(" · executive review");
    }
    if !names.is_empty() {
        let _ = write!(line, " · with {}", names.join(", "));
    }
    if !private && c.hours() > 0.0 {
        let _ = write!(
            line,
            " · {} h billable, {} h non-billable",
            c.billable_hours, c.non_billable_hours
        );
    }
    out.push_str(&line);
    out.push('\n');
    if !c.summary.trim().is_empty() {
        out.push('\n');
        paragraphs(out, &c.summary, "  ");
    }
}

/// The account's profile; `last_review` as [`Account::last_reviewed`]
/// gives it.
fn profile(out: &mut String, a: &Account, last_review: Option<NaiveDate>, private: bool) {
    out.push_str("## Profile\n\n");
    let mut item = |label: &str, value: String| {
        if !value.trim().is_empty() {
            let _ = writeln!(out, "- **{label}:** {value}");
        }
    };
    item("Industry", inline(&a.industry));
    item("Relationship stage", a.stage.to_string());
    item("What we sell them", inline(&a.offerings));
    if !private {
        item(
            "Revenue per year",
            a.revenue_history
                .iter()
                .map(|r| format!("{} {} {}", r.year, thousands(r.amount), a.currency))
                .collect::<Vec<_>>()
                .join(", "),
        );
        item(
            "Share of wallet",
            a.share_of_wallet
                .map(|s| format!("{s} %"))
                .unwrap_or_default(),
        );
    }
    item(
        "Last review",
        last_review.map(|d| d.to_string()).unwrap_or_default(),
    );
    item(
        "Review interval",
        format!("{} days", a.review_interval_days),
    );
    out.push('\n');
    for (title, text) in [
        ("Their value proposition", &a.value_proposition),
        ("How they differ from their competitors", &a.differentiation),
        ("Their customers", &a.customers),
    ] {
        if !text.trim().is_empty() {
            let _ = writeln!(out, "### {title}\n");
            paragraphs(out, text, "");
        }
    }
}

fn business_issue<'a>(
    out: &mut String,
    n: usize,
    issue: &BusinessIssue,
    plans: impl Iterator<Item = &'a ActionPlan>,
    private: bool,
) {
    let _ = writeln!(
        out,
        "### Issue {n} · {} · {} · {} · {}\n",
        issue.importance, issue.kind, issue.status, issue.time_frame
    );
    paragraphs(out, &issue.statement, "> ");
    let mut source = Vec::new();
    source.extend(issue.said().map(|said| inline(&said)));
    if issue.confirmed {
        if issue.confirmed_by.trim().is_empty() {
            source.push("confirmed".into());
        } else {
            source.push(format!("confirmed by {}", inline(&issue.confirmed_by)));
        }
    }
    if !source.is_empty() {
        let _ = writeln!(out, "— {}\n", source.join(", "));
    }
    let mut any = false;
    for plan in plans {
        any = true;
        action_plan(out, plan, private);
    }
    if !any {
        out.push_str("*No action plan yet.*\n\n");
    }
}

fn action_plan(out: &mut String, p: &ActionPlan, private: bool) {
    let _ = writeln!(out, "#### Action plan: {}\n", inline(&p.title));
    let _ = writeln!(out, "- **Status:** {}", p.status);
    if !p.customer_owner.trim().is_empty() {
        let _ = writeln!(out, "- **Customer's owner:** {}", inline(&p.customer_owner));
    }
    if !p.owner.trim().is_empty() {
        let _ = writeln!(out, "- **Owner:** {}", inline(&p.owner));
    }
    if let Some(due) = p.due {
        let _ = writeln!(out, "- **Due:** {due}");
    }
    let _ = writeln!(
        out,
        "- **Uses our product:** {}",
        if p.uses_product { "yes" } else { "no" }
    );
    if !private {
        let _ = writeln!(
            out,
            "- **Effort:** {} h billable, {} h non-billable",
            p.billable_hours, p.non_billable_hours
        );
    }
    out.push('\n');
    if !p.detail.trim().is_empty() {
        paragraphs(out, &p.detail, "");
    }
    if !p.steps.is_empty() {
        for step in &p.steps {
            let mark = if step.done { 'x' } else { ' ' };
            let due = step.due.map(|d| format!(" (due {d})")).unwrap_or_default();
            let _ = writeln!(out, "- [{mark}] {}{due}", inline(&step.text));
        }
        out.push('\n');
    }
}

/// One proof statement as a list item: date, value, statement and whether
/// the customer acknowledged it.
pub(crate) fn proof_line(out: &mut String, p: &ProofStatement, private: bool) {
    let value = p
        .value_shown(private)
        .map(|v| match &p.measure {
            Some(m) => format!(" · **{}** ({})", inline(v), inline(&m.name)),
            None => format!(" · **{}**", inline(v)),
        })
        .unwrap_or_default();
    let mark = match p.acknowledgement() {
        Some(words) => format!("{} ✓", inline(&words)),
        None => "not yet acknowledged".to_owned(),
    };
    let _ = writeln!(
        out,
        "- {}{value} · {} · *{mark}*",
        p.date,
        inline(&p.statement)
    );
}

fn stakeholder_line(out: &mut String, s: &Stakeholder, people: &[&Stakeholder]) {
    let mut line = format!("- **{}**", inline(&s.name));
    if !s.title.trim().is_empty() {
        let _ = write!(line, ", {}", inline(&s.title));
    }
    let _ = write!(line, " · {}", s.attitude);
    if let Some(influence) = s.influence {
        let _ = write!(line, " · {influence}");
    }
    if let Some(boss) = people.iter().find(|p| Some(p.id) == s.reports_to) {
        let _ = write!(line, " · reports to {}", inline(&boss.name));
    }
    for extra in [&s.email, &s.phone] {
        if !extra.trim().is_empty() {
            let _ = write!(line, " · {}", inline(extra));
        }
    }
    out.push_str(&line);
    out.push('\n');
}

/// Writes multi-line text line by line, each line escaped and prefixed
/// (`"> "` for a quotation), followed by a blank line.
pub(crate) fn paragraphs(out: &mut String, text: &str, prefix: &str) {
    let lines = sanitize_lines(text.trim());
    for line in &lines {
        let line = block(line);
        if line.is_empty() {
            let _ = writeln!(out, "{}", prefix.trim_end());
        } else {
            let _ = writeln!(out, "{prefix}{line}");
        }
    }
    out.push('\n');
}

/// Text within a line: control characters defused, line breaks as spaces,
/// inline Markdown escaped.
pub(crate) fn inline(text: &str) -> String {
    escape_inline(sanitize(text.trim()).as_ref())
}

/// Escapes the characters that format, link or open HTML anywhere in a line.
fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '<' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes a whole line of sanitized text: inline Markdown, and whatever
/// would start a heading, quote, list, rule, table or fence.
fn block(line: &str) -> String {
    let line = line.trim_start();
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if line.starts_with(['#', '>', '-', '+', '=', '~', '|']) {
        format!("\\{}", escape_inline(line))
    } else if digits > 0 && line[digits..].starts_with(['.', ')']) {
        format!("{}\\{}", &line[..digits], escape_inline(&line[digits..]))
    } else {
        escape_inline(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_in_the_text_stays_text() {
        assert_eq!(block("# not a heading"), "\\# not a heading");
        assert_eq!(block("   > not a quote"), "\\> not a quote");
        assert_eq!(block("- not a list"), "\\- not a list");
        assert_eq!(block("1. not a list"), "1\\. not a list");
        assert_eq!(block("2026 was good. Yes."), "2026 was good. Yes.");
        assert_eq!(
            block("*bold* [link](x) <b>"),
            "\\*bold\\* \\[link\\](x) \\<b>"
        );
        assert_eq!(block("99 % of repairs -> 4 h"), "99 % of repairs -> 4 h");
        assert_eq!(inline("a\u{1b}[2Jb\nc"), "a␛\\[2Jb c");
        assert_eq!(inline("-53 % in 1.5 h"), "-53 % in 1.5 h");
    }

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(
            slug("Brennholt Verpackung GmbH"),
            "brennholt-verpackung-gmbh"
        );
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("Élan & Co."), "élan-co");
        assert_eq!(slug("   "), "account");
    }
}
