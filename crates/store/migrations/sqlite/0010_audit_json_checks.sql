-- The audit log's JSON checks, NULL-safe in every SQLite. json_valid(NULL)
-- is NULL in the library outturn bundles (so a CHECK passes) but false in
-- Debian's sqlite3 3.40, whose `pragma integrity_check` then reports every
-- audit line without a before or after value. SQLite cannot change a CHECK:
-- the table is rebuilt (its documented procedure), rows, ids and indexes kept.
CREATE TABLE audit_log_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    council_id INTEGER REFERENCES councils (id),
    event TEXT NOT NULL,
    subject TEXT NOT NULL,
    before_json TEXT CHECK (before_json IS NULL OR json_valid(before_json)),
    after_json TEXT CHECK (after_json IS NULL OR json_valid(after_json))
) STRICT;

INSERT INTO audit_log_rebuilt (id, at, actor, council_id, event, subject, before_json, after_json)
SELECT id, at, actor, council_id, event, subject, before_json, after_json FROM audit_log;

DROP TABLE audit_log;
ALTER TABLE audit_log_rebuilt RENAME TO audit_log;

CREATE INDEX audit_log_at ON audit_log (at, id);
CREATE INDEX audit_log_council ON audit_log (council_id, at, id);
CREATE INDEX audit_log_actor ON audit_log (actor, at, id);
