package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
)

// apiInstrument is an instrument in the API, with its states parties
// today (none for a recommendation).
type apiInstrument struct {
	*lmo.Instrument
	URL string `json:"url"`
	// Parties and InForce count the states parties today (null for a
	// recommendation, and for an instrument LMO holds no events of yet);
	// Partial says the list is not known to be complete to today (see
	// complete_to).
	Parties *int `json:"parties"`
	InForce *int `json:"in_force"`
	Partial bool `json:"partial"`
}

// apiParty is one state party (or a state an imprecise date leaves
// uncertain) on the day asked about.
type apiParty struct {
	Country               string    `json:"country"`
	Name                  string    `json:"name"`
	Party                 lmo.Truth `json:"party"`
	Event                 string    `json:"event"`    // ratification, accession, succession...
	Ratified              lmo.Date  `json:"ratified"` // the day (or month, or year) of that event
	InForce               lmo.Truth `json:"in_force"`
	InForceFrom           lmo.Date  `json:"in_force_from,omitzero"`
	DenunciationEffective lmo.Date  `json:"denunciation_effective,omitzero"`
	Note                  string    `json:"note,omitempty"`
	SourceURL             string    `json:"source_url"`
}

// apiParties is the answer to /instruments/{code}/parties.
type apiParties struct {
	Instrument string     `json:"instrument"`
	AsOf       lmo.Date   `json:"as_of"`
	CompleteTo lmo.Date   `json:"complete_to,omitzero"`
	Incomplete bool       `json:"incomplete"` // as_of is after complete_to: later events may be missing
	Total      int        `json:"total"`      // states that had ratified (or acceded) and not denounced
	InForce    int        `json:"in_force"`
	Unknown    int        `json:"unknown"` // states an event dated only by year or month leaves uncertain
	Parties    []apiParty `json:"parties"`
}

// apiEvent is a ratification event in the API, with its country's name.
type apiEvent struct {
	lmo.RatificationEvent
	CountryName string `json:"country_name"`
}

func (s *Server) apiParty(st lmo.Standing, l *labels) apiParty {
	return apiParty{Country: st.Country, Name: l.Country(st.Country), Party: st.Party, Event: st.Joined.Event,
		Ratified: st.Joined.Date, InForce: st.InForce, InForceFrom: st.InForceFrom,
		DenunciationEffective: st.DenunciationEffective, Note: st.Joined.Note, SourceURL: st.Joined.SourceURL}
}

func (s *Server) apiInstruments(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
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
	return writeJSON(w, r, map[string]any{"total": len(items), "items": items}, time.Time{})
}

// apiInstrumentToday is in with its count of parties today.
func (s *Server) apiInstrumentToday(r *http.Request, in *lmo.Instrument, base string) (apiInstrument, error) {
	lang, all := apiLangFrom(r.Context())
	item := apiInstrument{Instrument: instrumentIn(in, lang, all), URL: base + "/api/v1/instruments/" + in.Code}
	if !in.Ratifiable() {
		return item, nil
	}
	pl, err := s.partiesOn(r.Context(), in.Code, today())
	if err != nil {
		return item, err
	}
	item.Partial = pl.incomplete()
	if len(pl.Events) > 0 { // no events yet is no data, not zero parties
		item.Parties, item.InForce = &pl.Total, &pl.InForce
	}
	return item, nil
}

