//! The customer organisation and our relationship with it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::choice::choice_enum;
use super::id::Id;
use super::search::folded_words;
use super::team::{TeamMember, team_problem};
use super::validation::{Checker, Invalid};

choice_enum! {
    /// How far the relationship has come, from transactional to integrated.
    pub enum RelationshipStage {
        Exploratory => ("exploratory", "Exploratory"),
        Basic => ("basic", "Basic"),
        Cooperative => ("cooperative", "Cooperative"),
        Interdependent => ("interdependent", "Interdependent"),
        Integrated => ("integrated", "Integrated"),
    }
}

/// The proof cadence of a new account, in days.
pub const DEFAULT_PROOF_CADENCE_DAYS: u32 = 30;

fn default_proof_cadence() -> u32 {
    DEFAULT_PROOF_CADENCE_DAYS
}

/// The review interval of a new account, in days.
pub const DEFAULT_REVIEW_INTERVAL_DAYS: u32 = 90;

fn default_review_interval() -> u32 {
    DEFAULT_REVIEW_INTERVAL_DAYS
}

/// The currency of an account when neither it nor the configuration names
/// one.
pub const DEFAULT_CURRENCY: &str = "EUR";

fn default_currency() -> String {
    DEFAULT_CURRENCY.to_string()
}

/// The active ISO 4217 currency codes, in alphabetical order.
const CURRENCY_CODES: &str = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG";

/// Whether `code` is an active ISO 4217 currency code, e.g. `EUR`, `USD`,
/// `CHF` (capitals, as the standard writes them).
pub fn is_currency_code(code: &str) -> bool {
    code.len() == 3 && CURRENCY_CODES.split(' ').any(|c| c == code)
}

/// `years` as a revenue history: oldest first, one entry a year (the last
/// given for a year wins).
pub fn revenue_by_year(mut years: Vec<YearRevenue>) -> Vec<YearRevenue> {
    years.sort_by_key(|r| r.year);
    years.dedup_by(|later, earlier| {
        let same = later.year == earlier.year;
        if same {
            earlier.amount = later.amount;
        }
        same
    });
    years
}

/// `history` with the revenue an account kept before it kept one per year
/// (`annual` for the year before `reference_year`, `prior` for the year
/// before that), each added only where the history holds nothing for that
/// year or later: what the history says wins.
pub fn with_single_revenues(
    history: Vec<YearRevenue>,
    annual: Option<i64>,
    prior: Option<i64>,
    reference_year: i32,
) -> Vec<YearRevenue> {
    let known_from = history.iter().map(|y| y.year).max();
    let mut years = history;
    for (year, amount) in [(reference_year - 1, annual), (reference_year - 2, prior)] {
        if let Some(amount) = amount.filter(|_| known_from.is_none_or(|known| known < year)) {
            years.push(YearRevenue { year, amount });
        }
    }
    revenue_by_year(years)
}

/// Our revenue with the customer in one calendar year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearRevenue {
    /// The year, e.g. 2025.
    pub year: i32,
    /// The revenue, in whole units of the account's currency.
    pub amount: i64,
}

/// A customer account and the manager's understanding of its business.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// Stable id.
    pub id: Id,
    /// The customer's name.
    pub name: String,
    /// The customer's industry.
    pub industry: String,
    /// What we sell them.
    pub offerings: String,
    /// Our estimated share of the customer's spend in our area, in percent.
    pub share_of_wallet: Option<u8>,
    /// Where the relationship stands.
    pub stage: RelationshipStage,
    /// The customer's own value proposition to its customers.
    pub value_proposition: String,
    /// How the customer differs from its competitors.
    pub differentiation: String,
    /// Who the customer's customers are.
    pub customers: String,
    /// When the account was last reviewed.
    pub last_review: Option<NaiveDate>,
    /// The longest the proof log may stay silent, in days, before the
    /// account is flagged.
    #[serde(default = "default_proof_cadence")]
    pub proof_cadence_days: u32,
    /// Our revenue with the customer per year, oldest first, one entry a
    /// year: the one source of every revenue figure (the latest year's, the
    /// change year on year, the revenue trend of its health).
    #[serde(default)]
    pub revenue_history: Vec<YearRevenue>,
    /// The ISO 4217 code of the currency its figures are in.
    #[serde(default = "default_currency")]
    pub currency: String,
    /// The longest the account may go without a review (an assessment), in
    /// days, before the agenda says a review is coming up.
    #[serde(default = "default_review_interval")]
    pub review_interval_days: u32,
    /// Our people on the account, each with a role: who takes the team's
    /// matching test.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub team: Vec<TeamMember>,
    /// When the record was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When the record last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

