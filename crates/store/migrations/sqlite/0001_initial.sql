-- outturn: the first schema, SQLite. The PostgreSQL migration of the same
-- number has the same tables, columns and constraints.
--
-- How values are written (the same in both backends):
--   * Decimals (targets, results, tolerances, ratio scales) are TEXT, written
--     with rust_decimal's to_string and read back with from_str_exact, so the
--     exact value and its scale are kept: "59.90" comes back as 59.90, never
--     as a binary float, and money keeps its pence.
--   * Periods are their canonical text (2020/21, 2020/21-Q2, 2020-09), dates
--     are YYYY-MM-DD and instants are RFC 3339 text as jiff's Timestamp writes
--     it (2020-11-05T10:30:00Z).
--   * Keys and measure codes are TEXT compared with the BINARY collation, so
--     they are case-sensitive and kept exactly as written: BV213 and bv213 are
--     two measures.
--   * Definitions carry a position: the order the council first declared them.
--   * The append-only tables (target_revisions, results, milestone_updates) are
--     never updated; their AUTOINCREMENT id is the order in which entries were
--     recorded, which the core uses to break ties between equal timestamps.
--
-- Tables are STRICT, so a value of the wrong type is refused on the way in.

CREATE TABLE councils (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
) STRICT;

CREATE TABLE node_kinds (
    id INTEGER PRIMARY KEY,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    key TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (council_id, key),
    UNIQUE (council_id, position)
) STRICT;

CREATE TABLE nodes (
    id INTEGER PRIMARY KEY,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    key TEXT NOT NULL,
    position INTEGER NOT NULL,
    kind_id INTEGER NOT NULL REFERENCES node_kinds (id),
    name TEXT NOT NULL,
    parent_id INTEGER REFERENCES nodes (id),
    created TEXT,
    closed TEXT,
    UNIQUE (council_id, key),
    UNIQUE (council_id, position)
) STRICT;

CREATE INDEX nodes_parent ON nodes (parent_id);

-- Earlier names of a node, oldest first, each with the last day it was used.
CREATE TABLE node_former_names (
    node_id INTEGER NOT NULL REFERENCES nodes (id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    used_until TEXT NOT NULL,
    PRIMARY KEY (node_id, position)
) STRICT;

CREATE TABLE node_outcomes (
    node_id INTEGER NOT NULL REFERENCES nodes (id),
    position INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    PRIMARY KEY (node_id, position)
) STRICT;

-- The focus lines of a financial year. A year declared with no lines is kept
-- as one row with a NULL line.
CREATE TABLE node_focus (
    node_id INTEGER NOT NULL REFERENCES nodes (id),
    financial_year TEXT NOT NULL,
    position INTEGER NOT NULL,
    line TEXT,
    PRIMARY KEY (node_id, financial_year, position)
) STRICT;

-- Delivery updates, one per period.
CREATE TABLE node_updates (
    node_id INTEGER NOT NULL REFERENCES nodes (id),
    period TEXT NOT NULL,
    update_text TEXT NOT NULL,
    PRIMARY KEY (node_id, period)
) STRICT;

CREATE TABLE measures (
    id INTEGER PRIMARY KEY,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    code TEXT NOT NULL,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    definition TEXT,
    owner_id INTEGER NOT NULL REFERENCES nodes (id),
    officer TEXT,
    unit TEXT NOT NULL
        CHECK (unit IN ('percentage', 'count', 'days', 'money', 'rate', 'score', 'ratio', 'text')),
    rate_per INTEGER CHECK ((unit = 'rate') = (rate_per IS NOT NULL)),
    decimals INTEGER NOT NULL CHECK (decimals BETWEEN 0 AND 255),
    polarity TEXT NOT NULL CHECK (polarity IN ('higher', 'lower', 'none')),
    frequency TEXT NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'annual')),
    ytd_rule TEXT NOT NULL
        CHECK (ytd_rule IN ('sum', 'snapshot', 'ratio', 'rolling-12', 'mean-of-ratings')),
    ratio_scale TEXT CHECK ((ytd_rule = 'ratio') = (ratio_scale IS NOT NULL)),
    status_rule TEXT NOT NULL CHECK (status_rule IN ('tolerance', 'threshold', 'none')),
    tolerance_kind TEXT CHECK (tolerance_kind IN ('points', 'percent', 'absolute')),
    amber TEXT,
    active_from TEXT,
    retired_from TEXT,
    retired_reason TEXT,
    CHECK ((status_rule = 'tolerance') = (tolerance_kind IS NOT NULL)),
    CHECK ((status_rule = 'tolerance') = (amber IS NOT NULL)),
    UNIQUE (council_id, code),
    UNIQUE (council_id, position)
) STRICT;

