//! Thousands of random key events against the real app state: no panic, every invariant holds.
