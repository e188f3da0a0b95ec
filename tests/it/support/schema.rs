//! Database files taken back to the schema an older kam wrote.

use rusqlite::Connection;

/// Takes the file `conn` has open back to the schema before migration 011
/// (measured value): the proof statement's measure columns and their index
/// are gone, and search reads proof statements as migration 005 had it.
fn before_measures(conn: &Connection) {
    let strategic = include_str!("../../../src/store/migrations/005_strategic.sql");
    let start = strategic.find("DROP VIEW search_source;").unwrap();
    let end = strategic.find("FROM conversation;").unwrap() + "FROM conversation;".len();
    conn.execute_batch(&strategic[start..end]).unwrap();
    conn.execute_batch(
        "DROP INDEX proof_statement_measure;
         ALTER TABLE proof_statement DROP COLUMN measure_confidential;
         ALTER TABLE proof_statement DROP COLUMN measure_target;
         ALTER TABLE proof_statement DROP COLUMN measure_better;
         ALTER TABLE proof_statement DROP COLUMN measure;",
    )
    .unwrap();
}

/// Takes the file `conn` has open back to the schema before migration 009
/// (sync): later migrations are undone, sync's tables, views, triggers and
/// indexes, and the history's `uid` column, are gone and the schema version
/// is 8.
pub fn before_sync(conn: &Connection) {
    before_measures(conn);
    let objects: Vec<(String, String)> = conn
        .prepare(
            "SELECT type, name FROM sqlite_schema
             WHERE (name LIKE 'sync%' OR name LIKE 'change_log_uid%'
                    OR name IN ('change_log_by_uid', 'change_log_by_record'))
               AND type IN ('trigger', 'view', 'table', 'index')
               AND name NOT LIKE 'sqlite_autoindex%'
             ORDER BY type = 'table'",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for (kind, name) in objects {
        conn.execute_batch(&format!("DROP {kind} IF EXISTS {name}"))
            .unwrap();
    }
    conn.execute_batch("ALTER TABLE change_log DROP COLUMN uid; PRAGMA user_version = 8;")
        .unwrap();
}
