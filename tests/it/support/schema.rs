//! Database files taken back to the schema an older kam wrote.

use rusqlite::Connection;

/// Takes the file `conn` has open back to the schema before migration 009
/// (sync): its tables, views, triggers and indexes, and the history's
/// `uid` column, are gone and the schema version is 8.
pub fn before_sync(conn: &Connection) {
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
