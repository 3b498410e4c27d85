-- +goose Up
-- The standards module: the instruments that protect migrant and domestic
-- workers, and every state's events about them. A state's standing on a day
-- is derived from its events (lmo.StandingOn), never stored.
CREATE TABLE instruments (
	code                    TEXT PRIMARY KEY, -- C189, P029, R201, ICMW
	kind                    TEXT NOT NULL,
	title                   TEXT NOT NULL,
	short_title             TEXT NOT NULL DEFAULT '',
	adopted                 TEXT NOT NULL,             -- lmo.Date: YYYY, YYYY-MM or YYYY-MM-DD
	entry_into_force        TEXT NOT NULL DEFAULT '',
	in_force_rule           TEXT NOT NULL DEFAULT '', -- in words; '' when not known
	in_force_months         INTEGER NOT NULL DEFAULT 0,
	in_force_first_of_month INTEGER NOT NULL DEFAULT 0 CHECK (in_force_first_of_month IN (0, 1)),
	revises                 TEXT NOT NULL DEFAULT '',
	text_url                TEXT NOT NULL DEFAULT '',
	complete_to             TEXT NOT NULL DEFAULT '',
	source_url              TEXT NOT NULL DEFAULT ''
);

CREATE TABLE ratification_events (
	id         INTEGER PRIMARY KEY,
	instrument TEXT NOT NULL REFERENCES instruments (code),
	country    TEXT NOT NULL REFERENCES countries (code),
	event      TEXT NOT NULL,
	date       TEXT NOT NULL, -- lmo.Date to its precision
	date_first TEXT NOT NULL, -- the first and last day it may mean, YYYY-MM-DD, for periods
	date_last  TEXT NOT NULL,
	note       TEXT NOT NULL DEFAULT '',
	source_url TEXT NOT NULL,
	UNIQUE (instrument, country, event, date)
);
CREATE INDEX ratification_events_country ON ratification_events (country, instrument);
CREATE INDEX ratification_events_date ON ratification_events (date_last, date_first);

-- Incremented by every change to instruments or events, so that nodes know
-- with one cheap read when what they derived from them is stale.
CREATE TABLE standards_version (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL
);

-- +goose Down
DROP TABLE standards_version;
DROP TABLE ratification_events;
DROP TABLE instruments;
