//! One field of a form: what it holds and how it takes keys.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, Input as TextInput, Key, TextArea, WrapMode};

use super::person::PersonPicker;
use crate::domain::choice::Choice;
use crate::domain::{Id, Stakeholder};
use crate::text;

/// What a field holds and how it is edited.
#[derive(Debug)]
pub(crate) enum Input {
    /// One line of text.
    Line(TextArea<'static>),
    /// Several lines of text.
    Lines(TextArea<'static>),
    /// One of a fixed list of options, shown by their labels.
    Choice {
        /// The options' labels, already sanitized.
        options: Vec<String>,
        /// Index of the chosen option.
        selected: usize,
    },
    /// Yes or no.
    YesNo(bool),
    /// Any number of a fixed list of options, each ticked or not.
    Checklist {
        /// The options' labels, already sanitized.
        options: Vec<String>,
        /// Whether each option is ticked.
        ticked: Vec<bool>,
        /// The highlighted option.
        cursor: usize,
    },
    /// A person on the customer's side: a name, linked to a stakeholder
    /// when it names one.
    Person(Box<PersonPicker>),
}

/// A field's value, compared with the one the form opened with.
#[derive(Debug, Clone, PartialEq)]
enum Snapshot {
    Text(String),
    Index(usize),
    Flag(bool),
    Ticks(Vec<bool>),
    Person(String, bool),
}

/// One labelled field of a form.
#[derive(Debug)]
pub(crate) struct Field {
    /// The domain's name of the field, as used in validation errors.
    pub key: &'static str,
    /// The label shown to the user.
    pub label: &'static str,
    /// Whether the field must be filled in (marked with `*`).
    pub required: bool,
    /// A hint shown while the field has focus.
    pub hint: Option<&'static str>,
    /// The value being edited.
    pub input: Input,
    /// The problem found with the value at the last attempt to save.
    pub error: Option<String>,
    /// Whether a text field is a figure hidden in private mode: it shows a
    /// fixed mask and typing into it starts a new value.
    pub masked: bool,
    /// Whether a multi-line field opened with an empty line to type on
    /// above its text ([`Field::with_room_above`]).
    room_above: bool,
    initial: Snapshot,
}

impl Field {
    fn new(key: &'static str, label: &'static str, input: Input) -> Self {
        let mut field = Self {
            key,
            label,
            required: false,
            hint: None,
            input,
            error: None,
            masked: false,
            room_above: false,
            initial: Snapshot::Flag(false),
        };
        field.initial = field.snapshot();
        field
    }

    /// A single-line text field holding `value` exactly as given: control
    /// characters are made visible only when the field is drawn.
    pub fn line(key: &'static str, label: &'static str, value: &str) -> Self {
        let lines = vec![value.to_owned()];
        Self::new(key, label, Input::Line(text_area(lines, WrapMode::None)))
    }

    /// A multi-line text field with soft wrapping, holding `value` exactly
    /// as given (a line ends at each `\n`; a `\r` before it is kept).
    pub fn lines(key: &'static str, label: &'static str, value: &str) -> Self {
        let lines = value.split('\n').map(str::to_owned).collect();
        Self::new(
            key,
            label,
            Input::Lines(text_area(lines, WrapMode::WordOrGlyph)),
        )
    }

    /// Opens a multi-line field holding text with an empty line to type on
    /// above it and a blank line between: what is typed comes first and
    /// the text stays below. The two lines are no change: untouched, the
    /// field reads as the text it was given.
    pub fn with_room_above(mut self) -> Self {
        if let Input::Lines(area) = &self.input
            && !self.text().is_empty()
        {
            let lines = ["", ""]
                .into_iter()
                .map(str::to_owned)
                .chain(area.lines().iter().cloned())
                .collect();
            self.input = Input::Lines(text_area(lines, WrapMode::WordOrGlyph));
            self.room_above = true;
        }
        self
    }

    /// A choice among `options` (labels, sanitized here).
    pub fn choice(
        key: &'static str,
        label: &'static str,
        options: &[String],
        selected: usize,
    ) -> Self {
        let options: Vec<String> = options.iter().map(|o| text::first_line(o)).collect();
        let selected = selected.min(options.len().saturating_sub(1));
        Self::new(key, label, Input::Choice { options, selected })
    }

    /// Offers other options in a choice field: `labels` (sanitized here),
    /// with the one at `chosen` chosen.
    pub fn set_choices(&mut self, labels: &[String], chosen: usize) {
        if let Input::Choice { options, selected } = &mut self.input {
            *options = labels.iter().map(|o| text::first_line(o)).collect();
            *selected = chosen.min(options.len().saturating_sub(1));
        }
    }

    /// Chooses the option at `chosen` of a choice field.
    pub fn set_choice(&mut self, chosen: usize) {
        if let Input::Choice { options, selected } = &mut self.input {
            *selected = chosen.min(options.len().saturating_sub(1));
        }
    }

    /// Replaces the text of a single-line text field.
    pub fn set_text(&mut self, text: &str) {
        if matches!(self.input, Input::Line(_)) {
            self.input = Input::Line(text_area(vec![text.to_owned()], WrapMode::None));
        }
    }

    /// Sets the value of a yes/no field.
    pub fn set_flag(&mut self, value: bool) {
        if let Input::YesNo(flag) = &mut self.input {
            *flag = value;
        }
    }

    /// A choice among the values of a [`Choice`] type.
    pub fn pick<T: Choice>(key: &'static str, label: &'static str, value: T) -> Self {
        let options: Vec<String> = T::ALL.iter().map(|v| v.label().to_owned()).collect();
        Self::choice(key, label, &options, value.index())
    }

    /// A person field holding `value`, linked to `linked`, offering
    /// `people`, the stakeholders of `account`, as the name is typed.
    pub fn person(
        key: &'static str,
        label: &'static str,
        value: &str,
        linked: Option<Id>,
        account: Id,
        people: &[Stakeholder],
    ) -> Self {
        let area = text_area(vec![value.to_owned()], WrapMode::None);
        let picker = PersonPicker::new(area, linked, account, people);
        Self::new(key, label, Input::Person(Box::new(picker)))
    }

    /// The picker of a person field.
    pub fn person_picker(&self) -> Option<&PersonPicker> {
        match &self.input {
            Input::Person(picker) => Some(picker),
            _ => None,
        }
    }

    /// Whether Enter is a key for the field (picking an offer) rather than
    /// for the form.
    pub fn takes_enter(&self) -> bool {
        self.person_picker().is_some_and(|p| p.takes_enter())
    }

    /// A yes/no field.
    pub fn yes_no(key: &'static str, label: &'static str, value: bool) -> Self {
        Self::new(key, label, Input::YesNo(value))
    }

    /// A checklist of `options` (labels, sanitized here) with the options
    /// at the indices in `ticked` ticked.
    pub fn checklist(
        key: &'static str,
        label: &'static str,
        options: &[String],
        ticked: &[usize],
    ) -> Self {
        let options: Vec<String> = options.iter().map(|o| text::first_line(o)).collect();
        let ticked = (0..options.len()).map(|i| ticked.contains(&i)).collect();
        let input = Input::Checklist {
            options,
            ticked,
            cursor: 0,
        };
        Self::new(key, label, input)
    }

    /// Marks the field as required.
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// Adds a hint shown while the field has focus.
    pub fn hint(mut self, hint: &'static str) -> Self {
        self.hint = Some(hint);
        self
    }

    /// The text of a text field (lines joined by `\n`); empty otherwise.
    pub fn text(&self) -> String {
        match &self.input {
            Input::Lines(area) if self.room_above => {
                let text = area.lines().join("\n");
                match text.strip_prefix("\n\n") {
                    Some(below) => below.to_owned(),
                    None => text,
                }
            }
            Input::Line(area) | Input::Lines(area) => area.lines().join("\n"),
            Input::Person(picker) => picker.text(),
            Input::Choice { .. } | Input::YesNo(_) | Input::Checklist { .. } => String::new(),
        }
    }

    /// The indices of the ticked options of a checklist; empty otherwise.
    pub fn ticked(&self) -> Vec<usize> {
        match &self.input {
            Input::Checklist { ticked, .. } => (0..ticked.len()).filter(|&i| ticked[i]).collect(),
            _ => Vec::new(),
        }
    }

    /// The chosen option of a choice field; 0 otherwise.
    pub fn selected(&self) -> usize {
        match self.input {
            Input::Choice { selected, .. } => selected,
            _ => 0,
        }
    }

    /// The value of a yes/no field; false otherwise.
    pub fn flag(&self) -> bool {
        matches!(self.input, Input::YesNo(true))
    }

    /// Whether the field holds several lines of text.
    pub fn is_multiline(&self) -> bool {
        matches!(self.input, Input::Lines(_))
    }

    /// Whether the value differs from the one the form opened with.
    pub fn changed(&self) -> bool {
        self.snapshot() != self.initial
    }

    fn snapshot(&self) -> Snapshot {
        match &self.input {
            Input::Line(_) | Input::Lines(_) => Snapshot::Text(self.text()),
            Input::Choice { selected, .. } => Snapshot::Index(*selected),
            Input::YesNo(flag) => Snapshot::Flag(*flag),
            Input::Checklist { ticked, .. } => Snapshot::Ticks(ticked.clone()),
            Input::Person(picker) => Snapshot::Person(picker.text(), picker.is_adding()),
        }
    }

    /// Applies an editing key. The field's error is cleared when its value
    /// changes.
    pub fn key(&mut self, key: KeyEvent) {
        self.edit(|input| match input {
            Input::Line(area) => line_key(area, key),
            Input::Lines(area) => text_key(area, TextInput::from(key)),
            Input::Choice { options, selected } => choice_key(options, selected, key),
            Input::YesNo(flag) => yes_no_key(flag, key),
            Input::Checklist {
                options,
                ticked,
                cursor,
            } => checklist_key(options, ticked, cursor, key),
            Input::Person(picker) => {
                if !picker.key(key) {
                    picker.reset_highlight();
                    line_key(&mut picker.area, key);
                }
            }
        });
    }

    /// Types `typed`, printable characters, at the cursor of a text field
    /// in one insertion, as that many key presses would; `false`, with
    /// nothing typed, for other kinds of field.
    pub fn type_text(&mut self, typed: &str) -> bool {
        if !matches!(
            self.input,
            Input::Line(_) | Input::Lines(_) | Input::Person(_)
        ) {
            return false;
        }
        self.edit(|input| match input {
            Input::Line(area) | Input::Lines(area) => {
                area.insert_str(typed);
            }
            Input::Person(picker) => {
                picker.reset_highlight();
                picker.area.insert_str(typed);
            }
            _ => {}
        });
        true
    }

    /// Places the cursor as the field gains focus: at the end of a line;
    /// in several lines or a checklist, at the start when entered going
    /// forward and at the end when entered going back.
    pub fn enter(&mut self, forward: bool) {
        match &mut self.input {
            Input::Line(area) | Input::Lines(area) if self.masked => area.select_all(),
            Input::Line(area) => area.move_cursor(CursorMove::End),
            Input::Person(picker) => picker.area.move_cursor(CursorMove::End),
            Input::Lines(area) if forward => {
                area.move_cursor(CursorMove::Top);
                area.move_cursor(CursorMove::Head);
            }
            Input::Lines(area) => {
                area.move_cursor(CursorMove::Bottom);
                area.move_cursor(CursorMove::End);
            }
            Input::Checklist {
                options, cursor, ..
            } => {
                *cursor = if forward {
                    0
                } else {
                    options.len().saturating_sub(1)
                }
            }
            Input::Choice { .. } | Input::YesNo(_) => {}
        }
    }

    /// Brings the start of the text back into view as the field loses
    /// focus.
    pub fn leave(&mut self) {
        let area = match &mut self.input {
            Input::Line(area) | Input::Lines(area) => area,
            Input::Person(picker) => {
                picker.reset_highlight();
                &mut picker.area
            }
            _ => return,
        };
        area.cancel_selection();
        area.move_cursor(CursorMove::Top);
        area.move_cursor(CursorMove::Head);
    }

    /// Moves the cursor of a multi-line field or a checklist up or down one
    /// row. Returns false when it could not move (first or last row, or
    /// neither kind of field), so that the form moves to the neighbouring
    /// field instead.
    pub fn move_vertically(&mut self, up: bool) -> bool {
        match &mut self.input {
            Input::Lines(area) => {
                let before = area.cursor();
                area.move_cursor(if up { CursorMove::Up } else { CursorMove::Down });
                area.cursor() != before
            }
            Input::Checklist {
                options, cursor, ..
            } => {
                let next = if up {
                    cursor.checked_sub(1)
                } else {
                    Some(*cursor + 1).filter(|&n| n < options.len())
                };
                next.map(|n| *cursor = n).is_some()
            }
            Input::Person(picker) => picker.move_highlight(up),
            _ => false,
        }
    }

    /// Inserts pasted text, exactly as pasted, at the cursor of a text
    /// field. Line ends (LF, CR LF or CR) become spaces in a single-line
    /// field and line breaks in a multi-line one.
    pub fn paste(&mut self, pasted: &str) {
        self.edit(|input| match input {
            Input::Line(area) => {
                area.insert_str(with_line_ends(pasted, " "));
            }
            Input::Person(picker) => {
                picker.reset_highlight();
                picker.area.insert_str(with_line_ends(pasted, " "));
            }
            Input::Lines(area) => {
                area.insert_str(with_line_ends(pasted, "\n"));
            }
            Input::Choice { .. } | Input::YesNo(_) | Input::Checklist { .. } => {}
        });
    }

    /// Replaces the whole text of a multi-line field with `new_text`,
    /// exactly as given apart from its line ends (undoable with Ctrl-Z).
    pub fn replace_text(&mut self, new_text: &str) {
        self.edit(|input| {
            if let Input::Lines(area) = input {
                area.select_all();
                area.insert_str(with_line_ends(new_text, "\n"));
            }
        });
    }

    fn edit(&mut self, change: impl FnOnce(&mut Input)) {
        let before = self.snapshot();
        change(&mut self.input);
        if self.snapshot() != before {
            self.error = None;
        }
    }
}

/// A text area set up for a form: the terminal cursor marks the position,
/// so the area draws no cursor of its own.
fn text_area(lines: Vec<String>, wrap: WrapMode) -> TextArea<'static> {
    let mut area = TextArea::new(lines);
    area.set_cursor_line_style(Style::new());
    area.set_cursor_style(Style::new());
    area.set_selection_style(Style::new().add_modifier(Modifier::REVERSED));
    area.set_wrap_mode(wrap);
    area
}

/// `text` with every line end (LF, CR LF or a lone CR) replaced by `end`.
fn with_line_ends(text: &str, end: &str) -> String {
    text.replace("\r\n", end).replace(['\n', '\r'], end)
}

/// Passes a key to a text area. `Ctrl-U` deletes from the cursor to the
/// start of the line, as in a shell, and `Ctrl-Z` undoes; the area's own
/// keys do the rest (`Ctrl-R` redoes, `Ctrl-Y` puts back what `Ctrl-U`,
/// `Ctrl-K` or `Ctrl-W` deleted).
fn text_key(area: &mut TextArea<'static>, input: TextInput) {
    let plain_ctrl = |c: char| input.ctrl && !input.alt && input.key == Key::Char(c);
    if plain_ctrl('u') {
        area.cancel_selection();
        if area.cursor().1 > 0 {
            area.delete_line_by_head();
        }
    } else if plain_ctrl('z') {
        area.undo();
    } else {
        area.input(input);
    }
}

/// Passes a key to a single-line text area, except those that would break
/// the line.
fn line_key(area: &mut TextArea<'static>, key: KeyEvent) {
    let input = TextInput::from(key);
    let breaks_line = matches!(
        input,
        TextInput {
            key: Key::Enter | Key::Tab,
            ..
        } | TextInput {
            key: Key::Char('\n' | '\r'),
            ..
        } | TextInput {
            key: Key::Char('m'),
            ctrl: true,
            ..
        }
    );
    if !breaks_line {
        text_key(area, input);
    }
}

/// Left/Right, h/l and Space cycle; another letter jumps to an option
/// starting with it (the next one when the current option starts with it).
fn choice_key(options: &[String], selected: &mut usize, key: KeyEvent) {
    let count = options.len();
    if count == 0
        || key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return;
    }
    *selected = match key.code {
        KeyCode::Left | KeyCode::Char('h') => (*selected + count - 1) % count,
        KeyCode::Right | KeyCode::Char('l' | ' ') => (*selected + 1) % count,
        KeyCode::Char(c) => jump(options, *selected, c),
        _ => *selected,
    };
}

