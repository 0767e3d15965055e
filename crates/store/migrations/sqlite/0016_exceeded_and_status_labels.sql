-- Bands with an Exceeded band: how far better than target is still Green;
-- beyond it the figure is Exceeded. Decimal as text; only with a Green band.
ALTER TABLE measures ADD COLUMN exceeded_within TEXT
    CHECK (exceeded_within IS NULL OR green_within IS NOT NULL);
ALTER TABLE kept_status_rules ADD COLUMN exceeded_within TEXT
    CHECK (exceeded_within IS NULL OR green_within IS NOT NULL);

-- A council's own words and colour for a status (only those it changes
-- from outturn's own: "Green" in green, "Missing data" in grey...).
CREATE TABLE status_labels (
    council_id INTEGER NOT NULL REFERENCES councils (id),
    status TEXT NOT NULL CHECK (status IN
        ('exceeded', 'green', 'amber', 'red', 'missing', 'awaiting', 'no-target', 'information-only')),
    label TEXT NOT NULL,
    colour TEXT NOT NULL,
    PRIMARY KEY (council_id, status)
) STRICT;
