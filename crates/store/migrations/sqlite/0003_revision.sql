-- A council's revision: incremented by every change set applied to the
-- council, in the same transaction, so derived figures (dashboards) can be
-- kept in memory until the council's facts change.
ALTER TABLE councils ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
