-- Large customers: a unit of the whitespace grid may sit in a region and
-- a site within it ("DACH", "Munich plant"), which group the grid's rows.
-- Offerings have neither. The columns live on the existing rows, so the
-- triggers that note a changed grid for sync cover them already.

ALTER TABLE whitespace_axis ADD COLUMN region TEXT NOT NULL DEFAULT ''
    CHECK (axis = 'unit' OR region = '');
ALTER TABLE whitespace_axis ADD COLUMN site TEXT NOT NULL DEFAULT ''
    CHECK (axis = 'unit' OR site = '');
