//! Every account at a glance, what needs attention first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};

use super::Portfolio;
use crate::domain::portfolio::AccountSummary;
use crate::text::money_in;
use crate::text::{MASK, count, first_line, sanitize, truncate};
use crate::tui::screen::RenderContext;
use crate::tui::widgets::common::{field, pane, relative, row_style};
use crate::tui::widgets::conflict_mark;

/// Draws the portfolio table and the selected account's summary.
pub fn draw(rc: &RenderContext, view: &Portfolio, frame: &mut Frame, area: Rect) {
    // The table takes what its rows need; the selected account's summary
    // gets the rest, when there is room for it.
    let rows = u16::try_from(rc.portfolio.len()).unwrap_or(u16::MAX);
    let table_height = rows.saturating_add(3).max(area.height / 2);
    let [list_area, detail_area] = if area.height >= 20 {
        Layout::vertical([Constraint::Max(table_height), Constraint::Min(7)]).areas(area)
    } else {
        [area, Rect::default()]
    };
    draw_table(rc, view, frame, list_area);
    if let Some(summary) = rc.portfolio.get(view.selected) {
        draw_detail(rc, summary, frame, detail_area);
    }
}

fn draw_table(rc: &RenderContext, view: &Portfolio, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let wide = area.width >= 110;
    // Narrower screens keep the account, its health, its urgency and the
    // reasons; the stage (also in the summary below) needs room.
    let compact = area.width < 96;
    // The narrowest leave out the last proof, which the reasons name when
    // it matters.
    let tiny = area.width < 60;
    let title = format!(
        " Portfolio · {} · {} ",
        count(rc.portfolio.len(), "account", "accounts"),
        rc.today.format("%a %e %b %Y")
    );
    let block = pane(title, true, t);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let rows_fit = usize::from(inner.height.saturating_sub(1));
    let visible = view
        .scroll
        .visible(view.selected, rc.portfolio.len(), rows_fit);
    let mut header = vec!["Account"];
    let mut widths = vec![Constraint::Fill(3)];
    if !compact {
        header.push("Stage");
        widths.push(Constraint::Length(14));
    }
    if wide {
        header.push("Open");
        widths.push(Constraint::Length(5));
    }
    header.extend(["Health", "Overdue"]);
    // "100 at risk" is the widest health.
    widths.extend([Constraint::Length(11), Constraint::Length(8)]);
    if !tiny {
        header.push("Last proof");
        widths.push(Constraint::Length(11));
    }
    if wide {
        header.extend(["Revenue", "SoW"]);
        // "2.38M EUR": the figure and its currency.
        widths.extend([Constraint::Length(10), Constraint::Length(4)]);
    }
    header.push("Needs attention");
    widths.push(Constraint::Fill(3));
    // The widths the table will give its first and last columns, so long
    // names and reasons end in an ellipsis instead of being clipped.
    let columns = Layout::horizontal(widths.clone()).spacing(1).split(inner);
    let name_width = usize::from(columns.first().map_or(0, |r| r.width));
    let note_width = usize::from(columns.last().map_or(0, |r| r.width));
    let rows: Vec<Row> = visible
        .map(|i| {
            let s = &rc.portfolio[i];
            let attention = attention(rc, s);
            let last_proof = s
                .last_proof
                .map_or_else(|| "never".to_string(), |d| relative(d, rc.today));
            let mut cells = vec![Cell::from(
                truncate(&first_line(&s.account.name), name_width).into_owned(),
            )];
            if !compact {
                cells.push(Cell::from(s.account.stage.to_string()));
            }
            if wide {
                cells.push(Cell::from(s.open_issues.to_string()));
            }
            cells.push(health_cell(rc, s));
            cells.push(
                Cell::from(s.overdue_plans.to_string()).style(if s.overdue_plans > 0 {
                    t.warn
                } else {
                    t.text
                }),
            );
            if !tiny {
                cells.push(Cell::from(last_proof));
            }
            if wide && rc.is_private() {
                cells.extend([Cell::from(MASK).style(t.dim), Cell::from(MASK).style(t.dim)]);
            } else if wide {
                cells.push(Cell::from(
                    s.account
                        .latest_revenue()
                        .map(|r| money_in(r.amount, &s.account.currency))
                        .unwrap_or_default(),
                ));
                cells.push(Cell::from(
                    s.account
                        .share_of_wallet
                        .map(|p| format!("{p}%"))
                        .unwrap_or_default(),
                ));
            }
            let note = if attention.is_empty() {
                Cell::from("in good order").style(t.ok)
            } else {
                Cell::from(truncate(&attention.join(" · "), note_width).into_owned()).style(t.warn)
            };
            cells.push(note);
            Row::new(cells).style(row_style(i == view.selected, true, t))
        })
        .collect();
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(t.dim))
        .column_spacing(1);
    frame.render_widget(table, inner);
}

