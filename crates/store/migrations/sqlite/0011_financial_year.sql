-- The financial year a result's or target's period falls in (the calendar
-- year it starts in: 2020 for 2020/21, 2020/21-Q2 and 2021-03), kept beside
-- the period so that reading some years of a council (the dashboard reads
-- two) finds its rows by index instead of testing every row's period text.
-- The store writes it from the period (outturn_core's rule); here it is
-- worked out once for rows already stored: a month from January to March
-- belongs to the year that started the April before.
ALTER TABLE results ADD COLUMN financial_year INTEGER NOT NULL DEFAULT 0;
UPDATE results SET financial_year = CAST(substr(period, 1, 4) AS INTEGER)
    - CASE WHEN substr(period, 5, 1) = '-' AND substr(period, 6, 2) < '04' THEN 1 ELSE 0 END;
DROP INDEX results_measure;
CREATE INDEX results_measure_year ON results (measure_id, financial_year, id);

ALTER TABLE target_revisions ADD COLUMN financial_year INTEGER NOT NULL DEFAULT 0;
UPDATE target_revisions SET financial_year = CAST(substr(period, 1, 4) AS INTEGER)
    - CASE WHEN substr(period, 5, 1) = '-' AND substr(period, 6, 2) < '04' THEN 1 ELSE 0 END;
DROP INDEX target_revisions_measure;
CREATE INDEX target_revisions_measure_year ON target_revisions (measure_id, financial_year, id);
