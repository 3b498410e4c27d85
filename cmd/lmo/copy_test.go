package main

import (
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/password"
	"github.com/lmo-observatory/lmo/internal/sqlstore"
	"github.com/lmo-observatory/lmo/postgres/pgtest"
	"github.com/lmo-observatory/lmo/sqlite"
)

// copySource seeds a SQLite file with the starter data and updates one
// practice, so that there is a revision 2, more audit entries, and a
// practice with lessons, an evaluation, a contact and a facts_checked date.
func copySource(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "source.db")
	if _, _, err := runCmd(t, "seed", "--db", path); err != nil {
		t.Fatal(err)
	}
	ctx := lmo.NewContextWithUser(context.Background(), lmo.SystemUser)
	s, err := openStore(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p, err := s.FindPracticeBySlug(ctx, "ae-wage-protection-system")
	if err != nil {
		t.Fatal(err)
	}
	p.Summary += " Perú and domestic workers, for the copy test."
	p.Lessons, p.FactsChecked = "A lesson for the copy test.", "2025-03-14"
	p.Evaluations = []lmo.Source{{Title: "An evaluation for the copy test", URL: "https://example.org/eval", Year: 2024}}
	p.Contact = &lmo.Contact{Organisation: "A ministry for the copy test"}
	p.Translations = map[string]lmo.PracticeText{"fr": {Title: "Un titre français pour le test de copie"}}
	if err := s.UpdatePractice(ctx, p, "copy test"); err != nil {
		t.Fatal(err)
	}
	if p.Version != 2 {
		t.Fatalf("version after update: %d", p.Version)
	}
	copyStatistics(ctx, t, s.(lmo.StatisticsService))
	copyAccounts(ctx, t, s)
	copyWorkflow(ctx, t, s.(lmo.WorkflowService), p.ID)
	// The starter links no project to a practice; the copy test's source
	// does, so that every table has rows to copy.
	projects := s.(lmo.ProjectService)
	gap, err := projects.FindProject(ctx, "gap-mdw")
	if err != nil {
		t.Fatal(err)
	}
	gap.Practices = append(gap.Practices, p.Slug)
	if _, err := projects.ImportDirectory(ctx, lmo.Directory{Projects: []*lmo.Project{gap}}, "copy test"); err != nil {
		t.Fatal(err)
	}
	return path
}

// copyAccounts makes an account with a password and a used API token, so
// that accounts, api_tokens and the audit log's actor and address columns
// have rows to copy.
func copyAccounts(ctx context.Context, t *testing.T, s store) {
	t.Helper()
	defer password.SetParamsForTesting(password.Cheap)()
	a := &lmo.Account{Email: "copy@example.org", Name: "Copy Test", Role: lmo.RoleEditor}
	if err := s.CreateAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassword(ctx, a.ID, "a password for the copy test"); err != nil {
		t.Fatal(err)
	}
	secret, _, err := s.CreateToken(lmo.NewContextWithUser(ctx, a.User()), "copy test", lmo.ScopeWrite)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.TokenUser(lmo.NewContextWithOrigin(ctx, lmo.Origin{Address: "192.0.2.7"}), secret); err != nil {
		t.Fatal(err)
	}
}

// copyWorkflow writes a review comment and a suggestion, dismissed, so
// that the workflow's tables have rows to copy.
func copyWorkflow(ctx context.Context, t *testing.T, w lmo.WorkflowService, id int64) {
	t.Helper()
	if _, err := w.AddComment(ctx, lmo.KindPractice, id, "A comment for the copy test."); err != nil {
		t.Fatal(err)
	}
	sg := &lmo.Suggestion{Kind: lmo.KindPractice, EntityID: id, Body: "A suggestion for the copy test.", SourceTitle: "A source"}
	if err := w.Suggest(ctx, sg); err != nil {
		t.Fatal(err)
	}
	if err := w.ResolveSuggestion(ctx, sg.ID, false, "Dismissed for the copy test."); err != nil {
		t.Fatal(err)
	}
}

