//! The prep brief as Markdown, to print, mail to a colleague or read on a
//! phone: the same [`Brief`] the interface shows, with the same sections.
//! Text from the database is sanitized and escaped by the helpers of
//! [`super::markdown`].

use std::fmt::Write;

use super::markdown::{FIGURES_HIDDEN, inline, paragraphs, proof_line};
use crate::domain::Stakeholder;
use crate::domain::brief::{Brief, ConversationBrief, IssueBrief, PlanBrief, local_time};
use crate::domain::choice::Choice;
use crate::domain::history::ChangeItem;
use crate::text::thousands;

/// Renders `brief` as one Markdown document.
pub fn render(brief: &Brief) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Prep brief: {}\n", inline(&brief.account));
    if brief.private {
        let _ = writeln!(out, "**Private mode.** {FIGURES_HIDDEN}\n");
    }
    header(&mut out, brief);
    write_ups(&mut out, brief);
    since(&mut out, brief);
    issues(&mut out, &brief.issues);
    scorecard(&mut out, brief);
    proofs(&mut out, brief);
    conversations(&mut out, brief);
    stakeholders(&mut out, &brief.stakeholders);
    team(&mut out, brief);
    questions(&mut out, brief);
    out
}

fn header(out: &mut String, b: &Brief) {
    let mut item = |label: &str, value: String| {
        if !value.trim().is_empty() {
            let _ = writeln!(out, "- **{label}:** {value}");
        }
    };
    item("For", b.today.to_string());
    item("Relationship stage", b.stage.to_string());
    item("Industry", inline(&b.industry));
    item(
        "Revenue",
        b.figures
            .revenue
            .map(|r| {
                format!(
                    "{} {} ({})",
                    thousands(r.amount),
                    b.figures.currency,
                    r.year
                )
            })
            .unwrap_or_default(),
    );
    item(
        "Share of wallet",
        b.figures
            .share_of_wallet
            .map(|s| format!("{s} %"))
            .unwrap_or_default(),
    );
    item(
        "Last review",
        b.last_review.map(|d| d.to_string()).unwrap_or_default(),
    );
    item("Proof log", b.proof.summary());
    item("Flags", b.flags.join(", "));
    out.push('\n');
}

/// The meetings from the calendar waiting to be written up, when there
/// are.
fn write_ups(out: &mut String, b: &Brief) {
    if b.write_ups.is_empty() {
        return;
    }
    out.push_str("## After the meeting\n\n");
    for w in &b.write_ups {
        let _ = writeln!(out, "- {}", inline(&w.text()));
    }
    let more = b.write_ups_total - b.write_ups.len();
    if more > 0 {
        let _ = writeln!(out, "- … and {more} more meetings to write up");
    }
    out.push('\n');
}

fn since(out: &mut String, b: &Brief) {
    let _ = writeln!(out, "## Since last time\n");
    let _ = writeln!(out, "*Changes since {}.*\n", local_time(b.since));
    if b.changes.is_empty() {
        out.push_str("Nothing has changed.\n\n");
        return;
    }
    for item in &b.changes {
        change(out, item);
    }
    out.push('\n');
}

fn change(out: &mut String, item: &ChangeItem) {
    let _ = writeln!(
        out,
        "- {} · **{}:** {}",
        local_time(item.at),
        item.headline(),
        inline(&item.label)
    );
    for field in &item.fields {
        let _ = writeln!(out, "  - {}", inline(&field.describe()));
    }
}

fn issues(out: &mut String, issues: &[IssueBrief]) {
    out.push_str("## Business issues\n\n");
    if issues.is_empty() {
        out.push_str("*No open business issues.*\n\n");
    }
    for (n, brief) in issues.iter().enumerate() {
        let i = &brief.issue;
        let _ = writeln!(
            out,
            "### {}. {} · {} · {}\n",
            n + 1,
            i.importance,
            i.kind,
            i.time_frame
        );
        paragraphs(out, &i.statement, "> ");
        let mut source = Vec::new();
        source.extend(i.said().map(|said| inline(&said)));
        source.push(if !i.confirmed {
            "*not yet confirmed*".to_string()
        } else if i.confirmed_by.trim().is_empty() {
            "confirmed".to_string()
        } else {
            format!("confirmed by {}", inline(&i.confirmed_by))
        });
        let _ = writeln!(out, "— {}\n", source.join(", "));
        if brief.plans.is_empty() {
            out.push_str("*No action plan yet.*\n\n");
            continue;
        }
        for plan in &brief.plans {
            plan_line(out, plan);
        }
        out.push('\n');
    }
}

