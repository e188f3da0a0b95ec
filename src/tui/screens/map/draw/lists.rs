//! The portfolio-wide lists of the map screen: key stakeholders past
//! their contact cadence, and breaks in the chain from issue to proof.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};

use crate::domain::choice::Choice;
use crate::text::{sanitize, truncate};
use crate::tui::screen::RenderContext;
use crate::tui::screens::map::{MapView, Tab};
use crate::tui::widgets::common::{pane, relative, row_style};

/// The inner width from which every column of a list is shown.
const WIDE: u16 = 80;

/// The width each column of `widths` gets in `area`.
fn column_widths(widths: &[Constraint], area: Rect) -> Vec<usize> {
    Layout::horizontal(widths.to_vec())
        .spacing(1)
        .split(area)
        .iter()
        .map(|r| usize::from(r.width))
        .collect()
}

/// `text` as a cell no wider than `width`.
fn cell(text: &str, width: usize) -> Cell<'static> {
    Cell::from(truncate(&sanitize(text), width).into_owned())
}

/// Draws `note` in an otherwise empty list.
fn draw_empty(rc: &RenderContext, title: String, note: &str, frame: &mut Frame, area: Rect) {
    frame.render_widget(
        Paragraph::new(note.to_string())
            .style(rc.theme.ok)
            .wrap(Wrap { trim: true })
            .block(pane(title, true, rc.theme)),
        area,
    );
}

/// Draws the overdue contacts across the portfolio, most overdue first.
pub fn draw_contacts(rc: &RenderContext, view: &MapView, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let title = format!(
        " Key stakeholders past their contact cadence · {} ",
        view.contacts.len()
    );
    if view.contacts.is_empty() {
        let note = "Every key stakeholder has been contacted within their cadence.";
        return draw_empty(rc, title, note, frame, area);
    }
    let block = pane(title, true, t);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let wide = inner.width >= WIDE;
    let mut header = vec!["Account", "Name"];
    let mut widths = vec![Constraint::Fill(2), Constraint::Fill(2)];
    if wide {
        header.extend(["Title", "Owner", "Last contact"]);
        widths.extend([
            Constraint::Fill(2),
            Constraint::Fill(1),
            Constraint::Length(12),
        ]);
    }
    header.push("Overdue");
    widths.push(Constraint::Length(8));
    let cols = column_widths(&widths, inner);
    let selected = view.selected(Tab::Contacts);
    let fit = usize::from(inner.height.saturating_sub(1));
    let visible = view
        .scroll(Tab::Contacts)
        .visible(selected, view.contacts.len(), fit);
    let rows: Vec<Row> = visible
        .map(|i| {
            let row = &view.contacts[i];
            let c = &row.contact;
            let mut cells = vec![cell(&row.account, cols[0]), cell(&c.name, cols[1])];
            if wide {
                let last = c
                    .last_contact
                    .map_or_else(|| "never".to_string(), |d| relative(d, rc.today));
                cells.extend([
                    cell(&c.title, cols[2]),
                    cell(&c.owner, cols[3]),
                    Cell::from(last),
                ]);
            }
            cells.push(Cell::from(c.lapse.short()).style(t.warn));
            Row::new(cells).style(row_style(i == selected, true, t))
        })
        .collect();
    frame.render_widget(
        Table::new(rows, widths)
            .header(Row::new(header).style(t.dim))
            .column_spacing(1),
        inner,
    );
}

/// Draws the breaks in the chain across the portfolio, grouped by account
/// and kind: each account and kind is named once, at the first of its rows.
pub fn draw_gaps(rc: &RenderContext, view: &MapView, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let title = format!(
        " Breaks in the chain from issue to proof · {} ",
        view.gaps.len()
    );
    if view.gaps.is_empty() {
        let note = "The chain holds in every account: every issue has a plan, every plan done has proof, every proof is acknowledged.";
        return draw_empty(rc, title, note, frame, area);
    }
    let block = pane(title, true, t);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let widths = if inner.width >= WIDE {
        vec![
            Constraint::Fill(2),
            Constraint::Length(38),
            Constraint::Fill(4),
        ]
    } else {
        vec![
            Constraint::Fill(1),
            Constraint::Fill(1),
            Constraint::Fill(2),
        ]
    };
    let cols = column_widths(&widths, inner);
    let selected = view.selected(Tab::Gaps);
    let fit = usize::from(inner.height.saturating_sub(1));
    let visible = view
        .scroll(Tab::Gaps)
        .visible(selected, view.gaps.len(), fit);
    let first = visible.start;
    let rows: Vec<Row> = visible
        .map(|i| {
            let row = &view.gaps[i];
            let previous = i
                .checked_sub(1)
                .filter(|_| i > first)
                .map(|p| &view.gaps[p]);
            let same_account = previous.is_some_and(|p| p.gap.account_id == row.gap.account_id);
            let same_kind = same_account && previous.is_some_and(|p| p.gap.kind == row.gap.kind);
            let account = if same_account { "" } else { &row.account };
            let kind = if same_kind { "" } else { row.gap.kind.label() };
            Row::new([
                cell(account, cols[0]).style(t.title),
                cell(kind, cols[1]).style(t.dim),
                cell(&row.gap.text, cols[2]),
            ])
            .style(row_style(i == selected, true, t))
        })
        .collect();
    frame.render_widget(
        Table::new(rows, widths)
            .header(Row::new(["Account", "Break", "Record"]).style(t.dim))
            .column_spacing(1),
        inner,
    );
}
