//! The conversation form: the forums and stakeholders it offers, its fields
//! and the record they build.
//!
//! The forum is a choice of the usual forums and every forum used before;
//! a forum typed into "New forum" is used instead, and is offered from then
//! on.

use crate::domain::conversation::forum_choices;
use crate::domain::{Conversation, Id, Stakeholder};
use crate::tui::screens::forms::field::Field;
use crate::tui::screens::forms::parse::{self, DATE_HINT, HOURS_HINT};
use crate::tui::screens::forms::reader::Reader;

/// The conversation being edited and what the options of its choice fields
/// stand for.
#[derive(Debug)]
pub(crate) struct ConversationSource {
    /// The record as the form opened it.
    pub conversation: Conversation,
    /// The forum each option of the forum field stands for.
    pub forums: Vec<String>,
    /// The stakeholder each option of the attendees field stands for.
    pub people: Vec<Id>,
}

/// The fields of the conversation form: `stakeholders` are offered as
/// attendees, `used_forums` (every forum used so far) beside the usual
/// ones. To `write_up` a meeting from the calendar, the summary comes
/// first, with room to type above the invitation's text, and the time
/// frame next.
pub(crate) fn fields(
    conversation: &Conversation,
    stakeholders: &[Stakeholder],
    used_forums: &[String],
    write_up: bool,
) -> (Vec<Field>, ConversationSource) {
    let mut forums = forum_choices(used_forums.iter().map(String::as_str));
    let current = conversation.forum.trim();
    if !current.is_empty() && !forums.iter().any(|f| f == current) {
        forums.push(current.to_owned());
    }
    let forum = forums.iter().position(|f| f == current).unwrap_or(0);

    let labels: Vec<String> = stakeholders.iter().map(person_label).collect();
    let ticked: Vec<usize> = stakeholders
        .iter()
        .enumerate()
        .filter(|(_, s)| conversation.attendees.contains(&s.id))
        .map(|(i, _)| i)
        .collect();

    let c = conversation;
    let mut fields = vec![
        Field::line("date", "Date", &parse::date_text(Some(c.date)))
            .required()
            .hint(DATE_HINT),
        Field::choice("forum", "Forum", &forums, forum)
            .required()
            .hint("Where we met them: ←/→ or the first letter; a new one goes below"),
        Field::line("new_forum", "New forum", "")
            .hint("A forum not in the list, e.g. Supplier day; it replaces the choice above"),
        Field::pick("time_frame", "Time frame", c.time_frame)
            .hint("Was the talk about the past, the present or the customer's future?"),
        Field::checklist("attendees", "Attendees", &labels, &ticked)
            .hint("Space ticks the highlighted person; ↑/↓ move through the list"),
        Field::lines("summary", "Summary", &c.summary).hint("What was said and agreed"),
        Field::line(
            "billable_hours",
            "Billable hours",
            &parse::hours_text(c.billable_hours),
        )
        .hint(HOURS_HINT),
        Field::line(
            "non_billable_hours",
            "Non-billable hours",
            &parse::hours_text(c.non_billable_hours),
        )
        .hint(HOURS_HINT),
        Field::yes_no("executive_review", "Executive review", c.executive_review)
            .hint("The customer's senior leadership and ours met"),
    ];
    if write_up {
        let summary = Field::lines("summary", "Summary", &c.summary)
            .with_room_above()
            .hint("What was said and agreed goes on top; the invitation stays below");
        fields.retain(|f| f.key != "summary");
        let frame = fields.iter().position(|f| f.key == "time_frame");
        let time_frame = frame.map(|at| fields.remove(at));
        fields.splice(0..0, std::iter::once(summary).chain(time_frame));
    }
    let source = ConversationSource {
        conversation: conversation.clone(),
        forums,
        people: stakeholders.iter().map(|s| s.id).collect(),
    };
    (fields, source)
}

/// "Name — title", or the name alone.
fn person_label(s: &Stakeholder) -> String {
    if s.title.trim().is_empty() {
        s.name.clone()
    } else {
        format!("{} — {}", s.name.trim(), s.title.trim())
    }
}

/// The original conversation with the values read from the form.
pub(crate) fn read(source: &ConversationSource, r: &mut Reader<'_>) -> Conversation {
    let original = &source.conversation;
    let forum = r.optional_text("new_forum").unwrap_or_else(|| {
        source
            .forums
            .get(r.selected("forum"))
            .cloned()
            .unwrap_or_default()
    });
    let attendees = r
        .ticked("attendees")
        .into_iter()
        .filter_map(|i| source.people.get(i).copied())
        .collect();
    Conversation {
        date: r.date("date", original.date),
        forum,
        attendees,
        time_frame: r.choice("time_frame", original.time_frame),
        executive_review: r.flag("executive_review"),
        summary: r.text("summary"),
        billable_hours: r.parse("billable_hours", original.billable_hours, parse::hours),
        non_billable_hours: r.parse(
            "non_billable_hours",
            original.non_billable_hours,
            parse::hours,
        ),
        ..original.clone()
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use crate::domain::{Conversation, Id, Stakeholder, TimeFrame};
    use crate::tui::command::Command;
    use crate::tui::effect::Effect;
    use crate::tui::screens::forms::{Form, Record};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn save(form: &mut Form) -> Conversation {
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        match form.handle_key(ctrl_s, today()) {
            Effect::Submit(Command::Save {
                record: Record::Conversation(c),
                ..
            }) => c,
            other => panic!("not saved: {other:?}"),
        }
    }

    #[test]
    fn an_unchanged_conversation_comes_back_as_it_was() {
        let account = Id::new();
        let mut ana = Stakeholder::new(account, "Ana Ruiz");
        ana.title = "Head of Purchasing".into();
        let ben = Stakeholder::new(account, "Ben Ott");
        let mut c = Conversation::new(account, today(), "purchasing");
        c.attendees = vec![ben.id];
        c.time_frame = TimeFrame::Future;
        c.summary = "Plans\nfor 2027".into();
        c.billable_hours = 1.5;
        let used = ["purchasing".to_string(), "Supplier day".into()];
        let mut form = Form::conversation(&c, &[ana, ben], &used, false);
        assert!(!form.is_changed());
        assert_eq!(save(&mut form), c, "the forum keeps its own spelling");
    }

    #[test]
    fn a_typed_forum_wins_and_gone_attendees_are_dropped() {
        let account = Id::new();
        let ana = Stakeholder::new(account, "Ana Ruiz");
        let mut c = Conversation::new(account, today(), "");
        c.attendees = vec![Id::new(), ana.id];
        let mut form = Form::conversation(&c, std::slice::from_ref(&ana), &[], true);
        let chosen = save(&mut form);
        assert_eq!(chosen.forum, "Purchasing", "the first forum by default");
        assert_eq!(chosen.attendees, [ana.id]);

        form.set_focus(2, true);
        for ch in "  Supplier day ".chars() {
            form.handle_key(
                KeyEvent::new(KeyCode::Char(ch), KeyModifiers::NONE),
                today(),
            );
        }
        assert_eq!(save(&mut form).forum, "Supplier day");
    }
}
