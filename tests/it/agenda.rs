//! The agenda from the outside: the iCalendar file parsed back by an
//! independent parser, `kam agenda` run as a real process, and the agenda
//! screen drawn on ratatui's `TestBackend`.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarProperty, ICalendarValue,
};
use chrono::{DateTime, Days, Local, NaiveDate, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kam::domain::agenda::{Entry, Item, calendar};
use kam::domain::{Account, ActionPlan, BusinessIssue, PlanStatus, ProofStatement, Step};
use kam::export::ics;
use kam::store::Store;
use kam::tui::app::App;
use kam::tui::draw;
use kam::tui::keymap::Keymap;
use kam::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

// ------------------------------------------------------------ fixtures

/// `today` moved by `n` days.
fn day(today: NaiveDate, n: i64) -> NaiveDate {
    let d = Days::new(n.unsigned_abs());
    if n >= 0 { today + d } else { today - d }
}

/// A summary with every character RFC 5545 makes special, and more.
const AWKWARD: &str = "Pilot, phase 1; ask C:\\Temp\nthen Überprüfung – 東京 🚀";

/// A 200-character title, mostly two- and four-octet characters, so that
/// folding must fall between them.
fn long_title() -> String {
    let text: String = "Lieferkette prüfen, 東京 🚀; "
        .chars()
        .cycle()
        .take(200)
        .collect();
    assert_eq!(text.chars().count(), 200);
    text
}

/// Fills `store` with two accounts relative to `today`:
/// - "Nordwerk, Süd; GmbH": reviewed 80 days ago, proof yesterday, an
///   overdue plan titled [`AWKWARD`] with a dated open step, a done step
///   and a dropped plan;
/// - "Acme": never reviewed, no proof, a plan with a 200-character title
///   due in three days.
fn fill(store: &mut Store, today: NaiveDate) {
    let mut nordwerk = Account::new("Nordwerk, Süd; GmbH");
    nordwerk.last_review = Some(day(today, -80));
    let nordwerk = store.save_account(&nordwerk).unwrap();
    let acme = store.save_account(&Account::new("Acme")).unwrap();
    store
        .save_proof(&ProofStatement::new(
            nordwerk.id,
            day(today, -1),
            "Delivered",
        ))
        .unwrap();
    let issue = store
        .save_issue(&BusinessIssue::new(nordwerk.id, "Lines stop"))
        .unwrap();
    let mut plan = ActionPlan::new(issue.id, AWKWARD);
    plan.due = Some(day(today, -3));
    plan.owner = "Ana; Ben".to_string();
    plan.steps = vec![
        Step {
            due: Some(day(today, 2)),
            ..Step::new("Call the plant, then; write\\up")
        },
        Step {
            due: Some(day(today, -9)),
            done: true,
            ..Step::new("Done already")
        },
    ];
    store.save_plan(&plan).unwrap();
    let mut dropped = ActionPlan::new(issue.id, "Dropped idea");
    dropped.due = Some(day(today, -5));
    dropped.status = PlanStatus::Dropped;
    store.save_plan(&dropped).unwrap();
    let issue = store
        .save_issue(&BusinessIssue::new(acme.id, "Costs"))
        .unwrap();
    let mut long = ActionPlan::new(issue.id, long_title());
    long.due = Some(day(today, 3));
    store.save_plan(&long).unwrap();
}

// ------------------------------------------------------------ iCalendar

/// What an event must say, worked out from the records, not from the
/// writer: its UID, date and summary.
fn expected(entry: &Entry) -> (String, NaiveDate, String) {
    let what = match &entry.item {
        Item::Plan { title, .. } => title.clone(),
        Item::Step { text, .. } => text.clone(),
        Item::Review { .. } => "account review".to_string(),
        Item::Quiet { .. } => unreachable!("silences are not in the calendar"),
    };
    (
        format!("{}@kam", entry.record_id()),
        entry.due.expect("calendar entries are dated"),
        format!("{}: {what}", entry.account_name),
    )
}

/// The events of an iCalendar text as (UID, DTSTART date, SUMMARY), and
/// the calendar's VERSION and PRODID, as the `calcard` crate reads them.
fn parse(text: &str) -> (Vec<(String, NaiveDate, String)>, String, String) {
    let calendar = ICalendar::parse(text).expect("a valid iCalendar file");
    let value = |c: &ICalendarComponent, property: ICalendarProperty| {
        c.property(&property)
            .and_then(|e| e.values.first())
            .and_then(ICalendarValue::as_text)
            .unwrap_or_default()
            .to_string()
    };
    let events = calendar
        .components
        .iter()
        .filter(|c| c.component_type == ICalendarComponentType::VEvent)
        .map(|e| {
            let start = e
                .property(&ICalendarProperty::Dtstart)
                .and_then(|p| p.values.first())
                .and_then(ICalendarValue::as_partial_date_time)
                .expect("DTSTART");
            assert!(
                start.hour.is_none(),
                "DTSTART should be a date, got {start:?}"
            );
            let date = NaiveDate::from_ymd_opt(
                i32::from(start.year.expect("a year")),
                u32::from(start.month.expect("a month")),
                u32::from(start.day.expect("a day")),
            )
            .expect("a real date");
            (
                value(e, ICalendarProperty::Uid),
                date,
                value(e, ICalendarProperty::Summary),
            )
        })
        .collect();
    let root = &calendar.components[0];
    (
        events,
        value(root, ICalendarProperty::Version),
        value(root, ICalendarProperty::Prodid),
    )
}

/// Asserts the file's shape: CRLF line ends only, no line over 75 octets.
fn assert_well_formed(text: &str) {
    assert!(text.ends_with("\r\n"));
    let body = text.strip_suffix("\r\n").unwrap();
    assert!(
        !body.replace("\r\n", "").contains(['\r', '\n']),
        "bare CR or LF"
    );
    for line in body.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
}

#[test]
fn the_ics_file_parses_back_event_for_event() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    fill(&mut store, today);
    let entries = calendar(&store.agenda_accounts(today).unwrap());
    // The plan, its open step, the long plan, Nordwerk's review; not the
    // done step, the dropped plan, nor Acme's review (never held).
    assert_eq!(entries.len(), 4, "{entries:#?}");

    let stamp: DateTime<Utc> = "2026-11-23T08:00:00Z".parse().unwrap();
    let text = ics::calendar(&entries, stamp);
    assert_well_formed(&text);
    assert!(text.contains("\r\n "), "the long lines are folded:\n{text}");
    assert!(text.contains("DTSTAMP:20261123T080000Z\r\n"));

    let (events, version, prodid) = parse(&text);
    assert_eq!(version, "2.0");
    assert_eq!(prodid, ics::PRODID);
    let wanted: Vec<_> = entries.iter().map(expected).collect();
    assert_eq!(events, wanted);
    let summaries: Vec<&str> = events.iter().map(|(_, _, s)| s.as_str()).collect();
    assert!(summaries.contains(&format!("Nordwerk, Süd; GmbH: {AWKWARD}").as_str()));
    assert!(summaries.contains(&format!("Acme: {}", long_title()).as_str()));
}

