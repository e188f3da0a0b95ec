//! Hostile input to every importer: rejected with a clear error, never half-imported.
//!
//! Each importer of `kam import` (a JSON export, a CRM's CSV, a calendar's
//! iCalendar, an address book's vCards) is fed, through the real binary,
//! text that is not UTF-8 (at the start, inside a field), NUL bytes, a file
//! cut off, a file of another kind, blocks nested 100,000 deep, folded
//! lines thousands long and a single field of 10 MB, each run allowed no
//! more memory than a few times the file. Each is refused with the error
//! status and a message naming the file and, where it can, the line, row
//! or column; the database is exactly as before, although every file holds
//! valid records before the bad part. (A CSV file is read row by row: a
//! broken row is named and left out, the others imported, as the README
//! says.) Text that is hostile but
//! valid (escape sequences, bidi overrides, zero-width characters, NUL)
//! imports exactly and is printed harmlessly. Files mutated at random
//! (`KAM_ROUNDS` multiplies how many) never crash kam: each ends in success
//! or in a refusal that changed nothing.

use std::fmt::Write as _;
use std::fs::{self, File};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;

use kam::cli::exit;
use kam::domain::{Account, Conversation, Stakeholder};
use kam::store::Snapshot;

use crate::support::rounds::rounds;
use crate::support::sandbox::{Sandbox, today};

/// Text that is hostile on a terminal yet valid in a record: a window
/// title (OSC 0), a clipboard write (OSC 52), a screen clear, a bell, a
/// right-to-left override, zero-width characters and a NUL.
const HOSTILE: &str = "Hafen\u{1b}]0;owned\u{7}\u{1b}]52;c;aGk=\u{7}\u{1b}[2J\u{202e}kram\u{200b}\u{200d}\u{feff}\0ende";

/// A stakeholder of the demo portfolio (Nordmole), by email, whom a
/// meeting's invitation names.
const INVITED: &str = "j.ahlgrimm@nordmole.de";

/// The demo's account the contacts and meetings go to.
const NORDMOLE: &str = "Nordmole Container Terminals GmbH";

/// A sandbox holding the demo portfolio.
fn demo() -> Sandbox {
    let s = Sandbox::new();
    let mut store = s.store();
    kam::demo::load(&mut store, today()).expect("loading the demo");
    s
}

/// Every record in the sandbox's database.
fn records(s: &Sandbox) -> Snapshot {
    s.store().all_records().expect("reading every record")
}

/// The most memory (data: heap and private mappings) kam may take to
/// import a file: what it needs for anything, and a few times the file
/// (a CSV row with a huge field is copied most: about seven times).
fn memory_limit(file_size: usize) -> u64 {
    const BASE: u64 = 64 << 20;
    const PER_BYTE: u64 = 8;
    BASE + PER_BYTE * u64::try_from(file_size).expect("a size")
}

