//! The pages of an open account: the overview, stakeholders,
//! conversations, strategic assessments, the whitespace grid and the
//! signals. Each page keeps its state, keys and drawing in its own folder.

use super::{assessment, conversations, overview, signals, stakeholders, whitespace};
use crate::tui::action::Action;
use crate::tui::keymap::Context;

/// The pages of an open account, in the order the number keys give them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// Profile, issues, plans and proof log.
    Overview,
    /// Stakeholders and the org chart.
    People,
    /// Conversations.
    Talks,
    /// Strategic assessments.
    Assessment,
    /// The whitespace grid.
    Whitespace,
    /// Health, proof cadence, cost to serve and the chain from issue to
    /// proof.
    Signals,
}

impl Page {
    /// Every page, in order.
    pub const ALL: [Page; 6] = [
        Page::Overview,
        Page::People,
        Page::Talks,
        Page::Assessment,
        Page::Whitespace,
        Page::Signals,
    ];

    /// The page's name on its tab.
    pub fn title(self) -> &'static str {
        match self {
            Page::Overview => "Overview",
            Page::People => "Stakeholders",
            Page::Talks => "Conversations",
            Page::Assessment => "Assessment",
            Page::Whitespace => "Whitespace",
            Page::Signals => "Signals",
        }
    }

    /// The page's name in the help window's title.
    pub fn help_title(self) -> &'static str {
        match self {
            Page::Overview => "Account workspace",
            Page::People => "Stakeholders",
            Page::Talks => "Conversations",
            Page::Assessment => "Strategic assessment",
            Page::Whitespace => "Whitespace",
            Page::Signals => "Signals",
        }
    }

    /// The actions worth a hint in the status line on the page.
    pub fn hints(self) -> &'static [(Action, &'static str)] {
        match self {
            Page::Overview => overview::HINTS,
            Page::People => stakeholders::HINTS,
            Page::Talks => conversations::HINTS,
            Page::Assessment => assessment::HINTS,
            Page::Whitespace => whitespace::HINTS,
            Page::Signals => signals::HINTS,
        }
    }

    /// The keymap section the page takes its keys from.
    pub fn context(self) -> Context {
        match self {
            Page::Overview => Context::Workspace,
            Page::People => Context::People,
            Page::Talks => Context::Talks,
            Page::Assessment => Context::Assessment,
            Page::Whitespace => Context::Whitespace,
            Page::Signals => Context::Signals,
        }
    }

    /// The page after this one, wrapping around.
    pub fn next(self) -> Page {
        let i = Self::ALL.iter().position(|p| *p == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }

    /// The page before this one, wrapping around.
    pub fn prev(self) -> Page {
        let i = Self::ALL.iter().position(|p| *p == self).unwrap_or(0);
        Self::ALL[(i + Self::ALL.len() - 1) % Self::ALL.len()]
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::screens::account::pages::*;

    #[test]
    fn pages_cycle_both_ways() {
        assert_eq!(Page::Signals.next(), Page::Overview);
        assert_eq!(Page::Overview.prev(), Page::Signals);
        assert_eq!(Page::People.next(), Page::Talks);
    }
}
