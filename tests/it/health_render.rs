//! Health and money on screen: the "why" popup and the map of a slipping
//! account, and the cost to serve of a portfolio in two currencies.

use chrono::NaiveDate;
use kam::domain::{
    Account, Answer, Assessment, Attitude, Conversation, Influence, ProofStatement, Rating,
    RelationshipStage, Stakeholder, TimeFrame, YearRevenue,
};
use kam::store::Store;
use kam::tui::app::App;

use crate::support::tui::{app_on, press, screen};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a valid date")
}

fn years(amounts: &[(i32, i64)]) -> Vec<YearRevenue> {
    amounts
        .iter()
        .map(|&(year, amount)| YearRevenue { year, amount })
        .collect()
}

/// Two accounts: Brennholt, large, in euros, the slipping account
/// (revenue −17 % year on year, the basic stage, strategic score 33, a
/// sceptical economic buyer); Klinikverbund, small, in Swiss francs,
/// growing, assessed strategic, with an executive review on 2 November.
fn app() -> App {
    let mut store = Store::open_in_memory().expect("in-memory store");
    let mut big = Account::new("Brennholt Verpackung");
    big.revenue_history = crate::support::revenue(&[(2024, 2_510_000), (2025, 2_083_000)]);
    big.revenue_history = years(&[(2023, 2_900_000), (2024, 2_510_000), (2025, 2_083_000)]);
    big.stage = RelationshipStage::Basic;
    let big = store.save_account(&big).expect("saved");
    let mut vogel = Stakeholder::new(big.id, "Dieter Vogel");
    vogel.influence = Some(Influence::EconomicBuyer);
    vogel.attitude = Attitude::Sceptic;
    store.save_stakeholder(&vogel).expect("saved");
    let mut low = Assessment::new(big.id, d("2026-11-01"), RelationshipStage::Basic);
    for signal in &mut low.signals[..4] {
        *signal = Answer::Yes;
    }
    low.ratings = std::array::from_fn(|_| Rating {
        score: 1,
        reason: String::new(),
    });
    store.save_assessment(&low).expect("saved");
    store
        .save_proof(&ProofStatement::new(
            big.id,
            d("2026-11-20"),
            "99 % on time",
        ))
        .expect("saved");

    let mut small = Account::new("Klinikverbund Oberrhein");
    small.revenue_history = crate::support::revenue(&[(2025, 186_000)]);
    small.revenue_history = years(&[(2024, 142_000), (2025, 186_000)]);
    small.currency = "CHF".into();
    small.stage = RelationshipStage::Interdependent;
    let small = store.save_account(&small).expect("saved");
    let mut high = Assessment::new(small.id, d("2026-11-02"), RelationshipStage::Interdependent);
    high.signals = [Answer::Yes; 8];
    store.save_assessment(&high).expect("saved");
    let mut exec = Conversation::new(small.id, d("2026-11-02"), "Executive review");
    exec.executive_review = true;
    exec.time_frame = TimeFrame::Future;
    store.save_conversation(&exec).expect("saved");
    app_on(store)
}

#[test]
fn why_says_a_slipping_account_is_at_risk_in_those_words() {
    let mut app = app();
    // The portfolio lists it second, after the account without proof.
    press(&mut app, "g j w");
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("Why Brennholt Verpackung is at risk"),
        "{text}"
    );
    assert!(
        text.contains("At risk whatever its size: falling revenue trend (−17 % year on year"),
        "{text}"
    );
    assert!(
        text.contains("sceptical economic buyer (Dieter Vogel)"),
        "{text}"
    );
    for factor in ["Revenue trend", "Relationship stage", "Economic buyer"] {
        assert!(text.contains(factor), "no {factor:?}:\n{text}");
    }
    press(&mut app, "Esc p w");
    let private = screen(&app, 120, 40);
    assert!(private.contains("At risk whatever its size"), "{private}");
    assert!(!private.contains("2.08M"), "{private}");
}

#[test]
fn the_map_shows_the_health_word_and_its_reason_beside_the_quadrant() {
    let mut app = app();
    press(&mut app, "m g");
    let text = screen(&app, 120, 40);
    assert!(text.contains("Brennholt Verpackung · score 33"), "{text}");
    assert!(text.contains("revenue 2.08M EUR"), "{text}");
    assert!(
        text.contains("health at risk whatever its size: falling revenue trend"),
        "{text}"
    );
}

#[test]
fn the_cost_to_serve_totals_each_currency_apart() {
    let mut app = app();
    press(&mut app, "m BackTab");
    let text = screen(&app, 120, 40);
    assert!(text.contains("Cost to serve, last 4 quarters"), "{text}");
    let row = |label: &str| {
        text.lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("no {label:?}:\n{text}"))
            .to_string()
    };
    assert!(row("Portfolio in CHF").contains("186k CHF"), "{text}");
    assert!(row("Portfolio in EUR").contains("2.08M EUR"), "{text}");
    assert!(
        !text.contains("2.27M"),
        "francs and euros added up:\n{text}"
    );
}

#[test]
fn the_portfolio_shows_the_last_executive_review() {
    let mut app = app();
    press(&mut app, "g");
    let text = screen(&app, 160, 50);
    assert!(
        text.contains("Last executive review  2026-11-02 (21 d ago)"),
        "{text}"
    );
    // Figures show their currency; the health word is whole.
    assert!(text.contains("186k CHF"), "{text}");
    assert!(text.contains("40 at risk"), "{text}");
    press(&mut app, "j");
    let text = screen(&app, 160, 50);
    assert!(text.contains("Last executive review  none yet"), "{text}");
}
