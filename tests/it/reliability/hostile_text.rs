//! Hostile text in records: shown harmlessly everywhere, stored and exported exactly.
//!
//! Every text field of an account and of everything under it holds escape
//! sequences (a window title, the clipboard, a cleared screen), control
//! characters, NUL, bidirectional overrides, zero-width and combining
//! characters, wide and right-to-left script. Every screen draws it with
//! no control character and no bidirectional control left; every command
//! that prints text for a terminal prints no escape sequence, and JSON
//! escapes every control character below space; the store, the JSON
//! export and import and the sync record file keep it exactly. A text
//! longer than kam keeps is refused whole, with the field named.

use chrono::NaiveDate;
use kam::domain::validation::LONG_TEXT_LIMIT;
use kam::domain::{
    Account, ActionPlan, BusinessIssue, Conversation, ProofStatement, Stakeholder, Step,
};
use kam::export::json;
use kam::store::{Snapshot, Store, StoreError};
use kam::sync::record_file;
use serde_json::Value;

use crate::support::files::kam;
use crate::support::hostile::all_samples;
use crate::support::sandbox::Sandbox;
use crate::support::tui::{app_on, press, render, today, type_text};

/// The word every hostile text starts with: what search finds.
const WORD: &str = "Kranbahn";

/// The hostile text of one field: every sample, between words (what
/// surrounds a text's words is trimmed when it is saved).
fn hostile(field: &str) -> String {
    format!("{WORD} {field} {} Ende", all_samples())
}

/// Bidirectional controls: embeddings, overrides, isolates and marks.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
}

/// Whether `c` could drive a terminal or reorder what it shows.
fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// `text` repeated to the most characters kam keeps in a long text
/// (several hundred kilobytes of hostile text).
fn longest(text: &str) -> String {
    let mut long = text.to_owned();
    while long.chars().count() < LONG_TEXT_LIMIT {
        long.push('\n');
        long.push_str(text);
    }
    long.chars()
        .take(LONG_TEXT_LIMIT)
        .collect::<String>()
        .trim_end()
        .to_owned()
}

/// An account whose every text field, and every text field of what is
/// under it, is hostile, a meeting's summary as long as kam keeps; returns
/// the records as stored.
fn hostile_account(store: &mut Store, day: NaiveDate) -> Snapshot {
    let mut account = Account::new(hostile("name"));
    account.industry = hostile("industry");
    account.offerings = hostile("offerings");
    account.value_proposition = hostile("value proposition");
    account.differentiation = hostile("differentiation");
    account.customers = hostile("customers");
    let account = store.save_account(&account).expect("saving the account");
    let mut person = Stakeholder::new(account.id, hostile("person"));
    person.title = hostile("title");
    person.owner = hostile("owner");
    let person = store.save_stakeholder(&person).expect("saving the person");
    let mut issue = BusinessIssue::new(account.id, hostile("statement"));
    issue.said_by = hostile("said by");
    issue.confirmed = true;
    issue.confirmed_by = hostile("confirmed by");
    let issue = store.save_issue(&issue).expect("saving the issue");
    let mut plan = ActionPlan::new(issue.id, hostile("plan"));
    plan.detail = hostile("detail");
    plan.owner = hostile("plan owner");
    plan.customer_owner = hostile("customer owner");
    plan.due = Some(day);
    plan.steps = vec![Step::new(hostile("step"))];
    let plan = store.save_plan(&plan).expect("saving the plan");
    let mut proof = ProofStatement::new(account.id, day, hostile("proof"));
    proof.value = Some(hostile("value"));
    proof.issue_id = Some(issue.id);
    proof.plan_id = Some(plan.id);
    let proof = store.save_proof(&proof).expect("saving the proof");
    let mut talk = Conversation::new(account.id, day, hostile("forum"));
    talk.summary = longest(&hostile("summary"));
    talk.attendees = vec![person.id];
    let talk = store
        .save_conversation(&talk)
        .expect("saving the conversation");
    Snapshot {
        accounts: vec![account],
        issues: vec![issue],
        plans: vec![plan],
        proofs: vec![proof],
        stakeholders: vec![person],
        conversations: vec![talk],
        ..Snapshot::default()
    }
}