// copyStatistics imports a small dataset, so that every statistics table
// has rows to copy: an observation with a value, one without, an aggregate.
func copyStatistics(ctx context.Context, t *testing.T, stats lmo.StatisticsService) {
	t.Helper()
	obs := []lmo.Observation{
		{Indicator: "COPY_TEST", Area: "PH", Sex: lmo.SexTotal, Period: lmo.Period{Year: 2020}, Value: 2.5, Status: lmo.StatusEstimated, Note: "Perú"},
		{Indicator: "COPY_TEST", Area: "TEST:AGG", Sex: lmo.SexFemale, Period: lmo.Period{Year: 2020, Quarter: 1}, Status: lmo.StatusUnavailable},
	}
	_, err := stats.ImportStatistics(ctx, lmo.StatisticsImport{
		Dataset:    lmo.Dataset{Code: "copy-test", Edition: "2020", Publisher: "LMO tests", Title: "Statistics for the copy test", Licence: "CC0"},
		Indicators: []*lmo.Indicator{{Code: "COPY_TEST", Title: "A value for the copy test", Unit: "persons"}},
		Aggregates: []lmo.Aggregate{{Code: "TEST:AGG", Name: "An aggregate for the copy test"}},
		Observations: func(yield func(lmo.Observation, error) bool) {
			for _, o := range obs {
				if !yield(o, nil) {
					return
				}
			}
		},
	}, "copy test")
	if err != nil {
		t.Fatal(err)
	}
}

