package web

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	lmo "github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/problemtest"
)

// problemKeys returns the message keys of p and of the Phrases among its
// arguments.
func problemKeys(key string, args []any) []string {
	keys := []string{key}
	for _, a := range args {
		if ph, ok := a.(lmo.Phrase); ok {
			keys = append(keys, problemKeys(ph.Key, ph.Args)...)
		}
	}
	return keys
}

// TestProblemMessages: every problem that validation finds (the bad records
// of problemtest, which lmo's tests check cover every key in its source)
// has its key, and the keys of the field names inside it, in English,
// French and Spanish; in English problemMessage is the problem's Message
// word for word, and in French and Spanish it is formatted without error.
func TestProblemMessages(t *testing.T) {
	problems := problemtest.Problems()
	if len(problems) == 0 {
		t.Fatal("no problems")
	}
	for _, p := range problems {
		for _, key := range problemKeys(p.Key, p.Args) {
			for _, lang := range languages {
				if _, ok := messages[lang][key]; !ok {
					t.Errorf("%s: no message %s", lang, key)
				}
			}
		}
		if got := problemMessage("en", p); got != p.Message {
			t.Errorf("problemMessage(en, %s) = %q, want %q", p.Key, got, p.Message)
		}
		for _, lang := range languages[1:] {
			got := problemMessage(lang, p)
			if strings.Contains(got, "%!") || strings.Contains(got, "??") || got == p.Message {
				t.Errorf("problemMessage(%s, %s) = %q", lang, p.Key, got)
			}
		}
	}
	if got := problemMessage("fr", lmo.FieldProblem{Field: "x", Message: "as typed"}); got != "as typed" {
		t.Errorf("a problem without a key: %q", got)
	}
	if got := problemMessage("fr", lmo.FieldProblem{Field: "x", Message: "as typed", Key: "problem.nope"}); got != "as typed" {
		t.Errorf("a problem with an unknown key: %q", got)
	}
}

// fmtVerb is a fmt verb, with its explicit argument index if any.
var fmtVerb = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d+)?([a-zA-Z%])`)

// verbsByArg returns the verb (flags and width included) that format gives
// each argument, by argument number from 1.
func verbsByArg(format string) map[int]string {
	out := map[int]string{}
	n := 0
	for _, m := range fmtVerb.FindAllStringSubmatch(format, -1) {
		if m[2] == "%" {
			continue
		}
		if m[1] != "" {
			n, _ = strconv.Atoi(m[1])
		} else {
			n++
		}
		out[n] = strings.Replace(m[0], "["+m[1]+"]", "", 1)
	}
	return out
}

// TestProblemCatalogs: the French and Spanish problems have exactly the
// English keys, and each formats the same arguments with the same verbs.
func TestProblemCatalogs(t *testing.T) {
	for lang, catalog := range map[string]map[string]string{"fr": problemMessagesFR, "es": problemMessagesES} {
		for key, en := range problemMessagesEN {
			local, ok := catalog[key]
			if !ok {
				t.Errorf("%s: no %s", lang, key)
				continue
			}
			want, got := verbsByArg(en), verbsByArg(local)
			if len(want) != len(got) {
				t.Errorf("%s %s: verbs %v, English %v", lang, key, got, want)
				continue
			}
			for i, v := range want {
				if got[i] != v {
					t.Errorf("%s %s: argument %d as %q, English %q", lang, key, i, got[i], v)
				}
			}
		}
		for key := range catalog {
			if _, ok := problemMessagesEN[key]; !ok {
				t.Errorf("%s: %s is not an English key", lang, key)
			}
		}
	}
	for key := range problemMessagesEN {
		if !strings.HasPrefix(key, "problem.") {
			t.Errorf("%s: a problem's key begins problem.", key)
		}
	}
	if got := verbsByArg("%[2]s, %[1]q %%"); len(got) != 2 || got[1] != "%q" || got[2] != "%s" {
		t.Errorf("verbsByArg: %v", got)
	}
	if got := verbsByArg("%s U+%04X %d"); !slices.Equal([]string{got[1], got[2], got[3]}, []string{"%s", "%04X", "%d"}) {
		t.Errorf("verbsByArg: %v", got)
	}
}
