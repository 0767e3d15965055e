-- A fictional council (a demo with generated figures): every page and
-- document says so.
ALTER TABLE councils ADD COLUMN fictional INTEGER NOT NULL DEFAULT 0 CHECK (fictional IN (0, 1));
