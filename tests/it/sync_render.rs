//! The sync conflicts window drawn on ratatui's `TestBackend` from
//! conflicts made by hand: both values side by side or one above the
//! other, a delete told in words, confidential figures hidden in private
//! mode, wide and right-to-left text in its columns, and no panic at any
//! size.

use kam::domain::history::RecordKind;
use kam::domain::insight::Weights;
use kam::domain::portfolio::AccountSummary;
use kam::domain::{Account, Id};
use kam::store::{DELETED, SyncConflict};
use kam::tui::keymap::Keymap;
use kam::tui::screen::RenderContext;
use kam::tui::screens::conflicts::{ConflictsView, draw};
use kam::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::Value;

use crate::support::tui::{rows, today};

/// A conflict at `field` of the record `record` of `account`.
fn conflict(
    account: Id,
    kind: RecordKind,
    record: Id,
    field: &str,
    kept: &str,
    other: &str,
) -> SyncConflict {
    SyncConflict {
        kind,
        record,
        account,
        field: field.into(),
        kept: kept.into(),
        other: other.into(),
        other_record: Value::Null,
    }
}

/// Two accounts and their conflicts: an importance, a confidential
/// revenue, a statement in Japanese against one in Arabic with an escape
/// sequence in it, and a plan deleted on the other machine.
fn portfolio() -> (Vec<AccountSummary>, Vec<SyncConflict>, ConflictsView) {
    let nordwerk = Account::new("Nordwerk Maschinenbau");
    let sakura = Account::new("桜精機株式会社");
    let summary = |account: &Account| AccountSummary {
        account: account.clone(),
        open_issues: 0,
        overdue_plans: 0,
        last_proof: None,
        last_executive_review: None,
        last_assessment: None,
    };
    let (issue, plan, proof) = (Id::new(), Id::new(), Id::new());
    let conflicts = vec![
        conflict(
            nordwerk.id,
            RecordKind::Issue,
            issue,
            "importance",
            "High",
            "Critical",
        ),
        conflict(
            nordwerk.id,
            RecordKind::Account,
            nordwerk.id,
            "revenue_history",
            "2025 2380000",
            "2025 2500000",
        ),
        conflict(nordwerk.id, RecordKind::Plan, plan, DELETED, "", ""),
        conflict(
            sakura.id,
            RecordKind::Proof,
            proof,
            "statement",
            "納期を三週間短縮しました。検査工程も自動化。",
            "خفضنا وقت التسليم \u{1b}[31mثلاثة أسابيع\nوسطر ثان",
        ),
    ];
    let mut view = ConflictsView::new();
    view.labels
        .insert(issue, "Spare parts stop the lines".into());
    view.labels
        .insert(nordwerk.id, "Nordwerk Maschinenbau".into());
    view.labels
        .insert(plan, "Stock the critical spares on site".into());
    view.labels.insert(proof, "納期短縮".into());
    (vec![summary(&nordwerk), summary(&sakura)], conflicts, view)
}

/// The window as drawn on a `width`×`height` terminal, in private mode or
/// not, with `conflicts`.
fn drawn(
    summaries: &[AccountSummary],
    conflicts: &[SyncConflict],
    view: &ConflictsView,
    private: bool,
    (width, height): (u16, u16),
) -> String {
    let theme = Theme::new(false);
    let keymap = Keymap::default_keys();
    let weights = Weights::default();
    let rc = RenderContext {
        theme: &theme,
        today: today(),
        private,
        keymap: &keymap,
        insights: &[],
        weights: &weights,
        portfolio: summaries,
        sync: None,
        conflicts,
    };
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| draw::draw(&rc, view, frame, frame.area()))
        .expect("drawing");
    let lines: Vec<String> = rows(terminal.backend().buffer())
        .iter()
        .map(|r| r.trim_end().to_string())
        .collect();
    lines.join("\n")
}

#[test]
fn conflicts_stand_side_by_side_on_a_wide_window() {
    let (summaries, conflicts, view) = portfolio();
    let text = drawn(&summaries, &conflicts, &view, false, (100, 16));
    insta::assert_snapshot!("conflicts_100x16", text);
    assert!(
        text.contains("2380000") && text.contains("2500000"),
        "{text}"
    );
}

#[test]
fn conflicts_stand_one_above_the_other_on_a_narrow_window() {
    let (summaries, conflicts, mut view) = portfolio();
    // The plan deleted on the other machine is selected: keep or delete.
    view.selected = 2;
    let text = drawn(&summaries, &conflicts, &view, false, (50, 20));
    insta::assert_snapshot!("conflicts_50x20", text);
}

#[test]
fn the_selected_conflict_shows_both_values_in_full_when_there_is_room() {
    let (summaries, conflicts, mut view) = portfolio();
    // The statement in Japanese against the one in Arabic, whose escape
    // sequence is defused and whose second line is shown.
    view.selected = 3;
    let text = drawn(&summaries, &conflicts, &view, false, (80, 28));
    insta::assert_snapshot!("conflicts_in_full_80x28", text);
    assert!(text.contains("In full"), "{text}");
    assert!(
        text.contains("وسطر ثان"),
        "the second line is shown: {text}"
    );
    assert!(!text.contains('\u{1b}'), "{text}");
    // The deletion has no values to show in full.
    view.selected = 2;
    assert!(!drawn(&summaries, &conflicts, &view, false, (80, 28)).contains("In full"));
    // Nor has a short window the room.
    view.selected = 3;
    assert!(!drawn(&summaries, &conflicts, &view, false, (80, 16)).contains("In full"));
}

#[test]
fn private_mode_hides_confidential_values_and_nothing_else() {
    let (summaries, conflicts, view) = portfolio();
    let text = drawn(&summaries, &conflicts, &view, true, (100, 16));
    insta::assert_snapshot!("conflicts_private_100x16", text);
    assert!(
        !text.contains("2380000") && !text.contains("2500000"),
        "{text}"
    );
    assert!(text.contains("hidden (private mode)"), "{text}");
    assert!(text.contains("Critical"), "{text}");
}

#[test]
fn wide_and_right_to_left_text_keeps_its_columns() {
    let (summaries, conflicts, view) = portfolio();
    let text = drawn(&summaries, &conflicts, &view, false, (100, 16));
    assert!(!text.contains('\u{1b}'), "an escape reached the terminal");
    assert!(text.contains('␛'), "the escape is shown harmless:\n{text}");
    assert!(text.contains("納期を三週間"), "{text}");
    let widths: Vec<usize> = text
        .lines()
        .map(unicode_width::UnicodeWidthStr::width)
        .collect();
    assert!(widths.iter().all(|w| *w <= 100), "{widths:?}");
    let right_edges = text.lines().filter(|l| l.ends_with('┃')).count();
    assert_eq!(right_edges, 14, "every row keeps its border:\n{text}");
}

#[test]
fn an_empty_list_says_there_are_none() {
    let (summaries, _, view) = portfolio();
    let text = drawn(&summaries, &[], &view, false, (80, 10));
    assert!(text.contains("Sync conflicts (0)"), "{text}");
    assert!(text.contains("No sync conflicts"), "{text}");
}

#[test]
fn drawing_never_panics_at_any_size() {
    let (summaries, conflicts, mut view) = portfolio();
    for selected in [0, 3] {
        view.selected = selected;
        for width in 0..=110 {
            for height in [0, 1, 2, 3, 4, 5, 8, 13, 30] {
                drawn(
                    &summaries,
                    &conflicts,
                    &view,
                    width % 2 == 0,
                    (width, height),
                );
            }
        }
    }
}
