//! kam's integration tests: one crate, a module per subject, so that the
//! test binary links SQLCipher and OpenSSL once.
//!
//! Every test shares this process with the others, running in parallel: a
//! test works in its own temporary folder, and one that needs another
//! environment gives it to the process it starts (the real `kam`, found
//! through `CARGO_BIN_EXE_kam`), never to this one.

mod support;

mod address_book_cli;
mod agenda;
mod assessment;
mod backup;
mod backup_integrity;
mod brief;
mod brief_cli;
mod brief_render;
mod cli;
mod contacts;
mod csv_import;
mod e2e;
mod editor;
mod encryption;
mod export;
mod file_safety;
mod health_render;
mod health_store;
mod history;
mod html_browser;
mod html_cli;
mod insight;
mod insight_cli;
mod live;
mod matching;
mod matching_e2e;
mod measures;
mod meetings;
mod one_truth;
mod people;
mod people_links;
mod private_mode;
mod proof_log;
mod reliability;
mod render;
mod search;
mod search_cli;
mod search_tui;
mod shell_cli;
mod signals;
mod store;
mod strategic_store;
mod sync_cli;
mod sync_render;
mod sync_schema;
mod sync_tui;
mod talks;
mod team_test;
mod team_test_e2e;
mod two_windows;
mod two_windows_tui;
mod whitespace;
mod whitespace_groups;
mod write_up;
