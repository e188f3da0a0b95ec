//! The overview page of an open account: profile, business issues,
//! action plans and the proof log.

pub mod draw;
mod keys;
pub mod proof_log;

use crate::tui::action::Action;

/// The actions worth a hint in the status line on this page, with short
/// names.
pub const HINTS: &[(Action, &str)] = &[
    (Action::NextPane, "pane"),
    (Action::New, "new"),
    (Action::Edit, "edit"),
    (Action::Delete, "delete"),
    (Action::Back, "back"),
];
