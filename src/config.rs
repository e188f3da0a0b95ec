//! The configuration file: keys, colours and health weights, in TOML, in
//! the OS config directory or where `KAM_CONFIG` says. A bad file never stops kam: it says which line is wrong and
//! starts with the defaults.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use ratatui::style::Color;

use crate::domain::account::{DEFAULT_CURRENCY, is_currency_code};
use crate::domain::choice::Choice;
use crate::domain::insight::{FactorKind, Weights};

/// The default key bindings shipped with kam, one `[<view>]` section per
/// view: the keymap the interface starts from, and the `[keys]` section of
/// the documented configuration file.
pub const DEFAULT_KEYMAP: &str = include_str!("../assets/keymap.toml");

/// What the configuration decides, as plain data: the interface turns the
/// bindings into its keymap and the colours into its theme.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The user's key bindings over the defaults (`[keys]`).
    pub keys: KeyBindings,
    /// The colours (`[colors]` over the defaults); `None` under `NO_COLOR`,
    /// for the monochrome theme.
    pub colors: Option<Colors>,
    /// How much each factor counts in account health (`[health]`).
    pub weights: Weights,
    /// The currency a new account starts in (`[money]`), an ISO 4217 code.
    pub currency: String,
}

impl Settings {
    /// The defaults, in colour or not.
    pub fn defaults(color: bool) -> Self {
        Self {
            keys: KeyBindings::default(),
            colors: color.then(Colors::default),
            weights: Weights::default(),
            currency: DEFAULT_CURRENCY.to_string(),
        }
    }
}

/// The `[keys]` section as written: a `[keys.<view>]` table per view, each
/// action listed there with its keys. Which views, actions and keys exist
/// is the interface's to check when it applies them to its keymap.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyBindings {
    /// The views' tables, by the view's name.
    pub views: toml::Table,
    /// The configuration file's text, to tell where a binding is written.
    text: String,
}

impl KeyBindings {
    /// The line (1-based) where `action` is bound in the `[keys.<view>]`
    /// section (or, without an action, where the section starts), for
    /// messages about a binding the interface cannot use.
    pub fn line_of(&self, view: &str, action: Option<&str>) -> usize {
        line_of(&self.text, &format!("keys.{view}"), action)
    }
}

/// The few colours a theme is made of; the configuration file can change
/// each of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colors {
    /// Titles, the focused border, keys and the selection.
    pub accent: Color,
    /// Overdue, silent, the banner.
    pub warn: Color,
    /// Errors.
    pub error: Color,
    /// Saved, done, acknowledged.
    pub ok: Color,
    /// Secondary text and borders.
    pub dim: Color,
}

impl Default for Colors {
    fn default() -> Self {
        Self {
            accent: Color::Cyan,
            warn: Color::Yellow,
            error: Color::Red,
            ok: Color::Green,
            dim: Color::DarkGray,
        }
    }
}

/// The environment variable that names another configuration file.
pub const CONFIG_VAR: &str = "KAM_CONFIG";

/// Where kam reads its configuration: the file `KAM_CONFIG` names, else
/// `config.toml` in the OS config directory (`~/.config/kam/` on Linux).
pub fn path() -> Option<PathBuf> {
    match std::env::var_os(CONFIG_VAR) {
        Some(named) if !named.is_empty() => Some(PathBuf::from(named)),
        _ => directories::ProjectDirs::from("", "", "kam")
            .map(|d| d.config_dir().join("config.toml")),
    }
}

/// Reads the configuration at `path`. A missing file means the defaults; a
/// bad one means the defaults plus a message naming the file and line.
pub fn load(path: Option<&Path>, color: bool) -> (Settings, Option<String>) {
    load_checked(path, color, |_| Ok(()))
}

