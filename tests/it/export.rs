//! Export and import: the JSON round trip record for record, merge rules
//! (newer replaces, older is skipped, the rest is untouched, links must
//! resolve, a dry run writes nothing), the Markdown document, and the
//! `kam export` / `kam import` commands with the files they write.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use kam::domain::{Account, ActionPlan, BusinessIssue, Id, ProofStatement, Stakeholder, Step};
use kam::export::{json, markdown};
use kam::store::{KindReport, Snapshot, Store, StoreError};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The demo portfolio plus stakeholders, a plan with awkward hours and
/// hostile text: every kind of record, link and field.
fn rich_portfolio() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let mut records = kam::demo::records(today()).unwrap();
    let brennholt = records.accounts[0].id;
    let mut vogel = Stakeholder::new(brennholt, "Dieter Vogel");
    vogel.title = "Head of Indirect Procurement".into();
    vogel.email = "dieter.vogel@brennholt.example".into();
    vogel.phone = "+49 6571 4410 212".into();
    records.stakeholders.push(vogel);
    records
        .stakeholders
        .push(Stakeholder::new(records.accounts[1].id, "Jens Ahlgrimm"));
    let mut odd = ActionPlan::new(records.issues[0].id, "Hours that do not add up: 0.1 + 0.2");
    odd.billable_hours = 0.1 + 0.2;
    odd.non_billable_hours = 1.0 / 3.0;
    odd.steps = vec![Step::new("Ünïcödé 東京 🚀"), Step::new("\u{1b}[2J escape")];
    records.plans.push(odd);
    store.insert_all(&records).unwrap();
    store
}

fn export_text(store: &Store) -> String {
    let mut out = Vec::new();
    let at = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    json::write(&mut out, &store.all_records().unwrap(), at).unwrap();
    String::from_utf8(out).unwrap()
}

/// Asserts equality kind by kind and record by record, naming the first
/// difference, then as a whole.
fn assert_same_records(left: &Snapshot, right: &Snapshot) {
    fn same<T: PartialEq + std::fmt::Debug>(kind: &str, a: &[T], b: &[T]) {
        assert_eq!(a.len(), b.len(), "number of {kind}");
        for (x, y) in a.iter().zip(b) {
            assert_eq!(x, y, "a record among the {kind} differs");
        }
    }
    same("accounts", &left.accounts, &right.accounts);
    same("issues", &left.issues, &right.issues);
    same("plans", &left.plans, &right.plans);
    same("proofs", &left.proofs, &right.proofs);
    same("stakeholders", &left.stakeholders, &right.stakeholders);
    assert_eq!(left, right);
}

#[test]
fn export_then_import_into_an_empty_database_gives_back_every_record_and_link() {
    let source = rich_portfolio();
    let before = source.all_records().unwrap();
    assert!(
        before
            .proofs
            .iter()
            .any(|p| p.plan_id.is_some() && p.issue_id.is_some())
    );
    let text = export_text(&source);

    let mut target = Store::open_in_memory().unwrap();
    let report = target.merge(&json::read(&text).unwrap(), false).unwrap();
    let added = |n: usize| KindReport {
        added: n,
        ..KindReport::default()
    };
    assert_eq!(report.accounts, added(before.accounts.len()));
    assert_eq!(report.issues, added(before.issues.len()));
    assert_eq!(report.plans, added(before.plans.len()));
    assert_eq!(report.proofs, added(before.proofs.len()));
    assert_eq!(report.stakeholders, added(before.stakeholders.len()));
    assert_eq!(report.conversations, added(before.conversations.len()));
    assert_eq!(report.assessments, added(before.assessments.len()));
    assert_eq!(report.whitespace, added(before.whitespace.len()));
    assert_eq!(report.matching, added(before.matching.len()));
    assert!(!before.conversations.is_empty() && !before.whitespace.is_empty());
    assert!(!report.dry_run);

    assert_same_records(&target.all_records().unwrap(), &before);
    assert_eq!(target.counts().unwrap(), source.counts().unwrap());
    assert_eq!(export_text(&target), text, "a second export is identical");
    assert_eq!(
        target.next_undo().unwrap(),
        None,
        "an import writes no undo entries"
    );
    // What the workspace shows is the same too.
    let brennholt = before.accounts[0].id;
    assert_eq!(
        target.account_records(brennholt).unwrap(),
        source.account_records(brennholt).unwrap()
    );
}

