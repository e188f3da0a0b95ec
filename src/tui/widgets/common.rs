//! Small pieces shared by the views.

use chrono::NaiveDate;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders};

use crate::domain::dates::days_between;
use crate::text::sanitize;
use crate::tui::theme::Theme;

/// A bordered block titled `title`, highlighted when `focused`.
pub fn pane<'a>(title: impl Into<Line<'a>>, focused: bool, theme: &Theme) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(if focused {
            theme.border_focused
        } else {
            theme.border
        })
        .title(title.into().style(theme.title))
}

/// A rectangle of at most `width`×`height` centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

/// A label and a value on one line: "Label  value".
pub fn field<'a>(label: &'a str, value: &str, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label}  "), theme.dim),
        Span::styled(sanitize(value).into_owned(), theme.text),
    ])
}

/// "today", "3 d ago", "in 5 d" for a date relative to `today`.
pub fn relative(date: NaiveDate, today: NaiveDate) -> String {
    match days_between(today, date) {
        0 => "today".to_string(),
        d if d < 0 => format!("{} d ago", -d),
        d => format!("in {d} d"),
    }
}

pub use crate::text::{money, trim_zero};

/// Hours without needless decimals: "12", "2.5".
pub fn hours(h: f64) -> String {
    trim_zero(format!("{h:.1}"))
}

/// The selection style for a list row.
pub fn row_style(selected: bool, focused: bool, theme: &Theme) -> Style {
    match (selected, focused) {
        (true, true) => theme.selected,
        (true, false) => theme.selected_unfocused,
        _ => Style::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::widgets::common::*;

    #[test]
    fn money_is_short() {
        assert_eq!(money(950), "950");
        assert_eq!(money(12_500), "12.5k");
        assert_eq!(money(186_000), "186k");
        assert_eq!(money(2_380_000), "2.38M");
        assert_eq!(money(1_000_000), "1M");
        assert_eq!(money(-4_000), "-4k");
    }

    #[test]
    fn dates_read_relative_to_today() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(relative(today, today), "today");
        assert_eq!(
            relative(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(), today),
            "3 d ago"
        );
        assert_eq!(
            relative(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(), today),
            "in 2 d"
        );
    }

    #[test]
    fn centering_never_exceeds_the_area() {
        let area = Rect::new(0, 0, 10, 4);
        let r = centered(area, 50, 20);
        assert!(r.width <= 10 && r.height <= 4);
    }
}
