//! The team's matching test, in turns at one keyboard: choose who takes
//! part; each member in turn writes the customer's problems and our
//! solutions on a private screen; then each in turn matches the pooled,
//! shuffled lot; then the result. The round is kept after every confirmed
//! turn, so quitting kam loses nothing: `T` resumes it (or `d` discards
//! it).

pub mod draw;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::domain::matching::team::{
    LineError, RoundInProgress, TeamOutcome, TeamRound, Turn, parse_pairs,
};
use crate::domain::{Account, Id, MatchingResult, TeamMember};
use crate::store::StoreError;
use crate::tui::action::Action;
use crate::tui::command::Command;
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;
use crate::tui::screen::{Cx, RenderContext, Screen};
use crate::tui::screens::account::shift;
use crate::tui::screens::forms::field::Field;
use crate::tui::screens::matching::{Pairing, Step};
use crate::tui::widgets::pager::Pager;

/// Where the round stands on screen.
#[derive(Debug)]
pub(crate) enum Stage {
    /// A round in progress was found: resume it or discard it.
    Found,
    /// Choosing who takes part: each member of the team, ticked or not.
    Choose {
        /// Whether each member takes part.
        ticked: Vec<bool>,
        /// The selected member.
        selected: usize,
    },
    /// Between turns: nobody's answers show until the next member is at
    /// the keyboard and presses Enter.
    Handover,
    /// A member writes their pairs, one a line.
    Write {
        /// What they typed.
        field: Box<Field>,
        /// The lines that cannot be read, from the last attempt.
        errors: Vec<LineError>,
        /// Whether Esc or Ctrl-C was pressed once with text typed: a second
        /// leaves the turn or quits.
        leaving: bool,
    },
    /// A member matches the pooled problems and solutions.
    Match(Box<Pairing>),
    /// The round is scored.
    Result {
        /// How it fared.
        outcome: TeamOutcome,
        /// The scroll position of the result page.
        pager: Pager,
    },
}

/// The team's test on one account.
#[derive(Debug)]
pub struct TeamTestView {
    /// The account.
    pub account_id: Id,
    /// The account's name.
    pub account: String,
    /// The account team.
    pub team: Vec<TeamMember>,
    /// The seed a new round is shuffled with.
    pub seed: u64,
    /// The round, once chosen or found.
    pub round: Option<RoundInProgress>,
    /// Where the round stands on screen.
    pub(crate) stage: Stage,
    /// The account's earlier results of both tests, oldest first.
    pub history: Vec<MatchingResult>,
}

/// The fewest members of the account team the test takes, said when it
/// has fewer.
const TOO_FEW: &str = "The team's test needs at least two members of the account team: \
     press E and write them under Account team, one a line (Name, role).";

impl TeamTestView {
    /// The test on `account`: its round in progress if one is, else the
    /// choice of who takes part (a new round shuffled with `seed`); or
    /// what to say when the team is too small.
    pub fn open(account: &Account, seed: u64, cx: &Cx) -> Effect {
        let loaded = (|| -> Result<_, StoreError> {
            Ok((
                cx.store.team_round(account.id)?,
                cx.store.matching_results(account.id)?,
            ))
        })();
        Effect::or_error(loaded, |(round, history)| {
            if round.is_none() && account.team.len() < 2 {
                return Effect::info(TOO_FEW);
            }
            let view = Self::new(account, seed, round, history);
            Effect::Open(Box::new(view))
        })
    }

    /// The test on `account` with the round in progress found, if any, and
    /// the earlier results `history`.
    pub fn new(
        account: &Account,
        seed: u64,
        round: Option<RoundInProgress>,
        history: Vec<MatchingResult>,
    ) -> Self {
        let stage = if round.is_some() {
            Stage::Found
        } else {
            Stage::Choose {
                ticked: vec![true; account.team.len()],
                selected: 0,
            }
        };
        Self {
            account_id: account.id,
            account: account.name.clone(),
            team: account.team.clone(),
            seed,
            round,
            stage,
            history,
        }
    }

    /// The member whose turn it is, if any.
    pub fn turn_name(&self) -> &str {
        self.round
            .as_ref()
            .and_then(|r| r.round.turn_name())
            .unwrap_or_default()
    }

