-- An account's revenue is kept per year only. The revenue of last year and
-- of the year before, which accounts kept as single figures beside the
-- history, join the history where it holds nothing for those years or
-- later (what the history says wins), and the single columns go: the code
-- of this migration does both, after this.

-- What is kept of each account's signals read the single figures:
-- computed again on the next reading.
DELETE FROM kept_signals;
