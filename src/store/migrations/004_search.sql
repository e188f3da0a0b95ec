-- Full-text search over every record's text.
--
-- `search_source` says, in one place, which text of each kind of record is
-- searchable: a title (names, statements, plan titles, step texts) and a
-- body (everything else worth finding). Figures (revenue, share of wallet,
-- hours) are never indexed. `search_doc` holds one row per record, kept in
-- step by triggers on every table, so that every write path (forms, undo,
-- imports, bulk inserts, cascading deletes) updates it; `search_index` is
-- an FTS5 index over `search_doc`, kept in step by triggers on that table.
-- Its prefix indexes (word starts of 1 to 10 characters) make the prefix
-- queries of search-as-you-type direct look-ups.

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
           concat_ws(' · ', nullif(title, ''), nullif(email, ''))
      FROM stakeholder;

CREATE TABLE search_doc (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    account_id TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    UNIQUE (record_id, kind)
) STRICT;

CREATE VIRTUAL TABLE search_index USING fts5 (
    title, body,
    content = 'search_doc', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3 4 5 6 7 8 9 10'
);

CREATE TRIGGER search_doc_insert AFTER INSERT ON search_doc BEGIN
    INSERT INTO search_index (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER search_doc_delete AFTER DELETE ON search_doc BEGIN
    INSERT INTO search_index (search_index, rowid, title, body)
    VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER search_doc_update AFTER UPDATE OF title, body ON search_doc
WHEN old.title IS NOT new.title OR old.body IS NOT new.body BEGIN
    INSERT INTO search_index (search_index, rowid, title, body)
    VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO search_index (rowid, title, body) VALUES (new.id, new.title, new.body);
END;

-- One insert, update and delete trigger per table. Inserts and updates
-- both upsert the record's row from `search_source`.
CREATE TRIGGER account_search_insert AFTER INSERT ON account BEGIN
    INSERT INTO search_doc (kind, record_id, account_id, title, body)
    SELECT * FROM search_source WHERE kind = 'account' AND record_id = new.id
    ON CONFLICT (record_id, kind) DO UPDATE SET account_id = excluded.account_id,
        title = excluded.title, body = excluded.body;
END;
CREATE TRIGGER account_search_update AFTER UPDATE ON account BEGIN
    INSERT INTO search_doc (kind, record_id, account_id, title, body)
    SELECT * FROM search_source WHERE kind = 'account' AND record_id = new.id
    ON CONFLICT (record_id, kind) DO UPDATE SET account_id = excluded.account_id,
        title = excluded.title, body = excluded.body;
END;
CREATE TRIGGER account_search_delete AFTER DELETE ON account BEGIN
    DELETE FROM search_doc WHERE record_id = old.id AND kind = 'account';
END;

CREATE TRIGGER issue_search_insert AFTER INSERT ON business_issue BEGIN
    INSERT INTO search_doc (kind, record_id, account_id, title, body)
    SELECT * FROM search_source WHERE kind = 'issue' AND record_id = new.id
    ON CONFLICT (record_id, kind) DO UPDATE SET account_id = excluded.account_id,
        title = excluded.title, body = excluded.body;
END;
CREATE TRIGGER issue_search_update AFTER UPDATE ON business_issue BEGIN
    INSERT INTO search_doc (kind, record_id, account_id, title, body)
    SELECT * FROM search_source WHERE kind = 'issue' AND record_id = new.id
    ON CONFLICT (record_id, kind) DO UPDATE SET account_id = excluded.account_id,
        title = excluded.title, body = excluded.body;
    -- An issue moved to another account takes its plans and steps along.
    UPDATE search_doc SET account_id = new.account_id
     WHERE old.account_id IS NOT new.account_id
       AND record_id IN (SELECT id FROM action_plan WHERE issue_id = new.id
                         UNION ALL
                         SELECT s.id FROM plan_step s JOIN action_plan p ON p.id = s.plan_id
                          WHERE p.issue_id = new.id);
END;
CREATE TRIGGER issue_search_delete AFTER DELETE ON business_issue BEGIN
    DELETE FROM search_doc WHERE record_id = old.id AND kind = 'issue';
END;

CREATE TRIGGER plan_search_insert AFTER INSERT ON action_plan BEGIN
    INSERT INTO search_doc (kind, record_id, account_id, title, body)
    SELECT * FROM search_source WHERE kind = 'plan' AND record_id = new.id
    ON CONFLICT (record_id, kind) DO UPDATE SET account_id = excluded.account_id,
        title = excluded.title, body = excluded.body;
END;
CREATE TRIGGER plan_search_update AFTER UPDATE ON action_plan BEGIN
    INSERT INTO search_doc (kind, record_id, account_id, title, body)
    SELECT * FROM search_source WHERE kind = 'plan' AND record_id = new.id
    ON CONFLICT (record_id, kind) DO UPDATE SET account_id = excluded.account_id,
        title = excluded.title, body = excluded.body;
    -- A plan moved to another issue (perhaps of another account) takes its
    -- steps along.
    UPDATE search_doc
       SET account_id = (SELECT account_id FROM business_issue WHERE id = new.issue_id)
     WHERE old.issue_id IS NOT new.issue_id
       AND record_id IN (SELECT id FROM plan_step WHERE plan_id = new.id);
END;
CREATE TRIGGER plan_search_delete AFTER DELETE ON action_plan BEGIN
    DELETE FROM search_doc WHERE record_id = old.id AND kind = 'plan';
END;

CREATE TRIGGER step_search_insert AFTER INSERT ON plan_step BEGIN
    INSERT INTO search_doc (kind, record_id, account_id, title, body)
    SELECT * FROM search_source WHERE kind = 'step' AND record_id = new.id
    ON CONFLICT (record_id, kind) DO UPDATE SET account_id = excluded.account_id,
        title = excluded.title, body = excluded.body;
END;
CREATE TRIGGER step_search_update AFTER UPDATE ON plan_step BEGIN
    INSERT INTO search_doc (kind, record_id, account_id, title, body)
    SELECT * FROM search_source WHERE kind = 'step' AND record_id = new.id
    ON CONFLICT (record_id, kind) DO UPDATE SET account_id = excluded.account_id,
        title = excluded.title, body = excluded.body;
END;
CREATE TRIGGER step_search_delete AFTER DELETE ON plan_step BEGIN
    DELETE FROM search_doc WHERE record_id = old.id AND kind = 'step';
END;

CREATE TRIGGER proof_search_insert AFTER INSERT ON proof_statement BEGIN
    INSERT INTO search_doc (kind, record_id, account_id, title, body)
    SELECT * FROM search_source WHERE kind = 'proof' AND record_id = new.id
    ON CONFLICT (record_id, kind) DO UPDATE SET account_id = excluded.account_id,
        title = excluded.title, body = excluded.body;
END;
CREATE TRIGGER proof_search_update AFTER UPDATE ON proof_statement BEGIN
    INSERT INTO search_doc (kind, record_id, account_id, title, body)
    SELECT * FROM search_source WHERE kind = 'proof' AND record_id = new.id
    ON CONFLICT (record_id, kind) DO UPDATE SET account_id = excluded.account_id,
        title = excluded.title, body = excluded.body;
END;
CREATE TRIGGER proof_search_delete AFTER DELETE ON proof_statement BEGIN
    DELETE FROM search_doc WHERE record_id = old.id AND kind = 'proof';
END;

CREATE TRIGGER stakeholder_search_insert AFTER INSERT ON stakeholder BEGIN
    INSERT INTO search_doc (kind, record_id, account_id, title, body)
    SELECT * FROM search_source WHERE kind = 'stakeholder' AND record_id = new.id
    ON CONFLICT (record_id, kind) DO UPDATE SET account_id = excluded.account_id,
        title = excluded.title, body = excluded.body;
END;
CREATE TRIGGER stakeholder_search_update AFTER UPDATE ON stakeholder BEGIN
    INSERT INTO search_doc (kind, record_id, account_id, title, body)
    SELECT * FROM search_source WHERE kind = 'stakeholder' AND record_id = new.id
    ON CONFLICT (record_id, kind) DO UPDATE SET account_id = excluded.account_id,
        title = excluded.title, body = excluded.body;
END;
CREATE TRIGGER stakeholder_search_delete AFTER DELETE ON stakeholder BEGIN
    DELETE FROM search_doc WHERE record_id = old.id AND kind = 'stakeholder';
END;

-- Index what an older database already holds.
INSERT INTO search_doc (kind, record_id, account_id, title, body)
SELECT * FROM search_source;
