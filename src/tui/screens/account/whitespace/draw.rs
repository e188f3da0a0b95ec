//! The whitespace page of an open account: the customer's units (rows)
//! against our offerings (columns), who supplies each cell and what the
//! customer spends there, the units under the rows of their region and
//! site with the group's totals; below it a legend, the share of wallet the
//! grid gives, the filter, and the line being typed.
//!
//! Drawing reads only the rows and columns on screen: the groups, their
//! totals and the widest name are computed when the grid is read.

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui_textarea::TextArea;

use crate::domain::choice::Choice;
use crate::domain::whitespace::{Axis, Row as GridRow, Tally, WalletShare};
use crate::domain::{Cell, CellState, Whitespace};
use crate::text::{MASK, count, first_line, fit, sanitize, thousands, truncate, width};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::screen::RenderContext;
use crate::tui::screens::account::AccountView;
use crate::tui::screens::account::whitespace::view::{INDENT, View, group_label};
use crate::tui::screens::account::whitespace::{Entry, Prompt, Spot, Target, WhitespacePage};
use crate::tui::theme::Theme;
use crate::tui::widgets::common::{money, pane};
use crate::tui::widgets::text_input;

/// The widest cell label, "✕ Competitor supplies": every column is at
/// least this wide so that marking a cell never shifts the grid.
const LABEL_WIDTH: usize = 21;
/// The widest a column or the column of unit names grows for a long name.
const NAME_WIDTH: usize = 28;
/// Columns between two offerings.
const GAP: usize = 2;
/// Between the unit names and the first offering.
const SEPARATOR: &str = " │ ";
/// Rows the grid keeps when the footer competes for room: borders, the
/// offerings' names, the rule and one unit.
const GRID_ROWS: u16 = 6;

/// Draws the whitespace page into `area`.
pub fn draw(rc: &RenderContext, ws: &AccountView, frame: &mut Frame, area: Rect) {
    let page = &ws.whitespace;
    let footer = footer_rows(rc, ws);
    let room = usize::from(area.height.saturating_sub(GRID_ROWS));
    let shown = &footer[footer.len().saturating_sub(room)..];
    let height = u16::try_from(shown.len()).unwrap_or(0);
    let grid_height = wanted_height(page).min(area.height.saturating_sub(height));
    let [grid_area, footer_area, _] = Layout::vertical([
        Constraint::Length(grid_height),
        Constraint::Length(height),
        Constraint::Fill(1),
    ])
    .areas(area);
    draw_grid(rc, page, frame, grid_area);
    for (row, y) in shown.iter().zip(footer_area.top()..footer_area.bottom()) {
        let rect = Rect::new(footer_area.x, y, footer_area.width, 1);
        match row {
            Row::Text(line) => frame.render_widget(line.clone(), rect),
            Row::Entry(entry) => draw_entry(rc, page, entry, frame, rect),
        }
    }
    if let Some(Prompt::Confirm { question, .. }) = &page.prompt {
        crate::tui::screens::confirm::draw::draw(rc, question, frame, area);
    }
}

/// The rows the grid needs with its borders: every row shown takes two
/// (its cells' marks, then their values). An empty grid takes all there is.
fn wanted_height(page: &WhitespacePage) -> u16 {
    if page.grid.is_empty() {
        return u16::MAX;
    }
    let rows = page.view.rows().len().max(1);
    u16::try_from(4 + 2 * rows).unwrap_or(u16::MAX)
}

/// One row below the grid.
enum Row<'a> {
    /// A line of text.
    Text(Line<'a>),
    /// The line being typed.
    Entry(&'a Entry),
}

/// The rows below the grid, the least needed first: the legend, the share
/// of wallet, then the line being typed with its error or hint, or else the
/// keys for where the cursor stands.
fn footer_rows<'a>(rc: &'a RenderContext<'a>, ws: &'a AccountView) -> Vec<Row<'a>> {
    let t = rc.theme;
    let mut rows = vec![Row::Text(legend(t)), Row::Text(share_line(rc, ws))];
    let page = &ws.whitespace;
    let typing_filter = page.entry().is_some_and(|e| e.target == Target::Filter);
    if !page.view.filter().is_empty() && !typing_filter {
        rows.push(Row::Text(filter_line(rc, &page.view)));
    }
    match ws.whitespace.entry() {
        Some(entry) => {
            rows.push(Row::Entry(entry));
            rows.push(Row::Text(match &entry.error {
                Some(error) => Line::from(Span::styled(format!(" {}", sanitize(error)), t.error)),
                None => Line::from(Span::styled(entry_hint(entry.target), t.dim)),
            }));
        }
        None => rows.push(Row::Text(spot_keys(rc, ws.whitespace.spot()))),
    }
    rows
}

