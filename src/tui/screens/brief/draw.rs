//! The prep brief, full screen over the workspace, for two people to read
//! at arm's length: the meetings waiting to be written up, what changed
//! since last time, the customer's open issues with our plans, the latest
//! proof, the recent conversations, the people, open questions.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use crate::domain::brief::{Brief, ConversationBrief, IssueBrief, PlanBrief, local_time};
use crate::domain::choice::Choice;
use crate::domain::history::{ChangeAction, ChangeItem};
use crate::domain::{Importance, ProofStatement};
use crate::text::money_in;
use crate::text::{sanitize, sanitize_lines};
use crate::tui::screen::RenderContext;
use crate::tui::screens::brief::BriefView;
use crate::tui::theme::Theme;
use crate::tui::widgets::common::{hours, relative};
use crate::tui::widgets::reading::{Page, column, draw_page};

/// The marker shown while private mode hides figures.
pub const PRIVATE_MARKER: &str = "PRIVATE MODE";

/// Draws the open brief over `area`.
pub fn draw(rc: &RenderContext, view: &BriefView, frame: &mut Frame, area: Rect) {
    let brief = view.brief(rc.private);
    let width = text_width(area);
    let lines = lines(&brief, width, rc);
    let title = format!("Prep brief · {}", sanitize(&brief.account));
    let marker = brief.private.then_some(PRIVATE_MARKER);
    draw_page(frame, area, &title, marker, lines, &view.pager, rc.theme);
}

/// The width of the text column in a page drawn over `area`.
pub(crate) fn text_width(area: Rect) -> usize {
    usize::from(column(Block::bordered().inner(area)).width)
}

/// The whole brief laid out for a column `width` wide.
fn lines(b: &Brief, width: usize, rc: &RenderContext) -> Vec<Line<'static>> {
    let t = rc.theme;
    let mut page = Page::new(width);
    header(&mut page, b, rc);
    write_ups(&mut page, b, t);
    page.heading(
        "Since last time",
        &format!("since {}", local_time(b.since)),
        t,
    );
    change_items(&mut page, &b.changes, t);
    page.heading(
        "Business issues",
        &format!("{} open, most important first", b.issues.len()),
        t,
    );
    if b.issues.is_empty() {
        page.text("No open business issues.", 0, t.dim);
    }
    for (n, issue) in b.issues.iter().enumerate() {
        issue_item(&mut page, n + 1, issue, t);
    }
    scorecard(&mut page, b, t);
    proofs(&mut page, b, t);
    conversations(&mut page, b, t);
    page.heading("Stakeholders", "", t);
    if b.stakeholders.is_empty() {
        page.text("None recorded yet.", 0, t.dim);
    }
    for s in &b.stakeholders {
        let mut who = if s.title.trim().is_empty() {
            sanitize(&s.name).into_owned()
        } else {
            format!("{} — {}", sanitize(&s.name), sanitize(&s.title))
        };
        if let Some(stance) = s.stance() {
            who = format!("{who} · {}", stance.label().to_lowercase());
        }
        page.prefixed("• ", t.dim, &who, 0, t.text);
    }
    team(&mut page, b, t);
    page.heading("Open questions", "", t);
    if b.questions.is_empty() {
        page.text(
            "None: every open issue is confirmed and planned, every proof acknowledged.",
            0,
            t.dim,
        );
    }
    for q in &b.questions {
        page.prefixed("? ", t.key, &sanitize(&q.text()), 0, t.text);
        page.blank();
    }
    page.into_lines()
}

/// The meetings from the calendar waiting to be written up, when there
/// are: the latest is the one the write-up key opens.
fn write_ups(page: &mut Page, b: &Brief, t: &Theme) {
    if b.write_ups.is_empty() {
        return;
    }
    let note = if b.write_ups_total > b.write_ups.len() {
        format!("the latest {} of {}", b.write_ups.len(), b.write_ups_total)
    } else {
        String::new()
    };
    page.heading("After the meeting", &note, t);
    for (n, w) in b.write_ups.iter().enumerate() {
        let style = if n == 0 { t.title } else { t.text };
        page.prefixed("✎ ", t.key, &sanitize(&w.text()), 0, style);
    }
}

