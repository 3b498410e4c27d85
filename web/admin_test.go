package web_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo"
)

// auditRowRE finds the rows of the audit page's table: when, actor, action,
// entity, address.
var auditRowRE = regexp.MustCompile(`<tr><td class="nowrap">([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>`)

// TestAuditPage: the audit log lists sign-ins, newest first, with the
// client's address; its filters select by action, actor, address and
// dates; bad dates are explained; it pages with the Before cursor.
func TestAuditPage(t *testing.T) {
	db := seededDB(t)
	addAccount(t, db, "root@example.org", "Root", lmo.RoleAdmin)
	addAccount(t, db, "ada@example.org", "Ada", lmo.RoleContributor)
	ts := authServer(t, db)
	newBrowser(t, ts).post("/signin", url.Values{"email": {"ada@example.org"}, "password": {"wrong password!"}})
	newBrowser(t, ts).signIn("ada@example.org")
	admin := newBrowser(t, ts)
	admin.signIn("root@example.org")

	resp, body := admin.get("/admin/audit")
	wantStatus(t, "audit", resp, body, http.StatusOK)
	wantPrivate(t, "audit", resp)
	checkPage(t, "/admin/audit", resp, body)
	rows := auditRowRE.FindAllStringSubmatch(body, -1)
	if len(rows) < 3 || rows[0][2] != "Root" || rows[0][3] != lmo.AuditSignIn || rows[0][5] != "127.0.0.1" {
		t.Fatalf("the newest entry is not root's sign-in from 127.0.0.1: %q\n%s", rows, body)
	}
	for query, want := range map[string]func(row []string) bool{
		"action=sign-in-failed":       func(r []string) bool { return r[3] == lmo.AuditSignInFailed },
		"action=sign-in&actor=Ada":    func(r []string) bool { return r[3] == lmo.AuditSignIn && r[2] == "Ada" },
		"address=127.0.0.1":           func(r []string) bool { return r[5] == "127.0.0.1" },
		"from=2000-01-01&to=2999-1-1": nil, // a malformed date
	} {
		resp, body := admin.get("/admin/audit?" + query)
		if want == nil {
			wantStatus(t, query, resp, body, http.StatusBadRequest)
			if !strings.Contains(body, `href="#to"`) || !strings.Contains(body, `value="2000-01-01"`) {
				t.Errorf("%s: the bad date is not explained, or the filter not kept", query)
			}
			continue
		}
		wantStatus(t, query, resp, body, http.StatusOK)
		rows := auditRowRE.FindAllStringSubmatch(body, -1)
		if len(rows) == 0 {
			t.Errorf("%s: no entry", query)
		}
		for _, r := range rows {
			if !want(r) {
				t.Errorf("%s: entry %q", query, r[1:])
			}
		}
	}
	now := time.Now().UTC()
	around := "from=" + now.AddDate(0, 0, -1).Format(time.DateOnly) + "&to=" + now.AddDate(0, 0, 1).Format(time.DateOnly)
	for query, n := range map[string]int{"address=192.0.2.1": 0, "to=2000-01-01": 0, around + "&actor=Ada": 1} {
		_, body := admin.get("/admin/audit?" + query)
		if got := len(auditRowRE.FindAllStringSubmatch(body, -1)); got < n || n == 0 && got != 0 {
			t.Errorf("%s: %d entries, want %d", query, got, n)
		}
	}
}

// TestAuditPaging: the audit log pages by the Before cursor, keeping the
// filter, and the pages together hold every entry that the download holds.
func TestAuditPaging(t *testing.T) {
	db := seededDB(t)
	addAccount(t, db, "root@example.org", "Root", lmo.RoleAdmin)
	ts := authServer(t, db)
	for range 60 { // failed, then throttled: each is an entry
		newBrowser(t, ts).post("/signin", url.Values{"email": {"nobody@example.org"}, "password": {"wrong"}})
	}
	admin := newBrowser(t, ts)
	admin.signIn("root@example.org")
	_, all := admin.get("/admin/audit.csv?entity=account")
	want := strings.Count(all, "\r\n") - 1
	path, pages, rows := "/admin/audit?entity=account", 0, 0
	older := regexp.MustCompile(`<a href="([^"]+)">Older entries</a>`)
	for path != "" {
		resp, body := admin.get(path)
		wantStatus(t, path, resp, body, http.StatusOK)
		pages++
		rows += len(auditRowRE.FindAllStringSubmatch(body, -1))
		path = ""
		if m := older.FindStringSubmatch(body); m != nil {
			path = strings.ReplaceAll(m[1], "&amp;", "&")
			if !strings.Contains(path, "entity=account") || !strings.Contains(path, "before=") {
				t.Fatalf("the next page drops the filter: %s", path)
			}
		}
	}
	if want < 61 || rows != want || pages != (want+49)/50 {
		t.Errorf("%d rows on %d pages, want %d rows on %d pages", rows, pages, want, (want+49)/50)
	}
}

// TestAuditCSV: the download holds the filtered entries as CSV, privately.
func TestAuditCSV(t *testing.T) {
	db := seededDB(t)
	addAccount(t, db, "root@example.org", "Root", lmo.RoleAdmin)
	addAccount(t, db, "ada@example.org", "Ada", lmo.RoleContributor)
	ts := authServer(t, db)
	newBrowser(t, ts).signIn("ada@example.org")
	admin := newBrowser(t, ts)
	admin.signIn("root@example.org")
	_, page := admin.get("/admin/audit?action=sign-in&actor=Ada")
	if !strings.Contains(page, `href="/admin/audit.csv?action=sign-in&amp;actor=Ada"`) {
		t.Errorf("the page does not link to the download of its filter")
	}
	resp, body := admin.get("/admin/audit.csv?action=sign-in&actor=Ada")
	wantStatus(t, "audit CSV", resp, body, http.StatusOK)
	wantPrivate(t, "audit CSV", resp)
	if resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.Contains(resp.Header.Get("Content-Disposition"), "lmo-audit.csv") {
		t.Errorf("not a CSV download: %v", resp.Header)
	}
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 2 || strings.Join(records[0], ",") != "id,at,actor_id,actor,action,entity,entity_id,detail,address" {
		t.Fatalf("CSV:\n%s", body)
	}
	if r := records[1]; r[3] != "Ada" || r[4] != lmo.AuditSignIn || r[8] != "127.0.0.1" {
		t.Errorf("row %q", r)
	}
	resp, body = admin.get("/admin/audit.csv?from=yesterday")
	wantStatus(t, "CSV with a bad date", resp, body, http.StatusBadRequest)
}
