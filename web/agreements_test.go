package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
	"github.com/lmo-observatory/lmo/sqlite"
)

// testAgreements are made up for the tests (none is a real agreement), on
// countries of the starter set, beside the starter's own agreements.
func testAgreements() []*lmo.Agreement {
	src := []lmo.Source{{Title: "Test source", Publisher: "LMO tests", URL: "https://example.org/test"}}
	d := lmo.MustParseDate
	return []*lmo.Agreement{
		{Slug: "test-np-qa-labour", Title: "Test labour agreement of Nepal and Qatar", Type: lmo.AgreementLabour, Parties: []string{"NP", "QA"},
			Signed: d("2005-03-21"), InForce: d("2005"), Sources: src},
		{Slug: "test-np-kr-mou", Title: "Test memorandum of Nepal and Korea", Type: lmo.AgreementMOU, Parties: []string{"NP", "KR"},
			Signed: d("2007-06"), Sources: src},
		{Slug: "test-np-pt-social-security", Title: "Test social security agreement of Nepal and Portugal", Type: lmo.AgreementSocialSecurity,
			Parties: []string{"NP", "PT"}, Signed: d("2010-01-05"), InForce: d("2011-02-01"), Ended: d("2020-12-31"),
			Branches: []string{lmo.BranchOldAge, lmo.BranchSurvivors}, BenefitsAbroad: lmo.Yes, Sources: src},
	}
}

// agreementsServer is a test server over a seeded database with the test
// agreements imported.
func agreementsServer(t *testing.T) (*httptest.Server, *sqlite.DB) {
	t.Helper()
	ts, db := newTestServer(t)
	if _, err := db.ImportAgreements(lmo.NewContextWithUser(context.Background(), lmo.SystemUser), testAgreements(), "web tests"); err != nil {
		t.Fatal(err)
	}
	return ts, db
}

// slugsOf lists the slugs of agreements.
func slugsOf(as []*lmo.Agreement) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Slug)
	}
	return out
}

// apiSlugs fetches an API list and returns the slugs of its items.
func apiSlugs(t *testing.T, ts *httptest.Server, path string) []string {
	t.Helper()
	resp, body := get(t, ts, path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
	}
	var list struct {
		Total int `json:"total"`
		Items []struct {
			Slug string `json:"slug"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range list.Items {
		out = append(out, it.Slug)
	}
	if list.Total != len(out) {
		t.Errorf("%s: total %d, %d items", path, list.Total, len(out))
	}
	return out
}

// TestAgreementsFilters: the page, the API and every download show
// exactly what the store selects for each filter.
func TestAgreementsFilters(t *testing.T) {
	ts, db := agreementsServer(t)
	ctx := context.Background()
	for _, tt := range []struct {
		query string
		f     lmo.AgreementFilter
		want  []string // the test agreements among the answer, when known
	}{
		{"", lmo.AgreementFilter{}, nil},
		{"country=NP", lmo.AgreementFilter{Country: "NP"}, []string{"test-np-pt-social-security", "test-np-kr-mou", "test-np-qa-labour"}},
		{"country=np&partner=qa", lmo.AgreementFilter{Country: "NP", Partner: "QA"}, []string{"test-np-qa-labour"}},
		{"country=NP&type=mou", lmo.AgreementFilter{Country: "NP", Type: lmo.AgreementMOU}, []string{"test-np-kr-mou"}},
		{"country=NP&branch=survivors", lmo.AgreementFilter{Country: "NP", Branch: lmo.BranchSurvivors}, []string{"test-np-pt-social-security"}},
		// The labour agreement entered into force some day of 2005: kept
		// in June 2005 as Unknown; the social security one had ended by
		// 2021.
		{"country=NP&in_force_on=2005-06-01", lmo.AgreementFilter{Country: "NP", InForceOn: lmo.MustParseDate("2005-06-01")}, []string{"test-np-qa-labour"}},
		{"country=NP&in_force_on=2021-01-01", lmo.AgreementFilter{Country: "NP", InForceOn: lmo.MustParseDate("2021-01-01")}, []string{"test-np-qa-labour"}},
		{"scope=bilateral", lmo.AgreementFilter{Regional: "bilateral"}, nil},
	} {
		want, err := db.FindAgreements(ctx, tt.f)
		if err != nil {
			t.Fatal(err)
		}
		if tests := testSlugs(want); tt.want != nil && !slices.Equal(tests, tt.want) {
			t.Errorf("%s: the store found %v of the test agreements, want %v", tt.query, tests, tt.want)
		}
		if got := apiSlugs(t, ts, "/api/v1/agreements?"+tt.query); !slices.Equal(got, slugsOf(want)) {
			t.Errorf("API %s: %v, store %v", tt.query, got, slugsOf(want))
		}
		if got := apiSlugs(t, ts, "/agreements.json?"+tt.query); !slices.Equal(got, slugsOf(want)) {
			t.Errorf("JSON download %s: %v, store %v", tt.query, got, slugsOf(want))
		}
		resp, body := get(t, ts, "/agreements.csv?"+tt.query)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("CSV %s: %d", tt.query, resp.StatusCode)
		}
		var csvSlugs []string
		for row, err := range ingest.AgreementsCSV(strings.NewReader(body), countryResolver(t, db)) {
			if err != nil {
				t.Fatalf("CSV %s does not read back: %v", tt.query, err)
			}
			csvSlugs = append(csvSlugs, row.Agreement.Slug)
		}
		if !slices.Equal(csvSlugs, slugsOf(want)) {
			t.Errorf("CSV %s: %v, store %v", tt.query, csvSlugs, slugsOf(want))
		}
		resp, body = get(t, ts, "/agreements?"+tt.query)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("page %s: %d", tt.query, resp.StatusCode)
		}
		for _, a := range want {
			if !strings.Contains(body, `href="/agreements/`+a.Slug+`"`) {
				t.Errorf("page %s does not list %s", tt.query, a.Slug)
			}
		}
		if n := strings.Count(body, `<th scope="row"><a href="/agreements/`); n != len(want) {
			t.Errorf("page %s lists %d agreements, the store %d", tt.query, n, len(want))
		}
		if tt.query != "" && !strings.Contains(body, `href="/agreements.csv?`) {
			t.Errorf("page %s: the downloads do not keep the filters", tt.query)
		}
	}
}

