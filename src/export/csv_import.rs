//! Accounts and stakeholders from a CRM's CSV export (Salesforce, HubSpot
//! and the like): columns are recognised by their usual names, every row is
//! checked on its own, and a bad row is reported, not fatal.
//!
//! A row naming a person (first, last or full name) and an account or
//! company becomes a stakeholder of that account, created if missing. A row
//! with only account columns becomes an account. Accounts are matched by
//! name, ignoring case; an existing account only gets an industry where it
//! has none, and an annual revenue (as last year's) where it has no revenue
//! recorded for any year.

use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, Datelike, Utc};

use super::people::{People, Person, key, pick};
use crate::domain::{Account, Id, Stakeholder, YearRevenue};
use crate::store::Snapshot;
use crate::text::truncate;

/// A kam field a CSV column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The account's (company's) name.
    AccountName,
    /// The account's industry.
    Industry,
    /// Our annual revenue with the account.
    AnnualRevenue,
    /// The stakeholder's first name.
    FirstName,
    /// The stakeholder's last name.
    LastName,
    /// The stakeholder's full name.
    FullName,
    /// The stakeholder's job title.
    Title,
    /// The stakeholder's email address.
    Email,
    /// The stakeholder's phone number.
    Phone,
}

impl Field {
    /// The field's name in reports.
    pub fn label(self) -> &'static str {
        match self {
            Self::AccountName => "account name",
            Self::Industry => "account industry",
            Self::AnnualRevenue => "account annual revenue",
            Self::FirstName => "stakeholder first name",
            Self::LastName => "stakeholder last name",
            Self::FullName => "stakeholder name",
            Self::Title => "stakeholder title",
            Self::Email => "stakeholder email",
            Self::Phone => "stakeholder phone",
        }
    }
}

/// Column names kam recognises, normalised (lower case, letters and digits
/// only), in order of preference: when several columns fill one field, the
/// first non-empty one in this table wins.
const COLUMNS: &[(&str, Field)] = &[
    // Salesforce: "Account Name" (accounts and contacts), "Account.Name"
    // (Data Loader), "Account: Account Name" (reports). HubSpot: "Company
    // name" (companies), "Associated Company" and "Company Name" (contacts).
    ("accountname", Field::AccountName),
    ("accountaccountname", Field::AccountName),
    ("associatedcompany", Field::AccountName),
    ("associatedcompanyprimary", Field::AccountName),
    ("companyname", Field::AccountName),
    ("company", Field::AccountName),
    ("organization", Field::AccountName),
    ("organisation", Field::AccountName),
    ("industry", Field::Industry),
    ("accountindustry", Field::Industry),
    ("annualrevenue", Field::AnnualRevenue),
    ("accountannualrevenue", Field::AnnualRevenue),
    ("firstname", Field::FirstName),
    ("lastname", Field::LastName),
    ("fullname", Field::FullName),
    ("contactname", Field::FullName),
    ("contactfullname", Field::FullName),
    ("title", Field::Title),
    ("jobtitle", Field::Title),
    ("email", Field::Email),
    ("emailaddress", Field::Email),
    ("phone", Field::Phone),
    ("phonenumber", Field::Phone),
    ("businessphone", Field::Phone),
    ("workphone", Field::Phone),
    ("mobile", Field::Phone),
    ("mobilephone", Field::Phone),
    ("mobilephonenumber", Field::Phone),
];

/// A row that was not imported, and why. Rows are numbered as a spreadsheet
/// shows them: the header is row 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The row's number.
    pub row: usize,
    /// Why it was refused.
    pub reason: String,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}: {}", self.row, self.reason)
    }
}

/// What a CSV file holds for kam.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CsvImport {
    /// Each recognised column, as the file names it, with the field it fills.
    pub mapped: Vec<(String, Field)>,
    /// The columns kam has no field for.
    pub ignored: Vec<String>,
    /// Data rows read (the header not counted).
    pub rows: usize,
    /// The rows refused, in file order.
    pub rejected: Vec<Rejected>,
    /// The accounts and stakeholders the accepted rows name: new ones,
    /// existing ones the file completes (with a new `updated_at`), and
    /// existing ones it leaves as they are. Ready for `Store::merge`.
    pub records: Snapshot,
}

