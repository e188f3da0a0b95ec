//! Contacts files as Apple Contacts, Google Contacts, Outlook and vCard 4.0
//! writers export them, read against the demo portfolio.

use chrono::Utc;
use kam::export::people::Difference;
use kam::export::vcard::{self, Outcome, VcfImport};

use crate::support::tui::today;

fn import(file: &str) -> VcfImport {
    let path = format!(
        "{}/tests/it/fixtures/contacts/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).unwrap();
    let demo = kam::demo::records(today()).unwrap();
    vcard::plan(vcard::read(&text).unwrap(), &demo, None, Utc::now())
}

fn outcomes(import: &VcfImport) -> Vec<(&str, Option<&str>, &Outcome)> {
    import
        .lines
        .iter()
        .map(|l| (l.name.as_str(), l.account.as_deref(), &l.outcome))
        .collect()
}

const NORDMOLE: Option<&str> = Some("Nordmole Container Terminals GmbH");

#[test]
fn apple_contacts_complete_a_known_person_and_add_a_new_one() {
    let import = import("apple.vcf");
    assert_eq!(
        outcomes(&import),
        [
            (
                "Mehmet Yıldız",
                NORDMOLE,
                &Outcome::Completed(vec!["phone"])
            ),
            ("Annika Lindqvist", NORDMOLE, &Outcome::Added),
        ]
    );
    let mehmet = &import.records.stakeholders[0];
    assert_eq!(mehmet.phone, "+49 160 9012 3344", "the preferred phone");
    let annika = &import.records.stakeholders[1];
    assert_eq!(
        annika.title, "Head of Procurement, Equipment and Spare Parts for the Quay and Yard Fleet",
        "the folded line is joined"
    );
    assert_eq!(annika.email, "a.lindqvist@nordmole.de");
}

#[test]
fn google_contacts_keep_what_kam_knows_and_leave_out_strangers() {
    let import = import("google.vcf");
    let lines = outcomes(&import);
    assert_eq!(
        lines[0],
        (
            "Jens Ahlgrimm",
            NORDMOLE,
            &Outcome::Unchanged(vec![
                Difference {
                    field: "title",
                    kept: "COO".into(),
                    theirs: "Chief Operating Officer".into(),
                },
                Difference {
                    field: "phone",
                    kept: "+49 471 4820 100".into(),
                    theirs: "+49 171 222 0100".into(),
                },
            ])
        )
    );
    assert_eq!(
        lines[1],
        (
            "Lena Vos",
            None,
            &Outcome::LeftOut(
                "no account is named “Havenbedrijf Rotterdam”; pass --account to choose one".into()
            )
        )
    );
    assert_eq!(
        lines[2],
        (
            "(no name)",
            None,
            &Outcome::LeftOut("the card has no name".into())
        )
    );
}

#[test]
fn outlook_contacts_fill_in_email_and_phone_matched_by_name() {
    let import = import("outlook.vcf");
    assert_eq!(
        outcomes(&import),
        [
            ("Birte Hansen", NORDMOLE, &Outcome::Completed(vec!["phone"])),
            (
                "Ole Petersen",
                NORDMOLE,
                &Outcome::Completed(vec!["email", "phone"])
            ),
        ]
    );
    assert_eq!(
        import.records.stakeholders[1].email,
        "o.petersen@nordmole.de"
    );
}

#[test]
fn a_version_4_card_matches_by_email_whatever_the_name() {
    let import = import("v4.vcf");
    let [(name, account, Outcome::Unchanged(differences))] = outcomes(&import)[..] else {
        panic!("{:?}", import.lines);
    };
    assert_eq!((name, account), ("Katrin Sörensen", NORDMOLE));
    assert_eq!(differences[0].theirs, "+49-160-555-0310");
    assert_eq!(import.records.stakeholders[0].name, "Dr. Katrin Sörensen");
}
