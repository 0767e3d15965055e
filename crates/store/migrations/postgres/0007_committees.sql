-- outturn: committee meetings (reports considered, resolutions, actions and
-- their update notes) and improvement plans, PostgreSQL. The SQLite migration
-- of the same number has the same tables, columns and constraints.
-- Dates are ISO text (2021-09-15); instants as in 0002. An action's
-- "overdue" is derived from its due date, never stored.

CREATE TABLE meetings (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    council_id BIGINT NOT NULL REFERENCES councils (id),
    committee TEXT NOT NULL CHECK (committee <> ''),
    held_on TEXT NOT NULL,
    UNIQUE (council_id, committee, held_on)
);

-- By kind and period now; by the published report's id once reports are published.
CREATE TABLE meeting_reports (
    meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('quarterly', 'exception')),
    period TEXT NOT NULL,
    published_id BIGINT,
    PRIMARY KEY (meeting_id, position)
);

CREATE TABLE resolutions (
    meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    number BIGINT NOT NULL CHECK (number > 0),
    text TEXT NOT NULL CHECK (text <> ''),
    PRIMARY KEY (meeting_id, number)
);

-- Asked of an account or of a named officer role: exactly one of the two.
CREATE TABLE committee_actions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    number BIGINT NOT NULL CHECK (number > 0),
    asked TEXT NOT NULL CHECK (asked <> ''),
    asked_of_user_id BIGINT REFERENCES users (id),
    asked_of_role TEXT,
    due_on TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('not-started', 'in-progress', 'done')),
    CHECK ((asked_of_user_id IS NULL) <> (asked_of_role IS NULL)),
    UNIQUE (meeting_id, number)
);

CREATE INDEX committee_actions_user ON committee_actions (asked_of_user_id);

-- Append-only dated notes; `state` is the state the note set, if it set one.
CREATE TABLE action_updates (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id BIGINT NOT NULL REFERENCES committee_actions (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    author TEXT NOT NULL,
    note TEXT NOT NULL CHECK (note <> ''),
    state TEXT CHECK (state IN ('not-started', 'in-progress', 'done'))
);

CREATE INDEX action_updates_action ON action_updates (action_id, id);

-- One plan per measure of a council; replaced whole when revised.
CREATE TABLE improvement_plans (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    council_id BIGINT NOT NULL REFERENCES councils (id),
    measure_code TEXT NOT NULL,
    title TEXT NOT NULL CHECK (title <> ''),
    owner TEXT NOT NULL CHECK (owner <> ''),
    monitored_by TEXT NOT NULL CHECK (monitored_by <> ''),
    opened TEXT NOT NULL,
    review_on TEXT NOT NULL,
    UNIQUE (council_id, measure_code)
);

-- The plan's actions (due_on NULL) and milestones (due_on set), in order.
CREATE TABLE improvement_plan_items (
    plan_id BIGINT NOT NULL REFERENCES improvement_plans (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    what TEXT NOT NULL CHECK (what <> ''),
    due_on TEXT,
    PRIMARY KEY (plan_id, position)
);

-- How many consecutive Green periods take a plan off the focus list (default 2 when absent).
CREATE TABLE improvement_settings (
    council_id BIGINT PRIMARY KEY REFERENCES councils (id),
    green_periods BIGINT NOT NULL CHECK (green_periods > 0)
);
