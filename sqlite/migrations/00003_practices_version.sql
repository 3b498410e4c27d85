-- +goose Up
-- A counter that every change to practices (or to what their facets derive
-- from) increments, so that app nodes can keep a search index in memory and
-- know, with one cheap read, when to rebuild it.
CREATE TABLE practices_version (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL
);

-- +goose Down
DROP TABLE practices_version;