/// Reads the configuration at `path` as [`load`] does, `check` finding the
/// mistakes only the interface can see (a binding of an action it does not
/// have, with its line): such a mistake, too, means the defaults plus a
/// message.
pub fn load_checked(
    path: Option<&Path>,
    color: bool,
    check: impl FnOnce(&Settings) -> Result<(), String>,
) -> (Settings, Option<String>) {
    let Some(path) = path else {
        return (Settings::defaults(color), None);
    };
    match std::fs::read_to_string(path) {
        Ok(text) => match parse(&text, color).and_then(|s| check(&s).map(|()| s)) {
            Ok(settings) => (settings, None),
            Err(e) => (
                Settings::defaults(color),
                Some(format!(
                    "{}: {e}; using the defaults",
                    crate::text::path(path)
                )),
            ),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Settings::defaults(color), None),
        Err(e) => (
            Settings::defaults(color),
            Some(format!(
                "cannot read {}: {e}; using the defaults",
                crate::text::path(path)
            )),
        ),
    }
}

/// Parses a configuration file's text.
pub fn parse(text: &str, color: bool) -> Result<Settings, String> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        // toml's own message already names the line and column.
        e.to_string().trim().replace('\n', " ")
    })?;
    let mut settings = Settings::defaults(color);
    for (section, value) in &table {
        let at = |key: Option<&str>| line_of(text, section, key);
        match (section.as_str(), value.as_table()) {
            ("keys", Some(views)) => {
                settings.keys = KeyBindings {
                    views: views.clone(),
                    text: text.to_string(),
                };
            }
            ("colors", Some(colors)) => {
                let colors = parse_colors(colors)
                    .map_err(|(key, e)| format!("line {}: {e}", at(Some(&key))))?;
                if color {
                    settings.colors = Some(colors);
                }
            }
            ("health", Some(health)) => {
                let weights = parse_weights(health)
                    .map_err(|(key, e)| format!("line {}: {e}", at(Some(&key))))?;
                if FactorKind::ALL.iter().all(|&kind| weights.of(kind) == 0.0) {
                    return Err(format!(
                        "line {}: every health weight is zero; at least one factor must count",
                        at(None)
                    ));
                }
                settings.weights = weights;
            }
            ("money", Some(money)) => {
                settings.currency = parse_currency(money)
                    .map_err(|(key, e)| format!("line {}: {e}", at(Some(&key))))?;
            }
            _ => return Err(format!("line {}: unknown section [{section}]", at(None))),
        }
    }
    Ok(settings)
}

fn parse_colors(table: &toml::Table) -> Result<Colors, (String, String)> {
    let mut colors = Colors::default();
    for (key, value) in table {
        let name = value
            .as_str()
            .ok_or_else(|| (key.clone(), format!("colour `{key}` must be a string")))?;
        let parsed = Color::from_str(name).map_err(|_| {
            (
                key.clone(),
                format!("`{name}` is not a colour (try \"cyan\", \"#3b82f6\" or 33)"),
            )
        })?;
        let slot = match key.as_str() {
            "accent" => &mut colors.accent,
            "warn" => &mut colors.warn,
            "error" => &mut colors.error,
            "ok" => &mut colors.ok,
            "dim" => &mut colors.dim,
            _ => {
                return Err((
                    key.clone(),
                    format!("unknown colour `{key}` (accent, warn, error, ok, dim)"),
                ));
            }
        };
        *slot = parsed;
    }
    Ok(colors)
}

/// The currency of a `[money]` table: `currency = "CHF"`, an ISO 4217
/// code.
fn parse_currency(table: &toml::Table) -> Result<String, (String, String)> {
    let mut currency = DEFAULT_CURRENCY.to_string();
    for (key, value) in table {
        if key != "currency" {
            return Err((
                key.clone(),
                format!("unknown money setting `{key}` (currency)"),
            ));
        }
        match value.as_str() {
            Some(code) if is_currency_code(code) => currency = code.to_string(),
            _ => {
                return Err((
                    key.clone(),
                    format!("`{value}` is not an ISO 4217 currency code, like \"EUR\" or \"CHF\""),
                ));
            }
        }
    }
    Ok(currency)
}

