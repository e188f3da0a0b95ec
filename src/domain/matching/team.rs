//! The team's matching test: everyone working with the account writes, on
//! their own turn, how the customer defines its problems and how we define
//! our solutions, one pair a line; kam pools every member's pairs and
//! shuffles them with the round's seed, each member matches them all, and
//! the round is scored per member and for the team.
//!
//! The team's score is the share of all match decisions that were right:
//! every member matches every pooled problem, so with 3 members and 8
//! pairs there are 24 decisions.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{MIN_PAIRS, MatchingTest, Pair, TooFewPairs};
use crate::domain::id::Id;
use crate::domain::validation::SHORT_TEXT_LIMIT;

/// The fewest members a round takes: with one, it is the quick test.
pub const MIN_MEMBERS: usize = 2;

/// What a member types between a problem and its solution.
pub const SEPARATOR: &str = " -> ";

/// One line a member writes: the customer's problem in their words, and
/// our solution to it in ours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamPair {
    /// The customer's problem, in the customer's words.
    pub problem: String,
    /// Our solution to it.
    pub solution: String,
}

impl TeamPair {
    /// A pair of `problem` and `solution`.
    pub fn new(problem: impl Into<String>, solution: impl Into<String>) -> Self {
        Self {
            problem: problem.into(),
            solution: solution.into(),
        }
    }
}

/// A line of a member's writing that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// The line, from 1.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Reads a member's writing: one pair a line, the problem and the solution
/// separated by `->` (or `→`, or a tab); empty lines are skipped. Every
/// line that cannot be read is named; at least one pair is needed.
pub fn parse_pairs(text: &str) -> Result<Vec<TeamPair>, Vec<LineError>> {
    let mut pairs = Vec::new();
    let mut errors = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match parse_line(line) {
            Ok(pair) => pairs.push(pair),
            Err(message) => errors.push(LineError {
                line: n + 1,
                message,
            }),
        }
    }
    if errors.is_empty() && pairs.is_empty() {
        errors.push(LineError {
            line: 1,
            message: format!(
                "write at least one pair: the customer's problem{SEPARATOR}our solution"
            ),
        });
    }
    if errors.is_empty() {
        Ok(pairs)
    } else {
        Err(errors)
    }
}

/// One line as a pair, or what is wrong with it.
fn parse_line(line: &str) -> Result<TeamPair, String> {
    let split = ["->", "→", "\t"]
        .iter()
        .filter_map(|sep| line.find(sep).map(|at| (at, sep.len())))
        .min();
    let Some((at, len)) = split else {
        return Err(format!(
            "put{SEPARATOR}between the customer's problem and our solution"
        ));
    };
    let rest = &line[at + len..];
    if ["->", "→", "\t"].iter().any(|sep| rest.contains(sep)) {
        return Err(format!(
            "one pair a line: this line holds more than one{SEPARATOR}(a line break lost?)"
        ));
    }
    let pair = TeamPair::new(line[..at].trim(), rest.trim());
    if pair.problem.is_empty() {
        return Err("the customer's problem is missing before ->".to_string());
    }
    if pair.solution.is_empty() {
        return Err("our solution is missing after ->".to_string());
    }
    if pair.problem.chars().count() > SHORT_TEXT_LIMIT
        || pair.solution.chars().count() > SHORT_TEXT_LIMIT
    {
        return Err(format!("at most {SHORT_TEXT_LIMIT} characters a side"));
    }
    Ok(pair)
}

/// A member's pairs as they write them: one a line.
pub fn pairs_text(pairs: &[TeamPair]) -> String {
    pairs
        .iter()
        .map(|p| format!("{}{SEPARATOR}{}", p.problem, p.solution))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whose turn it is in a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    /// The member at this position writes their pairs.
    Write(usize),
    /// The member at this position matches the pooled pairs.
    Match(usize),
    /// Everyone has written and matched: the round can be scored.
    Done,
}

/// A round of the team's test: who takes part, in turn order, what each
/// wrote and how each matched. Kept as it goes, and with the result once
/// finished, so that the round can be read back and scored again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamRound {
    /// The seed the pooled problems and solutions are shuffled with.
    pub seed: u64,
    /// Who takes part, in turn order.
    pub members: Vec<String>,
    /// What each member wrote, in turn order, as far as the round got.
    #[serde(default)]
    pub written: Vec<Vec<TeamPair>>,
    /// How each member matched, in turn order: for each problem as shown,
    /// the solution as shown they chose.
    #[serde(default)]
    pub matched: Vec<Vec<Option<usize>>>,
}

