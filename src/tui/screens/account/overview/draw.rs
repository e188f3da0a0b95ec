//! One account: profile header, three lists, and the selected record in
//! full at the bottom.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

use crate::domain::choice::Choice;
use crate::domain::{ActionPlan, BusinessIssue, Id, Importance, ProofStatement};
use crate::text::money_in;
use crate::text::{first_line, sanitize, sanitize_lines};
use crate::tui::screen::RenderContext;
use crate::tui::screens::account::{AccountView, Pane};
use crate::tui::theme::Theme;
use crate::tui::widgets::common::{field, hours, pane, relative, row_style};
use crate::tui::widgets::conflict_mark;
use crate::tui::widgets::scroll::Scroll;

/// Below this width or height the three lists cannot each show a row: the
/// overview then shows the focused pane alone, under a one-line header.
const COMPACT_WIDTH: u16 = 60;
/// See [`COMPACT_WIDTH`].
const COMPACT_HEIGHT: u16 = 14;
/// The fewest rows of the focused pane for which the compact overview also
/// shows the selected record in full below it.
const COMPACT_DETAIL_FROM: u16 = 12;

/// Draws the workspace of an open account.
pub fn draw(rc: &RenderContext, ws: &AccountView, frame: &mut Frame, area: Rect) {
    if area.width < COMPACT_WIDTH || area.height < COMPACT_HEIGHT {
        return draw_compact(rc, ws, frame, area);
    }
    let detail_height = (area.height / 3).clamp(4, 14);
    let [header, lists, detail] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Fill(1),
        Constraint::Length(detail_height),
    ])
    .areas(area);
    draw_profile(rc, ws, frame, header);
    let [issues, plans, proofs] = Layout::horizontal([
        Constraint::Percentage(35),
        Constraint::Percentage(30),
        Constraint::Percentage(35),
    ])
    .areas(lists);
    draw_issues(rc, ws, frame, issues);
    draw_plans(rc, ws, frame, plans);
    draw_proofs(rc, ws, frame, proofs);
    draw_detail(rc, ws, frame, detail);
}

