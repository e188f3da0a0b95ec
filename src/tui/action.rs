//! What a key means: the vocabulary between the keymap and the views.

/// A user intention, independent of the key that expressed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Leave kam.
    Quit,
    /// Show the keys of the current view.
    Help,
    /// Restore what the last deletion or edit changed.
    Undo,
    /// Move the selection up.
    Up,
    /// Move the selection down.
    Down,
    /// Jump to the first entry.
    Top,
    /// Jump to the last entry.
    Bottom,
    /// Move up a page.
    PageUp,
    /// Move down a page.
    PageDown,
    /// Focus the next pane.
    NextPane,
    /// Focus the previous pane.
    PrevPane,
    /// Open the selected entry.
    Open,
    /// Go back, or close the popup.
    Back,
    /// Create a record in the focused list.
    New,
    /// Edit the selected record.
    Edit,
    /// Delete the selected record (after confirmation).
    Delete,
    /// Check or uncheck the selected entry (a step, an acknowledgement).
    Toggle,
    /// Edit the account's profile from anywhere in the workspace.
    EditAccount,
    /// Move the selected step up.
    MoveUp,
    /// Move the selected step down.
    MoveDown,
    /// Load the demo portfolio into an empty database.
    LoadDemo,
    /// Show what is due across every account.
    Agenda,
    /// Search all text of all accounts.
    Search,
    /// Open the account's prep brief, full screen.
    Brief,
    /// Write up the latest meeting from the calendar that waits for it.
    WriteUp,
    /// Show what changed in the account since a date.
    Changes,
    /// Type the date "since last time" starts from.
    Since,
    /// Hide or show confidential figures.
    TogglePrivate,
    /// Open the command palette.
    Palette,
    /// Copy the selected record to the clipboard.
    Copy,
    /// Show the account's overview: profile, issues, plans, proof log.
    ShowOverview,
    /// Show the account's stakeholders and their org chart.
    ShowStakeholders,
    /// Show the account's conversations.
    ShowConversations,
    /// Show the account's strategic assessments.
    ShowAssessment,
    /// Show the account's whitespace grid.
    ShowWhitespace,
    /// Show the account's signals: health, proof cadence, cost to serve,
    /// breaks in the chain from issue to proof.
    ShowSignals,
    /// Show the next page or tab.
    NextPage,
    /// Show the previous page or tab.
    PrevPage,
    /// Show the portfolio map and the portfolio-wide lists.
    Map,
    /// Show why an account's health is what it is.
    Why,
    /// Take the matching test.
    Matching,
    /// Take the team's matching test, or resume the round in progress.
    TeamTest,
    /// Move left.
    Left,
    /// Move right.
    Right,
    /// Cycle the selected entry through its states.
    Cycle,
    /// Add a column.
    NewColumn,
    /// Rename the selected row or column.
    Rename,
    /// Keep only the rows that hold what is typed.
    Filter,
    /// Collapse or expand the group under the cursor.
    Fold,
    /// Collapse every group, or expand them all when all are collapsed.
    FoldAll,
    /// Move the selected row to another group.
    Regroup,
    /// Send this machine's changes to the remote and receive the others'.
    Sync,
    /// Show the fields two machines changed differently.
    Conflicts,
    /// Keep the value this machine holds.
    Keep,
    /// Take the other machine's value.
    TakeOther,
}

