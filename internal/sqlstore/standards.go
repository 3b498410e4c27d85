package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// Standards is the service of instruments and ratification events.
type Standards struct{ db *DB }

var _ lmo.StandardService = (*Standards)(nil)

const instrumentColumns = `code, kind, title, short_title, adopted, entry_into_force, in_force_rule, in_force_months,
	in_force_first_of_month, revises, text_url, complete_to, source_url`

const eventColumns = `instrument, country, event, date, note, source_url`

// FindInstruments returns every instrument: ILO conventions and protocols,
// then recommendations, then UN treaties, each by code.
func (s *Standards) FindInstruments(ctx context.Context) (out []*lmo.Instrument, err error) {
	err = s.db.readIn(ctx, func(tx *Tx) error {
		out, err = findInstruments(ctx, tx, "")
		return err
	})
	return out, err
}

// FindInstrument returns one instrument by code, in any case, or ENOTFOUND.
func (s *Standards) FindInstrument(ctx context.Context, code string) (*lmo.Instrument, error) {
	var found []*lmo.Instrument
	err := s.db.readIn(ctx, func(tx *Tx) (err error) {
		found, err = findInstruments(ctx, tx, "WHERE code = ?", lmo.NormalizeInstrumentCode(code))
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, lmo.Errorf(lmo.ENOTFOUND, "There is no instrument with code %q.", code)
	}
	return found[0], nil
}

func findInstruments(ctx context.Context, tx *Tx, where string, args ...any) ([]*lmo.Instrument, error) {
	out := []*lmo.Instrument{}
	query := `SELECT ` + instrumentColumns + ` FROM instruments ` + where + `
		ORDER BY CASE kind WHEN 'convention' THEN 0 WHEN 'protocol' THEN 0 WHEN 'recommendation' THEN 1 ELSE 2 END, code`
	err := tx.Each(ctx, query, args, func(rows *sql.Rows) error {
		var in lmo.Instrument
		var adopted, inForce, completeTo string
		if err := rows.Scan(&in.Code, &in.Kind, &in.Title, &in.ShortTitle, &adopted, &inForce, &in.InForceRule.Text, &in.InForceRule.Months,
			&in.InForceRule.FirstOfNextMonth, &in.Revises, &in.TextURL, &completeTo, &in.SourceURL); err != nil {
			return err
		}
		if err := parseDates(map[string]*lmo.Date{adopted: &in.Adopted, inForce: &in.EntryIntoForce, completeTo: &in.CompleteTo}); err != nil {
			return fmt.Errorf("instrument %s: %w", in.Code, err)
		}
		out = append(out, &in)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find instruments: %w", err)
	}
	if err := findInstrumentTranslations(ctx, tx, out, where != ""); err != nil {
		return nil, err
	}
	return out, nil
}

// findInstrumentTranslations adds the instruments' titles in other
// languages: of those listed when only selects them, of all otherwise.
func findInstrumentTranslations(ctx context.Context, tx *Tx, instruments []*lmo.Instrument, only bool) error {
	byCode := map[string]*lmo.Instrument{}
	codes := make([]any, 0, len(instruments))
	for _, in := range instruments {
		byCode[in.Code] = in
		codes = append(codes, in.Code)
	}
	query := `SELECT code, lang, title, short_title, source_url, official FROM instrument_translations`
	if only {
		if len(codes) == 0 {
			return nil
		}
		query += ` WHERE code IN (` + placeholders(len(codes)) + `)`
	} else {
		codes = nil
	}
	err := tx.Each(ctx, query, codes, func(rows *sql.Rows) error {
		var code, lang string
		var t lmo.InstrumentTitle
		if err := rows.Scan(&code, &lang, &t.Title, &t.ShortTitle, &t.SourceURL, &t.Official); err != nil {
			return err
		}
		if in := byCode[code]; in != nil {
			if in.Translations == nil {
				in.Translations = map[string]lmo.InstrumentTitle{}
			}
			in.Translations[lang] = t
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("find instrument translations: %w", err)
	}
	return nil
}

// parseDates reads stored dates ("" is the zero Date) into their fields.
func parseDates(dates map[string]*lmo.Date) error {
	for text, d := range dates {
		if text == "" {
			continue
		}
		parsed, err := lmo.ParseDate(text)
		if err != nil {
			return err
		}
		*d = parsed
	}
	return nil
}

// FindEvents returns the events f selects, by date, country, instrument and
// kind.
func (s *Standards) FindEvents(ctx context.Context, f lmo.EventFilter) (out []lmo.RatificationEvent, err error) {
	var where []string
	var args []any
	if f.Instrument != "" {
		where, args = append(where, "instrument = ?"), append(args, lmo.NormalizeInstrumentCode(f.Instrument))
	}
	if f.Country != "" {
		where, args = append(where, "country = ?"), append(args, strings.ToUpper(f.Country))
	}
	if !f.From.IsZero() {
		where, args = append(where, "date_last >= ?"), append(args, f.From.First().String())
	}
	if !f.To.IsZero() {
		where, args = append(where, "date_first <= ?"), append(args, f.To.Last().String())
	}
	clause := ""
	if len(where) > 0 {
		clause = "WHERE " + strings.Join(where, " AND ")
	}
	err = s.db.readIn(ctx, func(tx *Tx) (err error) {
		out, err = findEvents(ctx, tx, clause, args...)
		return err
	})
	return out, err
}

func findEvents(ctx context.Context, tx *Tx, where string, args ...any) ([]lmo.RatificationEvent, error) {
	out := []lmo.RatificationEvent{}
	query := `SELECT ` + eventColumns + ` FROM ratification_events ` + where + `
		ORDER BY date_first, date_last, country, instrument, event`
	err := tx.Each(ctx, query, args, func(rows *sql.Rows) error {
		var e lmo.RatificationEvent
		var date string
		if err := rows.Scan(&e.Instrument, &e.Country, &e.Event, &date, &e.Note, &e.SourceURL); err != nil {
			return err
		}
		d, err := lmo.ParseDate(date)
		if err != nil {
			return fmt.Errorf("event %s %s %s: %w", e.Instrument, e.Country, e.Event, err)
		}
		e.Date = d
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find events: %w", err)
	}
	return out, nil
}

// StandardsVersion returns the counter of changes to standards data.
func (s *Standards) StandardsVersion(ctx context.Context) (v int64, err error) {
	err = s.db.readIn(ctx, func(tx *Tx) (err error) {
		v, err = tx.version(ctx, "standards_version")
		return err
	})
	return v, err
}

// ImportStandards validates every instrument and event, then writes them in
// one transaction, matching instruments by code and events by instrument,
// country, kind and date; see lmo.StandardService.
func (s *Standards) ImportStandards(ctx context.Context, in lmo.StandardsImport, note string) (counts lmo.StandardsImportCounts, err error) {
	if err := lmo.RequireRole(ctx, lmo.RoleEditor); err != nil {
		return counts, err
	}
	if err := validateStandards(in); err != nil {
		return counts, err
	}
	err = s.db.writeIn(ctx, func(tx *Tx) error {
		if err := s.db.dialect.Lock(ctx, tx, "instruments", "instrument_translations", "ratification_events"); err != nil {
			return err
		}
		if err := checkEventReferences(ctx, tx, in); err != nil {
			return err
		}
		if counts.Instruments, err = writeInstruments(ctx, tx, in.Instruments); err != nil {
			return err
		}
		if counts.Events, err = writeEvents(ctx, tx, in.Events); err != nil {
			return err
		}
		if counts.Instruments.Created+counts.Instruments.Updated+counts.Events.Created+counts.Events.Updated == 0 {
			return nil
		}
		if err := tx.bumpVersion(ctx, "standards_version"); err != nil {
			return err
		}
		return tx.audit(ctx, "import", "standards", "", fmt.Sprintf("%s; instruments %+v, events %+v", note, counts.Instruments, counts.Events))
	})
	if err != nil {
		return lmo.StandardsImportCounts{}, err
	}
	return counts, nil
}

// validateStandards checks every item's own fields and that no item comes
// twice, naming each failing one by its position.
func validateStandards(in lmo.StandardsImport) error {
	var problems []string
	codes := map[string]int{}
	for i, inst := range in.Instruments {
		if err := inst.Validate(); err != nil {
			problems = append(problems, fmt.Sprintf("instrument %d: %s", i+1, lmo.ErrorMessage(err)))
		} else if first, dup := codes[inst.Code]; dup {
			problems = append(problems, fmt.Sprintf("instrument %d: %s is also instrument %d", i+1, inst.Code, first))
		} else {
			codes[inst.Code] = i + 1
		}
	}
	keys := map[string]int{}
	for i := range in.Events {
		e := &in.Events[i]
		if err := e.Validate(); err != nil {
			problems = append(problems, fmt.Sprintf("event %d: %s", i+1, lmo.ErrorMessage(err)))
			continue
		}
		key := eventKey(e)
		if first, dup := keys[key]; dup {
			problems = append(problems, fmt.Sprintf("event %d: the same %s of %s by %s on %s is also event %d", i+1, e.Event, e.Instrument, e.Country, e.Date, first))
			continue
		}
		keys[key] = i + 1
	}
	if len(problems) > 0 {
		return lmo.Errorf(lmo.EINVALID, "%s", strings.Join(problems, "; "))
	}
	return nil
}

func eventKey(e *lmo.RatificationEvent) string {
	return e.Instrument + "|" + e.Country + "|" + e.Event + "|" + e.Date.String()
}

// checkEventReferences fails with EINVALID, naming the events, when an
// event's instrument is neither imported nor stored or its country is
// unknown.
func checkEventReferences(ctx context.Context, tx *Tx, in lmo.StandardsImport) error {
	known := map[string]bool{}
	for _, inst := range in.Instruments {
		known[inst.Code] = true
	}
	stored, err := findInstruments(ctx, tx, "")
	if err != nil {
		return err
	}
	for _, inst := range stored {
		known[inst.Code] = true
	}
	countries := map[string]bool{}
	err = tx.Each(ctx, `SELECT code FROM countries`, nil, func(rows *sql.Rows) error {
		var code string
		err := rows.Scan(&code)
		countries[code] = true
		return err
	})
	if err != nil {
		return fmt.Errorf("read countries: %w", err)
	}
	var problems []string
	for i, e := range in.Events {
		if !known[e.Instrument] {
			problems = append(problems, fmt.Sprintf("event %d: there is no instrument %s", i+1, e.Instrument))
		}
		if !countries[e.Country] {
			problems = append(problems, fmt.Sprintf("event %d: there is no country %s", i+1, e.Country))
		}
	}
	if len(problems) > 0 {
		return lmo.Errorf(lmo.EINVALID, "%s", strings.Join(problems, "; "))
	}
	return nil
}

func writeInstruments(ctx context.Context, tx *Tx, instruments []*lmo.Instrument) (counts lmo.ImportCounts, err error) {
	for _, in := range instruments {
		var existing []*lmo.Instrument
		if existing, err = findInstruments(ctx, tx, "WHERE code = ?", in.Code); err != nil {
			return counts, err
		}
		args := []any{in.Code, in.Kind, in.Title, in.ShortTitle, in.Adopted.String(), in.EntryIntoForce.String(), in.InForceRule.Text, in.InForceRule.Months,
			in.InForceRule.FirstOfNextMonth, in.Revises, in.TextURL, in.CompleteTo.String(), in.SourceURL}
		if len(existing) > 0 {
			in = withStoredTitles(in, existing[0])
		}
		switch {
		case len(existing) == 0:
			_, err = tx.Exec(ctx, `INSERT INTO instruments (`+instrumentColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
			counts.Created++
		case existing[0].Equal(in):
			counts.Unchanged++
			continue
		default:
			_, err = tx.Exec(ctx, `UPDATE instruments SET kind = ?, title = ?, short_title = ?, adopted = ?, entry_into_force = ?,
				in_force_rule = ?, in_force_months = ?, in_force_first_of_month = ?, revises = ?, text_url = ?, complete_to = ?, source_url = ?
				WHERE code = ?`, append(args[1:], in.Code)...)
			counts.Updated++
		}
		if err == nil {
			err = writeInstrumentTitles(ctx, tx, in)
		}
		if err != nil {
			return counts, fmt.Errorf("instrument %s: %w", in.Code, err)
		}
	}
	return counts, nil
}

// withStoredTitles returns in with the titles in other languages that
// stored has and in does not give: an import deletes nothing, so a file
// without translations keeps those stored, and one with a language
// replaces that language only.
func withStoredTitles(in, stored *lmo.Instrument) *lmo.Instrument {
	if len(stored.Translations) == 0 {
		return in
	}
	merged := *in
	merged.Translations = maps.Clone(stored.Translations)
	maps.Copy(merged.Translations, in.Translations)
	return &merged
}

// writeInstrumentTitles writes in's titles in other languages.
func writeInstrumentTitles(ctx context.Context, tx *Tx, in *lmo.Instrument) error {
	for _, lang := range slices.Sorted(maps.Keys(in.Translations)) {
		t := in.Translations[lang]
		if _, err := tx.Exec(ctx, `INSERT INTO instrument_translations (code, lang, title, short_title, source_url, official) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (code, lang) DO UPDATE SET title = excluded.title, short_title = excluded.short_title,
			source_url = excluded.source_url, official = excluded.official`,
			in.Code, lang, t.Title, t.ShortTitle, t.SourceURL, t.Official); err != nil {
			return fmt.Errorf("title in %s: %w", lang, err)
		}
	}
	return nil
}

func writeEvents(ctx context.Context, tx *Tx, events []lmo.RatificationEvent) (counts lmo.ImportCounts, err error) {
	for i := range events {
		e := &events[i]
		var note, source string
		err := tx.QueryRow(ctx, `SELECT note, source_url FROM ratification_events
			WHERE instrument = ? AND country = ? AND event = ? AND date = ?`,
			[]any{e.Instrument, e.Country, e.Event, e.Date.String()}, &note, &source)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.Exec(ctx, `INSERT INTO ratification_events (`+eventColumns+`, date_first, date_last)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.Instrument, e.Country, e.Event, e.Date.String(), e.Note, e.SourceURL,
				e.Date.First().String(), e.Date.Last().String())
			counts.Created++
		case err != nil:
		case note == e.Note && source == e.SourceURL:
			counts.Unchanged++
			continue
		default:
			_, err = tx.Exec(ctx, `UPDATE ratification_events SET note = ?, source_url = ?
				WHERE instrument = ? AND country = ? AND event = ? AND date = ?`,
				e.Note, e.SourceURL, e.Instrument, e.Country, e.Event, e.Date.String())
			counts.Updated++
		}
		if err != nil {
			return counts, fmt.Errorf("event %d (%s %s %s %s): %w", i+1, e.Instrument, e.Country, e.Event, e.Date, err)
		}
	}
	return counts, nil
}