/// The overview of a small terminal: the account's name and stage on one
/// line, then the focused pane alone (the profile in full when it is the
/// one focused), with the selected record below when there is room.
fn draw_compact(rc: &RenderContext, ws: &AccountView, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let [header, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let name = first_line(&ws.account.name);
    let mut spans = vec![Span::styled(name, t.title)];
    if let Some(conflicts) = account_conflicts(rc, ws) {
        spans.push(Span::styled(format!(" · {conflicts}"), t.warn));
    }
    spans.push(Span::styled(
        format!(" · {} relationship", ws.account.stage),
        t.dim,
    ));
    let line = Line::from(spans);
    frame.render_widget(Paragraph::new(line), header);
    if ws.focus == Pane::Profile {
        return draw_detail(rc, ws, frame, body);
    }
    let (list, detail) = if body.height >= 2 * COMPACT_DETAIL_FROM {
        let [list, detail] =
            Layout::vertical([Constraint::Fill(1), Constraint::Fill(1)]).areas(body);
        (list, Some(detail))
    } else {
        (body, None)
    };
    match ws.focus {
        Pane::Issues => draw_issues(rc, ws, frame, list),
        Pane::Plans => draw_plans(rc, ws, frame, list),
        Pane::Proofs | Pane::Profile => draw_proofs(rc, ws, frame, list),
    }
    if let Some(detail) = detail {
        draw_detail(rc, ws, frame, detail);
    }
}

fn draw_profile(rc: &RenderContext, ws: &AccountView, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let a = &ws.account;
    // Conflicts and key figures first: the industry is long and may be cut
    // at the edge.
    let mut facts = Vec::new();
    if let Some(conflicts) = account_conflicts(rc, ws) {
        facts.push(Span::styled(format!("{conflicts} · "), t.warn));
    }
    facts.push(Span::styled(format!("{} relationship", a.stage), t.title));
    if rc.is_private() {
        facts.push(Span::styled(" · figures hidden", t.dim));
    } else {
        let money = |amount| money_in(amount, &a.currency);
        let revenue = match (a.latest_revenue(), a.previous_revenue()) {
            (Some(now), Some(before)) => Some(format!(
                " · revenue {} {} ({} {})",
                now.year,
                money(now.amount),
                before.year,
                money(before.amount)
            )),
            (Some(now), None) => Some(format!(" · revenue {} {}", now.year, money(now.amount))),
            (None, _) => None,
        };
        if let Some(revenue) = revenue {
            facts.push(Span::styled(revenue, t.text));
        }
        if let Some(share) = a.share_of_wallet {
            facts.push(Span::styled(format!(" · share of wallet {share}%"), t.text));
        }
    }
    let last_assessment = rc
        .insight(a.id)
        .and_then(|i| i.facts.latest.as_ref())
        .map(|l| l.date);
    let review = a.last_reviewed(last_assessment).map_or_else(
        || "never reviewed".into(),
        |d| format!("reviewed {}", relative(d, rc.today)),
    );
    facts.push(Span::styled(format!(" · {review}"), t.dim));
    facts.push(Span::styled(
        format!(" · proof every {} d", a.proof_cadence_days),
        t.dim,
    ));
    if !a.industry.is_empty() {
        facts.push(Span::styled(format!(" · {}", sanitize(&a.industry)), t.dim));
    }
    let lines = vec![
        Line::from(facts),
        field("What we sell them", &a.offerings, t),
    ];
    let title = format!(" {} ", first_line(&a.name));
    frame.render_widget(
        Paragraph::new(lines).block(pane(title, ws.focus == Pane::Profile, t)),
        area,
    );
}

/// "3 sync conflicts (C)" when the account's records have any.
fn account_conflicts(rc: &RenderContext, ws: &AccountView) -> Option<String> {
    let n = rc.conflicts_in(ws.account.id);
    (n > 0).then(|| format!("{}{}", conflict_mark::counted(n), conflict_mark::key(rc)))
}

/// Draws a list of two-line items with the selection kept in view.
fn draw_list(
    frame: &mut Frame,
    area: Rect,
    block: ratatui::widgets::Block,
    items: Vec<ListItem>,
    selected: Option<usize>,
    first: usize,
) {
    let mut state = ListState::default().with_selected(selected.map(|s| s - first));
    frame.render_stateful_widget(List::new(items).block(block), area, &mut state);
}

fn visible_rows(
    scroll: &Scroll,
    selected: usize,
    len: usize,
    area: Rect,
) -> std::ops::Range<usize> {
    scroll.visible(
        selected,
        len,
        usize::from(area.height.saturating_sub(2) / 2),
    )
}

fn draw_issues(rc: &RenderContext, ws: &AccountView, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let focused = ws.focus == Pane::Issues;
    let range = visible_rows(&ws.issue_scroll, ws.issue_sel, ws.issues.len(), area);
    let first = range.start;
    let items = range
        .map(|i| issue_item(&ws.issues[i], rc, i == ws.issue_sel, focused))
        .collect();
    let block = pane(
        format!(" Business issues ({}) ", ws.issues.len()),
        focused,
        t,
    );
    let selected = (!ws.issues.is_empty()).then_some(ws.issue_sel);
    if ws.issues.is_empty() {
        let hint = "No business issues yet. Press a to write down one, in the customer's words.";
        frame.render_widget(empty(hint, block, t), area);
    } else {
        draw_list(frame, area, block, items, selected, first);
    }
}

fn issue_item<'a>(
    issue: &BusinessIssue,
    rc: &RenderContext,
    selected: bool,
    focused: bool,
) -> ListItem<'a> {
    let t = rc.theme;
    let marker = match issue.importance {
        Importance::Critical => Span::styled("!! ", t.error),
        Importance::High => Span::styled("!  ", t.warn),
        _ => Span::raw("   "),
    };
    let mut meta = format!(
        "{} · {} · {} · {}",
        issue.importance, issue.kind, issue.status, issue.time_frame
    );
    if issue.confirmed {
        meta.push_str(" · confirmed");
    }
    ListItem::new(vec![
        Line::from(vec![marker, Span::raw(first_line(&issue.statement))]),
        Line::from(vec![
            conflict_mark::gutter(rc, issue.id, 3),
            Span::styled(meta, t.dim),
        ]),
    ])
    .style(row_style(selected, focused, t))
}

fn draw_plans(rc: &RenderContext, ws: &AccountView, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let focused = ws.focus == Pane::Plans;
    let range = visible_rows(&ws.plan_scroll, ws.plan_sel, ws.plans.len(), area);
    let first = range.start;
    let items = range
        .map(|i| plan_item(&ws.plans[i], rc, i == ws.plan_sel, focused))
        .collect();
    let block = pane(format!(" Action plans ({}) ", ws.plans.len()), focused, t);
    if ws.plans.is_empty() {
        let hint = if ws.issues.is_empty() {
            "Plans answer business issues: add an issue first."
        } else {
            "No plan for this issue yet. Press a to propose one."
        };
        frame.render_widget(empty(hint, block, t), area);
    } else {
        draw_list(frame, area, block, items, Some(ws.plan_sel), first);
    }
}

