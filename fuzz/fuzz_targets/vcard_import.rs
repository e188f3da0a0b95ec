//! The contacts importer (`kam import FILE.vcf`): no input panics, and the
//! people it reads, written as kam exports them, read back the same.

#![no_main]

use kam::domain::{Account, Stakeholder};
use kam::export::vcard;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(cards) = vcard::read(text) else {
        return;
    };
    for card in cards.into_iter().filter(|c| !c.person.name.is_empty()) {
        let account = Account::new(card.organisation.clone());
        let mut person = Stakeholder::new(account.id, card.person.name.clone());
        person.title = card.person.title.clone();
        person.email = card.person.email.clone();
        person.phone = card.person.phone.clone();
        let written = vcard::write(&account, &[person]);
        let back = vcard::read(&written).expect("a written card reads");
        assert_eq!(back, [card], "{written}");
    }
});
