-- +goose Up
-- Labels in the ILO's other working languages (issue 14): a term's label,
-- an instrument's title and a region's name in French and Spanish, each
-- official (the wording of source_url: the UN's, NORMLEX's) or LMO's own
-- translation (official = 0, no source). English stays in the rows of
-- terms, instruments and regions; a missing translation falls back to it.
CREATE TABLE term_translations (
	vocabulary_id TEXT NOT NULL,
	code          TEXT NOT NULL,
	lang          TEXT NOT NULL,
	label         TEXT NOT NULL,
	source_url    TEXT NOT NULL DEFAULT '',
	official      INTEGER NOT NULL DEFAULT 0 CHECK (official IN (0, 1)),
	PRIMARY KEY (vocabulary_id, code, lang),
	FOREIGN KEY (vocabulary_id, code) REFERENCES terms (vocabulary_id, code) ON DELETE CASCADE
);

CREATE TABLE instrument_translations (
	code        TEXT NOT NULL REFERENCES instruments (code) ON DELETE CASCADE,
	lang        TEXT NOT NULL,
	title       TEXT NOT NULL,
	short_title TEXT NOT NULL DEFAULT '',
	source_url  TEXT NOT NULL DEFAULT '',
	official    INTEGER NOT NULL DEFAULT 0 CHECK (official IN (0, 1)),
	PRIMARY KEY (code, lang)
);

CREATE TABLE region_translations (
	code       TEXT NOT NULL REFERENCES regions (code) ON DELETE CASCADE,
	lang       TEXT NOT NULL,
	name       TEXT NOT NULL,
	source_url TEXT NOT NULL DEFAULT '',
	official   INTEGER NOT NULL DEFAULT 0 CHECK (official IN (0, 1)),
	PRIMARY KEY (code, lang)
);

-- +goose Down
DROP TABLE region_translations;
DROP TABLE instrument_translations;
DROP TABLE term_translations;
