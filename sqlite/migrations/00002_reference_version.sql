-- +goose Up
-- A counter that every change to reference data or vocabularies increments,
-- so that app nodes can keep labels in memory and know, with one cheap read,
-- when to reload them.
CREATE TABLE reference_version (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL
);

-- +goose Down
DROP TABLE reference_version;
