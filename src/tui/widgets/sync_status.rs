//! How the database stands with its remote, told in the status line: when
//! it last synced (or that a sync is running), how many changes wait to go
//! out, and how many conflicts wait for a pick. Parts are dropped, least
//! important first, until the rest fits.

use chrono::{DateTime, Utc};
use ratatui::style::Style;
use ratatui::text::Span;

use crate::store::SyncSummary;
use crate::text::{count, width};
use crate::tui::theme::Theme;

/// Between two parts.
const SEPARATOR: &str = " · ";

/// "just now", "5 min ago", "3 h ago", "2 d ago".
pub fn ago(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let minutes = (now - then).num_minutes().max(0);
    match minutes {
        0 => "just now".to_string(),
        1..60 => format!("{minutes} min ago"),
        60..1440 => format!("{} h ago", minutes / 60),
        _ => format!("{} d ago", minutes / 1440),
    }
}

/// The parts in the order they are shown, each with its importance (lower
/// is kept longer) and style.
fn parts(
    summary: &SyncSummary,
    running: bool,
    now: DateTime<Utc>,
    theme: &Theme,
) -> Vec<(u8, String, Style)> {
    let when = if running {
        "syncing…".to_string()
    } else {
        match summary.state.synced_at {
            Some(at) => format!("synced {}", ago(at, now)),
            None => "never synced".to_string(),
        }
    };
    let mut parts = vec![(2, when, theme.dim)];
    if summary.unsynced > 0 {
        parts.push((1, format!("{} unsynced", summary.unsynced), theme.text));
    }
    if summary.conflicts > 0 {
        let conflicts = count(summary.conflicts, "conflict", "conflicts");
        parts.push((0, conflicts, theme.warn));
    }
    parts
}

/// The spans telling how `summary` stands within `room` columns, with the
/// columns they take: the most important parts that fit, in their order.
pub fn spans(
    summary: &SyncSummary,
    running: bool,
    now: DateTime<Utc>,
    room: usize,
    theme: &Theme,
) -> (Vec<Span<'static>>, usize) {
    let mut parts = parts(summary, running, now, theme);
    let total = |parts: &[(u8, String, Style)]| {
        let words: usize = parts.iter().map(|(_, text, _)| width(text)).sum();
        // A space on each side, and a separator between two parts.
        words + 2 + width(SEPARATOR) * parts.len().saturating_sub(1)
    };
    while !parts.is_empty() && total(&parts) > room {
        let least = (0..parts.len()).max_by_key(|&n| parts[n].0).unwrap_or(0);
        parts.remove(least);
    }
    if parts.is_empty() {
        return (Vec::new(), 0);
    }
    let used = total(&parts);
    let mut spans = vec![Span::raw(" ")];
    for (n, (_, text, style)) in parts.into_iter().enumerate() {
        if n > 0 {
            spans.push(Span::styled(SEPARATOR, theme.dim));
        }
        spans.push(Span::styled(text, style));
    }
    spans.push(Span::raw(" "));
    (spans, used)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::text::Line;

    use crate::store::SyncState;
    use crate::tui::widgets::sync_status::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap()
    }

    fn summary(synced_minutes_ago: Option<i64>, unsynced: usize, conflicts: usize) -> SyncSummary {
        SyncSummary {
            state: SyncState {
                remote: "git@example.com:kam.git".into(),
                commit: None,
                synced_at: synced_minutes_ago.map(|m| now() - chrono::Duration::minutes(m)),
            },
            unsynced,
            conflicts,
        }
    }

    /// The parts as drawn on a status line `columns` wide, with their
    /// width.
    fn drawn(summary: &SyncSummary, running: bool, columns: u16) -> (String, usize) {
        let theme = Theme::new(false);
        let (spans, used) = spans(summary, running, now(), usize::from(columns), &theme);
        let mut terminal = Terminal::new(TestBackend::new(columns, 1)).unwrap();
        terminal
            .draw(|frame| frame.render_widget(Line::from(spans), frame.area()))
            .unwrap();
        let buffer = terminal.backend().buffer();
        let text: String = buffer.content().iter().map(|c| c.symbol()).collect();
        (text.trim_end().to_string(), used)
    }

    #[test]
    fn the_parts_drop_least_important_first_as_the_line_narrows() {
        let s = summary(Some(5), 3, 2);
        let shown: Vec<String> = [60, 45, 44, 26, 25, 13, 12]
            .into_iter()
            .map(|columns| format!("{columns:>2}|{}", drawn(&s, false, columns).0))
            .collect();
        insta::assert_snapshot!(shown.join("\n"), @r"
        60| synced 5 min ago · 3 unsynced · 2 conflicts
        45| synced 5 min ago · 3 unsynced · 2 conflicts
        44| 3 unsynced · 2 conflicts
        26| 3 unsynced · 2 conflicts
        25| 2 conflicts
        13| 2 conflicts
        12|
        ");
        for columns in [60, 44, 43, 26, 25, 13, 12, 1] {
            let (text, used) = drawn(&s, false, columns);
            assert!(used <= usize::from(columns), "{text:?} in {columns}");
        }
    }

    #[test]
    fn a_database_in_step_says_only_when_it_synced() {
        let shown: Vec<String> = [
            summary(None, 0, 0),
            summary(Some(0), 0, 0),
            summary(Some(90), 1, 1),
            summary(Some(3 * 1440), 0, 0),
        ]
        .iter()
        .map(|s| drawn(s, false, 80).0)
        .collect();
        insta::assert_snapshot!(shown.join("\n"), @r"
         never synced
         synced just now
         synced 1 h ago · 1 unsynced · 1 conflict
         synced 3 d ago
        ");
    }

    #[test]
    fn a_running_sync_says_so_in_place_of_the_last_one() {
        assert_eq!(
            drawn(&summary(Some(5), 3, 0), true, 80).0,
            " syncing… · 3 unsynced"
        );
    }

    #[test]
    fn conflicts_take_the_warning_colour() {
        let theme = Theme::new(true);
        let (spans, _) = spans(&summary(Some(5), 0, 2), false, now(), 80, &theme);
        let conflicts = spans.iter().find(|s| s.content == "2 conflicts").unwrap();
        assert_eq!(conflicts.style, theme.warn);
    }
}
