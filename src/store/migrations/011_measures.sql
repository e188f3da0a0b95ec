-- Measured value: a proof statement may name the measure its value belongs
-- to (a series per account, e.g. "Crane availability"), which direction of
-- it is better, its target and whether private mode hides it. The value
-- itself stays the text people typed; it is read as a number and a unit
-- where it clearly is one, the same way for old and new statements.

ALTER TABLE proof_statement ADD COLUMN measure TEXT
    CHECK (measure IS NULL OR length(trim(measure)) > 0);
ALTER TABLE proof_statement ADD COLUMN measure_better TEXT
    CHECK (measure_better IN ('higher', 'lower'));
ALTER TABLE proof_statement ADD COLUMN measure_target REAL;
ALTER TABLE proof_statement ADD COLUMN measure_confidential INTEGER NOT NULL DEFAULT 0
    CHECK (measure_confidential IN (0, 1));

-- The scorecard reads each measured series of one account, and no other
-- statement.
CREATE INDEX proof_statement_measure
    ON proof_statement (account_id, measure COLLATE NOCASE, date DESC, id DESC)
    WHERE measure IS NOT NULL;

-- A proof statement is found by its measure's name as well as its value
-- and who acknowledged it (as 010 made it).
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
           concat_ws(' · ', nullif(value, ''), nullif(acknowledged_by, ''), measure)
      FROM proof_statement
    UNION ALL
    SELECT 'stakeholder', id, account_id, name,
           concat_ws(' · ', nullif(title, ''), nullif(email, ''), nullif(owner, ''))
      FROM stakeholder
    UNION ALL
    SELECT 'conversation', id, account_id, forum, summary
      FROM conversation;
