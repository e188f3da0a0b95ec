//! Hostile text in records: shown harmlessly everywhere, stored and exported exactly.
