-- +goose Up
-- The agreements module (issue 13): social security agreements, bilateral
-- labour agreements and memoranda of understanding. Their rows carry the
-- workflow's columns (id, slug, title, review_status, version, owner_id,
-- created_at, updated_at); parties, branches and sources are child rows,
-- so that a filter by country, partner or branch is SQL. Dates keep their
-- precision (lmo.Date) beside the first and last day they may mean.
CREATE TABLE agreements (
	id               INTEGER PRIMARY KEY,
	slug             TEXT NOT NULL UNIQUE,
	title            TEXT NOT NULL,
	type             TEXT NOT NULL,
	regional         TEXT NOT NULL DEFAULT '',
	signed           TEXT NOT NULL DEFAULT '', -- lmo.Date; '' when not known
	signed_first     TEXT NOT NULL DEFAULT '', -- its first day, YYYY-MM-DD, for ordering
	in_force         TEXT NOT NULL DEFAULT '',
	in_force_first   TEXT NOT NULL DEFAULT '',
	ended            TEXT NOT NULL DEFAULT '',
	ended_last       TEXT NOT NULL DEFAULT '', -- its last day, for "in force on"
	benefits_abroad  TEXT NOT NULL DEFAULT 'unknown',
	totalisation     TEXT NOT NULL DEFAULT 'unknown',
	domestic_workers TEXT NOT NULL DEFAULT 'unknown',
	workers          TEXT NOT NULL DEFAULT '',
	summary          TEXT NOT NULL DEFAULT '',
	facts_checked    TEXT NOT NULL DEFAULT '',
	review_status    TEXT NOT NULL,
	version          INTEGER NOT NULL,
	owner_id         INTEGER NOT NULL DEFAULT 0,
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL
);
CREATE INDEX agreements_review_status ON agreements (review_status, updated_at);
CREATE INDEX agreements_owner ON agreements (owner_id, created_at);

CREATE TABLE agreement_parties (
	agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
	country      TEXT NOT NULL REFERENCES countries (code),
	PRIMARY KEY (agreement_id, country)
);
CREATE INDEX agreement_parties_country ON agreement_parties (country, agreement_id);

CREATE TABLE agreement_branches (
	agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
	branch       TEXT NOT NULL,
	PRIMARY KEY (agreement_id, branch)
);
CREATE INDEX agreement_branches_branch ON agreement_branches (branch, agreement_id);

CREATE TABLE agreement_sources (
	agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
	position     INTEGER NOT NULL,
	title        TEXT NOT NULL,
	publisher    TEXT NOT NULL DEFAULT '',
	url          TEXT NOT NULL DEFAULT '',
	year         INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (agreement_id, position)
);

-- Incremented by every change to agreements, so that nodes know with one
-- cheap read when what they derived from them is stale.
CREATE TABLE agreements_version (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL
);

-- +goose Down
DROP TABLE agreements_version;
DROP TABLE agreement_sources;
DROP TABLE agreement_branches;
DROP TABLE agreement_parties;
DROP TABLE agreements;