fn plan_item<'a>(
    plan: &ActionPlan,
    rc: &RenderContext,
    selected: bool,
    focused: bool,
) -> ListItem<'a> {
    let t = rc.theme;
    let (done, all) = plan.progress();
    let mut meta = vec![
        conflict_mark::gutter(rc, plan.id, 3),
        Span::styled(plan.status.to_string(), t.dim),
    ];
    if let Some(due) = plan.due {
        let style = if plan.is_overdue(rc.today) {
            t.warn
        } else {
            t.dim
        };
        let overdue = if plan.is_overdue(rc.today) {
            " overdue"
        } else {
            ""
        };
        meta.push(Span::styled(
            format!(" · due {}{overdue}", relative(due, rc.today)),
            style,
        ));
    }
    if all > 0 {
        meta.push(Span::styled(format!(" · {done}/{all} steps"), t.dim));
    }
    ListItem::new(vec![
        Line::from(format!("   {}", first_line(&plan.title))),
        Line::from(meta),
    ])
    .style(row_style(selected, focused, t))
}

fn draw_proofs(rc: &RenderContext, ws: &AccountView, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let focused = ws.focus == Pane::Proofs;
    let total = ws.proofs.total();
    let selected = ws.proofs.selected_index();
    let range = visible_rows(&ws.proof_scroll, selected, total, area);
    let (start, window) = ws.proofs.window();
    let first = range.start;
    let items: Vec<ListItem> = range
        .filter_map(|i| Some((i, window.get(i.checked_sub(start)?)?)))
        .map(|(i, p)| proof_item(p, rc, i == selected, focused))
        .collect();
    let block = pane(format!(" Proof statements ({total}) "), focused, t);
    if total == 0 {
        let hint = "No proof yet. Press a to log what we delivered.";
        frame.render_widget(empty(hint, block, t), area);
    } else {
        draw_list(frame, area, block, items, Some(selected), first);
    }
}

fn proof_item<'a>(
    proof: &ProofStatement,
    rc: &RenderContext,
    selected: bool,
    focused: bool,
) -> ListItem<'a> {
    let t = rc.theme;
    let mut head = vec![Span::styled(format!("{} ", proof.date), t.dim)];
    if let Some(value) = proof.value_with_measure(rc.is_private()) {
        head.push(Span::styled(sanitize(&value).into_owned(), t.title));
    }
    if proof.acknowledged {
        head.push(Span::styled(" ✓ acknowledged", t.ok));
    }
    ListItem::new(vec![
        Line::from(head),
        Line::from(vec![
            conflict_mark::gutter(rc, proof.id, 2),
            Span::raw(first_line(&proof.statement)),
        ]),
    ])
    .style(row_style(selected, focused, t))
}

fn empty<'a>(hint: &'a str, block: ratatui::widgets::Block<'a>, t: &Theme) -> Paragraph<'a> {
    Paragraph::new(hint)
        .style(t.dim)
        .wrap(Wrap { trim: true })
        .block(block)
}

/// The selected record of the focused pane in full: what it is, and its
/// text. Drawn in the detail box, and what `y` copies.
pub fn detail<'a>(rc: &RenderContext, ws: &AccountView) -> (&'static str, Option<Text<'a>>) {
    let t = rc.theme;
    match ws.focus {
        Pane::Profile => ("account profile", Some(profile_text(ws, t))),
        Pane::Issues => (
            "business issue",
            ws.selected_issue().map(|i| issue_text(i, rc)),
        ),
        Pane::Plans => ("action plan", ws.selected_plan().map(|p| plan_text(p, rc))),
        Pane::Proofs => (
            "proof statement",
            ws.proofs
                .selected()
                .map(|p| proof_text(p, ws, rc.is_private(), t)),
        ),
    }
}

/// The record the detail box shows.
fn detailed(ws: &AccountView) -> Option<Id> {
    match ws.focus {
        Pane::Profile => Some(ws.account.id),
        Pane::Issues => ws.selected_issue().map(|i| i.id),
        Pane::Plans => ws.selected_plan().map(|p| p.id),
        Pane::Proofs => ws.proofs.selected().map(|p| p.id),
    }
}

fn draw_detail(rc: &RenderContext, ws: &AccountView, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let (what, text) = detail(rc, ws);
    let title = format!(" {}{} ", what[..1].to_uppercase(), &what[1..]);
    let record = detailed(ws);
    let mut lines = record.map_or_else(Vec::new, |id| conflict_mark::lines(rc, id));
    lines.extend(text.unwrap_or_default().lines);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(pane(
            conflict_mark::title(rc, title, record),
            false,
            t,
        )),
        area,
    );
}

fn long_text<'a>(text: &str, t: &Theme) -> Vec<Line<'a>> {
    sanitize_lines(text)
        .into_iter()
        .map(|l| Line::from(Span::styled(l, t.text)))
        .collect()
}

