//! kam's shell conventions, run as a real process: completions and the
//! manual page, the `--json` shapes of the listing commands, exit statuses
//! as in ripgrep, `-` for standard input, `--color`, `NO_COLOR`,
//! `KAM_CONFIG`, and `kam open` starting the interface on an account.

use std::ffi::OsStr;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use crate::cli::{failure, run, success};
use crate::support::pty::Pty;
use crate::support::sandbox::{Sandbox, account_named, proofs_of, today};

const NORDMOLE: &str = "Nordmole Container Terminals GmbH";

/// A sandbox holding the demo portfolio.
fn demo() -> Sandbox {
    let sandbox = Sandbox::new();
    success(&run(&sandbox, &["demo"]));
    sandbox
}

/// Runs `kam --db DB ARGS…` with `input` on its standard input.
fn run_with_input(sandbox: &Sandbox, args: &[&str], input: &[u8]) -> Output {
    let mut child = sandbox
        .command()
        .arg("--db")
        .arg(sandbox.db())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting kam");
    child
        .stdin
        .take()
        .expect("kam's standard input")
        .write_all(input)
        .expect("writing to kam");
    child.wait_with_output().expect("running kam")
}

/// Runs kam with `args` and the environment variables `env` besides the
/// sandbox's.
fn run_with_env(sandbox: &Sandbox, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = sandbox.command();
    command.arg("--db").arg(sandbox.db()).args(args);
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("running kam")
}

/// The JSON document `kam ARGS… --json` printed, which must succeed.
fn json_of(sandbox: &Sandbox, args: &[&str]) -> Value {
    let out = success(&run(sandbox, args));
    assert!(out.ends_with("}\n"), "one document and a newline: {out}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}\n{out}"))
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Asserts that `value` is a string holding a record id.
fn assert_id(value: &Value, what: &str) {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("{what} is not a string: {value}"));
    uuid::Uuid::parse_str(text).unwrap_or_else(|e| panic!("{what} {text:?}: {e}"));
}

/// Asserts that `value` is a string holding a date, or null when `nullable`.
fn assert_date(value: &Value, nullable: bool, what: &str) {
    if nullable && value.is_null() {
        return;
    }
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("{what} is not a date: {value}"));
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .unwrap_or_else(|e| panic!("{what} {text:?}: {e}"));
}

