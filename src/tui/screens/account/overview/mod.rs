//! The overview page of an open account: profile, business issues,
//! action plans and the proof log.

pub mod draw;
pub mod proof_log;
