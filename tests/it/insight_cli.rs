//! `kam health` and `kam gaps`, run as real processes on a hand-made
//! portfolio dated relative to today: the order of the accounts, every
//! factor with its figures, JSON for scripts, private mode, the breaks in
//! the chain from issue to proof, and names that match no or several
//! accounts.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use chrono::{Datelike, Days, Local, NaiveDate};
use kam::domain::insight::{Insight, Weights};
use kam::domain::{
    Account, ActionPlan, Answer, Assessment, Attitude, BusinessIssue, Conversation, Influence,
    IssueStatus, PlanStatus, ProofStatement, Rating, RelationshipStage, Stakeholder, TimeFrame,
    YearRevenue,
};
use kam::store::{Snapshot, Store};
use serde_json::Value;
use tempfile::TempDir;

/// Today as kam sees it (local time).
fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// `n` days before today.
fn ago(n: u64) -> NaiveDate {
    today() - Days::new(n)
}

/// `n` days after today.
fn ahead(n: u64) -> NaiveDate {
    today() + Days::new(n)
}

/// A temporary home for kam and its database.
struct Portfolio {
    dir: TempDir,
}

impl Portfolio {
    fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("kam.db")
    }

    /// Runs `kam --db DB ARGS…` with its home, data and configuration in
    /// the temporary folder.
    fn run(&self, args: &[&str]) -> Output {
        let home = self.home();
        Command::new(env!("CARGO_BIN_EXE_kam"))
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
            .expect("running kam")
    }

    /// Runs kam and returns its standard output, failing the test when kam
    /// fails.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "kam {args:?} failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs kam, expects it to fail, and returns its standard error.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            !out.status.success(),
            "kam {args:?} should have failed:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    /// Runs kam and parses its standard output as JSON.
    fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}):\n{out}"))
    }
}

/// A revenue history of consecutive years up to last year.
fn years(amounts: &[i64]) -> Vec<YearRevenue> {
    let first = today().year() - amounts.len() as i32;
    amounts
        .iter()
        .zip(first..)
        .map(|(&amount, year)| YearRevenue { year, amount })
        .collect()
}