/// The filter applied, what it keeps, and how to change or clear it.
fn filter_line<'a>(rc: &RenderContext, view: &View) -> Line<'a> {
    let t = rc.theme;
    Line::from(vec![
        Span::styled(" Filter ", t.text),
        Span::styled(format!("“{}”", sanitize(view.filter())), t.title),
        Span::styled(
            format!(
                " · {} shown · {} change · {} clear",
                count(view.shown_units(), "unit", "units"),
                key(rc, Action::Filter),
                key(rc, Action::Back)
            ),
            t.dim,
        ),
    ])
}

/// The four marks and what they mean.
fn legend(t: &Theme) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for (n, state) in CellState::ALL.iter().enumerate() {
        if n > 0 {
            spans.push(Span::raw("   "));
        }
        spans.push(Span::styled(state.mark(), state_style(*state, t)));
        spans.push(Span::styled(format!(" {}", state.label()), t.dim));
    }
    Line::from(spans)
}

/// The share of wallet the grid gives, beside the one stated on the
/// account; both hidden in private mode.
fn share_line<'a>(rc: &RenderContext, ws: &AccountView) -> Line<'a> {
    let t = rc.theme;
    if rc.is_private() {
        return Line::from(Span::styled(
            " Share of wallet: hidden in private mode.",
            t.dim,
        ));
    }
    let share = ws.whitespace.view.share;
    let stated = ws
        .account
        .share_of_wallet
        .map_or_else(|| "not set".to_string(), |s| format!("{s} %"));
    let edit = rc
        .keymap
        .key_for(Context::Whitespace, Action::Edit)
        .map_or_else(|| "edit".to_string(), |k| k.to_string());
    let derived_style = if share.percent().is_some() {
        t.title
    } else {
        t.dim
    };
    Line::from(vec![
        Span::styled(" Share of wallet from the grid: ", t.text),
        Span::styled(derived_share(&share, &edit), derived_style),
        Span::styled(format!(" · stated: {stated}"), t.text),
    ])
}

/// "30 % (3 of 4 relevant cells valued)", or what the grid still needs.
fn derived_share(share: &WalletShare, edit_key: &str) -> String {
    let cells = if share.relevant_cells == 1 {
        "cell"
    } else {
        "cells"
    };
    match share.percent() {
        Some(percent) => format!(
            "{percent} % ({} of {} relevant {cells} valued)",
            share.valued_cells, share.relevant_cells
        ),
        None if share.relevant_cells == 0 => {
            "none yet: mark who supplies each cell, then enter the customer's spend".to_string()
        }
        None if share.valued_cells > 0 => "none: the valued cells add up to 0".to_string(),
        None => format!(
            "needs values: press {edit_key} on a marked cell to enter what the customer spends there a year"
        ),
    }
}

/// What Enter and Esc do while typing.
fn entry_hint(target: Target) -> String {
    match target {
        Target::Value { .. } => {
            " Enter save · Esc cancel · e.g. 250k, 1.2M, 1 200 000; empty clears the value".into()
        }
        Target::New(Axis::Unit) | Target::Rename(Axis::Unit, _) => {
            " Enter save · Esc cancel · after @ its region and site: Line 3 @ DACH / Munich plant"
                .into()
        }
        Target::Regroup(_) => {
            " Enter save · Esc cancel · region / site: DACH / Munich plant, DACH, or / Munich plant; empty: none"
                .into()
        }
        Target::Filter => {
            " Enter keep the filter · Esc clear it · words of a unit's name, site or region".into()
        }
        _ => " Enter save · Esc cancel".into(),
    }
}

