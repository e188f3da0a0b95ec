//! The matching test: can the manager pair each of the customer's problems
//! (in the customer's words) with our solution to it (in ours)? If not, we
//! are not yet a solutions provider.
//!
//! A test is built from an account's business issues and action plans, one
//! pair per issue that has a plan still standing; both sides are shuffled
//! apart, the user pairs them up again, and the score is kept as a dated
//! [`MatchingResult`]. That is the quick version; the team's test
//! ([`team`]) pools what every member of the account team wrote, and its
//! result is kept the same way, with the round beside it.

pub mod team;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::id::Id;
use super::issue::BusinessIssue;
use super::plan::{ActionPlan, PlanStatus};
use super::validation::{Checker, Invalid};
use team::TeamRound;

/// The share of correct pairs from which we count as a solutions provider.
pub const PASS_PERCENT: u32 = 80;

/// The fewest pairs worth a test: with one, there is nothing to shuffle.
pub const MIN_PAIRS: usize = 2;

/// `correct` of `total` as a whole percentage, 0 to 100 (0 of none is 0).
pub fn percent(correct: u32, total: u32) -> u32 {
    if total == 0 {
        0
    } else {
        (f64::from(correct) * 100.0 / f64::from(total)).round() as u32
    }
}

/// The dated score of one matching test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchingResult {
    /// Stable id.
    pub id: Id,
    /// The account tested.
    pub account_id: Id,
    /// When the test was taken (UTC).
    pub taken_at: DateTime<Utc>,
    /// How many pairs there were to find.
    pub total: u32,
    /// How many the user found.
    pub correct: u32,
    /// For the team's test, the round: who took part, what each wrote and
    /// how each matched; `total` and `correct` then count every member's
    /// match decisions. None for the quick test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<TeamRound>,
}

impl MatchingResult {
    /// A result taken now.
    pub fn new(account_id: Id, total: u32, correct: u32) -> Self {
        Self {
            id: Id::new(),
            account_id,
            taken_at: Utc::now(),
            total,
            correct: correct.min(total),
            team: None,
        }
    }

    /// The result of the finished team round `round` of the account
    /// `account_id`, kept under `id` (the round's), taken now; `None` while
    /// turns remain.
    pub fn of_team(id: Id, account_id: Id, round: TeamRound) -> Option<Self> {
        let outcome = round.outcome(account_id)?;
        Some(Self {
            id,
            account_id,
            taken_at: Utc::now(),
            total: outcome.total,
            correct: outcome.correct,
            team: Some(round),
        })
    }

    /// Whether the result is of the team's test rather than the quick one.
    pub fn is_team(&self) -> bool {
        self.team.is_some()
    }

    /// Which test it was, in a word for lists: "team" or "quick".
    pub fn kind_label(&self) -> &'static str {
        if self.is_team() { "team" } else { "quick" }
    }

    /// Checks that one-to-one pairing can give the score: at least
    /// [`MIN_PAIRS`] pairs, no more right than there are, and never all but
    /// one right, since a mix-up swaps two solutions and so makes two pairs
    /// wrong.
    pub fn validate(&self) -> Result<(), Invalid> {
        if let Some(round) = &self.team {
            return self.validate_team(round);
        }
        let mut c = Checker::default();
        c.check(
            (self.total as usize) < MIN_PAIRS,
            "total",
            &format!("a matching test has at least {MIN_PAIRS} pairs"),
        );
        c.check(
            self.correct > self.total,
            "correct",
            "cannot exceed the number of pairs",
        );
        c.check(
            self.total > 0 && self.correct + 1 == self.total,
            "correct",
            "one mix-up makes two pairs wrong, so all but one right is impossible",
        );
        c.finish()
    }

    /// Checks that a team result's score is its round's: the round whole,
    /// and the counts those of every member's match decisions.
    fn validate_team(&self, round: &TeamRound) -> Result<(), Invalid> {
        let mut c = Checker::default();
        match round.problem() {
            Some(problem) => c.check(true, "team", &problem),
            None => {
                let outcome = round.outcome(self.account_id);
                c.check(
                    outcome.as_ref().map(|o| (o.total, o.correct))
                        != Some((self.total, self.correct)),
                    "correct",
                    "a team result counts every member's match decisions of its round",
                );
            }
        }
        c.finish()
    }

    /// The share of correct pairs, 0 to 100.
    pub fn percent(&self) -> u32 {
        percent(self.correct, self.total)
    }

    /// Whether the score shows we are a solutions provider.
    pub fn passed(&self) -> bool {
        self.total > 0 && self.percent() >= PASS_PERCENT
    }

    /// The score in words: "4 of 5 pairs right (80 %)", or for the team's
    /// test "19 of 24 matches right (79 %)", counting every member's.
    pub fn summary(&self) -> String {
        let what = if self.is_team() { "matches" } else { "pairs" };
        format!(
            "{} of {} {what} right ({} %)",
            self.correct,
            self.total,
            self.percent()
        )
    }

    /// Where the score puts us, in a few words for lists: "solutions
    /// provider" or "not yet a solutions provider".
    pub fn standing(&self) -> &'static str {
        if self.passed() {
            "solutions provider"
        } else {
            "not yet a solutions provider"
        }
    }

    /// The verdict in one sentence.
    pub fn verdict(&self) -> &'static str {
        if self.passed() {
            "We act as a solutions provider here: the customer's problems and our solutions match up."
        } else {
            "We are not yet a solutions provider here: the customer's problems and our solutions do not match up."
        }
    }
}