/// The selected account's summary, drawn below the table and copied by `y`.
pub fn summary<'a>(rc: &RenderContext, s: &AccountSummary) -> Text<'a> {
    let t = rc.theme;
    let a = &s.account;
    let mut lines = vec![Line::from(vec![
        Span::styled(sanitize(&a.industry).into_owned(), t.text),
        Span::styled(format!("  ·  {}", a.stage), t.dim),
    ])];
    lines.push(field("What we sell them", &a.offerings, t));
    lines.push(field("Their value proposition", &a.value_proposition, t));
    lines.push(field("How they differ", &a.differentiation, t));
    lines.push(field("Their customers", &a.customers, t));
    let attention = attention(rc, s);
    if !attention.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("Needs attention  ", t.dim),
            Span::styled(attention.join(" · "), t.warn),
        ]));
    }
    lines.push(field(
        "Last review",
        &a.last_reviewed(s.last_assessment).map_or_else(
            || "never".to_string(),
            |d| format!("{d} ({})", relative(d, rc.today)),
        ),
        t,
    ));
    lines.push(field(
        "Last executive review",
        &s.last_executive_review.map_or_else(
            || "none yet".to_string(),
            |d| format!("{d} ({})", relative(d, rc.today)),
        ),
        t,
    ));
    Text::from(lines)
}

fn draw_detail(rc: &RenderContext, s: &AccountSummary, frame: &mut Frame, area: Rect) {
    if area.height == 0 {
        return;
    }
    let t = rc.theme;
    let a = &s.account;
    let lines = summary(rc, s);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(pane(
            format!(" {} ", first_line(&a.name)),
            false,
            t,
        )),
        area,
    );
}

/// Why the account needs attention: the portfolio's reasons, then the
/// flags of its signals (the proof log's silence is in the reasons already).
fn attention(rc: &RenderContext, s: &AccountSummary) -> Vec<String> {
    let mut reasons = Vec::new();
    let conflicts = rc.conflicts_in(s.account.id);
    if conflicts > 0 {
        reasons.push(conflict_mark::counted(conflicts));
    }
    reasons.extend(s.attention(rc.today));
    if let Some(insight) = rc.insight(s.account.id) {
        let proof = insight.cadence.status.flag();
        reasons.extend(
            insight
                .flags()
                .into_iter()
                .filter(|flag| Some(flag) != proof.as_ref()),
        );
    }
    reasons
}

/// The account's health as "72 good", coloured by its label.
fn health_cell<'a>(rc: &RenderContext, s: &AccountSummary) -> Cell<'a> {
    match rc.insight(s.account.id) {
        Some(insight) => {
            let health = &insight.health;
            Cell::from(format!("{} {}", health.score, health.label())).style(
                crate::tui::screens::account::signals::draw::health_style(health, rc.theme),
            )
        }
        None => Cell::from("–").style(rc.theme.dim),
    }
}
