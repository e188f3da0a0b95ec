//! One database taken through every surface that speaks of the signals:
//! the portfolio summary, the interface's portfolio, agenda, signals page,
//! stakeholders page and brief, and `kam agenda`, `kam health --json` and
//! `kam gaps --json`. Each signal has one definition, so they all agree.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{DateTime, Days, Local, NaiveDate, NaiveTime, Utc};
use kam::domain::{Account, ActionPlan, BusinessIssue, Conversation, ProofStatement, Stakeholder};
use kam::store::{Snapshot, Store};
use kam::tui::app::App;
use kam::tui::keymap::Keymap;
use kam::tui::theme::Theme;
use serde_json::Value;
use tempfile::TempDir;

use crate::support::tui::{press, screen};

/// Today as kam sees it from the shell (local time).
fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn ago(n: u64) -> NaiveDate {
    today() - Days::new(n)
}

/// Noon (UTC) `n` days ago: when a record was added.
fn added(n: u64) -> DateTime<Utc> {
    ago(n)
        .and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap())
        .and_utc()
}

/// Five accounts, each carrying one signal (cadence 30 everywhere):
///
/// - **Lapsed GmbH**: last proof 45 days ago, a conversation 2 days ago
///   (conversations are not proof); that proof names an issue and a plan
///   of another issue;
/// - **Fresh AG**: added 12 days ago, no proof yet;
/// - **Contacts KG**: proof 3 days ago, a key stakeholder added 5 days ago
///   and never contacted;
/// - **Thread SA**: proof 3 days ago, three people entered, one in touch;
/// - **Future Ltd**: proof 40 days ago and one dated 27 days from now,
///   stored before such dates were refused.
fn fill(db: &Path) {
    let mut s = Snapshot::default();

    let mut lapsed = Account::new("Lapsed GmbH");
    lapsed.created_at = added(200);
    let spares = BusinessIssue::new(lapsed.id, "Spares run out");
    let costs = BusinessIssue::new(lapsed.id, "Costs rise");
    let stock = ActionPlan::new(spares.id, "Consignment stock");
    let mut proof = ProofStatement::new(lapsed.id, ago(45), "Stock counted");
    (proof.issue_id, proof.plan_id) = (Some(costs.id), Some(stock.id));
    s.proofs.push(proof);
    s.conversations
        .push(Conversation::new(lapsed.id, ago(2), "Purchasing"));
    s.issues.extend([spares, costs]);
    s.plans.push(stock);

    let mut fresh = Account::new("Fresh AG");
    fresh.created_at = added(12);

    let mut contacts = Account::new("Contacts KG");
    contacts.created_at = added(200);
    let mut anna = Stakeholder::new(contacts.id, "Anna Roth");
    anna.cadence_days = Some(30);
    anna.created_at = added(5);
    s.stakeholders.push(anna);
    s.proofs
        .push(ProofStatement::new(contacts.id, ago(3), "Audit passed"));

    let mut thread = Account::new("Thread SA");
    thread.created_at = added(200);
    let people: Vec<Stakeholder> = ["Ben Kahl", "Carl Ott", "Dora Lenz"]
        .into_iter()
        .map(|name| Stakeholder::new(thread.id, name))
        .collect();
    let mut call = Conversation::new(thread.id, ago(10), "Engineering");
    call.attendees = vec![people[0].id];
    s.conversations.push(call);
    s.stakeholders.extend(people);
    s.proofs
        .push(ProofStatement::new(thread.id, ago(3), "Line restarted"));

    let mut future = Account::new("Future Ltd");
    future.created_at = added(200);
    s.proofs
        .push(ProofStatement::new(future.id, ago(40), "Pilot delivered"));
    s.proofs.push(ProofStatement::new(
        future.id,
        today() + Days::new(27),
        "Roll-out delivered",
    ));

    s.accounts = vec![lapsed, fresh, contacts, thread, future];
    for account in &mut s.accounts {
        account.last_review = Some(ago(10));
    }
    Store::open(db)
        .expect("a new database")
        .insert_all(&s)
        .expect("writing the portfolio");
}

/// What each account's proof log says, everywhere.
const PROOF: [(&str, &str); 3] = [
    ("Lapsed GmbH", "last proof 45 d ago, cadence 30 d"),
    ("Fresh AG", "no proof yet (added 12 d ago)"),
    ("Future Ltd", "last proof 40 d ago, cadence 30 d"),
];

/// The flags `kam health` gives each account, and the interface shows.
const FLAGS: [(&str, &[&str]); 5] = [
    (
        "Lapsed GmbH",
        &["proof overdue 15 d", "no champion", "single-threaded"],
    ),
    (
        "Fresh AG",
        &["no proof yet", "no champion", "single-threaded"],
    ),
    (
        "Contacts KG",
        &["no champion", "single-threaded", "1 contact overdue"],
    ),
    ("Thread SA", &["no champion", "single-threaded"]),
    (
        "Future Ltd",
        &["proof overdue 10 d", "no champion", "single-threaded"],
    ),
];

