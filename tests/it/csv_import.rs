//! Accounts and stakeholders from CRM exports: realistic Salesforce and
//! HubSpot files (fictional people), with their BOMs, Windows line endings,
//! quoted multi-line fields, report footers and bad rows.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use chrono::Utc;
use kam::domain::{Account, Stakeholder};
use kam::export::csv_import::{self, CsvError, CsvImport, Field};
use kam::store::{KindReport, MergeReport, Store};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Reads `bytes` against the store and merges the result.
fn import_bytes(store: &mut Store, bytes: &[u8], dry_run: bool) -> (CsvImport, MergeReport) {
    let existing = store.all_records().unwrap();
    let csv = csv_import::read(bytes, &existing, Utc::now()).unwrap();
    let report = store.merge(&csv.records, dry_run).unwrap();
    (csv, report)
}

fn import(store: &mut Store, name: &str) -> (CsvImport, MergeReport) {
    import_bytes(store, &std::fs::read(fixture(name)).unwrap(), false)
}

fn rejected(csv: &CsvImport) -> Vec<String> {
    csv.rejected.iter().map(ToString::to_string).collect()
}

fn account(store: &Store, name: &str) -> Account {
    store
        .accounts()
        .unwrap()
        .into_iter()
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("no account {name}"))
}

fn person(store: &Store, account_name: &str, name: &str) -> Stakeholder {
    store
        .stakeholders(account(store, account_name).id)
        .unwrap()
        .into_iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no stakeholder {name} at {account_name}"))
}

fn added(n: usize) -> KindReport {
    KindReport {
        added: n,
        ..KindReport::default()
    }
}

#[test]
fn salesforce_accounts_report_with_bad_rows_and_footer() {
    let mut store = Store::open_in_memory().unwrap();
    let (csv, report) = import(&mut store, "salesforce_accounts.csv");

    let mapped: Vec<(&str, Field)> = csv.mapped.iter().map(|(c, f)| (c.as_str(), *f)).collect();
    assert_eq!(
        mapped,
        [
            ("Account Name", Field::AccountName),
            ("Industry", Field::Industry),
            ("Annual Revenue", Field::AnnualRevenue),
        ]
    );
    assert_eq!(
        csv.ignored,
        [
            "Account Owner",
            "Type",
            "Billing City",
            "Billing Country",
            "Website",
            "Phone"
        ]
    );
    assert_eq!(csv.rows, 9);
    assert_eq!(
        rejected(&csv),
        [
            "row 5: annual revenue “n/a” is not an amount",
            "row 6: no account or company name",
            "row 10: has 1 field where the header has 9 columns",
            "row 11: has 1 field where the header has 9 columns",
        ]
    );
    assert_eq!(report.accounts, added(4));

    let names: Vec<String> = store
        .accounts()
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(
        names,
        [
            "Brennholt Verpackung GmbH",
            "Nordmole Container Terminals GmbH",
            "Ostrava Steelworks a.s.",
            "Vallée Agroalimentaire SA",
        ]
    );
    let brennholt = account(&store, "Brennholt Verpackung GmbH");
    assert_eq!(
        brennholt.industry, "Manufacturing",
        "the first row's industry stays"
    );
    assert_eq!(
        brennholt.latest_revenue().map(|r| r.amount),
        Some(410_000_000)
    );
    assert_eq!(
        account(&store, "Nordmole Container Terminals GmbH")
            .latest_revenue()
            .map(|r| r.amount),
        Some(1_200_000)
    );
    assert_eq!(
        account(&store, "Vallée Agroalimentaire SA")
            .latest_revenue()
            .map(|r| r.amount),
        Some(86_500_000)
    );
    let ostrava = account(&store, "Ostrava Steelworks a.s.");
    assert_eq!(
        (
            ostrava.industry.as_str(),
            ostrava.latest_revenue().map(|r| r.amount)
        ),
        ("", None)
    );
}

