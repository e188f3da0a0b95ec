//! The portfolio map: every assessed account placed by its strategic score
//! (across) and its latest year's revenue (up), in four quadrants split at score
//! 50 and at the median revenue. Accounts whose size and strategic value
//! disagree stand out.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::widgets::canvas::{Canvas, Context};

use crate::text::money_in;
use crate::text::{fit, truncate, width};
use crate::tui::screen::RenderContext;
use crate::tui::screens::map::{
    MapPoint, MapView, PortfolioMap, Quadrant, STRATEGIC_SCORE, Tab, health_beside,
};
use crate::tui::theme::Theme;
use crate::tui::widgets::common::{money, pane, row_style};

/// Columns of the revenue axis on the left.
const GUTTER: u16 = 7;
/// Columns of the list of accounts beside the map, when there is room.
const LEGEND: u16 = 36;
/// The inner width from which the list of accounts is shown.
const WITH_LEGEND: u16 = 90;
/// The longest name a point is labelled with.
const LABEL: usize = 18;

/// The marker of an account on the map.
fn marker(quadrant: Quadrant) -> &'static str {
    if quadrant.stands_out() { "◆" } else { "●" }
}

/// Draws the map tab into `area`.
pub fn draw(rc: &RenderContext, view: &MapView, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let map = &view.map;
    let axis = if rc.is_private() {
        "revenue (hidden)"
    } else {
        "revenue, latest year"
    };
    let block = pane(
        format!(" Portfolio map · across: strategic score · up: {axis} "),
        true,
        t,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let legend = inner.width >= WITH_LEGEND;
    let [chart, side] = if legend {
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(LEGEND)])
            .spacing(1)
            .areas(inner)
    } else {
        [inner, Rect::default()]
    };
    let notes = notes(rc, view, !legend);
    let note_rows = u16::try_from(notes.len()).unwrap_or(u16::MAX);
    let [plot, x_axis, below] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(note_rows),
    ])
    .areas(chart);
    let [gutter, canvas] =
        Layout::horizontal([Constraint::Length(GUTTER), Constraint::Fill(1)]).areas(plot);
    let top = y_top(map, canvas.height);
    draw_revenue_axis(rc, map, top, frame, gutter);
    frame.render_widget(Line::styled(x_ticks(canvas.width), t.dim), x_axis);
    if canvas.width >= 2 && canvas.height >= 2 {
        draw_canvas(rc, view, top, frame, canvas);
    }
    let width = usize::from(below.width);
    let notes: Vec<Line> = notes
        .into_iter()
        .map(|(text, style)| Line::styled(truncate(&text, width).into_owned(), style))
        .collect();
    frame.render_widget(Paragraph::new(notes), below);
    if legend {
        draw_legend(rc, view, frame, side);
    }
}

/// The revenue at the top of a map `rows` high: just above the largest,
/// so that the top row stays free for the quadrants' labels.
fn y_top(map: &PortfolioMap, rows: u16) -> f64 {
    let max = (map.max_revenue as f64).max(1.0);
    if rows < 3 {
        return max;
    }
    let rows = f64::from(rows);
    max * (rows - 1.0) / (rows - 2.0) * 1.0001
}

/// The row of `value` in a canvas `height` rows high up to `top`, as the
/// canvas places its labels.
fn row_of(value: f64, top: f64, height: u16) -> u16 {
    let resolution = f64::from(height.saturating_sub(1));
    ((top - value.clamp(0.0, top)) * resolution / top) as u16
}

/// The column of score `x` in a canvas `width` columns wide.
fn column_of(x: f64, width: u16) -> u16 {
    (x.clamp(0.0, 100.0) * f64::from(width.saturating_sub(1)) / 100.0) as u16
}

/// The score at the middle of `column` in a canvas `width` columns wide.
fn x_of(column: u16, width: u16) -> f64 {
    let resolution = f64::from(width.saturating_sub(1)).max(1.0);
    ((f64::from(column) + 0.5) * 100.0 / resolution).min(100.0)
}

/// The score axis under the map: 0, 25, 50, 75, 100 where they fall,
/// after the gutter.
fn x_ticks(canvas_width: u16) -> String {
    let total = usize::from(GUTTER + canvas_width);
    let mut row: Vec<char> = fit("score", usize::from(GUTTER)).chars().collect();
    row.resize(total, ' ');
    for tick in [0u16, 25, 50, 75, 100] {
        let label = tick.to_string();
        let col = usize::from(GUTTER + column_of(f64::from(tick), canvas_width));
        let start = col
            .saturating_sub(label.len() / 2)
            .min(total.saturating_sub(label.len()));
        for (i, c) in label.chars().enumerate() {
            if let Some(cell) = row.get_mut(start + i) {
                *cell = c;
            }
        }
    }
    row.into_iter().collect()
}

