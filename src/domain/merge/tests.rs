use std::collections::BTreeSet;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::domain::choice::Choice;
use crate::domain::whitespace::Axis;
use crate::domain::{Id, Importance, IssueKind, IssueStatus, Place, PlanStatus, TimeFrame};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn issue() -> BusinessIssue {
    BusinessIssue::new(Id::new(), "Lines stop for lack of spares")
}

fn keys(conflicts: &[Conflict]) -> BTreeSet<String> {
    conflicts.iter().map(|c| c.field.clone()).collect()
}

#[test]
fn fields_changed_on_one_side_each_are_all_kept() {
    let base = issue();
    let mut mine = base.clone();
    mine.importance = Importance::Critical;
    let mut theirs = base.clone();
    theirs.status = IssueStatus::Parked;
    let merged = merge(&base, &mine, &theirs);
    assert!(merged.conflicts.is_empty());
    assert_eq!(merged.record.importance, Importance::Critical);
    assert_eq!(merged.record.status, IssueStatus::Parked);
    assert_eq!(merged.taken, ["status"]);
}

#[test]
fn the_same_field_changed_differently_is_a_conflict_keeping_mine() {
    let base = issue();
    let mut mine = base.clone();
    mine.importance = Importance::Critical;
    let mut theirs = base.clone();
    theirs.importance = Importance::Low;
    theirs.updated_at = base.updated_at + chrono::Duration::hours(1);
    let merged = merge(&base, &mine, &theirs);
    assert_eq!(
        merged.conflicts,
        [Conflict {
            field: "importance".into(),
            mine: "Critical".into(),
            theirs: "Low".into(),
        }]
    );
    assert_eq!(merged.conflicts[0].name(), "importance");
    assert_eq!(merged.record.importance, Importance::Critical);
    assert_eq!(
        merged.record.updated_at, mine.updated_at,
        "timestamps are no field"
    );
}

#[test]
fn steps_ticked_on_each_side_are_both_ticked() {
    let mut base = ActionPlan::new(Id::new(), "Consignment stock pilot");
    base.steps = vec![Step::new("Scope"), Step::new("Run"), Step::new("Review")];
    let mut mine = base.clone();
    mine.steps[0].done = true;
    let mut theirs = base.clone();
    theirs.steps[2].done = true;
    theirs.steps.push(Step::new("Report"));
    let merged = merge(&base, &mine, &theirs);
    assert!(merged.conflicts.is_empty());
    let done: Vec<bool> = merged.record.steps.iter().map(|s| s.done).collect();
    assert_eq!(done, [true, false, true, false]);
    assert_eq!(merged.record.steps[3].text, "Report");
}

#[test]
fn a_step_removed_here_and_changed_there_is_a_conflict() {
    let mut base = ActionPlan::new(Id::new(), "Pilot");
    base.steps = vec![Step::new("Scope")];
    let mut mine = base.clone();
    mine.steps.clear();
    let mut theirs = base.clone();
    theirs.steps[0].done = true;
    let merged = merge(&base, &mine, &theirs);
    assert_eq!(
        keys(&merged.conflicts),
        BTreeSet::from(["steps".to_string()])
    );
    assert_eq!(merged.conflicts[0].theirs, "[x] Scope");
}

#[test]
fn attendees_merge_as_a_set() {
    let (a, b, c) = (Id::new(), Id::new(), Id::new());
    let mut base = Conversation::new(Id::new(), day(3), "QBR");
    base.attendees = vec![a, b];
    let mut mine = base.clone();
    mine.attendees = vec![a, b, c];
    let mut theirs = base.clone();
    theirs.attendees = vec![a];
    let merged = merge(&base, &mine, &theirs);
    assert_eq!(merged.record.attendees, [a, c]);
    assert!(merged.conflicts.is_empty());
}

