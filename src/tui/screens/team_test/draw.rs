//! The team's test on screen: the round found, who takes part, the handover
//! between turns (a screen with nobody's answers), a member's private
//! writing screen, their matching turn (the quick test's two columns), and
//! the result.

use chrono::Local;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Padding, Paragraph, Wrap};

use crate::domain::matching::team::{SEPARATOR, TeamOutcome, Turn};
use crate::domain::matching::{MatchingTest, percent, problem_label, solution_label};
use crate::text::{count, sanitize};
use crate::tui::screen::RenderContext;
use crate::tui::screens::brief::draw::text_width;
use crate::tui::screens::forms::field::{Field, Input};
use crate::tui::screens::matching::draw::{draw_pairing, earlier, labels, mark_style};
use crate::tui::screens::team_test::{Stage, TeamTestView};
use crate::tui::theme::Theme;
use crate::tui::widgets::pager::Pager;
use crate::tui::widgets::reading::{Page, draw_page};
use crate::tui::widgets::text_input;

/// How the team's score is defined, as the result page says it.
pub const TEAM_SCORE: &str = "The team's score is the share of all match decisions that were \
     right: every member matched every pooled problem.";

/// Draws the test over `area`.
pub fn draw(rc: &RenderContext, view: &TeamTestView, frame: &mut Frame, area: Rect) {
    let t = rc.theme;
    let title = format!("Team matching test · {}", sanitize(&view.account));
    let still = Pager::default();
    let page = |lines: Page, frame: &mut Frame| {
        draw_page(frame, area, &title, None, lines.into_lines(), &still, t);
    };
    match &view.stage {
        Stage::Found => page(found(view, area, t), frame),
        Stage::Choose { ticked, selected } => page(choose(view, ticked, *selected, area, t), frame),
        Stage::Handover => page(handover(view, area, t), frame),
        Stage::Write { field, errors, .. } => {
            let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
            draw_writing(rc, view, field, &errors, frame, area);
        }
        Stage::Match(pairing) => {
            let title = format!(" {title} · {} ", turn_words(view));
            draw_pairing(rc, pairing, &title, frame, area);
        }
        Stage::Result { outcome, pager } => {
            let lines = result(view, outcome, area, t).into_lines();
            draw_page(frame, area, &title, None, lines, pager, t);
        }
    }
}

/// "Ana writes (1 of 3)" or "Tom matches (2 of 3)".
fn turn_words(view: &TeamTestView) -> String {
    let Some(round) = &view.round else {
        return String::new();
    };
    let n = round.round.members.len();
    let name = sanitize(view.turn_name()).into_owned();
    match round.round.turn() {
        Turn::Write(m) => format!("{name} writes ({} of {n})", m + 1),
        Turn::Match(m) => format!("{name} matches ({} of {n})", m + 1),
        Turn::Done => "scored".to_string(),
    }
}

/// The round found in progress, with what resuming and discarding do.
fn found(view: &TeamTestView, area: Rect, t: &Theme) -> Page {
    let mut page = Page::new(text_width(area));
    if let Some(round) = &view.round {
        let started = round.started_at.with_timezone(&Local).date_naive();
        page.text("A team round is in progress.", 0, t.title);
        page.text(
            &format!(
                "Started {started} with {}: {}.",
                sanitize(&round.round.members.join(", ")),
                round.progress()
            ),
            0,
            t.text,
        );
        page.blank();
        page.text(
            "Enter resumes it · d discards it (u undoes) · Esc closes",
            0,
            t.dim,
        );
    }
    page
}

