//! The bar charts of the signals: proof statements per month, and hours
//! per quarter (billable beside non-billable). Both size their bars to the
//! width they get.

use chrono::{Datelike, Months, NaiveDate};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup};

use crate::domain::insight::QuarterHours;
use crate::tui::theme::Theme;
use crate::tui::widgets::common::hours;

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
/// (right) in each quarter, a column apart so that their figures never run
/// together.
pub fn quarters<'a>(quarters: &[QuarterHours], width: u16, t: &Theme) -> BarChart<'a> {
    let (group_gap, bar_gap) = (1, 1);
    let count = u16::try_from(quarters.len()).unwrap_or(u16::MAX);
    // The chart puts a bar gap after each group as well as the group gap,
    // and draws the last group only when a column is left over.
    let group = bar_width(width.saturating_sub(1), count, group_gap + bar_gap);
    let bar = (group.saturating_sub(bar_gap) / 2).max(1);
    let tenths = |h: f64| (h.max(0.0) * 10.0).round() as u64;
    let mut chart = BarChart::default()
        .bar_width(bar)
        .bar_gap(bar_gap)
        .group_gap(group_gap)
        .label_style(t.dim)
        .value_style(t.selected);
    for q in quarters {
        let label = if bar * 2 + bar_gap >= 5 {
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
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::Widget;

    use crate::domain::insight::cost::Quarter;
    use crate::tui::screens::account::signals::draw::charts::*;

    #[test]
    fn the_figures_of_neighbouring_bars_stay_apart() {
        let hours: Vec<QuarterHours> = (1..=4)
            .map(|q| QuarterHours {
                quarter: Quarter { year: 2026, q },
                billable: 1684.0,
                non_billable: 106.0,
            })
            .collect();
        let t = Theme::new(false);
        for width in 20..=80 {
            let area = Rect::new(0, 0, width, 6);
            let mut buf = Buffer::empty(area);
            quarters(&hours, width, &t).render(area, &mut buf);
            let values: String = (0..width)
                .map(|x| buf[(x, 4)].symbol().to_string())
                .collect();
            let digits: Vec<&str> = values
                .split(|c: char| !c.is_ascii_digit())
                .filter(|d| !d.is_empty())
                .collect();
            assert!(
                digits.iter().all(|d| ["1684", "106"].contains(d)),
                "at {width} columns: {values:?}"
            );
            // From 44 columns the bars are 4 wide: every figure fits.
            if width >= 44 {
                assert_eq!(
                    digits.len(),
                    8,
                    "every bar has room at {width} columns: {values:?}"
                );
            }
            let labels: String = (0..width)
                .map(|x| buf[(x, 5)].symbol().to_string())
                .collect();
            assert!(!labels.contains("Q1Q2"), "at {width} columns: {labels:?}");
        }
    }

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
