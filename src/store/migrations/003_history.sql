-- The history of every record, and per-account moments such as the last
-- time the prep brief was opened. Neither table refers to the account with
-- a foreign key: history must outlive the records it tells about.
CREATE TABLE change_log (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,  -- UTC
    account_id  TEXT,
    record_kind TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('added', 'changed', 'deleted', 'restored')),
    field       TEXT,
    old_value   TEXT,
    new_value   TEXT,
    label       TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX change_log_by_account_at ON change_log(account_id, at);

CREATE TABLE account_event (
    account_id TEXT NOT NULL,
    kind       TEXT NOT NULL,
    at         TEXT NOT NULL,  -- UTC
    PRIMARY KEY (account_id, kind)
) STRICT;