impl Account {
    /// A new account with only a name.
    pub fn new(name: impl Into<String>) -> Self {
        let now = Utc::now();
        Self {
            id: Id::new(),
            name: name.into(),
            industry: String::new(),
            offerings: String::new(),
            share_of_wallet: None,
            stage: RelationshipStage::Exploratory,
            value_proposition: String::new(),
            differentiation: String::new(),
            customers: String::new(),
            last_review: None,
            proof_cadence_days: DEFAULT_PROOF_CADENCE_DAYS,
            revenue_history: Vec::new(),
            currency: default_currency(),
            review_interval_days: DEFAULT_REVIEW_INTERVAL_DAYS,
            team: Vec::new(),
            created_at: now,
            updated_at: now,
        }
    }

    /// The latest year of the revenue history: the account's revenue as
    /// every screen shows it.
    pub fn latest_revenue(&self) -> Option<YearRevenue> {
        self.revenue_history.last().copied()
    }

    /// The year before the latest in the revenue history, what the change
    /// year on year compares with.
    pub fn previous_revenue(&self) -> Option<YearRevenue> {
        let [.., previous, _] = self.revenue_history.as_slice() else {
            return None;
        };
        Some(*previous)
    }

    /// When the account was last reviewed: the review date entered, or its
    /// latest assessment (`last_assessment`) when that is later, since
    /// recording an assessment counts as a review.
    pub fn last_reviewed(&self, last_assessment: Option<NaiveDate>) -> Option<NaiveDate> {
        self.last_review.max(last_assessment)
    }

    /// Checks every field; the errors name the fields.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut c = Checker::default();
        c.required("name", &self.name);
        c.short_text("name", &self.name);
        c.short_text("industry", &self.industry);
        c.long_text("offerings", &self.offerings);
        c.long_text("value_proposition", &self.value_proposition);
        c.long_text("differentiation", &self.differentiation);
        c.long_text("customers", &self.customers);
        c.check(
            self.proof_cadence_days == 0 || self.proof_cadence_days > 3660,
            "proof_cadence_days",
            "must be from 1 to 3660 days",
        );
        c.check(
            self.review_interval_days == 0 || self.review_interval_days > 3660,
            "review_interval_days",
            "must be from 1 to 3660 days",
        );
        c.check(
            !is_currency_code(&self.currency),
            "currency",
            "must be an ISO 4217 currency code, e.g. EUR, USD or CHF",
        );
        c.check(
            self.revenue_history.iter().any(|r| r.amount < 0),
            "revenue_history",
            "must not be negative",
        );
        c.check(
            self.revenue_history
                .windows(2)
                .any(|w| w[0].year >= w[1].year),
            "revenue_history",
            "must list each year once, oldest first",
        );
        c.check(
            self.share_of_wallet.is_some_and(|s| s > 100),
            "share_of_wallet",
            "must be a percentage from 0 to 100",
        );
        if let Some(problem) = team_problem(&self.team) {
            c.check(true, "team", &problem);
        }
        c.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_account_is_valid() {
        assert!(Account::new("Nordwerk").validate().is_ok());
    }