#[test]
fn importing_the_same_export_again_changes_nothing() {
    let mut store = rich_portfolio();
    let before = store.all_records().unwrap();
    let report = store.merge(&before, false).unwrap();
    assert_eq!(report.changed(), 0);
    assert_eq!(report.accounts.unchanged, before.accounts.len());
    assert_eq!(report.plans.unchanged, before.plans.len());
    assert_eq!(store.all_records().unwrap(), before);
}

/// A database with two accounts, an issue, a plan, a proof and a
/// stakeholder, saved an hour ago.
fn small_database() -> (Store, Snapshot) {
    let an_hour_ago = Utc::now() - Duration::hours(1);
    let mut records = Snapshot::default();
    let mut kept = Account::new("Kept as it is");
    let mut acme = Account::new("Acme");
    let mut issue = BusinessIssue::new(acme.id, "Our lines stop");
    let mut plan = ActionPlan::new(issue.id, "Consignment stock");
    plan.steps = vec![Step::new("Scope"), Step::new("Pilot")];
    let mut proof = ProofStatement::new(acme.id, today(), "Lines ran all month");
    proof.plan_id = Some(plan.id);
    let mut person = Stakeholder::new(acme.id, "Ana Ruiz");
    for stamp in [
        &mut kept.updated_at,
        &mut acme.updated_at,
        &mut issue.updated_at,
        &mut plan.updated_at,
        &mut proof.updated_at,
        &mut person.updated_at,
    ] {
        *stamp = an_hour_ago;
    }
    records.accounts = vec![kept, acme];
    records.issues = vec![issue];
    records.plans = vec![plan];
    records.proofs = vec![proof];
    records.stakeholders = vec![person];
    let mut store = Store::open_in_memory().unwrap();
    store.insert_all(&records).unwrap();
    let stored = store.all_records().unwrap();
    (store, stored)
}

#[test]
fn newer_records_replace_older_ones_and_nothing_else_is_touched() {
    let (mut store, base) = small_database();
    let acme = base.accounts.iter().find(|a| a.name == "Acme").unwrap();
    let kept = base.accounts.iter().find(|a| a.name != "Acme").unwrap();

    let mut incoming = Snapshot::default();
    let mut newer = acme.clone();
    newer.name = "Acme Europe".into();
    newer.updated_at += Duration::minutes(30);
    incoming.accounts.push(newer.clone());
    let mut older = base.issues[0].clone();
    older.statement = "An old wording".into();
    older.updated_at -= Duration::days(3);
    incoming.issues.push(older);
    incoming.plans.push(base.plans[0].clone());
    let mut new_step_order = base.plans[0].clone();
    new_step_order.steps.reverse();
    new_step_order.updated_at += Duration::minutes(1);
    let newcomer = Account::new("Newcomer");
    let mut newcomer_issue = BusinessIssue::new(newcomer.id, "Growing fast");
    newcomer_issue.created_at -= Duration::days(400);
    incoming.accounts.push(newcomer.clone());
    incoming.issues.push(newcomer_issue.clone());

    let undo_before = store.next_undo().unwrap();
    let dry = store.merge(&incoming, true).unwrap();
    assert!(dry.dry_run);
    assert_eq!(
        store.all_records().unwrap(),
        base,
        "a dry run writes nothing"
    );

    let report = store.merge(&incoming, false).unwrap();
    assert_eq!(
        report,
        kam::store::MergeReport {
            dry_run: false,
            ..dry
        }
    );
    assert_eq!(
        report.accounts,
        KindReport {
            added: 1,
            updated: 1,
            ..KindReport::default()
        }
    );
    assert_eq!(
        report.issues,
        KindReport {
            added: 1,
            older: 1,
            ..KindReport::default()
        }
    );
    assert_eq!(
        report.plans,
        KindReport {
            unchanged: 1,
            ..KindReport::default()
        }
    );

    assert_eq!(store.account(acme.id).unwrap(), newer, "replaced exactly");
    assert_eq!(store.account(kept.id).unwrap(), *kept, "untouched");
    assert_eq!(
        store.issue(base.issues[0].id).unwrap(),
        base.issues[0],
        "older skipped"
    );
    assert_eq!(
        store.issue(newcomer_issue.id).unwrap(),
        newcomer_issue,
        "timestamps kept"
    );
    assert_eq!(store.account(newcomer.id).unwrap(), newcomer);
    assert_eq!(store.plan(base.plans[0].id).unwrap(), base.plans[0]);
    assert_eq!(store.proof(base.proofs[0].id).unwrap(), base.proofs[0]);
    assert_eq!(
        store.stakeholder(base.stakeholders[0].id).unwrap(),
        base.stakeholders[0]
    );
    assert_eq!(store.next_undo().unwrap(), undo_before, "no undo entry");

    // A newer plan brings its steps, in its order.
    let report = store
        .merge(
            &Snapshot {
                plans: vec![new_step_order.clone()],
                ..Snapshot::default()
            },
            false,
        )
        .unwrap();
    assert_eq!(report.plans.updated, 1);
    assert_eq!(store.plan(new_step_order.id).unwrap(), new_step_order);
}