/// The keys that work where the cursor stands.
fn spot_keys<'a>(rc: &RenderContext, spot: Spot) -> Line<'a> {
    let t = rc.theme;
    let wanted: &[(Action, &str)] = match spot {
        Spot::Nothing => &[
            (Action::New, "add a unit"),
            (Action::NewColumn, "add an offering"),
        ],
        Spot::Name(Axis::Unit, _) => &[
            (Action::Rename, "rename"),
            (Action::Regroup, "region and site"),
            (Action::Delete, "delete"),
            (Action::New, "add a unit"),
            (Action::Filter, "filter"),
        ],
        Spot::Name(..) => &[
            (Action::Rename, "rename"),
            (Action::Delete, "delete"),
            (Action::New, "add a unit"),
            (Action::NewColumn, "add an offering"),
        ],
        Spot::Cell { .. } => &[
            (Action::Cycle, "who supplies"),
            (Action::Edit, "annual spend"),
            (Action::New, "add a unit"),
            (Action::NewColumn, "add an offering"),
            (Action::Filter, "filter"),
        ],
        Spot::Group { .. } => &[
            (Action::Fold, "collapse or expand"),
            (Action::FoldAll, "all groups"),
            (Action::Filter, "filter"),
            (Action::New, "add a unit"),
        ],
    };
    let mut spans = Vec::new();
    for (action, what) in wanted {
        if let Some(key) = rc.keymap.key_for(Context::Whitespace, *action) {
            spans.push(Span::styled(format!(" {key}"), t.key));
            spans.push(Span::styled(format!(" {what} "), t.dim));
        }
    }
    Line::from(spans)
}

/// The label and text field of the line being typed; the terminal cursor
/// stands in the text.
fn draw_entry(
    rc: &RenderContext,
    page: &WhitespacePage,
    entry: &Entry,
    frame: &mut Frame,
    rect: Rect,
) {
    let t = rc.theme;
    let grid = &page.grid;
    let name = |axis: Axis, i: usize| first_line(grid.names(axis).get(i).map_or("", |n| n));
    let label = match entry.target {
        Target::Filter => "Filter: ".to_string(),
        Target::Regroup(u) => format!("Region / site of “{}”: ", name(Axis::Unit, u)),
        Target::New(axis) => format!("New {}: ", axis.noun()),
        Target::Rename(axis, i) => format!("Rename the {} “{}”: ", axis.noun(), name(axis, i)),
        Target::Value { unit, offering } => {
            format!("Annual spend, {}: ", page.cell_name(unit, offering))
        }
    };
    let total = usize::from(rect.width);
    let label = truncate(&format!(" {label}"), total / 2).into_owned();
    let label_width = u16::try_from(width(&label)).unwrap_or(0);
    let [label_rect, input_rect] =
        Layout::horizontal([Constraint::Length(label_width), Constraint::Fill(1)]).areas(rect);
    frame.render_widget(Span::styled(label, t.key), label_rect);
    draw_input(&entry.input, frame, input_rect, t);
}

/// Draws a one-line text field, made safe for the terminal, and puts the
/// terminal cursor in it. A masked field shows [`MASK`] when it holds a
/// value, whatever its length.
fn draw_input(input: &TextArea<'static>, frame: &mut Frame, rect: Rect, t: &Theme) {
    if rect.width == 0 {
        return;
    }
    frame.buffer_mut().set_style(rect, t.text);
    let cursor = if input.mask_char().is_some() {
        let mask = if input.is_empty() { "" } else { MASK };
        frame.render_widget(Span::styled(mask, t.text), rect);
        let x = u16::try_from(width(mask)).unwrap_or(0).min(rect.width - 1);
        Position::new(rect.x + x, rect.y)
    } else {
        text_input::draw(frame, input, rect)
    };
    frame.set_cursor_position(cursor);
}

