//! The first-run screen, shown while the portfolio is empty.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::screen::RenderContext;
use crate::tui::widgets::common::{centered, pane};

/// Draws the welcome screen shown on an empty database.
pub fn draw(rc: &RenderContext, file: &str, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let key = |action| {
        rc.keymap
            .key_for(Context::Welcome, action)
            .map_or_else(|| "?".to_string(), |k| k.to_string())
    };
    let option = |k: String, text: String| {
        Line::from(vec![
            Span::styled(format!("  {k:>3}  "), t.key),
            Span::raw(text),
        ])
    };
    let lines = vec![
        Line::from(Span::styled("Welcome to kam", t.title)).alignment(Alignment::Center),
        Line::default(),
        Line::from(
            "Your strategic accounts in one place: the customer's business issues in their words, your action plans, and an unbroken log of proof that you delivered.",
        ),
        Line::default(),
        Line::from("Your portfolio is empty. To begin:"),
        Line::default(),
        option(
            key(Action::LoadDemo),
            format!("load a demo portfolio of five accounts into {file}"),
        ),
        option(key(Action::New), "create your first account".into()),
        option(key(Action::Help), "see every key".into()),
        option(key(Action::Quit), "quit".into()),
        Line::default(),
        Line::from(Span::styled(format!("Data file: {file}"), t.dim)),
    ];
    let box_area = centered(area, 76, 18);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(pane(" kam ", true, t)),
        box_area,
    );
}
