-- outturn: accounts, sessions, failed sign-ins and the audit log, PostgreSQL.
-- The SQLite migration of the same number has the same tables, columns and
-- constraints.
--
-- Instants in these tables (and every instant written from this version on)
-- are written in UTC with nine fractional digits, 2020-11-05T10:30:00.000000000Z,
-- so comparing the text compares the instants: `since`, `until` and
-- `expires_at` are compared as text, with the "C" collation (byte order)
-- whatever the database's default collation. They are TEXT, not TIMESTAMPTZ,
-- which keeps microseconds only. Older rows of the first schema may have fewer
-- digits; they are read back the same, and never compared as text.

-- Usernames are stored lower case (the store lower-cases what it is given),
-- so looking one up ignores case. Users are never deleted: they are disabled.
CREATE TABLE users (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username TEXT NOT NULL UNIQUE CHECK (username <> '' AND username = lower(username)),
    display_name TEXT NOT NULL,
    role TEXT NOT NULL
        CHECK (role IN ('administrator', 'performance-officer', 'director', 'data-owner', 'viewer')),
    -- None for an administrator of every council.
    council_id BIGINT REFERENCES councils (id),
    -- A PHC string ($argon2id$...), never the password.
    password_hash TEXT NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT COLLATE "C" NOT NULL
);

-- The nodes a director or data owner answers for, in the order given; each a
-- node of the user's council.
CREATE TABLE user_nodes (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    node_id BIGINT NOT NULL REFERENCES nodes (id),
    PRIMARY KEY (user_id, position),
    UNIQUE (user_id, node_id)
);

CREATE INDEX user_nodes_node ON user_nodes (node_id);

-- Signed-in sessions, by the SHA-256 hash of the browser's token.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    expires_at TEXT COLLATE "C" NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- One row per failed sign-in, for any username typed (known or not), lower case.
CREATE TABLE login_failures (
    username TEXT NOT NULL,
    at TEXT COLLATE "C" NOT NULL
);

CREATE INDEX login_failures_username ON login_failures (username, at);

-- Append-only: who changed what, when, from what to what. before_json and
-- after_json hold JSON text, checked on the way in (cast with ::jsonb to
-- query them). The id is the order in which lines were written, which breaks
-- ties between equal instants.
CREATE TABLE audit_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TEXT COLLATE "C" NOT NULL,
    actor TEXT NOT NULL,
    council_id BIGINT REFERENCES councils (id),
    event TEXT NOT NULL,
    subject TEXT NOT NULL,
    before_json TEXT CHECK (before_json IS NULL OR before_json::jsonb IS NOT NULL),
    after_json TEXT CHECK (after_json IS NULL OR after_json::jsonb IS NOT NULL)
);

CREATE INDEX audit_log_at ON audit_log (at, id);
CREATE INDEX audit_log_council ON audit_log (council_id, at, id);
CREATE INDEX audit_log_actor ON audit_log (actor, at, id);