/// A round being taken at one keyboard, kept after every confirmed turn
/// so that it survives quitting kam; one per account at a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundInProgress {
    /// Stable id; the result keeps it once the round is finished.
    pub id: Id,
    /// The account the round is about.
    pub account_id: Id,
    /// When the round started (UTC).
    pub started_at: DateTime<Utc>,
    /// The round as far as it got.
    pub round: TeamRound,
}

impl RoundInProgress {
    /// `round` of the account `account_id`, starting now.
    pub fn start(account_id: Id, round: TeamRound) -> Self {
        Self {
            id: Id::new(),
            account_id,
            started_at: Utc::now(),
            round,
        }
    }

    /// Where the round stands in a few words: "Tom's turn to write (2 of
    /// 3)" or "ready to score".
    pub fn progress(&self) -> String {
        let n = self.round.members.len();
        let name = self.round.turn_name().unwrap_or_default();
        match self.round.turn() {
            Turn::Write(m) => format!("{name}'s turn to write ({} of {n})", m + 1),
            Turn::Match(m) => format!("{name}'s turn to match ({} of {n})", m + 1),
            Turn::Done => "ready to score".to_string(),
        }
    }
}

/// How one member fared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberScore {
    /// The member.
    pub name: String,
    /// How many problems they matched to the true solution.
    pub correct: u32,
    /// How many problems there were to match.
    pub total: u32,
}

/// How a finished round fared: each member, the team, and the problems
/// (by their position as shown) nobody matched and where members chose
/// different solutions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamOutcome {
    /// Each member, in turn order.
    pub members: Vec<MemberScore>,
    /// Right match decisions, all members together.
    pub correct: u32,
    /// Match decisions, all members together.
    pub total: u32,
    /// Problems nobody matched to their true solution.
    pub nobody: Vec<usize>,
    /// Problems the members matched to different solutions.
    pub disagreed: Vec<usize>,
}

impl TeamRound {
    /// A round for `members`, in turn order, shuffled with `seed`; or why
    /// not (too few, or a name twice).
    pub fn new(members: Vec<String>, seed: u64) -> Result<Self, String> {
        if members.len() < MIN_MEMBERS {
            return Err(format!(
                "The team's test takes at least {MIN_MEMBERS} members; choose them with Space."
            ));
        }
        Ok(Self {
            seed,
            members,
            written: Vec::new(),
            matched: Vec::new(),
        })
    }

    /// Whose turn it is.
    pub fn turn(&self) -> Turn {
        let n = self.members.len();
        if self.written.len() < n {
            Turn::Write(self.written.len())
        } else if self.matched.len() < n {
            Turn::Match(self.matched.len())
        } else {
            Turn::Done
        }
    }

    /// The name of the member whose turn it is, if any.
    pub fn turn_name(&self) -> Option<&str> {
        match self.turn() {
            Turn::Write(m) | Turn::Match(m) => self.members.get(m).map(String::as_str),
            Turn::Done => None,
        }
    }

    /// Keeps what the member writing now wrote; ignored once everyone has.
    pub fn write(&mut self, pairs: Vec<TeamPair>) {
        if matches!(self.turn(), Turn::Write(_)) {
            self.written.push(pairs);
        }
    }

    /// Keeps how the member matching now matched (from
    /// [`TeamRound::choices`]); ignored outside a matching turn.
    pub fn record_match(&mut self, choices: Vec<Option<usize>>) {
        if matches!(self.turn(), Turn::Match(_)) {
            self.matched.push(choices);
        }
    }

    /// Every member's pairs pooled, in turn order, with who wrote each.
    pub fn pool(&self) -> Vec<(usize, Pair)> {
        self.written
            .iter()
            .enumerate()
            .flat_map(|(member, pairs)| {
                pairs.iter().map(move |p| {
                    (
                        member,
                        Pair {
                            problem: p.problem.clone(),
                            solution: p.solution.clone(),
                        },
                    )
                })
            })
            .collect()
    }

    /// The pooled pairs shuffled with the round's seed: what every member
    /// matches, in the same order for each.
    pub fn test(&self, account_id: Id) -> Result<MatchingTest, TooFewPairs> {
        let pairs = self.pool().into_iter().map(|(_, pair)| pair).collect();
        MatchingTest::new(account_id, pairs, self.seed)
    }

    /// The pooled test as the member at `member` matched it.
    pub fn matched_by(&self, account_id: Id, member: usize) -> Option<MatchingTest> {
        let mut test = self.test(account_id).ok()?;
        for (problem, chosen) in self.matched.get(member)?.iter().enumerate() {
            if let Some(solution) = chosen {
                test.pair(problem, *solution);
            }
        }
        Some(test)
    }

