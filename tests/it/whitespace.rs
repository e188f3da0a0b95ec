//! The whitespace page, driven by real key presses and drawn on ratatui's
//! `TestBackend`: the grid of units × offerings, editing it from the
//! keyboard (every change saved at once and undoable), the share of wallet
//! it gives, private mode, and small or scrolled screens.

use kam::domain::{Account, Cell, CellState, Id, Whitespace};
use kam::store::Store;
use kam::tui::app::App;
use unicode_width::UnicodeWidthStr;

use crate::support::tui::{app_on, press, render, rows, screen, type_text};

// ---------------------------------------------------------------- helpers

/// A store with one account (stated share of wallet 25 %) whose grid is
/// `grid` filled in by `fill`; returns the store and the account's id.
fn store_with(fill: impl FnOnce(&mut Whitespace)) -> (Store, Id) {
    let mut store = Store::open_in_memory().expect("in-memory store");
    let mut account = Account::new("Nordwerk Maschinenbau AG");
    account.share_of_wallet = Some(25);
    let id = store.save_account(&account).expect("account saved").id;
    let mut grid = Whitespace::new(id);
    fill(&mut grid);
    if !grid.units.is_empty() || !grid.offerings.is_empty() {
        store.save_whitespace(&grid, None).expect("grid saved");
    }
    (store, id)
}

/// Three units × four offerings: we supply 300k of 1M valued relevant
/// spend (30 %, 3 of 4 relevant cells valued); a value in a cell that is
/// not relevant does not count. The third unit's name is wide.
fn sample(grid: &mut Whitespace) {
    for unit in ["Plant Mannheim", "Plant Ulm", "Service hub 東京"] {
        grid.add_unit(unit);
    }
    for offering in [
        "Spare parts",
        "Field service",
        "Training",
        "Remote monitoring",
    ] {
        grid.add_offering(offering);
    }
    let mut set = |unit: usize, offering: usize, state, value| {
        *grid.cell_mut(unit, offering).expect("cell") = Cell { state, value };
    };
    set(0, 0, CellState::Supply, Some(300_000));
    set(0, 1, CellState::Competitor, Some(500_000));
    set(1, 0, CellState::Opportunity, Some(200_000));
    set(1, 1, CellState::Supply, None);
    set(2, 3, CellState::NotRelevant, Some(50_000));
}

/// An app on `store`, opened on the whitespace page of its only account.
fn on_whitespace(store: Store) -> App {
    let mut app = app_on(store);
    press(&mut app, "Enter 5");
    app
}

/// The last row: the status line.
fn status_line(app: &App) -> String {
    rows(&render(app, 120, 40)).pop().unwrap_or_default()
}

/// The grid of the account as stored.
fn stored(app: &App, id: Id) -> Whitespace {
    app.store().whitespace(id).expect("grid reads")
}

// ------------------------------------------------------------------ tests

#[test]
fn grid_page_120x40() {
    let (store, _) = store_with(sample);
    let app = on_whitespace(store);
    let buffer = render(&app, 120, 40);
    let lines = rows(&buffer);
    assert!(
        lines.iter().all(|l| l.width() == 120),
        "a wide character broke a row"
    );
    // The unit names' separator stands in one column on every grid row,
    // the wide name included.
    let separators: Vec<usize> = lines
        .iter()
        .filter(|l| l.starts_with('┃'))
        .filter_map(|l| l.find(" │ ").map(|at| l[..at].width()))
        .collect();
    assert!(separators.len() >= 7, "{separators:?}");
    assert!(
        separators.windows(2).all(|w| w[0] == w[1]),
        "{separators:?}"
    );
    let text = screen(&app, 120, 40);
    assert!(text.contains(
        "Share of wallet from the grid: 30 % (3 of 4 relevant cells valued) · stated: 25 %"
    ));
    insta::assert_snapshot!(text);
}