    /// Handles `action` outside a writing turn.
    fn handle(&mut self, action: Action) -> Effect {
        match &mut self.stage {
            Stage::Found => match action {
                Action::Open => {
                    self.stage = Stage::Handover;
                    Effect::Stay
                }
                Action::Delete => Effect::All(vec![
                    Effect::Run(Command::DiscardTeamRound(self.account_id)),
                    Effect::Close,
                ]),
                Action::Back => Effect::Close,
                _ => Effect::Stay,
            },
            Stage::Choose { ticked, selected } => match action {
                Action::Up | Action::Down | Action::Top | Action::Bottom => {
                    let rows = ticked.len();
                    *selected = match action {
                        Action::Up => shift(*selected, -1, rows),
                        Action::Down => shift(*selected, 1, rows),
                        Action::Top => 0,
                        _ => rows.saturating_sub(1),
                    };
                    Effect::Stay
                }
                Action::Toggle => {
                    if let Some(t) = ticked.get_mut(*selected) {
                        *t = !*t;
                    }
                    Effect::Stay
                }
                Action::Open => self.start(),
                Action::Back => Effect::Close,
                _ => Effect::Stay,
            },
            Stage::Handover => match action {
                Action::Open => self.begin_turn(),
                Action::Back => Effect::Close,
                _ => Effect::Stay,
            },
            Stage::Match(pairing) => match pairing.handle(action) {
                Step::Stay => Effect::Stay,
                Step::Leave => {
                    self.stage = Stage::Handover;
                    Effect::Stay
                }
                Step::Notice(text) => Effect::info(text),
                Step::Score => {
                    let choices = TeamRound::choices(&pairing.test);
                    self.matched(choices)
                }
            },
            Stage::Result { pager, .. } => match action {
                Action::Back | Action::Open => Effect::Close,
                other => {
                    pager.scroll(other);
                    Effect::Stay
                }
            },
            Stage::Write { .. } => Effect::Stay,
        }
    }

    /// Starts a round with the members ticked, and keeps it.
    fn start(&mut self) -> Effect {
        let Stage::Choose { ticked, .. } = &self.stage else {
            return Effect::Stay;
        };
        let members: Vec<String> = self
            .team
            .iter()
            .zip(ticked)
            .filter(|(_, t)| **t)
            .map(|(m, _)| m.name.clone())
            .collect();
        match TeamRound::new(members, self.seed) {
            Ok(round) => {
                let round = RoundInProgress::start(self.account_id, round);
                self.round = Some(round.clone());
                self.stage = Stage::Handover;
                Effect::Run(Command::SaveTeamRound(round))
            }
            Err(why) => Effect::info(why),
        }
    }

    /// Opens the turn of the member at the keyboard: writing or matching.
    fn begin_turn(&mut self) -> Effect {
        let Some(round) = &self.round else {
            return Effect::Stay;
        };
        match round.round.turn() {
            Turn::Write(_) => {
                self.stage = Stage::Write {
                    field: Box::new(Field::lines("pairs", "Pairs", "")),
                    errors: Vec::new(),
                    leaving: false,
                };
                Effect::Stay
            }
            Turn::Match(_) => match round.round.test(self.account_id) {
                Ok(test) => {
                    self.stage = Stage::Match(Box::new(Pairing::new(test)));
                    Effect::Stay
                }
                Err(too_few) => Effect::info(too_few.to_string()),
            },
            Turn::Done => self.finish(),
        }
    }

    /// Ctrl-S in a writing turn: keeps the pairs when every line reads,
    /// else shows the lines that do not.
    fn written(&mut self) -> Effect {
        let Stage::Write { field, errors, .. } = &mut self.stage else {
            return Effect::Stay;
        };
        match parse_pairs(&field.text()) {
            Err(found) => {
                *errors = found;
                Effect::Stay
            }
            Ok(pairs) => {
                let Some(round) = &mut self.round else {
                    return Effect::Stay;
                };
                round.round.write(pairs);
                let kept = round.clone();
                self.stage = Stage::Handover;
                Effect::Run(Command::SaveTeamRound(kept))
            }
        }
    }

    /// A member finished matching: keeps their choices, and scores the
    /// round after the last member.
    fn matched(&mut self, choices: Vec<Option<usize>>) -> Effect {
        let Some(round) = &mut self.round else {
            return Effect::Stay;
        };
        round.round.record_match(choices);
        if round.round.turn() == Turn::Done {
            return self.finish();
        }
        self.stage = Stage::Handover;
        Effect::Run(Command::SaveTeamRound(round.clone()))
    }

