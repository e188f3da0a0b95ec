use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::*;
use crate::domain::choice::Choice;
use crate::domain::history::Tracked;
use crate::domain::{Account, ProofStatement, RelationshipStage};

fn round_trip(record: &Map<String, Value>) {
    let text = to_text(record);
    let back = from_text(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(&back, record, "{text}");
    assert_eq!(to_text(&back), text);
}

fn one(key: &str, value: impl Into<Value>) -> Map<String, Value> {
    Map::from_iter([(key.to_owned(), value.into())])
}

/// Pieces that a naive line format gets wrong, to build texts from.
const TRICKY: &[&str] = &[
    "\t",
    "\r",
    "\r\n",
    "\n",
    "\n\n",
    " ",
    "  ",
    "\u{200d}",
    "👩\u{200d}💻",
    "\u{202e}",
    "\u{200f}שלום",
    "مرحبا",
    "\u{0}",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "\u{feff}",
    "key: x",
    "k= 1",
    "k:|",
    ":|",
    ": ",
    "= ",
    " x",
    "\"",
    "\"k\": v",
    "\\",
    "é",
    "a",
    "Müller GmbH",
];

fn tricky_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(prop::sample::select(TRICKY), 0..8).prop_map(|p| p.concat()),
        "[ \n\r\t]{0,6}",
    ]
}