struct Fixture {
    dir: TempDir,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::create_dir(dir.path().join("home")).expect("home folder");
        let fixture = Self { dir };
        fill(&fixture.db());
        fixture
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("kam.db")
    }

    /// `kam --db DB ARGS…`'s standard output; the test fails if kam does.
    fn kam(&self, args: &[&str]) -> String {
        let home = self.dir.path().join("home");
        let out = Command::new(env!("CARGO_BIN_EXE_kam"))
            .current_dir(&home)
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env_remove("KAM_DB")
            .stdin(Stdio::null())
            .arg("--db")
            .arg(self.db())
            .args(args)
            .output()
            .expect("running kam");
        assert!(
            out.status.success(),
            "kam {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.kam(args)).expect("JSON")
    }

    /// The interface on the same database and day as the shell.
    fn app(&self) -> App {
        let store = Store::open(self.db()).expect("the database");
        App::new(store, today(), Theme::new(false), Keymap::default_keys()).expect("the app")
    }

    /// The keys that select `name` in the portfolio from the top.
    fn select(&self, name: &str) -> String {
        let store = Store::open(self.db()).expect("the database");
        let position = store
            .portfolio(today())
            .expect("portfolio")
            .iter()
            .position(|s| s.account.name == name)
            .expect("listed");
        std::iter::once("g")
            .chain(std::iter::repeat_n("j", position))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The interface with `name` open, then `keys` pressed.
    fn screen_of(&self, name: &str, keys: &str) -> String {
        let mut app = self.app();
        press(&mut app, &format!("{} Enter {keys}", self.select(name)));
        screen(&app, 160, 50)
    }
}

/// The line of `text` that holds `what`.
fn line_with<'a>(text: &'a str, what: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(what))
        .unwrap_or_else(|| panic!("no line with {what:?} in:\n{text}"))
}

#[test]
fn every_surface_tells_the_same_signals() {
    let f = Fixture::new();
    let store = Store::open(f.db()).expect("the database");

    // The portfolio summary: who needs attention, and why.
    let portfolio = store.portfolio(today()).expect("portfolio");
    for (name, reason) in PROOF {
        let s = portfolio
            .iter()
            .find(|s| s.account.name == name)
            .expect("listed");
        assert_eq!(s.attention(today()), [reason], "{name}");
    }
    for name in ["Contacts KG", "Thread SA"] {
        let s = portfolio.iter().find(|s| s.account.name == name).unwrap();
        assert!(s.attention(today()).is_empty(), "{name}");
    }

    // The interface's portfolio: the reasons, then the other flags.
    let mut app = f.app();
    let text = screen(&app, 200, 30);
    for (name, reason) in PROOF {
        assert!(line_with(&text, name).contains(reason), "{name}:\n{text}");
    }
    assert!(line_with(&text, "Contacts KG").contains("1 contact overdue"));
    assert!(line_with(&text, "Thread SA").contains("single-threaded"));

    // The agenda, in the interface and from the shell: the accounts gone
    // quiet, with the threshold; a conversation does not count.
    press(&mut app, "A");
    let tui_agenda = screen(&app, 160, 40);
    let cli_agenda = f.kam(&["agenda"]);
    for agenda in [&tui_agenda, &cli_agenda] {
        assert!(agenda.contains("Gone quiet · 3"), "{agenda}");
        for (name, reason) in PROOF {
            assert!(line_with(agenda, name).contains(reason), "{agenda}");
        }
        for name in ["Contacts KG", "Thread SA"] {
            assert!(!agenda.contains(name), "{name} is not quiet:\n{agenda}");
        }
    }

    // The signals page of each account.
    for (name, reason) in PROOF {
        let text = f.screen_of(name, "6");
        assert!(text.contains(&format!("Proof log  {reason}")), "{text}");
    }
    let text = f.screen_of("Lapsed GmbH", "6");
    assert!(text.contains("15 d past it"), "{text}");
    assert!(
        text.contains("Proof whose plan belongs to another issue"),
        "{text}"
    );

    // The stakeholders page: never contacted is not "overdue by a cadence";
    // single-threaded counts the people in touch.
    let text = f.screen_of("Contacts KG", "2");
    assert!(text.contains("never contacted (added 5 d ago)"), "{text}");
    assert!(!text.contains("OVERDUE"), "{text}");
    let text = f.screen_of("Thread SA", "2");
    assert!(text.contains("Single-threaded"), "{text}");

    // The brief: the proof log and the same flags as `kam health`.
    for (name, flags) in FLAGS {
        let text = f.screen_of(name, "b");
        let shown = line_with(&text, "Flags: ");
        assert!(shown.contains(&flags.join(" · ")), "{name}: {shown}");
    }
    for (name, reason) in PROOF {
        let text = f.screen_of(name, "b");
        assert!(text.contains(&format!("Proof log: {reason}")), "{text}");
    }

    // `kam health --json`: the flags, and each account's proof log.
    let health = f.json(&["health", "--json"]);
    for (name, flags) in FLAGS {
        let account = health["accounts"]
            .as_array()
            .expect("accounts")
            .iter()
            .find(|a| a["name"] == name)
            .expect("listed");
        assert_eq!(account["flags"], serde_json::json!(flags), "{name}");
    }
    for (name, reason) in PROOF {
        let one = f.json(&["health", name, "--json"]);
        assert_eq!(one["account"]["proof"]["summary"], reason, "{name}");
        assert_eq!(one["account"]["proof"]["gone_quiet"], true, "{name}");
    }
    let fresh = f.json(&["health", "Fresh", "--json"]);
    assert_eq!(fresh["account"]["proof"]["days_overdue"], Value::Null);
    assert_eq!(fresh["account"]["proof"]["days_since_added"], 12);

    // `kam gaps --json`: the proof whose plan belongs to another issue.
    let gaps = f.json(&["gaps", "--json"]);
    let crossed: Vec<&Value> = gaps["breaks"]
        .as_array()
        .expect("breaks")
        .iter()
        .filter(|b| b["kind"] == "proof_plan_of_another_issue")
        .collect();
    assert_eq!(crossed.len(), 1, "{gaps:#}");
    assert_eq!(crossed[0]["account"], "Lapsed GmbH");
    assert_eq!(crossed[0]["text"], "Stock counted");
}
