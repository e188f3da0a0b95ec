//! What the tests share: the interface driven in memory, the real binary
//! run as a process or in a pseudo-terminal, and the files it leaves.

pub mod desk;
pub mod files;
pub mod pty;
pub mod sandbox;
pub mod schema;
pub mod tui;
