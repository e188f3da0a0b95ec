//! Database files taken back to the schema an older kam wrote.

use rusqlite::Connection;

/// Takes the file `conn` has open back to the schema before migration 012
/// (revenue per year, currencies, review intervals, executive reviews):
/// its columns are gone and the schema version is 9.
pub fn before_health(conn: &Connection) {
    conn.execute_batch(
        "ALTER TABLE account DROP COLUMN revenue_history;
         ALTER TABLE account DROP COLUMN currency;
         ALTER TABLE account DROP COLUMN review_interval_days;
         ALTER TABLE conversation DROP COLUMN executive_review;
         PRAGMA user_version = 9;",
    )
    .unwrap();
}

/// Takes the file `conn` has open back to the schema before migration 009
/// (sync): what later migrations added is gone too, its tables, views,
/// triggers and indexes, and the history's `uid` column, are gone and the
/// schema version is 8.
pub fn before_sync(conn: &Connection) {
    before_health(conn);
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