/// Who takes part: the account team, each ticked or not.
fn choose(view: &TeamTestView, ticked: &[bool], selected: usize, area: Rect, t: &Theme) -> Page {
    let mut page = Page::new(text_width(area));
    page.text("Who takes part?", 0, t.title);
    page.text(
        "Each member in turn writes, out of the others' sight, how the customer defines \
         its problems and how we define our solutions; then each matches the pooled, \
         shuffled lot.",
        0,
        t.dim,
    );
    page.blank();
    for (n, member) in view.team.iter().enumerate() {
        let mark = if ticked.get(n).copied().unwrap_or(false) {
            "[x]"
        } else {
            "[ ]"
        };
        let style = if n == selected { t.selected } else { t.text };
        page.push_spans(
            vec![
                Span::styled(format!("{mark} "), t.key),
                Span::styled(sanitize(&member.line()).into_owned(), style),
            ],
            0,
        );
    }
    page.blank();
    page.text("Space ticks · Enter starts · Esc closes", 0, t.dim);
    page
}

/// Between turns: whose turn it is, and nothing anyone wrote.
fn handover(view: &TeamTestView, area: Rect, t: &Theme) -> Page {
    let mut page = Page::new(text_width(area));
    let name = sanitize(view.turn_name()).into_owned();
    let writing = matches!(
        view.round.as_ref().map(|r| r.round.turn()),
        Some(Turn::Write(_))
    );
    let (headline, what) = if writing {
        (
            format!("{name}'s turn: the others look away."),
            "You will write the customer's problems and our solutions, one pair a line.",
        )
    } else {
        (
            format!("{name}'s turn to match: the others look away."),
            "You will pair every pooled problem with the solution you think answers it.",
        )
    };
    page.blank();
    page.text(&headline, 0, t.title);
    page.text(what, 0, t.text);
    page.blank();
    page.text(
        &format!("Press Enter when {name} is at the keyboard."),
        0,
        t.key,
    );
    page.text(
        "Esc closes; the round is kept and T on the account resumes it.",
        0,
        t.dim,
    );
    page
}

/// A member's private writing screen: the instructions, the text, the
/// lines that cannot be read and the keys.
fn draw_writing(
    rc: &RenderContext,
    view: &TeamTestView,
    field: &Field,
    errors: &[String],
    frame: &mut Frame,
    area: Rect,
) {
    let t = rc.theme;
    frame.render_widget(Clear, area);
    let name = sanitize(view.turn_name()).into_owned();
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(t.border)
        .padding(Padding::horizontal(1))
        .title(Line::styled(
            format!(" {name}'s turn: the others look away "),
            t.title,
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let error_rows = u16::try_from(errors.len().min(5)).unwrap_or(5);
    let [intro, text, problems, keys] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(error_rows),
        Constraint::Length(1),
    ])
    .areas(inner);
    let intro_text = vec![
        Line::styled(
            format!(
                "One pair a line: the customer's problem, in their words{SEPARATOR}our solution"
            ),
            t.text,
        ),
        Line::styled(
            format!(
                "e.g. Lines stop when a spare part is missing{SEPARATOR}Spare-parts hub at the plant"
            ),
            t.dim,
        ),
    ];
    frame.render_widget(Paragraph::new(intro_text).wrap(Wrap { trim: false }), intro);
    let text = text.inner(ratatui::layout::Margin::new(0, 1));
    if let Input::Lines(area) = &field.input {
        frame.buffer_mut().set_style(text, t.text);
        let at = text_input::draw(frame, area, text);
        frame.set_cursor_position(at);
    }
    let lines: Vec<Line> = errors
        .iter()
        .map(|e| Line::styled(e.clone(), t.error))
        .collect();
    frame.render_widget(Paragraph::new(lines), problems);
    frame.render_widget(
        Line::from(vec![
            Span::styled("Ctrl-S", t.key),
            Span::styled(" done · ", t.dim),
            Span::styled("Ctrl-E", t.key),
            Span::styled(" $EDITOR · ", t.dim),
            Span::styled("Esc", t.key),
            Span::styled(" leave the turn", t.dim),
        ]),
        keys,
    );
}

