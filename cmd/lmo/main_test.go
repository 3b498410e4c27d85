package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/starter"
)

func runCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cmd.db")
	if out, _, err := runCmd(t, "version"); err != nil || !strings.HasPrefix(out, "lmo ") {
		t.Errorf("version: %q %v", out, err)
	}
	if _, _, err := runCmd(t, "serve", "-h"); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("serve -h: %v", err)
	}
	if _, errOut, err := runCmd(t, "frobnicate"); err == nil || !strings.Contains(errOut, "Commands:") {
		t.Errorf("unknown command: %v %q", err, errOut)
	}
	if out, _, err := runCmd(t, "migrate", "--db", db); err != nil || !strings.Contains(out, "migrated") {
		t.Fatalf("migrate: %q %v", out, err)
	}
	data, err := starter.Load()
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, "seed", "--db", db)
	if err != nil || !strings.Contains(out, "practices "+itoa(len(data.Practices))+" created") {
		t.Fatalf("seed: %q %v", out, err)
	}
	out, _, err = runCmd(t, "seed", "--db", db)
	if err != nil || !strings.Contains(out, "0 created, 0 updated, "+itoa(len(data.Practices))+" unchanged") {
		t.Fatalf("second seed: %q %v", out, err)
	}

	// An export is in the import format: it reads back as the same practices.
	file := filepath.Join(t.TempDir(), "export.json")
	if _, _, err := runCmd(t, "export", "--db", db, "-o", file); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var exported []*lmo.Practice
	if err := dec.Decode(&exported); err != nil {
		t.Fatalf("the export does not decode in the import format: %v", err)
	}
	bySlug := map[string]*lmo.Practice{}
	for _, p := range exported {
		bySlug[p.Slug] = p
	}
	for _, p := range data.Practices {
		if e := bySlug[p.Slug]; e == nil || !e.SameContent(p) {
			t.Errorf("practice %s does not survive the export", p.Slug)
		}
	}
	// Import: a changed practice becomes a new version; a bad file writes
	// nothing and names the item at fault.
	exported[0].Summary = "A summary changed by the import test."
	exported[0].Lessons = "A lesson written by the import test."
	exported[0].Evaluations = []lmo.Source{{Title: "An evaluation", Publisher: "Evaluation Office", URL: "https://example.org/eval", Year: 2022}}
	exported[0].FactsChecked = "2025-03-14"
	exported[0].Contact = &lmo.Contact{Organisation: "A ministry", URL: "https://example.org/contact"}
	exported[1].Themes = append(exported[1].Themes, "no-such-theme")
	bad, _ := json.Marshal(exported)
	badFile := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(badFile, bad, 0o600)
	if _, _, err := runCmd(t, "import", "--db", db, "--file", badFile); err == nil || !strings.Contains(err.Error(), `item 2: Practice "`+exported[1].Slug+`": themes: unknown value "no-such-theme"`) {
		t.Errorf("importing a bad file: %v", err)
	}
	exported[1].Themes = exported[1].Themes[:len(exported[1].Themes)-1]
	good, _ := json.Marshal(exported)
	goodFile := filepath.Join(t.TempDir(), "good.json")
	os.WriteFile(goodFile, good, 0o600)
	out, _, err = runCmd(t, "import", "--db", db, "--file", goodFile)
	if err != nil || !strings.Contains(out, "0 created, 1 updated, "+itoa(len(exported)-1)+" unchanged") {
		t.Errorf("import: %q %v", out, err)
	}
	// What the import set (lessons, evaluations, facts_checked, the
	// contact's organisation) comes out of the next export unchanged.
	again := filepath.Join(t.TempDir(), "again.json")
	if _, _, err := runCmd(t, "export", "--db", db, "-o", again); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(again)
	var reexported []*lmo.Practice
	if err := json.Unmarshal(b, &reexported); err != nil {
		t.Fatal(err)
	}
	if i := slices.IndexFunc(reexported, func(p *lmo.Practice) bool { return p.Slug == exported[0].Slug }); i < 0 || !reexported[i].SameContent(exported[0]) {
		t.Errorf("practice %s with details does not survive import and export", exported[0].Slug)
	}

	_, errOut, err := runCmd(t, "export", "--db", db, "--country", "PH", "-o", filepath.Join(t.TempDir(), "ph.json"))
	if err != nil || !strings.Contains(errOut, "exported ") {
		t.Errorf("export --country: %q %v", errOut, err)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// startMain starts the whole program on a free port with a fresh database.
func startMain(t *testing.T) *Main {
	t.Helper()
	m := &Main{Addr: "127.0.0.1:0", DBPath: filepath.Join(t.TempDir(), "e2e.db"), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return m
}

func TestServeSeedsAndShutsDown(t *testing.T) {
	m := startMain(t)
	resp, err := http.Get(m.URL() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("/healthz: %d", resp.StatusCode)
	}
	st, err := m.DB.PracticeStats(context.Background())
	if err != nil || st.Practices == 0 {
		t.Fatalf("the first start did not seed: %+v %v", st, err)
	}
}

// TestImportRejectsMalformedFiles feeds lmo import files that are not a
// well-formed array of practices: each fails with the place named, and
// nothing is written. A byte order mark, as publishers' files carry, is
// accepted.
func TestImportRejectsMalformedFiles(t *testing.T) {
	db := filepath.Join(t.TempDir(), "lmo.db")
	if _, _, err := runCmd(t, "seed", "--db", db); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	practices := func() int {
		s, err := openStore(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		res, err := s.SearchPractices(ctx, lmo.PracticeFilter{Limit: 1, NoFacets: true})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	before := practices()
	valid := `{"slug": "x-new", "title": "T", "summary": "S", "status": "ongoing", "countries": [{"code": "PH", "role": "origin"}]}`
	for _, tt := range []struct{ body, want string }{
		{`[null]`, "item 1 (line 1, column 2)"},
		{`null`, "line 1, column 1"},
		{`[` + valid + `] garbage`, "line 1, column"},
		{"[\n" + valid + ",\n{\"slug\": 3}]", "item 2 (line 3"},
		{"", "empty"},
	} {
		file := filepath.Join(t.TempDir(), "in.json")
		os.WriteFile(file, []byte(tt.body), 0o600)
		_, _, err := runCmd(t, "import", "--db", db, "--file", file)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("import %q: %v, want an error naming %q", tt.body, err, tt.want)
		}
	}
	if n := practices(); n != before {
		t.Fatalf("malformed imports wrote: %d practices, had %d", n, before)
	}
	file := filepath.Join(t.TempDir(), "bom.json")
	os.WriteFile(file, []byte("\ufeff[]"), 0o600)
	if out, _, err := runCmd(t, "import", "--db", db, "--file", file); err != nil || !strings.Contains(out, "0 created") {
		t.Errorf("import of an empty array with a BOM: %q %v", out, err)
	}
}
