//! Whole-app rendering tests: real key presses drive an [`App`], the views
//! draw it onto ratatui's `TestBackend`, and the buffer is read back as text
//! (snapshots) or cell by cell (control characters, widths, colours).
//!
//! Everything is dated from a fixed "today" so that the demo portfolio's
//! relative dates, and so the snapshots, never change. Screens use the
//! monochrome theme (`Theme::new(false)`), as with `NO_COLOR`.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::panic::{AssertUnwindSafe, catch_unwind};

use kam::domain::{Account, ActionPlan, BusinessIssue, Importance, ProofStatement, Step};
use kam::store::Store;
use kam::tui::app::App;
use kam::tui::draw::{MIN_HEIGHT, MIN_WIDTH};
use kam::tui::keymap::Keymap;
use kam::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use unicode_width::UnicodeWidthStr;

use crate::support::tui::{app_on, press, render, rows, screen, today, type_text};

// ---------------------------------------------------------------- helpers

/// An app on an empty in-memory database: the welcome screen.
fn empty_app() -> App {
    app_on(Store::open_in_memory().expect("in-memory store"))
}

/// An in-memory database holding the five-account demo portfolio.
fn demo_store() -> Store {
    let mut store = Store::open_in_memory().expect("in-memory store");
    kam::demo::load(&mut store, today()).expect("demo loads");
    store
}

/// An app on the demo portfolio, on the portfolio screen.
fn demo_app() -> App {
    app_on(demo_store())
}

/// `app` with `keys` pressed.
fn after(mut app: App, keys: &str) -> App {
    press(&mut app, keys);
    app
}

/// The last row: the status line.
fn status_line(app: &App, width: u16, height: u16) -> String {
    rows(&render(app, width, height)).pop().unwrap_or_default()
}

/// Characters that must never reach the terminal: controls (C0, DEL, C1)
/// and the invisible formatting characters that reorder or hide text.
fn is_dangerous(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// Asserts that no cell of `buffer` holds a dangerous character.
fn assert_no_dangerous_cells(buffer: &Buffer, what: &str) {
    let area = buffer.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let symbol = buffer[(x, y)].symbol();
            assert!(
                !symbol.chars().any(is_dangerous),
                "{what}: cell ({x}, {y}) holds {symbol:?}"
            );
        }
    }
}

/// The box-drawing characters kam's borders are made of.
fn is_border(c: char) -> bool {
    "│┃║╭╮╰╯┏┓┗┛┌┐└┘─━".contains(c)
}

/// The first character of the cell at (`x`, `y`).
fn cell_char(buffer: &Buffer, x: u16, y: u16) -> char {
    buffer[(x, y)].symbol().chars().next().unwrap_or(' ')
}

/// The number in "(N)" after `title` on screen, e.g. the count of proofs.
fn count_after(text: &str, title: &str) -> usize {
    let start = text
        .find(title)
        .unwrap_or_else(|| panic!("no {title:?} on screen:\n{text}"))
        + title.len();
    let rest = &text[start..];
    let digits: String = rest
        .trim_start_matches([' ', '('])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no count after {title:?}: {rest:?}"))
}

// ------------------------------------------------------- welcome, portfolio

/// The first run: an empty database greets the user with its choices.
#[test]
fn welcome_screen() {
    let app = empty_app();
    let wide = screen(&app, 120, 40);
    assert!(wide.contains("Welcome to kam"), "{wide}");
    assert!(wide.contains("Your portfolio is empty"), "{wide}");
    insta::assert_snapshot!("welcome_120x40", wide);
    insta::assert_snapshot!("welcome_80x24", screen(&app, 80, 24));
}

/// `d` on the welcome screen names the file the demo goes into, and so does
/// the message once it is loaded.
#[test]
fn the_demo_key_names_the_file_it_writes_to() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("trial.db");
    let mut app = app_on(Store::open(&path).expect("new database"));
    let file = path.display().to_string();
    let text = screen(&app, 120, 40);
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || is_border(c))
        .filter(|w| !w.is_empty())
        .collect();
    let demo_line = format!("d load a demo portfolio of five accounts into {file} a create");
    assert!(words.join(" ").contains(&demo_line), "{text}");
    press(&mut app, "d");
    let status = status_line(&app, 120, 40);
    assert!(
        status.contains(&format!("Loaded the demo portfolio into {file}")),
        "{status}"
    );
}

/// The demo portfolio, most attention first; the narrow table drops the
/// revenue and share-of-wallet columns.
#[test]
fn portfolio_screen() {
    let app = demo_app();
    let wide = screen(&app, 120, 40);
    let narrow = screen(&app, 80, 24);
    let wide_rows: Vec<&str> = wide.lines().collect();
    // Row 0 is the border, row 1 the header, row 2 the first account.
    assert!(
        wide_rows[1].contains("Revenue") && wide_rows[1].contains("SoW"),
        "{wide}"
    );
    assert!(
        wide_rows[2].contains("Béranger"),
        "first row: {}",
        wide_rows[2]
    );
    let narrow_rows: Vec<&str> = narrow.lines().collect();
    assert!(
        narrow_rows[2].contains("Béranger"),
        "first row: {}",
        narrow_rows[2]
    );
    assert!(
        !narrow_rows[1].contains("Revenue") && !narrow_rows[1].contains("SoW"),
        "{narrow}"
    );
    insta::assert_snapshot!("portfolio_120x40", wide);
    insta::assert_snapshot!("portfolio_80x24", narrow);
}

/// `j` moves the selection and the summary below follows it.
#[test]
fn portfolio_selection_moves_the_summary() {
    let mut app = demo_app();
    let before = screen(&app, 120, 40);
    press(&mut app, "j");
    let after = screen(&app, 120, 40);
    let summary_title = |s: &str| s.lines().find(|l| l.starts_with('╭')).map(str::to_string);
    assert_ne!(summary_title(&before), summary_title(&after), "{after}");
}

// -------------------------------------------------------------- workspace