#[test]
fn private_mode_hides_values_and_share() {
    let (store, id) = store_with(sample);
    let mut app = on_whitespace(store);
    press(&mut app, "p");
    let text = screen(&app, 120, 40);
    for figure in ["300k", "500k", "200k", "50k", "30 %", "25 %"] {
        assert!(
            !text.contains(figure),
            "{figure} shows in private mode:\n{text}"
        );
    }
    assert!(text.contains("•••"), "valued cells show dots:\n{text}");
    assert!(text.contains("Share of wallet: hidden in private mode."));
    // Typing a value shows dots too, not the stored figure.
    press(&mut app, "e");
    let text = screen(&app, 120, 40);
    assert!(!text.contains("300 000"), "{text}");
    let entry = text
        .lines()
        .find(|l| l.contains("Annual spend, Plant Mannheim × Spare parts:"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        entry.trim_end().ends_with(": •••"),
        "a fixed mask, whatever the value's length: {entry}"
    );
    // Typing into the mask starts a new value.
    type_text(&mut app, "45k");
    press(&mut app, "Enter");
    let cell = stored(&app, id).cell(0, 0).cloned().expect("cell");
    assert_eq!(cell.value, Some(45_000));
}

#[test]
fn small_screens_draw_without_panic() {
    let (store, _) = store_with(sample);
    let mut app = on_whitespace(store);
    for keys in ["", "l", "k", "e"] {
        press(&mut app, keys);
        let text = screen(&app, 40, 10);
        assert!(text.contains("Whitespace:"), "after {keys:?}:\n{text}");
    }
    press(&mut app, "Esc k d");
    let text = screen(&app, 40, 10);
    assert!(text.contains("Delete?"), "{text}");
    let (empty, _) = store_with(|_| {});
    let app = on_whitespace(empty);
    for (w, h) in [(40, 10), (41, 11), (60, 15)] {
        render(&app, w, h);
    }
}

#[test]
fn a_big_grid_scrolls_to_keep_the_cursor_in_view() {
    let (store, _) = store_with(|grid| {
        for n in 1..=12 {
            grid.add_unit(format!("Site {n:02}"));
            grid.add_offering(format!("Line {n:02}"));
        }
        for n in 0..12 {
            grid.cell_mut(n, n).expect("cell").state = CellState::Supply;
        }
    });
    let mut app = on_whitespace(store);
    let first = screen(&app, 60, 15);
    assert!(
        first.contains("Site 01") && first.contains("Line 01"),
        "{first}"
    );
    assert!(
        first.contains(" Whitespace: units 1–3 of 12 · offerings 1–2 of 12 "),
        "{first}"
    );

    press(&mut app, "G");
    for _ in 0..12 {
        press(&mut app, "l");
    }
    let last = screen(&app, 60, 15);
    assert!(
        last.contains("Site 12") && last.contains("Line 12"),
        "{last}"
    );
    assert!(
        !last.contains("Site 01") && !last.contains("Line 01"),
        "{last}"
    );
    assert!(
        last.contains(" Whitespace: units 10–12 of 12 · offerings 11–12 of 12 "),
        "{last}"
    );

    press(&mut app, "Space");
    assert!(status_line(&app).contains("Site 12 × Line 12: Opportunity."));
    for (w, h) in [(40, 10), (60, 15), (200, 60)] {
        render(&app, w, h);
    }
}

#[test]
fn the_grid_is_built_and_valued_from_the_keyboard() {
    let (store, id) = store_with(|_| {});
    let mut app = on_whitespace(store);
    let empty = screen(&app, 120, 40);
    assert!(empty.contains("No whitespace grid yet."), "{empty}");
    assert!(empty.contains("Press a to add the first unit (a row), o to add the first offering"));

    for (key, name) in [
        ("a", "Plant Mannheim"),
        ("a", "Plant Ulm"),
        ("o", "Spare parts"),
        ("o", "Field service"),
    ] {
        press(&mut app, key);
        type_text(&mut app, name);
        press(&mut app, "Enter");
    }
    assert!(status_line(&app).contains("Added the offering “Field service”."));
    let grid = stored(&app, id);
    assert_eq!(grid.units, ["Plant Mannheim", "Plant Ulm"]);
    assert_eq!(grid.offerings, ["Spare parts", "Field service"]);

    // The cursor stands on the newest cell: Plant Ulm × Field service.
    press(&mut app, "Space e");
    type_text(&mut app, "300k");
    press(&mut app, "Enter h Space Space Space e");
    type_text(&mut app, "700 000");
    press(&mut app, "Enter k Space e");
    type_text(&mut app, "1M");
    press(&mut app, "Enter");

    let grid = stored(&app, id);
    let cell = |u: usize, o: usize| grid.cell(u, o).cloned().expect("cell");
    assert_eq!(
        cell(1, 1),
        Cell {
            state: CellState::Supply,
            value: Some(300_000)
        }
    );
    assert_eq!(
        cell(1, 0),
        Cell {
            state: CellState::Competitor,
            value: Some(700_000)
        }
    );
    assert_eq!(
        cell(0, 0),
        Cell {
            state: CellState::Supply,
            value: Some(1_000_000)
        }
    );
    assert!(cell(0, 1).is_blank());
    let share = grid.wallet_share();
    assert_eq!((share.ours, share.relevant), (1_300_000, 2_000_000));
    assert_eq!(share.percent(), Some(65));
    assert!(screen(&app, 120, 40).contains(
        "Share of wallet from the grid: 65 % (3 of 3 relevant cells valued) · stated: 25 %"
    ));

    // Renaming from the unit's name.
    press(&mut app, "h r");
    for _ in 0.."Plant Mannheim".len() {
        press(&mut app, "Backspace");
    }
    type_text(&mut app, "Werk Mannheim");
    press(&mut app, "Enter");
    assert_eq!(stored(&app, id).units[0], "Werk Mannheim");
    press(&mut app, "u");
    assert_eq!(
        stored(&app, id).units[0],
        "Plant Mannheim",
        "u undoes a rename"
    );
}

/// A name is renamed from exactly what is stored (joiners, tabs and
/// escape sequences kept), and shown made safe while it is typed.
#[test]
fn renaming_keeps_the_name_exactly_as_stored() {
    let name = "Werk\u{200d}Nord\t\u{1b}[2J";
    let (store, id) = store_with(|grid| {
        grid.add_unit(name);
        grid.add_offering("Spare parts");
    });
    let mut app = on_whitespace(store);
    press(&mut app, "h r");
    let text = screen(&app, 120, 40);
    assert!(text.contains("Werk�Nord ␛[2J"), "{text}");
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
    type_text(&mut app, " 2");
    press(&mut app, "Enter");
    assert_eq!(stored(&app, id).units[0], format!("{name} 2"));
}

#[test]
fn a_bad_value_keeps_the_typing_and_shows_the_error() {
    let (store, id) = store_with(sample);
    let mut app = on_whitespace(store);
    press(&mut app, "j e");
    for _ in 0..10 {
        press(&mut app, "Backspace");
    }
    type_text(&mut app, "12x");
    press(&mut app, "Enter");
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("Annual spend, Plant Ulm × Spare parts: 12x"),
        "{text}"
    );
    assert!(text.contains("`12x` is not an amount"), "{text}");
    assert_eq!(
        stored(&app, id).cells[1][0].value,
        Some(200_000),
        "nothing saved"
    );

    // Still typing: q is a letter here, not quit.
    type_text(&mut app, "q");
    assert!(!app.should_quit());
    press(&mut app, "Backspace Backspace Backspace Backspace");
    type_text(&mut app, "50k");
    press(&mut app, "Enter");
    assert_eq!(stored(&app, id).cells[1][0].value, Some(50_000));
    assert!(status_line(&app).contains("Saved the value of Plant Ulm × Spare parts."));
}

