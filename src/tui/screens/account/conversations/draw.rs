//! The conversations page of an open account: the mix of the last 90 days
//! at the top, the conversations newest first, and the selected one in
//! full at the bottom.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

use crate::domain::choice::Choice;
use crate::domain::insight::TalkMix;
use crate::domain::insight::talk::WINDOW_DAYS;
use crate::domain::{Conversation, TimeFrame};
use crate::text::{count, first_line, fit, sanitize, sanitize_lines, truncate, width};
use crate::tui::screen::RenderContext;
use crate::tui::screens::account::AccountView;
use crate::tui::screens::account::conversations::ConversationsPage;
use crate::tui::theme::Theme;
use crate::tui::widgets::common::{field, hours, pane, row_style};
use crate::tui::widgets::conflict_mark;

/// The width of the forum column at most.
const FORUM_WIDTH: usize = 20;
/// The width of the time-frame column: the longest label, "Present".
const FRAME_WIDTH: usize = 7;
/// The width of the hours column: "123.5 h".
const HOURS_WIDTH: usize = 7;
/// Beside the date, a meeting from the calendar.
const CALENDAR_MARK: &str = "◷";
/// Beside the date, a meeting from the calendar waiting to be written up.
const WAITING_MARK: &str = "✎";

/// Draws the conversations page into `area`.
pub fn draw(rc: &RenderContext, ws: &AccountView, frame: &mut Frame, area: Rect) {
    let detail_height = if area.height >= 14 {
        (area.height / 3).clamp(5, 14)
    } else {
        0
    };
    let [header, list, detail] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Fill(1),
        Constraint::Length(detail_height),
    ])
    .areas(area);
    draw_mix(rc, ws, frame, header);
    draw_list(rc, &ws.talks, frame, list);
    if !detail.is_empty() {
        draw_detail(rc, ws, frame, detail);
    }
}

/// The talk mix of the last 90 days in words: the summary line, the
/// count per time frame, and whether most talk is about the past.
pub fn mix_lines(mix: &TalkMix, t: &Theme) -> Vec<Line<'static>> {
    let mut summary = format!(
        "Last {WINDOW_DAYS} days: {}",
        count(mix.total, "conversation", "conversations")
    );
    if let Some(future) = mix.future_percent() {
        summary.push_str(&format!(
            " · {future} % about the future · {}",
            count(mix.forums, "forum", "forums")
        ));
    }
    let mut second = vec![Span::styled(
        format!(
            "past {} · present {} · future {}",
            mix.past, mix.present, mix.future
        ),
        t.dim,
    )];
    if mix.past_focused {
        second.push(Span::styled(
            "   Most talk is about the past: ask where they are going.",
            t.warn,
        ));
    }
    vec![Line::styled(summary, t.text), Line::from(second)]
}

fn draw_mix(rc: &RenderContext, ws: &AccountView, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let lines = match rc.insight(ws.account.id) {
        Some(insight) => mix_lines(&insight.talk, t),
        None => Vec::new(),
    };
    let title = format!(" {} ", first_line(&ws.account.name));
    frame.render_widget(Paragraph::new(lines).block(pane(title, false, t)), area);
}

