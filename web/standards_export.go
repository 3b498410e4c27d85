package web

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/lmo-observatory/lmo"
)

// partiesColumns are the columns of a parties download.
var partiesColumns = []string{"instrument", "as_of", "country", "country_name", "party", "event", "date", "in_force", "in_force_from", "denunciation_effective", "note", "source_url"}

// exportParties serves the states parties of an instrument on a day
// (as_of) as a download in format.
func (s *Server) exportParties(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if canonicalCode(w, r) {
			return nil
		}
		pl, l, err := s.partiesRequested(r)
		if err != nil {
			return err
		}
		day := pl.AsOf
		doc := s.partiesDocument(pl, l)
		permalink := s.baseURL(r) + asOfURL(instrumentURL(pl.Instrument.Code), day)
		t := &table{
			Name: "lmo-parties-" + pl.Instrument.Code + "-" + day.String(), Sheet: "Parties", Columns: partiesColumns,
			Version: standingsVersion(pl.Version, l, day),
			Rows: func(yield func([]string, error) bool) {
				for _, p := range doc.Parties {
					if !yield([]string{doc.Instrument, doc.AsOf.String(), p.Country, p.Name, string(p.Party), p.Event, p.Ratified.String(),
						string(p.InForce), p.InForceFrom.String(), p.DenunciationEffective.String(), p.Note, p.SourceURL}, nil) {
						return
					}
				}
			},
			JSON: &jsonList{Head: struct {
				Source string `json:"source"`
				apiPartiesHead
			}{translate(langOf(r), "site.name"), apiPartiesHead{doc.Instrument, doc.AsOf, doc.CompleteTo, doc.Incomplete, doc.Total, doc.InForce, doc.Unknown}},
				List: "parties", Items: itemsOf(doc.Parties)},
			About: []aboutItem{
				{"Source", translate(langOf(r), "site.name")},
				{"Instrument", pl.Instrument.Title},
				{"Page", permalink},
				{"As of", day.String()},
				{"Data complete to", completeTo(pl.Instrument)},
				{"States parties", doc.Total},
				{"Note", "Each event carries its own source (source_url); cite them and this observatory."},
			},
		}
		return s.serveTable(w, r, t, format)
	}
}

// apiPartiesHead is the members of a parties document before its list.
type apiPartiesHead struct {
	Instrument string   `json:"instrument"`
	AsOf       lmo.Date `json:"as_of"`
	CompleteTo lmo.Date `json:"complete_to,omitzero"`
	Incomplete bool     `json:"incomplete"`
	Total      int      `json:"total"`
	InForce    int      `json:"in_force"`
	Unknown    int      `json:"unknown"`
}

func completeTo(in *lmo.Instrument) string {
	if in.CompleteTo.IsZero() {
		return "not known to be complete"
	}
	return in.CompleteTo.String()
}

// itemsOf yields the items of a slice for a jsonList.
func itemsOf[T any](items []T) func(yield func(any, error) bool) {
	return func(yield func(any, error) bool) {
		for _, it := range items {
			if !yield(it, nil) {
				return
			}
		}
	}
}

// eventColumns are the columns of an events download.
var eventColumns = []string{"instrument", "country", "country_name", "event", "date", "date_precision", "note", "source_url"}

// exportEvents serves the events that /api/v1/ratifications selects as a
// download in format.
func (s *Server) exportEvents(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		f, err := s.eventFilter(r)
		if err != nil {
			return err
		}
		version, err := s.cfg.Standards.StandardsVersion(ctx)
		if err != nil {
			return err
		}
		items, l, err := s.eventsOf(ctx, f)
		if err != nil {
			return err
		}
		t := &table{
			Name: "lmo-ratifications" + eventsNameSuffix(f), Sheet: "Events", Columns: eventColumns,
			Version: fmt.Sprintf("%s\x00%d\x00%d", r.URL.RawQuery, version, l.version),
			Rows: func(yield func([]string, error) bool) {
				for _, e := range items {
					if !yield([]string{e.Instrument, e.Country, e.CountryName, e.Event, e.Date.String(), e.Date.Precision(), e.Note, e.SourceURL}, nil) {
						return
					}
				}
			},
			JSON: &jsonList{Head: struct {
				Source string `json:"source"`
				Total  int    `json:"total"`
			}{translate(langOf(r), "site.name"), len(items)}, List: "items", Items: itemsOf(items)},
			About: []aboutItem{
				{"Source", translate(langOf(r), "site.name")},
				{"Selection", s.baseURL(r) + r.URL.RequestURI()},
				{"Events", len(items)},
				{"Note", "Each event carries its own source (source_url). A date of a year or a month is as precise as the source."},
			},
		}
		return s.serveTable(w, r, t, format)
	}
}

