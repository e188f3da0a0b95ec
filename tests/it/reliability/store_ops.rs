//! Random sequences of store operations, undo, merge and import included: every invariant holds.
