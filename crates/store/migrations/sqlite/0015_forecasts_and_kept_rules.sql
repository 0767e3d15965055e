-- The year-end outturn an owner forecasts with a figure (decimal as text):
-- the forecast-aware status rule reads it. Kept with the result, so a
-- signed-off or published period's forecast is locked with its figure.
ALTER TABLE results ADD COLUMN forecast TEXT CHECK (forecast IS NULL OR kind = 'figure');

-- Bands: a tolerance rule with a Green band (how far short of target is
-- still Green; amber is then the Amber band's outer edge). Decimal as text.
ALTER TABLE measures ADD COLUMN green_within TEXT
    CHECK (green_within IS NULL OR (status_rule = 'tolerance' AND tolerance_beyond IS NULL));

-- A measure's former status rule, kept for the periods signed off or
-- published before the rule changed (to the end of until_period), so that
-- changing a rule does not rewrite a published quarter. Appended, never
-- changed. The rule's columns are as in measures.
CREATE TABLE kept_status_rules (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    measure_id INTEGER NOT NULL REFERENCES measures (id),
    until_period TEXT NOT NULL,
    status_rule TEXT NOT NULL CHECK (status_rule IN ('tolerance', 'threshold', 'none')),
    tolerance_kind TEXT CHECK (tolerance_kind IN ('points', 'percent', 'absolute')),
    amber TEXT,
    tolerance_beyond TEXT CHECK (tolerance_beyond IS NULL OR status_rule = 'tolerance'),
    green_within TEXT CHECK (green_within IS NULL OR (status_rule = 'tolerance' AND tolerance_beyond IS NULL)),
    recorded_at TEXT NOT NULL,
    CHECK ((status_rule = 'tolerance') = (tolerance_kind IS NOT NULL)),
    CHECK ((status_rule = 'tolerance') = (amber IS NOT NULL))
) STRICT;
CREATE INDEX kept_status_rules_measure ON kept_status_rules (measure_id, id);