/// The revenue axis: the top, the median and zero, each on its row;
/// nothing in private mode.
fn draw_revenue_axis(
    rc: &RenderContext,
    map: &PortfolioMap,
    top: f64,
    frame: &mut Frame,
    area: Rect,
) {
    if rc.is_private() || area.height == 0 {
        return;
    }
    let mut rows = vec![String::new(); usize::from(area.height)];
    let marks = [
        (map.max_revenue as f64, money(map.max_revenue)),
        (map.median_revenue as f64, money(map.median_revenue)),
        (0.0, "0".to_string()),
    ];
    for (value, label) in marks {
        let row = usize::from(row_of(value, top, area.height));
        if let Some(slot) = rows.get_mut(row).filter(|s| s.is_empty()) {
            *slot = format!("{label:>width$}", width = usize::from(GUTTER) - 1);
        }
    }
    let lines: Vec<Line> = rows
        .into_iter()
        .map(|r| Line::styled(r, rc.theme.dim))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn draw_canvas(rc: &RenderContext, view: &MapView, top: f64, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let map = &view.map;
    let cols = area.width;
    let rows = area.height;
    let selected = view.selected_point().map(|p| p.account_id);
    let median = map.median_revenue as f64;
    let painter = |ctx: &mut Context| {
        // The quadrant lines are text too, so they meet the labels on the
        // same rows and columns.
        let split = f64::from(STRATEGIC_SCORE);
        let median_row = row_of(median, top, rows);
        ctx.print(
            0.0,
            median,
            Line::styled("─".repeat(usize::from(cols)), t.dim),
        );
        for row in 0..rows {
            let y = (top - (f64::from(row) + 0.5) * top / f64::from(rows - 1)).max(0.0);
            let mark = if row == median_row { "┼" } else { "│" };
            ctx.print(split, y, Line::styled(mark, t.dim));
        }
        let right = |text: &str| {
            let w = u16::try_from(width(text)).unwrap_or(cols);
            x_of(cols.saturating_sub(w), cols)
        };
        for (quadrant, x, y) in [
            (Quadrant::LargeButTransactional, 0.0, top),
            (Quadrant::Strategic, right(Quadrant::Strategic.label()), top),
            (Quadrant::Maintain, 0.0, 0.0),
            (
                Quadrant::Developing,
                right(Quadrant::Developing.label()),
                0.0,
            ),
        ] {
            ctx.print(x, y, Line::styled(quadrant.label(), t.dim));
        }
        for point in &map.points {
            let is_selected = Some(point.account_id) == selected;
            print_point(ctx, map, point, is_selected, cols, t);
        }
    };
    frame.render_widget(
        Canvas::default()
            .x_bounds([0.0, 100.0])
            .y_bounds([0.0, top])
            .paint(painter),
        area,
    );
}

/// Prints one account: its marker at its place, its name beside it (to
/// the left when there is no room on the right).
fn print_point(
    ctx: &mut Context,
    map: &PortfolioMap,
    point: &MapPoint,
    selected: bool,
    cols: u16,
    t: &Theme,
) {
    let quadrant = map.quadrant(point);
    let x = f64::from(point.score);
    let y = point.revenue.unwrap_or(0).max(0) as f64;
    let name = truncate(&point.name, LABEL).into_owned();
    let mark = marker(quadrant);
    let style = match (selected, quadrant.stands_out()) {
        (true, _) => t.selected,
        (false, true) => t.warn,
        (false, false) => t.text,
    };
    let label_width = u16::try_from(width(&name) + 2).unwrap_or(cols);
    let column = column_of(x, cols);
    if column + label_width < cols {
        ctx.print(x, y, Line::styled(format!("{mark} {name}"), style));
    } else {
        let start = (column + 1).saturating_sub(label_width);
        ctx.print(
            x_of(start, cols),
            y,
            Line::styled(format!("{name} {mark}"), style),
        );
    }
}

/// The lines under the map: the selected account, the accounts that stand
/// out, and (when there is no list beside the map) those not assessed.
fn notes(rc: &RenderContext, view: &MapView, not_assessed: bool) -> Vec<(String, Style)> {
    let t = rc.theme;
    let map = &view.map;
    let mut notes = Vec::new();
    if let Some(p) = view.selected_point() {
        let quadrant = map.quadrant(p);
        notes.push((
            format!("▸ {} · {}", point_summary(rc, p), quadrant.label()),
            t.title,
        ));
        if let Some(insight) = rc.insight(p.account_id) {
            let health = health_beside(quadrant, &insight.health, rc.is_private());
            notes.push((format!("  {health}"), t.text));
        }
    } else {
        notes.push(("No account has an assessment yet.".to_string(), t.dim));
    }
    let names = |q: Quadrant| {
        map.in_quadrant(q)
            .iter()
            .map(|p| p.name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let large = names(Quadrant::LargeButTransactional);
    let small = names(Quadrant::Developing);
    if large.is_empty() && small.is_empty() {
        notes.push((
            "No account where size and strategic value disagree.".to_string(),
            t.dim,
        ));
    } else {
        let mut parts = Vec::new();
        if !large.is_empty() {
            parts.push(format!("◆ large but not strategic: {large}"));
        }
        if !small.is_empty() {
            parts.push(format!("◆ small but strategic: {small}"));
        }
        notes.push((parts.join(" · "), t.warn));
    }
    if not_assessed && !map.not_assessed.is_empty() {
        let names: Vec<&str> = map.not_assessed.iter().map(|(_, n)| n.as_str()).collect();
        notes.push((format!("Not assessed: {}", names.join(", ")), t.dim));
    }
    notes
}

/// "Name · score 72 · revenue 1.2M EUR" (no revenue in private mode).
fn point_summary(rc: &RenderContext, p: &MapPoint) -> String {
    let mut text = format!("{} · score {}", p.name, p.score);
    if !rc.is_private() {
        match p.revenue {
            Some(r) => {
                let currency = rc
                    .insight(p.account_id)
                    .map_or("", |i| i.facts.account.currency.as_str());
                text.push_str(&format!(" · revenue {}", money_in(r, currency)));
            }
            None => text.push_str(" · no revenue entered"),
        }
    }
    text
}

/// The list beside the map: every assessed account in the order the
/// selection moves, then those not assessed.
fn draw_legend(rc: &RenderContext, view: &MapView, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let map = &view.map;
    let width = usize::from(area.width);
    let figures = if rc.is_private() { 4 } else { 11 };
    let name_width = width.saturating_sub(4 + figures);
    let mut rows: Vec<Line> = vec![Line::styled("Accounts by score", t.title)];
    let selected = view.selected(Tab::Map);
    let budget = usize::from(area.height).saturating_sub(3 + map.not_assessed.len().min(3));
    let visible = view
        .scroll(Tab::Map)
        .visible(selected, map.points.len(), budget.max(1));
    for i in visible {
        let p = &map.points[i];
        let quadrant = map.quadrant(p);
        let revenue = if rc.is_private() {
            String::new()
        } else {
            format!("{:>7}", p.revenue.map(money).unwrap_or_default())
        };
        let text = format!(
            "{}{} {} {:>3}{revenue}",
            if i == selected { "▸" } else { " " },
            marker(quadrant),
            fit(&p.name, name_width),
            p.score
        );
        let style = if quadrant.stands_out() {
            t.warn
        } else {
            t.text
        };
        rows.push(Line::styled(text, style).patch_style(row_style(i == selected, true, t)));
    }
    if !map.not_assessed.is_empty() {
        rows.push(Line::default());
        rows.push(Line::styled("Not assessed", t.title));
        for (_, name) in &map.not_assessed {
            rows.push(Line::styled(
                format!("  {}", truncate(name, width.saturating_sub(2))),
                t.dim,
            ));
        }
    }
    frame.render_widget(Paragraph::new(rows), area);
}

#[cfg(test)]
mod tests {
    use crate::tui::screens::map::draw::grid::*;

    #[test]
    fn positions_match_the_canvas() {
        assert_eq!(row_of(100.0, 100.0, 11), 0);
        assert_eq!(row_of(0.0, 100.0, 11), 10);
        assert_eq!(row_of(50.0, 100.0, 11), 5);
        assert_eq!(column_of(100.0, 101), 100);
        assert_eq!(column_of(f64::from(STRATEGIC_SCORE), 101), 50);
        assert_eq!(column_of(x_of(37, 80), 80), 37);
    }

    #[test]
    fn the_largest_account_sits_below_the_top_row() {
        let map = PortfolioMap {
            max_revenue: 2_400_000,
            ..PortfolioMap::default()
        };
        for rows in 3..60 {
            let top = y_top(&map, rows);
            assert_eq!(row_of(2_400_000.0, top, rows), 1, "{rows} rows");
        }
        assert_eq!(y_top(&PortfolioMap::default(), 2), 1.0);
    }

    #[test]
    fn the_score_axis_has_its_ticks() {
        let axis = x_ticks(41);
        assert!(axis.starts_with("score"), "{axis}");
        assert!(axis.trim_end().ends_with("100"), "{axis}");
        assert!(axis.contains(" 50 "), "{axis}");
        assert_eq!(axis.chars().count(), 48);
    }

    #[test]
    fn standing_out_has_its_own_marker() {
        assert_eq!(marker(Quadrant::LargeButTransactional), "◆");
        assert_eq!(marker(Quadrant::Strategic), "●");
    }
}
