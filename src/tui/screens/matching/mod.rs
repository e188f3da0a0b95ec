//! The matching test, full screen: the customer's problems on the left, our
//! solutions on the right, each shuffled; the user pairs them up, scores
//! the test and reads the result, which is kept.

pub mod draw;
pub mod pairing;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::domain::matching::{MatchingTest, Pair, pairs};
use crate::domain::{Id, MatchingResult};
use crate::store::{Store, StoreError};
use crate::tui::action::Action;
use crate::tui::command::Command;
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;
use crate::tui::screen::{Cx, RenderContext, Screen};
use crate::tui::widgets::pager::Pager;
pub use pairing::{Focus, Pairing, Step};

/// The state of the test.
#[derive(Debug)]
pub struct MatchingView {
    /// The account's name.
    pub account: String,
    /// The test and the pairing made so far.
    pub pairing: Pairing,
    /// The account's earlier results, oldest first.
    pub history: Vec<MatchingResult>,
    /// The score, once the test is scored.
    pub result: Option<MatchingResult>,
    /// The scroll position of the result page.
    pub pager: Pager,
}

impl MatchingView {
    /// A fresh test of the account `account`, whose earlier results are
    /// `history` (oldest first).
    pub fn new(account: String, test: MatchingTest, history: Vec<MatchingResult>) -> Self {
        Self {
            account,
            pairing: Pairing::new(test),
            history,
            result: None,
            pager: Pager::default(),
        }
    }

    /// The test of the account `account_id`, called `account`, from its
    /// business issues and action plans, shuffled with `seed`; or what to
    /// say when it cannot be taken.
    pub fn open(account_id: Id, account: String, seed: u64, cx: &Cx) -> Effect {
        Effect::or_error(
            records(cx.store, account_id),
            |(found, history)| match MatchingTest::new(account_id, found, seed) {
                Ok(test) => Effect::Open(Box::new(Self::new(account, test, history))),
                Err(too_few) => Effect::info(too_few.to_string()),
            },
        )
    }

    /// Handles `action` (what the keymap made of a key): pairs, scores,
    /// or reads the result.
    fn handle(&mut self, action: Action) -> Effect {
        if self.result.is_some() {
            return match action {
                Action::Back | Action::Open => Effect::Close,
                other => {
                    self.pager.scroll(other);
                    Effect::Stay
                }
            };
        }
        match self.pairing.handle(action) {
            Step::Stay => Effect::Stay,
            Step::Leave => Effect::Close,
            Step::Notice(text) => Effect::info(text),
            Step::Score => {
                let result = self.pairing.test.score();
                self.result = Some(result.clone());
                Effect::Run(Command::SaveMatching(result))
            }
        }
    }
}

/// The pairs of the test of the account `account_id` and its earlier
/// results.
fn records(store: &Store, account_id: Id) -> Result<(Vec<Pair>, Vec<MatchingResult>), StoreError> {
    let issues = store.issues(account_id)?;
    let plans = store.account_plans(account_id)?;
    let history = store.matching_results(account_id)?;
    Ok((pairs(&issues, &plans), history))
}

impl Screen for MatchingView {
    fn context(&self) -> Context {
        Context::Matching
    }

    fn title(&self) -> &'static str {
        "Matching test"
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[
            (Action::Open, "pair / score"),
            (Action::NextPane, "column"),
            (Action::Delete, "unpair"),
            (Action::Back, "close"),
        ]
    }

    fn act(&mut self, action: Action, _cx: &Cx) -> Effect {
        match action {
            Action::Quit => Effect::Quit,
            _ => self.handle(action),
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, rc: &RenderContext) {
        draw::draw(rc, self, frame, area);
    }

    fn account(&self) -> Option<Id> {
        Some(self.pairing.test.account_id())
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::effect::Tone;
    use crate::tui::screens::matching::*;

    fn view() -> MatchingView {
        let pairs = (1..=3)
            .map(|n| Pair {
                problem: format!("problem {n}"),
                solution: format!("solution {n}"),
            })
            .collect();
        let test = MatchingTest::new(Id::new(), pairs, 5).unwrap();
        MatchingView::new("Nordwerk".into(), test, Vec::new())
    }

    /// Pairs the selected problem with the solution at `solution`.
    fn pair(v: &mut MatchingView, solution: usize) {
        assert!(matches!(v.handle(Action::Open), Effect::Stay));
        assert_eq!(v.pairing.focus, Focus::Solutions);
        v.handle(Action::Top);
        for _ in 0..solution {
            v.handle(Action::Down);
        }
        assert!(matches!(v.handle(Action::Open), Effect::Stay));
    }

    #[test]
    fn pairing_walks_through_the_unpaired_problems_to_score() {
        let mut v = view();
        let answers: Vec<usize> = (0..3).map(|p| v.pairing.test.answer(p).unwrap()).collect();
        pair(&mut v, answers[0]);
        assert_eq!(
            (v.pairing.focus, v.pairing.problem_sel),
            (Focus::Problems, 1)
        );
        pair(&mut v, answers[1]);
        pair(&mut v, answers[2]);
        assert!(
            v.pairing.on_score_row(),
            "every problem paired: on to Score"
        );
        let Effect::Run(Command::SaveMatching(result)) = v.handle(Action::Open) else {
            panic!("Enter on Score scores the test")
        };
        assert_eq!((result.total, result.correct), (3, 3));
        assert_eq!(v.result.as_ref(), Some(&result));
        assert!(matches!(v.handle(Action::Open), Effect::Close));
    }

    #[test]
    fn an_unfinished_test_is_not_scored() {
        let mut v = view();
        pair(&mut v, 0);
        v.handle(Action::Bottom);
        assert!(v.pairing.on_score_row());
        let Effect::Say(Tone::Info, text) = v.handle(Action::Open) else {
            panic!("a notice, not a score")
        };
        assert!(text.contains("2 problems left"), "{text}");
        assert_eq!(v.result, None);
    }

    #[test]
    fn columns_switch_and_esc_steps_back_before_closing() {
        let mut v = view();
        v.handle(Action::NextPane);
        assert_eq!(v.pairing.focus, Focus::Solutions);
        v.handle(Action::NextPane);
        assert_eq!(v.pairing.focus, Focus::Problems);
        v.handle(Action::Right);
        assert!(matches!(v.handle(Action::Back), Effect::Stay));
        assert_eq!(v.pairing.focus, Focus::Problems);
        assert!(matches!(v.handle(Action::Back), Effect::Close));
    }

    #[test]
    fn a_pairing_can_be_changed_and_removed() {
        let mut v = view();
        pair(&mut v, 2);
        v.handle(Action::Top);
        // Back on problem 1: the solutions open on its current choice.
        v.handle(Action::Open);
        assert_eq!(v.pairing.solution_sel, 2);
        v.handle(Action::Up);
        v.handle(Action::Open);
        assert_eq!(v.pairing.test.chosen(0), Some(1));
        v.handle(Action::Top);
        v.handle(Action::Delete);
        assert_eq!(v.pairing.test.paired(), 0);
    }
}
