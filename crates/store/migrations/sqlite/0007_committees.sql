-- outturn: committee meetings (reports considered, resolutions, actions and
-- their update notes) and improvement plans, SQLite. The PostgreSQL migration
-- of the same number has the same tables, columns and constraints.
-- Dates are ISO text (2021-09-15); instants as in 0002. An action's
-- "overdue" is derived from its due date, never stored.

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    committee TEXT NOT NULL CHECK (committee <> ''),
    held_on TEXT NOT NULL,
    UNIQUE (council_id, committee, held_on)
) STRICT;

-- By kind and period now; by the published report's id once reports are published.
CREATE TABLE meeting_reports (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('quarterly', 'exception')),
    period TEXT NOT NULL,
    published_id INTEGER,
    PRIMARY KEY (meeting_id, position)
) STRICT;

CREATE TABLE resolutions (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    number INTEGER NOT NULL CHECK (number > 0),
    text TEXT NOT NULL CHECK (text <> ''),
    PRIMARY KEY (meeting_id, number)
) STRICT;

-- Asked of an account or of a named officer role: exactly one of the two.
CREATE TABLE committee_actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    number INTEGER NOT NULL CHECK (number > 0),
    asked TEXT NOT NULL CHECK (asked <> ''),
    asked_of_user_id INTEGER REFERENCES users (id),
    asked_of_role TEXT,
    due_on TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('not-started', 'in-progress', 'done')),
    CHECK ((asked_of_user_id IS NULL) <> (asked_of_role IS NULL)),
    UNIQUE (meeting_id, number)
) STRICT;

CREATE INDEX committee_actions_user ON committee_actions (asked_of_user_id);

-- Append-only dated notes; `state` is the state the note set, if it set one.
CREATE TABLE action_updates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    action_id INTEGER NOT NULL REFERENCES committee_actions (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    author TEXT NOT NULL,
    note TEXT NOT NULL CHECK (note <> ''),
    state TEXT CHECK (state IN ('not-started', 'in-progress', 'done'))
) STRICT;

CREATE INDEX action_updates_action ON action_updates (action_id, id);

-- One plan per measure of a council; replaced whole when revised.
CREATE TABLE improvement_plans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    measure_code TEXT NOT NULL,
    title TEXT NOT NULL CHECK (title <> ''),
    owner TEXT NOT NULL CHECK (owner <> ''),
    monitored_by TEXT NOT NULL CHECK (monitored_by <> ''),
    opened TEXT NOT NULL,
    review_on TEXT NOT NULL,
    UNIQUE (council_id, measure_code)
) STRICT;

-- The plan's actions (due_on NULL) and milestones (due_on set), in order.
CREATE TABLE improvement_plan_items (
    plan_id INTEGER NOT NULL REFERENCES improvement_plans (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    what TEXT NOT NULL CHECK (what <> ''),
    due_on TEXT,
    PRIMARY KEY (plan_id, position)
) STRICT;

-- How many consecutive Green periods take a plan off the focus list (default 2 when absent).
CREATE TABLE improvement_settings (
    council_id INTEGER PRIMARY KEY REFERENCES councils (id),
    green_periods INTEGER NOT NULL CHECK (green_periods > 0)
) STRICT;
