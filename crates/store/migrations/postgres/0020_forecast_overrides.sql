-- outturn: officers' forecast overrides, PostgreSQL. The SQLite migration of
-- the same number has the same table, columns and constraints.

-- A performance officer's own figure for a measure's year-end outturn, in
-- place of the model's forecast, and why. Appended, never changed or
-- deleted: a later override for the same measure and year supersedes the
-- earlier one for judging whether the target is at risk, and every one is
-- kept so that its error can be shown once the outturn arrives. The year is
-- written 2025/26; the value is a decimal as text, as every figure is;
-- instants are UTC text with nine fractional digits (text order is time order).
CREATE TABLE forecast_overrides (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    measure_id BIGINT NOT NULL REFERENCES measures (id),
    financial_year TEXT NOT NULL,
    value TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (reason <> ''),
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX forecast_overrides_measure ON forecast_overrides (measure_id, id);
