//! A full disk: every write ends with a clear message, the typing kept, the file intact.
