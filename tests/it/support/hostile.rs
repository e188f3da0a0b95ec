//! Text meant to break a terminal or a layout: escape sequences, control
//! characters, bidirectional overrides, zero-width and combining
//! characters, and script of every width and direction.

/// One sample of each kind of hostile or awkward text.
pub const SAMPLES: &[&str] = &[
    // Escape sequences: window title (OSC 0), clipboard (OSC 52), clear screen.
    "\x1b]0;pwned\x07",
    "\x1b]52;c;aGk=\x07",
    "\x1b[2J",
    "\x1b[31mred\x1b[0m",
    "\x1bP+q\x1b\\",
    // C0 and C1 controls, NUL and DEL.
    "\0",
    "a\u{7}b\u{8}c",
    "\r",
    "\u{7f}",
    "\u{9b}1;2H",
    "\u{85}",
    // Bidirectional overrides and isolates.
    "\u{202e}evil\u{202c}",
    "\u{2067}isolated\u{2069}",
    "\u{200f}\u{200e}",
    // Zero-width characters: space, joiner, non-joiner, word joiner, BOM.
    "\u{200b}",
    "\u{200d}",
    "\u{200c}\u{2060}\u{feff}",
    // Combining marks, alone and stacked.
    "e\u{301}",
    "\u{301}\u{302}\u{303}\u{304}",
    "Z\u{36b}\u{36f}\u{363}a\u{34f}l\u{35c}g\u{316}o",
    // Wide script and emoji, joined ones included.
    "東京都",
    "한국어",
    "👨\u{200d}👩\u{200d}👧\u{200d}👦",
    "🏳\u{fe0f}\u{200d}🌈",
    "👍🏽",
    // Right-to-left script.
    "مرحبا بالعالم",
    "שלום עולם",
    // Tabs, line and paragraph separators.
    "\t",
    "a\u{2028}b\u{2029}c",
    "\n\n",
];

/// Every sample, run together into one text.
pub fn all_samples() -> String {
    SAMPLES.concat()
}