fn plan_line(out: &mut String, p: &PlanBrief) {
    let mut parts = vec![p.status.to_string()];
    if !p.owner.trim().is_empty() {
        parts.push(inline(&p.owner));
    }
    if let Some(step) = &p.next_step {
        let due = p
            .next_step_due
            .map(|d| format!(" (by {d})"))
            .unwrap_or_default();
        parts.push(format!("next: {}{due}", inline(step)));
    }
    if let Some(due) = p.due {
        let late = if p.overdue { " **overdue**" } else { "" };
        parts.push(format!("due {due}{late}"));
    }
    let _ = writeln!(
        out,
        "- **Our plan:** {} — {}",
        inline(&p.title),
        parts.join(" · ")
    );
}

fn scorecard(out: &mut String, b: &Brief) {
    if b.measures.is_empty() {
        return;
    }
    out.push_str("## Value scorecard\n\n");
    for series in &b.measures {
        let _ = writeln!(
            out,
            "- **{}:** {}",
            inline(&series.measure.name),
            inline(&series.brief_line(b.private))
        );
    }
    out.push('\n');
}

fn proofs(out: &mut String, b: &Brief) {
    out.push_str("## Latest proof statements\n\n");
    if b.proofs.is_empty() {
        out.push_str("*None recorded yet.*\n\n");
        return;
    }
    for p in &b.proofs {
        proof_line(out, p, b.private);
    }
    if b.proofs_total > b.proofs.len() {
        let _ = writeln!(
            out,
            "\n*The latest {} of {}.*",
            b.proofs.len(),
            b.proofs_total
        );
    }
    out.push('\n');
}

fn conversations(out: &mut String, b: &Brief) {
    out.push_str("## Recent conversations\n\n");
    if b.conversations.is_empty() {
        out.push_str("*None recorded yet.*\n\n");
        return;
    }
    for c in &b.conversations {
        conversation_line(out, c);
    }
    if b.conversations_total > b.conversations.len() {
        let _ = writeln!(
            out,
            "\n*The latest {} of {}.*",
            b.conversations.len(),
            b.conversations_total
        );
    }
    out.push('\n');
}

/// One conversation as a list item: date, forum, time frame and who was
/// there, then the first line of its summary and (unless private) its
/// hours.
fn conversation_line(out: &mut String, c: &ConversationBrief) {
    let mut line = format!(
        "- {} · **{}** · about the {}",
        c.date,
        inline(&c.forum),
        c.time_frame.key()
    );
    if !c.attendees.is_empty() {
        let names: Vec<String> = c.attendees.iter().map(|n| inline(n)).collect();
        let _ = write!(line, " · with {}", names.join(", "));
    }
    let _ = writeln!(out, "{line}");
    if !c.summary.is_empty() {
        let _ = writeln!(out, "  {}", inline(&c.summary));
    }
    if let Some(h) = c.hours {
        let _ = writeln!(
            out,
            "  *{} h billable, {} h non-billable*",
            h.billable, h.non_billable
        );
    }
}

fn stakeholders(out: &mut String, people: &[Stakeholder]) {
    out.push_str("## Stakeholders\n\n");
    if people.is_empty() {
        out.push_str("*None recorded yet.*\n\n");
        return;
    }
    for s in people {
        let stance = s
            .stance()
            .map(|a| format!(" · {}", a.label().to_lowercase()))
            .unwrap_or_default();
        if s.title.trim().is_empty() {
            let _ = writeln!(out, "- **{}**{stance}", inline(&s.name));
        } else {
            let _ = writeln!(
                out,
                "- **{}**, {}{stance}",
                inline(&s.name),
                inline(&s.title)
            );
        }
    }
    out.push('\n');
}

/// Our people on the account and the latest team test, when there are.
fn team(out: &mut String, b: &Brief) {
    let test = b.team_test_line();
    if b.team.is_empty() && test.is_none() {
        return;
    }
    out.push_str("## Our team\n\n");
    for member in &b.team {
        let _ = writeln!(out, "- {}", inline(&member.line()));
    }
    if let Some(line) = test {
        let _ = writeln!(out, "\n**Last team matching test:** {}", inline(&line));
    }
    out.push('\n');
}

fn questions(out: &mut String, b: &Brief) {
    out.push_str("## Open questions\n\n");
    if b.questions.is_empty() {
        out.push_str(
            "*None: every open issue is confirmed and planned, every proof acknowledged.*\n",
        );
        return;
    }
    for q in &b.questions {
        let _ = writeln!(out, "- {}", inline(&q.text()));
    }
}
