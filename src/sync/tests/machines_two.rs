//! Two machines, a desk and a laptop, edit offline and sync in both
//! orders: every edit is applied or held as a conflict on both.

use super::*;
use crate::domain::{
    Account, ActionPlan, BusinessIssue, Importance, Place, ProofStatement, Stakeholder, Step,
};
use crate::store::DELETED;

/// A desk and a laptop holding the same account, business issue and
/// proof statement, synced.
struct Pair {
    _world: World,
    desk: Machine,
    laptop: Machine,
    issue: BusinessIssue,
    proof: ProofStatement,
}

impl Pair {
    fn new() -> Self {
        let world = World::new();
        let (mut desk, mut laptop) = (world.machine("desk"), world.machine("laptop"));
        let account = desk.store.save_account(&Account::new("Nordmole")).unwrap();
        let issue = BusinessIssue::new(account.id, "Cranes stand still too often");
        let issue = desk.store.save_issue(&issue).unwrap();
        let proof = ProofStatement::new(account.id, day(), "Availability 99.2 %");
        let proof = desk.store.save_proof(&proof).unwrap();
        settle(&mut [&mut desk, &mut laptop]);
        Self {
            _world: world,
            desk,
            laptop,
            issue,
            proof,
        }
    }

    /// Both sync once, the desk first or the laptop first, then both
    /// until nothing moves; they must end identical.
    fn sync(&mut self, desk_first: bool) {
        if desk_first {
            self.desk.sync();
            self.laptop.sync();
        } else {
            self.laptop.sync();
            self.desk.sync();
        }
        settle(&mut [&mut self.desk, &mut self.laptop]);
    }
}

/// Edits the issue as the form does: read, change, save.
fn edit_issue(machine: &mut Machine, id: Id, change: impl FnOnce(&mut BusinessIssue)) {
    let mut issue = machine.store.issue(id).unwrap();
    change(&mut issue);
    machine.store.save_issue(&issue).unwrap();
}

#[test]
fn changes_to_different_fields_of_one_record_both_survive_in_either_order() {
    for desk_first in [true, false] {
        let mut p = Pair::new();
        let id = p.issue.id;
        edit_issue(&mut p.desk, id, |i| {
            i.importance = Importance::Critical;
            i.said_by = "Jens Ahlgrimm, COO".to_owned();
        });
        edit_issue(&mut p.laptop, id, |i| {
            i.statement = "Cranes\tstand still; ship waits".to_owned();
        });
        p.sync(desk_first);
        for m in [&p.desk, &p.laptop] {
            let issue = m.store.issue(id).unwrap();
            assert_eq!(issue.importance, Importance::Critical, "{}", m.name);
            assert_eq!(issue.said_by, "Jens Ahlgrimm, COO");
            assert_eq!(issue.statement, "Cranes\tstand still; ship waits");
            assert!(m.conflicts().is_empty(), "{}: {:?}", m.name, m.conflicts());
        }
    }
}

#[test]
fn the_same_field_changed_on_both_is_a_conflict_holding_both_values_everywhere() {
    for desk_first in [true, false] {
        let mut p = Pair::new();
        let id = p.issue.id;
        edit_issue(&mut p.desk, id, |i| i.said_by = "Ana".to_owned());
        edit_issue(&mut p.laptop, id, |i| i.said_by = "Bo".to_owned());
        p.sync(desk_first);
        for m in [&p.desk, &p.laptop] {
            let conflicts = m.conflicts();
            assert_eq!(conflicts.len(), 1, "{}: {conflicts:?}", m.name);
            let c = &conflicts[0];
            assert_eq!((c.record, c.field.as_str()), (id, "said_by"));
            let values = BTreeSet::from([c.kept.as_str(), c.other.as_str()]);
            assert_eq!(values, BTreeSet::from(["Ana", "Bo"]));
            assert_eq!(
                m.store.issue(id).unwrap().said_by,
                c.kept,
                "the record holds kept"
            );
        }
    }
}

