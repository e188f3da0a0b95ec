//! Search as the user types, over 100,000 records: the store's query for
//! 1-, 2- and 3-letter prefixes, multi-word queries and a fuzzy name, and
//! one keystroke in the search popup including its frame (120×40 on
//! ratatui's TestBackend), on the fixture's text and on dense text, where
//! every word of the query is in tens of thousands of records.

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kam::store::Store;
use kam::tui::app::App;
use kam::tui::draw;
use kam::tui::keymap::Keymap;
use kam::tui::screens::search::LIMIT;
use kam::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "support/fixture.rs"]
mod fixture;
#[path = "support/words.rs"]
mod words;

use words::WORDS;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn hundred_thousand_records(c: &mut Criterion) {
    // 80 accounts × (1 + 25 issues + 50 plans + 150 steps + 1,024 proofs).
    let records = fixture::portfolio(80, 25, 1_024, 0);
    let (_dir, path) = fixture::database(&records);
    let store = Store::open(&path).unwrap();
    let counts = store.counts().unwrap();
    let total = counts.accounts + counts.issues + counts.plans + counts.steps + counts.proofs;
    assert_eq!(total, 100_000);

    for query in [
        "p",
        "pl",
        "pla",
        "spare parts plant",
        "delivered repairs",
        "acc 42",
        "nrdml",
    ] {
        c.bench_function(&format!("search: \"{query}\" (100k records)"), |b| {
            b.iter(|| store.search(query, LIMIT).unwrap())
        });
    }

    let mut app = App::new(
        store,
        fixture::today(),
        Theme::new(true),
        Keymap::default_keys(),
    )
    .unwrap();
    keystroke(c, &mut app, "pl", "fixture text");
}

fn hundred_thousand_records_of_dense_text(c: &mut Criterion) {
    // As above, each proof statement eight words of the shared vocabulary.
    let mut records = fixture::portfolio(80, 25, 1_024, 0);
    let mut seed: u64 = 12;
    for proof in &mut records.proofs {
        let words: Vec<&str> = (0..8)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                WORDS[(seed >> 33) as usize % WORDS.len()]
            })
            .collect();
        proof.statement = format!("Delivered: {}", words.join(" "));
    }
    let (_dir, path) = fixture::database(&records);
    let store = Store::open(&path).unwrap();
    let mut app = App::new(
        store,
        fixture::today(),
        Theme::new(true),
        Keymap::default_keys(),
    )
    .unwrap();
    keystroke(c, &mut app, "plant cr", "dense text");
}

/// One letter typed after `typed`, then erased, in turns, in the search
/// popup of `app`, each with its frame.
fn keystroke(c: &mut Criterion, app: &mut App, typed: &str, text: &str) {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    for c in format!("/{typed}").chars() {
        app.handle_key(key(KeyCode::Char(c)));
    }
    terminal.draw(|frame| draw::draw(app, frame)).unwrap();
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains(&format!("best {LIMIT} ·")), "{typed} found");
    c.bench_function(
        &format!(
            "keystroke: type or erase a letter in the search popup + frame (\"{typed}\" ↔ \"{typed}a\", {text})"
        ),
        |b| {
            let mut typed = false;
            b.iter(|| {
                let code = if typed {
                    KeyCode::Backspace
                } else {
                    KeyCode::Char('a')
                };
                app.handle_key(key(code));
                typed = !typed;
                terminal.draw(|frame| draw::draw(app, frame)).unwrap();
            })
        },
    );
}

criterion_group!(
    benches,
    hundred_thousand_records,
    hundred_thousand_records_of_dense_text
);
criterion_main!(benches);
