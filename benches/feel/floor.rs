//! The floor: the smallest ratatui + rusqlite program that shows a list of
//! the same number of rows as kam holds. Whatever kam does, it cannot be
//! much faster than this, so kam's speed is stated as a ratio to it.

use std::error::Error;
use std::path::Path;

use ratatui::crossterm::event::{self, Event, KeyCode};
use ratatui::widgets::{Block, List, ListState};
use rusqlite::Connection;

/// How the floor announces a drawn frame: the bottom-right corner of its
/// border is the last cell of every frame.
pub const MARKER: &str = "┘";

/// Fills `path` with `rows` rows once, outside any timing.
pub fn fill(path: &Path, rows: i64) -> Result<(), Box<dyn Error>> {
    let conn = open(path)?;
    let have: i64 = conn.query_row("SELECT count(*) FROM proof", [], |r| r.get(0))?;
    let tx = conn.unchecked_transaction()?;
    for i in have..rows {
        tx.execute(
            "INSERT INTO proof (account, day, statement) VALUES (?1, ?2, ?3)",
            (
                format!("Account {}", i % 6),
                format!("2026-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
                format!("Proof statement number {i}: delivered value"),
            ),
        )?;
    }
    tx.commit()?;
    Ok(())
}

fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         CREATE TABLE IF NOT EXISTS proof (id INTEGER PRIMARY KEY, account TEXT, day TEXT, statement TEXT);
         CREATE INDEX IF NOT EXISTS proof_day ON proof (day DESC);",
    )?;
    Ok(conn)
}

/// Shows the rows of `path` a screen at a time: `j`/`k` scroll by reading
/// the next screen's worth, `q` quits.
pub fn run(path: &Path) -> Result<(), Box<dyn Error>> {
    let conn = open(path)?;
    let mut terminal = ratatui::init();
    let mut state = ListState::default().with_selected(Some(0));
    let mut offset = 0i64;
    let result = (|| -> Result<(), Box<dyn Error>> {
        loop {
            let mut stmt = conn.prepare_cached(
                "SELECT account, day, statement FROM proof ORDER BY day DESC, id DESC LIMIT 60 OFFSET ?1",
            )?;
            let rows = stmt
                .query_map([offset], |r| {
                    Ok(format!(
                        "{} {} {}",
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            terminal.draw(|f| {
                let list = List::new(rows)
                    .block(Block::bordered().title(format!("floor, offset {offset}")))
                    .highlight_symbol("> ");
                f.render_stateful_widget(list, f.area(), &mut state);
            })?;
            if let Event::Key(key) = event::read()? {
                match key.code {
                    KeyCode::Char('q') => return Ok(()),
                    KeyCode::Char('j') => offset += 1,
                    KeyCode::Char('k') => offset = (offset - 1).max(0),
                    _ => {}
                }
            }
        }
    })();
    ratatui::restore();
    result
}
