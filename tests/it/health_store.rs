//! Revenue per year, currency, review interval and executive reviews in the
//! database: the upgrade that brings them, and the reviews assessments
//! count as.

use chrono::{Datelike, NaiveDate, Utc};
use kam::domain::{Account, Assessment, Conversation, Id, RelationshipStage, YearRevenue};
use kam::store::Store;
use rusqlite::Connection;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A database as kam wrote it at schema 009, before revenue per year and
/// currencies: one account with revenue for last year and the year before,
/// one with last year's only, one with none; the first last reviewed on 1
/// March 2026 and assessed on 2 June 2026.
fn version_9_database(path: &std::path::Path) -> [Id; 3] {
    let conn = Connection::open(path).unwrap();
    for sql in [
        include_str!("../../src/store/migrations/001_workspace.sql"),
        include_str!("../../src/store/migrations/002_stakeholders.sql"),
        include_str!("../../src/store/migrations/003_history.sql"),
        include_str!("../../src/store/migrations/004_search.sql"),
        include_str!("../../src/store/migrations/005_strategic.sql"),
        include_str!("../../src/store/migrations/006_undo_guard.sql"),
        include_str!("../../src/store/migrations/007_account_signals.sql"),
        include_str!("../../src/store/migrations/008_proof_log_size.sql"),
        include_str!("../../src/store/migrations/009_sync.sql"),
    ] {
        conn.execute_batch(sql).unwrap();
    }
    let ids = [Id::new(), Id::new(), Id::new()];
    let now = Utc::now();
    for (id, name, revenue, prior, review) in [
        (
            ids[0],
            "Brennholt",
            Some(2_080_000),
            Some(2_510_000),
            Some("2026-03-01"),
        ),
        (ids[1], "Nordmole", Some(1_860_000), None, None),
        (ids[2], "Valdemoro", None, None, None),
    ] {
        conn.execute(
            "INSERT INTO account (id, name, annual_revenue, prior_revenue, stage, last_review,
                                  created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 'basic', ?5, ?6, ?6)",
            (id.to_string(), name, revenue, prior, review, now),
        )
        .unwrap();
    }
    conn.execute(
        "INSERT INTO assessment (id, account_id, date, calls_us_strategic, brings_opportunities,
             asks_our_input, critical_to_them, solutions_provider, champion_exists,
             open_invitation, many_forums, trust, commitment, cooperation,
             information_exchange, stage, ladder_now, ladder_aim, created_at, updated_at)
         VALUES (?1, ?2, '2026-06-02', 'no', 'no', 'no', 'no', 'no', 'no', 'no', 'no',
                 2, 2, 2, 2, 'basic', 'commodity', 'commodity', ?3, ?3)",
        (Id::new().to_string(), ids[0].to_string(), now),
    )
    .unwrap();
    conn.pragma_update(None, "user_version", 9).unwrap();
    ids
}

#[test]
fn the_upgrade_keeps_last_years_revenue_as_a_history_and_counts_assessments_as_reviews() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.db");
    let [brennholt, nordmole, valdemoro] = version_9_database(&path);

    let store = Store::open(&path).unwrap();
    let year = Utc::now().year();
    let y = |year, amount| YearRevenue { year, amount };
    let b = store.account(brennholt).unwrap();
    assert_eq!(
        b.revenue_history,
        [y(year - 2, 2_510_000), y(year - 1, 2_080_000)]
    );
    assert_eq!(
        b.latest_revenue().map(|r| r.amount),
        Some(2_080_000),
        "kept as it was"
    );
    assert_eq!(b.currency, "EUR");
    assert_eq!(b.review_interval_days, 90);
    assert_eq!(b.last_review, Some(day("2026-03-01")), "as entered");
    let summary = store.portfolio(day("2026-11-23")).unwrap();
    let b = summary.iter().find(|s| s.account.id == brennholt).unwrap();
    assert_eq!(
        b.account.last_reviewed(b.last_assessment),
        Some(day("2026-06-02")),
        "the assessment was a review"
    );
    let brief = store
        .brief(brennholt, Utc::now(), day("2026-11-23"), false)
        .unwrap();
    assert_eq!(
        brief.last_review,
        Some(day("2026-06-02")),
        "in the brief too"
    );
    let records = store.account_records(brennholt).unwrap();
    let md = kam::export::markdown::document(&records, false);
    assert!(md.contains("- **Last review:** 2026-06-02"), "{md}");
    let n = store.account(nordmole).unwrap();
    assert_eq!(n.revenue_history, [y(year - 1, 1_860_000)]);
    assert_eq!(n.last_review, None);
    let v = store.account(valdemoro).unwrap();
    assert!(v.revenue_history.is_empty());
}

