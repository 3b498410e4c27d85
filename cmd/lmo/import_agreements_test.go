package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/sqlite"
)

// agreementSlugs opens a database and lists the slugs of its agreements.
func agreementSlugs(t *testing.T, db string) string {
	t.Helper()
	s, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	as, err := s.FindAgreements(context.Background(), lmo.AgreementFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var slugs []string
	for _, a := range as {
		slugs = append(slugs, a.Slug)
	}
	return strings.Join(slugs, " ")
}

// TestImportAgreements imports an agreements file twice (the second time
// changes nothing), a changed one (one updated), then files with a bad
// row: each fails naming the line and column, and nothing is written. The
// rows are made up for the test.
func TestImportAgreements(t *testing.T) {
	db := filepath.Join(t.TempDir(), "lmo.db")
	if _, _, err := runCmd(t, "seed", "--db", db); err != nil {
		t.Fatal(err)
	}
	seeded := agreementSlugs(t, db)
	if seeded == "" {
		t.Fatal("lmo seed wrote no agreements")
	}
	header := "parties,slug,title,type,signed,source_title,source_url\n"
	good := writeFile(t, header+"Philippines ESP,test-one,Test one,social-security,1988,S,https://example.org/1\n"+
		"\"Peru; Chile\",test-two,Test two,mou,2019-03,S,https://example.org/2\n")
	out, _, err := runCmd(t, "import", "agreements", "--db", db, good)
	if err != nil || !strings.Contains(out, "agreements 2 created, 0 updated, 0 unchanged") {
		t.Fatalf("first import: %q %v", out, err)
	}
	out, _, err = runCmd(t, "import", "agreements", "--db", db, "--file", good)
	if err != nil || !strings.Contains(out, "agreements 0 created, 0 updated, 2 unchanged") {
		t.Fatalf("the same file again: %q %v", out, err)
	}
	changed := writeFile(t, header+"PH ES,test-one,Test one (changed),social-security,1988,S,https://example.org/1\n")
	out, _, err = runCmd(t, "import", "agreements", "--db", db, changed)
	if err != nil || !strings.Contains(out, "agreements 0 created, 1 updated, 0 unchanged") {
		t.Fatalf("a changed title: %q %v", out, err)
	}
	want := agreementSlugs(t, db)
	if !strings.Contains(want, "test-one") || !strings.Contains(want, "test-two") {
		t.Fatalf("agreements after the imports: %s", want)
	}
	for _, tc := range []struct{ name, file, want string }{
		{"unknown country", header + "PH Atlantis,test-three,T,mou,,S,https://example.org/t\n", `line 2, column 1 (parties): country "Atlantis"`},
		{"bad date on the third line", header + "PH ES,test-three,T,mou,,S,https://example.org/t\nPH ES,test-four,T,mou,1988-13,S,https://example.org/t\n", "line 3, column 5 (signed)"},
		{"a slug twice", header + "PH ES,test-three,T,mou,,S,https://example.org/t\nPH PE,test-three,T,mou,,S,https://example.org/t\n", "line 3: the slug test-three is also on line 2"},
		{"no source column", "slug,title,type,parties\n", "line 1: the header row has no column source title"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := runCmd(t, "import", "agreements", "--db", db, writeFile(t, tc.file))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
			if got := agreementSlugs(t, db); got != want {
				t.Errorf("a failed import changed the agreements: %s", got)
			}
		})
	}
}
