package web

import (
	"fmt"
	"html/template"
	"net/http"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/svg"
)

// instrumentsPage is the index of instruments.
type instrumentsPage struct {
	Page
	Rows []instrumentRow
}

// instrumentRow is one instrument in the index, with its parties today.
type instrumentRow struct {
	In         *lmo.Instrument
	URL        string
	Kind       string
	Ratifiable bool
	Parties    int
	InForce    int
	Partial    bool // the list is not known to be complete to today
	NoData     bool // LMO holds no events of it yet
}

func (s *Server) instruments(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	ctx := r.Context()
	instruments, err := s.cfg.Standards.FindInstruments(ctx)
	if err != nil {
		return err
	}
	p := &instrumentsPage{Page: s.page(r, translate(lang, "instruments.title"))}
	p.Page.Description = translate(lang, "instruments.description")
	for _, in := range instruments {
		row := instrumentRow{In: in, URL: instrumentURL(in.Code), Kind: translate(lang, "instrument.kind."+in.Kind), Ratifiable: in.Ratifiable()}
		if in.Ratifiable() {
			pl, err := s.partiesOn(ctx, in.Code, today())
			if err != nil {
				return err
			}
			row.Parties, row.InForce, row.Partial, row.NoData = pl.Total, pl.InForce, pl.incomplete(), len(pl.Events) == 0
		}
		p.Rows = append(p.Rows, row)
	}
	return s.render(w, r, "instruments", p, time.Time{})
}

// instrumentPage is an instrument with its parties on a day.
type instrumentPage struct {
	Page
	In         *lmo.Instrument
	Kind       string
	AsOf       lmo.Date
	AsOfValue  string // what the date field shows: the day asked, or what was typed
	AsOfError  string // why the date typed is not one, shown beside the field
	IsToday    bool
	Parties    []partyRow
	Total      int
	InForce    int
	Unknown    int
	Incomplete bool
	NoData     bool // LMO holds no events of this instrument yet
	Chart      template.HTML
	Map        template.HTML
	Timeline   []timelineRow
	History    []eventRow
	Exports    []link
	Feed       string
}

// partyRow is a state party in the table of an instrument page.
type partyRow struct {
	Country, Name, URL string
	Event              string
	Date               lmo.Date
	InForce            string
	Uncertain          bool
}

// timelineRow is one step of the chart, as the table beside it shows it.
type timelineRow struct {
	Date    lmo.Date
	Parties int
	Who     string
}

// eventRow is one event in an instrument's history.
type eventRow struct {
	Date                lmo.Date
	Country, Name, URL  string
	Event, Note, Source string
}

// link is a labelled address.
type link struct{ Label, URL string }

func (s *Server) instrument(w http.ResponseWriter, r *http.Request) error {
	if canonicalCode(w, r) {
		return nil
	}
	ctx := r.Context()
	status := http.StatusOK
	day, dayErr := parseDay(r, "as_of", today())
	if dayErr != nil {
		day, status = today(), http.StatusBadRequest
	}
	pl, err := s.partiesOn(ctx, r.PathValue("code"), day)
	if err != nil {
		return err
	}
	l, err := s.loadLabels(ctx)
	if err != nil {
		return err
	}
	p, err := s.instrumentView(r, pl, l)
	if err != nil {
		return err
	}
	if dayErr != nil {
		p.AsOfValue, p.AsOfError = r.URL.Query().Get("as_of"), lmo.ErrorMessage(dayErr)
		s.renderStatus(pastCatcher(w), r, status, "instrument", p)
		return nil
	}
	return s.render(w, r, "instrument", p, time.Time{})
}

// instrumentHistory is the page of every event of an instrument, with its
// notes and sources.
func (s *Server) instrumentHistory(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	if canonicalCode(w, r) {
		return nil
	}
	ctx := r.Context()
	pl, err := s.partiesOn(ctx, r.PathValue("code"), today())
	if err != nil {
		return err
	}
	l, err := s.loadLabels(ctx)
	if err != nil {
		return err
	}
	in := pl.Instrument
	p := &instrumentPage{Page: s.page(r, translate(lang, "instrument.history.title", in.Title)), In: in}
	p.Page.Description = translate(lang, "instrument.description", in.Title)
	p.History = historyRows(pl.Events, l)
	return s.render(w, r, "instrument_history", p, time.Time{})
}

func historyRows(events []lmo.RatificationEvent, l *labels) []eventRow {
	lang := l.language()
	var out []eventRow
	for _, e := range events {
		out = append(out, eventRow{Date: e.Date, Country: e.Country, Name: l.Country(e.Country), URL: "/countries/" + e.Country,
			Event: translate(lang, "event."+e.Event), Note: e.Note, Source: e.SourceURL})
	}
	return out
}

