-- People linked to what they said and saw: who said and who confirmed a
-- business issue, who acknowledged a proof statement (and when), and who
-- owns an action plan on the customer's side. Each keeps its text, which
-- holds whatever was typed, and may point at a stakeholder of the same
-- account. A deleted stakeholder leaves the text behind and the link
-- empty; a renamed one renames the text of what points at it. Existing
-- text is matched to stakeholders after these statements, where the name
-- is unambiguous. The links are kept by the triggers below rather than by
-- foreign keys, so that the columns can be dropped again.

ALTER TABLE business_issue ADD COLUMN said_by_id TEXT;
ALTER TABLE business_issue ADD COLUMN confirmed_by_id TEXT;
CREATE INDEX business_issue_by_sayer ON business_issue(said_by_id)
    WHERE said_by_id IS NOT NULL;
CREATE INDEX business_issue_by_confirmer ON business_issue(confirmed_by_id)
    WHERE confirmed_by_id IS NOT NULL;

ALTER TABLE proof_statement ADD COLUMN acknowledged_by TEXT NOT NULL DEFAULT '';
ALTER TABLE proof_statement ADD COLUMN acknowledged_by_id TEXT;
ALTER TABLE proof_statement ADD COLUMN acknowledged_on TEXT;
CREATE INDEX proof_statement_by_acknowledger ON proof_statement(acknowledged_by_id)
    WHERE acknowledged_by_id IS NOT NULL;

ALTER TABLE action_plan ADD COLUMN customer_owner TEXT NOT NULL DEFAULT '';
ALTER TABLE action_plan ADD COLUMN customer_owner_id TEXT;
CREATE INDEX action_plan_by_customer_owner ON action_plan(customer_owner_id)
    WHERE customer_owner_id IS NOT NULL;

CREATE TRIGGER stakeholder_renamed AFTER UPDATE OF name ON stakeholder
WHEN old.name IS NOT new.name BEGIN
    UPDATE business_issue SET said_by = new.name WHERE said_by_id = new.id;
    UPDATE business_issue SET confirmed_by = new.name WHERE confirmed_by_id = new.id;
    UPDATE proof_statement SET acknowledged_by = new.name WHERE acknowledged_by_id = new.id;
    UPDATE action_plan SET customer_owner = new.name WHERE customer_owner_id = new.id;
END;

CREATE TRIGGER stakeholder_unlinked AFTER DELETE ON stakeholder BEGIN
    UPDATE business_issue SET said_by_id = NULL WHERE said_by_id = old.id;
    UPDATE business_issue SET confirmed_by_id = NULL WHERE confirmed_by_id = old.id;
    UPDATE proof_statement SET acknowledged_by_id = NULL WHERE acknowledged_by_id = old.id;
    UPDATE action_plan SET customer_owner_id = NULL WHERE customer_owner_id = old.id;
END;

-- Who acknowledged a proof and who owns a plan on the customer's side are
-- searchable.
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
           concat_ws(' · ', nullif(p.detail, ''), nullif(p.owner, ''),
                     nullif(p.customer_owner, ''))
      FROM action_plan p JOIN business_issue i ON i.id = p.issue_id
    UNION ALL
    SELECT 'step', s.id, i.account_id, s.text, ''
      FROM plan_step s
      JOIN action_plan p ON p.id = s.plan_id
      JOIN business_issue i ON i.id = p.issue_id
    UNION ALL
    SELECT 'proof', id, account_id, statement,
           concat_ws(' · ', nullif(value, ''), nullif(acknowledged_by, ''))
      FROM proof_statement
    UNION ALL
    SELECT 'stakeholder', id, account_id, name,
           concat_ws(' · ', nullif(title, ''), nullif(email, ''), nullif(owner, ''))
      FROM stakeholder
    UNION ALL
    SELECT 'conversation', id, account_id, forum, summary
      FROM conversation;

