//! The bar charts of the signals: proof statements per month, and hours
//! per quarter (billable beside non-billable). Both size their bars to the
//! width they get.

use chrono::{Datelike, Months, NaiveDate};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup};

use crate::domain::insight::QuarterHours;
use crate::tui::theme::Theme;
use crate::tui::views::common::hours;

/// The month names, January first.
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The widest bar that lets `bars` bars (groups), `gap` columns apart, fit
/// in `width` columns, at least 1.
fn bar_width(width: u16, bars: u16, gap: u16) -> u16 {
    if bars == 0 {
        return 1;
    }
    (width.saturating_add(gap) / bars)
        .saturating_sub(gap)
        .max(1)
}

/// The month `back` months before the month of `today`, e.g. "Oct".
fn month_name(today: NaiveDate, back: u32) -> &'static str {
    let month = today
        .with_day(1)
        .and_then(|first| first.checked_sub_months(Months::new(back)))
        .map_or(0, |d| d.month0());
    MONTHS[month as usize % 12]
}

/// Proof statements per month: `per_month` holds the last 12 months, oldest
/// first, the current month (of `today`) last.
pub fn months<'a>(per_month: &[u32; 12], today: NaiveDate, width: u16, t: &Theme) -> BarChart<'a> {
    let gap = 1;
    let bar = bar_width(width, 12, gap);
    let bars: Vec<Bar> = per_month
        .iter()
        .zip((0..12u32).rev())
        .map(|(&count, back)| {
            let name = month_name(today, back);
            let label = if bar >= 3 { name } else { &name[..1] };
            Bar::default()
                .value(u64::from(count))
                .label(Line::from(label))
                .style(if count == 0 { t.warn } else { t.title })
        })
        .collect();
    BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(bar)
        .bar_gap(gap)
        .label_style(t.dim)
        .value_style(t.selected)
}

/// Hours per quarter, oldest first: billable (left) beside non-billable
/// (right) in each quarter.
pub fn quarters<'a>(quarters: &[QuarterHours], width: u16, t: &Theme) -> BarChart<'a> {
    let group_gap = 1;
    let count = u16::try_from(quarters.len()).unwrap_or(u16::MAX);
    let bar = (bar_width(width, count, group_gap) / 2).max(1);
    let tenths = |h: f64| (h.max(0.0) * 10.0).round() as u64;
    let mut chart = BarChart::default()
        .bar_width(bar)
        .bar_gap(0)
        .group_gap(group_gap)
        .label_style(t.dim)
        .value_style(t.selected);
    for q in quarters {
        let label = if bar * 2 >= 5 {
            format!("Q{} {:02}", q.quarter.q, q.quarter.year.rem_euclid(100))
        } else {
            format!("Q{}", q.quarter.q)
        };
        let bars = [
            Bar::default()
                .value(tenths(q.billable))
                .text_value(hours(q.billable))
                .style(t.title),
            Bar::default()
                .value(tenths(q.non_billable))
                .text_value(hours(q.non_billable))
                .style(t.warn),
        ];
        chart = chart.data(BarGroup::default().label(Line::from(label)).bars(&bars));
    }
    chart
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_fill_the_width_they_get() {
        assert_eq!(bar_width(47, 12, 1), 3);
        assert_eq!(bar_width(20, 12, 1), 1);
        assert_eq!(bar_width(0, 12, 1), 1);
        assert_eq!(bar_width(10, 0, 1), 1);
    }

    #[test]
    fn months_count_back_from_today() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        assert_eq!(month_name(today, 0), "Jan");
        assert_eq!(month_name(today, 1), "Dec");
        assert_eq!(month_name(today, 11), "Feb");
    }
}