/// The detail box of a proof names the issue and the plan it is linked
/// to, and says so when the plan belongs to another issue.
#[test]
fn proof_details_show_the_plan_link() {
    let mut store = Store::open_in_memory().expect("in-memory store");
    let account = store
        .save_account(&Account::new("Nordwerk"))
        .expect("account saved");
    let spares = BusinessIssue::new(account.id, "Spares take weeks");
    let spares = store.save_issue(&spares).expect("issue saved");
    let downtime = BusinessIssue::new(account.id, "Downtime");
    let downtime = store.save_issue(&downtime).expect("issue saved");
    let stock = ActionPlan::new(spares.id, "Consignment stock");
    let stock = store.save_plan(&stock).expect("plan saved");
    let mut proof = ProofStatement::new(account.id, today(), "Spares in 2 days");
    proof.issue_id = Some(spares.id);
    proof.plan_id = Some(stock.id);
    store.save_proof(&proof).expect("proof saved");
    let detail = |store: Store| {
        let text = screen(&after(app_on(store), "Enter Tab Tab"), 120, 40);
        let line = |label: &str| {
            text.lines()
                .find(|l| l.contains(label))
                .map(|l| l.trim_matches(['│', ' ']).to_owned())
                .unwrap_or_else(|| panic!("no {label}:\n{text}"))
        };
        (line("Proves progress on"), line("For plan"))
    };
    let (issue, plan) = detail(store);
    assert_eq!(issue, "Proves progress on  Spares take weeks");
    assert_eq!(plan, "For plan  Consignment stock");

    let mut store = Store::open_in_memory().expect("in-memory store");
    store.save_account(&account).expect("account saved");
    store.save_issue(&spares).expect("issue saved");
    store.save_issue(&downtime).expect("issue saved");
    store.save_plan(&stock).expect("plan saved");
    proof.issue_id = Some(downtime.id);
    store.save_proof(&proof).expect("proof saved");
    let (_, plan) = detail(store);
    assert_eq!(
        plan,
        "For plan  Consignment stock (a plan of another issue: Spares take weeks)"
    );
}

/// The workspace of the first account with each pane focused in turn: the
/// detail box at the bottom shows the selected record of the focused pane
/// (checked by labels only that box shows).
#[test]
fn workspace_panes() {
    let mut app = after(demo_app(), "Enter");
    let issues = screen(&app, 120, 40);
    assert!(issues.contains("Said by"), "{issues}");
    insta::assert_snapshot!("workspace_issues_120x40", issues);

    press(&mut app, "Tab");
    let plans = screen(&app, 120, 40);
    assert!(plans.contains("Status · owner · due"), "{plans}");
    insta::assert_snapshot!("workspace_plans_120x40", plans);

    press(&mut app, "Tab");
    let proofs = screen(&app, 120, 40);
    assert!(proofs.contains("Customer acknowledged"), "{proofs}");
    insta::assert_snapshot!("workspace_proofs_120x40", proofs);

    press(&mut app, "Tab");
    let profile = screen(&app, 120, 40);
    assert!(profile.contains("Their value proposition"), "{profile}");
    assert!(
        profile.contains("How they differ from competitors"),
        "{profile}"
    );
    insta::assert_snapshot!("workspace_profile_120x40", profile);

    press(&mut app, "Esc");
    assert!(screen(&app, 120, 40).contains(" Portfolio · 5 accounts"));
}

/// A message belongs to the view it was given in: it stays while the user
/// stays there and is gone on the next screen.
#[test]
fn status_messages_do_not_follow_to_the_next_screen() {
    let mut app = after(demo_app(), "Enter p");
    assert!(status_line(&app, 120, 40).contains("Private mode"));
    press(&mut app, "j");
    assert!(
        status_line(&app, 120, 40).contains("Private mode"),
        "same view"
    );
    press(&mut app, "Esc");
    let status = status_line(&app, 120, 40);
    assert!(!status.contains("Private mode"), "{status}");
    press(&mut app, "Enter Tab Tab Space Esc");
    let status = status_line(&app, 120, 40);
    assert!(!status.contains("Saved"), "{status}");
}

/// `h` and `l` move to the pane beside and stop at the first and the last;
/// Tab goes round.
#[test]
fn h_and_l_stop_at_the_ends_of_the_panes() {
    let mut app = after(demo_app(), "Enter");
    press(&mut app, "l l l");
    let last = screen(&app, 120, 40);
    assert!(
        last.contains("Customer acknowledged"),
        "on the proofs:\n{last}"
    );
    press(&mut app, "h h h h");
    let first = screen(&app, 120, 40);
    assert!(
        first.contains("Their value proposition"),
        "on the profile:\n{first}"
    );
    press(&mut app, "BackTab");
    let round = screen(&app, 120, 40);
    assert!(
        round.contains("Customer acknowledged"),
        "Shift-Tab goes round:\n{round}"
    );
}

/// `q` quits from every screen and popup; `Esc` is the key that goes back.
#[test]
fn q_quits_from_every_screen_and_popup() {
    for keys in [
        "m",
        "A",
        "Enter",
        "Enter b",
        "Enter c",
        "Enter Tab Enter",
        "Enter M",
        "Enter w",
        "Enter ?",
        "Enter 6",
    ] {
        let mut app = after(demo_app(), keys);
        assert!(!app.should_quit(), "{keys}");
        press(&mut app, "q");
        assert!(app.should_quit(), "q after {keys} did not quit");
    }
}

/// An issue whose speaker is not named says when it was said, never "Said
/// by" followed by nobody.
#[test]
fn an_issue_said_by_nobody_named_shows_only_the_date() {
    let mut store = Store::open_in_memory().expect("in-memory store");
    let account = store
        .save_account(&Account::new("Nordwerk"))
        .expect("saved");
    let mut issue = BusinessIssue::new(account.id, "Lines stop for spare parts");
    issue.said_on = Some(today());
    store.save_issue(&issue).expect("saved");
    let app = after(app_on(store), "Enter");
    let text = screen(&app, 120, 40);
    assert!(text.contains("Said on  2026-11-23"), "{text}");
    assert!(!text.contains("Said by"), "{text}");
}