    #[test]
    fn a_currency_is_an_iso_4217_code() {
        for good in ["EUR", "USD", "CHF", "JPY", "AED", "ZWG"] {
            assert!(is_currency_code(good), "{good}");
        }
        for bad in ["eur", "EURO", "XYZ", "", "E R", "€"] {
            assert!(!is_currency_code(bad), "{bad}");
        }
        let mut a = Account::new("Nordwerk");
        a.currency = "Euro".into();
        let errors = a.validate().unwrap_err().0;
        assert_eq!(errors[0].field, "currency");
    }

    #[test]
    fn the_revenue_history_holds_each_year_once_oldest_first() {
        let mut a = Account::new("Nordwerk");
        let y = |year, amount| YearRevenue { year, amount };
        a.revenue_history =
            revenue_by_year(vec![y(2025, 10), y(2023, 30), y(2025, 12), y(2024, 20)]);
        assert_eq!(a.revenue_history, [y(2023, 30), y(2024, 20), y(2025, 12)]);
        assert!(a.validate().is_ok());
        a.revenue_history = vec![y(2025, 1), y(2024, 2)];
        assert_eq!(a.validate().unwrap_err().0[0].field, "revenue_history");
        a.revenue_history = vec![y(2025, -1)];
        assert_eq!(a.validate().unwrap_err().0[0].field, "revenue_history");
    }

    #[test]
    fn errors_name_their_fields() {
        let mut a = Account::new("  ");
        a.share_of_wallet = Some(140);
        a.revenue_history = vec![YearRevenue {
            year: 2025,
            amount: -1,
        }];
        let fields: Vec<_> = a
            .validate()
            .unwrap_err()
            .0
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["name", "revenue_history", "share_of_wallet"]);
    }

    #[test]
    fn the_latest_and_previous_revenue_come_from_the_history() {
        let y = |year, amount| YearRevenue { year, amount };
        let mut a = Account::new("Nordwerk");
        assert_eq!((a.latest_revenue(), a.previous_revenue()), (None, None));
        a.revenue_history = vec![y(2025, 12)];
        assert_eq!(
            (a.latest_revenue(), a.previous_revenue()),
            (Some(y(2025, 12)), None)
        );
        a.revenue_history = vec![y(2022, 8), y(2024, 10), y(2025, 12)];
        assert_eq!(a.latest_revenue(), Some(y(2025, 12)));
        assert_eq!(a.previous_revenue(), Some(y(2024, 10)));
    }

    #[test]
    fn single_revenues_join_the_history_only_where_it_knows_nothing_later() {
        let y = |year, amount| YearRevenue { year, amount };
        assert_eq!(
            with_single_revenues(Vec::new(), Some(12), Some(10), 2026),
            [y(2024, 10), y(2025, 12)]
        );
        assert_eq!(
            with_single_revenues(vec![y(2023, 7)], Some(12), None, 2026),
            [y(2023, 7), y(2025, 12)]
        );
        let known = vec![y(2024, 9), y(2025, 11)];
        assert_eq!(
            with_single_revenues(known.clone(), Some(12), Some(10), 2026),
            known
        );
        assert_eq!(with_single_revenues(known.clone(), None, None, 2026), known);
    }
}

/// The result of looking a record up by the start of its name: an
/// account by its name, an issue by its statement, a plan by its title.
#[derive(Debug, PartialEq)]
pub enum NameMatch<'a, T = Account> {
    /// Exactly one record fits.
    One(&'a T),
    /// No record fits.
    None,
    /// Several records fit; their names are the candidates.
    Many(Vec<&'a T>),
}

/// Finds the account `query` names: its words start words of the name, in
/// order and one after another, from any word on ("bera" and "groupe ber"
/// find "Groupe Béranger"). Case and accents are ignored, and emoji and
/// punctuation only separate words. A name whose words are exactly the
/// query's wins over longer names.
pub fn match_name<'a>(accounts: &'a [Account], query: &str) -> NameMatch<'a> {
    match_by(accounts, |a| &a.name, query)
}

