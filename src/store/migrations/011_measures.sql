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