fn draw_list(rc: &RenderContext, page: &ConversationsPage, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let list = &page.conversations;
    let waiting = list.iter().filter(|c| c.waiting_write_up()).count();
    let written = list
        .iter()
        .any(|c| c.from_calendar() && !c.waiting_write_up());
    let mut marks = String::new();
    if written {
        marks.push_str(&format!("· {CALENDAR_MARK} from the calendar "));
    }
    if waiting > 0 {
        marks.push_str(&format!("· {WAITING_MARK} {waiting} to write up "));
    }
    let block = pane(
        format!(" Conversations ({}) {marks}", page.conversations.len()),
        true,
        t,
    );
    if page.conversations.is_empty() {
        let hint = "No conversations yet. Press a to log one: where you met them, \
                    who was there, and whether you talked about their future.";
        frame.render_widget(
            Paragraph::new(hint)
                .style(t.dim)
                .wrap(Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    }
    let inner = block.inner(area);
    let range = page.scroll.visible(
        page.selected,
        page.conversations.len(),
        usize::from(inner.height),
    );
    let first = range.start;
    let row_width = usize::from(inner.width);
    let items: Vec<ListItem> = range
        .map(|i| {
            let c = &page.conversations[i];
            ListItem::new(row(rc, page, c, row_width)).style(row_style(i == page.selected, true, t))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(page.selected - first));
    frame.render_stateful_widget(List::new(items).block(block), area, &mut state);
}

/// One conversation on one row `room` columns wide: date, forum, time
/// frame, hours (unless private) and who was there.
fn row(
    rc: &RenderContext,
    page: &ConversationsPage,
    c: &Conversation,
    room: usize,
) -> Line<'static> {
    let t = rc.theme;
    let private = rc.is_private();
    let fixed = 10 + 2 + FRAME_WIDTH + 2 + if private { 0 } else { HOURS_WIDTH + 2 };
    let forum_width = (room.saturating_sub(fixed) / 2).clamp(8, FORUM_WIDTH);
    let date = if rc.conflicts_of(c.id) > 0 {
        Span::styled(format!("{}{} ", c.date, conflict_mark::MARK), t.warn)
    } else if let Some(mark) = calendar_mark(c) {
        Span::styled(format!("{}{mark} ", c.date), t.key)
    } else {
        Span::styled(format!("{}  ", c.date), t.dim)
    };
    let mut spans = vec![
        date,
        Span::styled(
            format!("{}  ", fit(&first_line(&c.forum), forum_width)),
            t.text,
        ),
        Span::styled(
            format!("{}  ", fit(c.time_frame.label(), FRAME_WIDTH)),
            frame_style(c, t),
        ),
    ];
    if !private {
        let h = format!("{} h", hours(c.hours()));
        spans.push(Span::styled(
            format!("{h:>HOURS_WIDTH$}  ", h = truncate(&h, HOURS_WIDTH)),
            t.dim,
        ));
    }
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    let names = attendee_names(page, c, room.saturating_sub(used));
    spans.push(Span::styled(names, t.text));
    Line::from(spans)
}

/// The mark of a conversation from the calendar: [`WAITING_MARK`] while it
/// waits to be written up, [`CALENDAR_MARK`] after.
fn calendar_mark(c: &Conversation) -> Option<&'static str> {
    if c.waiting_write_up() {
        Some(WAITING_MARK)
    } else {
        c.from_calendar().then_some(CALENDAR_MARK)
    }
}

/// Talk about the future stands out; talk about the past is muted.
fn frame_style(c: &Conversation, t: &Theme) -> Style {
    match c.time_frame {
        TimeFrame::Future => t.ok,
        TimeFrame::Present => t.text,
        TimeFrame::Past => t.dim,
    }
}

/// The attendees' names in `room` columns: all of them when they fit, else
/// the first and how many more.
fn attendee_names(page: &ConversationsPage, c: &Conversation, room: usize) -> String {
    let people = page.attendees(c);
    let names: Vec<String> = people.iter().map(|s| first_line(&s.name)).collect();
    let all = names.join(", ");
    let text = match names.as_slice() {
        [] => "—".to_string(),
        _ if width(&all) <= room => all,
        [first, rest @ ..] => format!("{first} +{}", rest.len()),
    };
    truncate(&text, room).into_owned()
}

fn draw_detail(rc: &RenderContext, ws: &AccountView, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let (what, text) = detail(rc, ws);
    let title = format!(" {}{} ", what[..1].to_uppercase(), &what[1..]);
    let record = ws.talks.selected_conversation().map(|c| c.id);
    let mut lines = record.map_or_else(Vec::new, |id| conflict_mark::lines(rc, id));
    lines.extend(text.unwrap_or_default().lines);
    let title = conflict_mark::title(rc, title, record);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(pane(title, false, t)),
        area,
    );
}

/// The selected conversation in full, with what it is: drawn in the
/// detail box, and what `y` copies. Hours are left out in private mode.
pub fn detail<'a>(rc: &RenderContext, ws: &AccountView) -> (&'static str, Option<Text<'a>>) {
    let page = &ws.talks;
    let text = page.selected_conversation().map(|c| {
        let t = rc.theme;
        let mut lines = vec![Line::styled(
            format!(
                "{} · {} · about the {}",
                c.date,
                first_line(&c.forum),
                c.time_frame.key()
            ),
            t.title,
        )];
        if c.waiting_write_up() {
            lines.push(Line::styled(
                format!(
                    "{WAITING_MARK} From the calendar, not yet written up: the summary is the invitation's text."
                ),
                t.warn,
            ));
        } else if c.from_calendar() {
            lines.push(Line::styled(
                format!("{CALENDAR_MARK} From the calendar."),
                t.dim,
            ));
        }
        if c.summary.trim().is_empty() {
            lines.push(Line::styled("No summary.", t.dim));
        } else {
            lines.extend(
                sanitize_lines(c.summary.trim())
                    .into_iter()
                    .map(|l| Line::styled(l, t.text)),
            );
        }
        lines.push(Line::default());
        let people = page.attendees(c);
        if people.is_empty() {
            lines.push(field("Attendees", "none recorded", t));
        } else {
            lines.push(Line::styled("Attendees", t.dim));
            for s in people {
                let who = if s.title.trim().is_empty() {
                    first_line(&s.name)
                } else {
                    format!("{} — {}", first_line(&s.name), sanitize(s.title.trim()))
                };
                lines.push(Line::styled(format!("• {who}"), t.text));
            }
        }
        let effort = if rc.is_private() {
            "hidden in private mode".to_string()
        } else {
            format!(
                "{} h billable, {} h non-billable",
                hours(c.billable_hours),
                hours(c.non_billable_hours)
            )
        };
        lines.push(field("Hours", &effort, t));
        Text::from(lines)
    });
    ("conversation", text)
}