/// One pair to find: a problem in the customer's words and our solution
/// to it, in ours (in the quick test, a business issue's statement and
/// its action plan's title).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The customer's problem.
    pub problem: String,
    /// Our solution.
    pub solution: String,
}

/// The pairs of a test: one per business issue (in the order of `issues`)
/// that has a plan not dropped; its solution is the first such plan in the
/// order of `plans`.
pub fn pairs(issues: &[BusinessIssue], plans: &[ActionPlan]) -> Vec<Pair> {
    issues
        .iter()
        .filter_map(|issue| {
            let plan = plans
                .iter()
                .find(|p| p.issue_id == issue.id && p.status != PlanStatus::Dropped)?;
            Some(Pair {
                problem: issue.statement.clone(),
                solution: plan.title.clone(),
            })
        })
        .collect()
}

/// Why a test cannot be taken: too few pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "The matching test needs at least {MIN_PAIRS} business issues with a plan not dropped, to shuffle them; this account has {found}."
)]
pub struct TooFewPairs {
    /// How many pairs the account has.
    pub found: usize,
}

/// The label of the problem shown at `index`: 1, 2, 3 …
pub fn problem_label(index: usize) -> String {
    (index + 1).to_string()
}

/// The label of the solution shown at `index`: A … Z, then AA, AB …
pub fn solution_label(index: usize) -> String {
    let mut label = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        n -= 1;
        label.push(char::from(b'A' + (n % 26) as u8));
        n /= 26;
    }
    label.iter().rev().collect()
}

/// How one problem fared once the test is scored. Indices are positions on
/// the screen: problems as shown, solutions as shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Review {
    /// The problem.
    pub problem: usize,
    /// The solution that truly answers it.
    pub answer: usize,
    /// The solution the user paired it with, if any.
    pub chosen: Option<usize>,
    /// Whether that is right (see [`MatchingTest::is_right`]).
    pub right: bool,
}

impl Review {
    /// Whether the user found the true pair.
    pub fn is_right(&self) -> bool {
        self.right
    }
}

/// A matching test being taken: the pairs, the problems and the solutions
/// each in their own shuffled order, and the pairing made so far.
#[derive(Debug, Clone)]
pub struct MatchingTest {
    account_id: Id,
    pairs: Vec<Pair>,
    /// For each problem shown, the pair it comes from.
    problems: Vec<usize>,
    /// For each solution shown, the pair it comes from.
    solutions: Vec<usize>,
    /// For each problem shown, the solution shown it is paired with.
    chosen: Vec<Option<usize>>,
}

impl MatchingTest {
    /// A test of `pairs` for the account `account_id`, problems and
    /// solutions shuffled apart by a generator seeded with `seed` (the same
    /// seed gives the same order).
    pub fn new(account_id: Id, pairs: Vec<Pair>, seed: u64) -> Result<Self, TooFewPairs> {
        if pairs.len() < MIN_PAIRS {
            return Err(TooFewPairs { found: pairs.len() });
        }
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut problems: Vec<usize> = (0..pairs.len()).collect();
        let mut solutions = problems.clone();
        rng.shuffle(&mut problems);
        rng.shuffle(&mut solutions);
        Ok(Self {
            account_id,
            chosen: vec![None; pairs.len()],
            pairs,
            problems,
            solutions,
        })
    }