/// Our people on the account and the latest team test, when there are.
fn team(page: &mut Page, b: &Brief, t: &Theme) {
    let test = b.team_test_line();
    if b.team.is_empty() && test.is_none() {
        return;
    }
    page.heading("Our team", "", t);
    for member in &b.team {
        page.prefixed("• ", t.dim, &sanitize(&member.line()), 0, t.text);
    }
    if let Some(line) = test {
        page.prefixed("Last team test: ", t.key, &sanitize(&line), 0, t.text);
    }
}

fn header(page: &mut Page, b: &Brief, rc: &RenderContext) {
    let t = rc.theme;
    page.text(&sanitize(&b.account), 0, t.title);
    let mut facts = vec![format!("{} relationship", b.stage)];
    if let Some(revenue) = b.figures.revenue {
        facts.push(format!(
            "revenue {} {}",
            revenue.year,
            money_in(revenue.amount, &b.figures.currency)
        ));
    }
    if let Some(share) = b.figures.share_of_wallet {
        facts.push(format!("share of wallet {share}%"));
    }
    facts.push(b.last_review.map_or_else(
        || "never reviewed".into(),
        |d| format!("reviewed {}", relative(d, b.today)),
    ));
    if !b.industry.trim().is_empty() {
        facts.push(sanitize(&b.industry).into_owned());
    }
    page.text(&facts.join(" · "), 0, t.text);
    let proof_style = if b.proof.gone_quiet() { t.warn } else { t.text };
    page.text(&format!("Proof log: {}", b.proof.summary()), 0, proof_style);
    if !b.flags.is_empty() {
        page.text(&format!("Flags: {}", b.flags.join(" · ")), 0, t.warn);
    }
    if b.private {
        page.text("Private mode: confidential figures are hidden.", 0, t.warn);
    }
    page.text(&format!("Prepared for {}", b.today), 0, t.dim);
}

/// Lays out changes, one item per record and moment, a blank line apart:
/// shared with the "since last time" view.
pub(crate) fn change_items(page: &mut Page, items: &[ChangeItem], t: &Theme) {
    if items.is_empty() {
        page.text("Nothing has changed.", 0, t.dim);
    }
    for item in items {
        let when = format!("{}  ", local_time(item.at));
        let indent = crate::text::width(&when);
        let style = match item.action {
            ChangeAction::Added | ChangeAction::Restored => t.ok,
            ChangeAction::Deleted => t.warn,
            ChangeAction::Changed => t.text,
        };
        page.prefixed(&when, t.dim, &item.headline(), 0, style);
        page.text(&sanitize(&item.label), indent, t.text);
        for field in &item.fields {
            page.prefixed("· ", t.dim, &sanitize(&field.describe()), indent, t.text);
        }
        page.blank();
    }
}

fn issue_item(page: &mut Page, n: usize, brief: &IssueBrief, t: &Theme) {
    let i = &brief.issue;
    let importance = if matches!(i.importance, Importance::High | Importance::Critical) {
        t.warn
    } else {
        t.dim
    };
    page.push_spans(
        vec![
            Span::styled(format!("{n}. "), t.title),
            Span::styled(i.importance.to_string(), importance),
            Span::styled(format!(" · {} · {}", i.kind, i.time_frame), t.dim),
        ],
        0,
    );
    let lines: Vec<String> = sanitize_lines(i.statement.trim());
    let last = lines.len().saturating_sub(1);
    for (k, line) in lines.iter().enumerate() {
        let open = if k == 0 { "“" } else { " " };
        let close = if k == last { "”" } else { "" };
        page.prefixed(open, t.text, &format!("{line}{close}"), 2, t.text);
    }
    let mut source = Vec::new();
    source.extend(i.said().map(|said| sanitize(&said).into_owned()));
    let confirmed = match (i.confirmed, i.confirmed_by.trim().is_empty()) {
        (false, _) => "not yet confirmed".to_string(),
        (true, true) => "confirmed".to_string(),
        (true, false) => format!("confirmed by {}", sanitize(&i.confirmed_by)),
    };
    source.push(confirmed);
    let style = if i.confirmed { t.dim } else { t.warn };
    page.text(&source.join(" · "), 3, style);
    page.blank();
    if brief.plans.is_empty() {
        page.text("No action plan yet.", 3, t.warn);
    }
    for plan in &brief.plans {
        plan_item(page, plan, t);
    }
    page.blank();
}

