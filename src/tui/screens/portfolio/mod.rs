//! Every account at a glance, what needs attention first; on an empty
//! database, the first-run welcome.

pub mod draw;
mod welcome;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::domain::portfolio::AccountSummary;
use crate::domain::{Account, Id};
use crate::store::StoreError;
use crate::text::first_line;
use crate::tui::action::Action;
use crate::tui::command::{Command, Kind};
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;
use crate::tui::screen::{Cx, Refreshed, RenderContext, Screen};
use crate::tui::screens::account::pages::Page;
use crate::tui::screens::account::{position, shift};
use crate::tui::screens::confirm::Confirm;
use crate::tui::screens::forms::Form;
use crate::tui::screens::map::MapView;
use crate::tui::widgets::scroll::Scroll;

/// The portfolio's state: which account is selected. The accounts
/// themselves are the application's (see [`Cx::portfolio`]).
#[derive(Debug)]
pub struct Portfolio {
    /// Index of the selected account.
    pub selected: usize,
    /// The selected account, kept across a reload.
    account: Option<Id>,
    /// A record to select at the next reload if it is an account.
    wanted: Option<Id>,
    /// Scroll position of the table.
    pub scroll: Scroll,
    /// Whether the portfolio is empty: the welcome shows instead.
    empty: bool,
    /// The database file, as the welcome names it.
    file: String,
}

impl Portfolio {
    /// The portfolio of the database `file`, the account `account`
    /// selected once it is read ([`Screen::refresh`]).
    pub fn new(file: &str, account: Option<Id>) -> Self {
        Self {
            selected: 0,
            account,
            wanted: None,
            scroll: Scroll::default(),
            empty: true,
            file: file.to_string(),
        }
    }

    /// Keeps the selection on its account in `accounts`.
    fn reposition(&mut self, accounts: &[AccountSummary]) {
        let targets = self.wanted.take().into_iter().chain(self.account);
        self.selected = position(accounts, targets, |s| s.account.id, self.selected);
        self.account = accounts.get(self.selected).map(|s| s.account.id);
        self.empty = accounts.is_empty();
    }

    fn select(&mut self, index: usize, accounts: &[AccountSummary]) {
        self.selected = index;
        self.account = accounts.get(index).map(|s| s.account.id);
    }

    /// The form of a new account, in the configured currency.
    fn new_account(cx: &Cx) -> Effect {
        let mut account = Account::new("");
        account.currency = cx.currency.to_string();
        Effect::Open(Box::new(Form::account(&account, true)))
    }
}

impl Screen for Portfolio {
    fn context(&self) -> Context {
        if self.empty {
            Context::Welcome
        } else {
            Context::Portfolio
        }
    }

    fn title(&self) -> &'static str {
        if self.empty { "Welcome" } else { "Portfolio" }
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        if self.empty {
            &[(Action::LoadDemo, "demo"), (Action::New, "new account")]
        } else {
            &[
                (Action::Open, "open"),
                (Action::New, "new"),
                (Action::Edit, "edit"),
                (Action::Delete, "delete"),
            ]
        }
    }

    fn act(&mut self, action: Action, cx: &Cx) -> Effect {
        if self.empty {
            return match action {
                Action::LoadDemo => Effect::Run(Command::LoadDemo),
                Action::New => Self::new_account(cx),
                _ => Effect::Pass(action),
            };
        }
        let accounts = cx.portfolio;
        let len = accounts.len();
        let page = self.scroll.page() as isize;
        let selected = accounts.get(self.selected).map(|s| s.account.clone());
        let index =
            match action {
                Action::Up => shift(self.selected, -1, len),
                Action::Down => shift(self.selected, 1, len),
                Action::PageUp => shift(self.selected, -page, len),
                Action::PageDown => shift(self.selected, page, len),
                Action::Top => 0,
                Action::Bottom => len.saturating_sub(1),
                Action::Open => {
                    return selected.map_or(Effect::Stay, |account| Effect::Visit {
                        account_id: account.id,
                        page: Page::Overview,
                        record: None,
                    });
                }
                Action::New => return Self::new_account(cx),
                Action::Map => return MapView::open(cx, self.account),
                Action::Edit => {
                    return selected.map_or(Effect::Stay, |account| {
                        Effect::Open(Box::new(Form::account(&account, false)))
                    });
                }
                Action::Delete => {
                    return selected.map_or(Effect::Stay, |account| {
                    let question = format!(
                        "Delete the account “{}” with all its issues, plans and proof statements?",
                        first_line(&account.name)
                    );
                    Effect::Open(Box::new(Confirm::delete(Kind::Account, account.id, question)))
                });
                }
                _ => return Effect::Pass(action),
            };
        self.select(index, accounts);
        Effect::Stay
    }

    fn draw(&self, frame: &mut Frame, area: Rect, rc: &RenderContext) {
        if self.empty {
            welcome::draw(rc, &self.file, frame, area);
        } else {
            draw::draw(rc, self, frame, area);
        }
    }

    fn refresh(&mut self, cx: &Cx) -> Result<Refreshed, StoreError> {
        self.reposition(cx.portfolio);
        Ok(Refreshed::Kept)
    }

    fn follow(&mut self, record: Id) {
        self.wanted = Some(record);
    }

    fn copy_text(&self, rc: &RenderContext) -> Option<(&'static str, String)> {
        let summary = rc.portfolio.get(self.selected)?;
        let mut text = draw::summary(rc, summary);
        text.lines
            .insert(0, Line::from(first_line(&summary.account.name)));
        let lines: Vec<String> = text
            .lines
            .iter()
            .map(|line| line.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        Some(("account summary", lines.join("\n")))
    }

    fn account(&self) -> Option<Id> {
        self.account
    }
}