/// What one run of `kam import` did.
struct Imported {
    /// The file, as named on the command line.
    file: String,
    /// The exit status, when kam exited.
    code: Option<i32>,
    /// The signal that ended kam, when one did (an abort when it ran out
    /// of the memory it was allowed).
    signal: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Imported {
    /// Asserts that kam refused the file with the error status and a
    /// message naming the file and holding each of `words`.
    fn refused(&self, words: &[&str]) {
        assert_eq!(
            (self.code, self.signal),
            (Some(i32::from(exit::ERROR)), None),
            "{} was not refused: {}{}",
            self.file,
            self.stdout,
            self.stderr
        );
        self.harmless();
        let message = self.stderr.trim_end();
        assert!(
            message.starts_with("kam: ") && message.contains(&self.file),
            "the message does not name {}: {message}",
            self.file
        );
        for word in words {
            assert!(message.contains(word), "{word:?} not in: {message}");
        }
    }

    /// Asserts that kam imported the file (status 0).
    fn succeeded(&self) {
        assert_eq!(
            (self.code, self.signal),
            (Some(0), None),
            "{} failed: {}{}",
            self.file,
            self.stdout,
            self.stderr
        );
        self.harmless();
    }

    /// Asserts that nothing kam printed can act on a terminal, nor tells of
    /// a panic, an overflowed stack or memory running out.
    fn harmless(&self) {
        for (what, text) in [("output", &self.stdout), ("error", &self.stderr)] {
            assert!(
                !text.contains(['\u{1b}', '\u{7}', '\u{202e}', '\0']),
                "raw control characters in the {what}: {text:?}"
            );
            for word in ["panicked", "overflow", "memory allocation"] {
                assert!(!text.contains(word), "{what}: {text}");
            }
        }
    }
}

/// Writes `bytes` to `name` in the sandbox's home folder and runs `kam
/// import` on it with `extra` options, allowed no more memory than
/// [`memory_limit`] for its size.
fn import(s: &Sandbox, name: &str, bytes: &[u8], extra: &[&str]) -> Imported {
    let path = s.home().join(name);
    fs::write(&path, bytes).expect("writing the file to import");
    let out = s.home().join("import.out");
    let err = s.home().join("import.err");
    let mut command = s.command();
    command
        .arg("--db")
        .arg(s.db())
        .arg("import")
        .arg(name)
        .args(extra)
        .stdout(File::create(&out).expect("output file"))
        .stderr(File::create(&err).expect("error file"));
    let limit = memory_limit(bytes.len());
    // SAFETY: between fork and exec the closure only calls setrlimit,
    // which is async-signal-safe, on a value on its own stack.
    unsafe {
        command.pre_exec(move || {
            let data = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            match libc::setrlimit(libc::RLIMIT_DATA, &data) {
                0 => Ok(()),
                _ => Err(std::io::Error::last_os_error()),
            }
        });
    }
    let status = command.status().expect("running kam");
    let read = |path: &Path| String::from_utf8_lossy(&fs::read(path).expect("output")).into_owned();
    Imported {
        file: name.to_string(),
        code: status.code(),
        signal: status.signal(),
        stdout: read(&out),
        stderr: read(&err),
    }
}

/// The line and column (in characters, from 1) of byte `at` of `text`.
fn place(text: &[u8], at: usize) -> String {
    let before = &text[..at];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    format!("line {line}, column {column}")
}

/// `bytes` with `insert` put in at the first occurrence of `marker`.
fn inserted(bytes: &[u8], marker: &str, insert: &[u8]) -> (Vec<u8>, usize) {
    let at = bytes
        .windows(marker.len())
        .position(|w| w == marker.as_bytes())
        .unwrap_or_else(|| panic!("{marker:?} not found"));
    let mut out = bytes.to_vec();
    out.splice(at..at, insert.iter().copied());
    (out, at)
}

// ---------------------------------------------------------------------------
// The files, valid to begin with.

/// A kam export of `records`.
fn export(records: &Snapshot) -> Vec<u8> {
    let mut out = Vec::new();
    kam::export::json::write(&mut out, records, chrono::Utc::now()).expect("writing JSON");
    out
}

/// A kam export of a portfolio of its own: new to the demo's database.
fn other_portfolio() -> Vec<u8> {
    let mut records = Snapshot::default();
    for name in ["Hafenwerk AG", "Kranbau GmbH", "Lotsen eG"] {
        let account = Account::new(name);
        let mut person = Stakeholder::new(account.id, format!("Ines of {name}"));
        person.title = "Head of Operations".into();
        records.stakeholders.push(person);
        records.accounts.push(account);
    }
    export(&records)
}

/// A CRM's CSV of accounts and contacts, a row per `(account, person)`.
fn crm_csv(rows: &[(&str, &str)]) -> Vec<u8> {
    let mut out = String::from("Account Name,Full Name,Title\r\n");
    for (account, person) in rows {
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        let _ = write!(out, "{},{},CFO\r\n", quote(account), quote(person));
    }
    out.into_bytes()
}

/// Escapes a text value of a vCard or iCalendar file.
fn escaped(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(',', "\\,")
        .replace(';', "\\;")
        .replace('\n', "\\n")
}

/// A calendar of meetings with a demo stakeholder, in the past: `(UID,
/// subject, description)`, the values written as given (escaped already).
fn calendar(meetings: &[(&str, &str, &str)]) -> Vec<u8> {
    let mut out = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n");
    for (uid, subject, description) in meetings {
        let _ = write!(
            out,
            "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20200301T080000Z\r\n\
             DTSTART:20200302T090000Z\r\nDTEND:20200302T100000Z\r\n\
             SUMMARY:{subject}\r\nDESCRIPTION:{description}\r\n\
             ATTENDEE;CN=Jens Ahlgrimm:mailto:{INVITED}\r\nEND:VEVENT\r\n"
        );
    }
    out.push_str("END:VCALENDAR\r\n");
    out.into_bytes()
}

/// Contacts of the demo's Nordmole: `(full name, title)`, the values
/// written as given (escaped already).
fn contacts(people: &[(&str, &str)]) -> Vec<u8> {
    let mut out = String::new();
    for (name, title) in people {
        let _ = write!(
            out,
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nORG:{NORDMOLE}\r\nTITLE:{title}\r\n\
             EMAIL;TYPE=WORK:{}@nordmole.example\r\nEND:VCARD\r\n",
            name.len()
        );
    }
    out.into_bytes()
}

/// `value` folded over lines of 75 octets, as calendars write long values.
fn folded(value: &str) -> String {
    let mut out = String::new();
    for (i, chunk) in value.as_bytes().chunks(74).enumerate() {
        if i > 0 {
            out.push_str("\r\n ");
        }
        out.push_str(std::str::from_utf8(chunk).expect("ASCII"));
    }
    out
}

/// `text` cut in the middle of the line holding `marker`.
fn cut_at(text: &[u8], marker: &str) -> Vec<u8> {
    let (_, at) = inserted(text, marker, b"");
    text[..at + marker.len() / 2].to_vec()
}

/// The files of another kind each importer is given by mistake.
fn strangers() -> [(&'static str, Vec<u8>); 4] {
    [
        ("json", other_portfolio()),
        ("vcf", contacts(&[("Anna Berg", "CFO")])),
        ("ics", calendar(&[("x", "Call", "")])),
        ("png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01".to_vec()),
    ]
}

// ---------------------------------------------------------------------------
// Each importer refuses what is broken, and changes nothing.

#[test]
fn a_broken_json_export_is_refused_at_its_place_and_nothing_is_imported() {
    let s = demo();
    let before = records(&s);
    let good = other_portfolio();

    let bad = [b"\xff".as_slice(), &good].concat();
    import(&s, "start.json", &bad, &[]).refused(&["not UTF-8 text", "line 1, column 1"]);

    let (bad, at) = inserted(&good, "Kranbau", b"Kr\xe4n");
    import(&s, "field.json", &bad, &[]).refused(&["not UTF-8 text", &place(&bad, at + 2)]);

    // A raw NUL is no JSON (an escaped one, \u0000, is: see below).
    let (bad, _) = inserted(&good, "Kranbau", b"\0");
    import(&s, "nul.json", &bad, &[]).refused(&["control character", "line "]);

    import(&s, "cut.json", &cut_at(&good, "Lotsen"), &[]).refused(&["EOF while parsing"]);
    for (kind, bytes) in strangers().into_iter().filter(|(k, _)| *k != "json") {
        let words: &[&str] = match kind {
            "png" => &["is not a kam export (not UTF-8 text)"],
            _ => &["not a valid kam export: expected value at line 1 column 1"],
        };
        import(&s, &format!("{kind}.json"), &bytes, &[]).refused(words);
    }

    // `format` is read as any JSON value: the one place where depth counts.
    let deep = |head: &str| {
        let mut text = format!(r#"{{"version": 4, {head}"#);
        text.push_str(&"[".repeat(100_000));
        text.push_str(&"]".repeat(100_000));
        text.push('}');
        text
    };
    import(&s, "deep.json", deep(r#""format": "#).as_bytes(), &[])
        .refused(&["recursion limit exceeded", "line 1"]);
    // A field kam does not know is skipped, however deep, without recursion.
    let unknown = deep(r#""format": "kam-export", "later": "#);
    import(&s, "unknown.json", unknown.as_bytes(), &[]).succeeded();

    // The last account's name 10 MB long: nothing, not even the others.
    let huge = "x".repeat(10 << 20);
    let (bad, _) = inserted(&good, "Lotsen", huge.as_bytes());
    let run = import(&s, "huge.json", &bad, &[]);
    run.refused(&["nothing was imported", "the limit is 1,000"]);
    assert_eq!(records(&s), before, "the database changed");

    import(&s, "good.json", &good, &[]).succeeded();
    assert_eq!(records(&s).accounts.len(), before.accounts.len() + 3);
}

#[test]
fn a_broken_csv_file_is_refused_and_a_broken_row_named_by_row_and_column() {
    let s = demo();
    let before = records(&s);
    let good = crm_csv(&[("Hafenwerk AG", "Ines Roth"), ("Kranbau GmbH", "Ole Berg")]);

    let bad = [b"\xff".as_slice(), &good].concat();
    import(&s, "start.csv", &bad, &[]).refused(&["not UTF-8 text", "column 1"]);
    for (kind, bytes) in strangers() {
        let words: &[&str] = match kind {
            "png" => &["the column names are not UTF-8 text"],
            _ => &["no column names an account or company"],
        };
        import(&s, &format!("{kind}.csv"), &bytes, &[]).refused(words);
    }
    assert_eq!(records(&s), before, "the database changed");

    // A CSV is read row by row, as its README promises: a broken row is
    // named and left out, the others are imported exactly.
    let (bad, _) = inserted(&good, "Kranbau", b"\xe4");
    let run = import(&s, "field.csv", &bad, &["--dry-run"]);
    run.succeeded();
    assert!(
        run.stdout
            .contains("row 3: column “Account Name” is not UTF-8 text"),
        "{}",
        run.stdout
    );
    // Cut inside a quoted field: the last row is short, and named.
    let run = import(&s, "cut.csv", &cut_at(&good, "Kranbau"), &["--dry-run"]);
    assert!(
        run.stdout
            .contains("row 3: has 1 field where the header has 3 columns"),
        "{}",
        run.stdout
    );
    // A field of 10 MB holding 100,000 line breaks: its row is refused and
    // the rows after it are still numbered as a spreadsheet numbers them.
    let huge = "line\n".repeat(100_000) + &"x".repeat(10 << 20);
    let mut bad = crm_csv(&[
        (&huge, "Ines Roth"),
        ("", "Ole Berg"),
        ("Lotsen eG", "Uwe Kai"),
    ]);
    bad.extend_from_slice(b"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"");
    let run = import(&s, "huge.csv", &bad, &[]);
    run.succeeded();
    for row in [
        "row 2: account “line line line",
        "the limit is 1,000",
        "row 3: stakeholder “Ole Berg” has no account or company name",
        "row 5: has 1 field where the header has 3 columns",
    ] {
        assert!(run.stdout.contains(row), "{row:?} not in {}", run.stdout);
    }
    let after = records(&s);
    assert_eq!(after.accounts.len(), before.accounts.len() + 1);
    assert!(after.accounts.iter().any(|a| a.name == "Lotsen eG"));
}

#[test]
fn a_broken_calendar_is_refused_at_its_line_and_nothing_is_imported() {
    let s = demo();
    let before = records(&s);
    let good = calendar(&[("a", "Crane review", "Q1"), ("b", "Yard visit", "Tour")]);
    let account = ["--account", "nordmole"];

    let bad = [b"\xff".as_slice(), &good].concat();
    import(&s, "start.ics", &bad, &account)
        .refused(&["not a calendar (not UTF-8 text)", "line 1, column 1"]);
    let (bad, at) = inserted(&good, "Yard", b"Y\xe4");
    import(&s, "field.ics", &bad, &account).refused(&[&place(&bad, at + 1)]);
    import(&s, "cut.ics", &cut_at(&good, "Yard visit"), &account)
        .refused(&["BEGIN:VCALENDAR at line 1 has no END:VCALENDAR: the file is cut off"]);
    for (kind, bytes) in strangers().into_iter().filter(|(k, _)| *k != "ics") {
        import(&s, &format!("{kind}.ics"), &bytes, &account).refused(&["not a calendar"]);
    }

    for block in ["VCALENDAR", "VEVENT", "X-ANY"] {
        let mut deep = String::from("BEGIN:VCALENDAR\r\n");
        deep.push_str(&format!("BEGIN:{block}\r\n").repeat(100_000));
        deep.push_str(&format!("END:{block}\r\n").repeat(100_000));
        deep.push_str("END:VCALENDAR\r\n");
        import(&s, "deep.ics", deep.as_bytes(), &account)
            .refused(&[&format!("BEGIN:{block} at line 9 opens a block 9 deep")]);
    }

    // A subject folded over 5,000 lines, 350,000 characters: refused, and
    // the meeting before it is not imported either.
    let long = folded(&"y".repeat(350_000));
    let bad = calendar(&[("a", "Crane review", "Q1"), ("b", &long, "")]);
    import(&s, "folded.ics", &bad, &account)
        .refused(&["nothing was imported", "forum: 350,000 characters"]);
    let huge = "x".repeat(10 << 20);
    let bad = calendar(&[("a", "Crane review", "Q1"), ("b", "Yard", &huge)]);
    import(&s, "huge.ics", &bad, &account)
        .refused(&["nothing was imported", "the limit is 100,000"]);
    assert_eq!(records(&s), before, "the database changed");

    // A description folded over 1,300 lines, within the limit, is whole.
    let description = "z".repeat(95_000);
    let fine = calendar(&[("c", "Crane review", &folded(&description))]);
    import(&s, "long.ics", &fine, &account).succeeded();
    let after = records(&s);
    let added: Vec<&Conversation> = after
        .conversations
        .iter()
        .filter(|c| !before.conversations.contains(c))
        .collect();
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].summary, description);
}

#[test]
fn broken_contacts_are_refused_at_their_line_and_nothing_is_imported() {
    let s = demo();
    let before = records(&s);
    let good = contacts(&[("Anna Berg", "CFO"), ("Ben Kahl", "COO")]);

    let bad = [b"\xff".as_slice(), &good].concat();
    import(&s, "start.vcf", &bad, &[])
        .refused(&["not a contacts file (not UTF-8 text)", "line 1, column 1"]);
    let (bad, at) = inserted(&good, "Kahl", b"K\xe4");
    import(&s, "field.vcf", &bad, &[]).refused(&[&place(&bad, at + 1)]);
    import(&s, "cut.vcf", &cut_at(&good, "Ben Kahl"), &[]).refused(&[
        "contact 2 is broken",
        "BEGIN:VCARD at line 8 has no END:VCARD",
    ]);
    for (kind, bytes) in strangers().into_iter().filter(|(k, _)| *k != "vcf") {
        let words: &[&str] = match kind {
            "ics" => &["a calendar, not a contact"],
            "png" => &["is not a contacts file (not UTF-8 text)"],
            _ => &["no contact found"],
        };
        import(&s, &format!("{kind}.vcf"), &bytes, &[]).refused(words);
    }

    let mut deep = "BEGIN:VCARD\r\nVERSION:3.0\r\n".repeat(100_000);
    deep.push_str("FN:Deep\r\n");
    deep.push_str(&"END:VCARD\r\n".repeat(100_000));
    import(&s, "deep.vcf", deep.as_bytes(), &[]).refused(&[
        "contact 1 is broken",
        "BEGIN:VCARD at line 3 opens a block 2 deep",
    ]);

    let long = folded(&"y".repeat(350_000));
    let bad = contacts(&[("Anna Berg", "CFO"), (&long, "COO")]);
    import(&s, "folded.vcf", &bad, &[])
        .refused(&["nothing was imported", "name: 350,000 characters"]);
    let huge = "x".repeat(10 << 20);
    let bad = contacts(&[("Anna Berg", "CFO"), ("Ben Kahl", &huge)]);
    import(&s, "huge.vcf", &bad, &[]).refused(&["nothing was imported", "title: 10,485,760"]);
    assert_eq!(records(&s), before, "the database changed");

    import(&s, "good.vcf", &good, &[]).succeeded();
    assert_eq!(
        records(&s).stakeholders.len(),
        before.stakeholders.len() + 2
    );
}

// ---------------------------------------------------------------------------
// Hostile but valid text is imported exactly, and printed harmlessly.

#[test]
fn hostile_but_valid_text_imports_exactly_through_every_importer() {
    let s = demo();
    let before = records(&s);

    // JSON: the text in an account's name and a stakeholder's title.
    let mut portfolio = Snapshot::default();
    let account = Account::new(HOSTILE);
    let mut person = Stakeholder::new(account.id, "Ines Roth");
    person.title = format!("{HOSTILE}\n\t{HOSTILE}");
    portfolio.accounts.push(account.clone());
    portfolio.stakeholders.push(person.clone());
    import(&s, "hostile.json", &export(&portfolio), &[]).succeeded();
    let after = records(&s);
    assert!(after.accounts.contains(&account), "the account changed");
    assert!(
        after.stakeholders.contains(&person),
        "the stakeholder changed"
    );

    // CSV: raw, in a quoted field and as the column's value.
    let csv_name = format!("{HOSTILE} csv");
    import(&s, "hostile.csv", &crm_csv(&[(&csv_name, HOSTILE)]), &[]).succeeded();
    let after = records(&s);
    let csv_account = after
        .accounts
        .iter()
        .find(|a| a.name == csv_name)
        .expect("the CSV's account, named exactly");
    assert!(
        after
            .stakeholders
            .iter()
            .any(|p| p.account_id == csv_account.id && p.name == HOSTILE)
    );

    // vCard and iCalendar: escaped as the formats ask.
    let vcf_name = format!("{HOSTILE} vcf");
    let cards = contacts(&[(&escaped(&vcf_name), &escaped(HOSTILE))]);
    import(&s, "hostile.vcf", &cards, &[]).succeeded();
    let after = records(&s);
    let card = after
        .stakeholders
        .iter()
        .find(|p| p.name == vcf_name)
        .expect("the card's person, named exactly");
    assert_eq!(card.title, HOSTILE);

    let summary = format!("{HOSTILE}\n{HOSTILE}");
    let meetings = calendar(&[("h", &escaped(HOSTILE), &escaped(&summary))]);
    import(&s, "hostile.ics", &meetings, &["--account", "nordmole"]).succeeded();
    let after = records(&s);
    let meeting = after
        .conversations
        .iter()
        .find(|c| !before.conversations.contains(c))
        .expect("the meeting's conversation");
    assert_eq!(
        (meeting.forum.as_str(), meeting.summary.as_str()),
        (HOSTILE, summary.as_str())
    );
}

// ---------------------------------------------------------------------------
// Memory stays bounded by the input.

/// The account contacts and meetings go to (the other formats take none).
fn account_for(name: &str) -> &'static [&'static str] {
    if name.ends_with(".ics") || name.ends_with(".vcf") {
        &["--account", "nordmole"]
    } else {
        &[]
    }
}

#[test]
fn a_huge_file_is_read_in_memory_bounded_by_its_size() {
    let s = demo();
    let before = records(&s);
    // 10 MB in one field, times KAM_ROUNDS (5 makes it the 50 MB file).
    let huge = "x".repeat(rounds(10) << 20);
    let files = [
        (
            "huge.json",
            inserted(&other_portfolio(), "Lotsen", huge.as_bytes()).0,
        ),
        ("huge.csv", crm_csv(&[("Hafenwerk AG", &huge)])),
        ("huge.ics", calendar(&[("a", "Crane review", &huge)])),
        ("huge.vcf", contacts(&[("Anna Berg", &huge)])),
    ];
    for (name, bytes) in files {
        // Within its memory limit, or it would have been stopped.
        let run = import(&s, name, &bytes, account_for(name));
        assert!(
            matches!(run.code, Some(0 | 2)) && run.signal.is_none(),
            "{name} of {} MiB, allowed {} MiB: {:?}/{:?} {}",
            bytes.len() >> 20,
            memory_limit(bytes.len()) >> 20,
            run.code,
            run.signal,
            run.stderr
        );
        run.harmless();
    }
    let after = records(&s);
    assert_eq!(after.accounts, before.accounts, "nothing fits kam's limits");
    assert_eq!(after.stakeholders, before.stakeholders);
    assert_eq!(after.conversations, before.conversations);
}

// ---------------------------------------------------------------------------
// Files mutated at random never crash kam nor half-import.

/// One random change to `bytes`: what a damaged disk, a wrong encoding or
/// a careless edit does to a file.
fn mutate(rng: &mut fastrand::Rng, bytes: &mut Vec<u8>) {
    let at = rng.usize(..=bytes.len());
    match rng.u8(..8) {
        0 => bytes.truncate(at),
        1 => bytes.insert(at, rng.u8(..)),
        2 => {
            let piece: &[u8] = rng
                .choice([b"\xff".as_slice(), b"\xc3", b"\0", b"\xe2\x80\xae"])
                .expect("one");
            bytes.splice(at..at, piece.iter().copied()).for_each(drop);
        }
        3 if at < bytes.len() => bytes[at] ^= 1 << rng.u8(..8),
        4 => {
            let end = (at + rng.usize(..64)).min(bytes.len());
            bytes.drain(at..end);
        }
        5 => {
            let piece: &[u8] = rng
                .choice([
                    b"\r\nBEGIN:VEVENT\r\n".as_slice(),
                    b"\r\nEND:VCARD\r\n",
                    b"\r\nBEGIN:VCARD\r\n",
                    b"\r\n ",
                    b"\"",
                    b"[{",
                    b"}]",
                    b",\"\n",
                ])
                .expect("one");
            bytes.splice(at..at, piece.iter().copied()).for_each(drop);
        }
        _ => {
            // A piece of the file again, elsewhere.
            let from = rng.usize(..=bytes.len());
            let end = (from + rng.usize(..256)).min(bytes.len());
            let piece = bytes[from..end].to_vec();
            bytes.splice(at..at, piece).for_each(drop);
        }
    }
}

#[test]
fn mutated_files_end_in_an_import_or_a_refusal_that_changed_nothing() {
    let fixtures = format!("{}/tests/it/fixtures", env!("CARGO_MANIFEST_DIR"));
    let read = |path: &str| fs::read(format!("{fixtures}/{path}")).expect("a fixture");
    let seeds = [
        ("json", other_portfolio()),
        (
            "csv",
            crm_csv(&[("Hafenwerk AG", "Ines Roth"), ("Kranbau GmbH", "Ole Berg")]),
        ),
        ("ics", read("calendar/outlook.ics")),
        ("ics", read("calendar/google.ics")),
        ("vcf", read("contacts/apple.vcf")),
        ("vcf", read("contacts/outlook.vcf")),
    ];
    // KAM_SEED replays the run a failure names.
    let seed = std::env::var("KAM_SEED")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or_else(|| fastrand::u64(..));
    let mut rng = fastrand::Rng::with_seed(seed);
    let s = demo();
    let mut before = records(&s);
    let files = rounds(8);
    let (mut imported, mut refused) = (0, 0);
    for n in 0..files {
        for (kind, seed_bytes) in &seeds {
            let mut bytes = seed_bytes.clone();
            for _ in 0..rng.usize(1..=4) {
                mutate(&mut rng, &mut bytes);
            }
            let name = format!("mutated-{n}.{kind}");
            let run = import(&s, &name, &bytes, account_for(&name));
            assert!(
                run.signal.is_none() && matches!(run.code, Some(0 | 2)),
                "KAM_SEED={seed}: {name} ended with {:?}/{:?}: {}",
                run.code,
                run.signal,
                run.stderr
            );
            run.harmless();
            let after = records(&s);
            if run.code == Some(0) {
                imported += 1;
                before = after;
            } else {
                refused += 1;
                assert!(
                    run.stderr.contains(&name),
                    "KAM_SEED={seed}: the message does not name {name}: {}",
                    run.stderr
                );
                assert_eq!(
                    after, before,
                    "KAM_SEED={seed}: {name} was refused but changed the database"
                );
            }
        }
    }
    eprintln!(
        "mutated files: {} tried, {imported} imported, {refused} refused with nothing changed \
         (KAM_SEED={seed})",
        imported + refused
    );
}