func (s *Server) apiInstrumentByCode(w http.ResponseWriter, r *http.Request) error {
	if canonicalCode(w, r) {
		return nil
	}
	in, err := s.cfg.Standards.FindInstrument(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	item, err := s.apiInstrumentToday(r, in, s.baseURL(r))
	if err != nil {
		return err
	}
	return writeJSON(w, r, item, time.Time{})
}

func (s *Server) apiParties(w http.ResponseWriter, r *http.Request) error {
	if canonicalCode(w, r) {
		return nil
	}
	pl, l, err := s.partiesRequested(r)
	if err != nil {
		return err
	}
	return writeJSON(w, r, s.partiesDocument(pl, l), time.Time{})
}

// partiesRequested derives the parties that a request for
// /instruments/{code}/parties asks for (on as_of, today without it), with
// the labels to name them: ENOTFOUND for a recommendation, which has none.
func (s *Server) partiesRequested(r *http.Request) (*partyList, *labels, error) {
	ctx := r.Context()
	day, err := parseDay(r, "as_of", today())
	if err != nil {
		return nil, nil, err
	}
	pl, err := s.partiesOn(ctx, r.PathValue("code"), day)
	if err != nil {
		return nil, nil, err
	}
	if !pl.Instrument.Ratifiable() {
		return nil, nil, lmo.Errorf(lmo.ENOTFOUND, "%s is a recommendation: states do not ratify it, so it has no parties.", pl.Instrument.Code)
	}
	l, err := s.loadLabels(ctx)
	if err != nil {
		return nil, nil, err
	}
	return pl, l, nil
}

func (s *Server) partiesDocument(pl *partyList, l *labels) apiParties {
	doc := apiParties{Instrument: pl.Instrument.Code, AsOf: pl.AsOf, CompleteTo: pl.Instrument.CompleteTo,
		Incomplete: pl.incomplete(), Total: pl.Total, InForce: pl.InForce, Unknown: pl.Unknown, Parties: []apiParty{}}
	for _, st := range pl.Standings {
		doc.Parties = append(doc.Parties, s.apiParty(st, l))
	}
	return doc
}

func (s *Server) apiTimeline(w http.ResponseWriter, r *http.Request) error {
	if canonicalCode(w, r) {
		return nil
	}
	pl, err := s.partiesOn(r.Context(), r.PathValue("code"), today())
	if err != nil {
		return err
	}
	points := timeline(pl.Instrument, pl.Events)
	if points == nil {
		points = []timelinePoint{}
	}
	return writeJSON(w, r, map[string]any{"instrument": pl.Instrument.Code, "complete_to": pl.Instrument.CompleteTo, "points": points}, time.Time{})
}

// eventFilter reads the filter of /ratifications: from, to (days),
// instrument and country, each checked against what exists.
func (s *Server) eventFilter(r *http.Request) (lmo.EventFilter, error) {
	ctx := r.Context()
	var f lmo.EventFilter
	var err error
	if f.From, err = parseDay(r, "from", lmo.Date{}); err != nil {
		return f, err
	}
	if f.To, err = parseDay(r, "to", lmo.Date{}); err != nil {
		return f, err
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Compare(f.From) < 0 {
		return f, lmo.Errorf(lmo.EINVALID, "to (%s) is before from (%s).", f.To, f.From)
	}
	q := r.URL.Query()
	if code := q.Get("instrument"); code != "" {
		in, err := s.cfg.Standards.FindInstrument(ctx, code)
		if lmo.ErrorCode(err) == lmo.ENOTFOUND {
			return f, lmo.Errorf(lmo.EINVALID, "instrument: there is no instrument %q.", code)
		} else if err != nil {
			return f, err
		}
		f.Instrument = in.Code
	}
	if code := q.Get("country"); code != "" {
		c, err := s.cfg.Countries.FindCountryByCode(ctx, code)
		if lmo.ErrorCode(err) == lmo.ENOTFOUND {
			return f, lmo.Errorf(lmo.EINVALID, "country: there is no country with the ISO code %q.", code)
		} else if err != nil {
			return f, err
		}
		f.Country = c.Code
	}
	return f, nil
}

func (s *Server) apiRatifications(w http.ResponseWriter, r *http.Request) error {
	f, err := s.eventFilter(r)
	if err != nil {
		return err
	}
	items, _, err := s.eventsOf(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, r, map[string]any{"total": len(items), "items": items}, time.Time{})
}

// eventsOf returns the events f selects, each with its country's name, and
// the labels that named them.
func (s *Server) eventsOf(ctx context.Context, f lmo.EventFilter) ([]apiEvent, *labels, error) {
	events, err := s.cfg.Standards.FindEvents(ctx, f)
	if err != nil {
		return nil, nil, err
	}
	l, err := s.loadLabels(ctx)
	if err != nil {
		return nil, nil, err
	}
	items := make([]apiEvent, 0, len(events))
	for _, e := range events {
		items = append(items, apiEvent{RatificationEvent: e, CountryName: l.Country(e.Country)})
	}
	return items, l, nil
}

// apiCountryStanding is one instrument's standing for a country.
type apiCountryStanding struct {
	Instrument  string                  `json:"instrument"`
	Title       string                  `json:"title"`
	Party       lmo.Truth               `json:"party"`
	Joined      *lmo.RatificationEvent  `json:"joined,omitempty"`
	Signed      *lmo.RatificationEvent  `json:"signed,omitempty"`
	InForce     lmo.Truth               `json:"in_force"`
	InForceFrom lmo.Date                `json:"in_force_from,omitzero"`
	Denounced   *lmo.RatificationEvent  `json:"denounced,omitempty"`
	Other       []lmo.RatificationEvent `json:"other,omitempty"`
	CompleteTo  lmo.Date                `json:"complete_to,omitzero"`
}

func (s *Server) apiCountryInstruments(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	code := r.PathValue("code")
	if code != strings.ToUpper(code) {
		// Built from the decoded code, escaped: a code that the request
		// escaped would otherwise not be found and redirect to itself.
		u := "/api/v1/countries/" + url.PathEscape(strings.ToUpper(code)) + "/instruments"
		if r.URL.RawQuery != "" {
			u += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, u, http.StatusMovedPermanently)
		return nil
	}
	c, err := s.cfg.Countries.FindCountryByCode(ctx, code)
	if err != nil {
		return err
	}
	day, err := parseDay(r, "as_of", today())
	if err != nil {
		return err
	}
	standings, _, err := s.countryInstruments(ctx, c.Code, day)
	if err != nil {
		return err
	}
	return writeJSON(w, r, map[string]any{"country": c.Code, "as_of": day, "instruments": apiCountryStandings(standings)}, time.Time{})
}

// apiCountryStandings is a country's standings as the API gives them.
func apiCountryStandings(standings []countryStanding) []apiCountryStanding {
	items := make([]apiCountryStanding, 0, len(standings))
	for _, cs := range standings {
		items = append(items, apiCountryStanding{Instrument: cs.Instrument.Code, Title: cs.Instrument.Title, Party: cs.Party,
			Joined: cs.Joined, Signed: cs.Signed, InForce: cs.InForce, InForceFrom: cs.InForceFrom, Denounced: cs.Denounced,
			Other: cs.Other, CompleteTo: cs.Instrument.CompleteTo})
	}
	return items
}
