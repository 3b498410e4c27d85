package web_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestPlaceModules: country, corridor and region pages list the agreements
// and projects of the starter set that concern them, link the full lists,
// say so where there are none, and their profiles in the API name the
// same ones.
func TestPlaceModules(t *testing.T) {
	ts, _ := newTestServer(t)
	for _, c := range []struct {
		path, api string
		want      []string
		agreement string // one agreement the profile must name, "" for none
		project   string
	}{
		{"/countries/PH", "/api/v1/countries/PH/profile", []string{`href="/agreements/es-ph-social-security-1988"`, `href="/agreements?country=PH"`,
			`href="/projects/safe-and-fair"`, `href="/projects?country=PH"`}, "es-ph-social-security-1988", "safe-and-fair"},
		{"/countries/AQ", "/api/v1/countries/AQ/profile", []string{"LMO holds no social security or labour agreement of Antarctica.",
			"LMO holds no development cooperation project in Antarctica."}, "", ""},
		{"/corridors/PH-SA", "/api/v1/corridors/PH-SA", []string{`href="/agreements/ph-sa-domestic-workers-2013"`, `href="/agreements?country=PH&amp;partner=SA"`,
			"LMO holds no development cooperation project in Philippines – Saudi Arabia."}, "ph-sa-domestic-workers-2013", ""},
		{"/regions/arab-states", "/api/v1/regions/arab-states/profile", []string{`href="/agreements/ph-sa-domestic-workers-2013"`, `href="/projects/fairway"`},
			"ph-sa-domestic-workers-2013", "fairway"},
	} {
		_, page := get(t, ts, c.path)
		checkNotBroken(t, c.path, page)
		for _, w := range c.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s: no %q", c.path, w)
			}
		}
		_, body := get(t, ts, c.api)
		var profile struct {
			Agreements []string `json:"agreements"`
			Projects   []string `json:"projects"`
		}
		if err := json.Unmarshal([]byte(body), &profile); err != nil {
			t.Fatalf("%s: %v", c.api, err)
		}
		for _, x := range []struct {
			got  []string
			want string
		}{{profile.Agreements, c.agreement}, {profile.Projects, c.project}} {
			if (x.want == "" && len(x.got) > 0) || (x.want != "" && !slices.Contains(x.got, x.want)) {
				t.Errorf("%s: %v, want %q among them", c.api, x.got, x.want)
			}
		}
	}
}
