//! Money and measure values as typed into a form, a CRM's revenue column
//! and a proof's measured value: no input panics, and a value read back
//! from how kam shows it is the same value.

#![no_main]

use kam::domain::measure::Quantity;
use kam::export::csv_import::parse_revenue;
use kam::tui::screens::forms::parse::{amount, amount_text, hours, hours_text, percent};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(value) = amount(text) {
        assert_eq!(amount(&amount_text(value)), Ok(value), "{text:?}");
    }
    // An infinite number of hours is the record's to refuse (it does).
    if let Ok(value) = hours(text)
        && value.is_finite()
    {
        let shown = hours_text(value);
        let back = hours(&shown).expect("hours read back");
        assert_eq!(back, value, "{text:?} shown as {shown:?}");
    }
    let _ = percent(text);
    let _ = parse_revenue(text);
    if let Some(quantity) = Quantity::parse(text) {
        // Shown to three decimals: read back, it shows the same.
        let shown = quantity.text();
        let back = Quantity::parse(&shown).expect("a quantity read back");
        assert_eq!(back.text(), shown, "{text:?}");
        assert_eq!(back.unit, quantity.unit, "{text:?}");
    }
});
