//! `kam export` and `kam import`: the portfolio out as JSON or Markdown, and
//! records in from a kam export or a CRM's CSV file.

use std::io::{self, BufWriter, StdoutLock, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::{Local, Utc};
use clap::{Args, ValueEnum};

use super::address_book;
use super::capture::find_account;
use super::prompt::Prompt;
use super::stdin;
use crate::export::csv_import::{self, CsvImport};
use crate::export::json::Written;
use crate::export::output::{write_all_private, write_private, write_private_with};
use crate::export::{json, markdown, utf8};
use crate::store::{EachRecord, MergeReport, Snapshot, Store, StoreError, create_private_dir};
use crate::text::sanitize;

/// What `kam export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Every record and link, as one versioned JSON document (for `kam import`).
    Json,
    /// A readable Markdown document per account.
    Md,
    /// One account's people as vCards 4.0 (with --account), for an address
    /// book.
    Vcf,
}

/// What `kam import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// A document written by `kam export --format json`.
    Json,
    /// Accounts and contacts exported from a CRM (Salesforce, HubSpot …).
    Csv,
    /// Contacts from an address book (vCard 3.0 or 4.0): stakeholders.
    Vcf,
    /// Meetings from a calendar (iCalendar): conversations.
    Ics,
}

/// Options of `kam export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,
    /// Where to write: a file for json, a folder (one file per account) for
    /// md [default: standard output].
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Leave out revenue, share of wallet and effort hours (md only).
    #[arg(long)]
    pub private: bool,
    /// Only this account: the start of any word of its name (accents ignored).
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
    /// Replace files that already exist.
    #[arg(long)]
    pub force: bool,
}

/// Options of `kam import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to import, or - for standard input.
    pub file: PathBuf,
    /// Its format [default: from the file's extension; from its content
    /// when it has none or is standard input: JSON when it starts with
    /// `{`, else CSV].
    #[arg(long, value_enum, visible_alias = "format")]
    pub from: Option<ImportFormat>,
    /// Report what would change without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// The account contacts go to, or that settles a meeting with several
    /// accounts' people (vcf and ics): the start of any word of its name.
    /// Without it, such a meeting is asked about at a terminal.
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
}

/// Runs `kam export`; `private` is the command line's global private mode,
/// which the Markdown documents follow as they follow `--private`.
pub fn export(store: &Store, args: &ExportArgs, private: bool) -> Result<()> {
    match args.format {
        ExportFormat::Json => export_json(store, args),
        ExportFormat::Md => export_markdown(store, args, private || args.private),
        ExportFormat::Vcf => export_vcf(store, args),
    }
}

fn export_vcf(store: &Store, args: &ExportArgs) -> Result<()> {
    let Some(query) = &args.account else {
        bail!("--format vcf writes one account's people: name it with --account");
    };
    let account = find_account(store, query)?;
    let cards = address_book::export_contacts(store, &account)?;
    match &args.output {
        None => to_stdout(cards.as_bytes()),
        Some(path) => {
            write_private(path, cards.as_bytes(), args.force).map_err(|e| write_error(path, &e))?;
            println!(
                "Exported the people of {} to {}.",
                sanitize(&account.name),
                crate::text::path(path)
            );
            Ok(())
        }
    }
}

fn export_json(store: &Store, args: &ExportArgs) -> Result<()> {
    if args.private {
        bail!("--private applies to --format md; a JSON export always holds every record in full");
    }
    let account = match &args.account {
        Some(query) => Some(store.account_records(find_account(store, query)?.id)?),
        None => None,
    };
    let all = store.each_record()?;
    let document = match &account {
        Some(records) => Document::Held(records),
        None => Document::Streamed(&all),
    };
    match &args.output {
        None => to_stdout_with(|out| document.write(out).map(drop))
            .map_err(|e| read_error_or(e, anyhow::Error::from)),
        Some(path) => {
            let mut written = Written::default();
            write_private_with(path, args.force, |out| {
                written = document.write(out)?;
                Ok(())
            })
            .map_err(|e| read_error_or(e, |e| write_error(path, &e)))?;
            println!(
                "Exported {} to {}.",
                describe(written),
                crate::text::path(path)
            );
            Ok(())
        }
    }
}

