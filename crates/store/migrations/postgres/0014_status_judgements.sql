-- Judged statuses: an officer's Green, Amber or Red for a measure and its
-- own period, with the reason, standing over what the figures give until a
-- later judgement replaces it or withdraws it (status NULL). Appended, never
-- changed, so a page asked "as recorded on" a day shows what stood then.
CREATE TABLE status_judgements (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    measure_id BIGINT NOT NULL REFERENCES measures (id),
    period TEXT NOT NULL,
    status TEXT CHECK (status IS NULL OR status IN ('green', 'amber', 'red')),
    justification TEXT NOT NULL CHECK (justification <> ''),
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX status_judgements_measure ON status_judgements (measure_id, id);