/// Three accounts:
///
/// - **Acme**: healthy on every factor (score 100, no breaks);
/// - **Nordwerk GmbH**: cadence 30, last proof 41 days ago (not
///   acknowledged), no champion, one key stakeholder 20 days past their
///   cadence, one recent conversation about the past with one person, one
///   of two open plans overdue, a done plan without proof, an unconfirmed
///   issue without a plan; 23 non-billable and 12 billable hours in the
///   last year; revenue 1,200,000, 1,000,000 the year before (the trend
///   scores 1). Its score: (2 × (1 − 11/30) + 1 × ½ + 1 × (60 − 23)/50 +
///   2 × 1) / 15 = 30.04 → 30;
/// - **Nordmole Terminals**: nothing but a cadence of 60 days: only the
///   overdue-actions and cost factors score (1 each) and the unknown
///   revenue trend ½, 20.
fn portfolio() -> Portfolio {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir(dir.path().join("home")).expect("home folder");
    let mut s = Snapshot::default();

    let mut acme = Account::new("Acme");
    acme.stage = RelationshipStage::Integrated;
    acme.revenue_history = years(&[500_000, 600_000]);
    let mut chris = Stakeholder::new(acme.id, "Chris Weber");
    chris.attitude = Attitude::Champion;
    chris.influence = Some(Influence::EconomicBuyer);
    let dana = Stakeholder::new(acme.id, "Dana Ilić");
    for (days, attendees) in [(3, vec![chris.id, dana.id]), (20, vec![chris.id])] {
        let mut c = Conversation::new(acme.id, ago(days), "Executive review");
        c.attendees = attendees;
        c.time_frame = TimeFrame::Future;
        s.conversations.push(c);
    }
    let mut review = Assessment::new(acme.id, ago(30), RelationshipStage::Integrated);
    review.signals = [Answer::Yes; 8];
    review.ratings = std::array::from_fn(|_| Rating {
        score: 5,
        reason: "Joint plans".into(),
    });
    s.assessments.push(review);
    let mut grown = BusinessIssue::new(acme.id, "Grow with us into Asia");
    grown.confirmed = true;
    grown.status = IssueStatus::Resolved;
    s.issues.push(grown);
    let mut shown = ProofStatement::new(acme.id, ago(5), "Asian plants started on time");
    shown.acknowledged = true;
    s.proofs.push(shown);
    s.stakeholders.extend([chris, dana]);

    let mut nordwerk = Account::new("Nordwerk GmbH");
    nordwerk.revenue_history = crate::support::revenue(&[(2024, 1_000_000), (2025, 1_200_000)]);
    let petra = Stakeholder::new(nordwerk.id, "Petra Lang");
    let mut karl = Stakeholder::new(nordwerk.id, "Karl Brandt");
    karl.cadence_days = Some(30);
    karl.last_contact = Some(ago(50));
    let mut call = Conversation::new(nordwerk.id, ago(10), "Purchasing");
    call.attendees = vec![petra.id];
    call.time_frame = TimeFrame::Past;
    call.billable_hours = 2.0;
    call.non_billable_hours = 3.0;
    s.conversations.push(call);
    s.stakeholders.extend([petra, karl]);
    let stops = BusinessIssue::new(nordwerk.id, "Lines stop for lack of spares");
    let mut audits = BusinessIssue::new(nordwerk.id, "Audit findings pile up");
    audits.confirmed = true;
    let mut stock = ActionPlan::new(audits.id, "Consignment stock");
    stock.status = PlanStatus::Done;
    stock.due = Some(ago(20));
    stock.billable_hours = 10.0;
    stock.non_billable_hours = 20.0;
    let mut forecast = ActionPlan::new(audits.id, "Spare parts forecast");
    forecast.status = PlanStatus::InProgress;
    forecast.due = Some(ago(5));
    let mut training = ActionPlan::new(audits.id, "Auditor training");
    training.due = Some(ahead(20));
    s.plans.extend([stock, forecast, training]);
    s.issues.extend([stops, audits]);
    s.proofs.push(ProofStatement::new(
        nordwerk.id,
        ago(41),
        "Forecast hit 97 % in the pilot",
    ));

    let mut nordmole = Account::new("Nordmole Terminals");
    nordmole.proof_cadence_days = 60;

    s.accounts = vec![acme, nordwerk, nordmole];
    let mut store = Store::open(dir.path().join("kam.db")).expect("a new database");
    store.insert_all(&s).expect("writing the portfolio");
    Portfolio { dir }
}

#[test]
fn health_lists_every_account_worst_first() {
    let p = portfolio();
    let out = p.ok(&["health"]);
    assert!(out.starts_with("Account health, worst first · "), "{out}");
    let lines: Vec<&str> = out.lines().skip(2).collect();
    assert_eq!(lines.len(), 3, "{out}");
    let expected = [
        (
            "20  poor     Nordmole Terminals",
            "no proof yet, no champion, single-threaded",
        ),
        (
            "30  poor     Nordwerk GmbH     ",
            "proof overdue 11 d, no champion, single-threaded, 1 contact overdue, \
             talk mostly about the past",
        ),
        ("100  good     Acme              ", "no flags"),
    ];
    for (line, (start, flags)) in lines.iter().zip(expected) {
        assert_eq!(line.trim_start(), format!("{start}  {flags}"), "{out}");
    }
}

#[test]
fn health_of_one_account_shows_every_factor() {
    let p = portfolio();
    let out = p.ok(&["health", "nordw"]);
    assert!(
        out.starts_with("Nordwerk GmbH · health 30 of 100, poor\n"),
        "{out}"
    );
    for expected in [
        "Proof log      last proof 41 d ago, cadence 30 d, 11 d overdue; 1 in the last 365 days",
        "Assessment     no assessment yet",
        "Conversations  1 in the last 90 days: 0 about the future, 0 the present, 1 the past; 1 forum",
        "Cost to serve  35 h in the last 4 quarters, 23 h not billable; revenue 1,200,000 EUR, the year before 1,000,000 EUR (+20%)",
        "Factor                 Weight  Score  Contribution  Reason",
        "Strategic assessment      3.0      0           0.0  no assessment yet",
        "Champion                  2.0      0           0.0  no champion among 2 stakeholders",
        "Proof cadence             2.0     63           8.4  last proof 41 d ago, cadence 30 d",
        "Talk about the future     1.0      0           0.0  0 of 1 conversation in the last 90 days about the future (0 %)",
        "Overdue actions           1.0     50           3.3  1 of 2 open action plans overdue",
        "Cost to serve             1.0     74           4.9  23 non-billable hours per proof statement in the last year",
        "Revenue trend             2.0    100          13.3  +20 % year on year, 2025 1.2M EUR against 1M EUR in 2024",
        "Relationship stage        1.0      0           0.0  exploratory stage",
        "Economic buyer            2.0      0           0.0  no economic buyer known",
    ] {
        assert!(
            out.lines().any(|l| l.trim_end() == expected),
            "missing {expected:?} in\n{out}"
        );
    }
}