    /// The choices made in `test`, in the shape [`TeamRound::matched`]
    /// keeps them.
    pub fn choices(test: &MatchingTest) -> Vec<Option<usize>> {
        (0..test.pair_count()).map(|p| test.chosen(p)).collect()
    }

    /// The score of a finished round of the account `account_id`, or
    /// `None` while turns remain (or when too few pairs were pooled to
    /// match).
    pub fn outcome(&self, account_id: Id) -> Option<TeamOutcome> {
        if self.turn() != Turn::Done {
            return None;
        }
        let tests: Vec<MatchingTest> = (0..self.members.len())
            .map(|m| self.matched_by(account_id, m))
            .collect::<Option<_>>()?;
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let members: Vec<MemberScore> = self
            .members
            .iter()
            .zip(&tests)
            .map(|(name, test)| {
                let result = test.score();
                MemberScore {
                    name: name.clone(),
                    correct: result.correct,
                    total: result.total,
                }
            })
            .collect();
        let problems = tests.first().map_or(0, MatchingTest::pair_count);
        let nobody = (0..problems)
            .filter(|&p| tests.iter().all(|t| !t.is_right(p)))
            .collect();
        let disagreed = (0..problems)
            .filter(|&p| {
                let words =
                    |t: &MatchingTest| t.chosen(p).and_then(|c| t.solution(c)).map(str::to_owned);
                tests.iter().any(|t| words(t) != words(&tests[0]))
            })
            .collect();
        Some(TeamOutcome {
            correct: count(members.iter().map(|m| m.correct as usize).sum()),
            total: count(members.iter().map(|m| m.total as usize).sum()),
            members,
            nobody,
            disagreed,
        })
    }

    /// What is wrong with the round as kept with a result, if anything.
    pub(super) fn problem(&self) -> Option<String> {
        if self.members.len() < MIN_MEMBERS {
            return Some(format!("a team round has at least {MIN_MEMBERS} members"));
        }
        if self.turn() != Turn::Done {
            return Some("a kept team round has every member's writing and matching".into());
        }
        let pooled: usize = self.written.iter().map(Vec::len).sum();
        if pooled < MIN_PAIRS || self.matched.iter().any(|m| m.len() != pooled) {
            return Some("each member matches every pooled problem".into());
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A round of Ana and Tom, each with their writing done.
    fn written() -> TeamRound {
        let mut round = TeamRound::new(vec!["Ana".into(), "Tom".into()], 7).unwrap();
        round.write(vec![
            TeamPair::new("lines stop for parts", "parts hub"),
            TeamPair::new("customs take days", "bonded stock"),
        ]);
        round.write(vec![TeamPair::new("audits fail", "audit kit")]);
        round
    }

    /// The solution shown that truly answers each problem shown.
    fn answers(round: &TeamRound) -> Vec<usize> {
        let test = round.test(Id::new()).unwrap();
        (0..test.pair_count())
            .map(|p| test.answer(p).unwrap())
            .collect()
    }

    #[test]
    fn pairs_are_read_one_a_line_with_the_wrong_lines_named() {
        let text = "Lines stop -> spare-parts hub\n\ncustoms take days→bonded stock\naudits\tkit";
        let pairs = parse_pairs(text).unwrap();
        assert_eq!(pairs[0], TeamPair::new("Lines stop", "spare-parts hub"));
        assert_eq!(pairs[1], TeamPair::new("customs take days", "bonded stock"));
        assert_eq!(pairs[2], TeamPair::new("audits", "kit"));
        assert_eq!(parse_pairs(&pairs_text(&pairs)).unwrap(), pairs);

        let errors = parse_pairs("a -> b\nno separator\n -> c\nd -> \ne -> f -> g").unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 4, 5]);
        assert!(errors[3].message.contains("more than one"), "{}", errors[3]);
        assert!(errors[0].to_string().starts_with("line 2: put -> between"));
        assert!(errors[1].message.contains("problem is missing"));
        assert!(errors[2].message.contains("solution is missing"));
        assert_eq!(parse_pairs("  \n").unwrap_err()[0].line, 1);
    }