    /// The account tested.
    pub fn account_id(&self) -> Id {
        self.account_id
    }

    /// How many pairs there are to find.
    pub fn pair_count(&self) -> usize {
        self.pairs.len()
    }

    /// The problem shown at `index`, in the customer's words.
    pub fn problem(&self, index: usize) -> Option<&str> {
        let pair = self.problems.get(index)?;
        Some(&self.pairs[*pair].problem)
    }

    /// The solution shown at `index`, in our words.
    pub fn solution(&self, index: usize) -> Option<&str> {
        let pair = self.solutions.get(index)?;
        Some(&self.pairs[*pair].solution)
    }

    /// Where the problem shown at `problem` stands in the pairs the test
    /// was made from.
    pub fn origin(&self, problem: usize) -> Option<usize> {
        self.problems.get(problem).copied()
    }

    /// The solution the problem at `problem` is paired with, if any.
    pub fn chosen(&self, problem: usize) -> Option<usize> {
        self.chosen.get(problem).copied().flatten()
    }

    /// The problem the solution at `solution` is paired with, if any.
    pub fn chosen_by(&self, solution: usize) -> Option<usize> {
        self.chosen.iter().position(|c| *c == Some(solution))
    }

    /// Pairs the problem at `problem` with the solution at `solution`; a
    /// solution is used once, so another problem paired with it loses it.
    /// Positions out of range are ignored.
    pub fn pair(&mut self, problem: usize, solution: usize) {
        if problem >= self.chosen.len() || solution >= self.solutions.len() {
            return;
        }
        for c in &mut self.chosen {
            if *c == Some(solution) {
                *c = None;
            }
        }
        self.chosen[problem] = Some(solution);
    }

    /// Undoes the pairing of the problem at `problem`.
    pub fn unpair(&mut self, problem: usize) {
        if let Some(c) = self.chosen.get_mut(problem) {
            *c = None;
        }
    }

    /// How many problems are paired.
    pub fn paired(&self) -> usize {
        self.chosen.iter().flatten().count()
    }

    /// Whether every problem is paired.
    pub fn is_complete(&self) -> bool {
        self.chosen.iter().all(Option::is_some)
    }

    /// The solution that truly answers the problem at `problem`.
    pub fn answer(&self, problem: usize) -> Option<usize> {
        let pair = self.problems.get(problem)?;
        self.solutions.iter().position(|s| s == pair)
    }

    /// Whether the problem at `problem` is paired with its true solution,
    /// or with one that reads exactly the same: when two people wrote the
    /// same solution, either answers both problems.
    pub fn is_right(&self, problem: usize) -> bool {
        match (self.chosen(problem), self.answer(problem)) {
            (Some(chosen), Some(answer)) => {
                chosen == answer || self.solution(chosen) == self.solution(answer)
            }
            _ => false,
        }
    }

    /// Every problem, in the order shown, with its true solution and the
    /// one chosen.
    pub fn review(&self) -> Vec<Review> {
        (0..self.problems.len())
            .filter_map(|problem| {
                Some(Review {
                    problem,
                    answer: self.answer(problem)?,
                    chosen: self.chosen(problem),
                    right: self.is_right(problem),
                })
            })
            .collect()
    }

