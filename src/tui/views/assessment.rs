//! The assessment page of an open account.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::app::App;
use crate::tui::workspace::Workspace;

/// Draws the assessment page into `area`.
pub fn draw(_app: &App, _ws: &Workspace, _frame: &mut Frame, _area: Rect) {}
