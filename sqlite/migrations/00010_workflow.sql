-- +goose Up
-- The editorial workflow (issue 12), built once for every kind of content:
-- who owns a record (0: imported or seeded), its revisions in one table for
-- every kind (practice_revisions moves there), the comments and actions of
-- its review, and the corrections suggested to published records.
ALTER TABLE practices ADD COLUMN owner_id INTEGER NOT NULL DEFAULT 0;
CREATE INDEX practices_owner ON practices (owner_id, created_at);
CREATE INDEX practices_review_status ON practices (review_status, updated_at);

CREATE TABLE revisions (
	kind       TEXT NOT NULL,
	entity_id  INTEGER NOT NULL,
	version    INTEGER NOT NULL,
	author_id  INTEGER NOT NULL DEFAULT 0,
	author     TEXT NOT NULL,
	note       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	snapshot   TEXT NOT NULL, -- the record as JSON after this change
	PRIMARY KEY (kind, entity_id, version)
);
INSERT INTO revisions (kind, entity_id, version, author_id, author, note, created_at, snapshot)
	SELECT 'practice', practice_id, version, 0, author, note, created_at, snapshot FROM practice_revisions;
DROP TABLE practice_revisions;

CREATE TABLE review_comments (
	id         INTEGER PRIMARY KEY,
	kind       TEXT NOT NULL,
	entity_id  INTEGER NOT NULL,
	version    INTEGER NOT NULL,
	author_id  INTEGER NOT NULL,
	author     TEXT NOT NULL,
	action     TEXT NOT NULL DEFAULT '',
	body       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE INDEX review_comments_entity ON review_comments (kind, entity_id, id);

CREATE TABLE suggestions (
	id           INTEGER PRIMARY KEY,
	kind         TEXT NOT NULL,
	entity_id    INTEGER NOT NULL,
	author_id    INTEGER NOT NULL,
	author       TEXT NOT NULL,
	body         TEXT NOT NULL,
	source_title TEXT NOT NULL,
	source_url   TEXT NOT NULL DEFAULT '',
	status       TEXT NOT NULL DEFAULT 'open',
	created_at   TEXT NOT NULL,
	resolver_id  INTEGER NOT NULL DEFAULT 0,
	resolver     TEXT NOT NULL DEFAULT '',
	resolved_at  TEXT,
	resolution   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX suggestions_entity ON suggestions (kind, entity_id, status);
CREATE INDEX suggestions_author ON suggestions (author_id, created_at);

-- +goose Down
DROP TABLE suggestions;
DROP TABLE review_comments;
CREATE TABLE practice_revisions (
	practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
	version     INTEGER NOT NULL,
	author      TEXT NOT NULL,
	note        TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	snapshot    TEXT NOT NULL, -- the practice as JSON after this change
	PRIMARY KEY (practice_id, version)
);
INSERT INTO practice_revisions (practice_id, version, author, note, created_at, snapshot)
	SELECT entity_id, version, author, note, created_at, snapshot FROM revisions WHERE kind = 'practice';
DROP TABLE revisions;
DROP INDEX practices_review_status;
DROP INDEX practices_owner;
ALTER TABLE practices DROP COLUMN owner_id;