/// At 40×12 the overview gives the focused pane the room: its rows show,
/// and moving to another pane shows that one's rows instead.
#[test]
fn a_small_terminal_shows_the_focused_panes_rows() {
    let mut app = after(demo_app(), "Enter");
    let issues = screen(&app, 40, 12);
    assert!(issues.contains("!! The retailers fine us"), "{issues}");
    assert!(issues.contains("Groupe Béranger"), "the header: {issues}");
    press(&mut app, "Tab");
    let plans = screen(&app, 40, 12);
    assert!(plans.contains("Weekend on-call engineer"), "{plans}");
    press(&mut app, "Tab");
    let proofs = screen(&app, 40, 12);
    assert!(proofs.contains("Rennes stores served"), "{proofs}");
    press(&mut app, "Tab");
    let profile = screen(&app, 40, 12);
    assert!(profile.contains("Their value proposition"), "{profile}");
}

/// Saving a proof far down the log, by its form or by marking it
/// acknowledged, keeps the selection on it.
#[test]
fn saving_a_proof_keeps_the_selection_on_it() {
    let mut app = after(demo_app(), "Enter Tab Tab");
    press(&mut app, &["j"; 12].join(" "));
    let detail = |app: &App| {
        let text = screen(app, 120, 40);
        let lines: Vec<&str> = text.lines().collect();
        let top = lines
            .iter()
            .rposition(|l| l.starts_with('╭'))
            .expect("detail box");
        lines[top + 1].to_string()
    };
    let before = detail(&app);
    press(&mut app, "e C-s");
    assert!(status_line(&app, 120, 40).contains("Saved proof statement"));
    assert_eq!(detail(&app), before, "after the form");
    press(&mut app, "Space");
    assert_eq!(detail(&app), before, "after marking it acknowledged");
}