#[test]
fn an_edit_against_a_delete_keeps_the_edited_record_with_a_conflict_in_either_order() {
    for (desk_first, desk_edits) in [(true, true), (true, false), (false, true), (false, false)] {
        let mut p = Pair::new();
        let id = p.proof.id;
        let (editor, deleter) = if desk_edits {
            (&mut p.desk, &mut p.laptop)
        } else {
            (&mut p.laptop, &mut p.desk)
        };
        let mut proof = editor.store.proof(id).unwrap();
        proof.value = Some("99.2 %".to_owned());
        editor.store.save_proof(&proof).unwrap();
        deleter.store.delete_proof(id).unwrap();
        p.sync(desk_first);
        for m in [&p.desk, &p.laptop] {
            let proof = m.store.proof(id).unwrap();
            assert_eq!(proof.value.as_deref(), Some("99.2 %"), "{}", m.name);
            let conflicts = m.store.sync_conflicts_of(id).unwrap();
            assert_eq!(conflicts.len(), 1);
            assert_eq!(conflicts[0].field, DELETED);
        }
    }
}

#[test]
fn records_added_on_both_sides_all_arrive() {
    for desk_first in [true, false] {
        let mut p = Pair::new();
        let account = p.issue.account_id;
        let issue = BusinessIssue::new(account, "Technicians retire by 2028");
        p.desk.store.save_issue(&issue).unwrap();
        let mut plan = ActionPlan::new(p.issue.id, "Predictive monitoring");
        plan.steps = vec![Step::new("Fit sensors"), Step::new("Train the yard team")];
        p.desk.store.save_plan(&plan).unwrap();
        let boss = Stakeholder::new(account, "Jens Ahlgrimm");
        p.laptop.store.save_stakeholder(&boss).unwrap();
        let mut engineer = Stakeholder::new(account, "Mia Krüger");
        engineer.reports_to = Some(boss.id);
        p.laptop.store.save_stakeholder(&engineer).unwrap();
        p.sync(desk_first);
        for m in [&p.desk, &p.laptop] {
            assert_eq!(m.store.issue(issue.id).unwrap().statement, issue.statement);
            assert_eq!(m.store.plan(plan.id).unwrap().steps, plan.steps);
            let engineer = m.store.stakeholder(engineer.id).unwrap();
            assert_eq!(engineer.reports_to, Some(boss.id), "{}", m.name);
            assert!(m.conflicts().is_empty());
        }
    }
}

#[test]
fn hundreds_of_records_added_edited_and_deleted_on_both_sides_converge() {
    let mut p = Pair::new();
    let account = p.issue.account_id;
    let proofs: Vec<ProofStatement> = (0..200)
        .map(|n| {
            let proof = ProofStatement::new(account, day(), format!("Week {n}: 52 jobs"));
            p.desk.store.save_proof(&proof).unwrap()
        })
        .collect();
    settle(&mut [&mut p.desk, &mut p.laptop]);
    for proof in &proofs[..100] {
        let mut proof = p.desk.store.proof(proof.id).unwrap();
        proof.value = Some("52 jobs".to_owned());
        p.desk.store.save_proof(&proof).unwrap();
    }
    for proof in &proofs[150..] {
        p.desk.store.delete_proof(proof.id).unwrap();
    }
    for proof in &proofs[50..150] {
        let mut proof = p.laptop.store.proof(proof.id).unwrap();
        proof.acknowledged = true;
        p.laptop.store.save_proof(&proof).unwrap();
    }
    let added: Vec<BusinessIssue> = (0..150)
        .map(|n| {
            let issue = BusinessIssue::new(account, format!("Berth {n} waits for cranes"));
            p.laptop.store.save_issue(&issue).unwrap()
        })
        .collect();
    p.sync(false);
    for m in [&p.desk, &p.laptop] {
        let records = m.records();
        assert_eq!(records.proofs.len(), 1 + 150, "{}", m.name);
        assert_eq!(records.issues.len(), 1 + added.len());
        for (n, proof) in proofs[..150].iter().enumerate() {
            let proof = m.store.proof(proof.id).unwrap();
            assert_eq!(proof.value.is_some(), n < 100, "proof {n}");
            assert_eq!(proof.acknowledged, n >= 50, "proof {n}");
        }
        assert!(m.conflicts().is_empty());
    }
}

