package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/svg"
)

// corridorPage is a migration corridor: migrants from Origin living in
// Destination (and the money they send back the other way). Each module
// has its section; agreements and projects add theirs.
type corridorPage struct {
	Page
	Origin, Destination *lmo.Country
	Reverse             string // the corridor the other way
	Stock               corridorSeries
	Cost                corridorSeries
	Standards           []corridorStanding
	StandardsFoot       placeFoot
	Practices           []hitView
	PracticesFoot       placeFoot
	Cite                placeCite
	Modules             placeModules // agreements and projects (places_modules.go)
}

// corridorSeries is one bilateral indicator over time on a corridor page:
// a chart of its yearly values (none when it has none), the table of every
// value, and its source.
type corridorSeries struct {
	ID        string        `json:"-"` // the section's id in the page
	Indicator string        `json:"indicator"`
	Title     string        `json:"title"`
	Unit      string        `json:"unit"`
	Sex       string        `json:"sex,omitempty"`
	Note      string        `json:"note,omitempty"`
	Values    []periodValue `json:"values"`
	Rows      []periodRow   `json:"-"`
	Chart     template.HTML `json:"-"`
	Foot      placeFoot     `json:"foot"`
}

// corridorStanding is an instrument with both countries' standing today.
type corridorStanding struct {
	Code        string `json:"instrument"`
	Title       string `json:"title"`
	URL         string `json:"-"`
	Origin      string `json:"origin"`
	Destination string `json:"destination"`
	Both        bool   `json:"both_parties"`
}

func (s *Server) corridor(w http.ResponseWriter, r *http.Request) error {
	o, d, err := s.corridorCountries(w, r, "/corridors/")
	if err != nil || o == nil {
		return err
	}
	p, err := s.corridorView(r, o, d)
	if err != nil {
		return err
	}
	return s.render(w, r, "corridor", p, time.Time{})
}

// corridorView reads a corridor's page.
func (s *Server) corridorView(r *http.Request, o, d *lmo.Country) (*corridorPage, error) {
	lang := langOf(r)
	ctx := r.Context()
	l, err := s.loadLabels(ctx)
	if err != nil {
		return nil, err
	}
	title := translate(lang, "corridor.title", o.Name(lang), d.Name(lang))
	p := &corridorPage{Page: s.page(r, title), Origin: o, Destination: d, Reverse: corridorPath(d.Code, o.Code)}
	p.Page.Description = translate(lang, "corridor.description", o.Name(lang), d.Name(lang))
	p.Stock = corridorSeries{ID: "stock", Indicator: bilateralIndicator, Title: translate(lang, "corridor.stock.h"),
		Foot: placeFoot{Empty: translate(lang, "corridor.stock.none", o.Name(lang), d.Name(lang))}}
	p.Cost = corridorSeries{ID: "cost", Indicator: "ATCR.CORR", Title: translate(lang, "corridor.cost.h"),
		Foot: placeFoot{Empty: translate(lang, "corridor.cost.none", d.Name(lang), o.Name(lang))}}
	if s.cfg.Statistics != nil {
		c, err := s.loadCatalog(ctx)
		if err != nil {
			return nil, err
		}
		// The stock: in the destination (area), from the origin. The cost:
		// sent from the destination (area) to the origin.
		if err := s.corridorSeriesOf(ctx, c, &p.Stock, d.Code, o.Code, "corridor-stock"); err != nil {
			return nil, err
		}
		if err := s.corridorSeriesOf(ctx, c, &p.Cost, d.Code, o.Code, "corridor-cost"); err != nil {
			return nil, err
		}
		if p.Stock.Sex == lmo.SexFemale {
			p.Stock.Note = translate(lang, "corridor.stock.female")
		}
	}
	if p.Standards, err = s.corridorStandings(r, o.Code, d.Code); err != nil {
		return nil, err
	}
	p.StandardsFoot = placeFoot{Source: translate(lang, "corridor.std.source"), Data: "/ratifications.csv?country=" + o.Code}
	if p.Practices, err = s.corridorPractices(ctx, l, o.Code, d.Code); err != nil {
		return nil, err
	}
	p.PracticesFoot = placeFoot{Data: "/practices?country=" + o.Code + "&country=" + d.Code}
	if len(p.Practices) == 0 {
		p.PracticesFoot.Empty = translate(lang, "corridor.practices.none", o.Name(lang), d.Name(lang))
	}
	if p.Modules, err = s.loadPlaceModules(ctx, l, corridorScope(lang, o, d)); err != nil {
		return nil, err
	}
	p.Cite = s.placeCitation(r, translate(lang, "place.cite.corridor", o.Name(lang), d.Name(lang)))
	for _, cs := range []corridorSeries{p.Stock, p.Cost} {
		if cs.Foot.Empty == "" && cs.Foot.Source != "" {
			if ds := cs.Foot.citation; ds != "" && !slices.Contains(p.Cite.Data, ds) {
				p.Cite.Data = append(p.Cite.Data, ds)
			}
		}
	}
	return p, nil
}