/// The keys of a JSON object, sorted.
fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[test]
fn bash_completions_parse_and_define_the_complete_entry() {
    let sandbox = Sandbox::new();
    let script = success(&run(&sandbox, &["completions", "bash"]));
    let file = sandbox.home().join("kam.bash");
    std::fs::write(&file, &script).expect("writing the script");
    let syntax = Command::new("bash")
        .arg("-n")
        .arg(&file)
        .output()
        .expect("running bash");
    assert!(syntax.status.success(), "{:?}", text(&syntax));
    let sourced = Command::new("bash")
        .arg("-c")
        .arg(r#"source "$1" && complete -p kam"#)
        .arg("bash")
        .arg(&file)
        .output()
        .expect("running bash");
    let (out, err) = text(&sourced);
    assert!(sourced.status.success(), "{err}");
    assert!(out.contains("-F _kam kam"), "{out}");
    for subcommand in ["search", "agenda", "completions", "open"] {
        assert!(script.contains(subcommand), "{subcommand} is not completed");
    }
}

#[test]
fn every_shell_gets_a_script_and_an_unknown_one_is_a_usage_error() {
    let sandbox = Sandbox::new();
    for (shell, mark) in [
        ("zsh", "#compdef kam"),
        ("fish", "complete -c kam"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = success(&run(&sandbox, &["completions", shell]));
        assert!(script.contains(mark), "{shell}: {script}");
    }
    let output = run(&sandbox, &["completions", "tcsh"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        !sandbox.db().exists(),
        "completions never touch the database"
    );
}

#[test]
fn the_man_page_is_roff_with_every_subcommand_and_the_exit_statuses() {
    let sandbox = Sandbox::new();
    let page = success(&run(&sandbox, &["man"]));
    assert!(page.contains(".TH kam 1"), "{page}");
    assert!(page.contains(".SH SUBCOMMANDS"), "{page}");
    for subcommand in ["search", "log", "agenda", "backups", "open", "man"] {
        assert!(
            page.contains(&format!("kam\\-{subcommand}(1)")),
            "{subcommand} missing"
        );
    }
    assert!(page.contains("Exit status"), "{page}");
    std::fs::write(sandbox.home().join("kam.1"), &page).expect("writing the page");
    let rendered = Command::new("sh")
        .arg("-c")
        .arg("command -v groff >/dev/null || exit 3; groff -man -Tutf8 \"$1\"")
        .arg("sh")
        .arg(sandbox.home().join("kam.1"))
        .output();
    if let Ok(rendered) = rendered
        && rendered.status.code() != Some(3)
    {
        assert!(rendered.status.success(), "{:?}", text(&rendered));
    }
}

#[test]
fn search_json_has_every_result_with_its_record_and_account() {
    let sandbox = demo();
    let json = json_of(&sandbox, &["search", "crane", "--json"]);
    assert_eq!(keys(&json), ["count", "query", "results"]);
    assert_eq!(json["query"], "crane");
    let results = json["results"].as_array().expect("results");
    assert!(!results.is_empty());
    assert_eq!(json["count"], results.len());
    for result in results {
        assert_eq!(
            keys(result),
            [
                "account",
                "account_id",
                "context",
                "kind",
                "label",
                "plan_id",
                "record_id",
                "title"
            ]
        );
        let kind = result["kind"].as_str().expect("kind");
        assert!(
            [
                "account",
                "issue",
                "plan",
                "step",
                "proof",
                "stakeholder",
                "conversation"
            ]
            .contains(&kind),
            "{kind}"
        );
        assert_id(&result["record_id"], "record_id");
        assert_id(&result["account_id"], "account_id");
        assert!(result["title"].is_string() && result["account"].is_string());
        assert!(result["context"].is_string() || result["context"].is_null());
        if kind == "step" {
            assert_id(&result["plan_id"], "a step's plan_id");
        } else {
            assert!(result["plan_id"].is_null(), "{result}");
        }
    }
    let limited = json_of(&sandbox, &["search", "crane", "--json", "-n", "1"]);
    assert_eq!(limited["count"], 1);
}

#[test]
fn agenda_json_lists_every_entry_by_section() {
    let sandbox = demo();
    let json = json_of(&sandbox, &["agenda", "--json"]);
    assert_eq!(keys(&json), ["count", "date", "entries"]);
    assert_eq!(json["date"], today().to_string());
    let entries = json["entries"].as_array().expect("entries");
    assert!(!entries.is_empty(), "the demo has plans due");
    assert_eq!(json["count"], entries.len());
    let sections = ["overdue", "due_this_week", "reviews", "gone_quiet"];
    let mut last = 0;
    for entry in entries {
        assert_eq!(
            keys(entry),
            [
                "account",
                "account_id",
                "days_overdue",
                "due",
                "kind",
                "owner",
                "plan_id",
                "record_id",
                "section",
                "what"
            ]
        );
        let section = sections
            .iter()
            .position(|s| entry["section"] == *s)
            .unwrap_or_else(|| panic!("section {}", entry["section"]));
        assert!(section >= last, "sections in order");
        last = section;
        let kind = entry["kind"].as_str().expect("kind");
        assert!(
            ["plan", "step", "review", "quiet"].contains(&kind),
            "{kind}"
        );
        assert_id(&entry["account_id"], "account_id");
        assert_id(&entry["record_id"], "record_id");
        if kind == "plan" || kind == "step" {
            assert_id(&entry["plan_id"], "plan_id");
            assert_date(&entry["due"], false, "a plan's due date");
        } else {
            assert!(entry["plan_id"].is_null());
            assert_date(&entry["due"], true, "due");
        }
        assert!(entry["days_overdue"].as_i64().expect("days_overdue") >= 0);
        assert!(entry["what"].is_string() && entry["owner"].is_string());
    }
    assert!(
        entries
            .iter()
            .any(|e| e["section"] == "overdue" && e["days_overdue"].as_i64() > Some(0)),
        "{json}"
    );
}

#[test]
fn backups_json_says_what_each_copy_holds() {
    let sandbox = demo();
    success(&run(&sandbox, &["backup"]));
    let json = json_of(&sandbox, &["backups", "--json"]);
    assert_eq!(keys(&json), ["backups", "database", "folder"]);
    assert_eq!(json["database"], sandbox.db().to_string_lossy().as_ref());
    let backups = json["backups"].as_array().expect("backups");
    assert_eq!(backups.len(), 2, "today's and the one asked for: {json}");
    for backup in backups {
        assert_eq!(
            keys(backup),
            [
                "counts",
                "encrypted",
                "file",
                "kind",
                "modified",
                "path",
                "problem",
                "schema_version",
                "size_bytes",
                "state"
            ]
        );
        let path = PathBuf::from(backup["path"].as_str().expect("path"));
        assert!(path.is_file(), "{path:?}");
        assert_eq!(
            path.file_name().and_then(|n| n.to_str()),
            backup["file"].as_str()
        );
        assert!(backup["size_bytes"].as_u64() > Some(0));
        assert_eq!(backup["state"], "readable");
        assert_eq!(backup["encrypted"], false);
        assert!(backup["problem"].is_null());
        assert!(backup["schema_version"].as_i64() > Some(0));
        assert!(backup["modified"].is_string());
    }
    let manual = backups
        .iter()
        .find(|b| b["kind"] == "manual")
        .expect("the copy asked for");
    assert_eq!(manual["counts"]["accounts"], 5, "{manual}");
    assert!(backups.iter().any(|b| b["kind"] == "daily"), "{json}");
}

#[test]
fn gaps_health_and_sync_status_json_keep_their_shapes() {
    let sandbox = demo();
    let gaps = json_of(&sandbox, &["gaps", "--json"]);
    assert_eq!(keys(&gaps), ["breaks", "count"]);
    let breaks = gaps["breaks"].as_array().expect("breaks");
    assert_eq!(gaps["count"], breaks.len());
    for gap in breaks {
        assert_eq!(
            keys(gap),
            [
                "account",
                "account_id",
                "kind",
                "label",
                "record_id",
                "text"
            ]
        );
    }
    let health = json_of(&sandbox, &["health", "--json"]);
    assert_eq!(keys(&health), ["accounts", "date", "private"]);
    let accounts = health["accounts"].as_array().expect("accounts");
    assert_eq!(accounts.len(), 5);
    for account in accounts {
        assert_eq!(
            keys(account),
            ["at_risk", "flags", "id", "label", "name", "score"]
        );
        assert!(account["score"].as_u64() <= Some(100));
    }
    let one = json_of(&sandbox, &["health", "nordmole", "--json"]);
    assert_eq!(one["account"]["name"], NORDMOLE);
    assert!(one["account"]["factors"].is_array());
    let status = json_of(&sandbox, &["sync", "status", "--json"]);
    assert_eq!(status, serde_json::json!({"connected": false}));
}

#[test]
fn exit_status_is_0_found_1_nothing_found_2_an_error() {
    let sandbox = demo();
    let found = run(&sandbox, &["search", "crane"]);
    assert_eq!(found.status.code(), Some(0));

    let nothing = run(&sandbox, &["search", "zzqx"]);
    assert_eq!(nothing.status.code(), Some(1), "{:?}", text(&nothing));
    let nothing = run(&sandbox, &["search", "zzqx", "--json"]);
    assert_eq!(nothing.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&nothing.stdout).expect("still a document");
    assert_eq!(json["count"], 0);
    assert_eq!(json["results"], Value::Array(vec![]));

    for args in [
        &["search"][..],
        &["--color", "pink", "health"],
        &["agenda", "--json", "--ics", "x.ics"],
        &["log", "nowhere", "Delivered"],
        &["open", "nowhere"],
        &["health", "nowhere"],
        &["import", "missing.json"],
        &["restore", "missing.db", "--yes"],
    ] {
        let output = run(&sandbox, args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {:?}",
            text(&output)
        );
    }
    // An agenda, gaps or health with nothing to show is no error.
    let empty = Sandbox::new();
    for args in [&["agenda"][..], &["gaps"], &["health", "--json"]] {
        assert_eq!(run(&empty, args).status.code(), Some(0), "{args:?}");
    }
    let help = success(&run(&sandbox, &["--help"]));
    assert!(help.contains("Exit status:"), "{help}");
    assert!(help.contains("1  nothing found"), "{help}");
}

#[test]
fn a_word_that_is_no_subcommand_names_an_account_and_a_typo_gets_clap_s_tip() {
    let sandbox = demo();
    let typo = run(&sandbox, &["serch", "crane"]);
    assert_eq!(typo.status.code(), Some(2));
    let (_, err) = text(&typo);
    assert!(
        err.contains("a similar subcommand exists: 'search'"),
        "{err}"
    );
    let alone = run(&sandbox, &["serch"]);
    assert_eq!(alone.status.code(), Some(2));
    assert!(text(&alone).1.contains("'search'"), "{:?}", text(&alone));

    let unknown = failure(&run(&sandbox, &["zzqx"]));
    assert!(unknown.contains("no account matches “zzqx”"), "{unknown}");
    assert!(unknown.contains(NORDMOLE), "the candidates: {unknown}");
    let ambiguous = failure(&run(&sandbox, &["open", "a"]));
    assert!(
        ambiguous.contains("Groupe Béranger Agroalimentaire, Valdemoro Automoción S.L."),
        "{ambiguous}"
    );
    // Without a terminal, a word that names an account is found, and the
    // interface says it needs one.
    let found = failure(&run(&sandbox, &["nordm"]));
    assert!(found.contains("needs a terminal"), "{found}");
}

#[test]
fn log_dash_keeps_standard_input_as_given_less_one_final_newline() {
    let sandbox = demo();
    let statement = "  Crane availability 99.4 %\n\tin November — “quoted”  ";
    let output = run_with_input(
        &sandbox,
        &["log", "nordmole", "-", "--value", "99.4 %"],
        format!("{statement}\n").as_bytes(),
    );
    success(&output);
    let proofs = proofs_of(&sandbox.db(), NORDMOLE);
    let logged = proofs
        .iter()
        .find(|p| p.statement.contains("in November — “quoted”"))
        .expect("the statement logged");
    assert_eq!(logged.statement, statement);
    assert_eq!(logged.value.as_deref(), Some("99.4 %"));

    let words = "Our plants run out of spare parts\r\nand lines stop.";
    let said = run_with_input(
        &sandbox,
        &["issue", "brenn", "-"],
        format!("{words}\r\n").as_bytes(),
    );
    success(&said);
    let store = sandbox.store();
    let brennholt = account_named(&store, "Brennholt Verpackung GmbH");
    let issues = store.issues(brennholt.id).expect("issues");
    assert!(
        issues.iter().any(|i| i.statement == words),
        "kept as given, less the final CRLF: {:?}",
        issues.iter().map(|i| &i.statement).collect::<Vec<_>>()
    );

    let before = proofs.len();
    let empty = run_with_input(&sandbox, &["log", "nordmole", "-"], b"\n");
    assert_eq!(empty.status.code(), Some(2));
    assert!(text(&empty).1.contains("standard input is empty"));
    assert_eq!(proofs_of(&sandbox.db(), NORDMOLE).len(), before);
}

#[test]
fn on_an_encrypted_database_the_passphrase_comes_first_then_the_text() {
    let sandbox = demo();
    success(&run_with_input(
        &sandbox,
        &["encrypt"],
        b"correct horse\ncorrect horse\n",
    ));
    let said = success(&run_with_input(
        &sandbox,
        &["log", "nordmole", "-"],
        b"correct horse\nQuokka one\nquokka two\n",
    ));
    assert!(said.contains("Logged a proof statement"), "{said}");
    let json = success(&run_with_input(
        &sandbox,
        &["search", "quokka", "--json"],
        b"correct horse\n",
    ));
    let json: Value = serde_json::from_str(&json).expect("a document");
    assert_eq!(json["count"], 1, "{json}");
    let title = json["results"][0]["title"].as_str().expect("title");
    assert!(
        title.starts_with("Quokka one") && title.ends_with("quokka two"),
        "{title}"
    );
}

#[test]
fn import_dash_reads_json_or_csv_from_standard_input() {
    let from = demo();
    let export = success(&run(&from, &["export", "--account", "nordmole"]));
    let to = Sandbox::new();
    let said = success(&run_with_input(&to, &["import", "-"], export.as_bytes()));
    assert!(
        said.contains("standard input: a kam export of 1 accounts"),
        "{said}"
    );
    assert_eq!(to.store().counts().expect("counts").accounts, 1);

    let csv = std::fs::read(fixture("salesforce_accounts.csv")).expect("fixture");
    let said = success(&run_with_input(&to, &["import", "-", "--dry-run"], &csv));
    assert!(
        said.contains("standard input:") && said.contains("rows."),
        "{said}"
    );
    let said = success(&run_with_input(
        &to,
        &["import", "-", "--format", "csv"],
        &csv,
    ));
    assert!(said.contains("Columns mapped"), "{said}");
    assert!(to.store().counts().expect("counts").accounts > 1);

    let wrong = run_with_input(&to, &["import", "-", "--format", "json"], &csv);
    assert_eq!(wrong.status.code(), Some(2), "{:?}", text(&wrong));
}

#[test]
fn a_file_without_an_extension_is_read_by_its_content() {
    let from = demo();
    let export = success(&run(&from, &["export"]));
    let to = Sandbox::new();
    let file = to.home().join("portfolio");
    std::fs::write(&file, export).expect("writing the export");
    let said = success(&run(&to, &["import", file.to_str().expect("a path")]));
    assert!(said.contains("a kam export of 5 accounts"), "{said}");
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn color_always_and_never_decide_and_no_color_only_overrides_auto() {
    let sandbox = demo();
    let bold = "\x1b[1m";
    let piped = |args: &[&str], env: &[(&str, &str)]| {
        let output = run_with_env(&sandbox, args, env);
        success(&output)
    };
    assert!(
        !piped(&["search", "crane"], &[]).contains(bold),
        "auto into a pipe"
    );
    assert!(piped(&["--color", "always", "search", "crane"], &[]).contains(bold));
    assert!(piped(&["search", "crane", "--color=always"], &[]).contains(bold));
    assert!(
        piped(
            &["--color", "always", "search", "crane"],
            &[("NO_COLOR", "1")]
        )
        .contains(bold),
        "an explicit always wins over NO_COLOR"
    );
    assert!(!piped(&["--color", "never", "search", "crane"], &[]).contains('\x1b'));
    // clap's own messages follow --color too.
    let usage = run_with_env(&sandbox, &["--color", "always", "search"], &[]);
    assert!(text(&usage).1.contains('\x1b'), "{:?}", text(&usage));
    let usage = run_with_env(&sandbox, &["--color", "never", "search"], &[]);
    assert!(!text(&usage).1.contains('\x1b'), "{:?}", text(&usage));
}

/// Starts `kam --db DB ARGS…` in a terminal, with `env`.
fn interface(sandbox: &Sandbox, args: &[&str], env: &[(&str, &str)]) -> Pty {
    let db = sandbox.db();
    let mut all = vec![OsStr::new("--db"), db.as_os_str()];
    all.extend(args.iter().map(OsStr::new));
    Pty::spawn_with_env(&all, &sandbox.home(), 120, 40, env)
}

/// Runs `kam --db DB ARGS…` in a terminal until it exits, with `env`, and
/// returns the terminal.
fn in_terminal(sandbox: &Sandbox, args: &[&str], env: &[(&str, &str)]) -> Pty {
    let mut kam = interface(sandbox, args, env);
    assert!(kam.wait_exit().success(), "{}", kam.screen());
    kam
}

#[test]
fn on_a_terminal_matches_are_bold_unless_no_color_or_never() {
    let sandbox = demo();
    let args = ["search", "crane", "availability", "-n", "1"];
    let auto = in_terminal(&sandbox, &args, &[]);
    assert!(
        auto.screen().contains("Crane availability"),
        "{}",
        auto.screen()
    );
    assert!(auto.bold_text().contains("Crane"), "{:?}", auto.bold_text());
    let no_color = in_terminal(&sandbox, &args, &[("NO_COLOR", "1")]);
    assert!(no_color.screen().contains("Crane availability"));
    assert_eq!(no_color.bold_text(), "", "NO_COLOR wins over auto");
    let mut never = vec!["--color", "never"];
    never.extend(args);
    assert_eq!(in_terminal(&sandbox, &never, &[]).bold_text(), "");
}

#[test]
fn kam_config_names_another_configuration_file() {
    let sandbox = Sandbox::new();
    let config = sandbox.home().join("elsewhere.toml");
    let named = config.to_str().expect("a path");
    let env = [("KAM_CONFIG", named)];
    let said = success(&run_with_env(&sandbox, &["config", "path"], &env));
    assert_eq!(said.trim_end(), named);
    success(&run_with_env(&sandbox, &["config", "init"], &env));
    assert!(config.is_file(), "config init writes where KAM_CONFIG says");

    std::fs::write(&config, "[bogus]\n").expect("writing the file");
    let output = run_with_env(&sandbox, &["health"], &env);
    let (_, err) = text(&output);
    assert!(
        err.contains("elsewhere.toml: line 1: unknown section [bogus]"),
        "{err}"
    );
    let default = text(&run_with_env(&sandbox, &["health"], &[])).1;
    assert!(!default.contains("bogus"), "without KAM_CONFIG: {default}");
}

#[test]
fn kam_open_and_kam_account_start_on_the_account() {
    let sandbox = demo();
    for args in [&["open", "nordmole"][..], &["nordm"]] {
        let mut kam = interface(&sandbox, args, &[]);
        kam.wait_for("Business issues (");
        let screen = kam.screen();
        assert!(screen.contains(NORDMOLE), "{screen}");
        assert!(!screen.contains("Portfolio ·"), "{screen}");
        kam.send("q");
        assert!(kam.wait_exit().success(), "{args:?}");
    }
}

#[test]
fn the_interface_follows_color_and_no_color() {
    let sandbox = demo();
    let colored = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = args.to_vec();
        all.extend(["open", "nordmole"]);
        let mut kam = interface(&sandbox, &all, env);
        kam.wait_for("Business issues (");
        let colored = kam.has_color();
        kam.send("q");
        assert!(kam.wait_exit().success());
        colored
    };
    assert!(colored(&[], &[]), "colour by default on a terminal");
    assert!(
        !colored(&[], &[("NO_COLOR", "1")]),
        "NO_COLOR wins over auto"
    );
    assert!(!colored(&["--color", "never"], &[]));
    assert!(
        colored(&["--color", "always"], &[("NO_COLOR", "1")]),
        "always wins over NO_COLOR"
    );
}

#[test]
fn brief_open_starts_on_the_account_s_brief() {
    let sandbox = demo();
    let mut kam = interface(&sandbox, &["brief", "nordmole", "--open"], &[]);
    kam.wait_for(&format!("Prep brief · {NORDMOLE}"));
    kam.send("q");
    assert!(kam.wait_exit().success());
}