/// Whether `text` passes the checks above against the events `wanted`.
fn passes(text: &str, wanted: &[(String, NaiveDate, String)]) -> bool {
    catch_unwind(AssertUnwindSafe(|| {
        assert_well_formed(text);
        assert_eq!(parse(text).0, wanted);
    }))
    .is_ok()
}

#[test]
fn the_checks_notice_a_broken_file() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    fill(&mut store, today);
    let entries = calendar(&store.agenda_accounts(today).unwrap());
    let wanted: Vec<_> = entries.iter().map(expected).collect();
    let text = ics::calendar(&entries, Utc::now());
    assert!(passes(&text, &wanted));
    let mutants = [
        ("a newline left unescaped", text.replace("\\n", "\r\n")),
        ("long lines left unfolded", text.replace("\r\n ", "")),
        (
            "a fold without its space",
            text.replacen("\r\n ", "\r\n", 1),
        ),
        ("LF line ends", text.replace("\r\n", "\n")),
        (
            "an event's date moved",
            text.replacen("DTSTART;VALUE=DATE:2026", "DTSTART;VALUE=DATE:2025", 1),
        ),
    ];
    for (what, mutant) in mutants {
        assert_ne!(mutant, text, "{what}: the mutation changed nothing");
        assert!(!passes(&mutant, &wanted), "{what} went unnoticed");
    }
}

