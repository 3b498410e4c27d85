package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
)

// TestProjectsPages walks the projects and organisations pages over the
// starter data: the list and its filters, a project, the directory and an
// organisation with its projects and the practices that name it.
func TestProjectsPages(t *testing.T) {
	ts, _ := newTestServer(t)
	tests := []struct {
		path   string
		status int
		want   []string
		absent []string
	}{
		{"/projects", 200, []string{`href="/projects/gap-mdw"`, "EUR 3,500,000", `href="/projects.csv"`, `name="active"`, `rel="canonical"`}, nil},
		{"/projects?country=np", 200, []string{`href="/projects/gap-mdw"`, `<option value="NP" selected>`, `href="/projects.json?country=NP"`}, nil},
		{"/projects?country=FR", 200, []string{"No project matches"}, []string{`href="/projects/gap-mdw"`}},
		{"/projects?organisation=eu&theme=labour-rights", 200, []string{`href="/projects/gap-mdw"`}, nil},
		{"/projects?active=2015-06-30", 200, []string{`href="/projects/gap-mdw"`}, nil},
		{"/projects?active=2017-01-01", 200, []string{`href="/projects/bridge"`}, []string{`href="/projects/gap-mdw"`}},
		{"/projects?active=2015", 400, nil, []string{`href="/projects/gap-mdw"`}},
		{"/projects?country=XX", 400, nil, nil},
		{"/projects?organisation=nobody", 400, nil, nil},
		{"/projects?theme=none", 400, nil, nil},
		{"/projects/gap-mdw", 200, []string{"Global Action Programme on Migrant Domestic Workers", `href="/organisations/eu"`, `href="/organisations/ilo"`,
			`href="/countries/NP"`, `href="/instruments/C189"`, "EUR 3,500,000 (EU funding", "2013-02-01 – 2016", "projects database, version"}, nil},
		{"/projects/nope", 404, nil, nil},
		{"/organisations", 200, []string{`href="/organisations/ilo"`, `href="/organisations/eu"`, `href="/organisations.csv"`, `<p class="citation">`}, nil},
		{"/organisations/eu", 200, []string{"Projects it funds", `href="/projects/gap-mdw"`}, []string{"Projects it carries out"}},
		{"/organisations/ilo", 200, []string{"Projects it carries out", "Practices that name it", `href="/practices/qa-wage-protection-system"`}, nil},
		{"/organisations/nope", 404, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, body := get(t, ts, tt.path)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("no %q", w)
				}
			}
			for _, w := range tt.absent {
				if strings.Contains(body, w) {
					t.Errorf("has %q", w)
				}
			}
		})
	}
}