#[test]
fn a_link_that_resolves_nowhere_fails_the_whole_import() {
    let (mut store, base) = small_database();
    let newcomer = Account::new("Newcomer");
    let mut orphan = ProofStatement::new(newcomer.id, today(), "Proves a plan nobody has");
    let missing = Id::new();
    orphan.plan_id = Some(missing);
    let incoming = Snapshot {
        accounts: vec![newcomer.clone()],
        proofs: vec![orphan],
        ..Snapshot::default()
    };
    for dry_run in [true, false] {
        let err = store.merge(&incoming, dry_run).unwrap_err();
        let StoreError::Import(message) = &err else {
            panic!("expected an import error, got {err:?}");
        };
        assert!(
            message.contains(&format!("action plan {missing}")),
            "{message}"
        );
        assert!(err.to_string().starts_with("nothing was imported"), "{err}");
    }
    assert_eq!(store.all_records().unwrap(), base, "nothing written");
    assert!(matches!(
        store.account(newcomer.id),
        Err(StoreError::NotFound(_))
    ));

    // A child whose parent is in neither place fails the same way.
    let stray = Stakeholder::new(Id::new(), "Nobody's contact");
    let err = store
        .merge(
            &Snapshot {
                stakeholders: vec![stray],
                ..Snapshot::default()
            },
            false,
        )
        .unwrap_err();
    assert!(err.to_string().contains("points to account"), "{err}");
}

#[test]
fn invalid_or_duplicated_records_are_refused_before_anything_is_written() {
    let (mut store, base) = small_database();
    let mut nameless = Account::new("  ");
    nameless.id = Id::new();
    let err = store
        .merge(
            &Snapshot {
                accounts: vec![Account::new("Fine"), nameless],
                ..Snapshot::default()
            },
            false,
        )
        .unwrap_err();
    assert!(err.to_string().contains("name: required"), "{err}");

    let twice = Account::new("Twice");
    let err = store
        .merge(
            &Snapshot {
                accounts: vec![twice.clone(), twice],
                ..Snapshot::default()
            },
            false,
        )
        .unwrap_err();
    assert!(err.to_string().contains("appears twice"), "{err}");
    assert_eq!(store.all_records().unwrap(), base);
}

