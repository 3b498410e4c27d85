package web_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

type listBody struct {
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
	Items   []struct {
		ID      int64  `json:"id"`
		Slug    string `json:"slug"`
		Title   string `json:"title"`
		Snippet string `json:"snippet_html"`
	} `json:"items"`
	Links map[string]string `json:"links"`
}

func getList(t *testing.T, ts interface{ Client() *http.Client }, url string) listBody {
	t.Helper()
	resp, err := ts.Client().Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d", url, resp.StatusCode)
	}
	var l listBody
	if err := json.NewDecoder(resp.Body).Decode(&l); err != nil {
		t.Fatal(err)
	}
	return l
}

func TestAPIPaging(t *testing.T) {
	ts, _ := newTestServer(t)
	all := getList(t, ts, ts.URL+"/api/v1/practices?sort=title&per_page=100")
	if all.Total < 30 || len(all.Items) != all.Total {
		t.Fatalf("total %d, items %d", all.Total, len(all.Items))
	}
	var paged []string
	next := ts.URL + "/api/v1/practices?sort=title&per_page=7"
	for pages := 0; next != ""; pages++ {
		if pages > 20 {
			t.Fatal("the next links do not end")
		}
		l := getList(t, ts, next)
		for _, it := range l.Items {
			paged = append(paged, it.Slug)
		}
		next = l.Links["next"]
	}
	if len(paged) != all.Total {
		t.Fatalf("paging gave %d practices, want %d", len(paged), all.Total)
	}
	for i, it := range all.Items {
		if paged[i] != it.Slug {
			t.Fatalf("item %d: paged %s, whole %s", i, paged[i], it.Slug)
		}
	}
	l := getList(t, ts, ts.URL+"/api/v1/practices?q=domestic")
	if l.Total == 0 || !strings.Contains(l.Items[0].Snippet, "<mark>") {
		t.Errorf("search for domestic: total %d, items %+v", l.Total, l.Items)
	}
}

func TestAPIErrors(t *testing.T) {
	ts, _ := newTestServer(t)
	for _, tt := range []struct {
		path   string
		status int
		detail string
	}{
		{"/api/v1/practices?per_page=0", 400, "per_page must be a whole number from 1 to 100"},
		{"/api/v1/practices?sort=random", 400, `Unknown sort order "random".`},
		{"/api/v1/practices?changed_since=yesterday", 400, "changed_since"},
		{"/api/v1/practices?year_from=2020&year_to=2010", 400, "year range"},
		{"/api/v1/practices/999999", 404, "There is no practice"},
		{"/api/v1/practices/abc", 404, "There is no practice"},
		{"/api/v1/nothing", 404, "There is no page"},
		{"DELETE /api/v1/practices/1", 405, "only GET, HEAD, PUT and PATCH"},
		{"DELETE /api/v1/practices", 405, "only GET, HEAD and POST"},
		{"GET /api/v1/practices/1/publish", 405, "only POST"},
		{"POST /api/v1/nothing", 404, "There is no page"},
	} {
		method, path, found := strings.Cut(tt.path, " ")
		if !found {
			method, path = "GET", tt.path
		}
		req, _ := http.NewRequest(method, ts.URL+path, nil)
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		body := string(b)
		if allow := strings.ReplaceAll(strings.TrimPrefix(tt.detail, "only "), " and ", ", "); resp.StatusCode == 405 && resp.Header.Get("Allow") != allow {
			t.Errorf("%s: Allow = %q", tt.path, resp.Header.Get("Allow"))
		}
		if resp.StatusCode != tt.status || resp.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("GET %s: %d %s", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		var p struct {
			Status int    `json:"status"`
			Title  string `json:"title"`
			Detail string `json:"detail"`
		}
		if err := json.Unmarshal([]byte(body), &p); err != nil || p.Status != tt.status || !strings.Contains(p.Detail, tt.detail) {
			t.Errorf("GET %s: problem %+v (%v), want detail containing %q", tt.path, p, err, tt.detail)
		}
	}
}

// TestInternalErrorsStayInternal closes the database under the server: the
// user sees a generic message, never the driver's text.
func TestInternalErrorsStayInternal(t *testing.T) {
	ts, db := newTestServer(t)
	db.Close()
	for _, path := range []string{"/practices", "/api/v1/practices", "/practices/anything"} {
		resp, body := get(t, ts, path)
		if resp.StatusCode < 500 {
			t.Errorf("GET %s with the database closed: %d", path, resp.StatusCode)
		}
		if strings.Contains(body, "sql") || strings.Contains(body, "closed") {
			t.Errorf("GET %s shows internal error text: %s", path, body)
		}
	}
	resp, _ := get(t, ts, "/healthz")
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/healthz with the database closed: %d", resp.StatusCode)
	}
}

func TestConditionalGET(t *testing.T) {
	ts, _ := newTestServer(t)
	slug := firstSlug(t, ts, ts.URL+"/api/v1/practices")
	for _, path := range []string{"/", "/practices?q=recruitment", "/practices/" + slug, "/api/v1/practices?country=PH", "/api/v1/countries", "/practices.csv"} {
		resp, _ := get(t, ts, path)
		etag, lm := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
		if etag == "" {
			t.Errorf("GET %s: no ETag", path)
			continue
		}
		resp, body := get(t, ts, path, "If-None-Match", etag)
		if resp.StatusCode != http.StatusNotModified || body != "" {
			t.Errorf("GET %s with If-None-Match: %d, %d bytes", path, resp.StatusCode, len(body))
		}
		resp, _ = get(t, ts, path, "If-None-Match", `"stale"`)
		if resp.StatusCode != 200 {
			t.Errorf("GET %s with a stale ETag: %d", path, resp.StatusCode)
		}
		if lm != "" {
			resp, _ = get(t, ts, path, "If-Modified-Since", lm)
			if resp.StatusCode != http.StatusNotModified {
				t.Errorf("GET %s with If-Modified-Since: %d", path, resp.StatusCode)
			}
		}
	}
}

