//! What every `--json` option prints: one pretty-printed JSON document
//! serialised from the command's own output structs, and a final newline;
//! nothing in it can drive the terminal (see [`crate::text::json`]).
//! The shapes are documented in `assets/json-output.md`.

use anyhow::Result;
use serde::Serialize;

use super::data::to_stdout;

/// `value` as pretty JSON with a final newline.
pub fn text(value: &impl Serialize) -> Result<String> {
    Ok(crate::text::json::to_string(value)? + "\n")
}

/// Prints `value` as pretty JSON on standard output.
pub fn print(value: &impl Serialize) -> Result<()> {
    to_stdout(text(value)?.as_bytes())
}