// sumsOf returns the row counts and checksums of every table of a database.
func sumsOf(t *testing.T, dsn string) []sqlstore.TableSum {
	t.Helper()
	ctx := context.Background()
	s, err := openStore(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sums, err := s.Database().Sums(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return sums
}

func sameSums(t *testing.T, what string, want, got []sqlstore.TableSum) {
	t.Helper()
	if err := sqlstore.CompareSums(want, got); err != nil {
		t.Errorf("%s: %v", what, err)
	}
}

// copySearches are compared between the original and its copies.
var copySearches = []lmo.PracticeFilter{
	{},
	{Query: "domestic workers"},
	{Query: "Perú"},
	{Query: "peru"},
	{Query: "wage OR recruitment -qatar"},
	{Facets: map[string][]string{lmo.FacetCountry: {"PH"}}},
	{Query: "workers", Facets: map[string][]string{lmo.FacetTheme: {"fair-recruitment", "wage-protection"}, lmo.FacetTargetGroup: {"domestic-workers"}}},
	{Facets: map[string][]string{lmo.FacetRegion: {"asia-pacific", "arab-states"}, lmo.FacetStatus: {"ongoing"}}},
}

type searchView struct {
	Total  int
	Slugs  []string
	Facets map[string][]lmo.FacetCount
}

// searchViews runs copySearches on a database. Results are sorted by title
// for all, and also by relevance when relevance is set (the same dialect
// ranks the same way; SQLite's BM25 and PostgreSQL's ts_rank differ).
func searchViews(t *testing.T, dsn string, relevance bool) []searchView {
	t.Helper()
	ctx := context.Background()
	s, err := openStore(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var views []searchView
	for _, f := range copySearches {
		sorts := []string{lmo.SortTitle}
		if relevance {
			sorts = append(sorts, lmo.SortRelevance)
		}
		for _, sort := range sorts {
			f.Sort, f.Limit = sort, lmo.MaxLimit
			res, err := s.SearchPractices(ctx, f)
			if err != nil {
				t.Fatalf("%s: %+v: %v", redact(dsn), f, err)
			}
			v := searchView{Total: res.Total, Facets: res.Facets}
			for _, h := range res.Hits {
				v.Slugs = append(v.Slugs, h.Slug)
			}
			views = append(views, v)
		}
	}
	return views
}

func sameSearches(t *testing.T, what string, want, got []searchView) {
	t.Helper()
	for i := range want {
		f := copySearches[i%len(copySearches)]
		if len(want) > len(copySearches) {
			f = copySearches[i/2]
		}
		if want[i].Total == 0 {
			t.Errorf("search %+v finds nothing in the original", f)
		}
		if !reflect.DeepEqual(want[i], got[i]) {
			t.Errorf("%s: search %+v differs:\n want %+v\n  got %+v", what, f, want[i], got[i])
		}
	}
}

func runCopyOK(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, err := runCmd(t, append([]string{"copy"}, args...)...)
	if err != nil {
		t.Fatalf("copy %v: %v\n%s", args, err, errOut)
	}
	for _, table := range sqlstore.Tables {
		if !strings.Contains(out, table.Name) {
			t.Errorf("the summary does not name %s:\n%s", table.Name, out)
		}
	}
	if !strings.Contains(out, "verified") || !strings.Contains(out, "took ") {
		t.Errorf("summary: %s", out)
	}
	t.Logf("lmo copy %s\n%s", strings.Join(args, " "), out)
	return out
}

func TestCopySQLiteToSQLite(t *testing.T) {
	src := copySource(t)
	dst := filepath.Join(t.TempDir(), "copy.db")
	runCopyOK(t, "--from", src, "--to", dst)

	want := sumsOf(t, src)
	for _, s := range want {
		if s.Rows == 0 {
			t.Errorf("table %s is empty in the source", s.Table)
		}
	}
	sameSums(t, "sqlite copy", want, sumsOf(t, dst))
	sameSearches(t, "sqlite copy", searchViews(t, src, true), searchViews(t, dst, true))

	// The revision 2 made by the update came along.
	ctx := lmo.NewContextWithUser(context.Background(), lmo.SystemUser)
	s, err := openStore(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.FindPracticeBySlug(ctx, "ae-wage-protection-system")
	if err != nil {
		t.Fatal(err)
	}
	revs, err := s.PracticeRevisions(ctx, p.ID)
	if err != nil || len(revs) != 2 || p.Version != 2 {
		t.Errorf("revisions in the copy: %d, version %d, %v", len(revs), p.Version, err)
	}
	s.Close()

	// A non-empty target is refused without --force, and left alone.
	other := filepath.Join(t.TempDir(), "other.db")
	if _, _, err := runCmd(t, "seed", "--db", other); err != nil {
		t.Fatal(err)
	}
	otherSums := sumsOf(t, other)
	_, _, err = runCmd(t, "copy", "--from", src, "--to", other)
	if err == nil || !strings.Contains(err.Error(), other) || !strings.Contains(err.Error(), "table regions has rows") || !strings.Contains(err.Error(), "--force") {
		t.Errorf("copy onto a non-empty target: %v", err)
	}
	sameSums(t, "refused target", otherSums, sumsOf(t, other))
	runCopyOK(t, "--from", src, "--to", other, "--force")
	sameSums(t, "forced copy", want, sumsOf(t, other))
	sameSearches(t, "forced copy", searchViews(t, src, true), searchViews(t, other, true))
	wantAppendOnly(t, other)

	// Usage and mistakes.
	if _, errOut, err := runCmd(t, "copy", "-h"); !errors.Is(err, flag.ErrHelp) || !strings.Contains(errOut, "Usage: lmo copy") || !strings.Contains(errOut, "-force") {
		t.Errorf("copy -h: %v %q", err, errOut)
	}
	if _, _, err := runCmd(t, "copy", "--from", src); err == nil || !strings.Contains(err.Error(), "--to") {
		t.Errorf("copy without --to: %v", err)
	}
	if _, _, err := runCmd(t, "copy", "--from", src, "--to", src, "--force"); err == nil || !strings.Contains(err.Error(), "same database") {
		t.Errorf("copy onto itself: %v", err)
	}
	missing := filepath.Join(t.TempDir(), "missing.db")
	if _, _, err := runCmd(t, "copy", "--from", missing, "--to", filepath.Join(t.TempDir(), "x.db")); err == nil {
		t.Error("copy from a missing file succeeded")
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("copy created the missing source")
	}
}

// TestCopyFailureWritesNothing breaks the last row the copy reads: the
// copy fails naming the table, and the target keeps what it had.
func TestCopyFailureWritesNothing(t *testing.T) {
	src := copySource(t)
	ctx := context.Background()
	s, err := sqlite.Open(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	// The audit log refuses updates: the bad row is a new last one.
	if _, err := s.SQL().ExecContext(ctx, `INSERT INTO audit_log (created_at, actor, action, entity, entity_id) VALUES ('yesterday', 'test', 'break', 'copy', '')`); err != nil {
		t.Fatal(err)
	}
	s.Close()

	empty := filepath.Join(t.TempDir(), "empty.db")
	_, _, err = runCmd(t, "copy", "--from", src, "--to", empty)
	if err == nil || !strings.Contains(err.Error(), "audit_log") {
		t.Fatalf("copy of a bad timestamp: %v", err)
	}
	for _, s := range sumsOf(t, empty) {
		if s.Rows != 0 {
			t.Errorf("a failed copy left %d rows in %s", s.Rows, s.Table)
		}
	}

	full := filepath.Join(t.TempDir(), "full.db")
	if _, _, err := runCmd(t, "seed", "--db", full); err != nil {
		t.Fatal(err)
	}
	before := sumsOf(t, full)
	if _, _, err := runCmd(t, "copy", "--from", src, "--to", full, "--force"); err == nil {
		t.Fatal("a forced copy of a bad source succeeded")
	}
	sameSums(t, "failed forced copy", before, sumsOf(t, full))
	res, err := openAndSearch(t, full, lmo.PracticeFilter{Query: "domestic workers"})
	if err != nil || res.Total == 0 {
		t.Errorf("search after a failed forced copy: %+v %v", res, err)
	}
}

func openAndSearch(t *testing.T, dsn string, f lmo.PracticeFilter) (*lmo.PracticeResults, error) {
	t.Helper()
	s, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return s.SearchPractices(context.Background(), f)
}

func TestCopyPostgres(t *testing.T) {
	pg := pgtest.NewDatabase(t)
	src := copySource(t)
	back := filepath.Join(t.TempDir(), "back.db")
	runCopyOK(t, "--from", src, "--to", pg)
	runCopyOK(t, "--from", pg, "--to", back)

	want := sumsOf(t, src)
	sameSums(t, "postgres copy", want, sumsOf(t, pg))
	sameSums(t, "sqlite copy of the postgres copy", want, sumsOf(t, back))
	srcViews := searchViews(t, src, false)
	sameSearches(t, "postgres copy", srcViews, searchViews(t, pg, false))
	sameSearches(t, "sqlite copy of the postgres copy", srcViews, searchViews(t, back, false))
	sameSearches(t, "sqlite copy of the postgres copy", searchViews(t, src, true), searchViews(t, back, true))

	// New rows get new ids: the sequences were reset.
	createOn := func(slug string) {
		t.Helper()
		ctx := lmo.NewContextWithUser(context.Background(), lmo.SystemUser)
		s, err := openStore(ctx, pg)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		all, err := s.SearchPractices(ctx, lmo.PracticeFilter{Limit: lmo.MaxExport, NoFacets: true})
		if err != nil {
			t.Fatal(err)
		}
		var maxID int64
		for _, h := range all.Hits {
			maxID = max(maxID, h.ID)
		}
		p, err := s.FindPracticeBySlug(ctx, "ae-wage-protection-system")
		if err != nil {
			t.Fatal(err)
		}
		p.ID, p.Version, p.Slug = 0, 0, slug
		p.Organisations = append(p.Organisations, lmo.PracticeOrganisation{Name: "Copy Test Organisation " + slug, Type: "ngo", Role: lmo.OrgPartner})
		if err := s.CreatePractice(ctx, p, "after the copy"); err != nil {
			t.Fatalf("creating a practice on the copy: %v", err)
		}
		if p.ID <= maxID {
			t.Errorf("new practice id %d, want more than %d", p.ID, maxID)
		}
	}
	createOn("created-after-copy")

	// A non-empty target is refused without --force and keeps its rows.
	before := sumsOf(t, pg)
	_, _, err := runCmd(t, "copy", "--from", src, "--to", pg)
	if err == nil || !strings.Contains(err.Error(), "not empty") || !strings.Contains(err.Error(), "table regions has rows") || !strings.Contains(err.Error(), "lmo_test") {
		t.Errorf("copy onto a non-empty PostgreSQL target: %v", err)
	}
	sameSums(t, "refused postgres target", before, sumsOf(t, pg))

	// With --force it is replaced by the source, and still takes new rows.
	runCopyOK(t, "--from", src, "--to", pg, "--force")
	sameSums(t, "forced postgres copy", want, sumsOf(t, pg))
	sameSearches(t, "forced postgres copy", srcViews, searchViews(t, pg, false))
	createOn("created-after-forced-copy")

	// PostgreSQL to PostgreSQL.
	pg2 := pgtest.NewDatabase(t)
	runCopyOK(t, "--from", pg, "--to", pg2)
	sameSums(t, "postgres to postgres", sumsOf(t, pg), sumsOf(t, pg2))
}

// wantAppendOnly fails unless the SQLite database at path still refuses to
// delete audit entries (a forced copy empties the log past its triggers
// and must create them again).
func wantAppendOnly(t *testing.T, path string) {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.SQL().ExecContext(context.Background(), `DELETE FROM audit_log`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("deleting the audit log after a forced copy: %v", err)
	}
}