#[test]
fn foreign_and_newer_documents_are_refused_with_a_clear_message() {
    let newer = r#"{"format": "kam-export", "version": 7, "accounts": []}"#;
    let err = json::read(newer).unwrap_err().to_string();
    assert!(
        err.contains("version 7") && err.contains("upgrade kam"),
        "{err}"
    );
    let demo = include_str!("../../assets/demo.json");
    let err = json::read(demo).unwrap_err().to_string();
    assert!(err.contains("not a kam export"), "{err}");
    let damaged = r#"{"format": "kam-export", "version": 1, "accounts": [{"id": "x"}]}"#;
    let err = json::read(damaged).unwrap_err().to_string();
    assert!(err.contains("not a valid kam export"), "{err}");
}

#[test]
fn old_undo_entries_without_stakeholders_still_load() {
    let old = r#"{"accounts": [], "issues": [], "plans": [], "proofs": []}"#;
    let snapshot: Snapshot = serde_json::from_str(old).unwrap();
    assert!(snapshot.stakeholders.is_empty());
}

fn brennholt_markdown(private: bool) -> String {
    let store = rich_portfolio();
    let account = store
        .accounts()
        .unwrap()
        .into_iter()
        .find(|a| a.name.starts_with("Brennholt"))
        .unwrap();
    markdown::document(&store.account_records(account.id).unwrap(), private)
}

#[test]
fn markdown_holds_the_whitespace_grid_by_region_and_site() {
    let mut store = Store::open_in_memory().unwrap();
    kam::demo::load(&mut store, today()).unwrap();
    let account = store
        .accounts()
        .unwrap()
        .into_iter()
        .find(|a| a.name.starts_with("Groupe Béranger"))
        .unwrap();
    let records = store.account_records(account.id).unwrap();
    let md = markdown::document(&records, false);
    let line = "- **Quimper filling lines** · Bretagne / Quimper — Spare parts: We supply \
                130,000 · Field engineering: Opportunity 50,000 · MaintainIQ: We supply 45,000";
    assert!(md.contains("## Whitespace\n\n"), "{md}");
    assert!(md.contains(line), "{md}");
    let private = markdown::document(&records, true);
    assert!(
        private.contains(
            "- **Quimper filling lines** · Bretagne / Quimper — Spare parts: We supply · "
        )
    );
    assert!(!private.contains("130,000"), "{private}");
}

#[test]
fn markdown_holds_the_customers_words_plans_proofs_and_people() {
    let md = brennholt_markdown(false);
    assert!(md.starts_with("# Brennholt Verpackung GmbH\n"), "{md}");
    for expected in [
        "## Profile",
        "- **Revenue per year:** 2022 2,960,000 EUR, 2023 2,740,000 EUR, 2024 2,510,000 EUR, 2025 2,380,000 EUR",
        "- **Share of wallet:** 11 %",
        "> The spare-parts framework renews in spring. Either you come down 8 % across the catalogue or it goes out to tender, simple as that.",
        "said by Dieter Vogel, Head of Indirect Procurement on 2026-10-09",
        "#### Action plan: Volume-tiered price model with a steel-index clause",
        "- **Status:** Proposed",
        "- **Owner:** Laura Brenner",
        "- **Effort:** 0 h billable, 18 h non-billable",
        "- [x] Pull 24 months of call-off data by plant and ABC class",
        "- [ ] Present to Dieter Vogel (due 2026-12-14)",
        "## Proof log",
        "*acknowledged by Dieter Vogel on ",
        "## Stakeholders",
        "- **Dieter Vogel**, Head of Indirect Procurement · Neutral · dieter.vogel@brennholt.example · +49 6571 4410 212",
        "- **Martina Krause**, Maintenance Lead, Wittlich plant · Supporter · User · reports to Stefan Hoffmann",
        "## Conversations",
        "- 2026-11-11 · Purchasing · about the present · with Dieter Vogel · 0 h billable, 3 h non-billable",
        "## Strategic assessments",
        "- 2026-11-17 · strategic score 10/100 · Basic · buy-sell ladder Commodity (aim: Services)",
    ] {
        assert!(md.contains(expected), "missing {expected:?} in\n{md}");
    }
    let demo = kam::demo::records(today()).unwrap();
    let brennholt = demo.accounts[0].id;
    for proof in demo.proofs.iter().filter(|p| p.account_id == brennholt) {
        if let Some(value) = &proof.value {
            assert!(
                md.contains(&format!("**{value}**")),
                "proof value {value} missing"
            );
        }
        assert!(md.contains(&proof.date.to_string()));
    }
    assert!(!md.contains('\u{1b}'), "no control characters");
    assert!(
        md.contains("␛\\[2J escape"),
        "escape sequences are shown, defused"
    );
}

