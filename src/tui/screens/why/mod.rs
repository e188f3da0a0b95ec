//! Why an account's health is what it is.

pub mod draw;