fn plan_item(page: &mut Page, p: &PlanBrief, t: &Theme) {
    page.prefixed("▸ ", t.key, &sanitize(&p.title), 3, t.text);
    let mut parts = vec![p.status.to_string()];
    if !p.owner.trim().is_empty() {
        parts.push(sanitize(&p.owner).into_owned());
    }
    if let Some(step) = &p.next_step {
        let due = p
            .next_step_due
            .map(|d| format!(" (by {d})"))
            .unwrap_or_default();
        parts.push(format!("next: {}{due}", sanitize(step)));
    }
    if let Some(due) = p.due {
        parts.push(format!(
            "due {due}{}",
            if p.overdue { ", overdue" } else { "" }
        ));
    }
    let style = if p.overdue { t.warn } else { t.dim };
    page.text(&parts.join(" · "), 5, style);
}

fn proofs(page: &mut Page, b: &Brief, t: &Theme) {
    let note = if b.proofs_total > b.proofs.len() {
        format!("the latest {} of {}", b.proofs.len(), b.proofs_total)
    } else {
        String::new()
    };
    page.heading("Latest proof statements", &note, t);
    if b.proofs.is_empty() {
        page.text("None recorded yet.", 0, t.dim);
    }
    for p in &b.proofs {
        proof_item(page, p, t);
    }
}

fn conversations(page: &mut Page, b: &Brief, t: &Theme) {
    let note = if b.conversations_total > b.conversations.len() {
        format!(
            "the latest {} of {}",
            b.conversations.len(),
            b.conversations_total
        )
    } else {
        String::new()
    };
    page.heading("Recent conversations", &note, t);
    if b.conversations.is_empty() {
        page.text("None recorded yet.", 0, t.dim);
    }
    for c in &b.conversations {
        conversation_item(page, c, t);
    }
}

fn conversation_item(page: &mut Page, c: &ConversationBrief, t: &Theme) {
    let date = format!("{}  ", c.date);
    let indent = crate::text::width(&date);
    let head = format!(
        "{} · about the {}",
        sanitize(c.forum.trim()),
        c.time_frame.key()
    );
    page.prefixed(&date, t.dim, &head, 0, t.title);
    if !c.attendees.is_empty() {
        let names: Vec<String> = c
            .attendees
            .iter()
            .map(|n| sanitize(n).into_owned())
            .collect();
        page.text(&format!("with {}", names.join(", ")), indent, t.text);
    }
    if !c.summary.is_empty() {
        page.text(&sanitize(&c.summary), indent, t.text);
    }
    if let Some(h) = c.hours {
        let effort = format!(
            "{} h billable, {} h non-billable",
            hours(h.billable),
            hours(h.non_billable)
        );
        page.text(&effort, indent, t.dim);
    }
    page.blank();
}

fn scorecard(page: &mut Page, b: &Brief, t: &Theme) {
    if b.measures.is_empty() {
        return;
    }
    page.heading("Value scorecard", "", t);
    for series in &b.measures {
        let line = format!(
            "{}: {}",
            sanitize(&series.measure.name),
            sanitize(&series.brief_line(b.private))
        );
        page.prefixed("• ", t.dim, &line, 0, t.text);
    }
}

fn proof_item(page: &mut Page, p: &ProofStatement, t: &Theme) {
    let date = format!("{}  ", p.date);
    let indent = crate::text::width(&date);
    page.prefixed(&date, t.dim, &sanitize(&p.statement), 0, t.text);
    let mut spans = Vec::new();
    if let Some(value) = p.value_with_measure(false) {
        spans.push(Span::styled(format!("{} · ", sanitize(&value)), t.title));
    }
    spans.push(match p.acknowledgement() {
        Some(words) => Span::styled(format!("✓ {}", sanitize(&words)), t.ok),
        None => Span::styled("not yet acknowledged", t.dim),
    });
    page.push_spans(spans, indent);
    page.blank();
}
