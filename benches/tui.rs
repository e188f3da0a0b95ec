//! Frame times of the interface: start-up to first frame, a keypress to
//! its next frame, and scrolling a proof log of 100,000 entries. Frames are
//! drawn to ratatui's TestBackend at 120×40.

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kam::store::Store;
use kam::tui::app::App;
use kam::tui::draw;
use kam::tui::keymap::Keymap;
use kam::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "support/fixture.rs"]
mod fixture;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn app(path: &std::path::Path) -> App {
    let store = Store::open(path).unwrap();
    App::new(
        store,
        fixture::today(),
        Theme::new(true),
        Keymap::default_keys(),
    )
    .unwrap()
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal.draw(|frame| draw::draw(app, frame)).unwrap();
}

fn ten_thousand_records(c: &mut Criterion) {
    // 6 accounts × (25 issues + 50 plans + 150 steps + 1,440 proofs) ≈ 10,000 records.
    let records = fixture::portfolio(6, 25, 1_440, 0);
    let (_dir, path) = fixture::database(&records);

    c.bench_function(
        "start: open database, load portfolio, first frame (10k records)",
        |b| {
            b.iter(|| {
                let app = app(&path);
                let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
                draw(&mut terminal, &app);
            })
        },
    );

    let mut app = app(&path);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    c.bench_function("keypress: j/k in the portfolio + frame", |b| {
        let mut down = true;
        b.iter(|| {
            app.handle_key(key(KeyCode::Char(if down { 'j' } else { 'k' })));
            down = !down;
            draw(&mut terminal, &app);
        })
    });

    app.handle_key(key(KeyCode::Enter));
    c.bench_function(
        "keypress: j/k in business issues (reloads plans) + frame",
        |b| {
            let mut down = true;
            b.iter(|| {
                app.handle_key(key(KeyCode::Char(if down { 'j' } else { 'k' })));
                down = !down;
                draw(&mut terminal, &app);
            })
        },
    );

    app.handle_key(key(KeyCode::Tab));
    app.handle_key(key(KeyCode::Tab));
    c.bench_function("keypress: j in a 1,440-entry proof log + frame", |b| {
        b.iter(|| {
            app.handle_key(key(KeyCode::Char('j')));
            draw(&mut terminal, &app);
        })
    });
}

fn hundred_thousand_proofs(c: &mut Criterion) {
    let records = fixture::portfolio(1, 10, 0, 100_000);
    let (_dir, path) = fixture::database(&records);
    let mut app = app(&path);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    app.handle_key(key(KeyCode::Enter));
    app.handle_key(key(KeyCode::Tab));
    app.handle_key(key(KeyCode::Tab));

    c.bench_function("scroll: j through a 100,000-entry proof log + frame", |b| {
        b.iter(|| {
            app.handle_key(key(KeyCode::Char('j')));
            draw(&mut terminal, &app);
        })
    });
    c.bench_function(
        "scroll: PageDown through a 100,000-entry proof log + frame",
        |b| {
            b.iter(|| {
                app.handle_key(key(KeyCode::PageDown));
                draw(&mut terminal, &app);
            })
        },
    );
    c.bench_function(
        "scroll: G then g (jump to oldest and newest) + frames",
        |b| {
            b.iter(|| {
                app.handle_key(key(KeyCode::Char('G')));
                draw(&mut terminal, &app);
                app.handle_key(key(KeyCode::Char('g')));
                draw(&mut terminal, &app);
            })
        },
    );
}

criterion_group!(benches, ten_thousand_records, hundred_thousand_proofs);
criterion_main!(benches);
