//! Keys as data: the default keymap is a TOML file embedded in the binary,
//! and the help screen is generated from the same table.

use std::collections::BTreeMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::config::{DEFAULT_KEYMAP, KeyBindings};
use crate::tui::action::Action;

/// Where a key is pressed: each view has its own section of the keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Context {
    /// Keys that work everywhere outside text entry.
    Global,
    /// Moving in lists.
    List,
    /// The first-run screen.
    Welcome,
    /// The list of accounts.
    Portfolio,
    /// Keys shared by every page of an open account.
    Account,
    /// One account's overview panes.
    Overview,
    /// An account's stakeholders.
    Stakeholders,
    /// An account's conversations.
    Conversations,
    /// An account's strategic assessments.
    Assessment,
    /// An account's whitespace grid.
    Whitespace,
    /// An account's health, cadence, cost and gaps.
    Signals,
    /// The portfolio map and portfolio-wide lists.
    Map,
    /// The factors of an account's health.
    Why,
    /// The matching test.
    Matching,
    /// The team's matching test, outside the members' matching turns.
    TeamTest,
    /// An action plan's steps.
    Plan,
    /// What one stakeholder said, confirmed, acknowledged and owns.
    Person,
    /// What is due across every account.
    Agenda,
    /// The prep brief of one account.
    Brief,
    /// What changed in one account since a date.
    Changes,
    /// The fields two machines changed differently.
    Conflicts,
    /// The help screen.
    Help,
}

impl Context {
    fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "global" => Self::Global,
            "list" => Self::List,
            "welcome" => Self::Welcome,
            "portfolio" => Self::Portfolio,
            "account" => Self::Account,
            // The earlier names of four sections, still read.
            "overview" | "workspace" => Self::Overview,
            "stakeholders" | "people" => Self::Stakeholders,
            "conversations" | "talks" => Self::Conversations,
            "assessment" => Self::Assessment,
            "whitespace" => Self::Whitespace,
            "signals" => Self::Signals,
            "map" | "review" => Self::Map,
            "why" => Self::Why,
            "matching" => Self::Matching,
            "team_test" => Self::TeamTest,
            "plan" => Self::Plan,
            "person" => Self::Person,
            "agenda" => Self::Agenda,
            "brief" => Self::Brief,
            "changes" => Self::Changes,
            "conflicts" => Self::Conflicts,
            "help" => Self::Help,
            _ => return None,
        })
    }

    /// The sections a view consults, most specific first.
    pub fn chain(self) -> &'static [Context] {
        match self {
            Self::Welcome => &[Self::Welcome, Self::Global],
            Self::Portfolio => &[Self::Portfolio, Self::List, Self::Global],
            Self::Overview => &[Self::Overview, Self::Account, Self::List, Self::Global],
            Self::Stakeholders => &[Self::Stakeholders, Self::Account, Self::List, Self::Global],
            Self::Conversations => &[Self::Conversations, Self::Account, Self::List, Self::Global],
            Self::Assessment => &[Self::Assessment, Self::Account, Self::List, Self::Global],
            Self::Whitespace => &[Self::Whitespace, Self::Account, Self::List, Self::Global],
            Self::Signals => &[Self::Signals, Self::Account, Self::List, Self::Global],
            Self::Account => &[Self::Account],
            Self::Map => &[Self::Map, Self::List, Self::Global],
            Self::Why => &[Self::Why, Self::List],
            Self::Matching => &[Self::Matching, Self::List],
            Self::TeamTest => &[Self::TeamTest, Self::List],
            Self::Plan => &[Self::Plan, Self::List],
            Self::Person => &[Self::Person, Self::List],
            Self::Agenda => &[Self::Agenda, Self::List, Self::Global],
            Self::Brief => &[Self::Brief, Self::List, Self::Global],
            Self::Changes => &[Self::Changes, Self::List, Self::Global],
            Self::Conflicts => &[Self::Conflicts, Self::List, Self::Global],
            Self::Help => &[Self::Help, Self::List],
            Self::Global => &[Self::Global],
            Self::List => &[Self::List],
        }
    }
}

/// A key with its modifiers, as written in the keymap ("ctrl-c", "G").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyCombo {
    code: KeyCode,
    modifiers: KeyModifiers,
}