/// `j` in the issues pane selects the next issue: the detail box shows it
/// and the plans pane shows its plans.
#[test]
fn workspace_selection_drives_detail_and_plans() {
    let mut app = after(demo_app(), "Enter");
    let first = screen(&app, 120, 40);
    press(&mut app, "j");
    let second = screen(&app, 120, 40);
    // The detail box is the last box: from its title to the status line.
    let detail = |s: &str| {
        let lines: Vec<&str> = s.lines().collect();
        let top = lines
            .iter()
            .rposition(|l| l.starts_with('╭'))
            .expect("the detail box");
        lines[top..].join("\n")
    };
    assert_ne!(
        detail(&first),
        detail(&second),
        "the detail box did not follow j"
    );
    assert!(detail(&second).contains("Servitec"), "{second}");
    // The plans pane is the middle column of the list rows.
    let plans = |s: &str| {
        s.lines()
            .skip(5)
            .take(20)
            .map(|l| l.chars().skip(41).take(36).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_ne!(plans(&first), plans(&second), "the plans did not follow j");
}

// ----------------------------------------------------------------- popups

/// Enter on the plans pane opens the plan with its steps.
#[test]
fn plan_popup() {
    let app = after(demo_app(), "Enter Tab Enter");
    let text = screen(&app, 120, 40);
    assert!(text.contains("Steps ("), "{text}");
    assert!(text.contains("Esc close"), "{text}");
    insta::assert_snapshot!("plan_popup_120x40", text);
}

/// A step being typed is shown made safe: what reaches the terminal is
/// never a raw formatting character.
#[test]
fn a_step_being_typed_is_shown_made_safe() {
    let mut app = after(demo_app(), "Enter Tab Enter a");
    type_text(&mut app, "Check\u{202e}evil");
    let text = screen(&app, 120, 40);
    assert!(text.contains("New step: Check�evil"), "{text}");
    assert!(!text.contains('\u{202e}'), "{text}");
}

/// `?` lists the keys of the view it was pressed in.
#[test]
fn help_popups() {
    let portfolio = screen(&after(demo_app(), "?"), 120, 40);
    assert!(portfolio.contains("Keys · Portfolio"), "{portfolio}");
    assert!(
        portfolio.contains("Esc cancel"),
        "the footer is cut:\n{portfolio}"
    );
    insta::assert_snapshot!("help_portfolio_120x40", portfolio);
    let workspace = screen(&after(demo_app(), "Enter ?"), 120, 40);
    assert!(
        workspace.contains("Keys · Account workspace"),
        "{workspace}"
    );
    insta::assert_snapshot!("help_workspace_120x40", workspace);
    // Esc closes it again.
    let closed = screen(&after(demo_app(), "Enter ? Esc"), 120, 40);
    assert!(!closed.contains("Keys · "), "{closed}");
}

/// `A` opens the agenda: what is due across every account.
#[test]
fn agenda_screen() {
    let app = after(demo_app(), "A");
    let text = screen(&app, 120, 40);
    assert!(text.contains("Béranger"), "{text}");
    insta::assert_snapshot!("agenda_120x40", text);
}

/// `:` opens the command palette over the view; typing filters it and
/// Enter runs the chosen action.
#[test]
fn command_palette() {
    let mut app = after(demo_app(), ":");
    let all = screen(&app, 120, 40);
    insta::assert_snapshot!("palette_portfolio_120x40", all);
    type_text(&mut app, "help");
    let filtered = screen(&app, 120, 40);
    assert!(filtered.contains("show these keys"), "{filtered}");
    assert!(!filtered.contains("quit kam"), "not filtered:\n{filtered}");
    press(&mut app, "Enter");
    let help = screen(&app, 120, 40);
    assert!(help.contains("Keys · Portfolio"), "{help}");
}

/// `p` hides the confidential figures everywhere they show, and `p` again
/// brings them back.
#[test]
fn private_mode_hides_figures() {
    let mut app = demo_app();
    assert!(screen(&app, 120, 40).contains("940k"));
    press(&mut app, "p");
    let hidden = screen(&app, 120, 40);
    assert!(
        !hidden.contains("940k") && !hidden.contains("38%"),
        "{hidden}"
    );
    press(&mut app, "Enter");
    let workspace = screen(&app, 120, 40);
    assert!(!workspace.contains("940k"), "{workspace}");
    press(&mut app, "Tab Enter");
    let plan = screen(&app, 120, 40);
    assert!(!plan.contains("10 h non-billable"), "{plan}");
    press(&mut app, "Esc Esc p");
    assert!(screen(&app, 120, 40).contains("940k"));
}

/// `d` asks before deleting, naming what would go.
#[test]
fn delete_confirmation() {
    let app = after(demo_app(), "Enter Tab Tab d");
    let text = screen(&app, 120, 40);
    assert!(text.contains("Delete?"), "{text}");
    assert!(text.contains("Delete the proof statement"), "{text}");
    insta::assert_snapshot!("confirm_delete_proof_120x40", text);
}

/// Deleting a proof says it can be undone, and `u` brings it back.
#[test]
fn delete_then_undo_on_screen() {
    let mut app = after(demo_app(), "Enter Tab Tab");
    let before = screen(&app, 120, 40);
    let count = count_after(&before, "Proof statements");
    let account = app
        .store()
        .accounts()
        .expect("accounts")
        .into_iter()
        .find(|a| a.name.contains("Béranger"))
        .expect("the Béranger account");
    let newest = app
        .store()
        .proofs(account.id, 0, 1)
        .expect("proofs")
        .remove(0);
    let words: String = newest.statement.chars().take(30).collect();
    assert!(
        before.contains(&words),
        "the selected proof is not on screen:\n{before}"
    );

    press(&mut app, "d y");
    let deleted = screen(&app, 120, 40);
    // The status line names the deleted proof: look above it.
    let (deleted_views, _) = deleted.rsplit_once('\n').expect("rows");
    assert_eq!(
        count_after(&deleted, "Proof statements"),
        count - 1,
        "{deleted}"
    );
    assert!(
        !deleted_views.contains(&words),
        "the proof is still shown:\n{deleted}"
    );
    let status = status_line(&app, 120, 40);
    assert!(
        status.contains("Deleted") && status.contains("Press u to undo"),
        "{status}"
    );
    // The message leaves no room for the undo hint at 120 columns; a wider
    // status line has it.
    let wide = status_line(&app, 200, 40);
    assert!(wide.contains("u undo"), "no undo hint: {wide}");

    press(&mut app, "u");
    let restored = screen(&app, 120, 40);
    assert_eq!(
        count_after(&restored, "Proof statements"),
        count,
        "{restored}"
    );
    assert!(
        restored.contains(&words),
        "the proof did not come back:\n{restored}"
    );
    let status = status_line(&app, 120, 40);
    assert!(status.contains("Undid"), "{status}");
}

/// `n` keeps the record and says so.
#[test]
fn delete_can_be_declined() {
    let app = after(demo_app(), "Enter Tab Tab d n");
    let text = screen(&app, 120, 40);
    assert!(!text.contains("Delete?"), "{text}");
    assert!(status_line(&app, 120, 40).contains("nothing was deleted"));
}

// ------------------------------------------------------------------ forms

/// Each form, opened with its key from where a user would open it.
#[test]
fn forms() {
    let cases = [
        ("form_new_account", after(demo_app(), "a"), "New account"),
        (
            "form_new_issue",
            after(demo_app(), "Enter a"),
            "New business issue",
        ),
        (
            "form_new_plan",
            after(demo_app(), "Enter Tab a"),
            "New action plan",
        ),
        (
            "form_new_proof",
            after(demo_app(), "Enter Tab Tab a"),
            "New proof statement",
        ),
        (
            "form_edit_account",
            after(demo_app(), "Enter E"),
            "Edit account",
        ),
    ];
    for (name, app, title) in cases {
        let text = screen(&app, 120, 40);
        assert!(text.contains(title), "{name}: no {title:?}:\n{text}");
        assert!(
            text.contains("Ctrl-S save"),
            "{name}: no key hints:\n{text}"
        );
        insta::assert_snapshot!(format!("{name}_120x40"), text);
    }
}

/// The welcome screen's `a` opens the same account form.
#[test]
fn welcome_opens_the_account_form() {
    let text = screen(&after(empty_app(), "a"), 80, 24);
    assert!(text.contains("New account"), "{text}");
}

/// The rows of `text` that show the field labelled `label`: its own row
/// and the rows under it up to the next label.
fn field_rows<'a>(text: &'a str, label: &str) -> Vec<&'a str> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.contains(label))
        .unwrap_or_else(|| panic!("no field {label:?}:\n{text}"));
    // A field's value rows and error rows have a blank label column. The
    // screen holds multi-byte characters, so columns are counted in chars.
    let byte = lines[start].find(label).expect("label found");
    let column = lines[start][..byte].chars().count();
    let blank_label = |l: &str| {
        let cells: String = l.chars().skip(column).take(8).collect();
        cells.chars().count() == 8 && cells.trim().is_empty()
    };
    let mut found = vec![lines[start]];
    found.extend(
        lines[start + 1..]
            .iter()
            .copied()
            .take_while(|l| blank_label(l)),
    );
    found
}

/// Saving a proof with an empty statement keeps the form open and puts the
/// error at the Statement field.
#[test]
fn form_shows_the_error_at_its_field() {
    let mut app = after(demo_app(), "Enter Tab Tab a");
    press(&mut app, "C-s");
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("New proof statement"),
        "the form closed:\n{text}"
    );
    let statement = field_rows(&text, "Statement *");
    assert!(statement.iter().any(|l| l.contains("required")), "{text}");
    let date = field_rows(&text, "Date *");
    assert!(!date.iter().any(|l| l.contains("required")), "{text}");
    insta::assert_snapshot!("form_error_statement_120x40", text);
}

