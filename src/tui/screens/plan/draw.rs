//! The action plan window: the plan in brief and its checklist of steps.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, List, ListItem, ListState, Paragraph, Wrap};

use crate::text::{first_line, sanitize, sanitize_lines};
use crate::tui::screen::RenderContext;
use crate::tui::screens::plan::PlanView;
use crate::tui::widgets::common::{centered, hours, pane, relative, row_style};

/// Draws the plan window over `area`.
pub fn draw(rc: &RenderContext, view: &PlanView, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let plan = &view.plan;
    let detail_lines = u16::try_from(plan.detail.lines().count()).unwrap_or(u16::MAX);
    let steps_rows = u16::try_from(plan.steps.len()).unwrap_or(u16::MAX);
    let wanted = 10u16
        .saturating_add(detail_lines.min(3))
        .saturating_add(steps_rows.max(1));
    let popup = centered(area, 90, wanted.max(12));
    frame.render_widget(Clear, popup);
    let block = pane(format!(" {} ", first_line(&plan.title)), true, t);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);

    let [summary, steps, footer] = Layout::vertical([
        Constraint::Length(5),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);

    let due = plan.due.map_or_else(
        || "no due date".into(),
        |d| format!("due {d} ({})", relative(d, rc.today)),
    );
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} · ", plan.status), t.text),
        Span::styled(
            due,
            if plan.is_overdue(rc.today) {
                t.warn
            } else {
                t.text
            },
        ),
        Span::styled(
            if rc.private {
                " · hours hidden".to_string()
            } else {
                format!(
                    " · {} h billable, {} h non-billable",
                    hours(plan.billable_hours),
                    hours(plan.non_billable_hours)
                )
            },
            t.dim,
        ),
    ])];
    lines.extend(sanitize_lines(&plan.detail).into_iter().map(Line::from));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), summary);

    let (done, all) = plan.progress();
    let rows = usize::from(steps.height.saturating_sub(1));
    let visible = view.scroll.visible(view.selected, plan.steps.len(), rows);
    let first = visible.start;
    let items: Vec<ListItem> = visible
        .map(|i| {
            let s = &plan.steps[i];
            let mark = if s.done { "[x]" } else { "[ ]" };
            let due = s.due.map(|d| format!("  (due {d})")).unwrap_or_default();
            ListItem::new(format!("{mark} {}. {}{due}", i + 1, first_line(&s.text)))
                .style(if s.done { t.dim } else { t.text })
                .style(row_style(i == view.selected, true, t))
        })
        .collect();
    let [steps_title, steps_list] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(steps);
    frame.render_widget(
        Line::from(Span::styled(format!("Steps ({done}/{all} done)"), t.title)),
        steps_title,
    );
    if plan.steps.is_empty() {
        frame.render_widget(
            Line::from(Span::styled("No steps yet: press a to add one.", t.dim)),
            steps_list,
        );
    } else {
        let mut state = ListState::default().with_selected(Some(view.selected - first));
        frame.render_stateful_widget(List::new(items), steps_list, &mut state);
    }

    if view.quit_asked {
        frame.render_widget(
            Line::from(Span::styled(
                "Ctrl-C again quits and discards the new step · any other key goes on typing",
                t.warn,
            )),
            footer,
        );
    } else if let Some(input) = &view.adding {
        let text = sanitize(&input.lines().join(" ")).into_owned();
        let after = match &view.adding_error {
            Some(error) => Span::styled(format!("  {error}"), t.error),
            None => Span::styled("  (end with @ 2026-12-20 or @ +2w for a due date)", t.dim),
        };
        frame.render_widget(
            Line::from(vec![
                Span::styled("New step: ", t.key),
                Span::raw(text.clone()),
                after,
            ]),
            footer,
        );
        let x = footer.x + 10 + crate::text::width(&text) as u16;
        if x < footer.right() {
            frame.set_cursor_position((x, footer.y));
        }
    } else if view.confirming_delete {
        frame.render_widget(
            Line::from(Span::styled(
                "Remove this step? y remove (u undoes it) · n keep",
                t.warn,
            )),
            footer,
        );
    } else {
        frame.render_widget(
            Line::from(Span::styled(
                "Space done · a add · d remove · J/K move · e edit plan · Esc close",
                t.dim,
            )),
            footer,
        );
    }
}
