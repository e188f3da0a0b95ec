//! The configuration file (`~/.config/kam/config.toml`): no input panics;
//! what it refuses, it refuses with a message.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (bool, &str)| {
    let (color, text) = input;
    if let Err(message) = kam::config::parse(text, color) {
        assert!(!message.is_empty(), "{text:?}");
    }
});
