//! `--color`: whether the command line's output is coloured, decided in
//! this one place for kam's own output, clap's help and errors, and the
//! interface's theme.

use std::ffi::OsString;
use std::io::IsTerminal;

use clap::ValueEnum;

use crate::tui::theme::Theme;

/// When to colour what kam prints.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour where the output is a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    /// Always colour, even into a pipe or a file and under `NO_COLOR`.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether output to a stream that is (or is not) a terminal is
    /// coloured: `NO_COLOR` wins over `auto`, never over `always`.
    pub fn colors(self, terminal: bool) -> bool {
        match self {
            Self::Always => true,
            Self::Never => false,
            Self::Auto => terminal && !Theme::no_color(),
        }
    }

    /// Whether standard output is coloured.
    pub fn stdout(self) -> bool {
        self.colors(std::io::stdout().is_terminal())
    }

    /// The same choice for clap's help and error messages.
    pub fn for_clap(self) -> clap::ColorChoice {
        match self {
            Self::Auto if Theme::no_color() => clap::ColorChoice::Never,
            Self::Auto => clap::ColorChoice::Auto,
            Self::Always => clap::ColorChoice::Always,
            Self::Never => clap::ColorChoice::Never,
        }
    }

    /// The choice `--color` makes among `args` (the whole command line),
    /// read before clap parses it so that clap's own messages follow it
    /// too; `auto` when it is absent or not one of the choices (clap then
    /// says why).
    pub fn in_args(args: &[OsString]) -> Self {
        let mut choice = Self::Auto;
        let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
        while let Some(word) = words.next() {
            let value = match word.strip_prefix("--color") {
                _ if word == "--" => break,
                Some("") => words.next(),
                Some(rest) => rest.strip_prefix('=').map(|v| v.to_string().into()),
                None => continue,
            };
            if let Some(parsed) = value.and_then(|v| Self::from_str(&v, true).ok()) {
                choice = parsed;
            }
        }
        choice
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<OsString> {
        std::iter::once("kam")
            .chain(words.iter().copied())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn always_and_never_do_not_look_at_the_terminal() {
        for terminal in [false, true] {
            assert!(ColorChoice::Always.colors(terminal));
            assert!(!ColorChoice::Never.colors(terminal));
        }
        assert!(!ColorChoice::Auto.colors(false), "a pipe is never coloured");
    }

    #[test]
    fn the_choice_is_found_before_clap_parses() {
        assert_eq!(
            ColorChoice::in_args(&args(&["search", "x"])),
            ColorChoice::Auto
        );
        assert_eq!(
            ColorChoice::in_args(&args(&["--color", "never", "search", "x"])),
            ColorChoice::Never
        );
        assert_eq!(
            ColorChoice::in_args(&args(&["search", "--color=always", "x"])),
            ColorChoice::Always
        );
        assert_eq!(
            ColorChoice::in_args(&args(&["search", "--", "--color=always"])),
            ColorChoice::Auto,
            "after -- it is a search term"
        );
        assert_eq!(
            ColorChoice::in_args(&args(&["--color", "pink"])),
            ColorChoice::Auto
        );
        assert_eq!(
            ColorChoice::in_args(&args(&["--colorful"])),
            ColorChoice::Auto
        );
    }
}
