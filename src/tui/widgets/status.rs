//! The status line: the last message on the left, how the database stands
//! with its remote when it is connected to one, and the main keys of the
//! focused view on the right. A screen names its own keys
//! ([`Screen::hints`](crate::tui::screen::Screen::hints)).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use super::sync_status;
use crate::text::{sanitize, truncate, width};
use crate::tui::action::Action;
use crate::tui::app::{App, Tone};
use crate::tui::keymap::Context;

/// Draws the status line: the message first; the sync parts that fit in
/// half the line; hints only as far as they fit whole beside them.
pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let rc = app.render_context();
    let t = rc.theme;
    let context = app.context();
    let mut wanted: Vec<(Action, &str)> = app.focused_screen().hints().to_vec();
    let reading = matches!(context, Context::Help | Context::Brief | Context::Changes);
    if app.can_undo() && !reading {
        wanted.push((Action::Undo, "undo"));
    }
    wanted.extend([(Action::Help, "help"), (Action::Quit, "quit")]);
    let hints: Vec<(String, &str)> = wanted
        .into_iter()
        .filter_map(|(action, name)| Some((rc.keymap.key_for(context, action)?.to_string(), name)))
        .collect();

    let message = app.status.as_ref().map(|s| {
        let style = match s.tone {
            Tone::Info => t.text,
            Tone::Ok => t.ok,
            Tone::Error => t.error,
        };
        (sanitize(&s.text).into_owned(), style)
    });
    let marker = app.is_private().then_some(" PRIVATE ");
    let marker_width = marker.map_or(0, width);
    let (sync, sync_width) = match rc.sync {
        Some(summary) => sync_status::spans(
            summary,
            app.is_syncing(),
            chrono::Utc::now(),
            usize::from(area.width) / 2,
            t,
        ),
        None => (Vec::new(), 0),
    };
    let message_width =
        message.as_ref().map_or(0, |(m, _)| width(m) + 2) + marker_width + sync_width;
    let room = usize::from(area.width).saturating_sub(message_width);
    // Keep the last hints (help, quit) and as many of the first as fit.
    let hint_width = |(key, name): &(String, &str)| width(key) + width(name) + 3;
    let mut used: usize = hints.iter().rev().take(2).map(hint_width).sum();
    let mut shown: Vec<&(String, &str)> = Vec::new();
    for hint in &hints[..hints.len().saturating_sub(2)] {
        if used + hint_width(hint) > room {
            break;
        }
        used += hint_width(hint);
        shown.push(hint);
    }
    if used <= room {
        shown.extend(hints.iter().rev().take(2).rev());
    } else {
        used = 0;
    }
    let spans: Vec<Span> = shown
        .into_iter()
        .flat_map(|(key, name)| {
            [
                Span::styled(format!(" {key}"), t.key),
                Span::styled(format!(" {name} "), t.dim),
            ]
        })
        .collect();
    let right = u16::try_from(used).unwrap_or(0);
    let middle = u16::try_from(sync_width).unwrap_or(0);
    let [left_area, sync_area, right_area] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(middle),
        Constraint::Length(right),
    ])
    .areas(area);
    let mut left = Vec::new();
    if let Some(marker) = marker {
        left.push(Span::styled(marker, t.banner));
    }
    if let Some((text, style)) = message {
        let room = usize::from(left_area.width).saturating_sub(marker_width + 1);
        left.push(Span::styled(format!(" {}", truncate(&text, room)), style));
    }
    frame.render_widget(Line::from(left), left_area);
    frame.render_widget(Line::from(sync), sync_area);
    frame.render_widget(Line::from(spans).right_aligned(), right_area);
}