#[test]
fn health_json_has_the_same_figures() {
    let p = portfolio();
    let all = p.json(&["health", "--json"]);
    assert_eq!(all["date"], today().to_string());
    assert_eq!(all["private"], false);
    let rows: Vec<(&str, u64, &str)> = all["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap(),
                a["score"].as_u64().unwrap(),
                a["label"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("Nordmole Terminals", 20, "poor"),
            ("Nordwerk GmbH", 30, "poor"),
            ("Acme", 100, "good")
        ]
    );
    assert_eq!(all["accounts"][2]["flags"], serde_json::json!([]));
    assert_eq!(all["accounts"][1]["flags"][0], "proof overdue 11 d");

    let one = p.json(&["health", "Nordwerk", "--json"]);
    let a = &one["account"];
    assert_eq!(a["name"], "Nordwerk GmbH");
    assert_eq!(a["score"], 30);
    assert_eq!(a["strategic_score"], Value::Null);
    assert_eq!(
        a["proof"],
        serde_json::json!({
            "cadence_days": 30,
            "last_proof": (today() - Days::new(41)).to_string(),
            "days_since": 41,
            "days_overdue": 11,
            "days_since_added": null,
            "gone_quiet": true,
            "summary": "last proof 41 d ago, cadence 30 d",
            "last_365_days": 1
        })
    );
    assert_eq!(a["talk"]["past"], 1);
    let cost = &a["cost_to_serve"];
    assert_eq!(cost["revenue"], 1_200_000);
    assert_eq!(cost["prior_revenue"], 1_000_000);
    assert_eq!(cost["billable_hours_year"], 12.0);
    assert_eq!(cost["non_billable_hours_year"], 23.0);
    assert_eq!(cost["revenue_change_percent"], 20.0);
    assert_eq!(cost["non_billable_hours_per_proof"], 23.0);
    let factors = a["factors"].as_array().expect("factors");
    let kinds: Vec<&str> = factors
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "assessment",
            "champion",
            "proof_cadence",
            "future_focus",
            "overdue_actions",
            "cost_to_serve",
            "revenue_trend",
            "stage",
            "economic_buyer"
        ]
    );
    let proof = &factors[2];
    assert_eq!(proof["weight"], 2.0);
    assert!((proof["score"].as_f64().unwrap() - 19.0 / 30.0).abs() < 1e-9);
    assert!((proof["contribution"].as_f64().unwrap() - 8.444_444).abs() < 1e-3);
    let sum: f64 = factors
        .iter()
        .map(|f| f["contribution"].as_f64().unwrap())
        .sum();
    assert!((sum - 30.044_444).abs() < 1e-3, "{sum}");
}

#[test]
fn private_mode_hides_revenue_and_hours() {
    let p = portfolio();
    let shown = p.ok(&["health", "nordwerk"]);
    assert!(shown.contains("1,200,000") && shown.contains("23 non-billable"));
    for args in [
        &["--private", "health", "nordwerk"][..],
        &["health", "nordwerk", "--private"][..],
    ] {
        let out = p.ok(args);
        for figure in ["1,200,000", "1,000,000", "23 non-billable", "35 h", "23 h"] {
            assert!(!out.contains(figure), "{args:?} shows {figure:?}:\n{out}");
        }
        assert!(
            out.contains("Cost to serve  hidden in private mode"),
            "{out}"
        );
        assert!(out.contains("health 30 of 100"), "{out}");
    }
    let json = p.json(&["--private", "health", "nordwerk", "--json"]);
    assert_eq!(json["private"], true);
    assert_eq!(json["account"]["cost_to_serve"], Value::Null);
    assert_eq!(
        json["account"]["factors"][5]["reason"],
        "hidden in private mode"
    );
    let text = json.to_string();
    assert!(!text.contains("1200000") && !text.contains("23 non-billable"));
}

