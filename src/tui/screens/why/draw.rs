//! The "why" popup: every factor of an account's health with its weight,
//! its score, the points it adds to the total and the reason for it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::domain::Id;
use crate::domain::choice::Choice;
use crate::domain::insight::{Factor, Weights};
use crate::text::{first_line, fit, truncate};
use crate::tui::screen::RenderContext;
use crate::tui::screens::account::signals::draw::{health_style, reason, score_bar};
use crate::tui::widgets::common::{centered, pane};
use crate::tui::widgets::reading::wrap;

/// Columns of the factor's name.
const NAME: usize = 22;
/// Columns of the weight.
const WEIGHT: usize = 7;
/// Cells of the score bar.
const BAR: usize = 10;
/// Columns of the points.
const POINTS: usize = 7;

/// A number without needless decimals: "3", "1.5".
fn number(value: f64) -> String {
    let text = format!("{value:.1}");
    text.strip_suffix(".0").unwrap_or(&text).to_string()
}

/// The points `factor` adds to a score out of 100, with `total` the sum of
/// the weights.
fn points(factor: &Factor, total: f64) -> f64 {
    if total > 0.0 {
        factor.weight * factor.score.clamp(0.0, 1.0) / total * 100.0
    } else {
        0.0
    }
}

/// Where the weights come from.
fn weights_source(weights: &Weights) -> &'static str {
    if *weights == Weights::default() {
        "Default weights; set them in the [health] section of config.toml."
    } else {
        "Weights from config.toml [health]."
    }
}

/// Draws the popup for `account_id` over `area`.
pub fn draw(rc: &RenderContext, account_id: Id, frame: &mut Frame, area: Rect) {
    let Some(insight) = rc.insight(account_id) else {
        return;
    };
    let t = rc.theme;
    let health = &insight.health;
    let total: f64 = health.factors.iter().map(|f| f.weight).sum();
    // The reason an account is at risk, wrapped to the popup's width (its
    // border and a margin taken off).
    let at_risk: Vec<String> = health.at_risk.as_ref().map_or_else(Vec::new, |a| {
        let text = format!("At risk {}", a.shown(rc.private));
        wrap(&text, usize::from(area.width.min(100)).saturating_sub(4))
    });
    let extra = if at_risk.is_empty() {
        0
    } else {
        at_risk.len() + 1
    };
    let rows = u16::try_from(health.factors.len() * 2 + extra).unwrap_or(u16::MAX);
    let popup = centered(area, 100, rows.saturating_add(8));
    let block = pane(
        format!(
            " Why {} is {} ",
            first_line(&insight.facts.account.name),
            health.label()
        ),
        true,
        t,
    );
    let inner = block.inner(popup);
    let width = usize::from(inner.width);
    let bar = if width >= NAME + WEIGHT + BAR + 5 + POINTS {
        BAR
    } else {
        0
    };

    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                format!("Health {} of 100", health.score),
                health_style(health, t),
            ),
            Span::styled(
                " · each factor scores 0 to 1; its points are its share of the weights",
                t.dim,
            ),
        ]),
        Line::default(),
    ];
    if !at_risk.is_empty() {
        lines.extend(at_risk.into_iter().map(|l| Line::styled(l, t.warn)));
        lines.push(Line::default());
    }
    lines.extend([Line::styled(
        format!(
            "{}{}{}{}",
            fit("Factor", NAME),
            fit("Weight", WEIGHT),
            fit("Score", bar + 5),
            fit("Points", POINTS)
        ),
        t.dim,
    )]);
    for factor in &health.factors {
        let percent = (factor.score.clamp(0.0, 1.0) * 100.0).round();
        lines.push(Line::from(vec![
            Span::styled(fit(factor.kind.label(), NAME), t.text),
            Span::styled(fit(&number(factor.weight), WEIGHT), t.text),
            Span::styled(score_bar(factor.score, bar), t.title),
            Span::styled(format!("{percent:>4}%"), t.text),
            Span::styled(
                format!("{:>width$.1}", points(factor, total), width = POINTS),
                t.text,
            ),
        ]));
        let why = format!("  {}", reason(rc.private, factor));
        lines.push(Line::styled(truncate(&why, width).into_owned(), t.dim));
    }
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled(fit("Total", NAME), t.title),
        Span::styled(fit(&number(total), WEIGHT), t.title),
        Span::styled(" ".repeat(bar + 5), t.dim),
        Span::styled(format!("{:>width$}", health.score, width = POINTS), t.title),
    ]));
    lines.push(Line::styled(weights_source(rc.weights), t.dim));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

#[cfg(test)]
mod tests {
    use crate::domain::insight::FactorKind;
    use crate::tui::screens::why::draw::*;

    fn factor(weight: f64, score: f64) -> Factor {
        Factor {
            kind: FactorKind::Champion,
            weight,
            score,
            reason: String::new(),
            confidential: false,
        }
    }

    #[test]
    fn points_add_up_to_the_score() {
        let factors = [factor(3.0, 1.0), factor(1.0, 0.5)];
        let total: f64 = factors.iter().map(|f| f.weight).sum();
        let sum: f64 = factors.iter().map(|f| points(f, total)).sum();
        assert!((sum - 87.5).abs() < 1e-9, "{sum}");
        assert_eq!(points(&factor(0.0, 1.0), 0.0), 0.0);
    }

    #[test]
    fn numbers_drop_needless_decimals() {
        assert_eq!(number(3.0), "3");
        assert_eq!(number(1.5), "1.5");
    }

    #[test]
    fn the_source_of_the_weights_is_named() {
        assert!(weights_source(&Weights::default()).starts_with("Default"));
        let custom = Weights {
            champion: 5.0,
            ..Weights::default()
        };
        assert!(weights_source(&custom).contains("config.toml [health]"));
    }
}
