-- +goose Up
-- A practice's title and summary in other languages than its original one
-- (practices.language): one row per practice and BCP 47 tag. The summary
-- may be empty (only the title translated); source_url is where the text
-- was taken from, when it was not written for LMO.
CREATE TABLE practice_texts (
	practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
	lang        TEXT NOT NULL,
	title       TEXT NOT NULL,
	summary     TEXT NOT NULL DEFAULT '',
	source_url  TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (practice_id, lang)
);

-- +goose Down
DROP TABLE practice_texts;