    #[test]
    fn turns_go_writing_then_matching_member_by_member() {
        let too_few = TeamRound::new(vec!["Ana".into()], 1).unwrap_err();
        assert!(too_few.contains("at least 2"));
        let mut round = TeamRound::new(vec!["Ana".into(), "Tom".into()], 7).unwrap();
        assert_eq!(round.turn(), Turn::Write(0));
        round.record_match(vec![]);
        assert!(
            round.matched.is_empty(),
            "no matching before everyone wrote"
        );
        round.write(vec![TeamPair::new("p", "s")]);
        assert_eq!(
            (round.turn(), round.turn_name()),
            (Turn::Write(1), Some("Tom"))
        );
        round.write(vec![TeamPair::new("q", "t")]);
        assert_eq!(round.turn(), Turn::Match(0));
        round.write(vec![TeamPair::new("late", "ignored")]);
        assert_eq!(round.written.len(), 2);
        round.record_match(vec![Some(0), Some(1)]);
        round.record_match(vec![Some(1), Some(0)]);
        assert_eq!((round.turn(), round.turn_name()), (Turn::Done, None));
    }

    #[test]
    fn the_pool_holds_every_members_pairs_shuffled_by_the_seed() {
        let round = written();
        let pool = round.pool();
        assert_eq!(pool.len(), 3);
        assert_eq!(pool[2].0, 1, "Tom wrote the third");
        let test = round.test(Id::new()).unwrap();
        let mut problems: Vec<&str> = (0..3).map(|p| test.problem(p).unwrap()).collect();
        problems.sort_unstable();
        assert_eq!(
            problems,
            ["audits fail", "customs take days", "lines stop for parts"]
        );
        let order = |seed| {
            let r = TeamRound {
                seed,
                ..round.clone()
            };
            let t = r.test(Id::new()).unwrap();
            (0..3)
                .map(|p| t.problem(p).unwrap().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(order(7), order(7), "the same seed, the same order");
        assert!((0..20).any(|s| order(s) != order(7)), "seeds shuffle");
    }

    #[test]
    fn a_finished_round_scores_members_and_team_and_finds_gaps() {
        let mut round = written();
        let a = answers(&round);
        assert_eq!(round.outcome(Id::new()), None, "not finished");
        // Ana gets all three; Tom swaps the first two and gets the third.
        round.record_match(vec![Some(a[0]), Some(a[1]), Some(a[2])]);
        round.record_match(vec![Some(a[1]), Some(a[0]), Some(a[2])]);
        let outcome = round.outcome(Id::new()).unwrap();
        assert_eq!(
            outcome.members,
            [
                MemberScore {
                    name: "Ana".into(),
                    correct: 3,
                    total: 3
                },
                MemberScore {
                    name: "Tom".into(),
                    correct: 1,
                    total: 3
                },
            ]
        );
        assert_eq!((outcome.correct, outcome.total), (4, 6));
        assert_eq!(outcome.nobody, Vec::<usize>::new());
        assert_eq!(outcome.disagreed, [0, 1]);
        assert_eq!(round.problem(), None);
    }

    #[test]
    fn a_problem_everyone_missed_is_named_even_when_they_agree() {
        let mut round = written();
        let a = answers(&round);
        let swapped = vec![Some(a[1]), Some(a[0]), Some(a[2])];
        round.record_match(swapped.clone());
        round.record_match(swapped);
        let outcome = round.outcome(Id::new()).unwrap();
        assert_eq!(outcome.nobody, [0, 1]);
        assert!(outcome.disagreed.is_empty(), "they chose alike");
        assert_eq!((outcome.correct, outcome.total), (2, 6));
    }

    #[test]
    fn a_team_result_keeps_the_teams_score_and_is_checked_against_its_round() {
        use crate::domain::MatchingResult;
        let mut round = written();
        let account = Id::new();
        assert!(MatchingResult::of_team(Id::new(), account, round.clone()).is_none());
        let a = answers(&round);
        round.record_match(vec![Some(a[0]), Some(a[1]), Some(a[2])]);
        round.record_match(vec![Some(a[1]), Some(a[0]), Some(a[2])]);
        let result = MatchingResult::of_team(Id::new(), account, round).unwrap();
        assert_eq!((result.correct, result.total, result.percent()), (4, 6, 67));
        assert_eq!(result.kind_label(), "team");
        assert!(
            result.validate().is_ok(),
            "a team score need not follow the one-test rules"
        );
        let mut forged = result.clone();
        forged.correct = 6;
        assert_eq!(forged.validate().unwrap_err().0[0].field, "correct");
        let mut cut = result;
        cut.team.as_mut().unwrap().matched.pop();
        assert_eq!(cut.validate().unwrap_err().0[0].field, "team");
    }

    #[test]
    fn a_kept_round_must_be_whole() {
        let mut round = written();
        assert!(round.problem().unwrap().contains("every member"));
        round.record_match(vec![Some(0), Some(1), Some(2)]);
        round.record_match(vec![Some(0)]);
        assert!(round.problem().unwrap().contains("every pooled problem"));
    }
}