func (s *Server) instrumentView(r *http.Request, pl *partyList, l *labels) (*instrumentPage, error) {
	lang := langOf(r)
	in := pl.Instrument
	p := &instrumentPage{Page: s.page(r, in.Title), In: in, Kind: translate(lang, "instrument.kind."+in.Kind), AsOf: pl.AsOf,
		AsOfValue: pl.AsOf.String(), IsToday: pl.AsOf == today(), Total: pl.Total, InForce: pl.InForce, Unknown: pl.Unknown,
		Incomplete: pl.incomplete(), NoData: len(pl.Events) == 0, Feed: instrumentURL(in.Code) + "/feed.atom"}
	p.Page.Description = translate(lang, "instrument.description", in.Title)
	if !in.Ratifiable() || p.NoData {
		return p, nil
	}
	standings := append([]lmo.Standing(nil), pl.Standings...)
	sortStandingsByDate(standings)
	for _, st := range standings {
		row := partyRow{Country: st.Country, Name: l.Country(st.Country), URL: "/countries/" + st.Country,
			Event: translate(lang, "event."+st.Joined.Event), Date: st.Joined.Date, Uncertain: st.Party == lmo.Unknown}
		switch {
		case st.InForce == lmo.Yes:
			row.InForce = translate(lang, "instrument.inforce.since", st.InForceFrom)
		case !st.InForceFrom.IsZero():
			row.InForce = translate(lang, "instrument.inforce.from", st.InForceFrom)
		default:
			row.InForce = translate(lang, "instrument.inforce.unknown")
		}
		p.Parties = append(p.Parties, row)
	}
	p.History = historyRows(pl.Events, l)
	points := timeline(in, pl.Events)
	for _, pt := range points {
		var who []string
		for _, e := range pt.Events {
			who = append(who, l.Country(e.Country)+" ("+translate(lang, "event."+e.Event)+")")
		}
		p.Timeline = append(p.Timeline, timelineRow{Date: pt.Date, Parties: pt.Parties, Who: joinList(who)})
	}
	var err error
	if p.Chart, err = partiesChart(in, points, l); err != nil {
		return nil, err
	}
	if p.Map, err = partiesMap(in, pl, l); err != nil {
		return nil, err
	}
	asOf := ""
	if !p.IsToday {
		asOf = "?as_of=" + pl.AsOf.String()
	}
	for _, f := range []string{formatCSV, formatXLSX, formatJSON} {
		p.Exports = append(p.Exports, link{translate(lang, "instrument.download."+f), instrumentURL(in.Code) + "/parties." + f + asOf})
	}
	p.Exports = append(p.Exports, link{translate(lang, "instrument.download.events"), "/ratifications.csv?instrument=" + in.Code})
	return p, nil
}

func joinList(items []string) string {
	out := ""
	for i, it := range items {
		if i > 0 {
			out += "; "
		}
		out += it
	}
	return out
}

// partiesChart draws the count of parties after each event as a step
// chart.
func partiesChart(in *lmo.Instrument, points []timelinePoint, l *labels) (template.HTML, error) {
	lang := l.language()
	if len(points) == 0 {
		return "", nil
	}
	c := svg.StepChart{ID: "chart-" + in.Code, Number: numberFormat(lang), Title: translate(lang, "instrument.chart.title", in.ShortTitleOr()),
		Desc: translate(lang, "instrument.chart.desc"), XLabel: translate(lang, "instrument.chart.x"), YLabel: translate(lang, "instrument.chart.y"),
		Until: time.Now().UTC()}
	if d := in.CompleteTo; !d.IsZero() {
		// The line stops where the data do: after that, the count is not known.
		last := d.Last()
		c.Until = time.Date(last.Year, time.Month(last.Month), last.Day, 0, 0, 0, 0, time.UTC)
	}
	for _, pt := range points {
		last := pt.Date.Last()
		step := svg.Step{At: time.Date(last.Year, time.Month(last.Month), last.Day, 0, 0, 0, 0, time.UTC), Label: pt.Date.String(), Count: pt.Parties}
		if n := len(c.Steps); n > 0 && c.Steps[n-1].At.Equal(step.At) {
			// "2021" and "2021-12-31" hold from the same day: one step.
			step.Label = c.Steps[n-1].Label + ", " + step.Label
			c.Steps[n-1] = step
			continue
		}
		c.Steps = append(c.Steps, step)
	}
	if n := len(c.Steps); c.Until.Before(c.Steps[n-1].At) { // events imported past complete_to
		c.Until = c.Steps[n-1].At
	}
	return c.Render()
}

// Classes of the parties map.
const (
	mapParty     = "party"
	mapUncertain = "uncertain"
	mapSigned    = "signed"
	mapNotParty  = "not-party"
)

// partiesMap colours every country by its standing on the day.
func partiesMap(in *lmo.Instrument, pl *partyList, l *labels) (template.HTML, error) {
	lang := l.language()
	class := map[string]string{}
	for _, st := range lmo.Standings(in, pl.Events, pl.AsOf) {
		switch {
		case st.Party == lmo.Yes:
			class[st.Country] = mapParty
		case st.Party == lmo.Unknown:
			class[st.Country] = mapUncertain
		case st.Signed != nil:
			class[st.Country] = mapSigned
		}
	}
	all := []svg.Class{
		{Key: mapParty, Label: translate(lang, "instrument.map.party"), Shade: svg.Shade5},
		{Key: mapUncertain, Label: translate(lang, "instrument.map.uncertain"), Shade: svg.Shade4, Hatched: true},
		{Key: mapSigned, Label: translate(lang, "instrument.map.signed"), Shade: svg.Shade3, Hatched: true},
		{Key: mapNotParty, Label: translate(lang, "instrument.map.notparty"), Shade: svg.Shade1},
	}
	used := map[string]bool{mapParty: true, mapNotParty: true}
	for _, k := range class {
		used[k] = true
	}
	m := svg.WorldMap{ID: "map-" + in.Code, Title: translate(lang, "instrument.map.title", in.ShortTitleOr(), pl.AsOf),
		Desc: translate(lang, "instrument.map.desc")}
	for _, c := range all {
		if used[c.Key] {
			m.Classes = append(m.Classes, c) // the legend names only what the map shows
		}
	}
	for _, c := range l.countryList {
		if !svg.OnMap(c.Code) {
			continue
		}
		k := class[c.Code]
		if k == "" {
			k = mapNotParty
		}
		m.Countries = append(m.Countries, svg.MapCountry{Code: c.Code, Name: c.Name(lang), Class: k, Href: "/countries/" + c.Code})
	}
	html, err := m.Render()
	if err != nil {
		return "", fmt.Errorf("map of %s: %w", in.Code, err)
	}
	return html, nil
}
