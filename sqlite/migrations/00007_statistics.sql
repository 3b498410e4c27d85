-- +goose Up
-- The statistics module: datasets and their editions, indicators, the
-- publishers' aggregates, and observations. Observations run to millions
-- of rows, so they are narrow: they name their indicator and edition by a
-- small integer (stat_series), their change time is an integer
-- (microseconds since 1970), and the table is clustered on its key.
CREATE TABLE datasets (
	code        TEXT NOT NULL,
	edition     TEXT NOT NULL, -- editions of a dataset sort as text, oldest first
	publisher   TEXT NOT NULL,
	title       TEXT NOT NULL,
	url         TEXT NOT NULL DEFAULT '',
	licence     TEXT NOT NULL,
	licence_url TEXT NOT NULL DEFAULT '',
	citation    TEXT NOT NULL DEFAULT '',
	retrieved   TEXT NOT NULL DEFAULT '', -- lmo.Date, '' when not known
	imported    TEXT NOT NULL,            -- when the edition was last written
	PRIMARY KEY (code, edition)
);

CREATE TABLE indicators (
	code            TEXT PRIMARY KEY,
	dataset         TEXT NOT NULL,
	title           TEXT NOT NULL,
	unit            TEXT NOT NULL,
	definition      TEXT NOT NULL DEFAULT '',
	current_edition TEXT NOT NULL DEFAULT '' -- the newest edition imported with it
);

-- One row per edition an indicator has: observations name it by id.
CREATE TABLE stat_series (
	id        INTEGER PRIMARY KEY,
	indicator TEXT NOT NULL REFERENCES indicators (code),
	edition   TEXT NOT NULL,
	UNIQUE (indicator, edition)
);

CREATE TABLE aggregates (
	code TEXT PRIMARY KEY, -- PUBLISHER:CODE
	name TEXT NOT NULL
);

-- Clustered on the key (lmo.Observation.Key, the period as its first and
-- last month): one area's time series of an indicator is one range of it,
-- and so is every page of a keyset cursor. observations_period serves a
-- period's values across all areas (a world map); it holds every column
-- (the key's come with it), so that a map reads a few of its pages rather
-- than one lookup in the table per area. No foreign key to
-- stat_series: the import checks it, and a key check per row would cost a
-- lookup per row of a bulk load.
CREATE TABLE observations (
	series       INTEGER NOT NULL,
	area         TEXT NOT NULL,
	origin       TEXT NOT NULL DEFAULT '',
	sex          TEXT NOT NULL,
	age          TEXT NOT NULL DEFAULT '',
	migrant      TEXT NOT NULL DEFAULT '',
	activity     TEXT NOT NULL DEFAULT '',
	occupation   TEXT NOT NULL DEFAULT '',
	other        TEXT NOT NULL DEFAULT '',
	source       TEXT NOT NULL DEFAULT '',
	period_start INTEGER NOT NULL, -- lmo.Period.Start: year*12 + month - 1
	period_end   INTEGER NOT NULL, -- lmo.Period.End
	period       TEXT NOT NULL,    -- lmo.Period.String
	value        REAL,             -- NULL when the status is unavailable
	status       TEXT NOT NULL,
	note         TEXT NOT NULL DEFAULT '',
	changed      INTEGER NOT NULL, -- microseconds since 1970, UTC
	PRIMARY KEY (series, area, origin, sex, age, migrant, activity, occupation, other, source, period_start, period_end)
) WITHOUT ROWID;
CREATE INDEX observations_period ON observations (series, period_start, period_end, value, status, note, changed);

-- Incremented by every change to the statistics, so that nodes know with
-- one cheap read when what they cached is stale.
CREATE TABLE statistics_version (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL
);

-- +goose Down
DROP TABLE statistics_version;
DROP TABLE observations;
DROP TABLE aggregates;
DROP TABLE stat_series;
DROP TABLE indicators;
DROP TABLE datasets;