fn grid() -> Whitespace {
    let mut grid = Whitespace::new(Id::new());
    grid.units = vec!["Hamburg".into(), "Bremen".into()];
    grid.offerings = vec!["Spares".into(), "Service".into()];
    let blank = Cell {
        state: CellState::NotRelevant,
        value: None,
    };
    grid.cells = vec![vec![blank.clone(); 2]; 2];
    grid
}

#[test]
fn whitespace_cells_merge_cell_by_cell() {
    let base = grid();
    let mut mine = base.clone();
    mine.cells[0][0].state = CellState::Supply;
    let mut theirs = base.clone();
    theirs.cells[1][1].state = CellState::Competitor;
    theirs.units.push("Kiel".into());
    let merged = merge(&base, &mine, &theirs);
    assert!(merged.conflicts.is_empty());
    assert_eq!(merged.record.units, ["Hamburg", "Bremen", "Kiel"]);
    assert_eq!(merged.record.cells[0][0].state, CellState::Supply);
    assert_eq!(merged.record.cells[1][1].state, CellState::Competitor);
    assert_eq!(merged.record.cells[2].len(), 2);

    let mut other = base.clone();
    other.cells[0][0].state = CellState::Opportunity;
    let clash = merge(&base, &mine, &other);
    assert_eq!(
        keys(&clash.conflicts),
        BTreeSet::from(["Hamburg × Spares".to_string()])
    );
}

#[test]
fn a_units_region_and_site_merge_as_one_field_of_the_unit() {
    let mut base = grid();
    base.set_place(0, Place::new("North", "Hamburg port"));
    let mut mine = base.clone();
    mine.set_place(1, Place::new("North", "Bremen plant"));
    let mut theirs = base.clone();
    theirs.set_place(0, Place::new("North", "Hamburg yard"));
    theirs.rename(Axis::Offering, 0, "Spare parts");
    let merged = merge(&base, &mine, &theirs);
    assert!(merged.conflicts.is_empty());
    assert_eq!(merged.record.place(0).site, "Hamburg yard");
    assert_eq!(merged.record.place(1).site, "Bremen plant");
    assert_eq!(merged.record.offerings, ["Service", "Spare parts"]);
    assert!(
        merged
            .taken
            .contains(&"Hamburg (region and site)".to_string())
    );

    let mut other = base.clone();
    other.set_place(0, Place::default());
    mine.set_place(0, Place::new("South", ""));
    let clash = merge(&base, &mine, &other);
    assert_eq!(
        keys(&clash.conflicts),
        BTreeSet::from(["Hamburg (region and site)".to_string()])
    );
    assert_eq!(clash.conflicts[0].mine, "South");
    let kept = clash.clone().keeping_theirs(&other);
    assert!(kept.record.place(0).is_empty(), "theirs: no place");
    let mut into = mine.clone();
    assert!(take_field(&mut into, &other, "Hamburg (region and site)"));
    assert!(into.place(0).is_empty());
}

#[test]
fn take_field_copies_one_table_field_and_nothing_else() {
    let mine = issue();
    let mut other = mine.clone();
    other.importance = Importance::Critical;
    other.said_by = "Ms Berg".into();
    let mut into = mine.clone();
    assert!(take_field(&mut into, &other, "importance"));
    assert_eq!(into.importance, Importance::Critical);
    assert_eq!(into.said_by, mine.said_by);
    assert!(!take_field(&mut into, &other, "no_such_field"));
}

#[test]
fn take_field_copies_steps_and_attendees_whole() {
    let mut plan = ActionPlan::new(Id::new(), "Pilot");
    plan.steps = vec![Step::new("Scope")];
    let mut other = plan.clone();
    other.steps[0].done = true;
    other.steps.push(Step::new("Run"));
    other.title = "Another title".into();
    let mut into = plan.clone();
    assert!(take_field(&mut into, &other, "steps"));
    assert_eq!(into.steps, other.steps);
    assert_eq!(into.title, "Pilot");

    let mut talk = Conversation::new(Id::new(), day(3), "QBR");
    let mut there = talk.clone();
    there.attendees = vec![Id::new()];
    assert!(take_field(&mut talk, &there, "attendees"));
    assert_eq!(talk.attendees, there.attendees);
    assert!(!take_field(&mut talk, &there, "steps"));
}

