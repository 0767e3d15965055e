-- A change to how a measure's figures are produced (a new system, a new
-- contractor, a new definition), from a period on: the SPC chart starts new
-- limits there and nowhere else. Who recorded it and why are kept.
CREATE TABLE process_changes (
    measure_id BIGINT NOT NULL REFERENCES measures (id),
    period TEXT NOT NULL,
    reason TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    PRIMARY KEY (measure_id, period)
);
