//! The person window: who they are, then what they said, confirmed,
//! acknowledged and own, one row each.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::domain::choice::Choice;
use crate::text::{first_line, fit};
use crate::tui::screen::RenderContext;
use crate::tui::screens::person::{PersonView, Row};
use crate::tui::widgets::common::{centered, pane, row_style};

/// Draws the person window over `area`.
pub fn draw(rc: &RenderContext, view: &PersonView, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let rows = view.rows();
    let wanted = u16::try_from(rows.len())
        .unwrap_or(u16::MAX)
        .saturating_add(8);
    let popup = centered(area, 90, wanted.max(10));
    frame.render_widget(Clear, popup);
    let block = pane(format!(" {} ", first_line(&view.person.name)), true, t);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [about, list, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);

    let p = &view.person;
    let influence = p.influence.map_or("influence unknown", |i| i.label());
    let mut who = vec![Span::styled(p.attitude.label(), t.title)];
    who.push(Span::styled(format!(" · {influence}"), t.text));
    if !p.title.trim().is_empty() {
        who.push(Span::styled(format!(" · {}", first_line(&p.title)), t.dim));
    }
    let links = &view.links;
    let counts = format!(
        "{} issues said or confirmed · {} proof statements acknowledged · {} plans owned",
        links.issues.len(),
        links.proofs.len(),
        links.plans.len()
    );
    let about_lines = vec![Line::from(who), Line::styled(counts, t.dim)];
    frame.render_widget(Paragraph::new(about_lines), about);

    let room = usize::from(list.width);
    let shown = usize::from(list.height);
    let lines: Vec<Line> = if rows.is_empty() {
        vec![Line::styled(
            "Nothing names this person yet: pick them as who said or confirmed an issue, \
             acknowledged a proof, or owns a plan on their side.",
            t.dim,
        )]
    } else {
        view.scroll
            .visible(view.selected, rows.len(), shown)
            .map(|i| {
                let text = row_text(view, rows[i]);
                Line::styled(fit(&text, room), row_style(i == view.selected, true, t))
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines), list);
    frame.render_widget(
        Paragraph::new(Line::styled(
            "Enter open · e edit person · Esc close",
            t.dim,
        )),
        footer,
    );
}

/// One row as shown: what the person did, the record's date and text.
pub(crate) fn row_text(view: &PersonView, row: Row) -> String {
    let links = &view.links;
    match row {
        Row::Issue(i) => {
            let issue = &links.issues[i];
            let on = issue.said_on.map(|d| format!(" {d}")).unwrap_or_default();
            format!(
                "Issue, {}{on}: {}",
                view.role_in(issue),
                first_line(&issue.statement)
            )
        }
        Row::Proof(i) => {
            let proof = &links.proofs[i];
            let on = proof
                .acknowledged_on
                .map(|d| format!(" on {d}"))
                .unwrap_or_default();
            format!(
                "Proof {}, acknowledged{on}: {}",
                proof.date,
                first_line(&proof.statement)
            )
        }
        Row::Plan(i) => {
            let plan = &links.plans[i];
            format!("Plan, owns on their side: {}", first_line(&plan.title))
        }
    }
}
