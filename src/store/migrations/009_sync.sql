-- Sync with a git remote: the connection, and a note of every record,
-- history and conflict set changed since the last sync.
--
-- `sync_state` holds one row: the remote (null until `kam sync init`),
-- the commit the records match, when a sync last completed, and the
-- clock. `tracking` is 1 once connected; `applying` is 1 only inside the
-- transaction that writes what a sync merged, so that what a sync writes
-- is not noted as a local change. `n` counts the changes noted.
-- `unpushed` counts the notes committed here that no push has sent yet
-- (a sync that found the remote offline).
CREATE TABLE sync_state (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    remote    TEXT,
    "commit"  TEXT,
    synced_at TEXT,
    tracking  INTEGER NOT NULL DEFAULT 0 CHECK (tracking IN (0, 1)),
    applying  INTEGER NOT NULL DEFAULT 0 CHECK (applying IN (0, 1)),
    n         INTEGER NOT NULL DEFAULT 0,
    unpushed  INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO sync_state (id) VALUES (1);

-- One note per item changed since the last sync: a record by its kind
-- (`account`, `issue`, ..., `whitespace` by its account), `history` or
-- `conflicts` by the record they tell about; `seq` is the clock at its
-- latest change.
CREATE TABLE sync_changed (
    kind TEXT NOT NULL,
    id   TEXT NOT NULL,
    seq  INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX sync_changed_by_seq ON sync_changed(seq);

-- Noting an item: every trigger below inserts into this view, which
-- moves the clock on and stamps the item's note with it.
CREATE VIEW sync_note (kind, id) AS SELECT kind, id FROM sync_changed;
CREATE TRIGGER sync_note_insert INSTEAD OF INSERT ON sync_note
WHEN new.id IS NOT NULL BEGIN
    UPDATE sync_state SET n = n + 1;
    INSERT INTO sync_changed (kind, id, seq)
    SELECT new.kind, new.id, n FROM sync_state WHERE true
    ON CONFLICT (kind, id) DO UPDATE SET seq = excluded.seq;
END;

-- Fields changed differently on two machines, waiting for the user to
-- pick one: the record holds `kept`; `other_record` is the other
-- machine's whole record (JSON), null for a deletion.
CREATE TABLE sync_conflict (
    record_id    TEXT NOT NULL,
    field        TEXT NOT NULL,
    record_kind  TEXT NOT NULL,
    account_id   TEXT NOT NULL,
    kept         TEXT NOT NULL,
    other        TEXT NOT NULL,
    other_record TEXT NOT NULL,
    PRIMARY KEY (record_id, field)
) STRICT, WITHOUT ROWID;
CREATE INDEX sync_conflict_by_account ON sync_conflict(account_id, record_id);

-- Every history entry gets an id that is the same on every machine, so
-- that histories merge as a union; one record's history is a seek.
ALTER TABLE change_log ADD COLUMN uid TEXT;
UPDATE change_log SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX change_log_by_uid ON change_log(uid);
CREATE INDEX change_log_by_record ON change_log(record_id, at, uid);
CREATE TRIGGER change_log_uid AFTER INSERT ON change_log
WHEN new.uid IS NULL BEGIN
    UPDATE change_log SET uid = lower(hex(randomblob(16))) WHERE seq = new.seq;
END;

-- The triggers that note: only while connected and not applying a sync.

-- Records.
CREATE TRIGGER sync_account_insert AFTER INSERT ON account
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('account', new.id);
END;
CREATE TRIGGER sync_account_update AFTER UPDATE ON account
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('account', new.id);
END;
CREATE TRIGGER sync_account_delete AFTER DELETE ON account
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('account', old.id);
END;
CREATE TRIGGER sync_issue_insert AFTER INSERT ON business_issue
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('issue', new.id);
END;
-- An issue moved to another account takes its plans along.
CREATE TRIGGER sync_issue_update AFTER UPDATE ON business_issue
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('issue', new.id);
    INSERT INTO sync_note SELECT 'plan', id FROM action_plan
     WHERE issue_id = new.id AND old.account_id IS NOT new.account_id;
END;
CREATE TRIGGER sync_issue_delete AFTER DELETE ON business_issue
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('issue', old.id);
END;
CREATE TRIGGER sync_plan_insert AFTER INSERT ON action_plan
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('plan', new.id);
END;
CREATE TRIGGER sync_plan_update AFTER UPDATE ON action_plan
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('plan', new.id);
END;
CREATE TRIGGER sync_plan_delete AFTER DELETE ON action_plan
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('plan', old.id);
END;
CREATE TRIGGER sync_proof_insert AFTER INSERT ON proof_statement
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('proof', new.id);
END;
CREATE TRIGGER sync_proof_update AFTER UPDATE ON proof_statement
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('proof', new.id);
END;
CREATE TRIGGER sync_proof_delete AFTER DELETE ON proof_statement
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('proof', old.id);
END;
CREATE TRIGGER sync_stakeholder_insert AFTER INSERT ON stakeholder
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('stakeholder', new.id);
END;
CREATE TRIGGER sync_stakeholder_update AFTER UPDATE ON stakeholder
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('stakeholder', new.id);
END;
CREATE TRIGGER sync_stakeholder_delete AFTER DELETE ON stakeholder
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('stakeholder', old.id);
END;
CREATE TRIGGER sync_conversation_insert AFTER INSERT ON conversation
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('conversation', new.id);
END;
CREATE TRIGGER sync_conversation_update AFTER UPDATE ON conversation
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('conversation', new.id);
END;
CREATE TRIGGER sync_conversation_delete AFTER DELETE ON conversation
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('conversation', old.id);
END;
CREATE TRIGGER sync_assessment_insert AFTER INSERT ON assessment
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('assessment', new.id);
END;
CREATE TRIGGER sync_assessment_update AFTER UPDATE ON assessment
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('assessment', new.id);
END;
CREATE TRIGGER sync_assessment_delete AFTER DELETE ON assessment
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('assessment', old.id);
END;
CREATE TRIGGER sync_matching_insert AFTER INSERT ON matching_result
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('matching', new.id);
END;
CREATE TRIGGER sync_matching_update AFTER UPDATE ON matching_result
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('matching', new.id);
END;
CREATE TRIGGER sync_matching_delete AFTER DELETE ON matching_result
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('matching', old.id);
END;

-- Parts of records note their record; a part moved notes both.
CREATE TRIGGER sync_step_insert AFTER INSERT ON plan_step
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('plan', new.plan_id);
END;
CREATE TRIGGER sync_step_update AFTER UPDATE ON plan_step
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('plan', new.plan_id);
    INSERT INTO sync_note SELECT 'plan', old.plan_id WHERE old.plan_id IS NOT new.plan_id;
END;
CREATE TRIGGER sync_step_delete AFTER DELETE ON plan_step
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('plan', old.plan_id);
END;
CREATE TRIGGER sync_attendee_insert AFTER INSERT ON conversation_attendee
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('conversation', new.conversation_id);
END;
CREATE TRIGGER sync_attendee_update AFTER UPDATE ON conversation_attendee
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('conversation', new.conversation_id);
    INSERT INTO sync_note SELECT 'conversation', old.conversation_id WHERE old.conversation_id IS NOT new.conversation_id;
END;
CREATE TRIGGER sync_attendee_delete AFTER DELETE ON conversation_attendee
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('conversation', old.conversation_id);
END;
CREATE TRIGGER sync_whitespace_axis_insert AFTER INSERT ON whitespace_axis
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('whitespace', new.account_id);
END;
CREATE TRIGGER sync_whitespace_axis_update AFTER UPDATE ON whitespace_axis
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('whitespace', new.account_id);
    INSERT INTO sync_note SELECT 'whitespace', old.account_id WHERE old.account_id IS NOT new.account_id;
END;
CREATE TRIGGER sync_whitespace_axis_delete AFTER DELETE ON whitespace_axis
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('whitespace', old.account_id);
END;
CREATE TRIGGER sync_whitespace_cell_insert AFTER INSERT ON whitespace_cell
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('whitespace', new.account_id);
END;
CREATE TRIGGER sync_whitespace_cell_update AFTER UPDATE ON whitespace_cell
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('whitespace', new.account_id);
    INSERT INTO sync_note SELECT 'whitespace', old.account_id WHERE old.account_id IS NOT new.account_id;
END;
CREATE TRIGGER sync_whitespace_cell_delete AFTER DELETE ON whitespace_cell
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('whitespace', old.account_id);
END;

-- A record's history and its conflicts.
CREATE TRIGGER sync_history_insert AFTER INSERT ON change_log
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('history', new.record_id);
END;
CREATE TRIGGER sync_conflict_insert AFTER INSERT ON sync_conflict
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('conflicts', new.record_id);
END;
CREATE TRIGGER sync_conflict_update AFTER UPDATE ON sync_conflict
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('conflicts', new.record_id);
    INSERT INTO sync_note SELECT 'conflicts', old.record_id WHERE old.record_id IS NOT new.record_id;
END;
CREATE TRIGGER sync_conflict_delete AFTER DELETE ON sync_conflict
WHEN (SELECT tracking = 1 AND applying = 0 FROM sync_state) BEGIN
    INSERT INTO sync_note VALUES ('conflicts', old.record_id);
END;

-- A record deleted takes its conflicts along, whoever deletes it.
CREATE TRIGGER sync_conflict_gone_with_account AFTER DELETE ON account BEGIN
    DELETE FROM sync_conflict WHERE record_id = old.id;
END;
CREATE TRIGGER sync_conflict_gone_with_business_issue AFTER DELETE ON business_issue BEGIN
    DELETE FROM sync_conflict WHERE record_id = old.id;
END;
CREATE TRIGGER sync_conflict_gone_with_action_plan AFTER DELETE ON action_plan BEGIN
    DELETE FROM sync_conflict WHERE record_id = old.id;
END;
CREATE TRIGGER sync_conflict_gone_with_proof_statement AFTER DELETE ON proof_statement BEGIN
    DELETE FROM sync_conflict WHERE record_id = old.id;
END;
CREATE TRIGGER sync_conflict_gone_with_stakeholder AFTER DELETE ON stakeholder BEGIN
    DELETE FROM sync_conflict WHERE record_id = old.id;
END;
CREATE TRIGGER sync_conflict_gone_with_conversation AFTER DELETE ON conversation BEGIN
    DELETE FROM sync_conflict WHERE record_id = old.id;
END;
CREATE TRIGGER sync_conflict_gone_with_assessment AFTER DELETE ON assessment BEGIN
    DELETE FROM sync_conflict WHERE record_id = old.id;
END;
CREATE TRIGGER sync_conflict_gone_with_matching_result AFTER DELETE ON matching_result BEGIN
    DELETE FROM sync_conflict WHERE record_id = old.id;
END;
