-- A fictional council (a demo with generated figures): every page and
-- document says so.
ALTER TABLE councils ADD COLUMN fictional BOOLEAN NOT NULL DEFAULT FALSE;