/// Finds the record whose `name` `query` names, as [`match_name`] finds an
/// account: an issue by its statement, a plan by its title.
pub fn match_by<'a, T>(items: &'a [T], name: impl Fn(&T) -> &str, query: &str) -> NameMatch<'a, T> {
    let q = folded_words(query);
    if q.is_empty() {
        return NameMatch::None;
    }
    let named: Vec<(&T, Vec<String>)> = items
        .iter()
        .map(|item| (item, folded_words(name(item))))
        .collect();
    let exact: Vec<&T> = named
        .iter()
        .filter(|(_, words)| *words == q)
        .map(|(item, _)| *item)
        .collect();
    let found = if exact.is_empty() {
        named
            .iter()
            .filter(|(_, words)| {
                words
                    .windows(q.len())
                    .any(|w| w.iter().zip(&q).all(|(word, term)| word.starts_with(term)))
            })
            .map(|(item, _)| *item)
            .collect()
    } else {
        exact
    };
    match found.len() {
        0 => NameMatch::None,
        1 => NameMatch::One(found[0]),
        _ => NameMatch::Many(found),
    }
}

#[cfg(test)]
mod match_tests {
    use super::*;

    #[test]
    fn prefixes_match_case_insensitively() {
        let list = vec![
            Account::new("Nordmole Terminals"),
            Account::new("Nordwerk"),
            Account::new("Élan"),
        ];
        assert!(
            matches!(match_name(&list, "nordm"), NameMatch::One(a) if a.name == "Nordmole Terminals")
        );
        assert!(matches!(match_name(&list, "élan"), NameMatch::One(_)));
        assert!(matches!(match_name(&list, "Nord"), NameMatch::Many(v) if v.len() == 2));
        assert_eq!(match_name(&list, "Acme"), NameMatch::None);
        assert_eq!(match_name(&list, "  "), NameMatch::None);
    }

    #[test]
    fn any_word_of_the_name_may_start_the_match() {
        let list = vec![
            Account::new("Groupe Béranger Agroalimentaire"),
            Account::new("🚀 Rocket Labs"),
            Account::new("Valdemoro Automoción S.L."),
            Account::new("Nordmole Container Terminals GmbH"),
            Account::new("Hafen Nordwerk"),
        ];
        let one = |query: &str| match match_name(&list, query) {
            NameMatch::One(a) => a.name.clone(),
            other => panic!("{query}: {other:?}"),
        };
        assert_eq!(one("beranger"), "Groupe Béranger Agroalimentaire");
        assert_eq!(one("BÉRA"), "Groupe Béranger Agroalimentaire");
        assert_eq!(one("groupe ber"), "Groupe Béranger Agroalimentaire");
        assert_eq!(one("agro"), "Groupe Béranger Agroalimentaire");
        assert_eq!(one("rocket"), "🚀 Rocket Labs");
        assert_eq!(one("🚀 labs"), "🚀 Rocket Labs");
        assert_eq!(one("automocion"), "Valdemoro Automoción S.L.");
        assert_eq!(one("container term"), "Nordmole Container Terminals GmbH");
        assert!(matches!(match_name(&list, "nord"), NameMatch::Many(v) if v.len() == 2));
        assert_eq!(match_name(&list, "terminals container"), NameMatch::None);
        assert_eq!(match_name(&list, "🚀"), NameMatch::None);
        assert_eq!(
            match_name(&list, "oupe"),
            NameMatch::None,
            "only starts of words"
        );
    }

    #[test]
    fn an_exact_name_beats_longer_ones() {
        let list = vec![Account::new("Acme"), Account::new("Acme Europe")];
        assert!(matches!(match_name(&list, "acme"), NameMatch::One(a) if a.name == "Acme"));
    }
}
