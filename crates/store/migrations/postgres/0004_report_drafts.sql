-- Committee reports: what a report says beyond the figures.
-- Report settings (one row per council) give the cover block; implications
-- are the council's own sections ("Financial implications"), in order.
CREATE TABLE report_settings (
    council_id BIGINT PRIMARY KEY REFERENCES councils (id),
    committee TEXT,
    portfolio_holder TEXT,
    lead_officer TEXT,
    contact_name TEXT,
    contact_email TEXT,
    contact_phone TEXT
);

CREATE TABLE report_implications (
    council_id BIGINT NOT NULL REFERENCES councils (id),
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (council_id, position)
);

-- Narrative a person writes for a report draft (council, kind, period), one
-- row per slot ("purpose", "highlights:housing", "spotlight:BV66a"), in
-- Markdown. A slot with no row still has to be written.
CREATE TABLE report_narratives (
    council_id BIGINT NOT NULL REFERENCES councils (id),
    kind TEXT NOT NULL,
    period TEXT NOT NULL,
    slot TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (council_id, kind, period, slot)
);

-- The forecast figure for a measure and period (the latest given is kept:
-- a forecast is an estimate, not a recorded fact). Decimals as text.
CREATE TABLE forecasts (
    measure_id BIGINT NOT NULL REFERENCES measures (id),
    period TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (measure_id, period)
);