// TestOrganisationsDownload: the organisations' downloads list every
// organisation /organisations lists, and the JSON imports back unchanged.
func TestOrganisationsDownload(t *testing.T) {
	ts, db := newTestServer(t)
	orgs, err := db.FindOrganisations(context.Background())
	if err != nil || len(orgs) == 0 {
		t.Fatalf("%d organisations, %v", len(orgs), err)
	}
	_, csvBody := get(t, ts, "/organisations.csv")
	records, err := csv.NewReader(strings.NewReader(csvBody)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != len(orgs)+1 || strings.TrimPrefix(records[0][0], "\ufeff") != "slug" {
		t.Fatalf("the CSV has %d rows for %d organisations; header %q", len(records), len(orgs), records[0])
	}
	for i, o := range orgs {
		if records[i+1][0] != o.Slug || records[i+1][1] != o.Name {
			t.Errorf("row %d is %v, want %s", i+1, records[i+1][:2], o.Slug)
		}
	}
	if resp, _ := get(t, ts, "/organisations.xlsx"); resp.StatusCode != http.StatusOK {
		t.Errorf("/organisations.xlsx: %d", resp.StatusCode)
	}
	_, file := get(t, ts, "/organisations.json")
	d, err := ingest.Directory(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Organisations) != len(orgs) || len(d.Projects) != 0 {
		t.Fatalf("the JSON has %d organisations and %d projects", len(d.Organisations), len(d.Projects))
	}
	counts, err := db.ImportDirectory(lmo.NewContextWithUser(context.Background(), lmo.SystemUser), d, "round trip")
	if err != nil {
		t.Fatal(err)
	}
	if counts.Organisations.Unchanged != len(orgs) {
		t.Errorf("importing the download back did %+v", counts)
	}
}

// TestPracticeLinksOrganisations checks that a practice's organisation
// the directory holds links to its page, and one it does not stays text.
func TestPracticeLinksOrganisations(t *testing.T) {
	ts, _ := newTestServer(t)
	_, body := get(t, ts, "/practices/qa-wage-protection-system")
	if !strings.Contains(body, `<a href="/organisations/ilo">International Labour Organization (ILO)</a>`) {
		t.Errorf("the ILO is not linked to its page")
	}
	if n := strings.Count(body, `href="/organisations/`); n != 1 {
		t.Errorf("%d organisations linked, want the ILO only", n)
	}
}

// TestProjectsExportsMatchAPI checks that every download holds exactly the
// list the API answers for the same filters, and that the JSON download
// reads back as an import file.
func TestProjectsExportsMatchAPI(t *testing.T) {
	ts, _ := newTestServer(t)
	for _, q := range []string{"", "?country=NP", "?country=PE", "?organisation=ilo&active=2014-01-01"} {
		_, api := get(t, ts, "/api/v1/projects"+q)
		resp, file := get(t, ts, "/projects.json"+q)
		if resp.StatusCode != http.StatusOK || file != api {
			t.Errorf("%s: /projects.json (%d) differs from the API:\n%s\n%s", q, resp.StatusCode, file, api)
		}
		d, err := ingest.Directory(strings.NewReader(file))
		if err != nil {
			t.Fatalf("%s: the download does not read back: %v", q, err)
		}
		_, body := get(t, ts, "/projects.csv"+q)
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows)-1 != len(d.Projects) {
			t.Errorf("%s: %d CSV rows, %d projects in the API", q, len(rows)-1, len(d.Projects))
		}
		for i, p := range d.Projects {
			if rows[i+1][0] != p.Slug {
				t.Errorf("%s: CSV row %d is %s, the API's %s", q, i+1, rows[i+1][0], p.Slug)
			}
		}
		if resp, _ := get(t, ts, "/projects.xlsx"+q); resp.StatusCode != http.StatusOK {
			t.Errorf("%s: XLSX status %d", q, resp.StatusCode)
		}
	}
	for _, bad := range []string{"?active=2014", "?country=XX", "?organisation=nobody"} {
		for _, path := range []string{"/api/v1/projects", "/projects.csv", "/projects.json"} {
			if resp, _ := get(t, ts, path+bad); resp.StatusCode != http.StatusBadRequest {
				t.Errorf("%s%s: status %d, want 400", path, bad, resp.StatusCode)
			}
		}
	}
}

// TestProjectsDownloadImportsBack imports the JSON download into another
// observatory: it holds the same projects, and importing it again changes
// nothing.
func TestProjectsDownloadImportsBack(t *testing.T) {
	ts, _ := newTestServer(t)
	_, file := get(t, ts, "/projects.json")
	d, err := ingest.Directory(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	other := seededDB(t)
	ctx := lmo.NewContextWithUser(context.Background(), lmo.SystemUser)
	counts, err := other.ImportDirectory(ctx, d, "round trip")
	if err != nil {
		t.Fatal(err)
	}
	if counts.Projects.Unchanged != len(d.Projects) || counts.Projects.Created+counts.Projects.Updated != 0 {
		t.Errorf("importing the download into the same data did %+v", counts)
	}
	got, err := other.FindProjects(context.Background(), lmo.ProjectFilter{})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(got)
	b, _ := json.Marshal(d.Projects)
	if !bytes.Equal(a, b) {
		t.Errorf("the projects read back differ:\n%s\n%s", a, b)
	}
}
