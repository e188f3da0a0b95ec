//! Search over all text of all accounts: SQLite FTS5 for words and word
//! starts, records whose name or title holds every word first, merged with
//! fuzzy matches of account and stakeholder names.
//!
//! A keystroke reads at most as many records as it shows, however much text
//! matches: each tier of the ranking is one index walk, newest first, that
//! stops at the limit (bm25 would count every match of every word first,
//! which on a large portfolio takes longer than a keystroke may).
//!
//! The index (`search_doc`, `search_index`) is kept in step with the
//! records by triggers (migration 004), so this module only reads it.

mod fuzzy;
mod highlight;
mod query;

use std::cmp::Reverse;
use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Row};

use super::database::Store;
use super::error::Result;
use crate::domain::Id;
use crate::domain::search::{Hit, RecordKind};
use crate::text::first_line;
use highlight::mark_words;

/// Words of a long title kept around its first match.
const TITLE_WORDS: usize = 24;
/// Words of other text kept around its first match.
const CONTEXT_WORDS: usize = 12;
/// Smooths reciprocal-rank fusion: how much a first place outweighs the
/// places after it.
const FUSION_K: f64 = 10.0;

impl Store {
    /// The records whose text matches `query`, best first, at most `limit`.
    ///
    /// Every word of the query must start a word of the record (so "cra
    /// pil" finds "Crane pilot"); case and accents are ignored. Records
    /// whose name or title holds every word come first, then the others;
    /// within each, those whose title the words match most, then the
    /// newest. Account and stakeholder names also match fuzzily ("nrdml"
    /// finds "Nordmole"). No query is ever an error: quotes, operators and
    /// punctuation only separate words, and a query without words finds
    /// nothing.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>> {
        let terms = query::terms(query);
        let Some(fts) = query::fts_query(&terms) else {
            return Ok(Vec::new());
        };
        if limit == 0 {
            return Ok(Vec::new());
        }
        let tx = self.conn.unchecked_transaction()?;
        let text = full_text(&tx, &fts, &highlight::fold_terms(&terms), limit)?;
        let names = fuzzy_names(&tx, &terms, limit)?;
        Ok(fuse(text, names, limit))
    }
}

/// The best `limit` full-text matches of the FTS5 query `fts`, best first:
/// the newest matches with every word in the title, then (when they are
/// fewer than `limit`) the newest of the others, each list read from the
/// index newest first and no further than `limit`; then each tier ordered
/// by how much of its title matched.
fn full_text(conn: &Connection, fts: &str, terms: &[Vec<char>], limit: usize) -> Result<Vec<Hit>> {
    let in_title = query::in_title(fts);
    let elsewhere = query::except(fts, &in_title);
    let mut newest = conn.prepare_cached(
        "SELECT rowid FROM search_index WHERE search_index MATCH ?1
          ORDER BY rowid DESC LIMIT ?2",
    )?;
    let mut found: Vec<(usize, i64)> = Vec::with_capacity(limit);
    for (tier, query) in [in_title, elsewhere].iter().enumerate() {
        let wanted = i64::try_from(limit - found.len()).unwrap_or(i64::MAX);
        if wanted == 0 {
            break;
        }
        for rowid in newest.query_map((query, wanted), |r| r.get::<_, i64>(0))? {
            found.push((tier, rowid?));
        }
    }
    let mut details = conn.prepare_cached(
        "SELECT d.kind, d.record_id, d.account_id, a.name,
                (SELECT plan_id FROM plan_step WHERE d.kind = 'step' AND id = d.record_id),
                d.title, d.body
           FROM search_doc d JOIN account a ON a.id = d.account_id
          WHERE d.id = ?1",
    )?;
    let mut hits = Vec::with_capacity(found.len());
    for (tier, rowid) in found {
        let hit = details
            .query_row([rowid], |row| {
                let body = mark_words(&row.get::<_, String>(6)?, terms, CONTEXT_WORDS);
                Ok(Hit {
                    kind: kind(row, 0)?,
                    record_id: row.get(1)?,
                    account_id: row.get(2)?,
                    account_name: first_line(&row.get::<_, String>(3)?),
                    plan_id: row.get(4)?,
                    title: mark_words(&row.get::<_, String>(5)?, terms, TITLE_WORDS),
                    context: body.has_matches().then_some(body),
                    // Set by `fuse`, from the place in this list.
                    rank: 0.0,
                })
            })
            .optional()?;
        hits.extend(hit.map(|hit| (tier, rowid, hit)));
    }
    // Stable: among equals, the newest (first found) stays first.
    hits.sort_by_key(|(tier, _, hit)| (*tier, Reverse(title_share(hit))));
    Ok(hits.into_iter().map(|(_, _, hit)| hit).collect())
}

