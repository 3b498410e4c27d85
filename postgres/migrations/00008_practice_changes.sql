-- +goose Up
-- The change log of practices: which practice ids each practices_version
-- changed, written in the transaction that moves the version, so that an app
-- node at version v reads the ids changed after v and updates its in-memory
-- search indexes instead of rebuilding them. Only recent versions are kept; a
-- version without rows (older than the log, or a write that changed what
-- every practice derives from) makes a node rebuild.
CREATE TABLE practice_changes (
	version     bigint NOT NULL,
	practice_id bigint NOT NULL,
	PRIMARY KEY (version, practice_id)
);

-- +goose Down
DROP TABLE practice_changes;
