//! A synthetic portfolio written as a kam JSON export, for `kam import`:
//! the same shape every time (a fixed seed), dated around today so that
//! the signals read as they would for a real manager.

use std::error::Error;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use chrono::{Days, NaiveDate};
use serde_json::{Value, json};

use crate::words::WORDS;

/// The size of a portfolio.
#[derive(Clone, Copy)]
pub struct Size {
    /// Accounts.
    pub accounts: usize,
    /// Business issues per account, each with two plans of three steps.
    pub issues: usize,
    /// Proof statements per account.
    pub proofs: usize,
    /// Extra proof statements of the first account ("Nordmole Crane
    /// Terminals GmbH").
    pub big_proofs: usize,
    /// Stakeholders per account.
    pub stakeholders: usize,
    /// Conversations per account.
    pub conversations: usize,
    /// Assessments per account.
    pub assessments: usize,
}

impl Size {
    /// Records of every kind, plan steps included.
    pub fn records(&self) -> usize {
        let per_account = 1
            + self.issues * (1 + 2 * 4)
            + self.proofs
            + self.stakeholders
            + self.conversations
            + self.assessments;
        self.accounts * per_account + self.big_proofs
    }
}

/// Six accounts and about 10,000 records.
pub const SMALL: Size = Size {
    accounts: 6,
    issues: 30,
    proofs: 250,
    big_proofs: 7_500,
    stakeholders: 10,
    conversations: 60,
    assessments: 2,
};

/// Two hundred accounts and about 100,000 records, 58,400 of them proof
/// statements of one account.
pub const LARGE: Size = Size {
    accounts: 200,
    issues: 10,
    proofs: 150,
    big_proofs: 58_400,
    stakeholders: 5,
    conversations: 20,
    assessments: 2,
};

const SYLLABLES: &[&str] = &[
    "nord", "mole", "brenn", "holt", "vald", "emoro", "klin", "ober", "rhein", "gran", "tek",
    "lum", "cor", "dal", "fin", "gro", "hel", "kal", "mor", "nex", "ori", "pol", "ras", "sol",
    "vir",
];
const SUFFIXES: &[&str] = &["GmbH", "AG", "S.L.", "SA", "BV", "Oy", "Ltd", "Inc"];
const INDUSTRIES: &[&str] = &[
    "Port operations",
    "Packaging manufacturing",
    "Food processing",
    "Hospitals",
    "Automotive supply",
    "Chemicals",
    "Logistics",
    "Steel",
];
const FIRST: &[&str] = &[
    "Jens", "Laura", "Dieter", "Marta", "Pieter", "Sofia", "Henrik", "Ana", "Lukas", "Chloe",
    "Ines", "Ben",
];
const LAST: &[&str] = &[
    "Ahlgrimm",
    "Vogel",
    "Brenner",
    "Jansen",
    "Moreau",
    "Garcia",
    "Lindqvist",
    "Novak",
    "Keller",
    "Rossi",
];
const TITLES: &[&str] = &[
    "COO",
    "Head of Maintenance",
    "Plant Manager",
    "Head of Procurement",
    "CFO",
    "Fleet Engineer",
];
const FORUMS: &[&str] = &[
    "Purchasing",
    "Executive review",
    "Maintenance board",
    "Site visit",
    "QBR",
    "Engineering call",
];
const STAGES: &[&str] = &[
    "exploratory",
    "basic",
    "cooperative",
    "interdependent",
    "integrated",
];
const LADDER: &[&str] = &[
    "commodity",
    "products",
    "services",
    "business_issues",
    "organisational_issues",
];

/// Draws names, words, dates and ids from one seeded generator.
struct Draw {
    rng: fastrand::Rng,
    today: NaiveDate,
    ids: u64,
}

impl Draw {
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.rng.usize(..from.len())]
    }

    fn words(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| self.pick(WORDS))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A time-ordered (version 7) id: ids made later sort later.
    fn id(&mut self) -> String {
        self.ids += 1;
        let millis = 1_767_225_600_000u128 + u128::from(self.ids);
        let bits = (millis << 80)
            | (0x7 << 76)
            | (u128::from(self.rng.u16(..0x1000)) << 64)
            | (0b10 << 62)
            | u128::from(self.rng.u64(..(1 << 62)));
        uuid::Uuid::from_u128(bits).to_string()
    }

    /// A creation time `n` seconds into the year.
    fn stamp(&self) -> String {
        let seconds = self.ids % 86_400;
        format!(
            "2026-01-01T{:02}:{:02}:{:02}.000000000Z",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        )
    }

    /// Today moved by `days` (negative: in the past), as text.
    fn day(&self, days: i64) -> String {
        let moved = if days < 0 {
            self.today.checked_sub_days(Days::new(days.unsigned_abs()))
        } else {
            self.today.checked_add_days(Days::new(days.unsigned_abs()))
        };
        moved.unwrap_or(self.today).to_string()
    }

    fn days(&mut self, range: std::ops::RangeInclusive<i64>) -> String {
        let days = self.rng.i64(range);
        self.day(days)
    }
}

