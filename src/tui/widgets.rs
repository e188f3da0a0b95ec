//! Pieces of drawing and state that several screens share.

pub mod common;
pub mod conflict_mark;
pub mod pager;
pub mod reading;
pub mod scroll;
pub mod status;
pub mod sync_status;
pub mod text_input;
