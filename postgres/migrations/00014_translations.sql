-- +goose Up
-- Labels in the ILO's other working languages (issue 14): a term's label,
-- an instrument's title and a region's name in French and Spanish, each
-- official (the wording of source_url: the UN's, NORMLEX's) or LMO's own
-- translation (official false, no source). English stays in the rows of
-- terms, instruments and regions; a missing translation falls back to it.
CREATE TABLE term_translations (
	vocabulary_id text NOT NULL,
	code          text NOT NULL,
	lang          text NOT NULL,
	label         text NOT NULL,
	source_url    text NOT NULL DEFAULT '',
	official      boolean NOT NULL DEFAULT false,
	PRIMARY KEY (vocabulary_id, code, lang),
	FOREIGN KEY (vocabulary_id, code) REFERENCES terms (vocabulary_id, code) ON DELETE CASCADE
);

CREATE TABLE instrument_translations (
	code        text NOT NULL REFERENCES instruments (code) ON DELETE CASCADE,
	lang        text NOT NULL,
	title       text NOT NULL,
	short_title text NOT NULL DEFAULT '',
	source_url  text NOT NULL DEFAULT '',
	official    boolean NOT NULL DEFAULT false,
	PRIMARY KEY (code, lang)
);

CREATE TABLE region_translations (
	code       text NOT NULL REFERENCES regions (code) ON DELETE CASCADE,
	lang       text NOT NULL,
	name       text NOT NULL,
	source_url text NOT NULL DEFAULT '',
	official   boolean NOT NULL DEFAULT false,
	PRIMARY KEY (code, lang)
);

-- +goose Down
DROP TABLE region_translations;
DROP TABLE instrument_translations;
DROP TABLE term_translations;
