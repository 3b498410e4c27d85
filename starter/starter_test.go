package starter_test

import (
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/starter"
)

// TestStarterData checks the promises the starter dataset makes: it loads
// and validates, every country of ISO 3166-1 is there, the 23 GCM objectives
// are, and the practices are many, sourced and spread over every ILO region.
func TestStarterData(t *testing.T) {
	d, err := starter.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Countries) < 249 {
		t.Errorf("%d countries, want every ISO 3166-1 entry (249)", len(d.Countries))
	}
	regions := map[string]*lmo.Region{}
	for _, r := range d.Regions {
		regions[r.Code] = r
	}
	regionOf := map[string]string{}
	for _, c := range d.Countries {
		regionOf[c.Code] = c.ILORegion
		for _, code := range []string{c.M49Region, c.M49Subregion, c.M49Intermediate, c.ILORegion} {
			if code != "" && regions[code] == nil {
				t.Errorf("country %s refers to unknown region %q", c.Code, code)
			}
		}
	}
	if pe := find(d.Countries, "PE"); pe == nil || pe.NameES != "Perú" || pe.NameFR != "Pérou" || pe.ILORegion != "americas" {
		t.Errorf("Peru = %+v", pe)
	}
	vocabs := map[string]*lmo.Vocabulary{}
	for _, v := range d.Vocabularies {
		vocabs[v.ID] = v
		if v.Source == nil || v.Source.Title == "" {
			t.Errorf("vocabulary %s has no source", v.ID)
		}
	}
	if gcm := vocabs[lmo.VocabGCMObjective]; gcm == nil || len(gcm.Terms) != 23 ||
		gcm.Term("23").Label != "Strengthen international cooperation and global partnerships for safe, orderly and regular migration" {
		t.Errorf("GCM objectives are not the 23 of A/RES/73/195")
	}
	if gp := vocabs[lmo.VocabGuidingPrinciple]; gp == nil || len(gp.Terms) != 10 {
		t.Errorf("guiding principles are not the 10 of A/RES/73/195")
	}

	if len(d.Practices) < 30 {
		t.Errorf("%d practices, want at least 30", len(d.Practices))
	}
	countries := map[string]bool{}
	perRegion := map[string]int{}
	for _, p := range d.Practices {
		seen := map[string]bool{}
		for _, c := range p.Countries {
			countries[c.Code] = true
			if r := regionOf[c.Code]; r != "" && !seen[r] {
				perRegion[r]++
				seen[r] = true
			}
		}
		for _, s := range p.Sources {
			if s.URL != "" && !strings.HasPrefix(s.URL, "https://") && !strings.HasPrefix(s.URL, "http://") {
				t.Errorf("%s: source URL %q", p.Slug, s.URL)
			}
		}
		if strings.Contains(strings.ToLower(p.Title), "synthetic") {
			t.Errorf("%s: synthetic data in the starter set", p.Slug)
		}
	}
	if len(countries) < 20 {
		t.Errorf("practices cover %d countries, want at least 20", len(countries))
	}
	for _, r := range []string{"africa", "americas", "arab-states", "asia-pacific", "europe-central-asia"} {
		if perRegion[r] < 4 {
			t.Errorf("ILO region %s has %d practices, want at least 4", r, perRegion[r])
		}
	}
}

func find(cs []*lmo.Country, code string) *lmo.Country {
	for _, c := range cs {
		if c.Code == code {
			return c
		}
	}
	return nil
}

// TestCountryNamesAndRegionSources: countries read by the UN's short names
// with ISO's and the formal names kept, Taiwan is in the ILO region ILOSTAT
// puts it in, and every region names the source of its grouping.
func TestCountryNamesAndRegionSources(t *testing.T) {
	d, err := starter.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []lmo.Country{
		{Code: "CD", NameEN: "Democratic Republic of the Congo", NameSource: "undesa-2020", NameISO: "Congo, The Democratic Republic of the"},
		{Code: "TZ", NameEN: "United Republic of Tanzania", NameSource: "undesa-2020", NameISO: "Tanzania, United Republic of",
			NameOfficial: "United Republic of Tanzania"},
		{Code: "TW", NameEN: "Taiwan, China", NameSource: "ilostat", NameISO: "Taiwan, Province of China", ILORegion: "asia-pacific"},
	} {
		c := find(d.Countries, want.Code)
		if c == nil || c.NameEN != want.NameEN || c.NameSource != want.NameSource || c.NameISO != want.NameISO ||
			(want.NameOfficial != "" && c.NameOfficial != want.NameOfficial) || (want.ILORegion != "" && c.ILORegion != want.ILORegion) {
			t.Errorf("%s = %+v, want %+v", want.Code, c, want)
		}
	}
	for _, r := range d.Regions {
		if r.Source == "" || !strings.HasPrefix(r.SourceURL, "https://") {
			t.Errorf("region %s has no source", r.Code)
		}
		if r.Kind == lmo.RegionILO && (!strings.Contains(r.SourceURL, "ilostat.ilo.org") || r.SourceChecked == "") {
			t.Errorf("ILO region %s: source %q checked %q, want ILOSTAT's groupings with a date", r.Code, r.SourceURL, r.SourceChecked)
		}
	}
}
