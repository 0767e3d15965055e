-- outturn: email reminders for collection rounds, SQLite. The PostgreSQL
-- migration of the same number has the same tables, columns and constraints.

-- The address reminders go to, one per user (users without one get none).
CREATE TABLE user_email_addresses (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    address TEXT NOT NULL CHECK (address <> ''),
    set_at TEXT NOT NULL
) STRICT;

-- One row per reminder: the round (council and period), the person
-- (username) and the kind. The unique key is the claim: a server inserts the
-- row (state 'sending') in a transaction before it sends, so a reminder is
-- sent once however many servers share the database and however often they
-- restart. A failed send stays 'failed' with its error and is claimed again
-- (attempts + 1) once `claimed_at` is older than the retry interval.
-- Instants are UTC text with nine fractional digits, so text order is time order.
CREATE TABLE reminders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    period TEXT NOT NULL,
    recipient TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('owner-before-deadline', 'owner-overdue', 'sign-off-digest')),
    address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL CHECK (attempts >= 1),
    claimed_at TEXT NOT NULL,
    sent_at TEXT,
    last_error TEXT,
    UNIQUE (council_id, period, recipient, kind)
) STRICT;

CREATE INDEX reminders_claimed ON reminders (claimed_at, id);
