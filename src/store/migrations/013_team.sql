-- The account team and the team's matching test.
--
-- Each account keeps its team: our people on the account (JSON, one object
-- a member, in the order written: `[{"name": "Ana Ruiz", "role": "service
-- delivery lead"}]`). The column lives on the account row, so the triggers
-- that note an account for sync and raise its revision cover it already.
--
-- A matching result of the team's test keeps its round (JSON: the seed,
-- the members in turn order, what each wrote and how each matched); the
-- quick test's results keep none. Its total and correct count every
-- member's match decisions.
--
-- A round in progress is kept as it goes, one per account, so that
-- quitting kam or a crash loses nothing. It belongs to the keyboard it is
-- taken at: it stays in this file until finished, when it becomes a
-- matching result (which syncs) in the same transaction that removes it.

ALTER TABLE account ADD COLUMN team TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(team) AND json_type(team) = 'array');

ALTER TABLE matching_result ADD COLUMN team TEXT
    CHECK (team IS NULL OR (json_valid(team) AND json_type(team) = 'object'));

CREATE TABLE team_round (
    id         TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL UNIQUE REFERENCES account(id) ON DELETE CASCADE,
    started_at TEXT NOT NULL,
    round      TEXT NOT NULL CHECK (json_valid(round) AND json_type(round) = 'object')
) STRICT;

-- An account is found by the names and roles of its team too.
DROP VIEW search_source;
CREATE VIEW search_source (kind, record_id, account_id, title, body) AS
    SELECT 'account' AS kind, id AS record_id, id AS account_id, name AS title,
           concat_ws(' · ', nullif(industry, ''), nullif(offerings, ''),
                     nullif(value_proposition, ''), nullif(differentiation, ''),
                     nullif(customers, ''),
                     (SELECT group_concat(concat_ws(', ', json_extract(m.value, '$.name'),
                                                    nullif(json_extract(m.value, '$.role'), '')),
                                          '; ')
                        FROM json_each(account.team) AS m)) AS body
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
