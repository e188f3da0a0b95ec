//! The frame every page shares: the document head with its inline style
//! sheet (screen and print), a policy that lets the page fetch and run
//! nothing, the title and the private-mode note.

use std::fmt::Write;

use super::{PRIVATE_NOTE, escape};

/// The style sheet: readable on screen, printed on A4 or Letter (the
/// browser's paper size) without a chart cut in two, and readable in black
/// and white (lines differ by dash, not only by colour).
const STYLE: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #111; background: #fff; margin: 0 auto; max-width: 60rem; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; border-bottom: 2px solid #111; padding-bottom: .15rem; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
p, ul, ol, dl { margin: .3rem 0 .6rem; }
.sub { color: #444; margin: 0 0 1rem; }
.private { border: 2px dashed #111; padding: .4rem .7rem; font-weight: 600; }
.muted { color: #555; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
blockquote { margin: .3rem 0; padding: .1rem .8rem; border-left: 4px solid #777; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .8rem; }
th, td { text-align: left; vertical-align: top; padding: .25rem .5rem; border-bottom: 1px solid #bbb; }
th { border-bottom: 2px solid #111; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: .5rem 0 1rem; }
figcaption { font-size: .9rem; color: #333; }
svg { display: block; width: 100%; height: auto; max-width: 44rem; }
svg text { font-family: inherit; fill: #111; }
.chart { break-inside: avoid; page-break-inside: avoid; }
section, li, tr, blockquote, dl { break-inside: avoid; page-break-inside: avoid; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
footer { margin-top: 2rem; font-size: .85rem; color: #555; }
@page { margin: 15mm 14mm; }
@media print {
  body { font-size: 10pt; max-width: none; padding: 0; }
  h2 { margin-top: 1.1rem; }
  svg { max-width: 100%; }
  .muted, .sub, figcaption, footer { color: #000; }
}
"#;

/// Writes the start of a page titled `title`, with `subtitle` under it
/// and, when `private`, the note that figures are left out. Both texts are
/// escaped here.
pub fn start(out: &mut String, title: &str, subtitle: &str, private: bool) {
    let title = escape(title);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header>\n<h1>{title}</h1>\n<p class=\"sub\">{}</p>\n",
        escape(subtitle)
    );
    if private {
        let _ = writeln!(out, "<p class=\"private\">{PRIVATE_NOTE}</p>");
    }
    out.push_str("</header>\n");
}

/// Writes the end of a page, with what made it.
pub fn end(out: &mut String) {
    let _ = write!(
        out,
        "<footer>Written by kam {}.</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    );
}

/// Writes `<h2>` with `title` (plain text, not escaped: a heading of the
/// page's own).
pub fn heading(out: &mut String, title: &str) {
    let _ = writeln!(out, "<h2>{title}</h2>");
}

/// Writes a term and its description into an open `<dl>`, leaving out an
/// empty one. `value` is markup: escape stored text before.
pub fn fact(out: &mut String, term: &str, value: &str) {
    if !value.trim().is_empty() {
        let _ = writeln!(out, "<dt>{term}</dt><dd>{value}</dd>");
    }
}

/// Writes a muted paragraph (plain text of the page's own).
pub fn muted(out: &mut String, text: &str) {
    let _ = writeln!(out, "<p class=\"muted\">{text}</p>");
}