#[test]
fn deleting_a_marked_column_asks_and_undo_restores_it() {
    let (store, id) = store_with(sample);
    let mut original = Whitespace::new(id);
    sample(&mut original);
    let mut app = on_whitespace(store);
    press(&mut app, "k d");
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("Delete the offering “Spare parts” with its 2 marked cells?"),
        "{text}"
    );
    press(&mut app, "y");
    let grid = stored(&app, id);
    assert_eq!(
        grid.offerings,
        ["Field service", "Training", "Remote monitoring"]
    );
    assert!(status_line(&app).contains("Deleted the offering “Spare parts”. Press u to undo."));

    press(&mut app, "u");
    assert_eq!(stored(&app, id), original);
    assert!(status_line(&app).contains("Undid the edit of the whitespace grid."));

    // A column without marks goes without asking; n keeps a marked one.
    press(&mut app, "l l d");
    assert_eq!(stored(&app, id).offerings.len(), 3, "Training had no marks");
    press(&mut app, "h h d n");
    assert_eq!(stored(&app, id).offerings.len(), 3);
    assert!(status_line(&app).contains("Kept it: nothing was deleted."));
}

#[test]
fn ctrl_c_over_a_changed_value_asks_before_quitting() {
    let (store, _) = store_with(sample);
    let mut app = on_whitespace(store);
    press(&mut app, "e C-c");
    assert!(app.should_quit(), "nothing changed: quits at once");

    let (store, _) = store_with(sample);
    let mut app = on_whitespace(store);
    press(&mut app, "e");
    type_text(&mut app, "5");
    press(&mut app, "C-c");
    assert!(!app.should_quit(), "typed text is not thrown away at once");
    let text = screen(&app, 120, 40);
    assert!(text.contains("Ctrl-C again quits and discards"), "{text}");
    type_text(&mut app, "0");
    press(&mut app, "C-c");
    assert!(!app.should_quit(), "another key takes the question back");
    press(&mut app, "C-c");
    assert!(app.should_quit(), "a second Ctrl-C in a row quits");
}
