//! The sync conflicts, one under the other: the account and the record,
//! the field, then the value held here beside the other machine's (one
//! above the other when the window is narrow); below them, when there is
//! room, the selected conflict's two values in full.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, List, ListItem, ListState, Paragraph, Wrap};

use crate::domain::choice::Choice;
use crate::domain::history::is_confidential;
use crate::store::{DELETED, SyncConflict};
use crate::text::{first_line, fit, sanitize, sanitize_lines, width};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::screen::RenderContext;
use crate::tui::screens::conflicts::ConflictsView;
use crate::tui::theme::Theme;
use crate::tui::widgets::common::{pane, row_style};
use crate::tui::widgets::conflict_mark::shown_values;

/// From this inner width the two values stand side by side.
const SIDE_BY_SIDE: usize = 70;
/// The columns before a value: its indent and its name.
const LABEL: usize = 9;
/// The rows of the pane that shows the selected conflict's values in full.
const DETAIL: u16 = 8;
/// The list's least height that leaves room for that pane.
const MIN_FOR_DETAIL: u16 = 20;

/// Draws the window over `area`.
pub fn draw(rc: &RenderContext, view: &ConflictsView, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let conflicts = rc.conflicts;
    let block = pane(format!(" Sync conflicts ({}) ", conflicts.len()), true, t);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let [list, keys] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    let selected = conflicts.get(view.selected);
    let deleted = selected.is_some_and(|c| c.field == DELETED);
    frame.render_widget(Line::from(key_line(rc, deleted)), keys);
    if conflicts.is_empty() {
        let none = "No sync conflicts: every field holds one value on every machine.";
        frame.render_widget(
            Paragraph::new(none).style(t.dim).wrap(Wrap { trim: true }),
            list,
        );
        return;
    }
    let detail_height = if !deleted && list.height >= MIN_FOR_DETAIL {
        DETAIL
    } else {
        0
    };
    let [list, detail] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(detail_height)]).areas(list);
    if let Some(conflict) = selected {
        draw_detail(rc, conflict, frame, detail);
    }
    let columns = usize::from(list.width);
    let wide = columns >= SIDE_BY_SIDE;
    let height = if wide { 3 } else { 4 };
    let rows = usize::from(list.height) / height;
    let range = view.scroll.visible(view.selected, conflicts.len(), rows);
    let first = range.start;
    let items: Vec<ListItem> = range
        .map(|n| {
            item(rc, view, &conflicts[n], columns, wide).style(row_style(
                n == view.selected,
                true,
                t,
            ))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(view.selected - first));
    frame.render_stateful_widget(List::new(items), list, &mut state);
}

/// The selected conflict's two values in full, wrapped, below the list.
fn draw_detail(rc: &RenderContext, conflict: &SyncConflict, frame: &mut Frame, area: Rect) {
    if area.height == 0 {
        return;
    }
    let t = rc.theme;
    let hidden = rc.private && is_confidential(&conflict.field);
    let mut lines = Vec::new();
    for (name, text) in [("Here", &conflict.kept), ("Other machine", &conflict.other)] {
        lines.push(Line::from(Span::styled(format!("{name}:"), t.dim)));
        if hidden {
            lines.push(Line::from(Span::styled("hidden (private mode)", t.dim)));
        } else {
            for line in sanitize_lines(text) {
                lines.push(Line::from(Span::styled(line, t.text)));
            }
        }
    }
    let block = pane(" In full ".to_string(), false, t);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

/// The keys that settle the selected conflict, from the keymap: a
/// record `deleted` on the other machine is kept or deleted.
fn key_line<'a>(rc: &RenderContext, deleted: bool) -> Vec<Span<'a>> {
    let t = rc.theme;
    let mut spans = Vec::new();
    let (keep, take) = if deleted {
        (" keep the record  ", " delete it here too (u undoes it)")
    } else {
        (
            " keep the value held here  ",
            " take the other machine's (u undoes it)",
        )
    };
    for (action, what) in [(Action::Keep, keep), (Action::TakeOther, take)] {
        if let Some(key) = rc.keymap.key_for(Context::Conflicts, action) {
            spans.push(Span::styled(key.to_string(), t.key));
            spans.push(Span::styled(what, t.dim));
        }
    }
    spans
}

/// One conflict: which record and field, then both values.
fn item<'a>(
    rc: &RenderContext,
    view: &ConflictsView,
    conflict: &SyncConflict,
    columns: usize,
    wide: bool,
) -> ListItem<'a> {
    let t = rc.theme;
    let account = rc
        .portfolio
        .iter()
        .find(|s| s.account.id == conflict.account)
        .map_or_else(|| "?".to_string(), |s| first_line(&s.account.name));
    let mut record = format!("{account} · {}", conflict.kind.label());
    if let Some(label) = view.labels.get(&conflict.record) {
        record.push_str(&format!(" · {}", sanitize(label)));
    }
    let deleted = conflict.field == DELETED;
    let what = if deleted {
        "deleted on one machine, kept".to_string()
    } else {
        conflict.field.replace('_', " ")
    };
    let head = Line::from(vec![
        Span::styled(
            fit(
                &format!(" {record}"),
                columns.saturating_sub(width(&what) + 3),
            ),
            t.text,
        ),
        Span::styled(format!(" · {what}"), t.warn),
    ]);
    let (kept, other) = shown_values(conflict, rc.private);
    let mut lines = vec![head];
    if wide {
        let half = (columns.saturating_sub(1)) / 2;
        let mut spans = value(t, "here", &kept, half);
        spans.push(Span::raw(" "));
        spans.extend(value(t, "other", &other, half));
        lines.push(Line::from(spans));
    } else {
        lines.push(Line::from(value(t, "here", &kept, columns)));
        lines.push(Line::from(value(t, "other", &other, columns)));
    }
    lines.push(Line::default());
    ListItem::new(lines)
}

/// `text` named `name`, in `columns` columns.
fn value<'a>(t: &Theme, name: &str, text: &str, columns: usize) -> Vec<Span<'a>> {
    let label = fit(&format!("   {name}"), LABEL.min(columns));
    let rest = columns.saturating_sub(width(&label));
    vec![
        Span::styled(label, t.dim),
        Span::styled(fit(text, rest), t.text),
    ]
}