// eventsNameSuffix names a selection of events in a file name.
func eventsNameSuffix(f lmo.EventFilter) string {
	out := ""
	for _, part := range []string{f.Instrument, f.Country, f.From.String(), f.To.String()} {
		if part != "" {
			out += "-" + part
		}
	}
	return out
}

// standardsFeed serves the newest events, of one instrument ({code}) or of
// all, as an Atom feed.
func (s *Server) standardsFeed(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	ctx := r.Context()
	f := lmo.EventFilter{}
	title := translate(lang, "instruments.feed")
	self := "/instruments/feed.atom"
	if code := r.PathValue("code"); code != "" {
		if canonicalCode(w, r) {
			return nil
		}
		in, err := s.cfg.Standards.FindInstrument(ctx, code)
		if err != nil {
			return err
		}
		f.Instrument, title, self = in.Code, in.Title+": "+translate(lang, "instrument.feed"), instrumentURL(in.Code)+"/feed.atom"
	}
	events, err := s.cfg.Standards.FindEvents(ctx, f)
	if err != nil {
		return err
	}
	l, err := s.loadLabels(ctx)
	if err != nil {
		return err
	}
	slices.Reverse(events) // newest first
	events = events[:min(len(events), feedSize)]
	base := s.baseURL(r)
	feed := atomFeed{Title: translate(lang, "site.name") + " — " + title, ID: base + self, Updated: time.Now().UTC().Format(time.RFC3339),
		Links:  []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + self}, {Rel: "alternate", Type: "text/html", Href: base + "/instruments"}},
		Author: atomAuthor{Name: translate(lang, "site.name")}}
	if len(events) > 0 {
		feed.Updated = atomTime(events[0].Date)
	}
	for _, e := range events {
		name := l.Country(e.Country)
		feed.Entries = append(feed.Entries, atomEntry{
			Title:     fmt.Sprintf("%s: %s of %s (%s)", name, translate(lang, "event."+e.Event), e.Instrument, e.Date),
			ID:        fmt.Sprintf("%s/instruments/%s#%s-%s-%s", base, e.Instrument, e.Country, e.Event, e.Date),
			Link:      atomLink{Rel: "alternate", Type: "text/html", Href: base + instrumentURL(e.Instrument)},
			Published: atomTime(e.Date), Updated: atomTime(e.Date),
			Summary:  e.Note + " Source: " + e.SourceURL,
			Category: []atomCategory{{Term: e.Instrument}, {Term: e.Country, Label: name}, {Term: e.Event}},
		})
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(feed); err != nil {
		return err
	}
	serveBytes(w, r, "application/atom+xml; charset=utf-8", buf.Bytes(), time.Time{})
	return nil
}

// atomTime is the first day a date may mean, as an Atom date-time.
func atomTime(d lmo.Date) string {
	f := d.First()
	return time.Date(f.Year, time.Month(f.Month), f.Day, 0, 0, 0, 0, time.UTC).Format(time.RFC3339)
}

// instrumentColumns are the columns of the instruments download.
var instrumentColumns = []string{"code", "kind", "title", "short_title", "adopted", "entry_into_force", "in_force_rule", "revises", "text_url", "complete_to", "parties_today", "in_force_today", "partial", "source_url"}