#[test]
fn salesforce_contacts_join_the_accounts_they_name() {
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, "salesforce_accounts.csv");
    let (csv, report) = import(&mut store, "salesforce_contacts.csv");

    assert_eq!(
        csv.ignored,
        ["Contact Owner", "Mailing City", "Lead Source"]
    );
    assert!(csv.mapped.contains(&("Mobile".to_string(), Field::Phone)));
    assert_eq!(
        rejected(&csv),
        [
            "row 6: stakeholder “Marc Delorme” has no account or company name",
            "row 7: no account or company name",
            "row 8: stakeholder “Priya Raman”: email: must look like name@example.com",
        ]
    );
    assert_eq!(report.stakeholders, added(6));
    assert_eq!(
        report.accounts,
        KindReport {
            unchanged: 3,
            ..KindReport::default()
        }
    );
    assert_eq!(
        store.accounts().unwrap().len(),
        4,
        "no account for rejected rows"
    );

    let vogel = person(&store, "Brennholt Verpackung GmbH", "Dieter Vogel");
    assert_eq!(vogel.title, "Head of Indirect Procurement");
    assert_eq!(vogel.email, "dieter.vogel@brennholt.example");
    assert_eq!(vogel.phone, "+49 6571 4410 212");
    let lindqvist = person(&store, "Brennholt Verpackung GmbH", "Anke Lindqvist");
    assert_eq!(lindqvist.title, "Plant Manager, Wittlich");
    assert_eq!(
        lindqvist.phone, "+49 171 555 0199",
        "mobile when there is no phone"
    );
    person(
        &store,
        "Nordmole Container Terminals GmbH",
        "Katrin Sörensen",
    );
    person(&store, "Ostrava Steelworks a.s.", "Dvořák");
}

#[test]
fn hubspot_contacts_with_bom_crlf_and_multi_line_fields() {
    let bytes = std::fs::read(fixture("hubspot_contacts.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF") && bytes.windows(2).any(|w| w == b"\r\n"));
    let mut store = Store::open_in_memory().unwrap();
    let (csv, report) = import_bytes(&mut store, &bytes, false);

    assert_eq!(
        csv.ignored,
        [
            "Record ID",
            "Street Address",
            "Lifecycle Stage",
            "Contact owner",
            "Create Date"
        ],
        "the BOM is not part of the first column's name"
    );
    assert_eq!(csv.rows, 6, "quoted line breaks do not start rows");
    assert_eq!(
        rejected(&csv),
        [
            "row 5: stakeholder “Bram de Vries” has no account or company name",
            "row 6: annual revenue “about 3 million” is not an amount",
        ]
    );
    assert_eq!(report.accounts, added(2));
    assert_eq!(
        report.stakeholders,
        added(3),
        "the repeated contact is one person"
    );

    let kestrel = account(&store, "Kestrel Pharma Packaging Ltd");
    assert_eq!(kestrel.industry, "HOSPITAL_HEALTH_CARE");
    assert_eq!(kestrel.latest_revenue().map(|r| r.amount), Some(24_500_000));
    let pryce = person(&store, "Kestrel Pharma Packaging Ltd", "Owen Pryce");
    assert_eq!(pryce.title, "Site Engineer, \"Line 3\"");
    let cement = account(&store, "Cementos del Cantábrico S.L.");
    assert_eq!(cement.latest_revenue().map(|r| r.amount), Some(1_200_000));
    assert_eq!(
        person(&store, "Cementos del Cantábrico S.L.", "Lucía Ferrer").title,
        "Jefa de mantenimiento"
    );

    // The same file again changes nothing.
    let (_, again) = import_bytes(&mut store, &bytes, false);
    assert_eq!(again.changed(), 0);
    assert_eq!(again.stakeholders.unchanged, 3);
}