/// Why a file cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    /// The file has no header row.
    #[error("the file is empty: a CSV export starts with a row of column names")]
    Empty,
    /// The header row is not UTF-8, from the column given (counted from 1).
    #[error("the column names are not UTF-8 text (column {0}); export the file as CSV UTF-8")]
    NotUtf8(usize),
    /// No column names an account or company.
    #[error(
        "no column names an account or company (expected e.g. \"Account Name\" or \
         \"Company Name\"); the columns are: {0}"
    )]
    NoAccountColumn(String),
    /// The CSV reader failed. (Its message is part of this one, and not
    /// repeated as a source.)
    #[error("the file cannot be read as CSV: {0}")]
    Csv(csv::Error),
}

impl From<csv::Error> for CsvError {
    fn from(e: csv::Error) -> Self {
        Self::Csv(e)
    }
}

/// Reads a CRM export from `bytes` (a UTF-8 byte-order mark, Windows line
/// endings, quoted fields with commas or line breaks, and `;` or tab
/// separators are all fine) against the records `existing` in the database.
/// New and changed records are stamped `now`.
pub fn read(bytes: &[u8], existing: &Snapshot, now: DateTime<Utc>) -> Result<CsvImport, CsvError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(bytes))
        .flexible(true)
        .has_headers(false)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let header = records.next().ok_or(CsvError::Empty)??;
    let names: Vec<String> = header
        .iter()
        .zip(1..)
        .map(|(h, column)| {
            std::str::from_utf8(h)
                .map(|h| h.trim().to_string())
                .map_err(|_| CsvError::NotUtf8(column))
        })
        .collect::<Result<_, _>>()?;
    let columns = Columns::new(&names);
    if !columns.by_field.contains_key(&Field::AccountName) {
        return Err(CsvError::NoAccountColumn(names.join(", ")));
    }
    let mut import = CsvImport {
        mapped: columns.mapped.clone(),
        ignored: columns.ignored.clone(),
        ..CsvImport::default()
    };
    let mut merger = Merger::new(existing, now);
    let mut rows = RowCounter::new(bytes);
    rows.count(&header);
    for record in records {
        import.rows += 1;
        let (row, outcome) = match record {
            Ok(record) => (
                rows.count(&record),
                decode(&record, &names)
                    .and_then(|values| Row::parse(&columns, &values))
                    .map(|parsed| merger.apply(parsed)),
            ),
            Err(e) => (rows.next_guess(), Err(format!("cannot be read ({e})"))),
        };
        if let Err(reason) = outcome {
            import.rejected.push(Rejected { row, reason });
        }
    }
    import.records = merger.finish();
    Ok(import)
}

/// Numbers rows as a spreadsheet does: by the line a record starts on
/// (blank lines count), less the line breaks inside earlier quoted fields.
struct RowCounter<'a> {
    input: &'a [u8],
    /// Where the last record counted starts.
    offset: usize,
    /// Line breaks before `offset`.
    lines: usize,
    /// Line breaks inside the fields of the records counted.
    breaks_in_fields: usize,
    last: usize,
}

impl<'a> RowCounter<'a> {
    fn new(input: &'a [u8]) -> Self {
        Self {
            input,
            offset: 0,
            lines: 0,
            breaks_in_fields: 0,
            last: 0,
        }
    }

    /// The row `record` is on.
    fn count(&mut self, record: &csv::ByteRecord) -> usize {
        let newline = |b: &u8| *b == b'\n';
        let Some(mut start) = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
        else {
            return self.next_guess();
        };
        // A record's position may be that of blank lines before it.
        while self
            .input
            .get(start)
            .is_some_and(|b| matches!(b, b'\r' | b'\n'))
        {
            start += 1;
        }
        let start = start.clamp(self.offset, self.input.len());
        self.lines += self.input[self.offset..start]
            .iter()
            .filter(|b| newline(b))
            .count();
        self.offset = start;
        let row = (self.lines + 1).saturating_sub(self.breaks_in_fields);
        self.breaks_in_fields += record
            .iter()
            .map(|f| f.iter().filter(|b| newline(b)).count())
            .sum::<usize>();
        self.last = row.max(self.last + 1);
        self.last
    }