#[test]
fn whole_accounts_with_everything_under_them_added_on_one_side_arrive_exactly() {
    let mut p = Pair::new();
    crate::demo::load(&mut p.desk.store, day()).unwrap();
    edit_issue(&mut p.laptop, p.issue.id, |i| i.confirmed = true);
    p.sync(false);
    let records = p.laptop.records();
    assert_eq!(records.accounts.len(), 6);
    let kinds = [
        records.issues.len(),
        records.plans.len(),
        records.proofs.len(),
        records.stakeholders.len(),
        records.conversations.len(),
        records.assessments.len(),
        records.whitespace.len(),
        records.matching.len(),
    ];
    assert!(
        kinds.iter().all(|n| *n > 0),
        "every kind arrived: {kinds:?}"
    );
    assert!(p.desk.store.issue(p.issue.id).unwrap().confirmed);
}

#[test]
fn a_plan_moved_to_another_issue_on_one_side_keeps_the_edit_made_on_the_other() {
    for desk_first in [true, false] {
        let mut p = Pair::new();
        let other = BusinessIssue::new(p.issue.account_id, "Alliances pay a bonus");
        p.desk.store.save_issue(&other).unwrap();
        let plan = ActionPlan::new(p.issue.id, "Resident engineer");
        p.desk.store.save_plan(&plan).unwrap();
        settle(&mut [&mut p.desk, &mut p.laptop]);
        let mut moved = p.desk.store.plan(plan.id).unwrap();
        moved.issue_id = other.id;
        p.desk.store.save_plan(&moved).unwrap();
        let mut edited = p.laptop.store.plan(plan.id).unwrap();
        edited.title = "Two resident engineers".to_owned();
        edited.steps.push(Step::new("Hire the second"));
        p.laptop.store.save_plan(&edited).unwrap();
        p.sync(desk_first);
        for m in [&p.desk, &p.laptop] {
            let plan = m.store.plan(plan.id).unwrap();
            assert_eq!(plan.issue_id, other.id, "{}: moved", m.name);
            assert_eq!(plan.title, "Two resident engineers");
            assert_eq!(plan.steps.len(), 1);
            assert!(m.store.plans(p.issue.id).unwrap().is_empty());
            assert!(m.conflicts().is_empty());
        }
    }
}

#[test]
fn text_arrives_exactly_as_typed() {
    let texts = [
        "Tab\there, tab\tthere",
        "Team 👩\u{200d}💻\u{200d} and 🏳\u{fe0f}\u{200d}🌈",
        "وقت التوقف طويل جدا — downtime is far too long",
        "Line one\r\nline two\rline three\r",
        "   leading and trailing spaces   ",
        "Ends with a line break\n\n",
    ];
    let mut p = Pair::new();
    let account = p.issue.account_id;
    let issues: Vec<BusinessIssue> = texts
        .iter()
        .map(|text| {
            let mut issue = BusinessIssue::new(account, *text);
            issue.said_by = (*text).to_owned();
            p.desk.store.save_issue(&issue).unwrap()
        })
        .collect();
    p.sync(true);
    for issue in &issues {
        let there = p.laptop.store.issue(issue.id).unwrap();
        assert_eq!(there.statement, issue.statement);
        assert_eq!(there.said_by, issue.statement);
    }
}

#[test]
fn a_measure_given_on_one_side_and_acknowledged_on_the_other_both_arrive() {
    for desk_first in [true, false] {
        let mut p = Pair::new();
        let id = p.proof.id;
        let measure = crate::domain::measure::Measure {
            name: "Crane availability".into(),
            better: crate::domain::measure::Better::Higher,
            target: Some(99.0),
            confidential: true,
        };
        let mut proof = p.desk.store.proof(id).unwrap();
        proof.value = Some("99.2 %".to_owned());
        proof.measure = Some(measure.clone());
        p.desk.store.save_proof(&proof).unwrap();
        let mut proof = p.laptop.store.proof(id).unwrap();
        proof.acknowledged = true;
        p.laptop.store.save_proof(&proof).unwrap();
        p.sync(desk_first);
        for m in [&p.desk, &p.laptop] {
            let proof = m.store.proof(id).unwrap();
            assert_eq!(proof.measure.as_ref(), Some(&measure), "{}", m.name);
            assert!(proof.acknowledged, "{}", m.name);
            let series = m.store.measured_series(proof.account_id).unwrap();
            assert_eq!(series[0].latest_text(), "99.2 %", "{}", m.name);
        }
    }
}

