-- +goose Up
-- What the peer databases of good practices record and LMO lacked: lessons
-- learned, evaluations (cited like sources), and the day a record's facts
-- were last checked ('' when not recorded). The date is text written
-- YYYY-MM-DD on both databases, so that it sorts as a date, copies between
-- them as text and reads back exactly as it was written.
ALTER TABLE practices ADD COLUMN lessons TEXT NOT NULL DEFAULT '';
ALTER TABLE practices ADD COLUMN facts_checked TEXT NOT NULL DEFAULT ''
	CHECK (facts_checked = '' OR facts_checked GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');

CREATE TABLE practice_evaluations (
	practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
	position    INTEGER NOT NULL,
	title       TEXT NOT NULL,
	publisher   TEXT NOT NULL DEFAULT '',
	url         TEXT NOT NULL DEFAULT '',
	year        INTEGER,
	PRIMARY KEY (practice_id, position)
);

-- +goose Down
DROP TABLE practice_evaluations;
ALTER TABLE practices DROP COLUMN facts_checked;
ALTER TABLE practices DROP COLUMN lessons;