    /// The score of the pairing as it stands, dated now.
    pub fn score(&self) -> MatchingResult {
        let right = self.review().iter().filter(|r| r.is_right()).count();
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        MatchingResult::new(self.account_id, count(self.pairs.len()), count(right))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verdict_follows_the_share_of_correct_pairs() {
        let id = Id::new();
        assert_eq!(MatchingResult::new(id, 5, 4).percent(), 80);
        assert!(MatchingResult::new(id, 5, 4).passed());
        assert!(!MatchingResult::new(id, 3, 2).passed()); // 67 %
        assert!(!MatchingResult::new(id, 0, 0).passed());
        assert_eq!(MatchingResult::new(id, 2, 7).correct, 2);
        assert_eq!(
            MatchingResult::new(id, 5, 4).summary(),
            "4 of 5 pairs right (80 %)"
        );
        assert!(
            MatchingResult::new(id, 3, 2)
                .verdict()
                .starts_with("We are not yet a solutions provider here")
        );
        assert_eq!(
            MatchingResult::new(id, 3, 2).standing(),
            "not yet a solutions provider"
        );
        assert_eq!(
            MatchingResult::new(id, 3, 3).standing(),
            "solutions provider"
        );
    }

    #[test]
    fn only_scores_that_pairing_can_give_are_valid() {
        let id = Id::new();
        let result = |total, correct| MatchingResult {
            correct,
            ..MatchingResult::new(id, total, 0)
        };
        for (total, correct) in [(2, 0), (2, 2), (3, 1), (5, 3), (5, 5)] {
            assert!(
                result(total, correct).validate().is_ok(),
                "{correct} of {total}"
            );
        }
        for (total, correct) in [(5, 4), (2, 1), (3, 2), (3, 4), (1, 1), (0, 0)] {
            assert!(
                result(total, correct).validate().is_err(),
                "{correct} of {total}"
            );
        }
        let err = result(5, 4).validate().unwrap_err();
        assert_eq!(err.0[0].field, "correct");
        assert!(err.to_string().contains("two pairs wrong"), "{err}");
    }

    #[test]
    fn every_complete_pairing_gives_a_valid_score() {
        let mut test = MatchingTest::new(Id::new(), three_pairs(), 4).unwrap();
        let orders = [
            [0, 1, 2],
            [0, 2, 1],
            [1, 0, 2],
            [1, 2, 0],
            [2, 0, 1],
            [2, 1, 0],
        ];
        for order in orders {
            for (problem, solution) in order.into_iter().enumerate() {
                test.pair(problem, solution);
            }
            let result = test.score();
            assert!(result.validate().is_ok(), "{}", result.summary());
        }
    }

    /// Three issues, each with one plan titled after it.
    fn three_pairs() -> Vec<Pair> {
        (1..=3)
            .map(|n| Pair {
                problem: format!("problem {n}"),
                solution: format!("solution {n}"),
            })
            .collect()
    }

    /// The solution text paired with the problem text in `test`.
    fn truth(test: &MatchingTest, problem: usize) -> (String, String) {
        let answer = test.answer(problem).unwrap();
        (
            test.problem(problem).unwrap().replace("problem", ""),
            test.solution(answer).unwrap().replace("solution", ""),
        )
    }

    #[test]
    fn the_first_plan_not_dropped_answers_each_issue() {
        let account = Id::new();
        let parts = BusinessIssue::new(account, "Lines stop for spare parts");
        let customs = BusinessIssue::new(account, "Customs take days");
        let lonely = BusinessIssue::new(account, "No plan yet");
        let mut dropped = ActionPlan::new(parts.id, "Dropped idea");
        dropped.status = PlanStatus::Dropped;
        let hub = ActionPlan::new(parts.id, "Spare-parts hub");
        let later = ActionPlan::new(parts.id, "Later idea");
        let mut only_dropped = ActionPlan::new(customs.id, "Broker");
        only_dropped.status = PlanStatus::Dropped;
        let plans = [dropped, hub, later, only_dropped];

        let found = pairs(&[parts.clone(), customs, lonely], &plans);
        assert_eq!(
            found,
            [Pair {
                problem: "Lines stop for spare parts".into(),
                solution: "Spare-parts hub".into(),
            }]
        );
    }

    #[test]
    fn fewer_than_two_pairs_cannot_be_tested() {
        let mut one = three_pairs();
        one.truncate(1);
        let err = MatchingTest::new(Id::new(), one, 7).unwrap_err();
        assert_eq!(err.found, 1);
        assert!(err.to_string().contains("at least 2"));
        assert!(MatchingTest::new(Id::new(), three_pairs(), 7).is_ok());
    }

    #[test]
    fn the_same_seed_shuffles_the_same_way() {
        let pairs = three_pairs();
        let order = |seed| {
            let t = MatchingTest::new(Id::new(), pairs.clone(), seed).unwrap();
            (t.problems.clone(), t.solutions.clone())
        };
        assert_eq!(order(42), order(42));
        let orders: Vec<_> = (0..20).map(order).collect();
        assert!(
            orders.iter().any(|o| *o != orders[0]),
            "different seeds give different orders"
        );
        for (problems, solutions) in &orders {
            let mut p = problems.clone();
            let mut s = solutions.clone();
            p.sort_unstable();
            s.sort_unstable();
            assert_eq!((p, s), (vec![0, 1, 2], vec![0, 1, 2]), "every item once");
        }
    }

    #[test]
    fn answers_follow_the_pairs_through_the_shuffle() {
        let test = MatchingTest::new(Id::new(), three_pairs(), 3).unwrap();
        for problem in 0..3 {
            let (p, s) = truth(&test, problem);
            assert_eq!(p, s, "problem {p} is answered by solution {s}");
        }
    }

    #[test]
    fn a_solution_is_used_once_and_pairing_it_again_moves_it() {
        let mut test = MatchingTest::new(Id::new(), three_pairs(), 1).unwrap();
        test.pair(0, 2);
        assert_eq!((test.chosen(0), test.chosen_by(2)), (Some(2), Some(0)));
        test.pair(1, 2);
        assert_eq!(test.chosen(0), None, "moved away from problem 1");
        assert_eq!(test.chosen(1), Some(2));
        test.pair(1, 0);
        assert_eq!(test.chosen_by(2), None, "a pairing can be changed");
        test.pair(9, 0);
        test.pair(0, 9);
        assert_eq!(test.paired(), 1, "out of range is ignored");
        test.unpair(1);
        assert_eq!(test.paired(), 0);
        assert!(!test.is_complete());
    }

    #[test]
    fn scoring_counts_the_true_pairs_and_lists_the_mistakes() {
        let mut test = MatchingTest::new(Id::new(), three_pairs(), 11).unwrap();
        let answers: Vec<usize> = (0..3).map(|p| test.answer(p).unwrap()).collect();
        // Problem 1 right; problems 2 and 3 swapped.
        test.pair(0, answers[0]);
        test.pair(1, answers[2]);
        test.pair(2, answers[1]);
        assert!(test.is_complete());
        let result = test.score();
        assert_eq!((result.total, result.correct, result.percent()), (3, 1, 33));
        assert!(!result.passed());
        assert_eq!(result.account_id, test.account_id());
        let review = test.review();
        assert!(review[0].is_right());
        assert_eq!(
            review[1],
            Review {
                problem: 1,
                answer: answers[1],
                chosen: Some(answers[2]),
                right: false,
            }
        );
        assert!(!review[2].is_right());

        test.pair(1, answers[1]);
        test.pair(2, answers[2]);
        let result = test.score();
        assert_eq!((result.correct, result.percent()), (3, 100));
        assert!(result.passed());
    }

    #[test]
    fn solutions_are_lettered_like_spreadsheet_columns() {
        let labels: Vec<String> = [0, 1, 25, 26, 27, 51, 52]
            .into_iter()
            .map(solution_label)
            .collect();
        assert_eq!(labels, ["A", "B", "Z", "AA", "AB", "AZ", "BA"]);
        assert_eq!(problem_label(0), "1");
    }

    #[test]
    fn a_solution_written_twice_answers_either_problem() {
        let pairs = vec![
            Pair {
                problem: "Price must drop 8 %".into(),
                solution: "Volume-tiered price model".into(),
            },
            Pair {
                problem: "Prices too high".into(),
                solution: "Volume-tiered price model".into(),
            },
            Pair {
                problem: "Stops at Wittlich".into(),
                solution: "MaintainIQ at Wittlich".into(),
            },
        ];
        let mut test = MatchingTest::new(Id::new(), pairs, 7).unwrap();
        let answers: Vec<usize> = (0..3).map(|p| test.answer(p).unwrap()).collect();
        let twin = |p: usize| {
            (0..3).find(|&s| s != answers[p] && test.solution(s) == test.solution(answers[p]))
        };
        let swapped: Vec<usize> = (0..3).map(|p| twin(p).unwrap_or(answers[p])).collect();
        for (p, s) in swapped.iter().enumerate() {
            test.pair(p, *s);
        }
        assert_eq!(
            test.score().correct,
            3,
            "the same words count as the same answer"
        );
    }
}
