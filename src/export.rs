//! Moving a portfolio in and out of kam: a versioned JSON document of every
//! record, a readable Markdown document per account, accounts and
//! stakeholders from a CRM's CSV export, and the owner-only files they are
//! written to. The formats only; the store does the merging.

pub mod blocks;
pub mod brief_md;
pub mod csv_import;
pub mod html;
pub mod ics;
pub mod json;
pub mod markdown;
pub mod meeting_import;
pub mod meetings;
pub mod output;
pub mod people;
pub mod utf8;
pub mod vcard;