#[test]
fn gaps_lists_each_kind_of_break_with_the_record() {
    let p = portfolio();
    let out = p.ok(&["gaps"]);
    assert_eq!(
        out,
        "Breaks in the chain from issue to proof: 4 in 1 account\n\
         \n\
         Nordwerk GmbH · 4\n\
         \x20 Issue the customer never confirmed · 1\n\
         \x20   - Lines stop for lack of spares\n\
         \x20 Issue with no action plan · 1\n\
         \x20   - Lines stop for lack of spares\n\
         \x20 Plan done with no proof · 1\n\
         \x20   - Consignment stock\n\
         \x20 Proof the customer never acknowledged · 1\n\
         \x20   - Forecast hit 97 % in the pilot\n"
    );
    let json = p.json(&["gaps", "--json"]);
    assert_eq!(json["count"], 4);
    let kinds: Vec<(&str, &str)> = json["breaks"]
        .as_array()
        .expect("breaks")
        .iter()
        .map(|b| (b["kind"].as_str().unwrap(), b["text"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("issue_not_confirmed", "Lines stop for lack of spares"),
            ("issue_without_plan", "Lines stop for lack of spares"),
            ("plan_done_without_proof", "Consignment stock"),
            ("proof_not_acknowledged", "Forecast hit 97 % in the pilot"),
        ]
    );
    assert!(
        json["breaks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b["account"] == "Nordwerk GmbH")
    );

    assert_eq!(
        p.ok(&["gaps", "acme"]),
        "No breaks in the chain from issue to proof.\n"
    );
    assert_eq!(
        p.json(&["gaps", "acme", "--json"]),
        serde_json::json!({"count": 0, "breaks": []})
    );
}

#[test]
fn a_name_matching_several_or_no_accounts_is_an_error() {
    let p = portfolio();
    for command in ["health", "gaps"] {
        let err = p.fails(&[command, "nord"]);
        assert!(
            err.contains("“nord” matches 2 accounts: Nordmole Terminals, Nordwerk GmbH"),
            "{command}: {err}"
        );
        let err = p.fails(&[command, "Zeta"]);
        assert!(
            err.contains(
                "no account matches “Zeta”. Accounts: Acme, Nordmole Terminals, Nordwerk GmbH"
            ),
            "{command}: {err}"
        );
    }
}

/// The issue's slipping account beside a small healthy one: big and
/// long-standing, revenue down 17 % year on year, the basic stage, strategic
/// score 33, a sceptical economic buyer; otherwise in good order.
fn slipping_portfolio() -> (Portfolio, Vec<Insight>) {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir(dir.path().join("home")).expect("home folder");
    let mut s = Snapshot::default();
    let mut big = Account::new("Brennholt Verpackung");
    big.revenue_history = crate::support::revenue(&[(2024, 2_510_000), (2025, 2_083_000)]);
    big.revenue_history = years(&[2_900_000, 2_510_000, 2_083_000]);
    big.stage = RelationshipStage::Basic;
    let mut vogel = Stakeholder::new(big.id, "Dieter Vogel");
    vogel.influence = Some(Influence::EconomicBuyer);
    vogel.attitude = Attitude::Sceptic;
    let mut anna = Stakeholder::new(big.id, "Anna Roth");
    anna.attitude = Attitude::Champion;
    let mut review = Assessment::new(big.id, ago(20), RelationshipStage::Basic);
    for signal in &mut review.signals[..4] {
        *signal = Answer::Yes;
    }
    review.ratings = std::array::from_fn(|_| Rating {
        score: 1,
        reason: String::new(),
    });
    s.assessments.push(review);
    s.proofs.push(ProofStatement::new(
        big.id,
        ago(3),
        "Deliveries 99 % on time",
    ));
    let mut talk = Conversation::new(big.id, ago(4), "Executive review");
    talk.time_frame = TimeFrame::Future;
    talk.attendees = vec![vogel.id, anna.id];
    talk.executive_review = true;
    s.conversations.push(talk);
    s.stakeholders.extend([vogel, anna]);
    let small = Account::new("Valdemoro");
    s.accounts = vec![big, small];
    let mut store = Store::open(dir.path().join("kam.db")).expect("a new database");
    store.insert_all(&s).expect("writing the portfolio");
    let insights = store
        .facts(today())
        .expect("facts")
        .into_iter()
        .map(|facts| Insight::new(facts, &Weights::default(), today()))
        .collect();
    (Portfolio { dir }, insights)
}

#[test]
fn a_slipping_account_reads_at_risk_in_kam_health_as_everywhere() {
    let (p, insights) = slipping_portfolio();
    let big = insights
        .iter()
        .find(|i| i.facts.account.name.starts_with("Brennholt"))
        .expect("the big account");
    assert_eq!(big.strategic_score(), Some(33));
    assert_eq!(big.health.label(), "at risk");
    let reason = big.health.at_risk.as_ref().expect("at risk").reason.clone();
    assert!(
        reason.starts_with("whatever its size: falling revenue trend (−17 % year on year"),
        "{reason}"
    );

    // The list, one account, and JSON say the same words as the screens.
    let list = p.ok(&["health"]);
    let line = list
        .lines()
        .find(|l| l.contains("Brennholt"))
        .expect("listed");
    assert!(
        line.trim_start()
            .starts_with(&format!("{}  at risk  Brennholt", big.health.score)),
        "{list}"
    );
    let one = p.ok(&["health", "brennholt"]);
    assert!(
        one.starts_with(&format!(
            "Brennholt Verpackung · health {} of 100, at risk\n",
            big.health.score
        )),
        "{one}"
    );
    assert!(one.contains(&format!("At risk        {reason}\n")), "{one}");
    for factor in &big.health.factors {
        assert!(
            one.contains(&factor.reason),
            "{} missing:\n{one}",
            factor.reason
        );
    }
    let json = p.json(&["health", "brennholt", "--json"]);
    assert_eq!(json["account"]["label"], "at risk");
    assert_eq!(json["account"]["at_risk"], reason.as_str());
    assert_eq!(json["account"]["cost_to_serve"]["currency"], "EUR");

    // Private mode names the signs without the revenue figures.
    let private = p.ok(&["--private", "health", "brennholt"]);
    assert!(
        private.contains(
            "At risk        whatever its size: falling revenue trend, low strategic score \
             (33 of 100, below 50) and a sceptical economic buyer (Dieter Vogel)"
        ),
        "{private}"
    );
    assert!(!private.contains("2.08M"), "{private}");
}

#[test]
fn weights_come_from_the_configuration_file() {
    let p = portfolio();
    let dir = p.home().join(".config/kam");
    std::fs::create_dir_all(&dir).expect("config folder");
    std::fs::write(
        dir.join("config.toml"),
        "[health]\nassessment = 0\nchampion = 0\nproof_cadence = 0\nfuture_focus = 0\n\
         overdue_actions = 1\ncost_to_serve = 0\nrevenue_trend = 0\nstage = 0\neconomic_buyer = 0\n",
    )
    .expect("config file");
    // Only overdue actions count: Nordwerk has one of two open plans late.
    let one = p.json(&["health", "nordwerk", "--json"]);
    assert_eq!(one["account"]["score"], 50);
    assert_eq!(one["account"]["factors"][4]["contribution"], 50.0);
}

#[test]
fn help_documents_the_json_fields() {
    let p = portfolio();
    let health = p.ok(&["health", "--help"]);
    for field in ["days_overdue", "contribution", "cost_to_serve", "--private"] {
        assert!(health.contains(field), "{field} missing in\n{health}");
    }
    let gaps = p.ok(&["gaps", "--help"]);
    for field in ["record_id", "plan_done_without_proof", "--json"] {
        assert!(gaps.contains(field), "{field} missing in\n{gaps}");
    }
}
