//! Frame times of the interface: start-up to first frame, a keypress to
//! its next frame, opening an account whose proof log holds 58,400 entries
//! in a portfolio of 100,000 records, and scrolling a proof log of 100,000
//! entries. Frames are drawn to ratatui's TestBackend at 120×40.

use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
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

fn big_account_in_a_large_portfolio(c: &mut Criterion) {
    // 80 accounts × (1 + 10 issues + 20 plans + 500 proofs), the first
    // with 58,400 proofs more: about 100,000 records (and 4,800 steps).
    let records = fixture::portfolio(80, 10, 500, 58_400);
    let (_dir, path) = fixture::database(&records);
    let mut app = app(&path);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    // Open the big account through search once, so that the portfolio
    // selects it whenever it comes back.
    for c in "/Account 00".chars() {
        app.handle_key(key(KeyCode::Char(c)));
    }
    app.handle_key(key(KeyCode::Enter));
    draw(&mut terminal, &app);
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(
        screen.contains("Proof statements (58900)"),
        "the big account is open"
    );
    app.handle_key(key(KeyCode::Esc));

    let mut group = c.benchmark_group("open");
    // Only Enter and its frame are timed; going back to the portfolio in
    // between reloads it, which would make the default sampling take minutes.
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(1));
    group.bench_function(
        "Enter on an account with 58,400 proof statements (100k records) + frame",
        |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    let started = Instant::now();
                    app.handle_key(key(KeyCode::Enter));
                    draw(&mut terminal, &app);
                    spent += started.elapsed();
                    app.handle_key(key(KeyCode::Esc));
                }
                spent
            })
        },
    );
    group.finish();
}

criterion_group!(
    benches,
    ten_thousand_records,
    hundred_thousand_proofs,
    big_account_in_a_large_portfolio
);
criterion_main!(benches);
