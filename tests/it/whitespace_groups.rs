//! The whitespace grid of a large customer: units grouped by region and
//! site, groups collapsed with their totals, the filter typed, at up to
//! 1,000 units; stored, upgraded, exported and driven in a real terminal.

use kam::domain::choice::Choice;
use kam::domain::{Account, Cell, CellState, Id, Place, Whitespace};
use kam::export::json;
use kam::store::Store;
use kam::tui::app::App;
use unicode_width::UnicodeWidthStr;

use crate::support::pty::{ENTER, Pty};
use crate::support::sandbox::Sandbox;
use crate::support::schema;
use crate::support::tui::{app_on, press, render, rows, screen, type_text};

/// Regions and their sites.
const PLACES: [(&str, [&str; 3]); 3] = [
    ("DACH", ["Munich plant", "Augsburg", "Linz"]),
    ("France", ["Lyon", "Lille", "Toulouse"]),
    ("Nordics", ["Göteborg", "Oslo", "Aarhus"]),
];

/// A grid of `units` units, spread over three regions of three sites,
/// against `offerings` offerings, with cells in every state and values.
fn grid(account_id: Id, units: usize, offerings: usize) -> Whitespace {
    let mut grid = Whitespace::new(account_id);
    for o in 0..offerings {
        grid.add_offering(format!("Offering {o:02}"));
    }
    for u in 0..units {
        let (region, sites) = PLACES[u % 3];
        let site = sites[(u / 3) % 3];
        grid.add_unit(format!("{site} line {u}"));
        grid.set_place(u, Place::new(region, site));
        for o in 0..offerings {
            *grid.cell_mut(u, o).expect("cell") = Cell {
                state: CellState::ALL[(u + o) % 4],
                value: ((u * 7 + o) % 5 != 0).then_some(10_000 * (1 + (u % 7) as i64)),
            };
        }
    }
    grid
}

/// A store with one account whose grid is `grid` (made for its id).
fn store_with(make: impl FnOnce(Id) -> Whitespace) -> (Store, Id) {
    let mut store = Store::open_in_memory().expect("in-memory store");
    let id = store
        .save_account(&Account::new("Hallberg Industrie SE"))
        .expect("account saved")
        .id;
    store.save_whitespace(&make(id), None).expect("grid saved");
    (store, id)
}

/// An app opened on the whitespace page of the store's only account.
fn on_whitespace(store: Store) -> App {
    let mut app = app_on(store);
    press(&mut app, "Enter 5");
    app
}

/// Every row of the screen is exactly as wide as the terminal, and the
/// names' separator stands in one column on every grid row.
fn assert_laid_out(app: &App, width: u16, height: u16) {
    let lines = rows(&render(app, width, height));
    assert!(
        lines.iter().all(|l| l.width() == usize::from(width)),
        "a row broke at {width}×{height}:\n{}",
        lines.join("\n")
    );
    let separators: Vec<usize> = lines
        .iter()
        .filter(|l| l.starts_with('┃'))
        .filter_map(|l| l.find(" │ ").map(|at| l[..at].width()))
        .collect();
    assert!(
        separators.windows(2).all(|w| w[0] == w[1]),
        "{separators:?} at {width}×{height}:\n{}",
        lines.join("\n")
    );
}

#[test]
fn many_units_open_collapsed_with_their_groups_totals() {
    let (store, _) = store_with(|id| grid(id, 60, 4));
    let mut app = on_whitespace(store);
    let text = screen(&app, 120, 40);
    assert!(text.contains("▸ DACH · 20 units"), "{text}");
    assert!(text.contains("▸ France · 20 units"), "{text}");
    assert!(!text.contains("Munich plant line"), "collapsed:\n{text}");
    insta::assert_snapshot!("groups_collapsed_120x40", text);

    // Enter on DACH opens it: its sites show, still collapsed; z on the
    // first site opens it.
    press(&mut app, "Enter j z");
    let text = screen(&app, 120, 40);
    assert!(text.contains("▾ DACH · 20 units"), "{text}");
    assert!(text.contains("▾ Augsburg · 7 units"), "{text}");
    assert!(text.contains("▸ Linz · 6 units"), "{text}");
    assert!(text.contains("Augsburg line 3"), "{text}");
    insta::assert_snapshot!("groups_expanded_120x40", text);

    // Z collapses every group while some are open, then expands them all.
    press(&mut app, "Z");
    assert!(screen(&app, 120, 40).contains("▸ Nordics · 20 units"));
    press(&mut app, "Z");
    let text = screen(&app, 120, 40);
    assert!(text.contains("▾ DACH · 20 units"), "{text}");
    assert!(text.contains("rows 1–15 of 72"), "{text}");
}

#[test]
fn the_filter_keeps_units_whose_name_site_or_region_holds_the_words() {
    let (store, _) = store_with(|id| grid(id, 60, 4));
    let mut app = on_whitespace(store);
    press(&mut app, "/");
    type_text(&mut app, "GOTEBORG 1");
    let text = screen(&app, 120, 40);
    assert!(text.contains("Filter: GOTEBORG 1"), "{text}");
    assert!(
        text.contains("Göteborg line 11"),
        "accents ignored:\n{text}"
    );
    assert!(!text.contains("Lyon line"), "{text}");
    press(&mut app, "Enter");
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("Filter “GOTEBORG 1” · 1 unit shown"),
        "{text}"
    );
    insta::assert_snapshot!("groups_filtered_120x40", text);
    press(&mut app, "/");
    type_text(&mut app, "x");
    assert!(screen(&app, 120, 40).contains("No unit's name, site or region holds"));
    press(&mut app, "Enter Esc");
    let text = screen(&app, 120, 40);
    assert!(text.contains("▸ DACH · 20 units"), "cleared:\n{text}");
    assert!(
        text.contains("Whitespace"),
        "Esc cleared, did not leave:\n{text}"
    );
}