/// The result: the team's score and its definition, each member's, the
/// problems nobody matched, where the team disagreed, the true pairs with
/// who wrote them, and the earlier results of both tests.
fn result(view: &TeamTestView, outcome: &TeamOutcome, area: Rect, t: &Theme) -> Page {
    let mut page = Page::new(text_width(area));
    let Some(round) = &view.round else {
        return page;
    };
    let team = percent(outcome.correct, outcome.total);
    page.text(
        &format!(
            "Team: {} of {} matches right ({team} %)",
            outcome.correct, outcome.total
        ),
        0,
        t.title,
    );
    page.text(TEAM_SCORE, 0, t.dim);
    page.heading("Each member", "", t);
    for m in &outcome.members {
        page.push_spans(
            vec![
                Span::styled(format!("{}  ", sanitize(&m.name)), t.text),
                Span::styled(
                    format!(
                        "{} of {} right ({} %)",
                        m.correct,
                        m.total,
                        percent(m.correct, m.total)
                    ),
                    t.key,
                ),
            ],
            0,
        );
    }
    let Ok(test) = round.round.test(view.account_id) else {
        return page;
    };
    let tests: Vec<MatchingTest> = (0..round.round.members.len())
        .filter_map(|m| round.round.matched_by(view.account_id, m))
        .collect();
    let writers: Vec<usize> = round.round.pool().into_iter().map(|(m, _)| m).collect();
    let labels = labels(test.pair_count(), problem_label);
    let problem = |p: usize| sanitize(test.problem(p).unwrap_or("")).into_owned();
    let solution = |s: usize| {
        format!(
            "{}  {}",
            solution_label(s),
            sanitize(test.solution(s).unwrap_or(""))
        )
    };

    page.heading("Nobody matched", &count_note(outcome.nobody.len()), t);
    if outcome.nobody.is_empty() {
        page.text("Every problem was matched right by someone.", 0, t.dim);
    }
    for &p in &outcome.nobody {
        page.prefixed(
            &format!("✗ {}  ", labels[p]),
            t.error,
            &problem(p),
            0,
            t.text,
        );
        if let Some(answer) = test.answer(p) {
            page.prefixed("↔ ", t.key, &solution(answer), 4, t.dim);
        }
    }

    page.heading(
        "Where the team disagreed",
        &count_note(outcome.disagreed.len()),
        t,
    );
    if outcome.disagreed.is_empty() {
        page.text("Everyone chose the same solutions.", 0, t.dim);
    }
    for &p in &outcome.disagreed {
        page.prefixed(
            &format!("≠ {}  ", labels[p]),
            t.warn,
            &problem(p),
            0,
            t.text,
        );
        for (name, member) in round.round.members.iter().zip(&tests) {
            let chosen = member.chosen(p);
            let right = member.is_right(p);
            let what = chosen.map_or_else(|| "nothing".to_string(), solution);
            page.prefixed(
                &format!("{} {}: ", if right { "✓" } else { "✗" }, sanitize(name)),
                mark_style(right, t),
                &what,
                4,
                t.text,
            );
        }
    }

    page.heading("The true pairs", "who wrote each", t);
    for (p, label) in labels.iter().enumerate() {
        page.prefixed(&format!("{label}  "), t.title, &problem(p), 0, t.text);
        if let Some(answer) = test.answer(p) {
            page.prefixed("↔ ", t.key, &solution(answer), 4, t.text);
        }
        let writer = test
            .origin(p)
            .and_then(|pair| writers.get(pair))
            .and_then(|m| round.round.members.get(*m));
        if let Some(writer) = writer {
            page.text(&format!("written by {}", sanitize(writer)), 4, t.dim);
        }
    }
    page.blank();
    earlier(&mut page, &view.history, t);
    page
}

/// "none", "1 problem", "3 problems".
fn count_note(n: usize) -> String {
    if n == 0 {
        "none".to_string()
    } else {
        count(n, "problem", "problems")
    }
}