/// How much of a hit's title the query matched, in thousandths: a short
/// name that is nearly all match ranks above a long statement mentioning
/// it.
fn title_share(hit: &Hit) -> usize {
    let matched: usize = hit.title.matches.iter().map(|m| m.len()).sum();
    matched * 1000 / hit.title.text.len().max(1)
}

fn kind(row: &Row<'_>, idx: usize) -> rusqlite::Result<RecordKind> {
    super::sql::choice(row, idx)
}

/// Account and stakeholder names fuzzily matching `terms`, best first, with
/// the quality of each match.
fn fuzzy_names(conn: &Connection, terms: &[&str], limit: usize) -> Result<Vec<(Hit, f64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT 'account', id, id, name, name FROM account
         UNION ALL
         SELECT 'stakeholder', s.id, s.account_id, a.name, s.name
           FROM stakeholder s JOIN account a ON a.id = s.account_id",
    )?;
    let candidates = stmt
        .query_map([], |row| {
            Ok((
                kind(row, 0)?,
                row.get::<_, Id>(1)?,
                row.get::<_, Id>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let found = fuzzy::best(terms, candidates.iter().map(|c| c.4.as_str()), limit);
    Ok(found
        .into_iter()
        .map(|m| {
            let (kind, record_id, account_id, account_name, _) = &candidates[m.index];
            let hit = Hit {
                kind: *kind,
                record_id: *record_id,
                account_id: *account_id,
                account_name: first_line(account_name),
                plan_id: None,
                title: m.marked,
                context: None,
                rank: 0.0,
            };
            (hit, m.quality)
        })
        .collect())
}

/// Merges the full-text and the fuzzy lists by reciprocal-rank fusion: a
/// record scores `1 / (K + place)` for its place in each list (the fuzzy
/// place weighted by the match's quality), and records found by both are
/// listed once, with both scores added.
fn fuse(text: Vec<Hit>, names: Vec<(Hit, f64)>, limit: usize) -> Vec<Hit> {
    let place = |n: usize| 1.0 / (FUSION_K + n as f64 + 1.0);
    let mut index: HashMap<(RecordKind, Id), usize> = HashMap::new();
    let mut merged: Vec<Hit> = Vec::with_capacity(text.len() + names.len());
    for (n, mut hit) in text.into_iter().enumerate() {
        hit.rank = place(n);
        index.insert((hit.kind, hit.record_id), merged.len());
        merged.push(hit);
    }
    for (n, (mut hit, quality)) in names.into_iter().enumerate() {
        let score = quality * place(n);
        match index.get(&(hit.kind, hit.record_id)) {
            Some(&i) => {
                let known = &mut merged[i];
                known.rank += score;
                // Word matches read better; keep the fuzzy marks only when
                // the words matched elsewhere than in the name.
                if !known.title.has_matches() {
                    known.title = hit.title;
                }
            }
            None => {
                hit.rank = score;
                merged.push(hit);
            }
        }
    }
    merged.sort_by(|a, b| b.rank.total_cmp(&a.rank));
    merged.truncate(limit);
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::search::Marked;

    fn hit(kind: RecordKind, title: &str) -> Hit {
        Hit {
            kind,
            record_id: Id::new(),
            account_id: Id::new(),
            account_name: String::new(),
            plan_id: None,
            title: Marked {
                text: title.into(),
                matches: Vec::new(),
            },
            context: None,
            rank: 0.0,
        }
    }

    #[test]
    fn a_record_found_both_ways_is_listed_once_and_first() {
        let plan = hit(RecordKind::Plan, "Nord pilot");
        let account = hit(RecordKind::Account, "Nordmole");
        let person = hit(RecordKind::Stakeholder, "Nora Dahl");
        let fused = fuse(
            vec![plan.clone(), account.clone()],
            vec![(account.clone(), 1.0), (person.clone(), 0.6)],
            10,
        );
        let order: Vec<_> = fused.iter().map(|h| h.record_id).collect();
        assert_eq!(order, [account.record_id, plan.record_id, person.record_id]);
    }

    #[test]
    fn fusion_keeps_the_limit() {
        let text = (0..5).map(|_| hit(RecordKind::Proof, "x")).collect();
        assert_eq!(fuse(text, Vec::new(), 3).len(), 3);
    }
}