#[test]
fn tiny_terminals_and_wide_characters_keep_the_layout() {
    let (store, _) = store_with(|id| {
        let mut grid = grid(id, 12, 3);
        grid.add_unit("第一ライン 🚀 組立");
        grid.set_place(12, Place::new("関東", "東京工場"));
        grid.add_unit("Service hub 東京");
        grid.set_place(13, Place::new("関東", ""));
        grid
    });
    let mut app = on_whitespace(store);
    for keys in ["", "Z", "G", "l", "z", "/", "C-u"] {
        press(&mut app, keys);
        for (w, h) in [(20, 6), (32, 9), (41, 11), (60, 15), (120, 40)] {
            assert_laid_out(&app, w, h);
        }
    }
    type_text(&mut app, "東京");
    press(&mut app, "Enter");
    let text = screen(&app, 120, 40);
    assert!(text.contains("▾ 関東 · 2 units"), "{text}");
    assert!(text.contains("第一ライン 🚀 組立"), "{text}");
    assert_laid_out(&app, 60, 15);
    insta::assert_snapshot!("groups_wide_60x15", screen(&app, 60, 15));
}

#[test]
fn moving_the_cursor_collapsing_and_filtering_read_nothing_that_grows_with_the_units() {
    let work = |units: usize| {
        let (store, _) = store_with(|id| grid(id, units, 20));
        let mut app = on_whitespace(store);
        press(&mut app, "Z");
        render(&app, 120, 40);
        let count = app.store().count_work().expect("counting");
        for keys in ["j", "j", "k", "l", "z", "z", "Z", "G", "g", "PageDown", "Z"] {
            press(&mut app, keys);
            render(&app, 120, 40);
        }
        press(&mut app, "/");
        for c in "lyon line 1".chars() {
            type_text(&mut app, &c.to_string());
            render(&app, 120, 40);
        }
        press(&mut app, "Enter Esc");
        render(&app, 120, 40);
        let steps = count.steps();
        app.store().stop_counting().expect("stopped");
        steps
    };
    let (small, large) = (work(100), work(1_000));
    assert_eq!(
        small, large,
        "keys on the grid cost the database the same at 100 and 1,000 units"
    );
}

#[test]
fn regions_and_sites_are_stored_upgraded_and_exported() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("kam.db");
    let mut store = Store::open(&path).expect("store");
    let id = store
        .save_account(&Account::new("Hallberg Industrie SE"))
        .expect("account")
        .id;
    let saved = grid(id, 30, 2);
    store.save_whitespace(&saved, None).expect("grid saved");
    drop(store);
    let store = Store::open(&path).expect("reopened");
    assert_eq!(store.whitespace(id).expect("grid"), saved, "round trip");

    // Exported and imported into another database, the places travel.
    let mut text = Vec::new();
    {
        let records = store.each_record().expect("records");
        json::write_all(&mut text, &records, chrono::Utc::now()).expect("export");
    }
    let text = String::from_utf8(text).expect("utf-8");
    assert!(text.contains("\"places\""), "the export names them");
    let mut other = Store::open_in_memory().expect("other store");
    other
        .merge(&json::read(&text).expect("read back"), false)
        .expect("imported");
    assert_eq!(other.whitespace(id).expect("grid"), saved);
    // An export without them, as older versions wrote, still imports.
    let older = text.replace("\"places\"", "\"ignored_places\"");
    let records = json::read(&older).expect("an older export reads");
    assert!(records.whitespace[0].places.is_empty());
    drop(store);

    // A database from before the upgrade keeps its units, without places.
    let conn = rusqlite::Connection::open(&path).expect("raw connection");
    schema::before_places(&conn);
    drop(conn);
    let mut store = Store::open(&path).expect("upgraded");
    let upgraded = store.whitespace(id).expect("grid");
    assert_eq!(upgraded.units, saved.units);
    assert_eq!(upgraded.cells, saved.cells);
    assert!(upgraded.places.is_empty());
    store
        .save_whitespace(&saved, None)
        .expect("places saved again");
    assert_eq!(store.whitespace(id).expect("grid"), saved);
}

#[test]
fn a_thousand_unit_account_filters_and_collapses_in_a_real_terminal() {
    let sandbox = Sandbox::new();
    let account = sandbox.add_account("Hallberg Industrie SE", &[]);
    sandbox
        .store()
        .save_whitespace(&grid(account.id, 1_000, 20), None)
        .expect("grid saved");
    let mut kam = Pty::spawn(
        &["--db".as_ref(), sandbox.db().as_os_str()],
        &sandbox.home(),
        120,
        40,
    );
    kam.wait_for("Hallberg Industrie SE");
    kam.send(ENTER);
    kam.wait_for("Business issues");
    kam.send("5");
    kam.wait_for("▸ DACH · 334 units");
    kam.send("/lille line 10");
    kam.wait_for("Lille line 103");
    kam.send(ENTER);
    kam.wait_for("1 unit shown");
    kam.send("\x1b");
    kam.wait_gone("1 unit shown");
    // Every group expanded: 1,000 units and 12 groups.
    kam.send("Z");
    kam.wait_for("of 1012");
    kam.send("Z");
    kam.wait_for("▸ DACH · 334 units");
    kam.send("q");
    kam.wait_exit();
}