#[test]
fn the_upgrade_to_revenue_per_year_only_joins_the_single_figures_and_drops_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.db");
    let year = Utc::now().year();
    let y = |year, amount| YearRevenue { year, amount };
    let mut store = Store::open(&path).unwrap();
    let mut old = Account::new("Oberhel");
    old.revenue_history = vec![y(year - 4, 900_000)];
    let mut known = Account::new("Nordmole");
    known.revenue_history = vec![y(year - 2, 1_500_000), y(year - 1, 1_600_000)];
    let none = Account::new("Valdemoro");
    for a in [&old, &known, &none] {
        store.save_account(a).unwrap();
    }
    drop(store);
    // As a kam of schema 012 left it: the single figures beside the
    // history, set in its form after the history.
    let conn = Connection::open(&path).unwrap();
    crate::support::schema::before_revenue_per_year(&conn);
    for (id, annual, prior) in [
        (old.id, 1_400_000, 1_200_000),
        (known.id, 1_750_000, 1_450_000),
    ] {
        conn.execute(
            "UPDATE account SET annual_revenue = ?2, prior_revenue = ?3 WHERE id = ?1",
            (id.to_string(), annual, prior),
        )
        .unwrap();
    }
    drop(conn);

    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.account(old.id).unwrap().revenue_history,
        [
            y(year - 4, 900_000),
            y(year - 2, 1_200_000),
            y(year - 1, 1_400_000)
        ],
        "the single figures join a history that ends before them"
    );
    assert_eq!(
        store.account(known.id).unwrap().revenue_history,
        known.revenue_history,
        "what the history says wins"
    );
    assert!(store.account(none.id).unwrap().revenue_history.is_empty());
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('account')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(columns.contains(&"revenue_history".to_string()));
    assert!(
        !columns.iter().any(|c| c.ends_with("_revenue")),
        "{columns:?}"
    );
}

#[test]
fn revenue_currency_interval_and_executive_reviews_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("kam.db")).unwrap();
    let mut account = Account::new("Klinikverbund Oberrhein");
    account.currency = "CHF".into();
    account.review_interval_days = 60;
    account.revenue_history = vec![
        YearRevenue {
            year: 2024,
            amount: 142_000,
        },
        YearRevenue {
            year: 2025,
            amount: 186_000,
        },
    ];
    let account = store.save_account(&account).unwrap();
    assert_eq!(store.account(account.id).unwrap(), account);

    let mut talk = Conversation::new(account.id, day("2026-10-01"), "Executive review");
    talk.executive_review = true;
    store.save_conversation(&talk).unwrap();
    store
        .save_conversation(&Conversation::new(
            account.id,
            day("2026-11-01"),
            "Purchasing",
        ))
        .unwrap();
    assert!(store.conversation(talk.id).unwrap().executive_review);
    let portfolio = store.portfolio(day("2026-11-23")).unwrap();
    assert_eq!(portfolio[0].last_executive_review, Some(day("2026-10-01")));

    // An assessment is a review: the portfolio reads the latest one up to
    // the day, and the account's own fields stay as entered.
    for date in ["2026-11-02", "2026-12-02"] {
        let assessed = Assessment::new(account.id, day(date), RelationshipStage::Basic);
        store.save_assessment(&assessed).unwrap();
    }
    let summary = &store.portfolio(day("2026-11-23")).unwrap()[0];
    assert_eq!(summary.last_assessment, Some(day("2026-11-02")));
    assert_eq!(
        summary.account.last_reviewed(summary.last_assessment),
        Some(day("2026-11-02"))
    );
    assert_eq!(store.account(account.id).unwrap().last_review, None);

    // A currency that is not an ISO 4217 code is refused.
    let mut bad = store.account(account.id).unwrap();
    bad.currency = "Franken".into();
    assert!(store.save_account(&bad).is_err());
}
