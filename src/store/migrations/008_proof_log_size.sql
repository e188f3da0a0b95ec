-- How many entries each account's proof log holds, kept in step with
-- `proof_statement` by triggers in the same transaction as every write
-- (forms, undo, imports, merges, cascading deletes), so that opening an
-- account reads one row instead of counting a log that may hold 100,000
-- entries. An account without a row has none.

CREATE TABLE proof_log_size (
    account_id TEXT PRIMARY KEY NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    entries    INTEGER NOT NULL CHECK (entries >= 0)
) STRICT, WITHOUT ROWID;

INSERT INTO proof_log_size (account_id, entries)
    SELECT account_id, count(*) FROM proof_statement GROUP BY account_id;

CREATE TRIGGER proof_log_size_insert AFTER INSERT ON proof_statement BEGIN
    INSERT INTO proof_log_size (account_id, entries) VALUES (new.account_id, 1)
    ON CONFLICT (account_id) DO UPDATE SET entries = entries + 1;
END;

CREATE TRIGGER proof_log_size_delete AFTER DELETE ON proof_statement BEGIN
    UPDATE proof_log_size SET entries = entries - 1 WHERE account_id = old.account_id;
END;

CREATE TRIGGER proof_log_size_move AFTER UPDATE OF account_id ON proof_statement
WHEN old.account_id IS NOT new.account_id BEGIN
    UPDATE proof_log_size SET entries = entries - 1 WHERE account_id = old.account_id;
    INSERT INTO proof_log_size (account_id, entries) VALUES (new.account_id, 1)
    ON CONFLICT (account_id) DO UPDATE SET entries = entries + 1;
END;