#[test]
fn private_markdown_hides_the_confidential_figures() {
    let md = brennholt_markdown(true);
    assert!(md.contains(markdown::FIGURES_HIDDEN));
    for hidden in [
        "Revenue per year",
        "2,380,000",
        "2380000",
        "Share of wallet",
        "Effort",
        "billable",
    ] {
        assert!(!md.contains(hidden), "{hidden:?} shown in\n{md}");
    }
    assert!(md.contains("> The spare-parts framework renews in spring."));
    assert!(md.contains("- [x] Pull 24 months of call-off data by plant and ABC class"));
}

#[test]
fn hostile_text_renders_as_text() {
    let mut store = Store::open_in_memory().unwrap();
    let account = store
        .save_account(&Account::new("Evil\u{1b}]52;c;aGk=\u{7} [Co](http://x)"))
        .unwrap();
    store
        .save_issue(&BusinessIssue::new(
            account.id,
            "# Not a heading\n> not a quote\n<script>alert(1)</script>\n1. not a list\n    not code",
        ))
        .unwrap();
    let md = markdown::document(&store.account_records(account.id).unwrap(), false);
    assert!(!md.chars().any(|c| c.is_control() && c != '\n'), "{md:?}");
    assert!(
        md.starts_with("# Evil␛\\]52;c;aGk=␇ \\[Co\\](http://x)\n"),
        "{md}"
    );
    for line in [
        "> \\# Not a heading",
        "> \\> not a quote",
        "> \\<script>alert(1)\\</script>",
        "> 1\\. not a list",
        "> not code",
    ] {
        assert!(md.lines().any(|l| l == line), "missing {line:?} in\n{md}");
    }
}

// The command line.

struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    /// Runs `kam --db <db> ARGS…` in the sandbox.
    fn kam(&self, db: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_kam"))
            .current_dir(self.dir.path())
            .env("HOME", self.dir.path())
            .env_remove("KAM_DB")
            .stdin(Stdio::null())
            .arg("--db")
            .arg(self.path(db))
            .args(args)
            .output()
            .unwrap()
    }

    /// Like [`Sandbox::kam`], and the run must succeed; returns stdout.
    fn ok(&self, db: &str, args: &[&str]) -> String {
        let out = self.kam(db, args);
        assert!(
            out.status.success(),
            "kam {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs kam expecting failure; returns stderr.
    fn fails(&self, db: &str, args: &[&str]) -> String {
        let out = self.kam(db, args);
        assert!(!out.status.success(), "kam {args:?} should fail");
        String::from_utf8(out.stderr).unwrap()
    }
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The document without its `exported_at` line.
fn without_stamp(text: &str) -> String {
    text.lines()
        .filter(|l| !l.contains("\"exported_at\""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_global_private_mode_hides_the_markdown_figures_too() {
    let s = Sandbox::new();
    s.ok("a.db", &["demo"]);
    let open = s.ok(
        "a.db",
        &["export", "--format", "md", "--account", "brennholt"],
    );
    assert!(open.contains("2,380,000"), "{open}");
    for args in [
        &[
            "--private",
            "export",
            "--format",
            "md",
            "--account",
            "brennholt",
        ][..],
        &[
            "export",
            "--format",
            "md",
            "--account",
            "brennholt",
            "--private",
        ][..],
    ] {
        let md = s.ok("a.db", args);
        assert!(md.contains(markdown::FIGURES_HIDDEN), "{args:?}: {md}");
        assert!(!md.contains("2,380,000"), "{args:?}: {md}");
    }
}

#[test]
fn cli_round_trip_through_a_private_file() {
    let s = Sandbox::new();
    s.ok("a.db", &["demo"]);
    let said = s.ok("a.db", &["export", "--output", "out.json"]);
    assert!(said.contains("Exported 5 accounts"), "{said}");
    let file = s.path("out.json");
    assert_eq!(mode(&file), 0o600);

    let err = s.fails("a.db", &["export", "--output", "out.json"]);
    assert!(err.contains("already exists; pass --force"), "{err}");
    s.ok("a.db", &["export", "--output", "out.json", "--force"]);
    assert_eq!(mode(&file), 0o600);

    let dry = s.ok("b.db", &["import", "out.json", "--dry-run"]);
    assert!(
        dry.contains("5 added") && dry.contains("Dry run: nothing was written."),
        "{dry}"
    );
    assert!(Store::open(s.path("b.db")).unwrap().is_empty().unwrap());

    let done = s.ok("b.db", &["import", "out.json"]);
    assert!(done.contains("cannot be undone"), "{done}");
    let first = fs::read_to_string(&file).unwrap();
    let second = s.ok("b.db", &["export"]);
    assert_eq!(without_stamp(&second), without_stamp(&first));
    assert_eq!(
        Store::open(s.path("b.db")).unwrap().all_records().unwrap(),
        Store::open(s.path("a.db")).unwrap().all_records().unwrap()
    );

    fs::write(
        s.path("newer.json"),
        r#"{"format": "kam-export", "version": 5}"#,
    )
    .unwrap();
    let err = s.fails("b.db", &["import", "newer.json"]);
    assert!(err.contains("version 5, newer"), "{err}");
    let err = s.fails("b.db", &["import", "out.data"]);
    assert!(err.contains("--from json, csv, vcf or ics"), "{err}");
}

#[test]
fn cli_markdown_folder_is_private() {
    let s = Sandbox::new();
    s.ok("a.db", &["demo"]);
    let said = s.ok(
        "a.db",
        &[
            "export",
            "--format",
            "md",
            "--private",
            "--output",
            "notes/md",
        ],
    );
    assert!(
        said.contains("Wrote 5 Markdown files") && said.contains("figures hidden"),
        "{said}"
    );
    let dir = s.path("notes/md");
    assert_eq!(mode(&dir), 0o700);
    let files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 5);
    for file in &files {
        assert_eq!(mode(file), 0o600, "{}", file.display());
        let md = fs::read_to_string(file).unwrap();
        assert!(md.contains(markdown::FIGURES_HIDDEN));
        assert!(!md.contains("Share of wallet"));
    }
    assert!(dir.join("brennholt-verpackung-gmbh.md").exists());

    let err = s.fails(
        "a.db",
        &["export", "--format", "md", "--output", "notes/md"],
    );
    assert!(err.contains("pass --force"), "{err}");

    let one = s.ok("a.db", &["export", "--format", "md", "--account", "nordm"]);
    assert!(
        one.starts_with("# Nordmole Container Terminals GmbH\n"),
        "{one}"
    );
    assert!(one.contains("Share of wallet"));
    assert!(!one.contains("# Brennholt"));
}

#[test]
fn cli_import_refuses_text_over_its_limit_and_says_how_long() {
    let s = Sandbox::new();
    s.ok("a.db", &["demo"]);
    let mut doc: serde_json::Value =
        serde_json::from_str(&s.ok("a.db", &["export"])).expect("an export");
    doc["issues"][0]["statement"] = "x".repeat(5_000_000).into();
    fs::write(s.path("huge.json"), doc.to_string()).unwrap();

    let err = s.fails("b.db", &["import", "huge.json"]);
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(
        err.contains("statement: 5,000,000 characters; the limit is 100,000"),
        "{err}"
    );
    assert!(
        err.len() < 1_000,
        "the message repeats the text: {} bytes",
        err.len()
    );
    assert!(Store::open(s.path("b.db")).unwrap().is_empty().unwrap());
}

#[test]
fn cli_import_streams_a_large_export_and_search_finds_its_text() {
    let s = Sandbox::new();
    s.ok("a.db", &["demo"]);
    let mut doc: serde_json::Value =
        serde_json::from_str(&s.ok("a.db", &["export"])).expect("an export");
    let account = doc["accounts"][0]["id"].clone();
    let proof = doc["proofs"][0].clone();
    let proofs = doc["proofs"].as_array_mut().unwrap();
    for n in 0..1_500 {
        let mut p = proof.clone();
        p["id"] = Id::new().to_string().into();
        p["account_id"] = account.clone();
        p["statement"] = format!("Schichtplan umgestellt, Woche {n}, quäl").into();
        proofs.push(p);
    }
    fs::write(s.path("big.json"), doc.to_string()).unwrap();

    let done = s.ok("b.db", &["import", "big.json"]);
    assert!(done.contains("proof statements: 1"), "{done}");
    let store = Store::open(s.path("b.db")).unwrap();
    let hits = store.search("schichtpl woche 1499", 5).unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(!store.search("qual", 5).unwrap().is_empty());
    assert!(!store.search("brennh", 5).unwrap().is_empty());
    drop(store);
    let again = s.ok("b.db", &["import", "big.json"]);
    assert!(
        again.contains("Nothing to import.") || again.contains("already up to date"),
        "{again}"
    );
}

#[test]
fn cli_import_names_what_is_wrong_with_a_file_as_before() {
    let s = Sandbox::new();
    s.ok("a.db", &["demo"]);
    let good = s.ok("a.db", &["export"]);

    // Not UTF-8, in a field kam does not read.
    let stamp = "\"exported_at\": \"";
    let mut bad = good.clone().into_bytes();
    bad.insert(good.find(stamp).unwrap() + stamp.len(), 0xff);
    fs::write(s.path("latin1.json"), bad).unwrap();
    let err = s.fails("b.db", &["import", "latin1.json"]);
    assert!(
        err.contains("latin1.json is not a kam export (not UTF-8 text)"),
        "{err}"
    );

    fs::write(s.path("demo.json"), include_str!("../../assets/demo.json")).unwrap();
    let err = s.fails("b.db", &["import", "demo.json"]);
    assert!(
        err.contains("cannot import demo.json: not a kam export"),
        "{err}"
    );

    fs::write(s.path("cut.json"), &good[..good.len() / 2]).unwrap();
    let err = s.fails("b.db", &["import", "cut.json"]);
    assert!(
        err.contains("cannot import cut.json: not a valid kam export: EOF"),
        "{err}"
    );

    let err = s.fails("b.db", &["import", "missing.json"]);
    assert!(err.contains("cannot read missing.json"), "{err}");
    assert!(Store::open(s.path("b.db")).unwrap().is_empty().unwrap());
}

/// The demo portfolio as `kam export` wrote it before exports streamed
/// from the database.
const DEMO_EXPORT: &str = include_str!("fixtures/demo_export.json");

#[test]
fn an_export_streamed_from_the_database_is_byte_for_byte_the_earlier_one() {
    let records = json::read(DEMO_EXPORT).unwrap();
    let document: serde_json::Value = serde_json::from_str(DEMO_EXPORT).unwrap();
    let at = document["exported_at"].as_str().unwrap().parse().unwrap();
    let mut store = Store::open_in_memory().unwrap();
    store.merge(&records, false).unwrap();

    let mut streamed = Vec::new();
    let written = json::write_all(&mut streamed, &store.each_record().unwrap(), at).unwrap();
    streamed.push(b'\n');
    assert_eq!(String::from_utf8(streamed).unwrap(), DEMO_EXPORT);
    assert_eq!(written, json::Written::of(&records));
    assert_eq!(
        (written.accounts, written.proofs, written.stakeholders),
        (5, 85, 21)
    );

    // What is written from a set in memory is the same text.
    let mut held = Vec::new();
    json::write(&mut held, &store.all_records().unwrap(), at).unwrap();
    held.push(b'\n');
    assert_eq!(String::from_utf8(held).unwrap(), DEMO_EXPORT);
}
