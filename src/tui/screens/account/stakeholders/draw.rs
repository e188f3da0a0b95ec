//! The stakeholders page of an open account: the account's contact flags,
//! the list of people, their org chart and the selected person in full.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Wrap};

use crate::domain::choice::Choice;
use crate::domain::insight::ContactLapse;
use crate::domain::org_chart::Break;
use crate::domain::{Attitude, Stakeholder};
use crate::text::{first_line, fit, truncate, width};
use crate::tui::screen::RenderContext;
use crate::tui::screens::account::AccountView;
use crate::tui::screens::account::stakeholders::StakeholdersPage;
use crate::tui::theme::Theme;
use crate::tui::widgets::common::{field, pane, relative, row_style};
use crate::tui::widgets::conflict_mark;

/// The fewest rows of the detail box (and the chart beside it), borders
/// included; on a page too low for them and the list, only the list shows.
const DETAIL_ROWS: u16 = 8;
/// The fewest rows the list keeps when the chart and detail show too.
const MIN_LIST_ROWS: u16 = 6;
/// The narrowest page on which the chart and the detail sit side by side;
/// narrower, only the detail shows below the list.
const SIDE_BY_SIDE_WIDTH: u16 = 72;
/// Columns between two columns of the list.
const GAP: usize = 2;
/// Columns of the champion mark before a name.
const MARK: usize = 2;

/// Draws the stakeholders page into `area`.
pub fn draw(rc: &RenderContext, ws: &AccountView, frame: &mut Frame, area: Rect) {
    let [flags, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    draw_flags(rc, ws, frame, flags);
    let people = &ws.people;
    // The list as tall as its people need (within what is left when the
    // detail shows below), the chart and the detail taking the rest.
    let shows_bottom = body.height >= MIN_LIST_ROWS + DETAIL_ROWS;
    let list_rows = if shows_bottom {
        let wanted = u16::try_from(people.stakeholders.len())
            .unwrap_or(u16::MAX)
            .saturating_add(3);
        wanted.clamp(MIN_LIST_ROWS, body.height - DETAIL_ROWS)
    } else {
        body.height
    };
    let [list, bottom] =
        Layout::vertical([Constraint::Length(list_rows), Constraint::Fill(1)]).areas(body);
    draw_list(rc, people, frame, list);
    if bottom.is_empty() {
        return;
    }
    if bottom.width >= SIDE_BY_SIDE_WIDTH {
        let [chart, detail] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(bottom);
        draw_chart(rc, people, frame, chart);
        draw_detail(rc, ws, frame, detail);
    } else {
        draw_detail(rc, ws, frame, bottom);
    }
}

/// The account's contact flags on one line: no champion, single-threaded,
/// key contacts overdue.
fn draw_flags(rc: &RenderContext, ws: &AccountView, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let Some(insight) = rc.insight(ws.account.id) else {
        return;
    };
    let contacts = &insight.contacts;
    let mut flags = Vec::new();
    if contacts.no_champion {
        flags.push("No champion".to_string());
    }
    if contacts.single_threaded {
        flags.push("Single-threaded".to_string());
    }
    match contacts.overdue.len() {
        0 => {}
        1 => flags.push("1 key contact overdue".to_string()),
        n => flags.push(format!("{n} key contacts overdue")),
    }
    let spans: Vec<(String, Style)> = if flags.is_empty() {
        vec![(
            " ✓ A champion, several people in touch, no key contact overdue".to_string(),
            t.ok,
        )]
    } else {
        flags
            .into_iter()
            .map(|f| (format!(" ⚑ {f} "), t.warn.add_modifier(Modifier::BOLD)))
            .collect()
    };
    frame.render_widget(clip(spans, usize::from(area.width)), area);
}

/// A column of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Title,
    Influence,
    Attitude,
    Owner,
    LastContact,
    Cadence,
}

impl Column {
    /// The columns in the order they are drawn.
    const ORDER: [Column; 7] = [
        Column::Name,
        Column::Title,
        Column::Influence,
        Column::Attitude,
        Column::Owner,
        Column::LastContact,
        Column::Cadence,
    ];