    /// The row after the last one counted, for a record that could not be
    /// read.
    fn next_guess(&mut self) -> usize {
        self.last += 1;
        self.last
    }
}

/// Comma, unless the header row has more semicolons or tabs (as spreadsheets
/// in many European locales write).
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let count = |d: u8| first_line.iter().filter(|&&b| b == d).count();
    [b';', b'\t']
        .into_iter()
        .filter(|&d| count(d) > count(b','))
        .max_by_key(|&d| count(d))
        .unwrap_or(b',')
}

/// The row's fields as text, or why not; `names` are the columns'.
fn decode(record: &csv::ByteRecord, names: &[String]) -> Result<Vec<String>, String> {
    let width = names.len();
    if record.len() != width {
        let n = record.len();
        return Err(format!(
            "has {n} field{} where the header has {width} columns",
            if n == 1 { "" } else { "s" }
        ));
    }
    record
        .iter()
        .zip(names)
        .map(|(field, name)| {
            std::str::from_utf8(field)
                .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
                .map_err(|_| {
                    format!(
                        "column “{}” is not UTF-8 text; export the file as CSV UTF-8",
                        truncate(name, NAME_SHOWN)
                    )
                })
        })
        .collect()
}

/// Which columns fill which fields.
struct Columns {
    /// Column indexes per field, in order of preference.
    by_field: HashMap<Field, Vec<usize>>,
    mapped: Vec<(String, Field)>,
    ignored: Vec<String>,
}

impl Columns {
    fn new(names: &[String]) -> Self {
        let found: Vec<Option<(usize, Field)>> = names
            .iter()
            .map(|name| {
                let key = normalise(name);
                COLUMNS
                    .iter()
                    .position(|(alias, _)| *alias == key)
                    .map(|rank| (rank, COLUMNS[rank].1))
            })
            .collect();
        let names_people = found
            .iter()
            .flatten()
            .any(|(_, f)| matches!(f, Field::FirstName | Field::LastName | Field::FullName));
        let mut by_field: HashMap<Field, Vec<(usize, usize)>> = HashMap::new();
        let mut mapped = Vec::new();
        let mut ignored = Vec::new();
        for (index, (name, found)) in names.iter().zip(found).enumerate() {
            // Title, email and phone describe a person; without a name column
            // they are the account's, and kam keeps no such account fields.
            let found = found.filter(|(_, f)| {
                names_people || !matches!(f, Field::Title | Field::Email | Field::Phone)
            });
            match found {
                Some((rank, field)) => {
                    by_field.entry(field).or_default().push((rank, index));
                    mapped.push((name.clone(), field));
                }
                None if name.is_empty() => {}
                None => ignored.push(name.clone()),
            }
        }
        let by_field = by_field
            .into_iter()
            .map(|(field, mut columns)| {
                columns.sort_unstable();
                (field, columns.into_iter().map(|(_, i)| i).collect())
            })
            .collect();
        Self {
            by_field,
            mapped,
            ignored,
        }
    }

    /// The first non-empty value of `field` in `values`.
    fn get<'a>(&self, field: Field, values: &'a [String]) -> &'a str {
        self.by_field
            .get(&field)
            .into_iter()
            .flatten()
            .map(|&i| values[i].as_str())
            .find(|v| !v.is_empty())
            .unwrap_or("")
    }
}

/// Lower case, letters and digits only: "Account: Account Name" and
/// "account_name" both become "accountaccountname" and "accountname".
fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The most columns of a name a rejected row's reason shows.
const NAME_SHOWN: usize = 60;

/// One data row, checked.
struct Row {
    account: String,
    industry: String,
    revenue: Option<i64>,
    person: Option<Person>,
}

