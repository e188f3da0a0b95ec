//! The signals page of an open account: its state.

use crate::domain::Id;
use crate::store::{Result, Store};

/// The state of the signals page.
#[derive(Debug, Default)]
pub struct SignalsPage {}

impl SignalsPage {
    /// Reads the page's records of `account_id` again, selecting `select`
    /// when it is one of them.
    pub fn reload(&mut self, _store: &Store, _account_id: Id, _select: Option<Id>) -> Result<()> {
        Ok(())
    }
}