/// The records of `records`' kinds as `store` holds them.
fn stored(store: &Store) -> Snapshot {
    let all = store.all_records().expect("reading every record");
    Snapshot {
        accounts: all.accounts,
        issues: all.issues,
        plans: all.plans,
        proofs: all.proofs,
        stakeholders: all.stakeholders,
        conversations: all.conversations,
        ..Snapshot::default()
    }
}

#[test]
fn hostile_text_is_stored_exported_imported_and_synced_exactly() {
    let sandbox = Sandbox::new();
    let mut store = sandbox.store();
    let saved = hostile_account(&mut store, today());
    assert_eq!(saved.accounts[0].name, hostile("name"), "saved as given");
    assert_eq!(stored(&store), saved, "read back exactly");

    // The JSON export, imported into a new file, gives every byte back.
    let mut export = Vec::new();
    json::write(
        &mut export,
        &store.all_records().expect("records"),
        chrono::Utc::now(),
    )
    .expect("exporting");
    let export = String::from_utf8(export).expect("an export is UTF-8");
    assert!(
        !export.contains('\x1b') && !export.contains('\0'),
        "the export escapes control characters"
    );
    let other = Sandbox::new();
    let mut imported = other.store();
    imported
        .merge(&json::read(&export).expect("reading the export"), false)
        .expect("importing the export");
    assert_eq!(stored(&imported), saved, "the import gives every byte back");

    // So does the file sync writes each record in.
    for record in [
        serde_json::to_value(&saved.accounts[0]),
        serde_json::to_value(&saved.issues[0]),
        serde_json::to_value(&saved.plans[0]),
        serde_json::to_value(&saved.conversations[0]),
    ] {
        let Value::Object(fields) = record.expect("a record as JSON") else {
            panic!("a record is a JSON object");
        };
        let text = record_file::to_text(&fields);
        let back = record_file::from_text(&text).expect("reading the record file");
        assert_eq!(back, fields, "the record file gives every byte back");
    }
}

#[test]
fn a_text_longer_than_kam_keeps_is_refused_whole_with_its_field_named() {
    let sandbox = Sandbox::new();
    let mut store = sandbox.store();
    let account = store
        .save_account(&Account::new("Kran AG"))
        .expect("account");
    let megabyte = format!("{WORD} {}", "\x1b[2J\u{202e}🦀 text ".repeat(1 << 20 >> 4));
    assert!(megabyte.len() >= 1 << 20);
    let err = store
        .save_issue(&BusinessIssue::new(account.id, megabyte))
        .expect_err("a megabyte statement is refused");
    assert!(
        matches!(err, StoreError::Invalid(_)) && err.to_string().contains("statement"),
        "{err}"
    );
    assert_eq!(store.issues(account.id).expect("issues"), Vec::new());
}

/// Where the walk goes: from the portfolio, the keys that reach a screen.
const WALK: &[(&str, &str)] = &[
    ("portfolio", ""),
    ("why", "w"),
    ("agenda", "A"),
    ("map", "m"),
    ("map, overdue contacts", "m Tab"),
    ("map, breaks in the chain", "m Tab Tab"),
    ("map, cost to serve", "m Tab Tab Tab"),
    ("help", "?"),
    ("palette", ":"),
    ("account edit form", "e"),
    ("overview, issues", "Enter"),
    ("overview, plans", "Enter Tab"),
    ("overview, proof", "Enter Tab Tab"),
    ("issue form", "Enter e"),
    ("plan form", "Enter Tab e"),
    ("plan steps", "Enter Tab Enter"),
    ("proof form", "Enter Tab Tab e"),
    ("stakeholders", "Enter 2"),
    ("person page", "Enter 2 Enter"),
    ("stakeholder form", "Enter 2 e"),
    ("conversations", "Enter 3"),
    ("conversation form", "Enter 3 e"),
    ("assessment", "Enter 4"),
    ("whitespace", "Enter 5"),
    ("signals", "Enter 6"),
    ("brief", "Enter b"),
    ("changes", "Enter c"),
    ("matching test", "Enter M"),
    ("team matching test", "Enter T"),
    ("account form", "Enter E"),
];