impl Row {
    fn parse(columns: &Columns, values: &[String]) -> Result<Self, String> {
        let get = |field| columns.get(field, values).to_string();
        let full = get(Field::FullName);
        let name = if full.is_empty() {
            format!("{} {}", get(Field::FirstName), get(Field::LastName))
                .trim()
                .to_string()
        } else {
            full
        };
        let account = get(Field::AccountName);
        if account.is_empty() {
            return Err(if name.is_empty() {
                "no account or company name".to_string()
            } else {
                format!("stakeholder “{name}” has no account or company name")
            });
        }
        let mut company = Account::new(account.clone());
        company.industry = get(Field::Industry);
        company
            .validate()
            .map_err(|e| format!("account “{}”: {e}", truncate(&account, NAME_SHOWN)))?;
        let revenue_text = get(Field::AnnualRevenue);
        let revenue = parse_revenue(&revenue_text)
            .map_err(|why| format!("annual revenue “{revenue_text}” {why}"))?;
        let person = if name.is_empty() {
            None
        } else {
            let mut check = Stakeholder::new(Id::new(), name.clone());
            check.email = get(Field::Email);
            check.title = get(Field::Title);
            check.phone = get(Field::Phone);
            check
                .validate()
                .map_err(|e| format!("stakeholder “{}”: {e}", truncate(&name, NAME_SHOWN)))?;
            Some(Person {
                name,
                title: check.title,
                email: check.email,
                phone: check.phone,
            })
        };
        Ok(Self {
            account,
            industry: get(Field::Industry),
            revenue,
            person,
        })
    }
}

/// Reads an amount as CRMs write it: `1,200,000`, `$1.2M`, `1200000.00`,
/// `EUR 850k`, `1.200.000,00`. Empty is `None`; the error says why not.
pub fn parse_revenue(text: &str) -> Result<Option<i64>, &'static str> {
    let mut s: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\'' | '_'))
        .collect::<String>()
        .to_lowercase();
    for currency in ["usd", "eur", "gbp", "chf", "$", "€", "£"] {
        if let Some(rest) = s
            .strip_prefix(currency)
            .or_else(|| s.strip_suffix(currency))
        {
            s = rest.to_string();
        }
    }
    if s.is_empty() {
        return Ok(None);
    }
    let (number, factor) = match s.char_indices().find(|(_, c)| c.is_alphabetic()) {
        Some((at, _)) => {
            let factor = match &s[at..] {
                "k" | "t" => 1e3,
                "m" | "mn" | "mio" | "mm" => 1e6,
                "b" | "bn" | "mrd" => 1e9,
                _ => return Err("is not an amount"),
            };
            (&s[..at], factor)
        }
        None => (s.as_str(), 1.0),
    };
    if number.starts_with('-') {
        return Err("must not be negative");
    }
    let plain = plain_decimal(number).ok_or("is not an amount")?;
    let value: f64 = plain.parse().map_err(|_| "is not an amount")?;
    let value = (value * factor).round();
    if !value.is_finite() || value > i64::MAX as f64 / 2.0 {
        return Err("is too large");
    }
    Ok(Some(value as i64))
}

/// Rewrites digits with grouping and decimal separators as `1234.5`: the
/// last of `.` and `,` is the decimal separator when both occur; a lone
/// separator followed by exactly three digits is taken for grouping.
fn plain_decimal(number: &str) -> Option<String> {
    if number.is_empty()
        || !number
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let last_dot = number.rfind('.');
    let last_comma = number.rfind(',');
    let decimal = match (last_dot, last_comma) {
        (Some(d), Some(c)) => Some(d.max(c)),
        (Some(at), None) | (None, Some(at)) => {
            let sep = &number[at..=at];
            let once = number.matches(sep).count() == 1;
            let digits_after = number.len() - at - 1;
            (once && digits_after != 3).then_some(at)
        }
        (None, None) => None,
    };
    let mut plain = String::with_capacity(number.len());
    for (i, c) in number.char_indices() {
        if Some(i) == decimal {
            plain.push('.');
        } else if c.is_ascii_digit() {
            plain.push(c);
        }
    }
    (!plain.is_empty() && plain != ".").then_some(plain)
}

/// Applies accepted rows to the accounts and stakeholders they name.
struct Merger {
    now: DateTime<Utc>,
    accounts: Vec<Account>,
    /// Account name in lower case → position in `accounts`.
    account_index: HashMap<String, usize>,
    /// Accounts the file names, in the order it first names them.
    named_accounts: Vec<usize>,
    people: People,
}