/// Writes a portfolio of `size` dated around `today` to `path`.
pub fn write(path: &Path, size: Size, today: NaiveDate) -> Result<(), Box<dyn Error>> {
    let mut d = Draw {
        rng: fastrand::Rng::with_seed(11),
        today,
        ids: 0,
    };
    let mut tables: [(&str, Vec<Value>); 7] = [
        ("accounts", Vec::new()),
        ("issues", Vec::new()),
        ("plans", Vec::new()),
        ("proofs", Vec::new()),
        ("stakeholders", Vec::new()),
        ("conversations", Vec::new()),
        ("assessments", Vec::new()),
    ];
    for a in 0..size.accounts {
        let rows = account(&mut d, a, size);
        for (table, mut new) in tables.iter_mut().zip(rows) {
            table.1.append(&mut new);
        }
    }
    // The header first and the tables in the order kam writes them, as a
    // streaming reader meets them in a real export.
    let mut out = BufWriter::new(File::create(path)?);
    write!(
        out,
        r#"{{"format":"kam-export","version":2,"exported_at":"{today}T00:00:00Z""#
    )?;
    for (name, mut rows) in tables {
        rows.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
        write!(out, r#","{name}":"#)?;
        serde_json::to_writer(&mut out, &rows)?;
    }
    write!(out, r#","whitespace":[],"matching":[]}}"#)?;
    out.flush()?;
    Ok(())
}

/// Account number `a` and everything recorded about it, table by table in
/// the order of [`write`]'s tables.
fn account(d: &mut Draw, a: usize, size: Size) -> [Vec<Value>; 7] {
    let name = if a == 0 {
        "Nordmole Crane Terminals GmbH".to_string()
    } else {
        let word = d.pick(WORDS);
        let mut first = format!("{}{}", d.pick(SYLLABLES), d.pick(SYLLABLES));
        first[..1].make_ascii_uppercase();
        let mut word = word.to_string();
        word[..1].make_ascii_uppercase();
        format!("{first} {word} {a:03} {}", d.pick(SUFFIXES))
    };
    let account_id = d.id();
    let cadence = [30, 45, 60][d.rng.usize(..3)];
    let mut out: [Vec<Value>; 7] = Default::default();
    out[0].push(json!({
        "id": account_id, "name": name, "industry": d.pick(INDUSTRIES),
        "offerings": format!("Spare parts, field engineering and MaintainIQ licences {}", d.words(6)),
        "annual_revenue": d.rng.i64(200..=5000) * 1000, "prior_revenue": d.rng.i64(200..=5000) * 1000,
        "share_of_wallet": d.rng.u8(5..=80), "stage": d.pick(STAGES),
        "value_proposition": d.words(12), "differentiation": d.words(12), "customers": d.words(8),
        "last_review": d.days(-200..=-1), "proof_cadence_days": cadence,
        "created_at": d.stamp(), "updated_at": d.stamp(),
    }));
    let mut issue_ids = Vec::new();
    for i in 0..size.issues {
        let issue_id = d.id();
        issue_ids.push(issue_id.clone());
        out[1].push(json!({
            "id": issue_id, "account_id": account_id,
            "statement": format!("Issue {i}: our {} stops when {} run out at plant {i}", d.words(3), d.words(4)),
            "kind": d.pick(&["goal", "pressure", "initiative", "obstacle"]),
            "said_by": format!("{} {}", d.pick(FIRST), d.pick(LAST)),
            "said_on": d.days(-900..=-1), "confirmed": false, "confirmed_by": "",
            "importance": d.pick(&["low", "medium", "high", "critical"]),
            "status": d.pick(&["open", "open", "resolved", "parked"]),
            "time_frame": d.pick(&["past", "present", "future"]),
            "created_at": d.stamp(), "updated_at": d.stamp(),
        }));
        for p in 0..2 {
            let plan_id = d.id();
            let steps: Vec<Value> = (0..3)
                .map(|n| {
                    json!({"id": d.id(), "text": format!("Step {n}: {}", d.words(4)),
                           "done": n == 0, "due": d.days(-30..=60)})
                })
                .collect();
            out[2].push(json!({
                "id": plan_id, "issue_id": issue_ids[i],
                "title": format!("Plan {p} for issue {i}: {}", d.words(4)), "detail": d.words(20),
                "uses_product": p == 0, "owner": d.pick(FIRST), "due": d.days(-60..=120),
                "status": if p == 0 { "in_progress" } else { "proposed" },
                "billable_hours": d.rng.u8(0..=40) as f64, "non_billable_hours": d.rng.u8(0..=20) as f64,
                "steps": steps, "created_at": d.stamp(), "updated_at": d.stamp(),
            }));
        }
    }
    let proofs = size.proofs + if a == 0 { size.big_proofs } else { 0 };
    for n in 0..proofs {
        // Spread over ten years, newest first.
        let back = (n * 3650 / proofs.max(1)) as i64;
        let issue = (n % 5 == 0 && !issue_ids.is_empty())
            .then(|| issue_ids[d.rng.usize(..issue_ids.len())].clone());
        out[3].push(json!({
            "id": d.id(), "account_id": account_id, "date": d.day(-back),
            "statement": format!("Delivered result {n}: {}", d.words(8)),
            "value": (n % 2 == 0).then(|| format!("{} %", 90 + n % 10)),
            "issue_id": issue, "plan_id": null, "acknowledged": n % 3 == 0,
            "created_at": d.stamp(), "updated_at": d.stamp(),
        }));
    }
    let mut people: Vec<String> = Vec::new();
    for s in 0..size.stakeholders {
        let (first, last) = (d.pick(FIRST), d.pick(LAST));
        let id = d.id();
        let influence = [
            Some("economic_buyer"),
            Some("technical"),
            Some("user"),
            Some("coach"),
            None,
        ][d.rng.usize(..5)];
        out[4].push(json!({
            "id": id, "account_id": account_id, "name": format!("{first} {last} {s}"),
            "title": d.pick(TITLES),
            "email": format!("{}.{}{s}@example.com", first.to_lowercase(), last.to_lowercase()),
            "phone": "+49 651 9930 214", "reports_to": people.first(),
            "influence": influence,
            "attitude": d.pick(&["champion", "supporter", "neutral", "sceptic", "opponent"]),
            "last_contact": d.days(-120..=-1), "cadence_days": (s % 3 == 0).then_some(30),
            "owner": d.pick(FIRST), "created_at": d.stamp(), "updated_at": d.stamp(),
        }));
        people.push(id);
    }
    for _ in 0..size.conversations {
        let attendees: Vec<&String> = match people.len() {
            0 => Vec::new(),
            1 => vec![&people[0]],
            n => {
                let first = d.rng.usize(..n);
                let second = (first + 1 + d.rng.usize(..n - 1)) % n;
                vec![&people[first], &people[second]]
            }
        };
        out[5].push(json!({
            "id": d.id(), "account_id": account_id, "date": d.days(-700..=0),
            "forum": d.pick(FORUMS), "attendees": attendees,
            "time_frame": d.pick(&["past", "present", "future"]), "summary": d.words(15),
            "billable_hours": d.rng.u8(0..=4) as f64, "non_billable_hours": d.rng.u8(0..=4) as f64,
            "created_at": d.stamp(), "updated_at": d.stamp(),
        }));
    }
    for s in 0..size.assessments {
        let now = d.rng.usize(..4);
        let signals: Vec<&str> = (0..8).map(|_| d.pick(&["yes", "partly", "no"])).collect();
        let ratings: Vec<Value> = (0..4)
            .map(|_| json!({"score": d.rng.u8(1..=5), "reason": d.words(5)}))
            .collect();
        out[6].push(json!({
            "id": d.id(), "account_id": account_id, "date": d.day(-(90 * s as i64 + 10)),
            "signals": signals, "ratings": ratings, "stage": d.pick(STAGES),
            "ladder_now": LADDER[now], "ladder_aim": LADDER[d.rng.usize(now..=4)], "note": d.words(6),
            "created_at": d.stamp(), "updated_at": d.stamp(),
        }));
    }
    out
}
