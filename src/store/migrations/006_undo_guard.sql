-- Undo knows what it may undo. `after_snapshot` holds the records as the change left
-- them (JSON, like `snapshot`; a record of `snapshot` missing from it was
-- deleted), so that an undo refuses when another window changed them
-- since. `session` names the window that made the change, so that each
-- window undoes its own changes. Entries written before keep both empty
-- and undo as before.

ALTER TABLE undo_entry ADD COLUMN after_snapshot TEXT;
ALTER TABLE undo_entry ADD COLUMN session TEXT;
