-- Collection rounds, sign-off and publishing (the quarterly cycle).
-- A collection round: a council's call for a period's results, with a
-- deadline for data owners and one for directors' sign-off.
CREATE TABLE collection_rounds (
    id INTEGER PRIMARY KEY,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    period TEXT NOT NULL,
    entry_deadline TEXT NOT NULL,
    sign_off_deadline TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    closed_at TEXT,
    closed_by TEXT,
    UNIQUE (council_id, period)
) STRICT;

-- Every change of a business unit's sign-off state for a period, appended:
-- the latest row is the state (submitted, signed-off, reopened with a reason).
CREATE TABLE sign_off_events (
    id INTEGER PRIMARY KEY,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    period TEXT NOT NULL,
    node TEXT NOT NULL,
    state TEXT NOT NULL,
    reason TEXT,
    at TEXT NOT NULL,
    by_user TEXT NOT NULL
) STRICT;
CREATE INDEX sign_off_events_by_council ON sign_off_events (council_id, period);

-- A published report: frozen. Its files, the evaluated data it rests on (the
-- status report as JSON) and a SHA-256 of both are kept and never changed.
CREATE TABLE publications (
    id INTEGER PRIMARY KEY,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    kind TEXT NOT NULL,
    period TEXT NOT NULL,
    committee TEXT NOT NULL,
    meeting_date TEXT NOT NULL,
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    data_json TEXT NOT NULL
) STRICT;

CREATE TABLE publication_files (
    publication_id INTEGER NOT NULL REFERENCES publications (id),
    format TEXT NOT NULL,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (publication_id, format)
) STRICT;