/// The first unsafe character in the drawn buffer, with where it is.
fn first_unsafe(buffer: &ratatui::buffer::Buffer) -> Option<(u16, u16, String)> {
    let area = buffer.area;
    (area.top()..area.bottom())
        .flat_map(|y| (area.left()..area.right()).map(move |x| (x, y)))
        .find_map(|(x, y)| {
            let symbol = buffer[(x, y)].symbol();
            symbol
                .chars()
                .any(is_unsafe)
                .then(|| (x, y, format!("{symbol:?}")))
        })
}

#[test]
fn every_screen_shows_hostile_text_harmlessly() {
    let sandbox = Sandbox::new();
    hostile_account(&mut sandbox.store(), today());
    let mut shown = 0;
    for (screen, keys) in WALK {
        for (width, height) in [(120, 40), (50, 16)] {
            let mut app = app_on(sandbox.store());
            press(&mut app, keys);
            let buffer = render(&app, width, height);
            if let Some((x, y, symbol)) = first_unsafe(&buffer) {
                panic!("{screen} at {width}×{height} draws {symbol} at column {x}, row {y}");
            }
            let text: String = buffer.content().iter().map(|c| c.symbol()).collect();
            shown += usize::from(text.contains(WORD));
        }
    }
    // A walk that showed none of the text would prove nothing.
    assert!(
        shown >= WALK.len(),
        "the hostile text was shown {shown} times"
    );

    // What is typed into a search, and the hits it finds, too.
    let mut app = app_on(sandbox.store());
    press(&mut app, "/");
    type_text(&mut app, &format!("{WORD} \x1b]0;x\x07\u{202e}"));
    app.paste(&all_samples());
    let buffer = render(&app, 120, 40);
    assert_eq!(
        first_unsafe(&buffer),
        None,
        "the search draws what was typed raw"
    );
}

/// Commands whose output goes to a terminal, by their arguments; `--json`
/// ones are read as JSON.
const COMMANDS: &[&[&str]] = &[
    &["agenda"],
    &["agenda", "--json"],
    &["health"],
    &["health", "--json"],
    &["gaps"],
    &["gaps", "--json"],
    &["search", WORD],
    &["search", WORD, "--json"],
    &["search", WORD, "--markdown"],
    &["brief", WORD],
    &["review"],
    &["export", "--format", "md"],
    &["export"],
];

#[test]
fn no_command_prints_a_raw_escape_sequence_and_json_keeps_every_byte() {
    let sandbox = Sandbox::new();
    let saved = hostile_account(&mut sandbox.store(), today());
    let db = sandbox.db();
    let mut exact = 0;
    for args in COMMANDS {
        let output = kam(&db, args, "");
        let said = format!("kam {}", args.join(" "));
        assert!(
            output.status.success(),
            "{said} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let json = args.contains(&"--json") || *args == ["export"];
        // JSON escapes every one of them (`\u001b`, `\u202e`), and gives
        // every byte back when it is read.
        let unsafe_here = |c: char| match json {
            true => is_unsafe(c) && c != '\n',
            false => is_unsafe(c) && !matches!(c, '\n' | '\t'),
        };
        for (stream, bytes) in [("output", &output.stdout), ("errors", &output.stderr)] {
            let text = String::from_utf8(bytes.clone())
                .unwrap_or_else(|_| panic!("{said} printed invalid UTF-8 to its {stream}"));
            if let Some(c) = text.chars().find(|&c| unsafe_here(c)) {
                panic!("{said} printed {c:?} raw to its {stream}");
            }
        }
        if json {
            let value: Value = serde_json::from_slice(&output.stdout)
                .unwrap_or_else(|e| panic!("{said} printed no JSON: {e}"));
            exact += usize::from(holds_exactly(&value, &saved.accounts[0].name));
        }
    }
    assert!(
        exact >= 4,
        "the account's name was printed exactly by {exact} JSON outputs"
    );
}

/// Whether some string in `value` is exactly `text`.
fn holds_exactly(value: &Value, text: &str) -> bool {
    match value {
        Value::String(s) => s == text,
        Value::Array(items) => items.iter().any(|v| holds_exactly(v, text)),
        Value::Object(fields) => fields.values().any(|v| holds_exactly(v, text)),
        _ => false,
    }
}
