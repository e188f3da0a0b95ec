-- What the portfolio and every account's signals are computed from, kept
-- per account. An account's `revision` goes up with every insert, update
-- or delete of a record they are read from, whoever writes it (a window,
-- `kam log`, an import, an undo); a record moved to another account
-- changes both accounts. A revision starts at a random number, so that an
-- account deleted and created again (an undo) never comes back to a
-- revision a window read it at before.
CREATE TABLE account_signals (
    account_id TEXT PRIMARY KEY NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    revision   INTEGER NOT NULL DEFAULT (random() & 281474976710655)
) STRICT;

-- Each part of an account's signals as computed at `revision` for `day`
-- (JSON): `signals` (the facts and the portfolio's figures), `summary`
-- (what the portfolio shows) or `agenda` (the open plans and the newest
-- proof). A part counts only while the account's revision and the day
-- are still those.
CREATE TABLE kept_signals (
    account_id TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    part       TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    day        TEXT NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (account_id, part)
) STRICT;

INSERT INTO account_signals (account_id) SELECT id FROM account;

CREATE TRIGGER account_signals_account_insert AFTER INSERT ON account BEGIN
    INSERT INTO account_signals (account_id) VALUES (NEW.id)
        ON CONFLICT (account_id) DO UPDATE SET revision = revision + 1;
END;
CREATE TRIGGER account_signals_account_update AFTER UPDATE ON account BEGIN
    UPDATE account_signals SET revision = revision + 1
     WHERE account_id IN (OLD.id, NEW.id);
END;

-- Records that name their account.
CREATE TRIGGER account_signals_issue_insert AFTER INSERT ON business_issue BEGIN
    UPDATE account_signals SET revision = revision + 1 WHERE account_id = NEW.account_id;
END;
CREATE TRIGGER account_signals_issue_update AFTER UPDATE ON business_issue BEGIN
    UPDATE account_signals SET revision = revision + 1
     WHERE account_id IN (OLD.account_id, NEW.account_id);
END;
CREATE TRIGGER account_signals_issue_delete AFTER DELETE ON business_issue BEGIN
    UPDATE account_signals SET revision = revision + 1 WHERE account_id = OLD.account_id;
END;

CREATE TRIGGER account_signals_proof_insert AFTER INSERT ON proof_statement BEGIN
    UPDATE account_signals SET revision = revision + 1 WHERE account_id = NEW.account_id;
END;
CREATE TRIGGER account_signals_proof_update AFTER UPDATE ON proof_statement BEGIN
    UPDATE account_signals SET revision = revision + 1
     WHERE account_id IN (OLD.account_id, NEW.account_id);
END;
CREATE TRIGGER account_signals_proof_delete AFTER DELETE ON proof_statement BEGIN
    UPDATE account_signals SET revision = revision + 1 WHERE account_id = OLD.account_id;
END;

CREATE TRIGGER account_signals_stakeholder_insert AFTER INSERT ON stakeholder BEGIN
    UPDATE account_signals SET revision = revision + 1 WHERE account_id = NEW.account_id;
END;
CREATE TRIGGER account_signals_stakeholder_update AFTER UPDATE ON stakeholder BEGIN
    UPDATE account_signals SET revision = revision + 1
     WHERE account_id IN (OLD.account_id, NEW.account_id);
END;
CREATE TRIGGER account_signals_stakeholder_delete AFTER DELETE ON stakeholder BEGIN
    UPDATE account_signals SET revision = revision + 1 WHERE account_id = OLD.account_id;
END;

CREATE TRIGGER account_signals_assessment_insert AFTER INSERT ON assessment BEGIN
    UPDATE account_signals SET revision = revision + 1 WHERE account_id = NEW.account_id;
END;
CREATE TRIGGER account_signals_assessment_update AFTER UPDATE ON assessment BEGIN
    UPDATE account_signals SET revision = revision + 1
     WHERE account_id IN (OLD.account_id, NEW.account_id);
END;
CREATE TRIGGER account_signals_assessment_delete AFTER DELETE ON assessment BEGIN
    UPDATE account_signals SET revision = revision + 1 WHERE account_id = OLD.account_id;
END;

CREATE TRIGGER account_signals_matching_insert AFTER INSERT ON matching_result BEGIN
    UPDATE account_signals SET revision = revision + 1 WHERE account_id = NEW.account_id;
END;
CREATE TRIGGER account_signals_matching_update AFTER UPDATE ON matching_result BEGIN
    UPDATE account_signals SET revision = revision + 1
     WHERE account_id IN (OLD.account_id, NEW.account_id);
END;
CREATE TRIGGER account_signals_matching_delete AFTER DELETE ON matching_result BEGIN
    UPDATE account_signals SET revision = revision + 1 WHERE account_id = OLD.account_id;
END;

-- A conversation's date also dates the last contact of everyone who
-- attended, whichever account they belong to.
CREATE TRIGGER account_signals_conversation_insert AFTER INSERT ON conversation BEGIN
    UPDATE account_signals SET revision = revision + 1 WHERE account_id = NEW.account_id;
END;
CREATE TRIGGER account_signals_conversation_update AFTER UPDATE ON conversation BEGIN
    UPDATE account_signals SET revision = revision + 1
     WHERE account_id IN (OLD.account_id, NEW.account_id)
        OR account_id IN (SELECT s.account_id FROM conversation_attendee a
                            JOIN stakeholder s ON s.id = a.stakeholder_id
                           WHERE a.conversation_id = NEW.id);
END;
CREATE TRIGGER account_signals_conversation_delete AFTER DELETE ON conversation BEGIN
    UPDATE account_signals SET revision = revision + 1 WHERE account_id = OLD.account_id;
END;

CREATE TRIGGER account_signals_attendee_insert AFTER INSERT ON conversation_attendee BEGIN
    UPDATE account_signals SET revision = revision + 1
     WHERE account_id IN (SELECT account_id FROM conversation WHERE id = NEW.conversation_id
                          UNION SELECT account_id FROM stakeholder WHERE id = NEW.stakeholder_id);
END;
CREATE TRIGGER account_signals_attendee_update AFTER UPDATE ON conversation_attendee BEGIN
    UPDATE account_signals SET revision = revision + 1
     WHERE account_id IN (SELECT account_id FROM conversation
                           WHERE id IN (OLD.conversation_id, NEW.conversation_id)
                          UNION SELECT account_id FROM stakeholder
                           WHERE id IN (OLD.stakeholder_id, NEW.stakeholder_id));
END;
CREATE TRIGGER account_signals_attendee_delete AFTER DELETE ON conversation_attendee BEGIN
    UPDATE account_signals SET revision = revision + 1
     WHERE account_id IN (SELECT account_id FROM conversation WHERE id = OLD.conversation_id
                          UNION SELECT account_id FROM stakeholder WHERE id = OLD.stakeholder_id);
END;

-- Plans and steps reach their account through their issue.
CREATE TRIGGER account_signals_plan_insert AFTER INSERT ON action_plan BEGIN
    UPDATE account_signals SET revision = revision + 1
     WHERE account_id IN (SELECT account_id FROM business_issue WHERE id = NEW.issue_id);
END;
CREATE TRIGGER account_signals_plan_update AFTER UPDATE ON action_plan BEGIN
    UPDATE account_signals SET revision = revision + 1
     WHERE account_id IN (SELECT account_id FROM business_issue
                           WHERE id IN (OLD.issue_id, NEW.issue_id));
END;
CREATE TRIGGER account_signals_plan_delete AFTER DELETE ON action_plan BEGIN
    UPDATE account_signals SET revision = revision + 1
     WHERE account_id IN (SELECT account_id FROM business_issue WHERE id = OLD.issue_id);
END;

CREATE TRIGGER account_signals_step_insert AFTER INSERT ON plan_step BEGIN
    UPDATE account_signals SET revision = revision + 1
     WHERE account_id IN (SELECT i.account_id FROM action_plan p
                            JOIN business_issue i ON i.id = p.issue_id
                           WHERE p.id = NEW.plan_id);
END;
CREATE TRIGGER account_signals_step_update AFTER UPDATE ON plan_step BEGIN
    UPDATE account_signals SET revision = revision + 1
     WHERE account_id IN (SELECT i.account_id FROM action_plan p
                            JOIN business_issue i ON i.id = p.issue_id
                           WHERE p.id IN (OLD.plan_id, NEW.plan_id));
END;
CREATE TRIGGER account_signals_step_delete AFTER DELETE ON plan_step BEGIN
    UPDATE account_signals SET revision = revision + 1
     WHERE account_id IN (SELECT i.account_id FROM action_plan p
                            JOIN business_issue i ON i.id = p.issue_id
                           WHERE p.id = OLD.plan_id);
END;