#[test]
fn take_field_copies_one_whitespace_cell_adding_its_unit() {
    let mine = grid();
    let mut other = grid();
    other.cells[1][0].state = CellState::Supply;
    other.cells[0][1].state = CellState::Competitor;
    other.add_unit("Kiel");
    other.cells[2][1].state = CellState::Opportunity;
    let mut into = mine.clone();
    assert!(take_field(&mut into, &other, "Bremen × Spares"));
    assert_eq!(into.cells[1][0].state, CellState::Supply);
    assert_eq!(into.cells[0][1].state, CellState::NotRelevant);
    assert!(take_field(&mut into, &other, "Kiel × Service"));
    assert_eq!(into.units, ["Hamburg", "Bremen", "Kiel"]);
    assert_eq!(into.cells[2][1].state, CellState::Opportunity);
    assert_eq!(into.cells[2][0].state, CellState::NotRelevant);
    assert!(!take_field(&mut into, &other, "Berlin × Spares"));
}

/// An issue with every field drawn at random.
fn any_issue() -> impl Strategy<Value = BusinessIssue> {
    (
        prop::sample::select(vec!["Lines stop", "Spares run out", "Audit fails"]),
        0..IssueKind::ALL.len(),
        prop::sample::select(vec!["", "Jens", "Anna"]),
        prop::option::of(1u32..4),
        any::<bool>(),
        0..Importance::ALL.len(),
        0..IssueStatus::ALL.len(),
        0..TimeFrame::ALL.len(),
    )
        .prop_map(
            |(statement, kind, said_by, said_on, confirmed, imp, status, tf)| {
                let mut i = issue();
                i.statement = statement.into();
                i.kind = IssueKind::ALL[kind];
                i.said_by = said_by.into();
                i.said_on = said_on.map(day);
                i.confirmed = confirmed;
                i.importance = Importance::ALL[imp];
                i.status = IssueStatus::ALL[status];
                i.time_frame = TimeFrame::ALL[tf];
                i
            },
        )
}

/// `base` with the fields at `edits` taken from `donor`.
fn edited<T: Fields + Clone>(base: &T, donor: &T, edits: &[bool]) -> T {
    let mut record = base.clone();
    for (field, _) in T::all_fields().zip(edits).filter(|(_, e)| **e) {
        (field.take)(&mut record, donor);
    }
    record
}

/// Checks the merge of `mine` and `theirs` field by field and in both
/// orders.
fn check_fields<T: Merged + PartialEq + std::fmt::Debug>(base: &T, mine: &T, theirs: &T) {
    let merged = merge(base, mine, theirs);
    let swapped = merge(base, theirs, mine);
    for field in T::all_fields() {
        let mine_changed = !(field.same)(base, mine);
        let theirs_changed = !(field.same)(base, theirs);
        let conflicting = merged.conflicts.iter().any(|c| c.field == field.key);
        if mine_changed && (!theirs_changed || (field.same)(mine, theirs)) {
            assert!((field.same)(&merged.record, mine), "my {} kept", field.key);
        } else if theirs_changed && !mine_changed {
            assert!(
                (field.same)(&merged.record, theirs),
                "their {} kept",
                field.key
            );
        } else if theirs_changed {
            assert!(conflicting, "{} conflicts", field.key);
            continue;
        } else {
            assert!(
                (field.same)(&merged.record, base),
                "{} untouched",
                field.key
            );
        }
        assert!(!conflicting, "{} does not conflict", field.key);
    }
    assert_eq!(keys(&merged.conflicts), keys(&swapped.conflicts));
    if merged.conflicts.is_empty() {
        assert_eq!(merged.record, swapped.record);
    }
}