#[test]
fn the_account_team_and_a_finished_team_round_made_on_one_side_arrive() {
    use crate::domain::TeamMember;
    use crate::domain::matching::team::{RoundInProgress, TeamPair, TeamRound};
    let mut p = Pair::new();
    let account_id = p.proof.account_id;
    let mut account = p.desk.store.account(account_id).unwrap();
    account.team = vec![
        TeamMember::new("Ana Ruiz", "service delivery lead"),
        TeamMember::new("Tom Berg", "pre-sales"),
    ];
    p.desk.store.save_account(&account).unwrap();
    let mut round = TeamRound::new(vec!["Ana Ruiz".into(), "Tom Berg".into()], 9).unwrap();
    round.write(vec![TeamPair::new("Cranes stand still", "Parts hub")]);
    round.write(vec![TeamPair::new("Customs are slow", "Pre-clearance")]);
    let test = round.test(account_id).unwrap();
    let right: Vec<Option<usize>> = (0..2).map(|p| test.answer(p)).collect();
    round.record_match(right.clone());
    round.record_match(right.into_iter().rev().collect());
    let round = RoundInProgress::start(account_id, round);
    p.desk.store.save_team_round(&round).unwrap();
    let result = p.desk.store.finish_team_round(&round).unwrap();
    p.sync(true);
    let team = p.laptop.store.account(account_id).unwrap().team;
    assert_eq!(team, account.team);
    let arrived = p.laptop.store.matching_results(account_id).unwrap();
    assert_eq!(arrived, [result]);
    assert_eq!((arrived[0].correct, arrived[0].total), (2, 4));
    assert!(arrived[0].is_team());
    assert!(
        p.laptop.store.team_round(account_id).unwrap().is_none(),
        "only the finished round travels"
    );
}

#[test]
fn a_unit_moved_to_another_site_on_one_side_and_an_offering_renamed_on_the_other_both_arrive() {
    for desk_first in [true, false] {
        let mut p = Pair::new();
        let id = p.issue.account_id;
        let mut grid = crate::domain::Whitespace::new(id);
        grid.add_offering("Spares");
        grid.add_offering("Field service");
        grid.add_unit("Line 1");
        grid.add_unit("Line 2");
        grid.set_place(0, Place::new("DACH", "Munich plant"));
        grid.set_place(1, Place::new("DACH", "Munich plant"));
        grid.cells[0][0].state = crate::domain::CellState::Supply;
        p.desk.store.save_whitespace(&grid, None).unwrap();
        settle(&mut [&mut p.desk, &mut p.laptop]);

        let mut moved = p.desk.store.whitespace(id).unwrap();
        moved.set_place(1, Place::new("DACH", "Augsburg"));
        p.desk.store.save_whitespace(&moved, None).unwrap();
        let mut renamed = p.laptop.store.whitespace(id).unwrap();
        renamed.rename(crate::domain::whitespace::Axis::Offering, 0, "Spare parts");
        p.laptop.store.save_whitespace(&renamed, None).unwrap();
        p.sync(desk_first);

        for m in [&p.desk, &p.laptop] {
            let grid = m.store.whitespace(id).unwrap();
            assert_eq!(grid.place(1), Place::new("DACH", "Augsburg"), "{}", m.name);
            assert_eq!(grid.place(0).site, "Munich plant", "{}", m.name);
            assert!(grid.offerings.contains(&"Spare parts".to_string()));
            assert!(!grid.offerings.contains(&"Spares".to_string()));
            assert!(m.conflicts().is_empty(), "{}: {:?}", m.name, m.conflicts());
        }
    }
}
