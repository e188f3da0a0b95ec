//! The real binary killed with SIGKILL during writes: every write it reported is there afterwards.
