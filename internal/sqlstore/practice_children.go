package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// childTables are the tables that list a practice's parts, keyed by
// practice_id and rewritten with it.
var childTables = []string{"practice_countries", "practice_corridors", "practice_terms", "practice_organisations", "practice_sources", "practice_evaluations", "practice_texts"}

// deleteChildren removes the rows that list a practice's parts.
func deleteChildren(ctx context.Context, tx *Tx, id int64) error {
	for _, table := range childTables {
		if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE practice_id = ?`, id); err != nil {
			return fmt.Errorf("delete %s of practice %d: %w", table, id, err)
		}
	}
	return nil
}

// rows collects the rows of a multi-row INSERT.
type rows struct {
	width int
	args  []any
}

func (r *rows) add(values ...any) { r.width = len(values); r.args = append(r.args, values...) }

// insert writes the collected rows into table in one statement; suffix
// follows the VALUES (an ON CONFLICT clause).
func (r *rows) insert(ctx context.Context, tx *Tx, table, columns, suffix string) error {
	if len(r.args) == 0 {
		return nil
	}
	row := "(" + placeholders(r.width) + ")"
	values := strings.TrimSuffix(strings.Repeat(row+", ", len(r.args)/r.width), ", ")
	if _, err := tx.Exec(ctx, `INSERT INTO `+table+` (`+columns+`) VALUES `+values+` `+suffix, r.args...); err != nil {
		return fmt.Errorf("insert %s: %w", table, err)
	}
	return nil
}

// insertChildren writes the rows that list a practice's countries, corridors,
// vocabulary terms, organisations, sources, evaluations and texts in other
// languages: one statement per table.
func insertChildren(ctx context.Context, tx *Tx, p *lmo.Practice) error {
	var countries, corridors, terms, orgs, sources, evaluations, texts rows
	for i, c := range p.Countries {
		countries.add(p.ID, c.Code, c.Role, i)
	}
	for i, c := range p.Corridors {
		corridors.add(p.ID, c.Origin, c.Destination, i)
	}
	for vocab, codes := range p.TermFields() {
		for i, code := range *codes {
			terms.add(p.ID, vocab, code, i)
		}
	}
	for i, o := range p.Organisations {
		id, err := upsertOrganisation(ctx, tx, o)
		if err != nil {
			return err
		}
		orgs.add(p.ID, id, o.Role, i)
	}
	for i, s := range p.Sources {
		sources.add(p.ID, i, s.Title, s.Publisher, s.URL, nullInt(s.Year))
	}
	for i, e := range p.Evaluations {
		evaluations.add(p.ID, i, e.Title, e.Publisher, e.URL, nullInt(e.Year))
	}
	for _, lang := range p.TranslationLanguages() {
		t := p.Translations[lang]
		texts.add(p.ID, lang, t.Title, t.Summary, t.SourceURL)
	}
	for _, w := range []struct {
		rows             *rows
		table, columns   string
		ignoreDuplicates bool
	}{
		{&countries, "practice_countries", "practice_id, country, role, position", false},
		{&corridors, "practice_corridors", "practice_id, origin, destination, position", true},
		{&terms, "practice_terms", "practice_id, vocabulary_id, code, position", true},
		{&orgs, "practice_organisations", "practice_id, organisation_id, role, position", true},
		{&sources, "practice_sources", "practice_id, position, title, publisher, url, year", false},
		{&evaluations, "practice_evaluations", "practice_id, position, title, publisher, url, year", false},
		{&texts, "practice_texts", "practice_id, lang, title, summary, source_url", false},
	} {
		suffix := ""
		if w.ignoreDuplicates {
			suffix = "ON CONFLICT DO NOTHING"
		}
		if err := w.rows.insert(ctx, tx, w.table, w.columns, suffix); err != nil {
			return fmt.Errorf("practice %d: %w", p.ID, err)
		}
	}
	return nil
}

// upsertOrganisation writes an organisation, one per name and country, and
// returns its id.
func upsertOrganisation(ctx context.Context, tx *Tx, o lmo.PracticeOrganisation) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO organisations (name, acronym, type, country) VALUES (?, ?, ?, ?)
		ON CONFLICT (name, country) DO UPDATE SET acronym = excluded.acronym, type = excluded.type RETURNING id`,
		[]any{strings.TrimSpace(o.Name), o.Acronym, o.Type, o.Country}, &id)
	if err != nil {
		return 0, fmt.Errorf("organisation %q: %w", o.Name, err)
	}
	return id, nil
}
