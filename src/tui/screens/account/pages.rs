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
    Stakeholders,
    /// Conversations.
    Conversations,
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
        Page::Stakeholders,
        Page::Conversations,
        Page::Assessment,
        Page::Whitespace,
        Page::Signals,
    ];

    /// The page's name on its tab.
    pub fn title(self) -> &'static str {
        match self {
            Page::Overview => "Overview",
            Page::Stakeholders => "Stakeholders",
            Page::Conversations => "Conversations",
            Page::Assessment => "Assessment",
            Page::Whitespace => "Whitespace",
            Page::Signals => "Signals",
        }
    }

    /// The page's name in the help window's title.
    pub fn help_title(self) -> &'static str {
        match self {
            Page::Overview => "Account workspace",
            Page::Stakeholders => "Stakeholders",
            Page::Conversations => "Conversations",
            Page::Assessment => "Strategic assessment",
            Page::Whitespace => "Whitespace",
            Page::Signals => "Signals",
        }
    }

    /// The actions worth a hint in the status line on the page.
    pub fn hints(self) -> &'static [(Action, &'static str)] {
        match self {
            Page::Overview => overview::HINTS,
            Page::Stakeholders => stakeholders::HINTS,
            Page::Conversations => conversations::HINTS,
            Page::Assessment => assessment::HINTS,
            Page::Whitespace => whitespace::HINTS,
            Page::Signals => signals::HINTS,
        }
    }

    /// The keymap section the page takes its keys from.
    pub fn context(self) -> Context {
        match self {
            Page::Overview => Context::Overview,
            Page::Stakeholders => Context::Stakeholders,
            Page::Conversations => Context::Conversations,
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
        assert_eq!(Page::Stakeholders.next(), Page::Conversations);
    }
}
