package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
)

// The places in the API: each page's data as JSON, built from the same
// view as the page.

// apiPlacePractice is a practice as a place's profile lists it.
type apiPlacePractice struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// apiStatSeries is a statistics block of a country's profile.
type apiStatSeries struct {
	Indicator string        `json:"indicator"`
	Title     string        `json:"title"`
	Unit      string        `json:"unit"`
	Source    string        `json:"source"`
	Citation  string        `json:"citation,omitempty"`
	Explorer  string        `json:"explorer"`
	Values    []periodValue `json:"values"`
}

// apiCountryProfile is a country's page as JSON.
type apiCountryProfile struct {
	Country        *lmo.Country         `json:"country"`
	Regions        []link               `json:"regions"`
	Figures        []placeFigure        `json:"figures"`
	Statistics     []apiStatSeries      `json:"statistics"`
	NoData         []string             `json:"no_data"`
	Instruments    []apiCountryStanding `json:"instruments"`
	Practices      []apiPlacePractice   `json:"practices"`
	PracticesTotal int                  `json:"practices_total"`
	Corridors      *corridorList        `json:"corridors"`
	Citation       placeCite            `json:"citation"`
	Data           string               `json:"data"` // the ZIP of CSV files
	placeModules                        // the slugs of its agreements and projects
}

func practiceLinks(hits []hitView) []apiPlacePractice {
	out := []apiPlacePractice{}
	for _, h := range hits {
		out = append(out, apiPlacePractice{h.Title, h.URL})
	}
	return out
}

// upperRedirect answers a path whose code is not upper case with a
// redirect to the upper-case one; it reports whether it did.
func upperRedirect(w http.ResponseWriter, r *http.Request, name, prefix, suffix string) bool {
	code := r.PathValue(name)
	if code == strings.ToUpper(code) {
		return false
	}
	u := prefix + url.PathEscape(strings.ToUpper(code)) + suffix
	if r.URL.RawQuery != "" {
		u += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, u, http.StatusMovedPermanently)
	return true
}

func (s *Server) apiCountryProfile(w http.ResponseWriter, r *http.Request) error {
	if upperRedirect(w, r, "code", "/api/v1/countries/", "/profile") {
		return nil
	}
	p, err := s.countryView(r, r.PathValue("code"))
	if err != nil {
		return err
	}
	standings, _, err := s.countryInstruments(r.Context(), p.C.Code, today())
	if err != nil {
		return err
	}
	out := apiCountryProfile{Country: p.C, Regions: p.RegionLinks, Figures: p.Figures, Instruments: apiCountryStandings(standings),
		Practices: practiceLinks(p.Practices), PracticesTotal: p.Total, Corridors: p.Corridors, Citation: p.Cite,
		Statistics: []apiStatSeries{}, NoData: []string{}, Data: "/countries/" + p.C.Code + "/data.zip", placeModules: p.Modules}
	if out.Regions == nil {
		out.Regions = []link{}
	}
	if out.Figures == nil {
		out.Figures = []placeFigure{}
	}
	if p.Stats != nil {
		for _, b := range p.Stats.Blocks {
			out.Statistics = append(out.Statistics, apiStatSeries{b.Code, b.Title, b.Unit, b.Source, b.Citation, b.Explorer, b.Values})
		}
		out.NoData = append(out.NoData, p.Stats.NoData...)
	}
	return writeJSON(w, r, out, time.Time{})
}

// apiCorridorProfile is a corridor's page as JSON.
type apiCorridorProfile struct {
	Origin       *lmo.Country       `json:"origin"`
	Destination  *lmo.Country       `json:"destination"`
	Stock        corridorSeries     `json:"migrant_stock"`
	Cost         corridorSeries     `json:"remittance_cost"`
	Instruments  []corridorStanding `json:"instruments"`
	Practices    []apiPlacePractice `json:"practices"`
	Citation     placeCite          `json:"citation"`
	placeModules                    // the slugs of its agreements and projects
}

func (s *Server) apiCorridor(w http.ResponseWriter, r *http.Request) error {
	o, d, err := s.corridorCountries(w, r, "/api/v1/corridors/")
	if err != nil || o == nil {
		return err
	}
	p, err := s.corridorView(r, o, d)
	if err != nil {
		return err
	}
	for _, cs := range []*corridorSeries{&p.Stock, &p.Cost} {
		if cs.Values == nil {
			cs.Values = []periodValue{}
		}
	}
	if p.Standards == nil {
		p.Standards = []corridorStanding{}
	}
	return writeJSON(w, r, apiCorridorProfile{o, d, p.Stock, p.Cost, p.Standards, practiceLinks(p.Practices), p.Cite, p.Modules}, time.Time{})
}

// apiRegionProfile is a region's page as JSON.
type apiRegionProfile struct {
	Region         *lmo.Region        `json:"region"`
	Members        []regionMember     `json:"members"`
	Statistics     []regionSum        `json:"statistics"`
	Instruments    []regionParties    `json:"instruments"`
	Practices      []apiPlacePractice `json:"practices"`
	PracticesTotal int                `json:"practices_total"`
	Citation       placeCite          `json:"citation"`
	placeModules                      // the slugs of its agreements and projects
}

func (s *Server) apiRegionProfile(w http.ResponseWriter, r *http.Request) error {
	p, err := s.regionView(r)
	if err != nil {
		return err
	}
	out := apiRegionProfile{p.R, p.Members, p.Sums, p.Standards, practiceLinks(p.Practices), p.Total, p.Cite, p.Modules}
	if out.Members == nil {
		out.Members = []regionMember{}
	}
	if out.Statistics == nil {
		out.Statistics = []regionSum{}
	}
	return writeJSON(w, r, out, time.Time{})
}
