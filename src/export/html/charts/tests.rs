use chrono::NaiveDate;

use super::*;
use crate::domain::Id;
use crate::domain::insight::map::MapPoint;
use crate::domain::measure::{Better, Measure, Point};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The chart one element a line, for snapshots a person can read.
fn lines(svg: &str) -> String {
    svg.replace("><", ">\n<")
}

fn series(better: Better, target: Option<f64>, values: &[(&str, f64)]) -> Series {
    Series {
        measure: Measure {
            name: "Repair <time>".into(),
            better,
            target,
            confidential: false,
        },
        unit: "h".into(),
        points: values
            .iter()
            .map(|(date, number)| Point {
                date: d(date),
                number: *number,
            })
            .collect(),
    }
}

#[test]
fn the_score_is_drawn_from_0_to_100_with_the_strategic_line() {
    let svg = score_over_time(&[
        (d("2026-01-10"), 33),
        (d("2026-04-10"), 48),
        (d("2026-10-10"), 71),
    ]);
    insta::assert_snapshot!(lines(&svg));
}

#[test]
fn no_assessment_draws_no_chart_and_one_sits_in_the_middle() {
    assert_eq!(score_over_time(&[]), "");
    let one = score_over_time(&[(d("2026-01-10"), 40)]);
    assert!(one.contains("<circle cx=\"338\""), "{one}");
}

#[test]
fn a_measure_is_drawn_against_its_target_with_its_extremes_named() {
    let svg = measure_trend(&series(
        Better::Lower,
        Some(4.0),
        &[
            ("2026-01-31", 5.5),
            ("2026-02-28", 3.2),
            ("2026-03-31", 4.8),
            ("2026-04-30", 3.9),
        ],
    ));
    insta::assert_snapshot!(lines(&svg));
}

#[test]
fn a_measure_without_target_has_no_target_line_and_long_series_show_the_newest() {
    let values: Vec<(String, f64)> = (1..=30)
        .map(|day| (format!("2026-01-{day:02}"), f64::from(day)))
        .collect();
    let values: Vec<(&str, f64)> = values.iter().map(|(d, n)| (d.as_str(), *n)).collect();
    let svg = measure_trend(&series(Better::Higher, None, &values));
    assert!(!svg.contains("target"), "{svg}");
    assert_eq!(svg.matches("<circle").count(), CHARTED_VALUES);
    assert!(svg.contains(">2026-01-07</text>") && svg.contains(">2026-01-30</text>"));
    assert!(svg.contains("Repair &lt;time&gt;"), "the name is escaped");
}

#[test]
fn proof_is_counted_in_bars_for_the_twelve_months_up_to_this_one() {
    let svg = proof_per_month(&[0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 4, 3], d("2026-11-23"));
    assert_eq!(svg.matches("<rect").count(), 12);
    let months: Vec<&str> = svg
        .split("text-anchor=\"middle\">")
        .skip(1)
        .filter_map(|t| t.split('<').next())
        .filter(|t| t.parse::<u32>().is_err())
        .collect();
    assert_eq!(
        months,
        [
            "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov"
        ]
    );
    assert!(svg.contains(">4</text>") && svg.contains(">3</text>"));
}

fn map() -> PortfolioMap {
    let point = |name: &str, score, revenue| MapPoint {
        account_id: Id::new(),
        name: name.into(),
        score,
        revenue: Some(revenue),
    };
    PortfolioMap {
        points: vec![
            point("Big <b>but</b> cold", 20, 3_000_000),
            point("Small", 30, 100_000),
            point("Partner", 80, 2_000_000),
        ],
        not_assessed: Vec::new(),
        max_revenue: 3_000_000,
        median_revenue: 2_000_000,
    }
}

#[test]
fn the_map_marks_accounts_whose_size_and_value_disagree() {
    let svg = portfolio_map(&map(), false);
    insta::assert_snapshot!(lines(&svg));
    // Large but transactional is a diamond; maintain and strategic dots.
    assert_eq!(svg.matches("<path").count(), 1);
    assert_eq!(svg.matches("<circle").count(), 2);
    assert!(svg.contains("revenue (median 2M, top 3M)"));
    assert!(svg.contains("Big &lt;b&gt;but&lt;/b&gt; cold"));
}

#[test]
fn the_map_in_private_mode_has_no_revenue_figures() {
    let svg = portfolio_map(&map(), true);
    assert!(svg.contains("revenue (hidden)"));
    assert!(!svg.contains("2M") && !svg.contains("3M"), "{svg}");
}

#[test]
fn a_large_portfolio_map_shows_points_without_names() {
    let mut large = map();
    let first = large.points[0].clone();
    large.points = (0..=MAP_NAMED).map(|_| first.clone()).collect();
    let svg = portfolio_map(&large, false);
    assert_eq!(svg.matches("<path").count(), MAP_NAMED + 1);
    assert!(!svg.contains("cold"), "{svg}");
    assert!(portfolio_map(&map(), false).contains("cold"));
}