fn export_markdown(store: &Store, args: &ExportArgs, private: bool) -> Result<()> {
    let accounts = match &args.account {
        Some(query) => vec![find_account(store, query)?],
        None => store.accounts()?,
    };
    let mut documents = Vec::with_capacity(accounts.len());
    for account in &accounts {
        let records = store.account_records(account.id)?;
        documents.push((account.name.as_str(), markdown::document(&records, private)));
    }
    let Some(dir) = &args.output else {
        let all: Vec<&str> = documents.iter().map(|(_, d)| d.as_str()).collect();
        return to_stdout(all.join("\n---\n\n").as_bytes());
    };
    if dir.exists() && !dir.is_dir() {
        bail!(
            "{} is a file; with --format md, --output names a folder for one file per account",
            crate::text::path(dir)
        );
    }
    let files = file_names(documents.iter().map(|(name, _)| *name));
    if !args.force {
        let existing: Vec<String> = files
            .iter()
            .filter(|f| dir.join(f).symlink_metadata().is_ok())
            .cloned()
            .collect();
        if !existing.is_empty() {
            bail!(
                "{} already holds {}; pass --force to replace them",
                crate::text::path(dir),
                existing.join(", ")
            );
        }
    }
    create_private_dir(dir).with_context(|| format!("cannot create {}", crate::text::path(dir)))?;
    let contents: Vec<(PathBuf, &[u8])> = files
        .iter()
        .zip(&documents)
        .map(|(file, (_, document))| (dir.join(file), document.as_bytes()))
        .collect();
    write_all_private(&contents, args.force).map_err(|e| write_error(dir, &e))?;
    println!(
        "Wrote {} Markdown file{} to {}{}.",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        crate::text::path(dir),
        if private { ", figures hidden" } else { "" }
    );
    Ok(())
}

/// What a JSON export writes: one account's records, or every record of
/// the database as it is read.
enum Document<'a> {
    Held(&'a Snapshot),
    Streamed(&'a EachRecord<'a>),
}

impl Document<'_> {
    /// Writes the document and a final newline to `out`.
    fn write(self, out: &mut impl Write) -> io::Result<Written> {
        let written = match self {
            Document::Held(records) => {
                json::write(&mut *out, records, Utc::now())?;
                Written::of(records)
            }
            Document::Streamed(records) => json::write_all(&mut *out, records, Utc::now())?,
        };
        out.write_all(b"\n")?;
        Ok(written)
    }
}

/// `<slug>.md` per account, with `-2`, `-3` … when two names give one slug.
fn file_names<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut files: Vec<String> = Vec::new();
    for name in names {
        let slug = markdown::slug(name);
        let mut file = format!("{slug}.md");
        let mut n = 1;
        while files.contains(&file) {
            n += 1;
            file = format!("{slug}-{n}.md");
        }
        files.push(file);
    }
    files
}

pub(super) fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    write_private(path, bytes, force).map_err(|e| write_error(path, &e))
}

/// Why `path` could not be written, in words: a full disk said plainly.
fn write_error(path: &Path, e: &io::Error) -> anyhow::Error {
    let shown = crate::text::path(path);
    match e.kind() {
        io::ErrorKind::AlreadyExists => {
            anyhow::anyhow!("{shown} already exists; pass --force to replace it")
        }
        io::ErrorKind::StorageFull => {
            anyhow::anyhow!("cannot write {shown}: the disk is full; nothing was written")
        }
        _ => anyhow::anyhow!("cannot write {shown}: {e}"),
    }
}

/// Writes to standard output; a reader that stops early (`| head`) is fine.
pub(super) fn to_stdout(bytes: &[u8]) -> Result<()> {
    Ok(to_stdout_with(|out| out.write_all(bytes))?)
}

/// Writes to standard output through a buffer what `write` makes, as
/// [`to_stdout`] writes bytes.
fn to_stdout_with(
    write: impl FnOnce(&mut BufWriter<StdoutLock>) -> io::Result<()>,
) -> io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e),
        _ => Ok(()),
    }
}

