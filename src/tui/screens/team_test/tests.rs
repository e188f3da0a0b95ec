use crate::domain::matching::team::Turn;
use crate::domain::{Account, TeamMember};
use crate::tui::effect::Effect;
use crate::tui::screens::team_test::*;

/// The test on an account of Ana, Tom and Li, no round yet.
fn view() -> TeamTestView {
    let mut account = Account::new("Nordwerk");
    account.team = ["Ana", "Tom", "Li"]
        .map(|n| TeamMember::new(n, ""))
        .to_vec();
    TeamTestView::new(&account, 3, None, Vec::new())
}

#[test]
fn only_the_ticked_members_take_part_and_the_round_is_kept_at_once() {
    let mut v = view();
    v.handle(Action::Bottom);
    v.handle(Action::Toggle);
    let Effect::Run(Command::SaveTeamRound(kept)) = v.handle(Action::Open) else {
        panic!("starting keeps the round")
    };
    assert_eq!(kept.round.members, ["Ana", "Tom"]);
    assert_eq!(kept.round.turn(), Turn::Write(0));
    assert!(matches!(v.stage, Stage::Handover));
}

#[test]
fn one_member_is_not_a_team() {
    let mut v = view();
    for _ in 0..2 {
        v.handle(Action::Toggle);
        v.handle(Action::Down);
    }
    let Effect::Say(_, why) = v.handle(Action::Open) else {
        panic!("refused")
    };
    assert!(why.contains("at least 2"), "{why}");
    assert!(v.round.is_none());
}

#[test]
fn a_writing_turn_keeps_the_text_until_every_line_reads() {
    let mut v = view();
    v.handle(Action::Open);
    v.handle(Action::Open);
    assert!(v.type_text_into("no separator here"));
    assert!(matches!(v.written(), Effect::Stay));
    let Stage::Write { field, errors, .. } = &v.stage else {
        panic!("still writing")
    };
    assert_eq!(errors[0].line, 1);
    assert_eq!(field.text(), "no separator here");
    v.edited(Some("a -> b\n".into()));
    assert!(matches!(
        v.written(),
        Effect::Run(Command::SaveTeamRound(_))
    ));
    assert!(matches!(v.stage, Stage::Handover), "the page is cleared");
    assert_eq!(v.turn_name(), "Tom");
}

#[test]
fn leaving_a_turn_with_lines_typed_asks_first() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |code, modifiers| KeyEvent::new(code, modifiers);
    let ctrl_c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
    let esc = key(KeyCode::Esc, KeyModifiers::NONE);
    let mut v = view();
    v.handle(Action::Open);
    v.handle(Action::Open);
    v.type_text_into("a -> b");
    assert!(v.has_unsaved_typing());
    assert!(matches!(v.write_key(ctrl_c), Effect::Say(..)));
    assert!(matches!(v.write_key(ctrl_c), Effect::Quit));
    v.write_key(key(KeyCode::Char('x'), KeyModifiers::NONE));
    assert!(
        matches!(v.write_key(esc), Effect::Say(..)),
        "typing again asks again"
    );
    assert!(matches!(v.write_key(esc), Effect::Stay));
    assert!(matches!(v.stage, Stage::Handover), "left the turn");
}

impl TeamTestView {
    /// Types `text` into the writing turn's field.
    fn type_text_into(&mut self, text: &str) -> bool {
        self.field_mut().is_some_and(|f| f.type_text(text))
    }
}
