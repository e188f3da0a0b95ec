//! Pairing problems with solutions on screen: the customer's problems on
//! the left (with a Score row under them), our solutions on the right. The
//! quick test and each member's matching turn of the team's test pair the
//! same way.

use crate::domain::matching::MatchingTest;
use crate::text::count;
use crate::tui::action::Action;
use crate::tui::screens::account::shift;

/// The column that takes the keys while pairing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The customer's problems (and the Score row under them).
    Problems,
    /// Our solutions.
    Solutions,
}

/// What a key did to the pairing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The pairing or the selection changed, or nothing happened.
    Stay,
    /// Esc on the problems: leave.
    Leave,
    /// Enter on Score with every problem paired.
    Score,
    /// Something to tell, e.g. how many problems are left to pair.
    Notice(String),
}

/// A test being paired, with the selection in each column.
#[derive(Debug)]
pub struct Pairing {
    /// The test and the pairing made so far.
    pub test: MatchingTest,
    /// The focused column.
    pub focus: Focus,
    /// The selected row of the problems column; one past the last problem
    /// is the Score row.
    pub problem_sel: usize,
    /// The selected solution.
    pub solution_sel: usize,
}

impl Pairing {
    /// `test`, nothing paired yet, on its first problem.
    pub fn new(test: MatchingTest) -> Self {
        Self {
            test,
            focus: Focus::Problems,
            problem_sel: 0,
            solution_sel: 0,
        }
    }

    /// The row of the Score button in the problems column.
    pub fn score_row(&self) -> usize {
        self.test.pair_count()
    }

    /// Whether the Score row is selected.
    pub fn on_score_row(&self) -> bool {
        self.problem_sel == self.score_row()
    }

    /// Handles `action` (what the keymap made of a key).
    pub fn handle(&mut self, action: Action) -> Step {
        if self.move_selection(action) {
            return Step::Stay;
        }
        match (action, self.focus) {
            (Action::Back, Focus::Problems) => return Step::Leave,
            (Action::Back | Action::Left | Action::PrevPane, Focus::Solutions) => {
                self.focus = Focus::Problems;
            }
            (Action::NextPane, Focus::Solutions) => self.focus = Focus::Problems,
            (Action::Right | Action::NextPane | Action::PrevPane, Focus::Problems) => {
                self.pick_solution();
            }
            (Action::Open, Focus::Problems) if self.on_score_row() => return self.score(),
            (Action::Open, Focus::Problems) => self.pick_solution(),
            (Action::Open, Focus::Solutions) => self.pair_selected(),
            (Action::Delete, Focus::Problems) => self.test.unpair(self.problem_sel),
            (Action::Delete, Focus::Solutions) => {
                if let Some(problem) = self.test.chosen_by(self.solution_sel) {
                    self.test.unpair(problem);
                }
            }
            _ => {}
        }
        Step::Stay
    }

    /// Moves the selection of the focused column; `false` when `action` is
    /// not a movement.
    fn move_selection(&mut self, action: Action) -> bool {
        let (selected, rows) = match self.focus {
            Focus::Problems => (&mut self.problem_sel, self.test.pair_count() + 1),
            Focus::Solutions => (&mut self.solution_sel, self.test.pair_count()),
        };
        *selected = match action {
            Action::Up => shift(*selected, -1, rows),
            Action::Down => shift(*selected, 1, rows),
            Action::PageUp => shift(*selected, -5, rows),
            Action::PageDown => shift(*selected, 5, rows),
            Action::Top => 0,
            Action::Bottom => rows - 1,
            _ => return false,
        };
        true
    }

    /// Moves to the solutions to pair the selected problem, starting on the
    /// solution it is paired with, if any.
    fn pick_solution(&mut self) {
        if self.on_score_row() {
            return;
        }
        if let Some(chosen) = self.test.chosen(self.problem_sel) {
            self.solution_sel = chosen;
        }
        self.focus = Focus::Solutions;
    }

    /// Pairs the selected problem with the selected solution, then goes
    /// back to the problems, on the next one still unpaired (or on Score
    /// once every problem is paired).
    fn pair_selected(&mut self) {
        self.test.pair(self.problem_sel, self.solution_sel);
        self.focus = Focus::Problems;
        let count = self.test.pair_count();
        self.problem_sel = (1..=count)
            .map(|step| (self.problem_sel + step) % count)
            .find(|&p| self.test.chosen(p).is_none())
            .unwrap_or(self.score_row());
    }

    /// Score, when every problem is paired; else how many are left.
    fn score(&self) -> Step {
        let left = self.test.pair_count() - self.test.paired();
        if left > 0 {
            return Step::Notice(format!(
                "Pair every problem before scoring: {} left.",
                count(left, "problem", "problems")
            ));
        }
        Step::Score
    }
}
