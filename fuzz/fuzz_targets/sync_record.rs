//! The sync record format (one record per file in the sync repository): no
//! input panics; a record it reads is written and read back the same, and
//! a record file's path names the same record again.

#![no_main]

use kam::sync::record_file::{RecordPath, from_text, to_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(record) = from_text(text) {
        let written = to_text(&record);
        assert_eq!(from_text(&written).as_ref(), Ok(&record), "{written:?}");
    }
    if let Some(path) = RecordPath::parse(text) {
        assert_eq!(path.to_string(), text);
        assert_eq!(RecordPath::parse(&path.to_string()), Some(path));
    }
});