// countryResolver resolves countries against db's.
func countryResolver(t *testing.T, db *sqlite.DB) ingest.CountryResolver {
	t.Helper()
	cs, err := db.FindCountries(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return lmo.NewCountryIndex(cs).Resolve
}

// TestAgreementsExportRoundTrip: the CSV download of every agreement
// imports back into the store without a change.
func TestAgreementsExportRoundTrip(t *testing.T) {
	ts, db := agreementsServer(t)
	_, body := get(t, ts, "/agreements.csv")
	var as []*lmo.Agreement
	for row, err := range ingest.AgreementsCSV(strings.NewReader(body), countryResolver(t, db)) {
		if err != nil {
			t.Fatal(err)
		}
		as = append(as, row.Agreement)
	}
	counts, err := db.ImportAgreements(lmo.NewContextWithUser(context.Background(), lmo.SystemUser), as, "round trip")
	if err != nil || counts.Unchanged != len(as) || counts.Created+counts.Updated != 0 {
		t.Errorf("importing the export: %+v, %v", counts, err)
	}
}

// TestAgreementsBadFilters: a filter no agreement could match is 400 with
// a message that names it, on the page, the downloads and the API.
func TestAgreementsBadFilters(t *testing.T) {
	ts, _ := agreementsServer(t)
	for _, tt := range []struct{ query, says string }{
		{"country=Nepal", "country must be an ISO 3166-1 alpha-2"},
		{"partner=QA", "partner needs a country"},
		{"type=treaty", "type must be one of"},
		{"branch=pensions", "branch must be one of"},
		{"in_force_on=2005", "in_force_on must be a day"},
	} {
		for _, path := range []string{"/agreements", "/agreements.csv", "/api/v1/agreements"} {
			resp, body := get(t, ts, path+"?"+tt.query)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(htmlUnescape(body), tt.says) {
				t.Errorf("%s?%s: %d, want 400 saying %q: %.300s", path, tt.query, resp.StatusCode, tt.says, body)
			}
		}
	}
	resp, _ := get(t, ts, "/agreements/matrix?country=NP")
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("the matrix filtered by country: %d, want 400", resp.StatusCode)
	}
}

// htmlUnescape undoes the escapes a page or JSON gives quotes.
func htmlUnescape(s string) string {
	return strings.NewReplacer("&#34;", `"`, "&#39;", "'", `\u0026`, "&", "&amp;", "&").Replace(s)
}