// exportInstruments serves the instruments index, with each one's parties
// today, as a download in format.
func (s *Server) exportInstruments(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		version, err := s.cfg.Standards.StandardsVersion(ctx)
		if err != nil {
			return err
		}
		instruments, err := s.cfg.Standards.FindInstruments(ctx)
		if err != nil {
			return err
		}
		base := s.baseURL(r)
		items := make([]apiInstrument, 0, len(instruments))
		for _, in := range instruments {
			item, err := s.apiInstrumentToday(r, in, base)
			if err != nil {
				return err
			}
			items = append(items, item)
		}
		count := func(n *int) string {
			if n == nil {
				return ""
			}
			return fmt.Sprint(*n)
		}
		day := today()
		t := &table{
			Name: "lmo-instruments-" + day.String(), Sheet: "Instruments", Columns: instrumentColumns,
			Version: fmt.Sprintf("%d\x00%s", version, day),
			Rows: func(yield func([]string, error) bool) {
				for _, it := range items {
					if !yield([]string{it.Code, it.Kind, it.Title, it.ShortTitle, it.Adopted.String(), it.EntryIntoForce.String(), it.InForceRule.Text,
						it.Revises, it.TextURL, it.CompleteTo.String(), count(it.Parties), count(it.InForce), fmt.Sprint(it.Partial), it.SourceURL}, nil) {
						return
					}
				}
			},
			JSON: &jsonList{Head: struct {
				Source string `json:"source"`
				AsOf   string `json:"as_of"`
				Total  int    `json:"total"`
			}{translate(langOf(r), "site.name"), day.String(), len(items)}, List: "items", Items: itemsOf(items)},
			About: []aboutItem{
				{"Source", translate(langOf(r), "site.name")},
				{"Page", base + "/instruments"},
				{"Parties counted on", day.String()},
				{"Note", "A count is only as complete as its list: see complete_to and partial. Empty parties: a recommendation, or no data yet."},
			},
		}
		return s.serveTable(w, r, t, format)
	}
}

// standingColumns are the columns of a country's standings download.
var standingColumns = []string{"country", "as_of", "instrument", "title", "party", "joined_by", "joined_on", "in_force", "in_force_from", "signed_on", "denunciation_effective", "complete_to", "source_url"}

// exportCountryInstruments serves a country's standing on every
// instrument on a day (as_of) as a download in format.
func (s *Server) exportCountryInstruments(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		c, err := s.cfg.Countries.FindCountryByCode(ctx, r.PathValue("code"))
		if err != nil {
			return err
		}
		day, err := parseDay(r, "as_of", today())
		if err != nil {
			return err
		}
		standings, version, err := s.countryInstruments(ctx, c.Code, day)
		if err != nil {
			return err
		}
		l, err := s.loadLabels(ctx)
		if err != nil {
			return err
		}
		t := &table{
			Name: "lmo-instruments-" + c.Code + "-" + day.String(), Sheet: "Standings", Columns: standingColumns,
			Version: standingsVersion(version, l, day),
			Rows: func(yield func([]string, error) bool) {
				for _, cs := range standings {
					row := []string{c.Code, day.String(), cs.Instrument.Code, cs.Instrument.Title, string(cs.Party), "", "", string(cs.InForce),
						cs.InForceFrom.String(), "", cs.DenunciationEffective.String(), cs.Instrument.CompleteTo.String(), ""}
					if cs.Joined != nil {
						row[5], row[6], row[12] = cs.Joined.Event, cs.Joined.Date.String(), cs.Joined.SourceURL
					}
					if cs.Signed != nil {
						row[9] = cs.Signed.Date.String()
					}
					if !yield(row, nil) {
						return
					}
				}
			},
			JSON: &jsonList{Head: struct {
				Source  string   `json:"source"`
				Country string   `json:"country"`
				AsOf    lmo.Date `json:"as_of"`
			}{translate(langOf(r), "site.name"), c.Code, day}, List: "instruments", Items: itemsOf(apiCountryStandings(standings))},
			About: []aboutItem{
				{"Source", translate(langOf(r), "site.name")},
				{"Country", l.Country(c.Code)},
				{"As of", day.String()},
				{"Note", "Each standing is derived from the country's dated, sourced events; see complete_to for how complete each instrument's list is."},
			},
		}
		return s.serveTable(w, r, t, format)
	}
}
