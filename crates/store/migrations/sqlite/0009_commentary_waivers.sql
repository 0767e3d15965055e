-- outturn: commentary waivers, SQLite. The PostgreSQL migration of the same
-- number has the same table, columns and constraints.

-- A performance officer's record that a measure's Red or Amber result for a
-- period needs no commentary from its owner, and why (the commentary rule is
-- in outturn_core::commentary). One per measure and period; the measure code
-- and period are text as in the results table. Instants are UTC text with
-- nine fractional digits, so text order is time order.
CREATE TABLE commentary_waivers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    measure_code TEXT NOT NULL,
    period TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (reason <> ''),
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    UNIQUE (council_id, measure_code, period)
) STRICT;