/// A plan whose steps have been edited at random: ticked, reworded,
/// removed, moved, added.
#[derive(Debug, Clone)]
enum StepEdit {
    Tick(usize),
    Reword(usize, &'static str),
    Remove(usize),
    Move(usize, usize),
    Add(usize, &'static str),
}

fn step_edit() -> impl Strategy<Value = StepEdit> {
    let words = prop::sample::select(vec!["Scope", "Run it", "Review"]);
    prop_oneof![
        (0usize..6).prop_map(StepEdit::Tick),
        ((0usize..6), words.clone()).prop_map(|(i, w)| StepEdit::Reword(i, w)),
        (0usize..6).prop_map(StepEdit::Remove),
        ((0usize..6), (0usize..6)).prop_map(|(i, j)| StepEdit::Move(i, j)),
        ((0usize..7), words).prop_map(|(i, w)| StepEdit::Add(i, w)),
    ]
}

fn apply(plan: &ActionPlan, edits: &[StepEdit]) -> ActionPlan {
    let mut plan = plan.clone();
    let steps = &mut plan.steps;
    for edit in edits {
        let n = steps.len();
        match edit.clone() {
            StepEdit::Tick(i) if i < n => steps[i].done = !steps[i].done,
            StepEdit::Reword(i, w) if i < n => steps[i].text = w.into(),
            StepEdit::Remove(i) if i < n => {
                steps.remove(i);
            }
            StepEdit::Move(i, j) if i < n && j < n => {
                let step = steps.remove(i);
                steps.insert(j, step);
            }
            StepEdit::Add(i, w) => steps.insert(i.min(n), Step::new(w)),
            _ => {}
        }
    }
    plan
}

fn ids(steps: &[Step]) -> BTreeSet<Id> {
    steps.iter().map(|s| s.id).collect()
}

proptest! {
    #[test]
    fn issue_edits_on_two_sides_are_never_lost(
        base in any_issue(),
        (a, b) in (any_issue(), any_issue()),
        edits_a in prop::collection::vec(any::<bool>(), 9),
        edits_b in prop::collection::vec(any::<bool>(), 9),
    ) {
        let mine = edited(&base, &a, &edits_a);
        let theirs = edited(&base, &b, &edits_b);
        check_fields(&base, &mine, &theirs);
    }

    #[test]
    fn step_edits_on_two_sides_are_never_lost(
        count in 0usize..5,
        edits_a in prop::collection::vec(step_edit(), 0..4),
        edits_b in prop::collection::vec(step_edit(), 0..4),
        status in 0..PlanStatus::ALL.len(),
        hours in 0u8..3,
    ) {
        let mut base = ActionPlan::new(Id::new(), "Pilot");
        base.steps = (0..count).map(|i| Step::new(format!("Step {i}"))).collect();
        let mut mine = apply(&base, &edits_a);
        mine.status = PlanStatus::ALL[status];
        let mut theirs = apply(&base, &edits_b);
        theirs.billable_hours = f64::from(hours) / 2.0;
        check_fields(&base, &mine, &theirs);

        let merged = merge(&base, &mine, &theirs);
        let swapped = merge(&base, &theirs, &mine);
        let (before, a, b) = (ids(&base.steps), ids(&mine.steps), ids(&theirs.steps));
        let result = ids(&merged.record.steps);
        prop_assert_eq!(result.len(), merged.record.steps.len(), "no step twice");
        for id in a.union(&b).filter(|id| !before.contains(id)) {
            prop_assert!(result.contains(id), "a step added on one side is kept");
        }
        for step in &base.steps {
            let here = find(&mine.steps, step.id);
            let there = find(&theirs.steps, step.id);
            let removed_untouched = match (here, there) {
                (None, Some(t)) => t == step,
                (Some(m), None) => m == step,
                (None, None) => true,
                _ => false,
            };
            if removed_untouched {
                prop_assert!(!result.contains(&step.id), "a removal is kept");
            }
            if let (Some(m), Some(t)) = (here, there) {
                let got = find(&merged.record.steps, step.id).unwrap();
                if t.done == step.done {
                    prop_assert_eq!(got.done, m.done, "my tick is kept");
                } else if m.done == step.done {
                    prop_assert_eq!(got.done, t.done, "their tick is kept");
                }
                if t.text == step.text {
                    prop_assert_eq!(&got.text, &m.text, "my wording is kept");
                } else if m.text == step.text {
                    prop_assert_eq!(&got.text, &t.text, "their wording is kept");
                }
            }
        }
        prop_assert_eq!(keys(&merged.conflicts), keys(&swapped.conflicts));
        if merged.conflicts.is_empty() {
            prop_assert_eq!(&merged.record, &swapped.record);
        }
    }

    #[test]
    fn whitespace_cell_edits_on_two_sides_are_never_lost(
        edits_a in prop::collection::vec(((0usize..2), (0usize..2), 0..CellState::ALL.len()), 0..4),
        edits_b in prop::collection::vec(((0usize..2), (0usize..2), 0..CellState::ALL.len()), 0..4),
    ) {
        let base = grid();
        let edit = |edits: &[(usize, usize, usize)]| {
            let mut grid = base.clone();
            for (u, o, s) in edits {
                grid.cells[*u][*o].state = CellState::ALL[*s];
            }
            grid
        };
        let (mine, theirs) = (edit(&edits_a), edit(&edits_b));
        let merged = merge(&base, &mine, &theirs);
        for u in 0..2 {
            for o in 0..2 {
                let (b, m, t) = (&base.cells[u][o], &mine.cells[u][o], &theirs.cells[u][o]);
                let got = &merged.record.cells[u][o];
                if t == b {
                    prop_assert_eq!(got, m);
                } else if m == b {
                    prop_assert_eq!(got, t);
                }
            }
        }
        let swapped = merge(&base, &theirs, &mine);
        prop_assert_eq!(keys(&merged.conflicts), keys(&swapped.conflicts));
        if merged.conflicts.is_empty() {
            prop_assert_eq!(&merged.record, &swapped.record);
        }
    }

    #[test]
    fn attendee_edits_on_two_sides_are_never_lost(
        base_in in prop::collection::vec(any::<bool>(), 5),
        mine_in in prop::collection::vec(any::<bool>(), 5),
        theirs_in in prop::collection::vec(any::<bool>(), 5),
    ) {
        let people: Vec<Id> = (0..5).map(|_| Id::new()).collect();
        let pick = |chosen: &[bool]| -> Vec<Id> {
            people.iter().zip(chosen).filter(|(_, c)| **c).map(|(p, _)| *p).collect()
        };
        let mut base = Conversation::new(Id::new(), day(3), "QBR");
        base.attendees = pick(&base_in);
        let mut mine = base.clone();
        mine.attendees = pick(&mine_in);
        let mut theirs = base.clone();
        theirs.attendees = pick(&theirs_in);
        let merged = merge(&base, &mine, &theirs);
        prop_assert!(merged.conflicts.is_empty());
        let got: BTreeSet<Id> = merged.record.attendees.iter().copied().collect();
        for (i, person) in people.iter().enumerate() {
            // A side that changed this person's presence wins; both sides
            // agree whenever both changed it, since there are only two states.
            let wanted = if mine_in[i] != base_in[i] { mine_in[i] } else { theirs_in[i] };
            prop_assert_eq!(got.contains(person), wanted, "person {}", i);
        }
        let swapped = merge(&base, &theirs, &mine);
        let swapped: BTreeSet<Id> = swapped.record.attendees.iter().copied().collect();
        prop_assert_eq!(got, swapped);
    }
}