    /// The columns by importance: when room is short, the last go first.
    const KEEP: [Column; 7] = [
        Column::Name,
        Column::Cadence,
        Column::Attitude,
        Column::LastContact,
        Column::Title,
        Column::Influence,
        Column::Owner,
    ];

    fn header(self) -> &'static str {
        match self {
            Column::Name => "Name",
            Column::Title => "Title",
            Column::Influence => "Influence",
            Column::Attitude => "Attitude",
            Column::Owner => "Owner",
            Column::LastContact => "Last contact",
            Column::Cadence => "Cadence",
        }
    }

    /// The column's width; for the name and the title, the least they get
    /// (they share what is left over).
    fn width(self) -> usize {
        match self {
            Column::Name => 14,
            Column::Title => 12,
            Column::Influence => 14,
            Column::Attitude => 9,
            Column::Owner => 10,
            Column::LastContact => 12,
            Column::Cadence => 18,
        }
    }
}

/// The columns that fit in `room` columns, in drawing order, with their
/// widths: the most important that fit, the name and title sharing the
/// rest.
fn columns(room: usize) -> Vec<(Column, usize)> {
    let needed = |cols: &[Column]| -> usize {
        MARK + cols.iter().map(|c| c.width()).sum::<usize>() + GAP * cols.len().saturating_sub(1)
    };
    let Some(kept) = (1..=Column::KEEP.len())
        .rev()
        .map(|n| &Column::KEEP[..n])
        .find(|cols| needed(cols) <= room)
    else {
        return vec![(Column::Name, room.saturating_sub(MARK))];
    };
    let spare = room.saturating_sub(needed(kept));
    let has_title = kept.contains(&Column::Title);
    let name_extra = if has_title { spare.div_ceil(2) } else { spare };
    Column::ORDER
        .iter()
        .filter(|c| kept.contains(c))
        .map(|&c| {
            let extra = match c {
                Column::Name => name_extra,
                Column::Title => spare - name_extra,
                _ => 0,
            };
            (c, c.width() + extra)
        })
        .collect()
}