impl KeyCombo {
    /// Parses a key name from the keymap file.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-").filter(|r| !r.is_empty()) {
                modifiers |= KeyModifiers::CONTROL;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-").filter(|r| !r.is_empty()) {
                modifiers |= KeyModifiers::ALT;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "delete" => KeyCode::Delete,
            "backspace" => KeyCode::Backspace,
            f if f.starts_with('f') && f.len() > 1 => {
                let n: u8 = f[1..]
                    .parse()
                    .map_err(|_| format!("unknown key `{text}`"))?;
                KeyCode::F(n)
            }
            single => {
                let mut chars = single.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => KeyCode::Char(c),
                    _ => return Err(format!("unknown key `{text}`")),
                }
            }
        };
        Ok(Self { code, modifiers })
    }

    /// The key event a terminal sends for this combo: Shift comes back
    /// with an upper-case character and with BackTab.
    pub fn event(self) -> KeyEvent {
        let shifted = match self.code {
            KeyCode::Char(c) => c.is_uppercase(),
            KeyCode::BackTab => true,
            _ => false,
        };
        let shift = if shifted {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        KeyEvent::new(self.code, self.modifiers | shift)
    }

    /// The combo a terminal key event stands for. Shift is folded into the
    /// character ('G', not shift-g) and into BackTab.
    pub fn from_event(key: KeyEvent) -> Self {
        let mut modifiers = key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match key.code {
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            other => other,
        };
        if matches!(code, KeyCode::BackTab) {
            modifiers -= KeyModifiers::SHIFT;
        }
        Self { code, modifiers }
    }
}

impl fmt::Display for KeyCombo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// Whether `key` is Ctrl-C, which quits from everywhere whatever the
/// keymap says (asking first where typing would be lost).
pub fn is_ctrl_c(key: KeyEvent) -> bool {
    key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL)
}

/// A binding the keymap cannot use, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatchError {
    /// The section, e.g. `workspace`.
    pub section: String,
    /// The action's name, when the problem is with one action.
    pub key: Option<String>,
    /// What is wrong.
    pub message: String,
}

/// Every binding, per context, in file order.
#[derive(Debug, Clone)]
pub struct Keymap {
    sections: BTreeMap<Context, Vec<(Action, Vec<KeyCombo>)>>,
}

impl Keymap {
    /// The keymap embedded in kam.
    pub fn default_keys() -> Self {
        Self::parse(DEFAULT_KEYMAP).expect("the embedded keymap is valid")
    }

    /// The embedded keymap with the configuration file's `bindings` applied;
    /// a binding it cannot use is told with the line it stands on.
    pub fn configured(bindings: &KeyBindings) -> Result<Self, String> {
        let mut keymap = Self::default_keys();
        keymap.patch(&bindings.views).map_err(|e| {
            let line = bindings.line_of(&e.section, e.key.as_deref());
            format!("line {line}: {}", e.message)
        })?;
        Ok(keymap)
    }