-- Nodes a measure is aligned to beyond its owner, in declared order.
CREATE TABLE measure_alignments (
    measure_id INTEGER NOT NULL REFERENCES measures (id),
    position INTEGER NOT NULL,
    node_id INTEGER NOT NULL REFERENCES nodes (id),
    PRIMARY KEY (measure_id, position)
) STRICT;

CREATE TABLE measure_tags (
    measure_id INTEGER NOT NULL REFERENCES measures (id),
    position INTEGER NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (measure_id, position)
) STRICT;

-- Summary groups, tried in order. The condition's argument is in the column
-- for its kind: node_id for 'under', kind_id for 'aligned-to-kind', value
-- (the tag) for 'tagged'; 'rest' has none.
CREATE TABLE summary_groups (
    council_id INTEGER NOT NULL REFERENCES councils (id),
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    condition TEXT NOT NULL CHECK (condition IN ('aligned-to-kind', 'under', 'tagged', 'rest')),
    value TEXT,
    node_id INTEGER REFERENCES nodes (id),
    kind_id INTEGER REFERENCES node_kinds (id),
    CHECK ((condition = 'tagged') = (value IS NOT NULL)),
    CHECK ((condition = 'under') = (node_id IS NOT NULL)),
    CHECK ((condition = 'aligned-to-kind') = (kind_id IS NOT NULL)),
    PRIMARY KEY (council_id, position)
) STRICT;

CREATE TABLE milestones (
    id INTEGER PRIMARY KEY,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    key TEXT NOT NULL,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    node_id INTEGER NOT NULL REFERENCES nodes (id),
    due TEXT,
    UNIQUE (council_id, key),
    UNIQUE (council_id, position)
) STRICT;

-- Append-only. recorded_at is when the store received the revision.
CREATE TABLE target_revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    measure_id INTEGER NOT NULL REFERENCES measures (id),
    period TEXT NOT NULL,
    value TEXT NOT NULL,
    effective TEXT NOT NULL,
    reason TEXT NOT NULL,
    author TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;

CREATE INDEX target_revisions_measure ON target_revisions (measure_id, id);

-- Append-only: a correction is a new row.
CREATE TABLE results (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    measure_id INTEGER NOT NULL REFERENCES measures (id),
    period TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('figure', 'missing', 'narrative')),
    value TEXT,
    numerator TEXT,
    denominator TEXT,
    cumulative INTEGER NOT NULL DEFAULT 0 CHECK (cumulative IN (0, 1)),
    missing_reason TEXT,
    commentary TEXT,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    CHECK ((kind = 'figure') = (value IS NOT NULL)),
    CHECK ((kind = 'missing') = (missing_reason IS NOT NULL))
) STRICT;

CREATE INDEX results_measure ON results (measure_id, id);

-- Append-only.
CREATE TABLE milestone_updates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    milestone_id INTEGER NOT NULL REFERENCES milestones (id),
    period TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('not-started', 'on-track', 'at-risk', 'off-track',
        'achieved', 'not-achieved', 'affected-by-external-factor')),
    factor TEXT CHECK ((status = 'affected-by-external-factor') = (factor IS NOT NULL)),
    update_text TEXT,
    recorded_at TEXT NOT NULL
) STRICT;

CREATE INDEX milestone_updates_milestone ON milestone_updates (milestone_id, id);