// ------------------------------------------------------------ kam agenda

fn kam(db: &Path, args: &[&str]) -> Output {
    let home = db.parent().unwrap().join("home");
    fs::create_dir_all(&home).unwrap();
    Command::new(env!("CARGO_BIN_EXE_kam"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env_remove("KAM_DB")
        .stdin(Stdio::null())
        .output()
        .expect("running kam")
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "kam failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn kam_agenda_prints_every_section() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kam.db");
    let today = Local::now().date_naive();
    let mut store = Store::open(&db).unwrap();
    fill(&mut store, today);
    let mut hostile = Account::new("Evil\u{1b}[2J\u{202e}Corp");
    hostile.last_review = Some(today);
    store.save_account(&hostile).unwrap();
    drop(store);

    let out = stdout(&kam(&db, &["agenda"]));
    for heading in [
        "Overdue · 1",
        "Due this week · 2",
        "Reviews coming up · 2",
        "Gone quiet · 2",
    ] {
        assert!(out.contains(heading), "{heading:?} missing:\n{out}");
    }
    let overdue = out
        .lines()
        .find(|l| l.contains("3 d overdue"))
        .unwrap_or_else(|| panic!("no overdue line:\n{out}"));
    assert!(overdue.contains(&day(today, -3).to_string()), "{overdue}");
    assert!(overdue.contains("Nordwerk, Süd; GmbH"), "{overdue}");
    assert!(
        overdue.contains("Pilot, phase 1; ask C:\\Temp …"),
        "{overdue}"
    );
    assert!(overdue.ends_with("(Ana; Ben)"), "{overdue}");
    assert!(out.contains("no review yet"), "{out}");
    assert!(out.contains("no proof yet (added today)"), "{out}");
    assert!(!out.contains("Dropped idea") && !out.contains("Done already"));
    assert!(
        !out.chars().any(|c| c == '\u{1b}' || c == '\u{202e}'),
        "control characters reached the terminal:\n{out:?}"
    );
    assert!(out.contains("Evil␛[2J�Corp"), "{out}");
}

#[test]
fn kam_agenda_ics_writes_a_private_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kam.db");
    let today = Local::now().date_naive();
    fill(&mut Store::open(&db).unwrap(), today);
    let file = dir.path().join("due.ics");
    let file_arg = file.to_str().unwrap();

    let out = stdout(&kam(&db, &["agenda", "--ics", file_arg]));
    assert!(out.contains("Wrote 4 due dates"), "{out}");
    let mode = fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let text = fs::read_to_string(&file).unwrap();
    assert_well_formed(&text);
    assert_eq!(parse(&text).0.len(), 4);

    fs::write(&file, "keep me").unwrap();
    let refused = kam(&db, &["agenda", "--ics", file_arg]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "keep me");

    stdout(&kam(&db, &["agenda", "--ics", file_arg, "--force"]));
    assert!(
        fs::read_to_string(&file)
            .unwrap()
            .starts_with("BEGIN:VCALENDAR\r\n")
    );
    let mode = fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    assert!(!kam(&db, &["agenda", "--force"]).status.success());
}

// ------------------------------------------------------------ the screen

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The demo portfolio with the agenda open (`A` on the portfolio).
fn agenda_app() -> App {
    let mut store = Store::open_in_memory().unwrap();
    kam::demo::load(&mut store, today()).unwrap();
    let mut app = App::new(store, today(), Theme::new(false), Keymap::default_keys()).unwrap();
    press(&mut app, "A");
    app
}

fn press(app: &mut App, keys: &str) {
    for token in keys.split_whitespace() {
        let key = match token {
            "Enter" => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
            "Esc" => KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
            c if c.chars().all(char::is_uppercase) => KeyEvent::new(
                KeyCode::Char(c.chars().next().unwrap()),
                KeyModifiers::SHIFT,
            ),
            c => KeyEvent::new(KeyCode::Char(c.chars().next().unwrap()), KeyModifiers::NONE),
        };
        app.handle_key(key);
    }
}

fn render(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| draw::draw(app, frame)).unwrap();
    terminal.backend().buffer().clone()
}

fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    (area.top()..area.bottom())
        .map(|y| {
            (area.left()..area.right())
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_agenda_screen_shows_its_sections() {
    let app = agenda_app();
    let screen = text(&render(&app, 120, 40));
    for heading in [
        " Agenda · ",
        "Overdue · ",
        "Due this week · ",
        "Reviews coming up · ",
        "Gone quiet · ",
    ] {
        assert!(screen.contains(heading), "{heading:?} missing:\n{screen}");
    }
    assert!(screen.contains("Mon 23 Nov 2026"), "{screen}");
    assert!(screen.contains(" d ago"), "{screen}");
    assert!(
        screen.contains("jump"),
        "the status line hints Enter:\n{screen}"
    );
}

#[test]
fn overdue_dates_are_in_the_warning_colour() {
    let mut store = Store::open_in_memory().unwrap();
    fill(&mut store, today());
    let mut app = App::new(store, today(), Theme::new(true), Keymap::default_keys()).unwrap();
    press(&mut app, "A");
    let buffer = render(&app, 120, 40);
    let screen = text(&buffer);
    let (y, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(" d ago"))
        .unwrap_or_else(|| panic!("no overdue entry:\n{screen}"));
    let x = line.find(" d ago").unwrap();
    let x = u16::try_from(line[..x].chars().count()).unwrap();
    let y = u16::try_from(y).unwrap();
    assert_eq!(buffer[(x - 1, y)].fg, Color::Yellow, "{line}");
    // A date still ahead is not.
    let (y, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(" in ") && l.contains(" d "))
        .unwrap_or_else(|| panic!("no upcoming entry:\n{screen}"));
    let x = u16::try_from(line[..line.find("in ").unwrap()].chars().count()).unwrap();
    assert_ne!(
        buffer[(x, u16::try_from(y).unwrap())].fg,
        Color::Yellow,
        "{line}"
    );
}

#[test]
fn the_agenda_draws_at_every_size_without_panicking() {
    let mut app = agenda_app();
    for keys in ["", "G", "?"] {
        press(&mut app, keys);
        for (w, h) in [
            (120, 40),
            (80, 24),
            (40, 10),
            (20, 5),
            (1, 1),
            (200, 3),
            (3, 60),
        ] {
            let drawn = catch_unwind(AssertUnwindSafe(|| render(&app, w, h)));
            assert!(drawn.is_ok(), "after {keys:?} at {w}x{h}");
        }
    }
    let screen = text(&render(&app, 80, 24));
    assert!(screen.contains("Keys · Agenda"), "{screen}");
    assert!(screen.contains("Enter"), "{screen}");
}

#[test]
fn scrolling_back_up_brings_the_section_heading_back() {
    let mut app = agenda_app();
    press(&mut app, "G");
    let bottom = text(&render(&app, 80, 24));
    assert!(!bottom.contains("Overdue · "), "scrolled down:\n{bottom}");
    press(&mut app, "g");
    let top = text(&render(&app, 80, 24));
    let heading = top.lines().nth(1).unwrap_or_default();
    assert!(heading.contains("Overdue · "), "{top}");
}

#[test]
fn hostile_text_is_defused_on_the_agenda() {
    let mut store = Store::open_in_memory().unwrap();
    let account = store
        .save_account(&Account::new("Evil\u{1b}]52;c;aGk=\u{7}\u{202e}Corp"))
        .unwrap();
    let issue = store
        .save_issue(&BusinessIssue::new(account.id, "x"))
        .unwrap();
    let mut plan = ActionPlan::new(issue.id, "Wipe\u{1b}[2J\nsecond line\u{9b}");
    plan.due = Some(today());
    store.save_plan(&plan).unwrap();
    let mut app = App::new(store, today(), Theme::new(false), Keymap::default_keys()).unwrap();
    press(&mut app, "A");
    for (w, h) in [(120, 40), (80, 24), (40, 10)] {
        let screen = text(&render(&app, w, h));
        assert!(
            !screen
                .chars()
                .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
            "{screen:?}"
        );
    }
    let screen = text(&render(&app, 120, 40));
    assert!(screen.contains("Wipe␛[2J …"), "{screen}");
}
