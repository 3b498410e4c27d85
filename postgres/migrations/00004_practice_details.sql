-- +goose Up
-- What the peer databases of good practices record and LMO lacked: lessons
-- learned, evaluations (cited like sources), and the day a record's facts
-- were last checked ('' when not recorded). The date is text written
-- YYYY-MM-DD on both databases, so that it sorts as a date, copies between
-- them as text and reads back exactly as it was written.
ALTER TABLE practices ADD COLUMN lessons text NOT NULL DEFAULT '';
ALTER TABLE practices ADD COLUMN facts_checked text NOT NULL DEFAULT ''
	CHECK (facts_checked ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2})?$');

CREATE TABLE practice_evaluations (
	practice_id bigint NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
	position    integer NOT NULL,
	title       text NOT NULL,
	publisher   text NOT NULL DEFAULT '',
	url         text NOT NULL DEFAULT '',
	year        integer,
	PRIMARY KEY (practice_id, position)
);

-- +goose Down
DROP TABLE practice_evaluations;
ALTER TABLE practices DROP COLUMN facts_checked;
ALTER TABLE practices DROP COLUMN lessons;