/// The bordered grid, or what to press when it is empty.
fn draw_grid(rc: &RenderContext, page: &WhitespacePage, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let grid = &page.grid;
    // Inside the border, one column of margin on either side.
    let body = pane("", true, t).inner(area).inner(Margin::new(1, 0));
    if grid.is_empty() {
        frame.render_widget(pane(" Whitespace ", true, t), area);
        frame.render_widget(
            Paragraph::new(empty_state(rc)).wrap(Wrap { trim: true }),
            body,
        );
        return;
    }
    let col = match page.spot() {
        Spot::Cell { offering, .. } | Spot::Name(Axis::Offering, offering) => Some(offering),
        Spot::Group { offering, .. } => offering,
        Spot::Name(Axis::Unit, _) | Spot::Nothing => None,
    };
    let row = page.cursor_row();
    let view = &page.view;
    let layout = Columns::new(view.names_width, grid, usize::from(body.width));
    // The names' row and column are reached only from the first unit or
    // offering, so scrolling back to it there is no jump.
    let cols = page
        .columns
        .visible(col.unwrap_or(0), grid.offerings.len(), layout.fitting);
    let shown = page.rows.visible(
        row.unwrap_or(0),
        view.rows().len(),
        usize::from(body.height.saturating_sub(2)) / 2,
    );
    frame.render_widget(pane(title(page, &shown, &cols), true, t), area);

    let here = |selected: bool, near: bool, style: Style| {
        if selected {
            t.selected
        } else if near {
            t.title
        } else {
            style
        }
    };
    let mut lines = Vec::new();
    let mut header = vec![
        Span::raw(" ".repeat(layout.names)),
        Span::styled(SEPARATOR, t.dim),
    ];
    if grid.offerings.is_empty() {
        header.push(Span::styled(
            format!(
                "No offerings yet: press {} to add one (a column).",
                key(rc, Action::NewColumn)
            ),
            t.dim,
        ));
    }
    for o in cols.clone() {
        let name = fit(&first_line(&grid.offerings[o]), layout.column);
        let selected = row.is_none() && col == Some(o);
        header.push(Span::styled(name, here(selected, col == Some(o), t.text)));
        header.push(Span::raw(" ".repeat(GAP)));
    }
    lines.push(Line::from(header));
    // Under the offerings' names, as far as their columns reach.
    let under = match cols.len() {
        0 => 0,
        shown => 1 + shown * (layout.column + GAP) - GAP,
    };
    lines.push(Line::from(Span::styled(
        format!("{}─┼{}", "─".repeat(layout.names), "─".repeat(under)),
        t.dim,
    )));
    if grid.units.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(
                "No units yet: press {} to add one (a row).",
                key(rc, Action::New)
            ),
            t.dim,
        )));
    } else if view.rows().is_empty() {
        lines.push(Line::from(Span::styled(
            format!(
                "No unit's name, site or region holds “{}”: {} clears the filter.",
                sanitize(view.filter()),
                key(rc, Action::Back)
            ),
            t.dim,
        )));
    }
    for at in shown {
        let Some(&grid_row) = view.rows().get(at) else {
            continue;
        };
        let indent = " ".repeat(INDENT * view.groups.depth(grid_row));
        let on_row = row == Some(at);
        let (label, label_style) = match grid_row {
            GridRow::Unit(u) => (first_line(&grid.units[u]), t.text),
            GridRow::Group(g) => (
                group_label(&view.groups.all()[g], view.is_collapsed(g)),
                t.title,
            ),
        };
        let name = fit(&format!("{indent}{label}"), layout.names);
        let mut top = vec![
            Span::styled(name, here(on_row && col.is_none(), on_row, label_style)),
            Span::styled(SEPARATOR, t.dim),
        ];
        let mut bottom = vec![
            Span::raw(" ".repeat(layout.names)),
            Span::styled(SEPARATOR, t.dim),
        ];
        for o in cols.clone() {
            let selected = on_row && col == Some(o);
            let ((mark, mark_style), (value, value_style)) = match grid_row {
                GridRow::Unit(u) => {
                    let cell = grid.cell(u, o).cloned().unwrap_or_default();
                    let label = format!("{} {}", cell.state.mark(), cell.state.label());
                    (
                        (label, state_style(cell.state, t)),
                        value_text(&cell, rc.is_private(), t),
                    )
                }
                GridRow::Group(g) => {
                    let tally = view.groups.all()[g]
                        .totals
                        .get(o)
                        .copied()
                        .unwrap_or_default();
                    (
                        tally_marks(&tally, t),
                        tally_value(&tally, rc.is_private(), t),
                    )
                }
            };
            top.push(Span::styled(
                fit(&mark, layout.column),
                here(selected, false, mark_style),
            ));
            top.push(Span::raw(" ".repeat(GAP)));
            bottom.push(Span::styled(
                right(&value, layout.column),
                here(selected, false, value_style),
            ));
            bottom.push(Span::raw(" ".repeat(GAP)));
        }
        lines.push(Line::from(top));
        lines.push(Line::from(bottom));
    }
    frame.render_widget(Paragraph::new(lines), body);
}

