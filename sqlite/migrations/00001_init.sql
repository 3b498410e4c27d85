-- +goose Up
CREATE TABLE regions (
	code   TEXT PRIMARY KEY,
	kind   TEXT NOT NULL,
	name   TEXT NOT NULL,
	parent TEXT NOT NULL DEFAULT ''
);

CREATE TABLE countries (
	code             TEXT PRIMARY KEY,
	alpha3           TEXT NOT NULL UNIQUE,
	numeric          TEXT NOT NULL,
	name_en          TEXT NOT NULL,
	name_fr          TEXT NOT NULL DEFAULT '',
	name_es          TEXT NOT NULL DEFAULT '',
	m49_region       TEXT NOT NULL DEFAULT '',
	m49_subregion    TEXT NOT NULL DEFAULT '',
	m49_intermediate TEXT NOT NULL DEFAULT '',
	ilo_region       TEXT NOT NULL DEFAULT ''
);

CREATE TABLE vocabularies (
	id          TEXT PRIMARY KEY,
	name        TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	source      TEXT NOT NULL DEFAULT '', -- JSON of lmo.Source, or ''
	position    INTEGER NOT NULL
);

CREATE TABLE terms (
	vocabulary_id TEXT NOT NULL REFERENCES vocabularies (id),
	code          TEXT NOT NULL,
	label         TEXT NOT NULL,
	description   TEXT NOT NULL DEFAULT '',
	position      INTEGER NOT NULL,
	PRIMARY KEY (vocabulary_id, code)
);

CREATE TABLE organisations (
	id      INTEGER PRIMARY KEY,
	name    TEXT NOT NULL,
	acronym TEXT NOT NULL DEFAULT '',
	type    TEXT NOT NULL,
	country TEXT NOT NULL DEFAULT '',
	UNIQUE (name, country)
);

CREATE TABLE practices (
	id             INTEGER PRIMARY KEY,
	slug           TEXT NOT NULL UNIQUE,
	title          TEXT NOT NULL,
	summary        TEXT NOT NULL,
	description    TEXT NOT NULL DEFAULT '',
	global         INTEGER NOT NULL DEFAULT 0,
	start_year     INTEGER, -- NULL: unknown
	end_year       INTEGER, -- NULL: ongoing or unknown
	status         TEXT NOT NULL,
	results        TEXT NOT NULL DEFAULT '',
	evidence_level TEXT NOT NULL DEFAULT '',
	language       TEXT NOT NULL DEFAULT 'en',
	contact        TEXT NOT NULL DEFAULT '',
	review_status  TEXT NOT NULL,
	version        INTEGER NOT NULL,
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL
);
CREATE INDEX practices_updated_at ON practices (updated_at);
CREATE INDEX practices_created_at ON practices (created_at);
CREATE INDEX practices_title ON practices (title COLLATE NOCASE);

CREATE TABLE practice_countries (
	practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
	country     TEXT NOT NULL REFERENCES countries (code),
	role        TEXT NOT NULL,
	position    INTEGER NOT NULL,
	PRIMARY KEY (practice_id, country, role)
);
CREATE INDEX practice_countries_country ON practice_countries (country);

CREATE TABLE practice_corridors (
	practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
	origin      TEXT NOT NULL REFERENCES countries (code),
	destination TEXT NOT NULL REFERENCES countries (code),
	position    INTEGER NOT NULL,
	PRIMARY KEY (practice_id, origin, destination)
);
CREATE INDEX practice_corridors_pair ON practice_corridors (origin, destination);

-- Every controlled-vocabulary reference of a practice, checked by foreign key.
CREATE TABLE practice_terms (
	practice_id   INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
	vocabulary_id TEXT NOT NULL,
	code          TEXT NOT NULL,
	position      INTEGER NOT NULL,
	PRIMARY KEY (practice_id, vocabulary_id, code),
	FOREIGN KEY (vocabulary_id, code) REFERENCES terms (vocabulary_id, code)
);
CREATE INDEX practice_terms_term ON practice_terms (vocabulary_id, code);

CREATE TABLE practice_organisations (
	practice_id     INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
	organisation_id INTEGER NOT NULL REFERENCES organisations (id),
	role            TEXT NOT NULL,
	position        INTEGER NOT NULL,
	PRIMARY KEY (practice_id, organisation_id, role)
);

CREATE TABLE practice_sources (
	practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
	position    INTEGER NOT NULL,
	title       TEXT NOT NULL,
	publisher   TEXT NOT NULL DEFAULT '',
	url         TEXT NOT NULL DEFAULT '',
	year        INTEGER,
	PRIMARY KEY (practice_id, position)
);

CREATE TABLE practice_revisions (
	practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
	version     INTEGER NOT NULL,
	author      TEXT NOT NULL,
	note        TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	snapshot    TEXT NOT NULL, -- the practice as JSON after this change
	PRIMARY KEY (practice_id, version)
);

-- Denormalised facet values of published practices, derived on every write:
-- what search filters on and counts.
CREATE TABLE practice_facets (
	facet       TEXT NOT NULL,
	value       TEXT NOT NULL,
	practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
	PRIMARY KEY (facet, value, practice_id)
) WITHOUT ROWID;
CREATE INDEX practice_facets_practice ON practice_facets (practice_id);

-- Full text of published practices. Diacritics are folded so that "Peru"
-- finds "Perú"; country names are indexed in English, French and Spanish;
-- topics holds the labels of the practice's themes, target groups, stages
-- and instruments, so that words find what a practice is tagged with.
CREATE VIRTUAL TABLE practices_fts USING fts5 (
	title, summary, body, organisations, countries, topics,
	tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE audit_log (
	id         INTEGER PRIMARY KEY,
	created_at TEXT NOT NULL,
	actor      TEXT NOT NULL,
	action     TEXT NOT NULL,
	entity     TEXT NOT NULL,
	entity_id  TEXT NOT NULL,
	detail     TEXT NOT NULL DEFAULT ''
);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE practices_fts;
DROP TABLE practice_facets;
DROP TABLE practice_revisions;
DROP TABLE practice_sources;
DROP TABLE practice_organisations;
DROP TABLE practice_terms;
DROP TABLE practice_corridors;
DROP TABLE practice_countries;
DROP TABLE practices;
DROP TABLE organisations;
DROP TABLE terms;
DROP TABLE vocabularies;
DROP TABLE countries;
DROP TABLE regions;
