-- Is this account strategic? Stakeholder roles and contact, conversations,
-- dated strategic assessments, the whitespace grid, matching tests, and
-- per-account proof cadence and prior-year revenue. Every existing row
-- keeps its meaning: new columns default to "unknown" or to the cadence
-- kam used before (30 days).

ALTER TABLE account ADD COLUMN prior_revenue INTEGER CHECK (prior_revenue >= 0);
ALTER TABLE account ADD COLUMN proof_cadence_days INTEGER NOT NULL DEFAULT 30
    CHECK (proof_cadence_days BETWEEN 1 AND 3660);

ALTER TABLE stakeholder ADD COLUMN reports_to TEXT
    REFERENCES stakeholder(id) ON DELETE SET NULL;
ALTER TABLE stakeholder ADD COLUMN influence TEXT;
ALTER TABLE stakeholder ADD COLUMN attitude TEXT NOT NULL DEFAULT 'neutral';
ALTER TABLE stakeholder ADD COLUMN last_contact TEXT;
ALTER TABLE stakeholder ADD COLUMN cadence_days INTEGER CHECK (cadence_days >= 1);
ALTER TABLE stakeholder ADD COLUMN owner TEXT NOT NULL DEFAULT '';
CREATE INDEX stakeholder_by_manager ON stakeholder(reports_to);

CREATE TABLE conversation (
    id                 TEXT PRIMARY KEY NOT NULL,
    account_id         TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    date               TEXT NOT NULL,
    forum              TEXT NOT NULL,
    time_frame         TEXT NOT NULL,
    summary            TEXT NOT NULL DEFAULT '',
    billable_hours     REAL NOT NULL DEFAULT 0,
    non_billable_hours REAL NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) STRICT;
CREATE INDEX conversation_by_account_date ON conversation(account_id, date DESC, id DESC);
-- Covering indexes for the signals: hours by date, and the date of a
-- conversation by its id (for a stakeholder's last contact), read without
-- touching the rows and their summaries.
CREATE INDEX conversation_hours_by_date
    ON conversation(date, account_id, billable_hours, non_billable_hours);
CREATE INDEX conversation_date_by_id ON conversation(id, date);

-- Who was there. A deleted stakeholder leaves the conversation, which
-- keeps the rest of its record.
CREATE TABLE conversation_attendee (
    conversation_id TEXT NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
    stakeholder_id  TEXT NOT NULL REFERENCES stakeholder(id) ON DELETE CASCADE,
    PRIMARY KEY (conversation_id, stakeholder_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX conversation_attendee_by_stakeholder ON conversation_attendee(stakeholder_id);

CREATE TABLE assessment (
    id                   TEXT PRIMARY KEY NOT NULL,
    account_id           TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    date                 TEXT NOT NULL,
    calls_us_strategic   TEXT NOT NULL,
    brings_opportunities TEXT NOT NULL,
    asks_our_input       TEXT NOT NULL,
    critical_to_them     TEXT NOT NULL,
    solutions_provider   TEXT NOT NULL,
    champion_exists      TEXT NOT NULL,
    open_invitation      TEXT NOT NULL,
    many_forums          TEXT NOT NULL,
    trust                INTEGER NOT NULL CHECK (trust BETWEEN 1 AND 5),
    trust_reason         TEXT NOT NULL DEFAULT '',
    commitment           INTEGER NOT NULL CHECK (commitment BETWEEN 1 AND 5),
    commitment_reason    TEXT NOT NULL DEFAULT '',
    cooperation          INTEGER NOT NULL CHECK (cooperation BETWEEN 1 AND 5),
    cooperation_reason   TEXT NOT NULL DEFAULT '',
    information_exchange INTEGER NOT NULL CHECK (information_exchange BETWEEN 1 AND 5),
    information_exchange_reason TEXT NOT NULL DEFAULT '',
    stage                TEXT NOT NULL,
    ladder_now           TEXT NOT NULL,
    ladder_aim           TEXT NOT NULL,
    note                 TEXT NOT NULL DEFAULT '',
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
) STRICT;
CREATE INDEX assessment_by_account_date ON assessment(account_id, date, id);

-- The whitespace grid: rows (units or sites) and columns (offerings) in
-- order, and the cells that are marked.
CREATE TABLE whitespace_axis (
    account_id TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    axis       TEXT NOT NULL CHECK (axis IN ('unit', 'offering')),
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    PRIMARY KEY (account_id, axis, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE whitespace_cell (
    account_id TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    unit       INTEGER NOT NULL,
    offering   INTEGER NOT NULL,
    state      TEXT NOT NULL,
    value      INTEGER CHECK (value >= 0),
    PRIMARY KEY (account_id, unit, offering)
) STRICT, WITHOUT ROWID;

CREATE TABLE matching_result (
    id         TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    taken_at   TEXT NOT NULL,
    total      INTEGER NOT NULL CHECK (total >= 0),
    correct    INTEGER NOT NULL CHECK (correct BETWEEN 0 AND total)
) STRICT;
CREATE INDEX matching_result_by_account ON matching_result(account_id, taken_at);

-- Conversations are searchable by forum and summary.
DROP VIEW search_source;
CREATE VIEW search_source (kind, record_id, account_id, title, body) AS
    SELECT 'account' AS kind, id AS record_id, id AS account_id, name AS title,
           concat_ws(' · ', nullif(industry, ''), nullif(offerings, ''),
                     nullif(value_proposition, ''), nullif(differentiation, ''),
                     nullif(customers, '')) AS body
      FROM account
    UNION ALL
    SELECT 'issue', id, account_id, statement,
           concat_ws(' · ', nullif(said_by, ''), nullif(confirmed_by, ''))
      FROM business_issue
    UNION ALL
    SELECT 'plan', p.id, i.account_id, p.title,
           concat_ws(' · ', nullif(p.detail, ''), nullif(p.owner, ''))
      FROM action_plan p JOIN business_issue i ON i.id = p.issue_id
    UNION ALL
    SELECT 'step', s.id, i.account_id, s.text, ''
      FROM plan_step s
      JOIN action_plan p ON p.id = s.plan_id
      JOIN business_issue i ON i.id = p.issue_id
    UNION ALL
    SELECT 'proof', id, account_id, statement, coalesce(value, '')
      FROM proof_statement
    UNION ALL
    SELECT 'stakeholder', id, account_id, name,
           concat_ws(' · ', nullif(title, ''), nullif(email, ''), nullif(owner, ''))
      FROM stakeholder
    UNION ALL
    SELECT 'conversation', id, account_id, forum, summary
      FROM conversation;

CREATE TRIGGER conversation_search_insert AFTER INSERT ON conversation BEGIN
    INSERT INTO search_doc (kind, record_id, account_id, title, body)
    SELECT * FROM search_source WHERE kind = 'conversation' AND record_id = new.id
    ON CONFLICT (record_id, kind) DO UPDATE SET account_id = excluded.account_id,
        title = excluded.title, body = excluded.body;
END;
CREATE TRIGGER conversation_search_update AFTER UPDATE ON conversation BEGIN
    INSERT INTO search_doc (kind, record_id, account_id, title, body)
    SELECT * FROM search_source WHERE kind = 'conversation' AND record_id = new.id
    ON CONFLICT (record_id, kind) DO UPDATE SET account_id = excluded.account_id,
        title = excluded.title, body = excluded.body;
END;
CREATE TRIGGER conversation_search_delete AFTER DELETE ON conversation BEGIN
    DELETE FROM search_doc WHERE record_id = old.id AND kind = 'conversation';
END;