/// An unreadable date stays as typed, with its error under it; once fixed,
/// the form saves and the new proof is on screen.
#[test]
fn form_keeps_bad_text_with_its_error() {
    let mut app = after(demo_app(), "Enter Tab Tab a");
    // The form opens on the statement; the prefilled date (2026-11-23) is
    // one field back: clear it and type nonsense instead.
    type_text(&mut app, "Cut changeover time by 20 %");
    press(&mut app, "BackTab");
    press(&mut app, &["Backspace"; 10].join(" "));
    type_text(&mut app, "31/02/twenty");
    press(&mut app, "C-s");
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("New proof statement"),
        "the form closed:\n{text}"
    );
    let date = field_rows(&text, "Date *");
    assert!(
        date[0].contains("31/02/twenty"),
        "the bad date is gone:\n{text}"
    );
    assert!(
        date[1..].iter().any(|l| l.contains("is not a date")),
        "{text}"
    );
    assert!(text.contains("Cut changeover time by 20 %"), "{text}");
    insta::assert_snapshot!("form_error_date_120x40", text);

    // Typing clears the error; a good date saves.
    press(&mut app, &["Backspace"; 12].join(" "));
    assert!(!screen(&app, 120, 40).contains("is not a date"));
    type_text(&mut app, "today");
    press(&mut app, "C-s");
    let saved = screen(&app, 120, 40);
    assert!(!saved.contains("New proof statement"), "{saved}");
    assert!(saved.contains("Cut changeover time by 20 %"), "{saved}");
    assert!(status_line(&app, 120, 40).contains("Saved proof statement"));
}

/// Esc on a changed form asks before throwing the changes away.
#[test]
fn form_asks_before_discarding() {
    let mut app = after(demo_app(), "Enter a");
    type_text(&mut app, "Spare parts arrive late");
    press(&mut app, "Esc");
    let text = screen(&app, 120, 40);
    assert!(text.contains("Discard changes? y/n"), "{text}");
    press(&mut app, "y");
    let text = screen(&app, 120, 40);
    assert!(!text.contains("New business issue"), "{text}");
}

/// Ctrl-C quits at once from a form without changes; over changes it asks
/// first, as Esc does, and a second Ctrl-C (or `y`) quits.
#[test]
fn ctrl_c_on_a_changed_form_asks_before_quitting() {
    let app = after(demo_app(), "Enter a C-c");
    assert!(app.should_quit(), "nothing typed: quits at once");

    let mut app = after(demo_app(), "Enter a");
    type_text(&mut app, "Spare parts arrive late");
    press(&mut app, "C-c");
    assert!(!app.should_quit(), "typed text is not thrown away at once");
    let text = screen(&app, 120, 40);
    assert!(text.contains("Discard changes and quit? y/n"), "{text}");
    assert!(text.contains("Ctrl-C again quits and discards."), "{text}");
    press(&mut app, "n");
    let text = screen(&app, 120, 40);
    assert!(text.contains("Spare parts arrive late"), "{text}");
    assert!(!text.contains("Discard"), "{text}");

    press(&mut app, "C-c y");
    assert!(app.should_quit(), "y quits");
    let app = after(after(demo_app(), "Enter a x"), "C-c C-c");
    assert!(app.should_quit(), "a second Ctrl-C quits");
}

/// While the terminal is too small, `q` quits when nothing typed would be
/// lost; over a changed form it does nothing, and no key is ever typed
/// into the form hidden behind the note.
#[test]
fn keys_on_the_too_small_note_never_reach_the_form() {
    let mut app = after(demo_app(), "Enter a");
    type_text(&mut app, "Spare parts");
    app.resize(30, 8);
    let text = screen(&app, 30, 8);
    assert!(text.contains("unsaved changes"), "{text}");
    press(&mut app, "q x Enter");
    assert!(!app.should_quit());
    app.resize(120, 40);
    let text = screen(&app, 120, 40);
    let typed = text
        .lines()
        .find(|l| l.contains("In the customer's"))
        .unwrap_or_default();
    assert!(
        typed.contains(" Spare parts   ") && !text.contains("Spare partsq"),
        "the form is as it was:\n{text}"
    );

    let mut app = after(demo_app(), "Enter");
    app.resize(30, 8);
    press(&mut app, "j q");
    assert!(app.should_quit(), "nothing typed: q quits");
}

// -------------------------------------------------------------- read-only

/// A database file without write permission opens read-only: a banner says
/// so and edits are refused in the status line.
#[test]
fn read_only_banner() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("kam.db");
    {
        let mut store = Store::open(&path).expect("new database");
        kam::demo::load(&mut store, today()).expect("demo loads");
    }
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).expect("chmod 0444");
    let store = Store::open(&path).expect("read-only database opens");
    assert!(store.is_read_only());
    let mut app = app_on(store);
    let lines = rows(&render(&app, 120, 40));
    assert!(lines[0].contains("READ-ONLY"), "{}", lines.join("\n"));
    assert!(lines[0].contains("kam.db"), "{}", lines[0]);
    // The portfolio still shows, one row lower.
    assert!(
        lines[1].contains("Portfolio · 5 accounts"),
        "{}",
        lines.join("\n")
    );
    assert!(lines[39].contains("Read-only"), "{}", lines[39]);

    press(&mut app, "a");
    let text = screen(&app, 120, 40);
    assert!(!text.contains("New account"), "a form opened:\n{text}");
    assert!(text.lines().next().unwrap_or("").contains("READ-ONLY"));
    // Narrow and short terminals keep the banner.
    assert!(screen(&app, 40, 10).starts_with(" READ-ONLY"));

    // The banner takes a row from every view: each still draws at every
    // tiny size (the popups that open on a read-only file included).
    for keys in ["", "?", "Esc Enter", "?", "Esc Tab Enter", "Esc Tab Tab d"] {
        press(&mut app, keys);
        for &(w, h) in TINY_SIZES {
            let drawn = catch_unwind(AssertUnwindSafe(|| render(&app, w, h)));
            assert!(
                drawn.is_ok(),
                "read-only after {keys:?} at {w}x{h} panicked"
            );
        }
    }
    // Deleting is refused too: no question is asked.
    assert!(!screen(&app, 120, 40).contains("Delete?"));
}

// ------------------------------------------------------------ tiny sizes

/// How to build one screen: a starting app and the keys pressed on it.
type Recipe = (&'static str, fn() -> App, &'static str);

