//! `kam brief --format html` and `kam review`, run as real processes on a
//! database whose records hold hostile text: one self-contained page each,
//! every stored text escaped, figures left out in private mode, files
//! written owner-only.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use chrono::{Days, Local};
use kam::domain::measure::{Better, Measure};
use kam::domain::{
    Account, Answer, Assessment, Attitude, BusinessIssue, Conversation, ProofStatement,
    RelationshipStage, Stakeholder, TeamMember,
};
use kam::store::Store;
use tempfile::TempDir;

/// Markup that would run or fetch something if it reached a page raw.
pub const SCRIPT: &str = "<script>alert(1)</script>";
/// An attribute breakout.
pub const BREAKOUT: &str = "\"><img src=x onerror=alert(2)>";
/// Text in other scripts, with an emoji made of joined characters.
pub const WORLD: &str = "港口起重机 مرحبا 👩‍🔧";

/// A temporary folder with a database and a home folder for kam. The
/// database holds "Nord<script>…" (revenue 2,380,000 EUR, share of wallet
/// 35 %), whose records carry hostile text: an escape sequence, a
/// right-to-left override, markup; two assessments, a stakeholder, a team
/// member, a conversation with hours, and a confidential measure with
/// three values.
pub fn sandbox() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("home")).unwrap();
    let db = dir.path().join("kam.db");
    let mut store = Store::open(&db).unwrap();
    let mut account = Account::new(format!("Nordwerk {SCRIPT}"));
    account.industry = format!("Machines {BREAKOUT}");
    account.revenue_history = crate::support::revenue(&[(2024, 2_100_000), (2025, 2_380_000)]);
    account.share_of_wallet = Some(35);
    account.team = vec![TeamMember {
        name: format!("Ana {WORLD}"),
        role: "service lead".into(),
    }];
    let account = store.save_account(&account).unwrap();
    let mut issue = BusinessIssue::new(
        account.id,
        "Our lines stop \u{1b}[31mred\u{1b}[0m for lack of spare parts \u{202e}evil",
    );
    issue.said_by = BREAKOUT.into();
    store.save_issue(&issue).unwrap();
    let mut person = Stakeholder::new(account.id, "Dieter 'Vogel' & Söhne");
    person.attitude = Attitude::Champion;
    store.save_stakeholder(&person).unwrap();
    let today = Local::now().date_naive();
    let day = |ago: u64| today.checked_sub_days(Days::new(ago)).unwrap();
    for (ago, value) in [(60, "97.1 %"), (30, "98.4 %"), (2, "99.3 %")] {
        let mut proof = ProofStatement::new(account.id, day(ago), "Crane availability");
        proof.value = Some(value.into());
        proof.measure = Some(Measure {
            name: "Crane availability".into(),
            better: Better::Higher,
            target: Some(99.0),
            confidential: true,
        });
        store.save_proof(&proof).unwrap();
    }
    let mut talk = Conversation::new(account.id, day(3), format!("Steering {SCRIPT}"));
    talk.billable_hours = 7.5;
    store.save_conversation(&talk).unwrap();
    let first = Assessment::new(account.id, day(200), RelationshipStage::Basic);
    store.save_assessment(&first).unwrap();
    let mut second = Assessment::new(account.id, day(20), RelationshipStage::Cooperative);
    second.signals = [Answer::Yes; 8];
    store.save_assessment(&second).unwrap();
    (dir, db)
}

/// Runs `kam --db DB ARGS…` in the sandbox.
pub fn kam(db: &Path, args: &[&str]) -> Output {
    let home = db.parent().unwrap().join("home");
    Command::new(env!("CARGO_BIN_EXE_kam"))
        .current_dir(&home)
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env_remove("KAM_DB")
        .env_remove("KAM_CONFIG")
        .stdin(Stdio::null())
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("running kam")
}

/// The standard output of a run that must succeed.
pub fn page(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("the page is UTF-8")
}

/// What in `html` a browser could fetch or run: elements that load or
/// run something, attributes that name another resource or handle an
/// event, and `url(` or `@import` anywhere in markup or style. Stored text
/// is escaped, so every `<` opens a tag of the page's own.
pub fn outside_references(html: &str) -> Vec<String> {
    const LOADING: [&str; 13] = [
        "script", "link", "img", "image", "iframe", "object", "embed", "use", "video", "audio",
        "source", "base", "a",
    ];
    let lower = html.to_lowercase();
    let mut found = Vec::new();
    for tag in lower.split('<').skip(1) {
        let inside = tag.split('>').next().unwrap_or("");
        let name = inside
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        if LOADING.contains(&name) {
            found.push(format!("<{name}"));
        }
        for attr in ["src=", "href=", "srcset=", "url(", "@import", "refresh"] {
            if inside.contains(attr) {
                found.push(format!("{attr} in <{name}"));
            }
        }
        if inside
            .split_whitespace()
            .skip(1)
            .any(|a| a.starts_with("on") && a.contains('='))
        {
            found.push(format!("an event handler in <{name}"));
        }
    }
    let style = lower
        .split("<style>")
        .nth(1)
        .and_then(|rest| rest.split("</style>").next())
        .unwrap_or("");
    for rule in ["url(", "@import"] {
        if style.contains(rule) {
            found.push(format!("{rule} in the style sheet"));
        }
    }
    found
}

