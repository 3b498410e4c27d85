package web

import (
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
)

// auditPageSize is how many entries the audit log's page shows at once.
const auditPageSize = 50

// auditFields are the audit log's filter fields, in the form's order.
var auditFields = []string{"actor", "action", "entity", "address", "from", "to"}

// auditView is the administrators' page of the audit log: the filter form,
// a page of matching entries, newest first, the link to older ones, and
// the download of every match.
type auditView struct {
	Page
	Form    *form
	Entries []auditRow
	Older   string // the address of the next page, or ""
	Newest  string // the address of the first page when this is a later one
	CSV     string
	Actions []string
}

// auditRow is one entry as the page shows it.
type auditRow struct {
	At, Actor, Action, Entity, Address, Detail string
}

// auditActions are the actions the filter suggests (the workflow's and
// each module's writes are typed).
var auditActions = []string{lmo.AuditSignIn, lmo.AuditSignInFailed, lmo.AuditSignInRefused, lmo.AuditSignOut,
	lmo.AuditTokenCreate, lmo.AuditTokenRevoke, lmo.AuditTokenUse}

// parseAuditFilter reads the filter of the audit log's address into f and
// a form that shows it again with any errors (dates YYYY-MM-DD, "to"
// inclusive; "before" a positive entry id).
func parseAuditFilter(lang string, q url.Values) (lmo.AuditFilter, *form, error) {
	values := map[string]string{}
	for _, k := range auditFields {
		values[k] = strings.TrimSpace(q.Get(k))
	}
	fm := newForm(values)
	f := lmo.AuditFilter{Actor: values["actor"], Action: values["action"], Entity: values["entity"], Address: values["address"]}
	var err error
	if f.From, err = parseAuditDay(values["from"]); err != nil {
		fm.fail("from", translate(lang, "admin.audit.error.date", values["from"]))
	}
	if f.To, err = parseAuditDay(values["to"]); err != nil {
		fm.fail("to", translate(lang, "admin.audit.error.date", values["to"]))
	} else if !f.To.IsZero() {
		f.To = f.To.AddDate(0, 0, 1)
	}
	if fm.ok() && !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		fm.fail("to", translate(lang, "admin.audit.error.range"))
	}
	if b := q.Get("before"); b != "" {
		if f.Before, err = strconv.ParseInt(b, 10, 64); err != nil || f.Before <= 0 {
			return f, fm, lmo.Errorf(lmo.EINVALID, "The parameter “before” must be an entry number.")
		}
	}
	return f, fm, nil
}

// parseAuditDay parses a date as YYYY-MM-DD, at midnight UTC; "" is the zero
// time.
func parseAuditDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.DateOnly, s)
}

// auditQuery returns the query of the filter form's values, without
// empty ones.
func auditQuery(fm *form) url.Values {
	q := url.Values{}
	for _, k := range auditFields {
		if v := fm.Value(k); v != "" {
			q.Set(k, v)
		}
	}
	return q
}

// auditURL returns path with q, if any.
func auditURL(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// auditLog shows a page of the audit log.
func (s *Server) auditLog(w http.ResponseWriter, r *http.Request, u *lmo.User) error {
	lang := langOf(r)
	f, fm, err := parseAuditFilter(lang, r.URL.Query())
	if err != nil {
		return err
	}
	q := auditQuery(fm)
	v := &auditView{Page: s.page(r, fm.title(lang, translate(lang, "admin.audit.title"))), Form: fm,
		CSV: auditURL("/admin/audit.csv", q), Actions: auditActions}
	if !fm.ok() {
		return s.renderPrivate(w, r, http.StatusBadRequest, "admin_audit", v)
	}
	f.Limit = auditPageSize + 1
	entries, err := s.cfg.Audit.AuditLog(r.Context(), f)
	if err != nil {
		return err
	}
	if len(entries) > auditPageSize {
		entries = entries[:auditPageSize]
		older := auditQuery(fm)
		older.Set("before", strconv.FormatInt(entries[len(entries)-1].ID, 10))
		v.Older = auditURL("/admin/audit", older)
	}
	if f.Before != 0 {
		v.Newest = auditURL("/admin/audit", q)
	}
	for _, e := range entries {
		v.Entries = append(v.Entries, auditRow{At: formatTime(e.At), Actor: e.Actor, Action: e.Action,
			Entity: strings.TrimSpace(e.Entity + " " + e.EntityID), Address: e.Address, Detail: e.Detail})
	}
	return s.renderPrivate(w, r, http.StatusOK, "admin_audit", v)
}

// auditColumns are the columns of the audit log's download.
var auditColumns = []string{"id", "at", "actor_id", "actor", "action", "entity", "entity_id", "detail", "address"}

// auditCSV downloads every entry that the filter selects (up to
// lmo.MaxExport, newest first) as CSV through the one export path
// (table.go), private.
func (s *Server) auditCSV(w http.ResponseWriter, r *http.Request, u *lmo.User) error {
	lang := langOf(r)
	f, fm, err := parseAuditFilter(lang, r.URL.Query())
	if err != nil {
		return err
	}
	if !fm.ok() {
		return lmo.Errorf(lmo.EINVALID, "%s", fm.Errors[0].Message)
	}
	f.Limit = lmo.MaxExport
	entries, err := s.cfg.Audit.AuditLog(r.Context(), f)
	if err != nil {
		return err
	}
	t := &table{Name: "lmo-audit", Sheet: "Audit log", Columns: auditColumns, Rows: auditRows(entries), Private: true,
		Version: auditVersion(r.URL.Query(), entries)}
	if len(entries) > 0 {
		t.Modified = entries[0].At
	}
	return s.serveTable(w, r, t, formatCSV)
}

// auditRows returns the rows of entries.
func auditRows(entries []*lmo.AuditEntry) iter.Seq2[[]string, error] {
	return func(yield func([]string, error) bool) {
		for _, e := range entries {
			row := []string{strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339), strconv.FormatInt(e.ActorID, 10),
				e.Actor, e.Action, e.Entity, e.EntityID, e.Detail, e.Address}
			if !yield(row, nil) {
				return
			}
		}
	}
}

// auditVersion names what a download of the audit log holds: the log is
// append-only, so the filter, the newest entry and the count say it all.
func auditVersion(q url.Values, entries []*lmo.AuditEntry) string {
	var newest int64
	if len(entries) > 0 {
		newest = entries[0].ID
	}
	return fmt.Sprintf("%s\x00%d\x00%d", q.Encode(), newest, len(entries))
}