/// The error of the database that an export failed with, as the store
/// told it (so that a damaged file is named as such), or else `written`
/// on the error of writing.
fn read_error_or(e: io::Error, written: impl FnOnce(io::Error) -> anyhow::Error) -> anyhow::Error {
    match e.downcast::<StoreError>() {
        Ok(read) => read.into(),
        Err(e) => written(e),
    }
}

fn describe(records: Written) -> String {
    format!(
        "{} accounts, {} business issues, {} action plans, {} proof statements and {} stakeholders",
        records.accounts, records.issues, records.plans, records.proofs, records.stakeholders
    )
}

/// What `kam import` reads from: a file it opens itself, or bytes already
/// read (standard input, or a file read to tell its format).
enum Input<'a> {
    File(&'a Path),
    Read(Vec<u8>),
}

impl Input<'_> {
    /// Every byte of the input.
    fn bytes(self) -> Result<Vec<u8>> {
        match self {
            Input::File(path) => read(path),
            Input::Read(bytes) => Ok(bytes),
        }
    }
}

/// Runs `kam import`; `prompt` asks where a meeting with several
/// accounts' people goes.
pub fn import(store: &mut Store, args: &ImportArgs, prompt: &mut Prompt) -> Result<()> {
    let path = &args.file;
    let from_stdin = path.as_os_str() == stdin::DASH;
    let shown = if from_stdin {
        "standard input".to_string()
    } else {
        crate::text::path(path)
    };
    let (format, input) = match (args.from, from_stdin) {
        (Some(format), false) => (format, Input::File(path)),
        (Some(format), true) => (format, Input::Read(stdin::read_all()?)),
        (None, true) => {
            let bytes = stdin::read_all()?;
            (format_by_content(&bytes), Input::Read(bytes))
        }
        (None, false) => match format_by_name(path)? {
            Some(format) => (format, Input::File(path)),
            None => {
                let bytes = read(path)?;
                (format_by_content(&bytes), Input::Read(bytes))
            }
        },
    };
    let account = match (&args.account, format) {
        (None, _) => None,
        (Some(query), ImportFormat::Vcf | ImportFormat::Ics) => Some(find_account(store, query)?),
        (Some(_), _) => bail!("--account applies to contacts (vcf) and calendars (ics)"),
    };
    let report = match format {
        ImportFormat::Json => {
            // Streamed from a file; a file that does not read as a kam
            // export is read whole again to say why.
            let records = match input {
                Input::File(path) => match json::read_file(path) {
                    Some(records) => records,
                    None => read_json(&read(path)?, &shown)?,
                },
                Input::Read(bytes) => read_json(&bytes, &shown)?,
            };
            let report = merge(store, &records, args.dry_run, &shown)?;
            println!(
                "{shown}: a kam export of {}.",
                describe(Written::of(&records))
            );
            report
        }
        ImportFormat::Csv => {
            let bytes = input.bytes()?;
            let existing = store.all_records()?;
            let csv = csv_import::read(&bytes, &existing, Utc::now())
                .with_context(|| format!("cannot import {shown}"))?;
            print_csv(&shown, &csv);
            merge(store, &csv.records, args.dry_run, &shown)?
        }
        ImportFormat::Vcf => address_book::import_contacts(
            store,
            &input.bytes()?,
            &shown,
            account.as_ref(),
            args.dry_run,
        )?,
        ImportFormat::Ics => address_book::import_meetings(
            store,
            &input.bytes()?,
            &shown,
            address_book::Choosing {
                account: account.as_ref(),
                prompt,
                from_stdin,
            },
            args.dry_run,
            Local::now().date_naive(),
        )?,
    };
    print_merge(&report);
    Ok(())
}

/// Merges the `records` read from `shown` into the store, or says why
/// nothing was imported from it.
pub(super) fn merge(
    store: &mut Store,
    records: &Snapshot,
    dry_run: bool,
    shown: &str,
) -> Result<MergeReport> {
    store
        .merge(records, dry_run)
        .with_context(|| format!("cannot import {shown}"))
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read {}", crate::text::path(path)))
}

