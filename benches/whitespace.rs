//! The whitespace grid of a large customer, at 100 and 1,000 units × 20
//! offerings grouped in 3 regions of 3 sites: a frame with the groups
//! collapsed and expanded, a keypress that moves the cursor, one that
//! collapses a group, and one typed into the filter, each with its frame
//! (120×40 on ratatui's TestBackend).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kam::domain::choice::Choice;
use kam::domain::{Account, Cell, CellState, Place, Whitespace};
use kam::store::Store;
use kam::tui::app::App;
use kam::tui::draw;
use kam::tui::keymap::Keymap;
use kam::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const REGIONS: [(&str, [&str; 3]); 3] = [
    ("DACH", ["Munich plant", "Augsburg", "Linz"]),
    ("France", ["Lyon", "Lille", "Toulouse"]),
    ("Nordics", ["Göteborg", "Oslo", "Aarhus"]),
];

fn key(c: char) -> KeyEvent {
    let modifiers = match c.is_uppercase() {
        true => KeyModifiers::SHIFT,
        false => KeyModifiers::NONE,
    };
    KeyEvent::new(KeyCode::Char(c), modifiers)
}

/// An app on the whitespace page of an account with `units` units × 20
/// offerings, every group expanded.
fn app(units: usize) -> App {
    let mut store = Store::open_in_memory().unwrap();
    let id = store.save_account(&Account::new("Hallberg")).unwrap().id;
    let mut grid = Whitespace::new(id);
    for o in 0..20 {
        grid.add_offering(format!("Offering {o:02}"));
    }
    for u in 0..units {
        let (region, sites) = REGIONS[u % 3];
        let site = sites[(u / 3) % 3];
        grid.add_unit(format!("{site} line {u}"));
        grid.set_place(u, Place::new(region, site));
        for o in 0..20 {
            *grid.cell_mut(u, o).unwrap() = Cell {
                state: CellState::ALL[(u + o) % 4],
                value: Some(10_000 * (1 + (u % 7) as i64)),
            };
        }
    }
    store.save_whitespace(&grid, None).unwrap();
    let mut app = App::new(
        store,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        Theme::new(true),
        Keymap::default_keys(),
    )
    .unwrap();
    app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    app.handle_key(key('5'));
    app.handle_key(key('Z'));
    app
}

fn grid(c: &mut Criterion) {
    let mut group = c.benchmark_group("whitespace");
    for units in [100, 1_000] {
        let mut app = app(units);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        let mut frame = |app: &App| terminal.draw(|f| draw::draw(app, f)).map(|_| ()).unwrap();

        group.bench_function(BenchmarkId::new("frame, expanded", units), |b| {
            b.iter(|| frame(&app))
        });
        let mut down = true;
        group.bench_function(BenchmarkId::new("keypress: j/k + frame", units), |b| {
            b.iter(|| {
                app.handle_key(key(if down { 'j' } else { 'k' }));
                down = !down;
                frame(&app);
            })
        });
        group.bench_function(
            BenchmarkId::new("keypress: z (group) + frame", units),
            |b| {
                b.iter(|| {
                    app.handle_key(key('z'));
                    frame(&app);
                })
            },
        );
        group.bench_function(BenchmarkId::new("keypress: Z (all) + frame", units), |b| {
            b.iter(|| {
                app.handle_key(key('Z'));
                frame(&app);
            })
        });
        app.handle_key(key('/'));
        let word = "lyon line 1";
        let mut at = 0;
        group.bench_function(
            BenchmarkId::new("keypress: a letter typed into the filter + frame", units),
            |b| {
                b.iter(|| {
                    // Types the words, then takes them back one by one.
                    if at < word.len() {
                        app.handle_key(key(word.as_bytes()[at] as char));
                    } else {
                        app.handle_key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
                    }
                    at = (at + 1) % (2 * word.len());
                    frame(&app);
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, grid);
criterion_main!(benches);
