//! The agenda: what is overdue or due this week, reviews coming up and
//! accounts gone quiet, across every account, one row per entry under
//! section headings.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::domain::agenda::Entry;
use crate::text::{count, first_line, fit};
use crate::tui::screen::RenderContext;
use crate::tui::screens::agenda::{AgendaView, Row};
use crate::tui::theme::Theme;
use crate::tui::widgets::common::{pane, relative, row_style};

/// Columns for the date ("120 d ago").
const DATE_WIDTH: usize = 10;
/// Columns for the owner, shown when the pane is at least [`WIDE`] wide.
const OWNER_WIDTH: usize = 16;
/// The inner width from which the owner column is shown.
const WIDE: usize = 90;

/// Draws the agenda screen.
pub fn draw(rc: &RenderContext, view: &AgendaView, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let agenda = view.agenda();
    let title = format!(
        " Agenda · {} · {} ",
        count(agenda.len(), "item", "items"),
        rc.today.format("%a %e %b %Y")
    );
    let block = pane(title, true, t);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let rows = view.rows();
    let selected_row = rows
        .iter()
        .position(|r| *r == Row::Entry(view.selected))
        .unwrap_or(0);
    let height = usize::from(inner.height);
    let mut visible = view.scroll.visible(selected_row, rows.len(), height);
    // The first entry of a section keeps its heading in view.
    if height >= 2
        && let Some(above) = selected_row.checked_sub(1)
        && matches!(rows[above], Row::Heading(..))
    {
        visible = view.scroll.visible(above, rows.len(), height);
    }
    let entries: Vec<&Entry> = agenda.entries().map(|(_, e)| e).collect();
    let columns = Columns::new(usize::from(inner.width));
    for (y, i) in (inner.y..).zip(visible) {
        let line = match rows[i] {
            Row::Heading(section, count) => {
                Line::from(format!(" {} · {count}", section.title())).style(t.title)
            }
            Row::Empty(section) => Line::from(format!("   {}", section.empty_note())).style(t.dim),
            Row::Entry(n) => entry_line(rc, entries[n], &columns, t).style(row_style(
                n == view.selected,
                true,
                t,
            )),
        };
        frame.render_widget(
            line,
            Rect {
                y,
                height: 1,
                ..inner
            },
        );
    }
}

/// The widths of an entry's columns for a pane `width` columns wide.
struct Columns {
    account: usize,
    what: usize,
    owner: usize,
}

impl Columns {
    fn new(width: usize) -> Self {
        let owner = if width >= WIDE { OWNER_WIDTH } else { 0 };
        // The indent, the date, the owner and a space before each column.
        let rest = width.saturating_sub(3 + DATE_WIDTH + 2 + if owner > 0 { owner + 1 } else { 0 });
        let account = (rest / 3).clamp(8.min(rest), 32);
        Self {
            account,
            what: rest - account,
            owner,
        }
    }
}

/// One entry: when, whose, what and (when wide) who owns it.
fn entry_line(rc: &RenderContext, entry: &Entry, columns: &Columns, t: &Theme) -> Line<'static> {
    let late = entry.days_overdue(rc.today) > 0;
    let date = entry
        .due
        .map_or_else(|| "—".to_string(), |d| relative(d, rc.today));
    let mut spans = vec![
        Span::raw("   "),
        Span::styled(fit(&date, DATE_WIDTH), if late { t.warn } else { t.dim }),
        Span::raw(" "),
        Span::styled(
            fit(&first_line(&entry.account_name), columns.account),
            t.text,
        ),
        Span::raw(" "),
        Span::styled(fit(&first_line(&entry.what()), columns.what), t.text),
    ];
    if columns.owner > 0 {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            fit(&first_line(&entry.owner), columns.owner),
            t.dim,
        ));
    }
    Line::from(spans)
}