/// Every screen and popup kam has, as reached from the keyboard.
const EVERY_SCREEN: &[Recipe] = &[
    ("welcome", empty_app, ""),
    ("welcome help", empty_app, "?"),
    ("welcome new account", empty_app, "a"),
    ("portfolio", demo_app, ""),
    ("portfolio bottom", demo_app, "G"),
    ("portfolio help", demo_app, "?"),
    ("portfolio confirm", demo_app, "d"),
    ("portfolio new account", demo_app, "a"),
    ("portfolio edit account", demo_app, "e"),
    ("workspace issues", demo_app, "Enter"),
    ("workspace plans", demo_app, "Enter Tab"),
    ("workspace proofs", demo_app, "Enter Tab Tab"),
    ("workspace profile", demo_app, "Enter Tab Tab Tab"),
    ("workspace help", demo_app, "Enter ?"),
    ("plan popup", demo_app, "Enter Tab Enter"),
    ("plan popup adding a step", demo_app, "Enter Tab Enter a"),
    ("plan popup removing a step", demo_app, "Enter Tab Enter d"),
    ("plan popup help", demo_app, "Enter Tab Enter ?"),
    ("confirm issue", demo_app, "Enter d"),
    ("confirm plan", demo_app, "Enter Tab d"),
    ("confirm proof", demo_app, "Enter Tab Tab d"),
    ("new issue", demo_app, "Enter a"),
    ("new plan", demo_app, "Enter Tab a"),
    ("new proof", demo_app, "Enter Tab Tab a"),
    ("edit issue", demo_app, "Enter e"),
    ("edit plan", demo_app, "Enter Tab e"),
    ("edit proof", demo_app, "Enter Tab Tab e"),
    ("edit account", demo_app, "Enter E"),
    (
        "proof form errors",
        demo_app,
        "Enter Tab Tab a Backspace x C-s",
    ),
    ("discard question", demo_app, "Enter a x Esc"),
    ("agenda", demo_app, "A"),
    ("agenda help", demo_app, "A ?"),
    ("agenda bottom", demo_app, "A G"),
    ("portfolio palette", demo_app, ":"),
    ("workspace palette filtered", demo_app, "Enter : d e l"),
    ("palette matching nothing", demo_app, ": z z z"),
    ("portfolio private", demo_app, "p"),
    ("workspace private", demo_app, "Enter p"),
    ("plan popup private", demo_app, "Enter p Tab Enter"),
    ("hostile portfolio", hostile_app, ""),
    ("hostile workspace", hostile_app, "Enter"),
    ("hostile plan popup", hostile_app, "Enter Tab Enter"),
    ("hostile proof form", hostile_app, "Enter Tab Tab e"),
    ("wide workspace", wide_app, "Enter"),
    ("wide account form", wide_app, "Enter E"),
];

/// The terminal sizes that must draw without panicking.
const TINY_SIZES: &[(u16, u16)] = &[(1, 1), (5, 2), (20, 5), (39, 9), (40, 10), (60, 15)];