#[test]
fn the_check_for_outside_references_finds_them() {
    let page = "<!DOCTYPE html><style>p { background: url(x.png) }</style>\
                <p>src=x is text</p><svg><image href=\"x.png\"/></svg><b onclick=\"x()\">b</b>";
    assert_eq!(
        outside_references(page),
        [
            "<image",
            "href= in <image",
            "an event handler in <b",
            "url( in the style sheet"
        ]
    );
    assert!(outside_references("<p>&lt;img src=x&gt;</p>").is_empty());
}

/// Checks that `html` is a page that fetches and runs nothing, with the
/// account's name escaped.
pub fn assert_safe(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(
        html.contains("Nordwerk &lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(
        !html.contains('\u{1b}') && !html.contains('\u{202e}'),
        "{html}"
    );
    assert_eq!(outside_references(html), Vec::<String>::new(), "{html}");
}

/// Checks that no stored text reached the account page `html` raw.
fn assert_escaped(html: &str) {
    assert_safe(html);
    assert!(
        html.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"),
        "{html}"
    );
    assert!(
        html.contains("␛[31mred"),
        "the escape sequence shows as text"
    );
    assert!(
        html.contains("Dieter &#39;Vogel&#39; &amp; Söhne"),
        "{html}"
    );
    assert!(html.contains(WORLD), "other scripts and emoji are kept");
}

#[test]
fn the_account_page_holds_the_brief_and_its_charts_with_every_text_escaped() {
    let (_dir, db) = sandbox();
    let html = page(&kam(&db, &["brief", "nord", "--format", "html"]));
    assert_escaped(&html);
    for section in [
        "Since last time",
        "Business issues",
        "Value scorecard",
        "Strategic score over time",
        "Proof cadence",
        "Latest proof statements",
        "Recent conversations",
        "Stakeholders",
        "Our team",
        "Open questions",
    ] {
        assert!(html.contains(&format!("<h2>{section}</h2>")), "{section}");
    }
    assert!(html.contains("2,380,000 EUR (2025)") && html.contains("35 %"));
    assert!(html.contains("7.5 h billable"));
    assert!(html.contains("99.3 % · improving · target 99 % met"));
    assert_eq!(html.matches("<svg").count(), 3, "score, measure, cadence");
    assert!(html.contains("target 99 %</text>"), "the target is drawn");
    assert!(html.contains("Dieter &#39;Vogel&#39; &amp; Söhne</strong> · champion"));
    assert!(!html.contains("Private mode"));
}

#[test]
fn private_mode_leaves_the_figures_out_and_says_so() {
    let (_dir, db) = sandbox();
    for args in [
        &["--private", "brief", "nord", "--format", "html"][..],
        &["brief", "nord", "--format", "html", "--private"][..],
    ] {
        let html = page(&kam(&db, args));
        assert_escaped(&html);
        assert!(html.contains("Private mode: revenue, share of wallet, hours"));
        for figure in ["2,380,000", "35 %", "7.5 h", "99.3", "98.4", "97.1"] {
            assert!(!html.contains(figure), "{figure} shows in private mode");
        }
        assert!(html.contains("<strong>Crane availability:</strong> hidden (private)"));
        assert_eq!(html.matches("<svg").count(), 2, "no chart of hidden values");
    }
}

#[test]
fn the_portfolio_page_holds_each_account_and_the_map() {
    let (_dir, db) = sandbox();
    let mut store = Store::open(&db).unwrap();
    let mut other = Account::new("Brennholt Verpackung");
    other.currency = "CHF".into();
    other.revenue_history = crate::support::revenue(&[(2025, 940_000)]);
    let other = store.save_account(&other).unwrap();
    drop(store);
    let default = page(&kam(&db, &["review"]));
    let html = page(&kam(&db, &["review", "--format", "html"]));
    assert_eq!(default, html, "html is the default");
    assert_safe(&html);
    assert!(html.contains("<h2>Portfolio map</h2>") && html.contains("<svg"));
    assert!(html.contains("2,380,000 EUR (2025)") && html.contains("940,000 CHF (2025)"));
    assert!(html.contains("Not on the map (no assessment yet):</strong> Brennholt"));
    assert!(!html.contains(&other.id.to_string()));

    let private = page(&kam(&db, &["--private", "review"]));
    assert_eq!(private, page(&kam(&db, &["review", "--private"])));
    assert_safe(&private);
    assert!(private.contains("Private mode: revenue, share of wallet"));
    for figure in [
        "2,380,000",
        "940,000",
        "35 %",
        "median 2.38M",
        "Revenue</th>",
    ] {
        assert!(!private.contains(figure), "{figure} shows in private mode");
    }
    assert!(private.contains("revenue (hidden)"));
}

#[test]
fn pages_go_to_owner_only_files_and_never_over_one_by_accident() {
    let (dir, db) = sandbox();
    for (args, name) in [
        (&["brief", "nord", "--format", "html"][..], "brief.html"),
        (&["review"][..], "review.html"),
    ] {
        let path = dir.path().join(name);
        let file = path.to_str().unwrap();
        let out = kam(&db, &[args, &["-o", file]].concat());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert!(
            fs::read_to_string(&path)
                .unwrap()
                .starts_with("<!DOCTYPE html>")
        );
        let again = kam(&db, &[args, &["-o", file]].concat());
        assert_eq!(again.status.code(), Some(2), "an existing file is refused");
        let forced = kam(&db, &[args, &["-o", file, "--force"]].concat());
        assert!(forced.status.success());
    }
}