impl Action {
    /// Every action, in the order help lists them.
    pub const ALL: &'static [Action] = &[
        Action::Open,
        Action::Back,
        Action::Up,
        Action::Down,
        Action::Top,
        Action::Bottom,
        Action::PageUp,
        Action::PageDown,
        Action::NextPane,
        Action::PrevPane,
        Action::New,
        Action::Edit,
        Action::EditAccount,
        Action::Search,
        Action::Agenda,
        Action::Brief,
        Action::WriteUp,
        Action::Changes,
        Action::Since,
        Action::Delete,
        Action::Toggle,
        Action::MoveUp,
        Action::MoveDown,
        Action::Undo,
        Action::LoadDemo,
        Action::ShowOverview,
        Action::ShowStakeholders,
        Action::ShowConversations,
        Action::ShowAssessment,
        Action::ShowWhitespace,
        Action::ShowSignals,
        Action::NextPage,
        Action::PrevPage,
        Action::Left,
        Action::Right,
        Action::Cycle,
        Action::NewColumn,
        Action::Rename,
        Action::Filter,
        Action::Fold,
        Action::FoldAll,
        Action::Regroup,
        Action::Map,
        Action::Why,
        Action::Matching,
        Action::TeamTest,
        Action::Sync,
        Action::Conflicts,
        Action::Keep,
        Action::TakeOther,
        Action::Copy,
        Action::TogglePrivate,
        Action::Palette,
        Action::Help,
        Action::Quit,
    ];

    /// The name used in the keymap file.
    pub fn name(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Help => "help",
            Action::Undo => "undo",
            Action::Up => "up",
            Action::Down => "down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::NextPane => "next_pane",
            Action::PrevPane => "prev_pane",
            Action::Open => "open",
            Action::Back => "back",
            Action::New => "new",
            Action::Edit => "edit",
            Action::Delete => "delete",
            Action::Toggle => "toggle",
            Action::EditAccount => "edit_account",
            Action::MoveUp => "move_up",
            Action::MoveDown => "move_down",
            Action::LoadDemo => "load_demo",
            Action::Search => "search",
            Action::Agenda => "agenda",
            Action::Brief => "brief",
            Action::WriteUp => "write_up",
            Action::Changes => "changes",
            Action::Since => "since",
            Action::TogglePrivate => "private",
            Action::Palette => "palette",
            Action::Copy => "copy",
            Action::ShowOverview => "page_overview",
            Action::ShowStakeholders => "page_stakeholders",
            Action::ShowConversations => "page_conversations",
            Action::ShowAssessment => "page_assessment",
            Action::ShowWhitespace => "page_whitespace",
            Action::ShowSignals => "page_signals",
            Action::NextPage => "next_page",
            Action::PrevPage => "prev_page",
            Action::Map => "map",
            Action::Why => "why",
            Action::Matching => "matching",
            Action::TeamTest => "team_test",
            Action::Left => "left",
            Action::Right => "right",
            Action::Cycle => "cycle",
            Action::NewColumn => "new_column",
            Action::Rename => "rename",
            Action::Filter => "filter",
            Action::Fold => "fold",
            Action::FoldAll => "fold_all",
            Action::Regroup => "regroup",
            Action::Sync => "sync",
            Action::Conflicts => "conflicts",
            Action::Keep => "keep",
            Action::TakeOther => "take_other",
        }
    }

    /// The action named `name` in the keymap file.
    pub fn from_name(name: &str) -> Option<Action> {
        // The earlier names of two actions, still read.
        let name = match name {
            "page_people" => "page_stakeholders",
            "page_talks" => "page_conversations",
            name => name,
        };
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }

    /// What the action does, for the help screen.
    pub fn describe(self) -> &'static str {
        match self {
            Action::Quit => "quit kam",
            Action::Help => "show these keys",
            Action::Undo => "undo the last deletion or edit",
            Action::Up => "move up",
            Action::Down => "move down",
            Action::Top => "go to the first entry",
            Action::Bottom => "go to the last entry",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::NextPane => "next pane",
            Action::PrevPane => "previous pane",
            Action::Open => "open",
            Action::Back => "back",
            Action::New => "add a new record here",
            Action::Edit => "edit the selected record",
            Action::Delete => "delete the selected record (asks first)",
            Action::Toggle => "check / uncheck",
            Action::EditAccount => "edit the account's profile",
            Action::MoveUp => "move the step up",
            Action::MoveDown => "move the step down",
            Action::LoadDemo => "load the demo portfolio",
            Action::Search => "search the text of every account",
            Action::Agenda => "agenda: what is due across all accounts",
            Action::Brief => "prep brief: the account for a meeting, full screen",
            Action::WriteUp => {
                "write up the latest meeting from the calendar: what was said, its time frame"
            }
            Action::Changes => "since last time: what changed in the account",
            Action::Since => "show the changes since another date",
            Action::TogglePrivate => "private mode: hide or show confidential figures",
            Action::Palette => "command palette: find any action by name",
            Action::Copy => "copy the selected record to the clipboard",
            Action::ShowOverview => "page: overview (profile, issues, plans, proof log)",
            Action::ShowStakeholders => "page: stakeholders and org chart",
            Action::ShowConversations => "page: conversations",
            Action::ShowAssessment => "page: strategic assessment",
            Action::ShowWhitespace => "page: whitespace grid",
            Action::ShowSignals => "page: health, proof cadence, cost to serve, gaps",
            Action::NextPage => "next page",
            Action::PrevPage => "previous page",
            Action::Map => "portfolio map, overdue contacts, gaps and cost",
            Action::Why => "why: the factors of the account's health",
            Action::Matching => "matching test, quick: pair their issues with our plans",
            Action::TeamTest => "matching test, team: each member writes, then matches",
            Action::Left => "move left",
            Action::Right => "move right",
            Action::Cycle => "cycle the selected cell's state",
            Action::NewColumn => "add a column",
            Action::Rename => "rename the selected row or column",
            Action::Filter => "filter the rows by typing (Esc clears)",
            Action::Fold => "collapse or expand the group",
            Action::FoldAll => "collapse all groups, or expand them all",
            Action::Regroup => "move the unit to another region or site",
            Action::Sync => "sync with the remote: send and receive changes",
            Action::Conflicts => "sync conflicts: pick the value to keep",
            Action::Keep => "keep the value held here",
            Action::TakeOther => "take the other machine's value (u undoes it)",
        }
    }
}
