//! Records with unresolved sync conflicts, marked the same way wherever
//! they are shown: a mark in lists, the count in a title, and each
//! conflict in a detail view, its values hidden in private mode as the
//! conflicts window hides them.

use ratatui::text::{Line, Span};

use crate::domain::Id;
use crate::domain::history::is_confidential;
use crate::store::{DELETED, SyncConflict};
use crate::text::{count, first_line};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::screen::RenderContext;

/// The mark of a record with conflicts in a list.
pub const MARK: &str = "≠";

/// "2 sync conflicts".
pub fn counted(n: usize) -> String {
    count(n, "sync conflict", "sync conflicts")
}

/// " · 2 sync conflicts (C)" in the warning colour, when the record
/// `record` has any; the key is the one that opens the conflicts.
pub fn span(rc: &RenderContext, record: Id) -> Option<Span<'static>> {
    let n = rc.conflicts_of(record);
    (n > 0).then(|| Span::styled(format!(" · {}{}", counted(n), key(rc)), rc.theme.warn))
}

/// " (C)": the key that opens the conflicts, if one is bound.
pub fn key(rc: &RenderContext) -> String {
    rc.keymap
        .key_for(Context::Global, Action::Conflicts)
        .map(|k| format!(" ({k})"))
        .unwrap_or_default()
}

/// The start of a list row `columns` wide: the mark when the record
/// `record` has conflicts, else blank.
pub fn gutter(rc: &RenderContext, record: Id, columns: usize) -> Span<'static> {
    if rc.conflicts_of(record) > 0 {
        Span::styled(format!("{MARK:<columns$}"), rc.theme.warn)
    } else {
        Span::raw(" ".repeat(columns))
    }
}

/// A pane's title, with the record's conflicts counted when it has any.
pub fn title(rc: &RenderContext, title: String, record: Option<Id>) -> Line<'static> {
    match record.and_then(|id| span(rc, id)) {
        Some(mark) => Line::from(vec![
            Span::styled(title.trim_end().to_string(), rc.theme.title),
            mark,
            Span::raw(" "),
        ]),
        None => Line::from(Span::styled(title, rc.theme.title)),
    }
}

/// Each conflict of the record `record` on a line of its own, then a blank
/// line; nothing when it has none.
pub fn lines(rc: &RenderContext, record: Id) -> Vec<Line<'static>> {
    let t = rc.theme;
    let mut lines: Vec<Line> = rc
        .conflicts
        .iter()
        .filter(|c| c.record == record)
        .map(|c| {
            let (what, kept, other) = match c.field.as_str() {
                DELETED => (
                    "deleted on one machine, kept".to_string(),
                    String::new(),
                    String::new(),
                ),
                field => {
                    let (kept, other) = shown_values(c, rc.private);
                    (
                        format!("{}: ", field.replace('_', " ")),
                        format!("here {kept}"),
                        format!(", other machine {other}"),
                    )
                }
            };
            Line::from(vec![
                Span::styled(format!("{MARK} Sync conflict · {what}"), t.warn),
                Span::styled(kept, t.text),
                Span::styled(other, t.text),
            ])
        })
        .collect();
    if !lines.is_empty() {
        lines.push(Line::default());
    }
    lines
}

/// The value held here and the other machine's as shown: their first
/// lines, or hidden in private mode when the field is confidential; a
/// delete in words.
pub fn shown_values(conflict: &SyncConflict, private: bool) -> (String, String) {
    if conflict.field == DELETED {
        return ("kept".into(), "deleted".into());
    }
    if private && is_confidential(&conflict.field) {
        let hidden = "hidden (private mode)".to_string();
        return (hidden.clone(), hidden);
    }
    let shown = |text: &str| {
        let line = first_line(text);
        if line.is_empty() {
            "—".to_string()
        } else {
            line
        }
    };
    (shown(&conflict.kept), shown(&conflict.other))
}