/// The health weights of a `[health]` table: one number of 0 or more per
/// factor; factors not listed keep their default weight.
fn parse_weights(table: &toml::Table) -> Result<Weights, (String, String)> {
    let mut weights = Weights::default();
    for (key, value) in table {
        let kind = FactorKind::from_key(key).ok_or_else(|| {
            let keys: Vec<&str> = FactorKind::ALL.iter().map(|k| k.key()).collect();
            (
                key.clone(),
                format!("unknown health factor `{key}` ({})", keys.join(", ")),
            )
        })?;
        let weight = match value {
            toml::Value::Float(f) => *f,
            toml::Value::Integer(i) => *i as f64,
            _ => {
                return Err((
                    key.clone(),
                    format!("the weight of `{key}` must be a number, like 2 or 0.5"),
                ));
            }
        };
        weights.set(kind, weight).map_err(|e| (key.clone(), e))?;
    }
    Ok(weights)
}

/// The line (1-based) where `key` (or the section itself) is written, for
/// messages about values that parse but mean nothing to kam.
fn line_of(text: &str, section: &str, key: Option<&str>) -> usize {
    let mut in_section = false;
    let mut section_line = 1;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if let Some(header) = trimmed.strip_prefix('[') {
            let name = header.trim_end_matches(']').trim();
            in_section = name == section || name.starts_with(&format!("{section}."));
            if in_section && key.is_none() {
                return i + 1;
            }
            if in_section {
                section_line = i + 1;
            }
        } else if in_section
            && let Some(key) = key
            && trimmed.split('=').next().is_some_and(|k| k.trim() == key)
        {
            return i + 1;
        }
    }
    section_line
}