/// A group's cells of one offering by state: "● 3  ○ 5  ✕ 2", the states
/// it has none of left out; the most frequent state gives the colour.
fn tally_marks(tally: &Tally, t: &Theme) -> (String, Style) {
    let relevant = [
        CellState::Supply,
        CellState::Opportunity,
        CellState::Competitor,
    ];
    let held: Vec<CellState> = relevant
        .into_iter()
        .filter(|s| tally.count(*s) > 0)
        .collect();
    let parts: Vec<String> = held
        .iter()
        .map(|s| format!("{} {}", s.mark(), thousands(tally.count(*s) as i64)))
        .collect();
    match held.iter().copied().max_by_key(|s| tally.count(*s)) {
        Some(dominant) => (parts.join("  "), state_style(dominant, t)),
        None => (CellState::NotRelevant.mark().to_string(), t.dim),
    }
}

/// A group's spend in one offering, with our share of it: "1.2M · ours
/// 40 %"; dots in private mode.
fn tally_value(tally: &Tally, private: bool, t: &Theme) -> (String, Style) {
    let share = &tally.share;
    match share.percent() {
        _ if share.valued_cells == 0 => (String::new(), t.dim),
        _ if private => (MASK.to_string(), t.dim),
        Some(percent) => (
            format!("{} · ours {percent} %", money(share.relevant)),
            t.text,
        ),
        None => (money(share.relevant), t.text),
    }
}

/// The widths of the grid's columns in `screen` columns.
struct Columns {
    /// The column of unit names.
    names: usize,
    /// Each offering's column.
    column: usize,
    /// How many offerings fit side by side.
    fitting: usize,
}

impl Columns {
    /// The columns for `grid` whose widest unit or group label takes
    /// `names_width` columns.
    fn new(names_width: usize, grid: &Whitespace, screen: usize) -> Self {
        let widest = |names: &[String]| {
            names
                .iter()
                .map(|n| width(&first_line(n)))
                .max()
                .unwrap_or(0)
        };
        let names = names_width.clamp(6, NAME_WIDTH).min(screen / 3).max(1);
        let room = screen.saturating_sub(names + width(SEPARATOR));
        let column = widest(&grid.offerings)
            .clamp(LABEL_WIDTH, NAME_WIDTH)
            .min(room)
            .max(1);
        let fitting = ((room + GAP) / (column + GAP)).max(1);
        Self {
            names,
            column,
            fitting,
        }
    }
}

/// " Whitespace: 3 units · 4 offerings ", or the part shown of a side
/// that does not fit: " Whitespace: units 4–6 of 12 · 4 offerings "; with
/// groups or a filter the rows shown are counted apart from the units:
/// " Whitespace: 1000 units, rows 1–12 of 40 · 20 offerings ".
fn title(page: &WhitespacePage, rows: &Range<usize>, cols: &Range<usize>) -> String {
    let grid = &page.grid;
    let view = &page.view;
    let side = |shown: &Range<usize>, len: usize, one: &str, many: &str| {
        if shown.len() >= len || shown.is_empty() {
            format!("{len} {}", if len == 1 { one } else { many })
        } else if shown.len() == 1 {
            format!("{many} {} of {len}", shown.start + 1)
        } else {
            format!("{many} {}–{} of {len}", shown.start + 1, shown.end)
        }
    };
    let units = if view.groups.all().is_empty() && view.filter().is_empty() {
        side(rows, grid.units.len(), "unit", "units")
    } else {
        let all = count(grid.units.len(), "unit", "units");
        match rows.len() < view.rows().len() && !rows.is_empty() {
            true => format!("{all}, {}", side(rows, view.rows().len(), "row", "rows")),
            false => all,
        }
    };
    format!(
        " Whitespace: {units} · {} ",
        side(cols, grid.offerings.len(), "offering", "offerings")
    )
}