#[test]
fn existing_accounts_only_get_what_they_lack() {
    let mut store = Store::open_in_memory().unwrap();
    let mut kestrel = Account::new("KESTREL pharma packaging ltd");
    kestrel.industry = "Pharmaceutical packaging".into();
    let kestrel = store.save_account(&kestrel).unwrap();
    let mut demir = Stakeholder::new(kestrel.id, "Elif Demir");
    demir.title = "Head of Quality".into();
    store.save_stakeholder(&demir).unwrap();

    let before = store.all_records().unwrap();
    let bytes = std::fs::read(fixture("hubspot_contacts.csv")).unwrap();
    let (_, dry) = import_bytes(&mut store, &bytes, true);
    assert!(dry.dry_run);
    assert_eq!(
        store.all_records().unwrap(),
        before,
        "a dry run writes nothing"
    );

    let (_, report) = import_bytes(&mut store, &bytes, false);
    assert_eq!(
        MergeReport {
            dry_run: true,
            ..report
        },
        dry,
        "as announced"
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
        report.stakeholders,
        KindReport {
            added: 2,
            updated: 1,
            ..KindReport::default()
        }
    );
    let after = store.account(kestrel.id).unwrap();
    assert_eq!(after.name, "KESTREL pharma packaging ltd");
    assert_eq!(after.industry, "Pharmaceutical packaging", "kept");
    assert_eq!(
        after.latest_revenue().map(|r| r.amount),
        Some(24_500_000),
        "filled in"
    );
    let demir = store.stakeholder(demir.id).unwrap();
    assert_eq!(demir.title, "Head of Quality", "kept");
    assert_eq!(demir.email, "elif.demir@kestrel-pp.example", "filled in");
}

#[test]
fn semicolons_and_a_file_without_account_column() {
    let mut store = Store::open_in_memory().unwrap();
    let text = "Company;First Name;Last Name;E-Mail\r\nHarwell Foods plc;Priya;Raman;priya.raman@harwell.example\r\n";
    let (csv, report) = import_bytes(&mut store, text.as_bytes(), false);
    assert!(csv.rejected.is_empty(), "{:?}", csv.rejected);
    assert_eq!((report.accounts.added, report.stakeholders.added), (1, 1));
    assert_eq!(
        person(&store, "Harwell Foods plc", "Priya Raman").email,
        "priya.raman@harwell.example"
    );

    let err = csv_import::read(
        b"First Name,Last Name\nAna,Ruiz\n",
        &store.all_records().unwrap(),
        Utc::now(),
    )
    .unwrap_err();
    assert!(matches!(err, CsvError::NoAccountColumn(_)), "{err}");
    assert!(err.to_string().contains("First Name, Last Name"), "{err}");
    let err = csv_import::read(b"", &store.all_records().unwrap(), Utc::now()).unwrap_err();
    assert!(matches!(err, CsvError::Empty), "{err}");
}

#[test]
fn cli_reports_mapping_rejections_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kam"))
        .env("HOME", dir.path())
        .env_remove("KAM_DB")
        .stdin(Stdio::null())
        .arg("--db")
        .arg(dir.path().join("kam.db"))
        .arg("import")
        .arg(fixture("hubspot_contacts.csv"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8(out.stdout).unwrap();
    for expected in [
        "Columns mapped:",
        "  Job Title → stakeholder title",
        "  Associated Company → account name",
        "Columns ignored (kam has no field for them): Record ID, Street Address",
        "  row 5: stakeholder “Bram de Vries” has no account or company name",
        "accounts: 2 added, 0 updated",
        "stakeholders: 3 added, 0 updated",
    ] {
        assert!(said.contains(expected), "missing {expected:?} in\n{said}");
    }
}

#[test]
fn a_row_with_text_over_its_limit_is_rejected_by_number_and_the_rest_imported() {
    let mut store = Store::open_in_memory().unwrap();
    let long = "x".repeat(50_000);
    let bytes = format!(
        "Account Name,Full Name,Title\n\
         Nordwerk GmbH,Anna Berg,Buyer\n\
         {long},Jon Holm,Buyer\n\
         Nordwerk GmbH,Eva Lund,{long}\n"
    );
    let (csv, report) = import_bytes(&mut store, bytes.as_bytes(), false);
    assert_eq!(
        rejected(&csv),
        [
            format!(
                "row 3: account “{}…”: name: 50,000 characters; the limit is 1,000",
                "x".repeat(59)
            ),
            "row 4: stakeholder “Eva Lund”: title: 50,000 characters; the limit is 1,000"
                .to_string(),
        ]
    );
    assert_eq!(report.stakeholders, added(1));
}