// TestAgreementPage: every fact of an agreement, its parties linked, its
// branches as a table; 404 for no such agreement.
func TestAgreementPage(t *testing.T) {
	ts, _ := agreementsServer(t)
	resp, body := get(t, ts, "/agreements/test-np-pt-social-security")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, want := range []string{
		"Test social security agreement of Nepal and Portugal", `href="/countries/NP"`, `href="/countries/PT"`,
		"2010-01-05", "2011-02-01", "2020-12-31", `<th scope="row">Old age</th><td>Yes</td>`, `<th scope="row">Survivors</th><td>Yes</td>`,
		`<th scope="row">Maternity</th><td><span aria-label="not recorded">—</span>`, `href="https://example.org/test"`,
		`<link rel="canonical"`, `class="citation wrap"`, `href="/api/v1/agreements/test-np-pt-social-security"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, path := range []string{"/agreements/no-such-agreement", "/api/v1/agreements/no-such-agreement"} {
		if resp, _ := get(t, ts, path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, resp.StatusCode)
		}
	}
}

// TestAgreementsMatrix: a row and a column for each country party to a
// bilateral agreement, a cell linking each pair to its agreements, and the
// same pairs as a list.
func TestAgreementsMatrix(t *testing.T) {
	ts, db := agreementsServer(t)
	bilateral, err := db.FindAgreements(context.Background(), lmo.AgreementFilter{Regional: "bilateral"})
	if err != nil {
		t.Fatal(err)
	}
	countries := map[string]bool{}
	for _, a := range bilateral {
		countries[a.Parties[0]], countries[a.Parties[1]] = true, true
	}
	resp, body := get(t, ts, "/agreements/matrix")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if n := strings.Count(body, `<th scope="col"><abbr`); n != len(countries) {
		t.Errorf("%d columns, %d countries", n, len(countries))
	}
	pair := "/agreements?" + url.Values{"country": {"NP"}, "partner": {"QA"}}.Encode()
	if !strings.Contains(body, `href="`+strings.ReplaceAll(pair, "&", "&amp;")+`"`) {
		t.Errorf("no cell links Nepal and Qatar to %s", pair)
	}
	if !strings.Contains(body, `href="/agreements/test-np-kr-mou"`) {
		t.Error("the list of pairs lacks the memorandum of Nepal and Korea")
	}
	_, body = get(t, ts, "/agreements/matrix?type=mou")
	if strings.Contains(body, `href="/agreements/test-np-qa-labour"`) || !strings.Contains(body, `href="/agreements/test-np-kr-mou"`) {
		t.Error("the matrix of memoranda is not filtered by type")
	}
	// Its downloads are the agreements it counts, and it has a citation.
	if !strings.Contains(body, `href="/agreements.csv?scope=bilateral&amp;type=mou"`) || !strings.Contains(body, `<p class="citation">`) {
		t.Error("the matrix of memoranda lacks its downloads or its citation")
	}
	resp, file := get(t, ts, "/agreements.json?scope=bilateral&type=mou")
	if resp.StatusCode != http.StatusOK || !strings.Contains(file, `"test-np-kr-mou"`) || strings.Contains(file, `"test-np-qa-labour"`) {
		t.Errorf("the matrix's JSON download (%d) is not its agreements:\n%s", resp.StatusCode, file)
	}
}

// TestAgreementsFollowImports: a cached list shows an agreement imported
// after it was first served (the data versions move).
func TestAgreementsFollowImports(t *testing.T) {
	ts, db := newTestServer(t)
	_, before := get(t, ts, "/agreements?country=NP")
	if strings.Contains(before, "test-np-qa-labour") {
		t.Fatal("the test agreement is there before its import")
	}
	if _, err := db.ImportAgreements(lmo.NewContextWithUser(context.Background(), lmo.SystemUser), testAgreements()[:1], "web tests"); err != nil {
		t.Fatal(err)
	}
	if _, after := get(t, ts, "/agreements?country=NP"); !strings.Contains(after, "test-np-qa-labour") {
		t.Error("the list did not follow the import")
	}
	if got := apiSlugs(t, ts, "/api/v1/agreements?country=NP&partner=QA"); !slices.Contains(got, "test-np-qa-labour") {
		t.Errorf("the API did not follow the import: %v", got)
	}
}

// testSlugs returns the slugs of the test agreements among as (the starter's
// are there too).
func testSlugs(as []*lmo.Agreement) []string {
	var out []string
	for _, slug := range slugsOf(as) {
		if strings.HasPrefix(slug, "test-") {
			out = append(out, slug)
		}
	}
	return out
}
