-- Benchmarking: the council's figures compared with other councils' from
-- comparator data (LG Inform's shape: metric, area, period, value).

-- The council's own area code in the comparator data (an ONS code such as
-- the one LG Inform lists it by); NULL until a comparison is set.
ALTER TABLE councils ADD COLUMN area_code TEXT;

-- The groups the council is compared within (all districts, a region,
-- nearest neighbours, any named list), in the order given.
CREATE TABLE comparison_groups (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    council_id BIGINT NOT NULL REFERENCES councils (id),
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    position BIGINT NOT NULL,
    UNIQUE (council_id, key)
);

-- A group's areas, in the order listed.
CREATE TABLE comparison_group_areas (
    group_id BIGINT NOT NULL REFERENCES comparison_groups (id),
    position BIGINT NOT NULL,
    area_code TEXT NOT NULL,
    PRIMARY KEY (group_id, position),
    UNIQUE (group_id, area_code)
);

-- Which metric of the comparator data a measure is compared on; a measure
-- with no row has no benchmark.
CREATE TABLE measure_metrics (
    measure_id BIGINT PRIMARY KEY REFERENCES measures (id),
    metric_id TEXT NOT NULL
);

-- One area's value of a metric for a period, as the comparator data gives
-- it (decimal as text; NULL: the data has no value for that area, which is
-- left out of a comparison, never read as zero). Replaced per metric, area
-- and period.
CREATE TABLE benchmark_values (
    council_id BIGINT NOT NULL REFERENCES councils (id),
    metric_id TEXT NOT NULL,
    area_code TEXT NOT NULL,
    period TEXT NOT NULL,
    area_name TEXT NOT NULL,
    value TEXT,
    PRIMARY KEY (council_id, metric_id, area_code, period)
);
