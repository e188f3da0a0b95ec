//! How long the reliability suite runs: `KAM_ROUNDS=N` multiplies every
//! test's default rounds, for a long run; unset, the defaults keep
//! `cargo test` quick.

/// `base` rounds times the multiplier in `KAM_ROUNDS` (1 when unset).
///
/// # Panics
///
/// When `KAM_ROUNDS` is set but is not a positive whole number.
pub fn rounds(base: usize) -> usize {
    match std::env::var("KAM_ROUNDS") {
        Ok(text) => match text.trim().parse::<usize>() {
            Ok(times) if times > 0 => base * times,
            _ => panic!("KAM_ROUNDS must be a positive whole number, not {text:?}"),
        },
        Err(_) => base,
    }
}