fn draw_list(rc: &RenderContext, people: &StakeholdersPage, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let block = pane(
        format!(" Stakeholders ({}) ", people.stakeholders.len()),
        true,
        t,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if people.stakeholders.is_empty() {
        let hint =
            "No stakeholders yet. Press a to add the people we deal with on the customer's side.";
        frame.render_widget(
            Paragraph::new(hint).style(t.dim).wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    let room = usize::from(inner.width);
    let cols = columns(room);
    let headers: Vec<String> = cols.iter().map(|(c, w)| fit(c.header(), *w)).collect();
    let header = format!("{}{}", " ".repeat(MARK), headers.join(&" ".repeat(GAP)));
    let mut lines = vec![Line::styled(truncate(&header, room).into_owned(), t.dim)];
    let rows = usize::from(inner.height.saturating_sub(1));
    let range = people
        .scroll
        .visible(people.selected, people.stakeholders.len(), rows);
    for i in range {
        let s = &people.stakeholders[i];
        let line = person_row(rc, people, s, &cols).style(row_style(i == people.selected, true, t));
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// One person's row of the list, cut to the columns.
fn person_row<'a>(
    rc: &RenderContext,
    people: &StakeholdersPage,
    s: &Stakeholder,
    cols: &[(Column, usize)],
) -> Line<'a> {
    let t = rc.theme;
    let champion = s.attitude == Attitude::Champion;
    let lapse = people.lapse(s, rc.today);
    let mut spans = vec![if rc.conflicts_of(s.id) > 0 {
        Span::styled(format!("{} ", conflict_mark::MARK), t.warn)
    } else if champion {
        Span::styled("★ ", champion_style(t))
    } else {
        Span::raw(" ".repeat(MARK))
    }];
    for (n, (column, w)) in cols.iter().enumerate() {
        if n > 0 {
            spans.push(Span::raw(" ".repeat(GAP)));
        }
        let (text, style) = match column {
            Column::Name if champion => (first_line(&s.name), champion_style(t)),
            Column::Name => (first_line(&s.name), t.text),
            Column::Title => (first_line(&s.title), t.dim),
            Column::Influence => (s.influence.map_or("—", |i| i.label()).to_string(), t.text),
            Column::Attitude => (
                s.attitude.label().to_string(),
                attitude_style(s.attitude, t),
            ),
            Column::Owner => (or_dash(&first_line(&s.owner)), t.text),
            Column::LastContact => (last_contact_text(people.last_contact(s), rc.today), t.text),
            Column::Cadence => cadence_cell(s, lapse, t),
        };
        spans.push(Span::styled(fit(&text, *w), style));
    }
    Line::from(spans)
}

fn champion_style(t: &Theme) -> Style {
    t.ok.add_modifier(Modifier::BOLD)
}

fn attitude_style(attitude: Attitude, t: &Theme) -> Style {
    match attitude {
        Attitude::Champion => champion_style(t),
        Attitude::Supporter => t.ok,
        Attitude::Neutral => t.text,
        Attitude::Sceptic => t.warn,
        Attitude::Opponent => t.error,
    }
}

/// "30 d", "30 d OVERDUE 12 d" for a key stakeholder past their cadence,
/// "30 d NEVER" for one never contacted,
/// "—" for anyone else.
fn cadence_cell(s: &Stakeholder, lapse: Option<ContactLapse>, t: &Theme) -> (String, Style) {
    match (s.cadence_days, lapse) {
        (Some(days), Some(ContactLapse::Overdue { days: late })) => (
            format!("{days} d OVERDUE {late} d"),
            t.warn.add_modifier(Modifier::BOLD),
        ),
        (Some(days), Some(ContactLapse::Never { .. })) => (
            format!("{days} d NEVER"),
            t.warn.add_modifier(Modifier::BOLD),
        ),
        (Some(days), None) => (format!("{days} d"), t.text),
        (None, _) => ("—".to_string(), t.dim),
    }
}

fn last_contact_text(date: Option<NaiveDate>, today: NaiveDate) -> String {
    date.map_or_else(|| "never".to_string(), |d| relative(d, today))
}

fn or_dash(text: &str) -> String {
    if text.is_empty() {
        "—".to_string()
    } else {
        text.to_string()
    }
}

/// The reporting lines as a tree, the selected person highlighted.
fn draw_chart(rc: &RenderContext, people: &StakeholdersPage, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let block = pane(" Org chart ", false, t);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = &people.chart.rows;
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new("Reporting lines show here.").style(t.dim),
            inner,
        );
        return;
    }
    let selected_id = people.selected_person().map(|s| s.id);
    let selected = selected_id
        .and_then(|id| people.chart.position(id))
        .unwrap_or(0);
    let range = people
        .chart_scroll
        .visible(selected, rows.len(), usize::from(inner.height));
    let room = usize::from(inner.width);
    let lines: Vec<Line> = rows[range]
        .iter()
        .filter_map(|row| {
            let s = people.person(row.id)?;
            let mut spans = vec![(row.prefix.clone(), t.dim)];
            if s.attitude == Attitude::Champion {
                spans.push(("★ ".to_string(), champion_style(t)));
            }
            let overdue = people.lapse(s, rc.today).is_some();
            let name_style = if overdue { t.warn } else { t.text };
            spans.push((first_line(&s.name), name_style));
            if !s.title.is_empty() {
                spans.push((format!(" · {}", first_line(&s.title)), t.dim));
            }
            match row.broken {
                Some(Break::Missing) => {
                    spans.push((" (manager outside this account)".to_string(), t.warn))
                }
                Some(Break::Loop) => spans.push((" (reporting loop)".to_string(), t.warn)),
                None => {}
            }
            let style = row_style(Some(row.id) == selected_id, false, t);
            Some(clip(spans, room).style(style))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_detail(rc: &RenderContext, ws: &AccountView, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let record = ws.people.selected_person().map(|s| s.id);
    let mut lines = record.map_or_else(Vec::new, |id| conflict_mark::lines(rc, id));
    lines.extend(detail(rc, ws).unwrap_or_default().lines);
    let title = conflict_mark::title(rc, " Stakeholder ".into(), record);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(pane(title, false, t)),
        area,
    );
}

/// The selected stakeholder in full: drawn in the detail box, and what `y`
/// copies.
pub fn detail<'a>(rc: &RenderContext, ws: &AccountView) -> Option<Text<'a>> {
    let t = rc.theme;
    let people = &ws.people;
    let s = people.selected_person()?;
    let mut lines = vec![Line::styled(first_line(&s.name), t.title)];
    if !s.title.is_empty() {
        lines.push(Line::styled(first_line(&s.title), t.text));
    }
    let influence = s.influence.map_or("unknown", |i| i.label());
    lines.push(field(
        "Influence · attitude",
        &format!("{influence} · {}", s.attitude),
        t,
    ));
    let manager = match (s.reports_to, people.manager_of(s)) {
        (None, _) => "nobody in this account".to_string(),
        (Some(_), Some(m)) => first_line(&m.name),
        (Some(_), None) => "someone outside this account".to_string(),
    };
    lines.push(field("Reports to", &manager, t));
    let reports: Vec<String> = people
        .stakeholders
        .iter()
        .filter(|r| r.reports_to == Some(s.id) && r.id != s.id)
        .map(|r| first_line(&r.name))
        .collect();
    if !reports.is_empty() {
        lines.push(field("Direct reports", &reports.join(", "), t));
    }
    lines.push(field("Email", &or_dash(&s.email), t));
    lines.push(field("Phone", &or_dash(&s.phone), t));
    lines.push(field("Owner on our side", &or_dash(&s.owner), t));
    let last = match people.last_contact(s) {
        None => "never".to_string(),
        Some(d) => {
            let source = if people.seen(s) == Some(d) {
                ", in a conversation"
            } else {
                ""
            };
            format!("{d} ({}{source})", relative(d, rc.today))
        }
    };
    lines.push(field("Last contact", &last, t));
    let cadence = match s.cadence_days {
        Some(days) => format!("every {days} d: a key stakeholder"),
        None => "none: not a key stakeholder".to_string(),
    };
    lines.push(field("Contact cadence", &cadence, t));
    if let Some(lapse) = people.lapse(s, rc.today) {
        lines.push(Line::from(vec![
            Span::styled("Overdue  ", t.dim),
            Span::styled(lapse.describe(), t.warn.add_modifier(Modifier::BOLD)),
        ]));
    }
    Some(Text::from(lines))
}

/// `spans` on one line, cut with `…` at `room` columns.
fn clip<'a>(spans: Vec<(String, Style)>, room: usize) -> Line<'a> {
    let mut used = 0;
    let mut out = Vec::new();
    for (text, style) in spans {
        let left = room.saturating_sub(used);
        if left == 0 {
            break;
        }
        let cut = truncate(&text, left).into_owned();
        used += width(&cut);
        out.push(Span::styled(cut, style));
    }
    Line::from(out)
}

#[cfg(test)]
mod tests {
    use crate::tui::screens::account::stakeholders::draw::*;

    fn total(cols: &[(Column, usize)]) -> usize {
        MARK + cols.iter().map(|(_, w)| w).sum::<usize>() + GAP * cols.len().saturating_sub(1)
    }

    #[test]
    fn wide_lists_show_every_column_and_fill_the_room() {
        let cols = columns(118);
        assert_eq!(cols.len(), 7);
        assert_eq!(total(&cols), 118);
        // The name and the title share the spare room, the name first.
        assert_eq!(
            (cols[0], cols[1]),
            ((Column::Name, 22), (Column::Title, 19))
        );
    }

    #[test]
    fn narrow_lists_drop_the_least_important_columns() {
        let cols: Vec<Column> = columns(50).into_iter().map(|(c, _)| c).collect();
        assert_eq!(cols, [Column::Name, Column::Attitude, Column::Cadence]);
        assert!(total(&columns(50)) <= 50);
        let tiny = columns(10);
        assert_eq!(tiny, [(Column::Name, 8)], "the name always shows, cut");
    }
}
