package lmo_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	lmo "github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/problemtest"
)

// TestProblemsHaveKeys: every problem that validation finds has a message
// key, and so has every field name inside its message, so that a form can
// show it in French and Spanish.
func TestProblemsHaveKeys(t *testing.T) {
	problems := problemtest.Problems()
	if len(problems) == 0 {
		t.Fatal("the bad records have no problems")
	}
	for _, p := range problems {
		if p.Key == "" {
			t.Errorf("problem of %s without a key: %q", p.Field, p.Message)
		}
		for _, a := range p.Args {
			if ph, ok := a.(lmo.Phrase); ok && ph.Key == "" {
				t.Errorf("problem %s (%q) names a field without a key: %q", p.Key, p.Message, ph)
			}
		}
	}
}

// problemKey is a message key as the source writes it, or the name of a
// field whose key fieldName makes.
var problemKey = regexp.MustCompile(`"(problem\.[a-z0-9_.]*[a-z0-9_])"|fieldName\("([a-z0-9_]+)"\)`)

// TestProblemKeysCovered: each message key in the package's source is one
// that the bad records of problemtest produce, so that the tests which use
// them (here and in web) see every message.
func TestProblemKeysCovered(t *testing.T) {
	seen := map[string]bool{}
	var collect func(key string, args []any)
	collect = func(key string, args []any) {
		seen[key] = true
		for _, a := range args {
			if ph, ok := a.(lmo.Phrase); ok {
				collect(ph.Key, ph.Args)
			}
		}
	}
	for _, p := range problemtest.Problems() {
		collect(p.Key, p.Args)
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var inSource []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range problemKey.FindAllStringSubmatch(string(b), -1) {
			if m[1] != "" {
				inSource = append(inSource, m[1])
			} else {
				inSource = append(inSource, "problem.field."+m[2])
			}
		}
	}
	if len(inSource) == 0 {
		t.Fatal("no message key in the source")
	}
	for _, k := range inSource {
		if !seen[k] {
			t.Errorf("no bad record of problemtest produces the problem %s", k)
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	t.Logf("%d keys: %s", len(keys), strings.Join(keys, " "))
}
