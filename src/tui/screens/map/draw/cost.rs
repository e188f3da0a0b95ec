//! Cost to serve across the portfolio: hours against revenue per account,
//! with a total, and the portfolio's hours per quarter.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Cell, Row, Table};

use crate::domain::insight::CostToServe;
use crate::text::{MASK, money_in, truncate};
use crate::tui::screen::RenderContext;
use crate::tui::screens::account::signals::draw::draw_hours_chart;
use crate::tui::screens::map::{MapView, Tab};
use crate::tui::widgets::common::{hours, pane, row_style};

/// The inner width from which every column is shown.
const WIDE: u16 = 80;

/// The figures of one row, as text: billable hours, non-billable hours,
/// revenue, change year on year, hours per 100k, non-billable hours per
/// proof.
fn figures(cost: &CostToServe, private: bool) -> [String; 6] {
    if private {
        return std::array::from_fn(|_| MASK.to_string());
    }
    let or_dash = |v: Option<String>| v.unwrap_or_else(|| "–".to_string());
    [
        hours(cost.billable_year),
        hours(cost.non_billable_year),
        or_dash(cost.revenue.map(|r| money_in(r, &cost.currency))),
        or_dash(cost.revenue_change_percent().map(|p| format!("{p:+.0}%"))),
        or_dash(cost.hours_per_100k().map(hours)),
        or_dash(cost.non_billable_per_proof().map(hours)),
    ]
}

/// A table row: the account's name, then the figures `shown` of
/// `figures`, right-aligned.
fn row<'a>(name: String, figures: &[String; 6], shown: &[usize], style: Style) -> Row<'a> {
    let mut cells = vec![Cell::from(name)];
    cells.extend(
        shown
            .iter()
            .map(|&i| Cell::from(Line::from(figures[i].clone()).right_aligned())),
    );
    Row::new(cells).style(style)
}

/// Draws the cost tab into `area`.
pub fn draw(rc: &RenderContext, view: &MapView, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let totals = view.cost_totals();
    let rows_needed = u16::try_from(view.costs.len() + totals.len()).unwrap_or(u16::MAX);
    let [table_area, chart_area] = Layout::vertical([
        Constraint::Max(rows_needed.saturating_add(4)),
        Constraint::Fill(1),
    ])
    .areas(area);
    let title = if rc.is_private() {
        " Cost to serve, last 4 quarters · figures hidden (private) "
    } else {
        " Cost to serve, last 4 quarters "
    };
    let block = pane(title, true, t);
    let inner = block.inner(table_area);
    frame.render_widget(block, table_area);

    let wide = inner.width >= WIDE;
    let header_names = [
        "Billable h",
        "Non-bill. h",
        "Revenue",
        "YoY",
        "h / 100k",
        "NB h / proof",
    ];
    let figure_widths = [10, 11, 10, 6, 8, 12];
    let shown: Vec<usize> = if wide {
        (0..6).collect()
    } else {
        vec![0, 1, 4]
    };
    let mut widths = vec![Constraint::Fill(1)];
    widths.extend(shown.iter().map(|&i| Constraint::Length(figure_widths[i])));
    let name_width = Layout::horizontal(widths.clone())
        .spacing(1)
        .split(inner)
        .first()
        .map_or(0, |r| usize::from(r.width));
    let mut header = vec![Cell::from("Account")];
    header.extend(
        shown
            .iter()
            .map(|&i| Cell::from(Line::from(header_names[i]).right_aligned())),
    );

    // Leave room for the header and the totals, one per currency.
    let total_rows = u16::try_from(totals.len()).unwrap_or(u16::MAX);
    let fit = usize::from(inner.height.saturating_sub(1 + total_rows));
    let selected = view.selected(Tab::Cost);
    let visible = view
        .scroll(Tab::Cost)
        .visible(selected, view.costs.len(), fit);
    let mut rows: Vec<Row> = visible
        .map(|i| {
            let c = &view.costs[i];
            row(
                truncate(&c.account, name_width).into_owned(),
                &figures(&c.cost, rc.is_private()),
                &shown,
                row_style(i == selected, true, t),
            )
        })
        .collect();
    if inner.height > total_rows {
        for total in &totals {
            rows.push(row(
                format!("Portfolio in {}", total.currency),
                &figures(total, rc.is_private()),
                &shown,
                t.title,
            ));
        }
    }
    frame.render_widget(
        Table::new(rows, widths)
            .header(Row::new(header).style(t.dim))
            .column_spacing(1),
        inner,
    );

    if chart_area.height >= 3 {
        let block = pane(" Portfolio hours per quarter ", false, t);
        let inner = block.inner(chart_area);
        frame.render_widget(block, chart_area);
        draw_hours_chart(rc, &view.hours_total(), frame, inner);
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::screens::map::draw::cost::*;

    #[test]
    fn private_mode_masks_every_figure() {
        let cost = CostToServe {
            quarters: Vec::new(),
            billable_year: 12.0,
            non_billable_year: 3.5,
            hours_prior_year: 0.0,
            revenue: Some(250_000),
            prior_revenue: None,
            currency: "CHF".into(),
            proofs_year: 0,
        };
        assert!(figures(&cost, true).iter().all(|f| f == MASK));
        let shown = figures(&cost, false);
        assert_eq!(shown[0], "12");
        assert_eq!(shown[1], "3.5");
        assert_eq!(shown[2], "250k CHF");
    }
}
