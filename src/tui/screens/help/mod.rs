//! The help screen: the keys of a view.

pub mod draw;
