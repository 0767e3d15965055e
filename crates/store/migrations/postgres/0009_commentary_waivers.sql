-- outturn: commentary waivers, PostgreSQL. The SQLite migration of the same
-- number has the same table, columns and constraints.

-- A performance officer's record that a measure's Red or Amber result for a
-- period needs no commentary from its owner, and why (the commentary rule is
-- in outturn_core::commentary). One per measure and period.
CREATE TABLE commentary_waivers (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    council_id BIGINT NOT NULL REFERENCES councils (id),
    measure_code TEXT NOT NULL,
    period TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (reason <> ''),
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    UNIQUE (council_id, measure_code, period)
);
