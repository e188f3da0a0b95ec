//! What the tests share: the interface driven in memory, the real binary
//! run as a process or in a pseudo-terminal, and the files it leaves.

pub mod desk;
pub mod files;
pub mod hostile;
pub mod kill;
pub mod places;
pub mod pty;
pub mod rounds;
pub mod sandbox;
pub mod schema;
pub mod tui;

use kam::domain::YearRevenue;

/// A revenue history from `(year, amount)` pairs, oldest first.
pub fn revenue(years: &[(i32, i64)]) -> Vec<YearRevenue> {
    years
        .iter()
        .map(|&(year, amount)| YearRevenue { year, amount })
        .collect()
}