/// What an empty grid says: what it is for and which keys start it.
fn empty_state(rc: &RenderContext) -> Vec<Line<'static>> {
    let t = rc.theme;
    vec![
        Line::from(Span::styled("No whitespace grid yet.", t.title)),
        Line::default(),
        Line::from(
            "Rows are the customer's business units or sites, columns are our offerings. Each cell says who supplies that unit with that offering and what the customer spends there a year; share of wallet follows from it.",
        ),
        Line::default(),
        Line::from(vec![
            Span::raw("Press "),
            Span::styled(key(rc, Action::New), t.key),
            Span::raw(" to add the first unit (a row), "),
            Span::styled(key(rc, Action::NewColumn), t.key),
            Span::raw(" to add the first offering (a column)."),
        ]),
    ]
}

/// The first key bound to `action` on this page.
fn key(rc: &RenderContext, action: Action) -> String {
    rc.keymap
        .key_for(Context::Whitespace, action)
        .map_or_else(|| action.name().to_string(), |k| k.to_string())
}

/// A cell's value as shown: money, dots in private mode, a dash for a
/// relevant cell still without one.
fn value_text(cell: &Cell, private: bool, t: &Theme) -> (String, Style) {
    match (cell.value, cell.state) {
        (Some(_), _) if private => (MASK.to_string(), t.dim),
        (Some(v), CellState::NotRelevant) => (money(v), t.dim),
        (Some(v), _) => (money(v), t.text),
        (None, CellState::NotRelevant) => (String::new(), t.dim),
        (None, _) => ("–".to_string(), t.dim),
    }
}

/// `text` cut or padded on the left to exactly `cols` columns.
fn right(text: &str, cols: usize) -> String {
    let cut = truncate(text, cols);
    format!("{}{cut}", " ".repeat(cols.saturating_sub(width(&cut))))
}

/// How a mark is coloured.
fn state_style(state: CellState, t: &Theme) -> Style {
    match state {
        CellState::Supply => t.ok,
        CellState::Opportunity => t.key,
        CellState::Competitor => t.warn,
        CellState::NotRelevant => t.dim,
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::screens::account::whitespace::draw::*;

    #[test]
    fn values_are_right_aligned_and_cut() {
        assert_eq!(right("300k", 6), "  300k");
        assert_eq!(right("東京", 5), " 東京");
        assert_eq!(width(&right("1234567", 4)), 4);
    }

    #[test]
    fn the_derived_share_explains_what_is_missing() {
        let share = |ours, relevant, valued_cells, relevant_cells| WalletShare {
            ours,
            relevant,
            valued_cells,
            relevant_cells,
        };
        assert_eq!(
            derived_share(&share(300, 1000, 3, 4), "e"),
            "30 % (3 of 4 relevant cells valued)"
        );
        assert!(derived_share(&share(0, 0, 0, 2), "e").starts_with("needs values: press e"));
        assert!(derived_share(&share(0, 0, 0, 0), "e").starts_with("none yet"));
    }

    #[test]
    fn columns_fit_the_width() {
        let mut grid = Whitespace::new(crate::domain::Id::new());
        grid.add_unit("Plant Mannheim");
        for n in 0..6 {
            grid.add_offering(format!("Offering {n}"));
        }
        let wide = Columns::new(14, &grid, 118);
        assert_eq!(
            (wide.names, wide.column, wide.fitting),
            (14, LABEL_WIDTH, 4)
        );
        let narrow = Columns::new(14, &grid, 38);
        assert_eq!(narrow.fitting, 1);
        assert!(narrow.names + width(SEPARATOR) + narrow.column <= 38);
    }
}
