//! Colours and emphasis, with a monochrome variant for `NO_COLOR`.

use ratatui::style::{Color, Modifier, Style};

pub use crate::config::Colors;

/// Every style the views use, so that colour choices live in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Plain text.
    pub text: Style,
    /// Secondary text: dates, counts, hints.
    pub dim: Style,
    /// Pane and popup titles.
    pub title: Style,
    /// Borders of unfocused panes.
    pub border: Style,
    /// Border of the focused pane.
    pub border_focused: Style,
    /// The selected row of the focused list.
    pub selected: Style,
    /// The selected row of an unfocused list.
    pub selected_unfocused: Style,
    /// Something that needs attention: overdue, silent.
    pub warn: Style,
    /// Errors.
    pub error: Style,
    /// Good news: saved, done, acknowledged.
    pub ok: Style,
    /// Key names in hints and help.
    pub key: Style,
    /// The banner for read-only and other lasting conditions.
    pub banner: Style,
}

impl Theme {
    /// The colour theme, or the monochrome one when `color` is false.
    pub fn new(color: bool) -> Self {
        if color {
            Self::colored()
        } else {
            Self::monochrome()
        }
    }

    /// The theme the configuration asks for: its colours, or the
    /// monochrome theme without any (under `NO_COLOR`).
    pub fn configured(colors: Option<&Colors>) -> Self {
        colors.map_or_else(Self::monochrome, Self::with_colors)
    }

    /// Whether the `NO_COLOR` convention asks for no colour: any non-empty
    /// value turns colour off.
    pub fn no_color() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }

    fn colored() -> Self {
        Self::with_colors(&Colors::default())
    }

    /// The colour theme built from `colors`.
    pub fn with_colors(c: &Colors) -> Self {
        let bold = Modifier::BOLD;
        Self {
            text: Style::new(),
            dim: Style::new().fg(c.dim),
            title: Style::new().fg(c.accent).add_modifier(bold),
            border: Style::new().fg(c.dim),
            border_focused: Style::new().fg(c.accent),
            selected: Style::new().fg(Color::Black).bg(c.accent),
            selected_unfocused: Style::new().add_modifier(Modifier::REVERSED),
            warn: Style::new().fg(c.warn),
            error: Style::new().fg(c.error).add_modifier(bold),
            ok: Style::new().fg(c.ok),
            key: Style::new().fg(c.accent).add_modifier(bold),
            banner: Style::new().fg(Color::Black).bg(c.warn),
        }
    }

    fn monochrome() -> Self {
        let plain = Style::new();
        Self {
            text: plain,
            dim: plain,
            title: plain.add_modifier(Modifier::BOLD),
            border: plain,
            border_focused: plain.add_modifier(Modifier::BOLD),
            selected: plain.add_modifier(Modifier::REVERSED),
            selected_unfocused: plain.add_modifier(Modifier::UNDERLINED),
            warn: plain.add_modifier(Modifier::BOLD),
            error: plain.add_modifier(Modifier::BOLD),
            ok: plain,
            key: plain.add_modifier(Modifier::BOLD),
            banner: plain.add_modifier(Modifier::REVERSED),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::theme::*;

    #[test]
    fn monochrome_uses_no_colour() {
        let t = Theme::new(false);
        for style in [
            t.text, t.dim, t.title, t.selected, t.warn, t.error, t.banner,
        ] {
            assert_eq!(style.fg, None);
            assert_eq!(style.bg, None);
        }
    }

    #[test]
    fn configured_colours_make_the_theme() {
        let text = "[colors]\naccent = \"#ff8800\"\n";
        let colored = crate::config::parse(text, true).unwrap();
        let theme = Theme::configured(colored.colors.as_ref());
        assert_eq!(theme.title.fg, Some(Color::Rgb(0xff, 0x88, 0x00)));
        let defaults = crate::config::Settings::defaults(true);
        assert_eq!(
            Theme::configured(defaults.colors.as_ref()),
            Theme::new(true)
        );
        let plain = crate::config::parse(text, false).unwrap();
        assert_eq!(Theme::configured(plain.colors.as_ref()), Theme::new(false));
    }
}