/// The export document in `bytes`, read from `shown`, or why it is not one.
fn read_json(bytes: &[u8], shown: &str) -> Result<Snapshot> {
    let text = utf8::text(bytes)
        .with_context(|| format!("{shown} is not a kam export (not UTF-8 text)"))?;
    json::read(text).with_context(|| format!("cannot import {shown}"))
}

/// The format the file's extension names; `None` when it has none.
fn format_by_name(path: &Path) -> Result<Option<ImportFormat>> {
    let Some(ext) = path.extension() else {
        return Ok(None);
    };
    match ext.to_string_lossy().to_lowercase().as_str() {
        "json" => Ok(Some(ImportFormat::Json)),
        "csv" | "txt" => Ok(Some(ImportFormat::Csv)),
        "vcf" | "vcard" => Ok(Some(ImportFormat::Vcf)),
        "ics" | "ical" | "ifb" => Ok(Some(ImportFormat::Ics)),
        _ => bail!(
            "cannot tell the format of {} from its name; pass --from json, csv, vcf or ics",
            crate::text::path(path)
        ),
    }
}

/// The format `bytes` are in: a JSON document starts with `{` (after any
/// byte order mark and white space), contacts with `BEGIN:VCARD` and a
/// calendar with `BEGIN:VCALENDAR`; anything else is taken for CSV.
fn format_by_content(bytes: &[u8]) -> ImportFormat {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&[][..], |at| &text[at..]);
    let begins = |word: &[u8]| {
        start
            .get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word))
    };
    if start.first() == Some(&b'{') {
        ImportFormat::Json
    } else if begins(b"BEGIN:VCARD") {
        ImportFormat::Vcf
    } else if begins(b"BEGIN:VCALENDAR") {
        ImportFormat::Ics
    } else {
        ImportFormat::Csv
    }
}

fn print_csv(shown: &str, csv: &CsvImport) {
    println!("{shown}: {} rows.", csv.rows);
    println!("Columns mapped:");
    for (column, field) in &csv.mapped {
        println!("  {} → {}", sanitize(column), field.label());
    }
    if csv.ignored.is_empty() {
        println!("Columns ignored: none");
    } else {
        let ignored: Vec<_> = csv.ignored.iter().map(|c| sanitize(c)).collect();
        println!(
            "Columns ignored (kam has no field for them): {}",
            ignored.join(", ")
        );
    }
    if csv.rejected.is_empty() {
        println!("Rows rejected: none");
    } else {
        println!("Rows rejected ({}), not imported:", csv.rejected.len());
        for rejected in &csv.rejected {
            println!("  {}", sanitize(&rejected.to_string()));
        }
    }
}

fn print_merge(report: &MergeReport) {
    let mut any = false;
    for (kind, k) in report.kinds() {
        if k == Default::default() {
            continue;
        }
        any = true;
        let mut parts = vec![
            format!("{} added", k.added),
            format!("{} updated", k.updated),
        ];
        if k.unchanged > 0 {
            parts.push(format!("{} already up to date", k.unchanged));
        }
        if k.older > 0 {
            parts.push(format!("{} older than here, kept ours", k.older));
        }
        println!("{kind:>18}: {}", parts.join(", "));
    }
    if !any {
        println!("Nothing to import.");
    }
    if report.dry_run {
        println!("Dry run: nothing was written.");
    } else if report.changed() > 0 {
        println!("Imported. An import cannot be undone with kam's undo.");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_tells_json_from_csv() {
        assert_eq!(format_by_content(b"{\"format\": 1}"), ImportFormat::Json);
        assert_eq!(format_by_content(b"\xEF\xBB\xBF \n {}"), ImportFormat::Json);
        assert_eq!(
            format_by_content(b"Account Name,Phone\n"),
            ImportFormat::Csv
        );
        assert_eq!(format_by_content(b""), ImportFormat::Csv);
    }

    #[test]
    fn a_full_disk_is_said_plainly() {
        let full = io::Error::from(io::ErrorKind::StorageFull);
        let err = write_error(Path::new("out\x1b.md"), &full).to_string();
        assert_eq!(
            err,
            "cannot write out␛.md: the disk is full; nothing was written"
        );
    }
}