/// Every screen and popup draws at every tiny size without panicking;
/// below the minimum the "too small" note shows, from it on the views do.
#[test]
fn tiny_terminals_never_panic() {
    let mut failures = Vec::new();
    for (name, base, keys) in EVERY_SCREEN {
        let app = after(base(), keys);
        for &(w, h) in TINY_SIZES {
            match catch_unwind(AssertUnwindSafe(|| render(&app, w, h))) {
                Ok(buffer) => {
                    let text = rows(&buffer).join("\n");
                    let small = w < MIN_WIDTH || h < MIN_HEIGHT;
                    if w >= 20 && small && !text.contains("Terminal too small") {
                        failures.push(format!("{name} at {w}x{h}: no note:\n{text}"));
                    }
                    if !small && text.contains("Terminal too small") {
                        failures.push(format!("{name} at {w}x{h}: note instead of the view"));
                    }
                }
                Err(_) => failures.push(format!("{name} at {w}x{h}: panicked")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The note itself, at 20×5.
#[test]
fn too_small_note() {
    let text = screen(&demo_app(), 20, 5);
    assert!(text.starts_with("Terminal too small"), "{text}");
    insta::assert_snapshot!("too_small_20x5", text);
}

// ---------------------------------------------------------- hostile text

/// Text a user might paste or a file might import: escape sequences (CSI,
/// OSC with BEL, 8-bit CSI), carriage return, tab, a right-to-left override
/// and very long lines.
const HOSTILE: &str = "Evil\x1b[2J Corp\x1b]0;title\x07 \u{9b}31m red\rback\ttab \u{202e}desrever";

/// An app on one account whose every text field is hostile.
fn hostile_app() -> App {
    let mut store = Store::open_in_memory().expect("in-memory store");
    let long_word = "x".repeat(400);
    let long_line = "a very long line ".repeat(40);
    let mut account = Account::new(HOSTILE);
    account.industry = format!("{HOSTILE} {long_word}");
    account.offerings = long_line.clone();
    account.value_proposition = format!("{HOSTILE}\n{long_line}\n{long_word}");
    account.differentiation = HOSTILE.to_string();
    account.customers = format!("{long_word}\r\n{HOSTILE}");
    let account = store.save_account(&account).expect("account saved");
    let mut issue = BusinessIssue::new(account.id, format!("{HOSTILE}\n{long_line}"));
    issue.importance = Importance::Critical;
    issue.said_by = HOSTILE.to_string();
    issue.said_on = Some(today());
    let issue = store.save_issue(&issue).expect("issue saved");
    let mut plan = ActionPlan::new(issue.id, HOSTILE);
    plan.detail = format!("{HOSTILE}\n{long_word}");
    plan.owner = HOSTILE.to_string();
    plan.due = today().pred_opt();
    plan.steps = vec![Step::new(HOSTILE), Step::new(long_line.clone())];
    let plan = store.save_plan(&plan).expect("plan saved");
    let mut proof = ProofStatement::new(account.id, today(), format!("{HOSTILE}\n{long_word}"));
    proof.value = Some(HOSTILE.to_string());
    proof.issue_id = Some(issue.id);
    proof.plan_id = Some(plan.id);
    store.save_proof(&proof).expect("proof saved");
    app_on(store)
}

/// No control or bidi character from stored text reaches a cell, on any
/// screen, and the escape sequences show as visible stand-ins instead.
#[test]
fn hostile_text_is_defused() {
    let screens: &[(&str, &str)] = &[
        ("portfolio", ""),
        ("portfolio confirm", "d"),
        ("workspace issues", "Enter"),
        ("workspace plans", "Enter Tab"),
        ("workspace proofs", "Enter Tab Tab"),
        ("workspace profile", "Enter Tab Tab Tab"),
        ("plan popup", "Enter Tab Enter"),
        ("confirm proof", "Enter Tab Tab d"),
        ("edit account", "Enter E"),
        ("edit issue", "Enter e"),
        ("edit plan", "Enter Tab e"),
        ("edit proof", "Enter Tab Tab e"),
    ];
    for (name, keys) in screens {
        let app = after(hostile_app(), keys);
        for (w, h) in [(120, 40), (80, 24), (60, 15)] {
            let buffer = render(&app, w, h);
            assert_no_dangerous_cells(&buffer, &format!("{name} at {w}x{h}"));
            let text = rows(&buffer).join("\n");
            // Narrow columns may cut the name short, never the stand-in.
            let shown = if w >= 80 { "Evil␛[2J" } else { "Evil␛" };
            assert!(
                text.contains(shown),
                "{name} at {w}x{h}: no {shown}:\n{text}"
            );
        }
    }
    // The rest of the sequence shows too, where the whole text has room.
    let profile = rows(&render(&after(hostile_app(), "Enter Tab Tab Tab"), 120, 40)).join("\n");
    assert!(profile.contains("␛]0;title␇"), "{profile}");
    assert!(profile.contains("�31m"), "{profile}");
    assert!(profile.contains("�desrever"), "{profile}");
}

/// The hostile account's workspace, as the user sees it.
#[test]
fn hostile_text_snapshot() {
    let text = screen(&after(hostile_app(), "Enter Tab Tab"), 100, 30);
    insta::assert_snapshot!("hostile_workspace_proofs_100x30", text);
}

// -------------------------------------------------------- wide characters

/// The name of the account written in wide characters.
const WIDE_NAME: &str = "東京エレクトロン株式会社 🚀";

/// An app on the demo portfolio plus one account, issue, plan and proof
/// written in Japanese, opened first in the portfolio.
fn wide_app() -> App {
    let mut store = demo_store();
    let mut account = Account::new(WIDE_NAME);
    account.industry = "半導体製造装置".into();
    account.offerings = "保守契約と予備部品 🔧".into();
    account.value_proposition = "最先端の半導体製造装置を世界中の工場へ届ける。".repeat(6);
    let account = store.save_account(&account).expect("account saved");
    let mut issue = BusinessIssue::new(
        account.id,
        "新工場の立ち上げが予備部品の納期遅れで三か月遅れている。経営会議で毎週報告が必要。",
    );
    issue.importance = Importance::Critical;
    issue.said_by = "製造本部長 山田".into();
    let issue = store.save_issue(&issue).expect("issue saved");
    let mut plan = ActionPlan::new(
        issue.id,
        "予備部品を現地倉庫に常備し、納期を四十八時間以内にする",
    );
    plan.steps = vec![
        Step::new("倉庫の候補地を三つ選ぶ"),
        Step::new("在庫リストを合意する 📦"),
    ];
    plan.due = Some(today());
    let plan = store.save_plan(&plan).expect("plan saved");
    let mut proof = ProofStatement::new(
        account.id,
        today(),
        "部品の平均納期を十日から二日に短縮した 🎉",
    );
    proof.value = Some("−80 %".into());
    proof.issue_id = Some(issue.id);
    proof.plan_id = Some(plan.id);
    store.save_proof(&proof).expect("proof saved");
    let mut app = app_on(store);
    // Select the new account in the portfolio, as a user would with j.
    let table = rows(&render(&app, 120, 40));
    let position = table
        .iter()
        .skip(2)
        .position(|r| r.contains("東京"))
        .expect("the new account is listed");
    press(&mut app, &["j"; 8][..position].join(" "));
    app
}

/// Asserts that every row of `buffer` is exactly as wide as the screen and,
/// for the rows above the status line, that the first and last cells are
/// borders: wide characters neither push nor pull the frame.
/// How many rows at the top hold an open account's page tabs (0 or 1).
fn tab_rows(buffer: &Buffer) -> u16 {
    u16::from(rows(buffer)[0].starts_with(" 1 Overview"))
}

fn assert_frame_intact(buffer: &Buffer, what: &str) {
    let lines = rows(buffer);
    let width = usize::from(buffer.area.width);
    let dump = lines.join("\n");
    for (y, row) in lines.iter().enumerate() {
        assert_eq!(
            row.width(),
            width,
            "{what}: row {y} is {} wide:\n{dump}",
            row.width()
        );
    }
    let last = buffer.area.right() - 1;
    for y in tab_rows(buffer)..buffer.area.height - 1 {
        let (first, end) = (cell_char(buffer, 0, y), cell_char(buffer, last, y));
        assert!(
            is_border(first) && is_border(end),
            "{what}: row {y} is not framed:\n{dump}"
        );
    }
}

/// Asserts that the vertical borders of the three workspace lists stay in
/// their columns all the way down.
fn assert_workspace_columns(buffer: &Buffer, what: &str) {
    let dump = rows(buffer).join("\n");
    // Row 4 under the page tabs is the top border of the lists: find where
    // each pane starts and ends.
    let top = 4 + tab_rows(buffer);
    let corners: Vec<u16> = (0..buffer.area.width)
        .filter(|&x| "╭╮┏┓".contains(cell_char(buffer, x, top)))
        .collect();
    assert_eq!(corners.len(), 6, "{what}: three panes expected:\n{dump}");
    let mut y = top + 1;
    while !"╰┗".contains(cell_char(buffer, 0, y)) {
        for &x in &corners {
            let c = cell_char(buffer, x, y);
            assert!(
                "│┃".contains(c),
                "{what}: ({x}, {y}) is {c:?}, not a border:\n{dump}"
            );
        }
        y += 1;
    }
}

/// Wide characters (CJK, emoji) keep every column in place.
#[test]
fn wide_characters_keep_columns_aligned() {
    let portfolio = wide_app();
    let text = screen(&portfolio, 120, 40);
    assert!(text.contains("東京エレクトロン"), "{text}");
    for (w, h) in [(120, 40), (80, 24), (81, 24), (99, 30), (111, 33)] {
        assert_frame_intact(&render(&portfolio, w, h), &format!("portfolio {w}x{h}"));
    }
    for (name, keys) in [
        ("issues", "Enter"),
        ("plans", "Enter Tab"),
        ("proofs", "Enter Tab Tab"),
        ("profile", "Enter Tab Tab Tab"),
    ] {
        let app = after(wide_app(), keys);
        for (w, h) in [(120, 40), (80, 24), (81, 24), (99, 30), (111, 33)] {
            let buffer = render(&app, w, h);
            let what = format!("workspace {name} {w}x{h}");
            assert_frame_intact(&buffer, &what);
            assert_workspace_columns(&buffer, &what);
        }
    }
    // Popups and forms over wide text still keep rows whole.
    for keys in [
        "Enter Tab Enter",
        "Enter E",
        "Enter e",
        "Enter Tab Tab e",
        "Enter d",
    ] {
        let buffer = render(&after(wide_app(), keys), 81, 24);
        for (y, row) in rows(&buffer).iter().enumerate() {
            assert_eq!(row.width(), 81, "{keys}: row {y}: {row}");
        }
    }
    insta::assert_snapshot!(
        "wide_workspace_issues_81x24",
        screen(&after(wide_app(), "Enter"), 81, 24)
    );
}

// ---------------------------------------------------------------- colour

/// With the monochrome theme (`NO_COLOR`) no cell of any screen has a
/// foreground or background colour.
#[test]
fn monochrome_has_no_colour() {
    let mut coloured = Vec::new();
    for (name, base, keys) in EVERY_SCREEN {
        let app = after(base(), keys);
        let buffer = render(&app, 120, 40);
        let area = buffer.area;
        for y in area.top()..area.bottom() {
            for x in area.left()..area.right() {
                let cell = &buffer[(x, y)];
                if cell.fg != Color::Reset || cell.bg != Color::Reset {
                    coloured.push(format!(
                        "{name}: ({x}, {y}) {:?} fg {:?} bg {:?}",
                        cell.symbol(),
                        cell.fg,
                        cell.bg
                    ));
                    break;
                }
            }
        }
    }
    assert!(coloured.is_empty(), "{}", coloured.join("\n"));
}

/// The colour theme does colour the screen: the monochrome check above
/// would notice colours.
#[test]
fn the_colour_theme_colours() {
    let app = App::new(
        demo_store(),
        today(),
        Theme::new(true),
        Keymap::default_keys(),
    )
    .expect("app");
    let buffer = render(&app, 120, 40);
    assert!(
        buffer
            .content()
            .iter()
            .any(|c| c.fg != Color::Reset || c.bg != Color::Reset)
    );
}

/// The checks above catch what they look for: a control character, a bidi
/// override, a row cut short and a missing right border.
#[test]
fn the_cell_checks_can_fail() {
    let framed = || {
        let mut buffer = Buffer::empty(ratatui::layout::Rect::new(0, 0, 6, 3));
        buffer.set_string(0, 0, "╭────╮", ratatui::style::Style::new());
        buffer.set_string(0, 1, "│ ab │", ratatui::style::Style::new());
        buffer
    };
    let fails = |check: &dyn Fn()| catch_unwind(AssertUnwindSafe(check)).is_err();
    assert!(!fails(&|| assert_no_dangerous_cells(&framed(), "clean")));
    for bad in ["\x1b", "\u{9b}", "\u{202e}"] {
        let mut buffer = framed();
        buffer[(2, 1)].set_symbol(bad);
        assert!(
            fails(&|| assert_no_dangerous_cells(&buffer, "bad")),
            "{bad:?} passed"
        );
    }
    // A frame whose last row is the status line: rows 0 and 1 framed.
    let mut intact = framed();
    intact.area.height = 3;
    assert!(!fails(&|| assert_frame_intact(&intact, "intact")));
    let mut unframed = framed();
    unframed[(5, 1)].set_symbol(" ");
    assert!(fails(&|| assert_frame_intact(&unframed, "unframed")));
    let mut short = framed();
    short[(3, 1)].set_symbol("");
    assert!(fails(&|| assert_frame_intact(&short, "short")));
}

// ------------------------------------------------------------ known bugs

/// A single-line form field scrolled to its end in a narrow terminal stays
/// scrolled when the terminal grows: the Name shows "anger Agroalimentaire"
/// with 55 free columns. (ratatui-textarea keeps its viewport offset;
/// `src/tui/forms/render.rs` `draw_text` should reset it when the text
/// fits.)
#[test]
fn form_fields_unscroll_when_the_terminal_grows() {
    let app = after(demo_app(), "Enter E");
    let _narrow = render(&app, 40, 10);
    let text = screen(&app, 120, 40);
    let name = text
        .lines()
        .find(|l| l.contains("Name *"))
        .expect("the Name field");
    assert!(name.contains("Groupe Béranger Agroalimentaire"), "{text}");
}

/// At the minimum width the portfolio's fixed columns take every column,
/// and the account names (a `Fill` column) get none.
#[test]
fn narrow_portfolio_still_names_accounts() {
    let text = screen(&demo_app(), MIN_WIDTH, 24);
    // Row 2 is the first account (the summary box below repeats its name).
    let first = text.lines().nth(2).expect("a first row");
    assert!(first.contains("Groupe"), "{text}");
}
