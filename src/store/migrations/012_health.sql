-- Slipping accounts, reviews and money with a currency. Each account
-- keeps its revenue per year (JSON, oldest first: `[{"year": 2025,
-- "amount": 1200000}]`), seeded from the revenue of last year and the year
-- before that it held until now; the currency its figures are in (EUR
-- until set); and the days it may go without a review (90 until set). A
-- conversation may be an executive review. The columns live on existing
-- rows, so the triggers that raise an account's revision on every update
-- of an account or a conversation cover them already.

ALTER TABLE account ADD COLUMN revenue_history TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(revenue_history) AND json_type(revenue_history) = 'array');
ALTER TABLE account ADD COLUMN currency TEXT NOT NULL DEFAULT 'EUR'
    CHECK (length(currency) = 3 AND currency = upper(currency));
ALTER TABLE account ADD COLUMN review_interval_days INTEGER NOT NULL DEFAULT 90
    CHECK (review_interval_days BETWEEN 1 AND 3660);

ALTER TABLE conversation ADD COLUMN executive_review INTEGER NOT NULL DEFAULT 0
    CHECK (executive_review IN (0, 1));

-- The revenue kam knew was last year's (and, when set, the year before's),
-- counted from the day of the upgrade.
UPDATE account SET revenue_history = (
    SELECT json_group_array(json_object('year', year, 'amount', amount))
      FROM (SELECT CAST(strftime('%Y', 'now') AS INTEGER) - 2 AS year, prior_revenue AS amount
             WHERE prior_revenue IS NOT NULL
            UNION ALL
            SELECT CAST(strftime('%Y', 'now') AS INTEGER) - 1, annual_revenue
             WHERE annual_revenue IS NOT NULL
            ORDER BY year)
)
 WHERE annual_revenue IS NOT NULL OR prior_revenue IS NOT NULL;

-- What is kept of each account's signals was computed without these
-- columns (the last assessment and executive review among them): computed
-- again on the next reading.
DELETE FROM kept_signals;