    /// Parses a keymap file.
    pub fn parse(text: &str) -> Result<Self, String> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
        let mut keymap = Self {
            sections: BTreeMap::new(),
        };
        keymap.patch(&table).map_err(|e| e.message)?;
        Ok(keymap)
    }

    /// Applies a user's bindings over these: each action named in a section
    /// gets the keys listed for it there, the others keep theirs.
    pub fn patch(&mut self, table: &toml::Table) -> Result<(), PatchError> {
        for (section, actions) in table {
            let err = |key: Option<&str>, message: String| PatchError {
                section: section.clone(),
                key: key.map(str::to_string),
                message,
            };
            let context = Context::from_name(section)
                .ok_or_else(|| err(None, format!("unknown keymap section [{section}]")))?;
            let actions = actions
                .as_table()
                .ok_or_else(|| err(None, format!("[{section}] must be a table")))?;
            let bindings = self.sections.entry(context).or_default();
            for (name, keys) in actions {
                let action = Action::from_name(name).ok_or_else(|| {
                    err(
                        Some(name),
                        format!("unknown action `{name}` in [{section}]"),
                    )
                })?;
                let keys = keys
                    .as_array()
                    .ok_or_else(|| {
                        err(
                            Some(name),
                            format!("`{name}` in [{section}] must list its keys"),
                        )
                    })?
                    .iter()
                    .map(|k| {
                        k.as_str()
                            .ok_or_else(|| format!("keys of `{name}` must be strings"))
                            .and_then(KeyCombo::parse)
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|message| err(Some(name), message))?;
                match bindings.iter_mut().find(|(a, _)| *a == action) {
                    Some(binding) => binding.1 = keys,
                    None => bindings.push((action, keys)),
                }
            }
        }
        Ok(())
    }

    /// The action `key` means in `context`, if any.
    pub fn action(&self, context: Context, key: KeyEvent) -> Option<Action> {
        let combo = KeyCombo::from_event(key);
        context.chain().iter().find_map(|ctx| {
            self.sections
                .get(ctx)?
                .iter()
                .find_map(|(action, keys)| keys.contains(&combo).then_some(*action))
        })
    }

    /// The bindings in force in `context`, for help: each action once, with
    /// its keys, in the order of [`Action::ALL`].
    pub fn bindings(&self, context: Context) -> Vec<(Action, Vec<KeyCombo>)> {
        let mut found: Vec<(Action, Vec<KeyCombo>)> = Vec::new();
        // A key bound in a more specific section does not reach the later
        // ones (Backspace in the matching test undoes a pairing rather than
        // going back), so it is not listed there.
        let mut claimed: Vec<KeyCombo> = Vec::new();
        for ctx in context.chain() {
            let section = self.sections.get(ctx).into_iter().flatten();
            let mut here = Vec::new();
            for (action, keys) in section {
                here.extend_from_slice(keys);
                let live: Vec<KeyCombo> = keys
                    .iter()
                    .filter(|k| !claimed.contains(k))
                    .copied()
                    .collect();
                if !live.is_empty() && !found.iter().any(|(a, _)| a == action) {
                    found.push((*action, live));
                }
            }
            claimed.extend(here);
        }
        found.sort_by_key(|(a, _)| Action::ALL.iter().position(|x| x == a));
        found
    }

    /// The first key bound to `action` in `context`, for hints.
    pub fn key_for(&self, context: Context, action: Action) -> Option<KeyCombo> {
        self.bindings(context)
            .into_iter()
            .find(|(a, _)| *a == action)
            .and_then(|(_, keys)| keys.first().copied())
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::keymap::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn a_combo_gives_back_the_event_it_stands_for() {
        for name in [
            "j", "G", "ctrl-d", "alt-x", "backtab", "f5", "enter", "space",
        ] {
            let combo = KeyCombo::parse(name).unwrap();
            assert_eq!(KeyCombo::from_event(combo.event()), combo, "{name}");
        }
        assert_eq!(
            KeyCombo::parse("G").unwrap().event(),
            KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT)
        );
    }

    #[test]
    fn the_default_keymap_parses() {
        let map = Keymap::default_keys();
        assert_eq!(
            map.action(
                Context::Portfolio,
                key(KeyCode::Char('j'), KeyModifiers::NONE)
            ),
            Some(Action::Down)
        );
        assert_eq!(
            map.action(
                Context::Overview,
                key(KeyCode::Char('l'), KeyModifiers::NONE)
            ),
            Some(Action::Right)
        );
        assert_eq!(
            map.action(
                Context::Overview,
                key(KeyCode::Char('c'), KeyModifiers::CONTROL)
            ),
            Some(Action::Quit)
        );
    }

    #[test]
    fn shifted_letters_and_backtab_match() {
        let map = Keymap::default_keys();
        assert_eq!(
            map.action(
                Context::Portfolio,
                key(KeyCode::Char('G'), KeyModifiers::SHIFT)
            ),
            Some(Action::Bottom)
        );
        assert_eq!(
            map.action(
                Context::Overview,
                key(KeyCode::BackTab, KeyModifiers::SHIFT)
            ),
            Some(Action::PrevPane)
        );
    }

    #[test]
    fn view_sections_win_over_global_ones() {
        let map = Keymap::default_keys();
        // In the plan popup, Enter goes back instead of opening.
        assert_eq!(
            map.action(Context::Plan, key(KeyCode::Enter, KeyModifiers::NONE)),
            Some(Action::Back)
        );
    }

    #[test]
    fn q_quits_in_every_view_and_esc_goes_back() {
        let map = Keymap::default_keys();
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        let esc = key(KeyCode::Esc, KeyModifiers::NONE);
        let views = [
            Context::Welcome,
            Context::Portfolio,
            Context::Overview,
            Context::Stakeholders,
            Context::Conversations,
            Context::Assessment,
            Context::Whitespace,
            Context::Signals,
            Context::Map,
            Context::Why,
            Context::Matching,
            Context::TeamTest,
            Context::Plan,
            Context::Person,
            Context::Agenda,
            Context::Brief,
            Context::Changes,
            Context::Conflicts,
            Context::Help,
        ];
        for context in views {
            assert_eq!(
                map.action(context, q),
                Some(Action::Quit),
                "q in {context:?}"
            );
        }
        for context in &views[2..] {
            assert_eq!(
                map.action(*context, esc),
                Some(Action::Back),
                "Esc in {context:?}"
            );
        }
    }

    #[test]
    fn bad_files_are_explained() {
        assert!(
            Keymap::parse("[nowhere]\nquit = [\"q\"]")
                .unwrap_err()
                .contains("[nowhere]")
        );
        assert!(
            Keymap::parse("[global]\nfly = [\"q\"]")
                .unwrap_err()
                .contains("fly")
        );
        assert!(
            Keymap::parse("[global]\nquit = [\"hyper-q\"]")
                .unwrap_err()
                .contains("hyper-q")
        );
    }

    #[test]
    fn a_patch_replaces_only_the_actions_it_names() {
        let mut map = Keymap::default_keys();
        let patch: toml::Table = "[workspace]\nnew = [\"+\"]".parse().unwrap();
        map.patch(&patch).unwrap();
        let plus = key(KeyCode::Char('+'), KeyModifiers::NONE);
        let a = key(KeyCode::Char('a'), KeyModifiers::NONE);
        assert_eq!(map.action(Context::Overview, plus), Some(Action::New));
        assert_eq!(map.action(Context::Overview, a), None);
        assert_eq!(map.action(Context::Portfolio, a), Some(Action::New));
    }

    #[test]
    fn a_configuration_written_with_the_earlier_names_still_applies() {
        let mut map = Keymap::default_keys();
        let patch: toml::Table = "[people]\nnew = [\"+\"]\n[talks]\nnew = [\"*\"]\n\
                                  [review]\nopen = [\"o\"]\n[account]\npage_talks = [\"9\"]"
            .parse()
            .unwrap();
        map.patch(&patch).unwrap();
        let press = |c| key(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(
            map.action(Context::Stakeholders, press('+')),
            Some(Action::New)
        );
        assert_eq!(
            map.action(Context::Conversations, press('*')),
            Some(Action::New)
        );
        assert_eq!(map.action(Context::Map, press('o')), Some(Action::Open));
        assert_eq!(
            map.action(Context::Overview, press('9')),
            Some(Action::ShowConversations)
        );
    }

    #[test]
    fn keys_claimed_by_a_view_are_not_listed_for_the_sections_below() {
        let mut map = Keymap::default_keys();
        let patch: toml::Table = "[brief]\nback = [\"esc\", \"q\"]".parse().unwrap();
        map.patch(&patch).unwrap();
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(map.action(Context::Brief, q), Some(Action::Back));
        let bindings = map.bindings(Context::Brief);
        let (_, quit) = bindings.iter().find(|(a, _)| *a == Action::Quit).unwrap();
        let names: Vec<String> = quit.iter().map(ToString::to_string).collect();
        assert_eq!(names, ["Ctrl-c"], "q closes the brief instead");
        let b = key(KeyCode::Char('b'), KeyModifiers::NONE);
        let c = key(KeyCode::Char('c'), KeyModifiers::NONE);
        assert_eq!(map.action(Context::Overview, b), Some(Action::Brief));
        assert_eq!(map.action(Context::Overview, c), Some(Action::Changes));
    }

    #[test]
    fn help_lists_each_action_once_with_readable_keys() {
        let map = Keymap::default_keys();
        let bindings = map.bindings(Context::Overview);
        let quits = bindings.iter().filter(|(a, _)| *a == Action::Quit).count();
        assert_eq!(quits, 1);
        let (_, keys) = bindings.iter().find(|(a, _)| *a == Action::Quit).unwrap();
        let names: Vec<String> = keys.iter().map(ToString::to_string).collect();
        assert_eq!(names, ["q", "Ctrl-c"]);
    }

    #[test]
    fn configured_bindings_apply_over_the_defaults() {
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        let documented = crate::config::parse(&crate::config::default_text(), true).unwrap();
        let map = Keymap::configured(&documented.keys).unwrap();
        assert_eq!(map.action(Context::Portfolio, q), Some(Action::Quit));
        let text = "[colors]\naccent = \"#ff8800\"\n[keys.portfolio]\nopen = [\"o\"]\n";
        let settings = crate::config::parse(text, true).unwrap();
        let map = Keymap::configured(&settings.keys).unwrap();
        let o = key(KeyCode::Char('o'), KeyModifiers::NONE);
        assert_eq!(map.action(Context::Portfolio, o), Some(Action::Open));
    }

    #[test]
    fn a_configured_binding_the_keymap_cannot_use_names_its_line() {
        let bad_action = "[keys.workspace]\nnew = [\"a\"]\nfly = [\"f\"]\n";
        let settings = crate::config::parse(bad_action, true).unwrap();
        let err = Keymap::configured(&settings.keys).unwrap_err();
        assert!(err.starts_with("line 3:") && err.contains("fly"), "{err}");
    }
}
