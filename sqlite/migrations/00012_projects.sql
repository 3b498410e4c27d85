-- +goose Up
-- The projects and organisations module: development cooperation projects on
-- labour migration and the organisations that fund or carry them out, with
-- the bodies they are members of. The directory's organisations are the
-- table partners (organisations holds the organisations practices name, by
-- name, with no slug). Projects join the editorial workflow (00010): id,
-- slug, title, review_status, version, owner_id, created_at, updated_at.
CREATE TABLE partners (
	id         INTEGER PRIMARY KEY,
	slug       TEXT NOT NULL UNIQUE,
	name       TEXT NOT NULL,
	acronym    TEXT NOT NULL DEFAULT '',
	type       TEXT NOT NULL,
	website    TEXT NOT NULL DEFAULT '',
	country    TEXT NOT NULL DEFAULT '',
	summary    TEXT NOT NULL DEFAULT '',
	version    INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE partner_memberships (
	partner_id       INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
	position         INTEGER NOT NULL,
	of_id            INTEGER NOT NULL REFERENCES partners (id),
	joined           TEXT NOT NULL DEFAULT '', -- lmo.Date
	left_on          TEXT NOT NULL DEFAULT '',
	source_title     TEXT NOT NULL DEFAULT '', -- '' when it has no source of its own
	source_publisher TEXT NOT NULL DEFAULT '',
	source_url       TEXT NOT NULL DEFAULT '',
	source_year      INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (partner_id, position)
);
CREATE INDEX partner_memberships_of ON partner_memberships (of_id);

CREATE TABLE partner_sources (
	partner_id INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
	position   INTEGER NOT NULL,
	title      TEXT NOT NULL,
	publisher  TEXT NOT NULL DEFAULT '',
	url        TEXT NOT NULL DEFAULT '',
	year       INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (partner_id, position)
);

CREATE TABLE projects (
	id              INTEGER PRIMARY KEY,
	slug            TEXT NOT NULL UNIQUE,
	title           TEXT NOT NULL,
	acronym         TEXT NOT NULL DEFAULT '',
	summary         TEXT NOT NULL DEFAULT '',
	global          INTEGER NOT NULL DEFAULT 0 CHECK (global IN (0, 1)),
	start_date      TEXT NOT NULL DEFAULT '', -- lmo.Date to its precision
	start_first     TEXT NOT NULL DEFAULT '', -- its first day, YYYY-MM-DD, for "active on"
	end_date        TEXT NOT NULL DEFAULT '',
	end_last        TEXT NOT NULL DEFAULT '', -- its last day
	budget_amount   INTEGER NOT NULL DEFAULT 0, -- 0: no budget given
	budget_currency TEXT NOT NULL DEFAULT '',
	budget_note     TEXT NOT NULL DEFAULT '',
	website         TEXT NOT NULL DEFAULT '',
	facts_checked   TEXT NOT NULL DEFAULT '',
	review_status   TEXT NOT NULL,
	version         INTEGER NOT NULL,
	owner_id        INTEGER NOT NULL DEFAULT 0,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
);
CREATE INDEX projects_review_status ON projects (review_status, updated_at);
CREATE INDEX projects_owner ON projects (owner_id, created_at);

CREATE TABLE project_countries (
	project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	country    TEXT NOT NULL REFERENCES countries (code),
	PRIMARY KEY (project_id, country)
);
CREATE INDEX project_countries_country ON project_countries (country);

-- Donors and implementers, in the order the project lists them.
CREATE TABLE project_partners (
	project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	role       TEXT NOT NULL CHECK (role IN ('donor', 'implementer')),
	position   INTEGER NOT NULL,
	partner_id INTEGER NOT NULL REFERENCES partners (id),
	PRIMARY KEY (project_id, role, position)
);
CREATE INDEX project_partners_partner ON project_partners (partner_id);

CREATE TABLE project_themes (
	project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	position   INTEGER NOT NULL,
	theme      TEXT NOT NULL,
	PRIMARY KEY (project_id, position)
);
CREATE INDEX project_themes_theme ON project_themes (theme);

CREATE TABLE project_practices (
	project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	position   INTEGER NOT NULL,
	practice   TEXT NOT NULL, -- a practice's slug
	PRIMARY KEY (project_id, position)
);
CREATE INDEX project_practices_practice ON project_practices (practice);

CREATE TABLE project_instruments (
	project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	position   INTEGER NOT NULL,
	instrument TEXT NOT NULL, -- an instrument's code
	PRIMARY KEY (project_id, position)
);
CREATE INDEX project_instruments_instrument ON project_instruments (instrument);

CREATE TABLE project_sources (
	project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	position   INTEGER NOT NULL,
	title      TEXT NOT NULL,
	publisher  TEXT NOT NULL DEFAULT '',
	url        TEXT NOT NULL DEFAULT '',
	year       INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (project_id, position)
);

-- Incremented by every change to projects or organisations, so that nodes
-- know with one cheap read when what they derived from them is stale.
CREATE TABLE projects_version (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL
);

-- +goose Down
DROP TABLE projects_version;
DROP TABLE project_sources;
DROP TABLE project_instruments;
DROP TABLE project_practices;
DROP TABLE project_themes;
DROP TABLE project_partners;
DROP TABLE project_countries;
DROP TABLE projects;
DROP TABLE partner_sources;
DROP TABLE partner_memberships;
DROP TABLE partners;