fn any_key() -> impl Strategy<Value = String> {
    prop_oneof![3 => "[a-z_]{1,12}", 1 => tricky_text()]
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON has no NaN or infinity", |f| f.is_finite())
            .prop_map(Value::from),
        tricky_text().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(any_key(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_texts_round_trip_exactly(
        fields in prop::collection::btree_map(any_key(), tricky_text(), 0..8),
    ) {
        let record: Map<String, Value> =
            fields.into_iter().map(|(k, v)| (k, Value::String(v))).collect();
        round_trip(&record);
    }

    #[test]
    fn any_values_round_trip_exactly(
        fields in prop::collection::btree_map(any_key(), any_json(), 0..8),
    ) {
        let record: Map<String, Value> = fields.into_iter().collect();
        round_trip(&record);
    }

    #[test]
    fn every_line_is_a_field_or_a_line_of_text(
        fields in prop::collection::btree_map(any_key(), any_json(), 1..8),
    ) {
        let record: Map<String, Value> = fields.into_iter().collect();
        let text = to_text(&record);
        prop_assert!(text.ends_with('\n'));
        let keys = text.split('\n').filter(|l| !l.is_empty() && !l.starts_with(' ')).count();
        prop_assert_eq!(keys, record.len());
    }
}

#[test]
fn each_tricky_text_round_trips_alone_and_among_others() {
    for piece in TRICKY
        .iter()
        .copied()
        .chain(["", "\n", "\n\n\n", " \n ", "x\n"])
    {
        round_trip(&one("note", piece));
        let mut record = one("a", piece);
        record.insert("b".into(), Value::from(format!("{piece}{piece}")));
        record.insert("c".into(), Value::from(vec![piece]));
        record.insert("d".into(), Value::from(piece.len()));
        round_trip(&record);
        round_trip(&one(piece, piece));
    }
}

#[test]
fn each_form_is_written_as_specified() {
    assert_eq!(to_text(&one("name", "Acme ")), "name: Acme \n");
    assert_eq!(to_text(&one("name", "")), "name: \n");
    assert_eq!(to_text(&one("note", "a\nb")), "note:|\n a\n b\n");
    assert_eq!(to_text(&one("note", "a\n")), "note:|\n a\n \n");
    assert_eq!(to_text(&one("note", "\n")), "note:|\n \n \n");
    assert_eq!(to_text(&one("note", " x\r\n")), "note:|\n  x\r\n \n");
    assert_eq!(to_text(&one("hours", 1.5)), "hours= 1.5\n");
    assert_eq!(to_text(&one("due", Value::Null)), "due= null\n");
    assert_eq!(
        to_text(&one("steps", serde_json::json!([{"a": "x\ny", "b": true}]))),
        "steps= [{\"a\":\"x\\ny\",\"b\":true}]\n"
    );
    assert_eq!(to_text(&one("a:b", 1)), "\"a:b\"= 1\n");
    assert_eq!(to_text(&one(" k", "v")), "\" k\": v\n");
    assert_eq!(to_text(&one("", "v")), "\"\": v\n");
    assert_eq!(to_text(&Map::new()), "");
    let mut record = one("zeta", 1);
    record.insert("alpha".into(), "x".into());
    record.insert("Beta".into(), "y".into());
    assert_eq!(to_text(&record), "Beta: y\nalpha: x\nzeta= 1\n");
}

#[test]
fn keys_out_of_order_are_read() {
    let record = from_text("zeta= 1\nalpha: x\n").unwrap();
    assert_eq!(record["alpha"], "x");
    assert_eq!(record["zeta"], 1);
}

#[test]
fn malformed_files_name_the_line_and_what_is_wrong() {
    let cases: &[(&str, usize, Problem)] = &[
        ("name: Acme", 1, Problem::NoFinalNewline),
        ("a: 1\nnote:|\n x\n y", 4, Problem::NoFinalNewline),
        ("a: 1\n\nb: 2\n", 2, Problem::EmptyLine),
        (" stray\n", 1, Problem::StrayTextLine),
        ("a: 1\nb: 2\n  c\n", 3, Problem::StrayTextLine),
        ("just words\n", 1, Problem::UnknownForm),
        ("a: 1\nname:Acme\n", 2, Problem::UnknownForm),
        ("a: 1\nb=1\n", 2, Problem::UnknownForm),
        (": x\n", 1, Problem::UnknownForm),
        ("note:|x\n", 1, Problem::UnknownForm),
        (
            "a: 1\nnote:|\n only one\nb: 2\n",
            2,
            Problem::ShortText("note".into(), 1),
        ),
        ("note:|\n", 1, Problem::ShortText("note".into(), 0)),
        ("a: x\nb: y\na= 2\n", 3, Problem::DuplicateKey("a".into())),
        ("a= \"x\"\n", 1, Problem::TextAsJson("a".into())),
        ("\"a: x\n", 1, Problem::BadQuotedKey),
        ("\"\\q\": x\n", 1, Problem::BadQuotedKey),
        ("\"a\" x\n", 1, Problem::UnknownForm),
    ];
    for (text, line, problem) in cases {
        let err = from_text(text).expect_err(text);
        assert_eq!((err.line, &err.problem), (*line, problem), "{text:?}");
        assert!(err.to_string().starts_with(&format!("line {line}: ")));
    }
    let err = from_text("a: 1\nhours= 1.5.2\n").unwrap_err();
    assert_eq!(err.line, 2);
    assert!(matches!(&err.problem, Problem::BadJson(key, _) if key == "hours"));
    assert!(
        err.to_string().contains("`hours` is not valid JSON"),
        "{err}"
    );
}

#[test]
fn paths_are_written_and_read_back() {
    let account: Id = "0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a01".parse().unwrap();
    let record: Id = "0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a02".parse().unwrap();
    let path = RecordPath::new(RecordKind::Account, account, record);
    assert_eq!(
        path.to_string(),
        "accounts/0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a01/account.kam"
    );
    assert_eq!(path.record, account);
    let proof = RecordPath::new(RecordKind::Proof, account, record);
    assert_eq!(
        proof.to_string(),
        "accounts/0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a01/proofs/02/\
         0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a02.kam"
    );
    let mut folders = HashSet::new();
    for (kind, name) in FOLDERS {
        assert!(folders.insert(name), "{name} twice");
        let path = RecordPath::new(kind, account, record);
        assert_eq!(RecordPath::parse(&path.to_string()), Some(path));
    }
    assert_eq!(folders.len(), RecordKind::ALL.len());
    for other in [
        "",
        "format.kam",
        "accounts",
        "accounts/0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a01",
        "accounts/0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a01/account.json",
        "accounts/0194F3A0-7C2E-7B10-8A3E-5C1D2E3F4A01/account.kam",
        "accounts/0194f3a07c2e7b108a3e5c1d2e3f4a01/account.kam",
        "accounts/0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a01/notes/x.kam",
        "accounts/0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a01//0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a02.kam",
        "accounts/0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a01/proofs/02/\
         0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a02",
        "accounts/0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a01/proofs/02/\
         0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a02.kam/x",
        // A proof belongs in its subfolder, and only there.
        "accounts/0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a01/proofs/\
         0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a02.kam",
        "accounts/0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a01/proofs/03/\
         0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a02.kam",
        "accounts/0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a01/issues/02/\
         0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a02.kam",
        "/accounts/0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a01/account.kam",
    ] {
        assert_eq!(RecordPath::parse(other), None, "{other}");
    }
}

/// Writes each record through the JSON export's form of it, reads it back,
/// and checks the record and its path.
fn check_records<T>(records: &[T], account_of: impl Fn(&T) -> Id, paths: &mut HashSet<String>)
where
    T: Tracked + Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    for record in records {
        let Value::Object(map) = serde_json::to_value(record).unwrap() else {
            panic!("{:?} is not a JSON object", T::KIND);
        };
        let text = to_text(&map);
        let back = from_text(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(back, map, "{text}");
        let typed: T = serde_json::from_value(Value::Object(back)).unwrap();
        assert_eq!(&typed, record);
        let path = RecordPath::new(T::KIND, account_of(record), record.record_id());
        assert_eq!(RecordPath::parse(&path.to_string()), Some(path));
        assert!(paths.insert(path.to_string()), "{path} twice");
    }
}

#[test]
fn every_record_of_the_demo_portfolio_round_trips() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let all = crate::demo::records(today).unwrap();
    let issue_account: HashMap<Id, Id> = all.issues.iter().map(|i| (i.id, i.account_id)).collect();
    let mut paths = HashSet::new();
    check_records(&all.accounts, |a| a.id, &mut paths);
    check_records(&all.stakeholders, |s| s.account_id, &mut paths);
    check_records(&all.issues, |i| i.account_id, &mut paths);
    check_records(&all.plans, |p| issue_account[&p.issue_id], &mut paths);
    check_records(&all.proofs, |p| p.account_id, &mut paths);
    check_records(&all.conversations, |c| c.account_id, &mut paths);
    check_records(&all.assessments, |a| a.account_id, &mut paths);
    check_records(&all.whitespace, |w| w.account_id, &mut paths);
    check_records(&all.matching, |m| m.account_id, &mut paths);
    let kinds: BTreeMap<&str, usize> = paths.iter().fold(BTreeMap::new(), |mut kinds, path| {
        let kind = path.split('/').nth(2).unwrap();
        *kinds.entry(kind).or_default() += 1;
        kinds
    });
    assert_eq!(kinds.len(), FOLDERS.len(), "{kinds:?}");
}

fn fixed_id(n: u8) -> Id {
    format!("0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a{n:02x}")
        .parse()
        .unwrap()
}

fn fixed_time() -> DateTime<Utc> {
    "2026-11-02T09:30:00Z".parse().unwrap()
}

fn record_text(record: &impl Serialize) -> String {
    let Value::Object(map) = serde_json::to_value(record).unwrap() else {
        panic!("not a JSON object");
    };
    to_text(&map)
}

#[test]
fn an_account_file_reads_as_its_fields() {
    let mut account = Account::new("Nordwerk Logistik GmbH");
    account.id = fixed_id(1);
    account.industry = "Logistics".into();
    account.offerings = "Field service, spare parts".into();
    account.revenue_history = vec![crate::domain::YearRevenue {
        year: 2025,
        amount: 1_250_000,
    }];
    account.share_of_wallet = Some(35);
    account.stage = RelationshipStage::Cooperative;
    account.value_proposition =
        "Next-day delivery across the DACH region.\nNo parcel left behind.".into();
    account.differentiation = "Own fleet, own depots".into();
    account.customers = "Online retailers\nand their marketplaces\n".into();
    account.last_review = NaiveDate::from_ymd_opt(2026, 10, 15);
    account.created_at = fixed_time();
    account.updated_at = fixed_time();
    let text = record_text(&account);
    insta::assert_snapshot!(text);
    let path = RecordPath::new(RecordKind::Account, account.id, account.id);
    insta::assert_snapshot!(path.to_string(), @"accounts/0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a01/account.kam");
}

#[test]
fn a_proof_file_reads_as_its_fields() {
    let date = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let mut proof = ProofStatement::new(fixed_id(1), date, "99% of repairs within 4 hours");
    proof.id = fixed_id(2);
    proof.value = Some("99 %".into());
    proof.issue_id = Some(fixed_id(3));
    proof.acknowledged = true;
    proof.created_at = fixed_time();
    proof.updated_at = fixed_time();
    let text = record_text(&proof);
    insta::assert_snapshot!(text);
    let path = RecordPath::new(RecordKind::Proof, proof.account_id, proof.id);
    insta::assert_snapshot!(path.to_string(), @"accounts/0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a01/proofs/02/0194f3a0-7c2e-7b10-8a3e-5c1d2e3f4a02.kam");
}
