-- What a figure beyond a measure's tolerance is: NULL for Red (the plain
-- tolerance rule), 'direction' for the direction-aware rule (Green within
-- the tolerance; beyond it, Amber when no worse than the same period last
-- year, Red when worse). Only a tolerance rule has one.
ALTER TABLE measures ADD COLUMN tolerance_beyond TEXT
    CHECK (tolerance_beyond IS NULL OR status_rule = 'tolerance');