impl Merger {
    fn new(existing: &Snapshot, now: DateTime<Utc>) -> Self {
        let accounts = existing.accounts.clone();
        let account_index = accounts
            .iter()
            .enumerate()
            .map(|(i, a)| (key(&a.name), i))
            .collect();
        Self {
            now,
            accounts,
            account_index,
            named_accounts: Vec::new(),
            people: People::new(&existing.stakeholders, now),
        }
    }

    fn apply(&mut self, row: Row) {
        let a = self.account(&row.account);
        let account = &mut self.accounts[a];
        let mut changed = false;
        if account.industry.trim().is_empty() && !row.industry.is_empty() {
            account.industry = row.industry;
            changed = true;
        }
        if account.revenue_history.is_empty()
            && let Some(amount) = row.revenue
        {
            let year = self.now.year() - 1;
            account.revenue_history = vec![YearRevenue { year, amount }];
            changed = true;
        }
        if changed {
            account.updated_at = self.now;
        }
        let account_id = account.id;
        if let Some(person) = row.person {
            self.people.merge(account_id, person);
        }
    }

    /// The account named `name`, created if missing.
    fn account(&mut self, name: &str) -> usize {
        let index = match self.account_index.get(&key(name)) {
            Some(&i) => i,
            None => {
                let mut account = Account::new(name);
                account.created_at = self.now;
                account.updated_at = self.now;
                self.accounts.push(account);
                self.account_index
                    .insert(key(name), self.accounts.len() - 1);
                self.accounts.len() - 1
            }
        };
        if !self.named_accounts.contains(&index) {
            self.named_accounts.push(index);
        }
        index
    }

    fn finish(self) -> Snapshot {
        Snapshot {
            accounts: pick(self.accounts, &self.named_accounts),
            stakeholders: self.people.named(),
            ..Snapshot::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revenue_as_crms_write_it() {
        let ok = |s: &str| parse_revenue(s).unwrap();
        assert_eq!(ok("1,200,000"), Some(1_200_000));
        assert_eq!(ok("$1.2M"), Some(1_200_000));
        assert_eq!(ok("1200000.00"), Some(1_200_000));
        assert_eq!(ok("EUR 850k"), Some(850_000));
        assert_eq!(ok("1.200.000,00 €"), Some(1_200_000));
        assert_eq!(ok("2,5 Mio"), Some(2_500_000));
        assert_eq!(ok("1.5"), Some(2));
        assert_eq!(ok(" "), None);
        assert_eq!(parse_revenue("n/a"), Err("is not an amount"));
        assert_eq!(parse_revenue("about 2M"), Err("is not an amount"));
        assert_eq!(parse_revenue("-5000"), Err("must not be negative"));
        assert_eq!(parse_revenue("1e400"), Err("is not an amount"));
    }

    #[test]
    fn separators_are_sniffed() {
        assert_eq!(sniff_delimiter(b"Account Name;Industry;Phone\n"), b';');
        assert_eq!(sniff_delimiter(b"Account Name\tIndustry\n"), b'\t');
        assert_eq!(sniff_delimiter(b"\"A;B\",Industry,Phone\n"), b',');
        assert_eq!(sniff_delimiter(b"Account Name"), b',');
    }

    #[test]
    fn column_names_are_matched_loosely() {
        let names = strings(&[
            "ACCOUNT_NAME",
            "first name",
            "Job Title",
            "Website",
            "Company Name",
        ]);
        let columns = Columns::new(&names);
        let mapped: Vec<Field> = columns.mapped.iter().map(|(_, f)| *f).collect();
        assert_eq!(
            mapped,
            [
                Field::AccountName,
                Field::FirstName,
                Field::Title,
                Field::AccountName
            ]
        );
        assert_eq!(columns.ignored, ["Website"]);
        let values = strings(&["", "Ana", "CFO", "x", "Acme"]);
        assert_eq!(columns.get(Field::AccountName, &values), "Acme");
    }

    #[test]
    fn without_a_name_column_personal_columns_are_ignored() {
        let columns = Columns::new(&strings(&["Account Name", "Phone", "Title"]));
        assert_eq!(
            columns.mapped,
            [("Account Name".to_string(), Field::AccountName)]
        );
        assert_eq!(columns.ignored, ["Phone", "Title"]);
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }
}
