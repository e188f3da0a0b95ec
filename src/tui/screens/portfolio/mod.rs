//! Every account at a glance.

pub mod draw;