/// A documented configuration file holding every default, for
/// `kam config init`.
pub fn default_text() -> String {
    let mut out = String::from(
        "# kam's configuration. Delete any line to keep kam's default for it.\n\
         # A mistake here never stops kam: it names the line and uses the defaults.\n\
         \n\
         # Colours: a name (black, red, green, yellow, blue, magenta, cyan, gray,\n\
         # darkgray, lightred, …, white), \"#rrggbb\", or a number from 0 to 255.\n\
         # NO_COLOR=1 in the environment turns all colour off.\n\
         [colors]\n\
         accent = \"cyan\"      # titles, the focused pane, keys, the selection\n\
         warn = \"yellow\"      # overdue, gone quiet, banners\n\
         error = \"red\"\n\
         ok = \"green\"\n\
         dim = \"darkgray\"     # secondary text and borders\n\
         \n\
         # Account health: how much each factor counts in the score, a number of\n\
         # 0 or more (0 leaves the factor out; at least one must count). To change\n\
         # one, remove the # before [health] and before the factor.\n\
         # [health]\n\
         # assessment = 3        # the latest strategic assessment's score\n\
         # champion = 2          # a champion on the customer's side\n\
         # proof_cadence = 2     # the proof log keeps the account's cadence\n\
         # future_focus = 1      # conversations about the customer's future\n\
         # overdue_actions = 1   # few overdue action plans\n\
         # cost_to_serve = 1     # few non-billable hours per proof statement\n\
         # revenue_trend = 2     # revenue holds or grows year on year\n\
         # stage = 1             # the relationship stage and its movement\n\
         # economic_buyer = 2    # the economic buyer's attitude\n\
         \n\
         # Money: the currency a new account starts in, an ISO 4217 code.\n\
         # [money]\n\
         # currency = \"EUR\"\n\
         \n\
         # Keys: [keys.<view>] sections bind actions to keys. Listing an action\n\
         # replaces its keys in that view; actions not listed keep theirs.\n",
    );
    for line in DEFAULT_KEYMAP.lines() {
        match line.strip_prefix('[') {
            Some(section) => out.push_str(&format!("[keys.{section}\n")),
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_defaults_parse_to_the_defaults() {
        let settings = parse(&default_text(), true).unwrap();
        assert_eq!(settings.colors, Some(Colors::default()));
        let defaults: toml::Table = DEFAULT_KEYMAP.parse().unwrap();
        assert_eq!(settings.keys.views, defaults);
    }

    #[test]
    fn keys_and_colours_can_be_changed() {
        let text = "[colors]\naccent = \"#ff8800\"\n[keys.portfolio]\nopen = [\"o\"]\n";
        let settings = parse(text, true).unwrap();
        let accent = settings.colors.map(|c| c.accent);
        assert_eq!(accent, Some(Color::Rgb(0xff, 0x88, 0x00)));
        assert_eq!(
            settings.keys.views["portfolio"]["open"][0].as_str(),
            Some("o")
        );
        assert_eq!(settings.keys.line_of("portfolio", Some("open")), 4);
    }

    #[test]
    fn no_color_wins_over_configured_colours() {
        let settings = parse("[colors]\naccent = \"red\"\n", false).unwrap();
        assert_eq!(settings.colors, None);
    }

    #[test]
    fn mistakes_name_their_line() {
        let bad_syntax = "[colors]\naccent = \n";
        assert!(
            parse(bad_syntax, true).unwrap_err().contains("line 2"),
            "{}",
            parse(bad_syntax, true).unwrap_err()
        );
        let bad_colour = "# c\n[colors]\nok = \"green\"\naccent = \"blurple\"\n";
        let err = parse(bad_colour, true).unwrap_err();
        assert!(
            err.starts_with("line 4:") && err.contains("blurple"),
            "{err}"
        );
        let bad_section = "\n\n[sound]\nbeep = true\n";
        assert!(parse(bad_section, true).unwrap_err().starts_with("line 3:"));
    }

    #[test]
    fn the_currency_of_new_accounts_is_an_iso_code() {
        assert_eq!(parse("", true).unwrap().currency, "EUR");
        let chf = parse("[money]\ncurrency = \"CHF\"\n", true).unwrap();
        assert_eq!(chf.currency, "CHF");
        let err = parse("# money\n[money]\ncurrency = \"Franken\"\n", true).unwrap_err();
        assert!(
            err.starts_with("line 3:") && err.contains("ISO 4217"),
            "{err}"
        );
        let err = parse("[money]\nsymbol = \"€\"\n", true).unwrap_err();
        assert!(err.contains("unknown money setting `symbol`"), "{err}");
        // The file kam writes documents it and reads back as the defaults.
        assert!(default_text().contains("# currency = \"EUR\""));
    }

    #[test]
    fn health_weights_that_are_all_zero_are_a_mistake() {
        let zeros: String = FactorKind::ALL
            .iter()
            .map(|k| format!("{} = 0\n", k.key()))
            .collect();
        let text = format!("# weights\n\n[health]\n{zeros}");
        let err = parse(&text, true).unwrap_err();
        assert!(err.starts_with("line 3:") && err.contains("zero"), "{err}");
        let one_counts = text.replacen("= 0", "= 1", 1);
        assert!(parse(&one_counts, true).is_ok());

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(&file, &text).unwrap();
        let (settings, warning) = load(Some(&file), true);
        assert_eq!(settings.weights, Weights::default());
        let warning = warning.unwrap();
        assert!(
            warning.contains("config.toml") && warning.contains("line 3"),
            "{warning}"
        );
    }

    #[test]
    fn a_bad_file_falls_back_to_the_defaults_with_a_message() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(&file, "[colors]\naccent = 12 12\n").unwrap();
        let (settings, warning) = load(Some(&file), true);
        assert_eq!(settings.colors, Some(Colors::default()));
        let warning = warning.unwrap();
        assert!(
            warning.contains("config.toml") && warning.contains("line 2"),
            "{warning}"
        );
        let (_, none) = load(Some(&dir.path().join("missing.toml")), true);
        assert!(none.is_none());
    }

    #[test]
    fn a_mistake_the_interface_finds_falls_back_to_the_defaults_too() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        let text = "[colors]\naccent = \"red\"\n[keys.workspace]\nfly = [\"f\"]\n";
        std::fs::write(&file, text).unwrap();
        let (settings, warning) = load_checked(Some(&file), true, |s| {
            Err(format!(
                "line {}: no such action",
                s.keys.line_of("workspace", Some("fly"))
            ))
        });
        assert_eq!(settings, Settings::defaults(true));
        let warning = warning.unwrap();
        assert!(
            warning.contains("config.toml") && warning.contains("line 4: no such action"),
            "{warning}"
        );
    }
}
