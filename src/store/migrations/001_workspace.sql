-- Accounts, business issues, action plans with steps, proof statements,
-- and the undo log.
PRAGMA application_id = 1262570801; -- "KAM1": marks the file as a kam database
CREATE TABLE account (
    id                TEXT PRIMARY KEY NOT NULL,
    name              TEXT NOT NULL,
    industry          TEXT NOT NULL DEFAULT '',
    offerings         TEXT NOT NULL DEFAULT '',
    annual_revenue    INTEGER,
    share_of_wallet   INTEGER CHECK (share_of_wallet BETWEEN 0 AND 100),
    stage             TEXT NOT NULL,
    value_proposition TEXT NOT NULL DEFAULT '',
    differentiation   TEXT NOT NULL DEFAULT '',
    customers         TEXT NOT NULL DEFAULT '',
    last_review       TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;

CREATE TABLE business_issue (
    id           TEXT PRIMARY KEY NOT NULL,
    account_id   TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    statement    TEXT NOT NULL,
    kind         TEXT NOT NULL,
    said_by      TEXT NOT NULL DEFAULT '',
    said_on      TEXT,
    confirmed    INTEGER NOT NULL DEFAULT 0,
    confirmed_by TEXT NOT NULL DEFAULT '',
    importance   TEXT NOT NULL,
    status       TEXT NOT NULL,
    time_frame   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX business_issue_by_account ON business_issue(account_id);

CREATE TABLE action_plan (
    id                 TEXT PRIMARY KEY NOT NULL,
    issue_id           TEXT NOT NULL REFERENCES business_issue(id) ON DELETE CASCADE,
    title              TEXT NOT NULL,
    detail             TEXT NOT NULL DEFAULT '',
    uses_product       INTEGER NOT NULL DEFAULT 1,
    owner              TEXT NOT NULL DEFAULT '',
    due                TEXT,
    status             TEXT NOT NULL,
    billable_hours     REAL NOT NULL DEFAULT 0,
    non_billable_hours REAL NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) STRICT;
CREATE INDEX action_plan_by_issue ON action_plan(issue_id);

CREATE TABLE plan_step (
    id       TEXT PRIMARY KEY NOT NULL,
    plan_id  TEXT NOT NULL REFERENCES action_plan(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text     TEXT NOT NULL,
    done     INTEGER NOT NULL DEFAULT 0,
    due      TEXT
) STRICT;
CREATE INDEX plan_step_by_plan ON plan_step(plan_id, position);

CREATE TABLE proof_statement (
    id           TEXT PRIMARY KEY NOT NULL,
    account_id   TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    date         TEXT NOT NULL,
    statement    TEXT NOT NULL,
    value        TEXT,
    issue_id     TEXT REFERENCES business_issue(id) ON DELETE SET NULL,
    plan_id      TEXT REFERENCES action_plan(id) ON DELETE SET NULL,
    acknowledged INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX proof_statement_by_account_date ON proof_statement(account_id, date DESC, id DESC);
CREATE INDEX proof_statement_by_issue ON proof_statement(issue_id);
CREATE INDEX proof_statement_by_plan ON proof_statement(plan_id);

-- Before-images of deleted or edited records, newest last, for undo.
CREATE TABLE undo_entry (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    label      TEXT NOT NULL,
    snapshot   TEXT NOT NULL
) STRICT;
