package web

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
)

// The standards module over HTTP: instruments, the states parties on any
// day, the history of events and each country's standing. Everything is
// derived per request from the events (lmo.StandingOn); nothing is stored
// twice.

// today is the day a request without as_of asks about, in UTC.
func today() lmo.Date { return lmo.DayOf(time.Now().UTC()) }

// parseDay reads a query parameter that must be a whole day (YYYY-MM-DD),
// returning def when it is absent.
func parseDay(r *http.Request, name string, def lmo.Date) (lmo.Date, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	d, err := lmo.ParseDate(v)
	if err != nil || d.Precision() != lmo.PrecisionDay {
		return lmo.Date{}, lmo.Errorf(lmo.EINVALID, "%s must be a day written YYYY-MM-DD, such as 2013-09-05, not %q.", name, v)
	}
	return d, nil
}

// partyList is the states parties to an instrument on a day.
type partyList struct {
	Instrument *lmo.Instrument
	AsOf       lmo.Date
	Events     []lmo.RatificationEvent // every event of the instrument, by date
	Standings  []lmo.Standing          // the states that are parties or may be (Unknown), by country
	Total      int                     // certainly parties
	InForce    int                     // parties for which it is certainly in force
	Unknown    int                     // states an imprecise date leaves uncertain
	Version    int64                   // the standards version read
}

// partiesOn derives the parties of the instrument code on day.
func (s *Server) partiesOn(ctx context.Context, code string, day lmo.Date) (*partyList, error) {
	version, err := s.cfg.Standards.StandardsVersion(ctx)
	if err != nil {
		return nil, err
	}
	in, err := s.cfg.Standards.FindInstrument(ctx, code)
	if err != nil {
		return nil, err
	}
	events, err := s.cfg.Standards.FindEvents(ctx, lmo.EventFilter{Instrument: in.Code})
	if err != nil {
		return nil, err
	}
	pl := &partyList{Instrument: in, AsOf: day, Events: events, Version: version}
	for _, st := range lmo.Standings(in, events, day) {
		if st.Party == lmo.No {
			continue
		}
		pl.Standings = append(pl.Standings, st)
		switch {
		case st.Party == lmo.Unknown:
			pl.Unknown++
		default:
			pl.Total++
			if st.InForce == lmo.Yes {
				pl.InForce++
			}
		}
	}
	return pl, nil
}

// incomplete reports whether the day asked about is later than the date
// the instrument's list is complete to (or the list is not known to be
// complete at all): the count may then be too low.
func (pl *partyList) incomplete() bool {
	return pl.Instrument.CompleteTo.IsZero() || dayAfter(pl.AsOf, pl.Instrument.CompleteTo)
}

func dayAfter(a, b lmo.Date) bool { return a.Compare(b.Last()) > 0 }

// timelinePoint is the count of parties after the events of one day.
type timelinePoint struct {
	Date    lmo.Date       `json:"date"`
	Parties int            `json:"parties"`
	Unknown int            `json:"unknown,omitempty"`
	Events  []timelineItem `json:"events"`
}

type timelineItem struct {
	Country string `json:"country"`
	Event   string `json:"event"`
}

// timeline returns the count of parties after each date with events that
// make or end a party. A date is taken at the last day it may mean (a
// year-only event counts from 31 December), so that every count is one the
// events make certain, and the points are in order of that day.
func timeline(in *lmo.Instrument, events []lmo.RatificationEvent) []timelinePoint {
	var out []timelinePoint
	for _, e := range events {
		if !lmo.Joins(e.Event) && e.Event != lmo.EventDenunciationEffective && e.Event != lmo.EventDenunciation {
			continue
		}
		item := timelineItem{Country: e.Country, Event: e.Event}
		if n := len(out); n > 0 && out[n-1].Date == e.Date {
			out[n-1].Events = append(out[n-1].Events, item)
			continue
		}
		out = append(out, timelinePoint{Date: e.Date, Events: []timelineItem{item}})
	}
	// In order of the day each count holds from: a year-only date counts
	// from its last day, so it comes after the dated events of its year.
	slices.SortStableFunc(out, func(a, b timelinePoint) int {
		return cmp.Or(a.Date.Last().Compare(b.Date.Last()), a.Date.Compare(b.Date))
	})
	for i := range out {
		out[i].Parties, out[i].Unknown = lmo.PartyCount(lmo.Standings(in, events, out[i].Date.Last()))
	}
	return out
}

// countryStanding is one instrument's standing for a country.
type countryStanding struct {
	Instrument *lmo.Instrument
	lmo.Standing
}

// countryInstruments derives a country's standing on every instrument that
// states can join, on day.
func (s *Server) countryInstruments(ctx context.Context, country string, day lmo.Date) ([]countryStanding, int64, error) {
	d, err := s.loadStandards(ctx)
	if err != nil {
		return nil, 0, err
	}
	return d.standings(country, day), d.version, nil
}

// standings derives a country's standing on every instrument that states
// can join, on day.
func (d *standardsData) standings(country string, day lmo.Date) []countryStanding {
	events := d.byCountry[strings.ToUpper(country)]
	var out []countryStanding
	for _, in := range d.instruments {
		if !in.Ratifiable() {
			continue
		}
		var mine []lmo.RatificationEvent
		for _, e := range events {
			if e.Instrument == in.Code {
				mine = append(mine, e)
			}
		}
		st := lmo.StandingOn(in, mine, day)
		st.Country = country
		out = append(out, countryStanding{Instrument: in, Standing: st})
	}
	return out
}

// instrumentURL is the page of an instrument.
func instrumentURL(code string) string { return "/instruments/" + code }

// asOfURL is a permalink of a page on a day (no as_of for today).
func asOfURL(path string, day lmo.Date) string {
	if day == today() {
		return path
	}
	return path + "?as_of=" + day.String()
}

// canonicalCode redirects a request whose instrument code is not in its
// canonical form (c189 → C189) and reports whether it did.
func canonicalCode(w http.ResponseWriter, r *http.Request) bool {
	code := r.PathValue("code")
	canon := lmo.NormalizeInstrumentCode(code)
	if code == canon {
		return false
	}
	// The code is the request's own, decoded: escaped again, so that the
	// Location is a well-formed address whatever the code holds.
	u := strings.Replace(r.URL.Path, "/"+code, "/"+url.PathEscape(canon), 1)
	if r.URL.RawQuery != "" {
		u += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, u, http.StatusMovedPermanently)
	return true
}

// sortStandingsByDate orders standings by the day the state joined.
func sortStandingsByDate(sts []lmo.Standing) {
	slices.SortStableFunc(sts, func(a, b lmo.Standing) int {
		if c := a.Joined.Date.Compare(b.Joined.Date); c != 0 {
			return c
		}
		return strings.Compare(a.Country, b.Country)
	})
}

// standingsVersion names the data a standards answer shows, for
// validators: the standards and reference versions and the day.
func standingsVersion(v int64, l *labels, day lmo.Date) string {
	return fmt.Sprintf("%d\x00%d\x00%s", v, l.version, day)
}