fn profile_text<'a>(ws: &AccountView, t: &Theme) -> Text<'a> {
    let a = &ws.account;
    let mut lines = Vec::new();
    for (label, value) in [
        ("Their value proposition", &a.value_proposition),
        ("How they differ from competitors", &a.differentiation),
        ("Their customers", &a.customers),
    ] {
        lines.push(Line::from(Span::styled(label, t.dim)));
        lines.extend(long_text(if value.is_empty() { "—" } else { value }, t));
    }
    Text::from(lines)
}

fn issue_text<'a>(i: &BusinessIssue, rc: &RenderContext) -> Text<'a> {
    let t = rc.theme;
    let mut lines = long_text(&i.statement, t);
    let (said_label, said) = match (i.said_by.trim().is_empty(), i.said_on) {
        (false, Some(d)) => ("Said by", format!("{} on {d}", i.said_by)),
        (false, None) => ("Said by", i.said_by.clone()),
        (true, Some(d)) => ("Said on", d.to_string()),
        (true, None) => ("Said by", "—".into()),
    };
    let confirmed = match (i.confirmed, i.confirmed_by.is_empty()) {
        (true, false) => format!("yes, by {}", i.confirmed_by),
        (true, true) => "yes".into(),
        (false, _) => "not yet".into(),
    };
    lines.push(Line::default());
    lines.push(field(said_label, &said, t));
    lines.push(field("Confirmed", &confirmed, t));
    lines.push(field(
        "Kind · importance · status · time frame",
        &format!(
            "{} · {} · {} · {}",
            i.kind,
            i.importance,
            i.status,
            i.time_frame.label()
        ),
        t,
    ));
    Text::from(lines)
}

fn plan_text<'a>(p: &ActionPlan, rc: &RenderContext) -> Text<'a> {
    let t = rc.theme;
    let mut lines = vec![Line::from(Span::styled(first_line(&p.title), t.title))];
    lines.extend(long_text(&p.detail, t));
    lines.push(Line::default());
    let due = p.due.map_or_else(
        || "no date".into(),
        |d| format!("{d} ({})", relative(d, rc.today)),
    );
    lines.push(field(
        "Status · owner · due",
        &format!(
            "{} · {} · {due}",
            p.status,
            if p.owner.is_empty() { "—" } else { &p.owner }
        ),
        t,
    ));
    if !p.customer_owner.trim().is_empty() {
        lines.push(field("Customer's owner", &p.customer_owner, t));
    }
    let effort = if rc.is_private() {
        "hidden in private mode".to_string()
    } else {
        format!(
            "{} h billable, {} h non-billable",
            hours(p.billable_hours),
            hours(p.non_billable_hours)
        )
    };
    lines.push(field("Effort", &effort, t));
    lines.push(field(
        "Uses our product",
        if p.uses_product { "yes" } else { "no" },
        t,
    ));
    for s in &p.steps {
        let mark = if s.done { "[x] " } else { "[ ] " };
        lines.push(Line::from(format!("{mark}{}", first_line(&s.text))));
    }
    Text::from(lines)
}

fn proof_text<'a>(p: &ProofStatement, ws: &AccountView, private: bool, t: &Theme) -> Text<'a> {
    let mut lines = long_text(&p.statement, t);
    lines.push(Line::default());
    lines.push(field("Date", &p.date.to_string(), t));
    if let Some(value) = p.value_shown(private) {
        lines.push(field("Measured value", value, t));
    }
    if let Some(measure) = &p.measure {
        lines.push(field("Measure", &measure.to_string(), t));
    }
    let issue_of = |id: Id| ws.issues.iter().find(|i| i.id == id);
    if let Some(issue) = p.issue_id.and_then(issue_of) {
        lines.push(field(
            "Proves progress on",
            &first_line(&issue.statement),
            t,
        ));
    }
    if let Some(plan) = p
        .plan_id
        .and_then(|id| ws.account_plans.iter().find(|plan| plan.id == id))
    {
        let title = first_line(&plan.title);
        let issue = issue_of(plan.issue_id).map_or_else(String::new, |i| first_line(&i.statement));
        let linked = match p.issue_id {
            Some(id) if id == plan.issue_id => title,
            Some(_) => format!("{title} (a plan of another issue: {issue})"),
            None => format!("{title} (for {issue})"),
        };
        lines.push(field("For plan", &linked, t));
    }
    let acknowledged = p.acknowledgement().map_or_else(
        || "not yet (Space marks it)".to_owned(),
        |w| format!("yes, {w}"),
    );
    lines.push(field("Customer acknowledged", &acknowledged, t));
    Text::from(lines)
}