    /// Shows the result of the finished round and keeps it.
    fn finish(&mut self) -> Effect {
        let Some(round) = &self.round else {
            return Effect::Stay;
        };
        match round.round.outcome(self.account_id) {
            Some(outcome) => {
                let kept = round.clone();
                self.stage = Stage::Result {
                    outcome,
                    pager: Pager::default(),
                };
                Effect::Run(Command::FinishTeamRound(kept))
            }
            None => Effect::info("Every member writes and matches before the round is scored."),
        }
    }

    /// A key in a writing turn: Ctrl-S confirms, Ctrl-E opens `$EDITOR`,
    /// Esc leaves the turn and Ctrl-C quits (each twice when something is
    /// typed); the rest edits.
    fn write_key(&mut self, key: KeyEvent) -> Effect {
        let Stage::Write { field, leaving, .. } = &mut self.stage else {
            return Effect::Stay;
        };
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('s') if ctrl => self.written(),
            KeyCode::Char('e') if ctrl => Effect::Edit(field.text()),
            KeyCode::Char('c') if ctrl && (*leaving || field.text().trim().is_empty()) => {
                Effect::Quit
            }
            KeyCode::Char('c') if ctrl => {
                *leaving = true;
                Effect::info(
                    "Ctrl-C again quits without keeping what is typed in this turn; Ctrl-S keeps it.",
                )
            }
            KeyCode::Esc if *leaving || field.text().trim().is_empty() => {
                self.stage = Stage::Handover;
                Effect::Stay
            }
            KeyCode::Esc => {
                *leaving = true;
                Effect::info(
                    "Esc again leaves this turn without keeping what is typed; Ctrl-S keeps it.",
                )
            }
            _ => {
                *leaving = false;
                field.key(key);
                Effect::Stay
            }
        }
    }

    /// The writing turn's field, when one is open.
    fn field_mut(&mut self) -> Option<&mut Field> {
        match &mut self.stage {
            Stage::Write { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl Screen for TeamTestView {
    /// The matching keys while a member matches; the team test's own
    /// otherwise (a writing turn takes typed text instead).
    fn context(&self) -> Context {
        match self.stage {
            Stage::Match(_) => Context::Matching,
            _ => Context::TeamTest,
        }
    }

    fn title(&self) -> &'static str {
        "Team matching test"
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        match self.stage {
            Stage::Found => &[
                (Action::Open, "resume"),
                (Action::Delete, "discard"),
                (Action::Back, "close"),
            ],
            Stage::Choose { .. } => &[
                (Action::Toggle, "takes part"),
                (Action::Open, "start"),
                (Action::Back, "close"),
            ],
            Stage::Handover => &[(Action::Open, "start the turn"), (Action::Back, "close")],
            Stage::Match(_) => &[
                (Action::Open, "pair / done"),
                (Action::NextPane, "column"),
                (Action::Delete, "unpair"),
            ],
            Stage::Write { .. } | Stage::Result { .. } => &[(Action::Back, "close")],
        }
    }

    fn key(&mut self, key: KeyEvent, cx: &Cx) -> Effect {
        if matches!(self.stage, Stage::Write { .. }) {
            if key.kind == KeyEventKind::Release {
                return Effect::Stay;
            }
            return self.write_key(key);
        }
        match cx.keymap.action(self.context(), key) {
            Some(action) => self.act(action, cx),
            None => Effect::Stay,
        }
    }

    fn act(&mut self, action: Action, _cx: &Cx) -> Effect {
        match action {
            Action::Quit => Effect::Quit,
            _ => self.handle(action),
        }
    }

    fn paste(&mut self, text: &str, _cx: &Cx) -> Effect {
        if let Some(field) = self.field_mut() {
            field.paste(text);
        }
        Effect::Stay
    }

    fn type_text(&mut self, text: &str, _cx: &Cx) -> bool {
        self.field_mut().is_some_and(|f| f.type_text(text))
    }

    fn edited(&mut self, text: Option<String>) {
        if let (Some(field), Some(text)) = (self.field_mut(), text) {
            let text = text.strip_suffix('\n').unwrap_or(&text);
            field.replace_text(text);
        }
    }

    fn has_unsaved_typing(&self) -> bool {
        matches!(&self.stage, Stage::Write { field, .. } if !field.text().trim().is_empty())
    }

    fn edits(&self) -> bool {
        true
    }

    fn draw(&self, frame: &mut Frame, area: Rect, rc: &RenderContext) {
        draw::draw(rc, self, frame, area);
    }

    fn account(&self) -> Option<Id> {
        Some(self.account_id)
    }
}

#[cfg(test)]
mod tests;
