-- outturn: bearer tokens for the REST API (/api/v1), SQLite. The PostgreSQL
-- migration of the same number has the same table, columns and constraints.
--
-- A token acts as its user, capped by its scope (read or write). Only the
-- SHA-256 hash of the token is stored: the secret is shown once, when made.
-- Tokens are never deleted: a revoked one keeps its row (and its audit trail).
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
    created_at TEXT NOT NULL,
    -- Written at most every few minutes, not on every request.
    last_used_at TEXT,
    revoked_at TEXT
) STRICT;

CREATE INDEX api_tokens_user ON api_tokens (user_id);