// corridorSeriesOf reads a bilateral indicator's values for area and
// origin: the total where the publisher gives one, else the one sex it
// gives; a chart when it has yearly values.
func (s *Server) corridorSeriesOf(ctx context.Context, c *statCatalog, cs *corridorSeries, area, origin, id string) error {
	lang := langFrom(ctx)
	in := c.byCode[cs.Indicator]
	if in == nil {
		return nil
	}
	cs.Title, cs.Unit = in.Title, in.Unit
	bySex := map[string][]lmo.Observation{}
	f := lmo.ObservationFilter{Indicators: []string{in.Code}, Areas: []string{area}, Origins: []string{origin}}
	for o, err := range s.observations(ctx, f, statsBatch) {
		if err != nil {
			return err
		}
		if breakdown(&o) == "" {
			bySex[o.Sex] = append(bySex[o.Sex], o)
		}
	}
	sex := lmo.SexTotal
	if len(bySex[sex]) == 0 {
		for _, x := range []string{lmo.SexFemale, lmo.SexMale, lmo.SexOther} {
			if len(bySex[x]) > 0 {
				sex = x
				break
			}
		}
	}
	obs := bySex[sex]
	if len(obs) == 0 {
		return nil
	}
	slices.SortFunc(obs, func(a, b lmo.Observation) int { return a.Period.Start() - b.Period.Start() })
	cs.Sex = sex
	used := map[string]bool{}
	series := svg.Series{Name: cs.Title}
	for _, o := range obs {
		pt := point{Period: o.Period, Value: o.Value, Status: o.Status, Has: o.HasValue()}
		cs.Rows = append(cs.Rows, periodRow{Period: o.Period.String(), Cells: []cell{s.cellOf(lang, pt, in.Unit, used)}})
		if o.HasValue() {
			cs.Values = append(cs.Values, periodValue{o.Period.String(), o.Value, o.Status})
			if o.Period.Quarter == 0 && o.Period.Month == 0 {
				series.Points = append(series.Points, svg.Point{Year: o.Period.Year, Value: o.Value})
			}
		}
	}
	if len(cs.Values) == 0 {
		return nil
	}
	cs.Foot = placeFoot{Source: sourceLine(lang, c, in, in.Current), Data: indicatorURL(in.Code) + "?area=" + area + "&origin=" + origin}
	if ds := c.dataset(in.Code, in.Current); ds != nil {
		cs.Foot.LicenceURL, cs.Foot.citation = ds.LicenceURL, datasetCitation(ds)
	}
	if len(series.Points) > 1 {
		ch := svg.LineChart{ID: id, Number: numberFormat(lang), Title: cs.Title, Desc: translate(lang, "explorer.chart.desc", cs.Foot.Source),
			XLabel: translate(lang, "explorer.chart.x"), YLabel: in.Unit, Decimals: chartDecimals(in.Unit), Series: []svg.Series{series}}
		var err error
		if cs.Chart, err = ch.Render(); err != nil {
			return fmt.Errorf("corridor chart %s: %w", id, err)
		}
	}
	return nil
}

// corridorStandings puts both countries' standing on every instrument
// side by side.
func (s *Server) corridorStandings(r *http.Request, origin, dest string) ([]corridorStanding, error) {
	a, err := s.standingRows(r, origin)
	if err != nil {
		return nil, err
	}
	b, err := s.standingRows(r, dest)
	if err != nil {
		return nil, err
	}
	var out []corridorStanding
	for i := range a {
		if i >= len(b) || a[i].Code != b[i].Code {
			break
		}
		out = append(out, corridorStanding{Code: a[i].Code, Title: a[i].Title, URL: a[i].URL, Origin: a[i].Status, Destination: b[i].Status, Both: a[i].Party && b[i].Party})
	}
	return out, nil
}

// corridorPractices returns the practices that concern a corridor: those
// that name it among their corridors first, then those that name both
// countries.
func (s *Server) corridorPractices(ctx context.Context, l *labels, origin, dest string) ([]hitView, error) {
	f := lmo.PracticeFilter{Facets: map[string][]string{lmo.FacetCountry: {origin}}, Sort: lmo.SortTitle, Limit: lmo.MaxLimit, NoFacets: true}
	res, err := s.cfg.Practices.SearchPractices(ctx, f)
	if err != nil {
		return nil, err
	}
	var named, both []hitView
	for _, h := range res.Hits {
		switch {
		case slices.Contains(h.Corridors, lmo.Corridor{Origin: origin, Destination: dest}):
			named = append(named, s.hitView(h, l, langFrom(ctx)))
		case practiceConcerns(h.Practice, dest):
			both = append(both, s.hitView(h, l, langFrom(ctx)))
		}
	}
	return append(named, both...), nil
}