func TestExports(t *testing.T) {
	ts, _ := newTestServer(t)
	const filter = "?region=asia-pacific&sort=title"
	want := getList(t, ts, ts.URL+"/api/v1/practices"+filter+"&per_page=100")

	resp, body := get(t, ts, "/practices.csv"+filter)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if !strings.HasPrefix(body, "\ufeff") {
		t.Errorf("CSV has no byte order mark")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	if len(rows) != want.Total+1 || rows[0][0] != "id" || rows[0][2] != "title" {
		t.Fatalf("CSV: %d rows, header %v; want %d practices", len(rows), rows[0], want.Total)
	}
	for i, it := range want.Items {
		if rows[i+1][1] != it.Slug || rows[i+1][2] != it.Title {
			t.Errorf("CSV row %d = %s, want %s", i+1, rows[i+1][1], it.Slug)
		}
	}

	resp, body = get(t, ts, "/practices.xlsx"+filter)
	if resp.StatusCode != 200 {
		t.Fatalf("XLSX: %d", resp.StatusCode)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatalf("XLSX does not open: %v", err)
	}
	xrows, err := f.GetRows("Practices")
	if err != nil {
		t.Fatal(err)
	}
	if len(xrows) != want.Total+1 || xrows[1][1] != want.Items[0].Slug {
		t.Errorf("XLSX: %d rows, first %v", len(xrows), xrows[1][:3])
	}
	if about, _ := f.GetRows("About"); len(about) == 0 || !strings.Contains(about[1][1], "region=asia-pacific") {
		t.Errorf("XLSX About sheet = %v", about)
	}
	if typ, err := f.GetCellType("About", "B3"); err != nil || typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
		v, _ := f.GetCellValue("About", "A3")
		t.Errorf("XLSX About sheet: the count (%s) is stored as text (%v, %v)", v, typ, err)
	}
	if cd := resp.Header.Get("Content-Disposition"); !regexp.MustCompile(`^attachment; filename="lmo-practices-\d{4}-\d\d-\d\d-asia-pacific\.xlsx"$`).MatchString(cd) {
		t.Errorf("XLSX file name: %s, want the date and the filter in it", cd)
	}

	var doc struct {
		Total int               `json:"total"`
		Items []json.RawMessage `json:"items"`
	}
	_, body = get(t, ts, "/practices.json"+filter)
	if err := json.Unmarshal([]byte(body), &doc); err != nil || doc.Total != want.Total || len(doc.Items) != want.Total {
		t.Errorf("JSON export: total %d, %d items (%v); want %d", doc.Total, len(doc.Items), err, want.Total)
	}
}

func TestFeed(t *testing.T) {
	ts, _ := newTestServer(t)
	resp, body := get(t, ts, "/practices/feed.atom?theme=fair-recruitment")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("feed: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Entries []struct {
			Title string `xml:"title"`
			Link  struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(body), &feed); err != nil {
		t.Fatalf("feed does not parse: %v", err)
	}
	want := getList(t, ts, ts.URL+"/api/v1/practices?theme=fair-recruitment&per_page=100")
	if len(feed.Entries) != want.Total || !strings.HasPrefix(feed.Entries[0].Link.Href, ts.URL+"/practices/") {
		t.Errorf("feed has %d entries, want %d", len(feed.Entries), want.Total)
	}
}

func TestCitations(t *testing.T) {
	ts, _ := newTestServer(t)
	slug := firstSlug(t, ts, ts.URL+"/api/v1/practices")
	_, bib := get(t, ts, "/practices/"+slug+"/cite.bib")
	if !strings.HasPrefix(bib, "@misc{lmo-"+slug+",") || !strings.Contains(bib, `\url{`+ts.URL+"/practices/"+slug+"}") {
		t.Errorf("BibTeX:\n%s", bib)
	}
	if strings.Count(bib, "{") != strings.Count(bib, "}")+strings.Count(bib, `\}`)-strings.Count(bib, `\{`) {
		t.Errorf("BibTeX braces do not balance:\n%s", bib)
	}
	_, ris := get(t, ts, "/practices/"+slug+"/cite.ris")
	if !strings.HasPrefix(ris, "TY  - ELEC\r\n") || !strings.HasSuffix(ris, "ER  - \r\n") {
		t.Errorf("RIS:\n%q", ris)
	}
}

func TestOperations(t *testing.T) {
	ts, _ := newTestServer(t)
	resp, body := get(t, ts, "/healthz")
	if resp.StatusCode != 200 || body != "ok\n" {
		t.Errorf("/healthz: %d %q", resp.StatusCode, body)
	}
	get(t, ts, "/practices")
	_, metrics := get(t, ts, "/metrics")
	if !strings.Contains(metrics, `lmo_http_requests_total{route="GET /practices",status="200"} 1`) {
		t.Errorf("/metrics lacks the request count:\n%.2000s", metrics)
	}
	resp, _ = get(t, ts, "/favicon.ico")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" {
		t.Errorf("/favicon.ico: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	req, _ := http.NewRequest("POST", ts.URL+"/practices", strings.NewReader("x"))
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a cross-site POST: %d, want 403", resp.StatusCode)
	}
}