fn jump(options: &[String], selected: usize, letter: char) -> usize {
    let starts = |i: usize| {
        options[i]
            .chars()
            .next()
            .is_some_and(|first| first.to_lowercase().eq(letter.to_lowercase()))
    };
    let start = if starts(selected) { selected + 1 } else { 0 };
    (0..options.len())
        .map(|i| (start + i) % options.len())
        .find(|&i| starts(i))
        .unwrap_or(selected)
}

/// Space and x tick or untick the highlighted option; another letter moves
/// the highlight to an option starting with it, as in a choice.
fn checklist_key(options: &[String], ticked: &mut [bool], cursor: &mut usize, key: KeyEvent) {
    if options.is_empty()
        || key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return;
    }
    match key.code {
        KeyCode::Char(' ' | 'x') => {
            if let Some(tick) = ticked.get_mut(*cursor) {
                *tick = !*tick;
            }
        }
        KeyCode::Char(c) => *cursor = jump(options, *cursor, c),
        _ => {}
    }
}

/// Space, Left/Right and h/l toggle; y and n set.
fn yes_no_key(flag: &mut bool, key: KeyEvent) {
    if key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return;
    }
    match key.code {
        KeyCode::Char(' ' | 'h' | 'l') | KeyCode::Left | KeyCode::Right => *flag = !*flag,
        KeyCode::Char('y' | 'Y') => *flag = true,
        KeyCode::Char('n' | 'N') => *flag = false,
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::RelationshipStage;
    use crate::tui::screens::forms::field::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    #[test]
    fn single_line_fields_never_break_the_line() {
        let mut f = Field::line("name", "Name", "ab");
        f.enter(true);
        for key in [press(KeyCode::Enter), ctrl('m'), press(KeyCode::Char('\n'))] {
            f.key(key);
        }
        f.paste("c\nd\r\ne\u{1b}\rf");
        assert_eq!(f.text(), "abc d e\u{1b} f");
    }

    #[test]
    fn text_editing_keys_work() {
        let mut f = Field::line("name", "Name", "Nord werk");
        f.enter(true);
        f.key(ctrl('w'));
        assert_eq!(f.text(), "Nord ");
        f.key(press(KeyCode::Home));
        f.key(press(KeyCode::Char('X')));
        f.key(press(KeyCode::End));
        f.key(press(KeyCode::Backspace));
        assert_eq!(f.text(), "XNord");
        assert!(f.changed());
    }

    /// Emoji joined by ZWJ, Persian with a ZWNJ, Hebrew, a tab, an escape
    /// sequence and a bidirectional override.
    const EXACT: &str = "👨\u{200d}👩\u{200d}👧 می\u{200c}خواهم\tשלום \u{1b}[2J \u{202e}x";

    #[test]
    fn stored_text_is_held_exactly() {
        let line = Field::line("name", "Name", EXACT);
        assert_eq!(line.text(), EXACT);
        assert!(!line.changed());
        let stored = format!("{EXACT}\r\n\n{EXACT}\r");
        let lines = Field::lines("detail", "Detail", &stored);
        assert_eq!(lines.text(), stored);
        assert!(!lines.changed());
    }

    #[test]
    fn typed_and_pasted_text_is_held_exactly() {
        let mut typed = Field::lines("detail", "Detail", "");
        for c in EXACT.chars() {
            typed.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        assert_eq!(typed.text(), EXACT);
        let mut pasted = Field::lines("detail", "Detail", "");
        pasted.paste(&format!("{EXACT}\r\n{EXACT}\r{EXACT}"));
        assert_eq!(pasted.text(), format!("{EXACT}\n{EXACT}\n{EXACT}"));
        let mut line = Field::line("name", "Name", "");
        line.paste(EXACT);
        assert_eq!(line.text(), EXACT);
    }

    #[test]
    fn ctrl_u_deletes_to_the_start_of_the_line() {
        let mut f = Field::lines("detail", "Detail", "one\ntwo three");
        f.enter(false);
        f.key(press(KeyCode::Left));
        f.key(ctrl('u'));
        assert_eq!(f.text(), "one\ne");
        f.key(press(KeyCode::Home));
        f.key(ctrl('u'));
        assert_eq!(f.text(), "one\ne", "nothing before the cursor on its line");
        f.key(ctrl('z'));
        assert_eq!(f.text(), "one\ntwo three", "Ctrl-Z undoes");
        let mut line = Field::line("name", "Name", "Nord werk");
        line.enter(true);
        line.key(ctrl('u'));
        assert_eq!(line.text(), "");
        line.key(ctrl('y'));
        assert_eq!(line.text(), "Nord werk", "Ctrl-Y puts it back");
    }

    #[test]
    fn choices_cycle_and_jump_by_letter() {
        let mut f = Field::pick("stage", "Stage", RelationshipStage::Exploratory);
        f.key(press(KeyCode::Left));
        assert_eq!(f.selected(), 4, "wraps to Integrated");
        f.key(press(KeyCode::Char(' ')));
        assert_eq!(f.selected(), 0);
        f.key(press(KeyCode::Char('l')));
        f.key(press(KeyCode::Right));
        assert_eq!(f.selected(), 2);
        f.key(press(KeyCode::Char('h')));
        assert_eq!(f.selected(), 1);
        f.key(press(KeyCode::Char('I')));
        assert_eq!(f.selected(), 3, "Interdependent");
        f.key(press(KeyCode::Char('i')));
        assert_eq!(f.selected(), 4, "then Integrated");
        f.key(press(KeyCode::Char('i')));
        assert_eq!(f.selected(), 3, "and round again");
        f.key(press(KeyCode::Char('z')));
        assert_eq!(f.selected(), 3, "no option starts with z");
    }

    #[test]
    fn yes_no_keys() {
        let mut f = Field::yes_no("confirmed", "Confirmed", false);
        f.key(press(KeyCode::Char(' ')));
        assert!(f.flag());
        f.key(press(KeyCode::Char('n')));
        assert!(!f.flag());
        f.key(press(KeyCode::Char('y')));
        assert!(f.flag());
        f.key(press(KeyCode::Right));
        assert!(!f.flag());
    }

    #[test]
    fn checklists_tick_and_move_within() {
        let options = ["Ana Ruiz".to_string(), "Ben Ott".into(), "Bo Li".into()];
        let mut f = Field::checklist("attendees", "Attendees", &options, &[2]);
        assert_eq!(f.ticked(), [2]);
        f.enter(true);
        f.key(press(KeyCode::Char(' ')));
        assert_eq!(f.ticked(), [0, 2]);
        assert!(f.changed());
        assert!(!f.move_vertically(true), "already on the first option");
        assert!(f.move_vertically(false));
        f.key(press(KeyCode::Char('x')));
        assert_eq!(f.ticked(), [0, 1, 2]);
        f.key(press(KeyCode::Char('b')));
        f.key(press(KeyCode::Char(' ')));
        assert_eq!(f.ticked(), [0, 1], "b jumped from Ben to Bo");
        assert!(!f.move_vertically(false), "on the last option");
        f.enter(false);
        f.key(press(KeyCode::Char(' ')));
        f.key(press(KeyCode::Char('a')));
        f.key(press(KeyCode::Char(' ')));
        assert_eq!(f.ticked(), [1, 2]);
        let mut empty = Field::checklist("attendees", "Attendees", &[], &[0]);
        empty.key(press(KeyCode::Char(' ')));
        assert!(empty.ticked().is_empty());
        assert!(!empty.move_vertically(false));
    }

    #[test]
    fn editing_clears_the_error() {
        let mut f = Field::line("due", "Due", "soon");
        f.enter(true);
        f.error = Some("not a date".into());
        f.key(press(KeyCode::Left));
        assert!(f.error.is_some(), "moving the cursor is not a change");
        f.key(press(KeyCode::Char('x')));
        assert!(f.error.is_none());
    }

    #[test]
    fn replacing_text_is_undoable() {
        let mut f = Field::lines("detail", "Detail", "old");
        f.replace_text("new\r\ntext\n");
        assert_eq!(f.text(), "new\ntext\n");
        f.replace_text("");
        assert_eq!(f.text(), "");
        f.key(ctrl('z'));
        assert_eq!(f.text(), "new\ntext\n");
    }

    #[test]
    fn room_above_the_text_is_no_change_and_what_is_typed_comes_first() {
        let mut f = Field::lines("summary", "Summary", "Agenda:\n1. Cranes").with_room_above();
        f.enter(true);
        assert_eq!(f.text(), "Agenda:\n1. Cranes");
        assert!(!f.changed(), "the empty lines are no change");
        f.type_text("They accept 99.2 %");
        assert_eq!(f.text(), "They accept 99.2 %\n\nAgenda:\n1. Cranes");
        assert!(f.changed());
        let empty = Field::lines("summary", "Summary", "").with_room_above();
        assert_eq!(empty.text(), "");
        assert!(!empty.changed());
    }

    #[test]
    fn vertical_moves_report_the_edges() {
        let mut f = Field::lines("detail", "Detail", "one\ntwo");
        f.enter(false);
        assert!(
            !f.move_vertically(false),
            "entered going back: on the last line"
        );
        assert!(f.move_vertically(true));
        assert!(!f.move_vertically(true));
        assert!(!Field::line("name", "Name", "x").move_vertically(true));
    }
}
