package web

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestCatalogComplete: every interface language has exactly the English
// keys, each message with the same arguments as the English one (the same
// verb for each argument, in any order), so that no page falls back to
// English and no translation drops or garbles a value.
func TestCatalogComplete(t *testing.T) {
	en := messages[defaultLang]
	for _, lang := range languages[1:] {
		cat := messages[lang]
		var missing, extra []string
		for k := range en {
			if _, ok := cat[k]; !ok {
				missing = append(missing, k)
			}
		}
		for k := range cat {
			if _, ok := en[k]; !ok {
				extra = append(extra, k)
			}
		}
		sort.Strings(missing)
		sort.Strings(extra)
		if len(missing) > 0 {
			t.Errorf("%s: %d keys missing: %s", lang, len(missing), strings.Join(missing, ", "))
		}
		if len(extra) > 0 {
			t.Errorf("%s: %d keys that English does not have: %s", lang, len(extra), strings.Join(extra, ", "))
		}
		for k, msg := range cat {
			if want, ok := en[k]; ok && !slices.Equal(msgArgs(msg), msgArgs(want)) {
				t.Errorf("%s %s: arguments %v, English %v (%q)", lang, k, msgArgs(msg), msgArgs(want), msg)
			}
		}
	}
}

// verb matches a fmt verb, with an optional explicit argument index.
var verb = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d+)?([a-zA-Z%])`)

// msgArgs returns the verb used for each argument of a message, by
// argument position: ["s", "d"] for "%s: %d", and for "%[2]d %[1]s" too.
func msgArgs(msg string) []string {
	var out []string
	next := 0
	for _, m := range verb.FindAllStringSubmatch(msg, -1) {
		if m[2] == "%" {
			continue
		}
		if m[1] != "" {
			next, _ = strconv.Atoi(m[1])
			next--
		}
		for len(out) <= next {
			out = append(out, "")
		}
		out[next] = m[2]
		next++
	}
	return out
}

// TestCatalogUsed: every key the templates and the code name is in the
// catalog, and every key in the catalog is named somewhere (whole, or by a
// prefix the code completes, such as "month."), so that the catalog holds
// no dead text to translate.
func TestCatalogUsed(t *testing.T) {
	literals := map[string]bool{}
	str := regexp.MustCompile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"|`([^`]*)`")
	var files []string
	for _, pattern := range []string{"*.go", "../*.go", "templates/*.html", "templates/partials/*.html"} { // ../: the validation problems named in package lmo
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	named := regexp.MustCompile(`(?:\{\{-?\s*tn? |\(tn? |translate\([\w.]+, |translateCount\([\w.]+, |pluralKey\([\w.]+, )"([\w.-]+)"\s*[,)}]`)
	token := regexp.MustCompile(`"([\w.-]+)"`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || strings.HasPrefix(filepath.Base(f), "messages") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range str.FindAllStringSubmatch(string(b), -1) {
			literals[m[1]+m[2]] = true
		}
		for _, m := range token.FindAllStringSubmatch(string(b), -1) {
			literals[m[1]] = true // inside a template's quoted attribute too
		}
		for _, m := range named.FindAllStringSubmatch(string(b), -1) {
			if _, ok := messages[defaultLang][m[1]]; !ok {
				t.Errorf("%s names %q, which the catalog does not have", f, m[1])
			}
		}
	}
	// A prefix the code completes: "month." + n, printf "account.role.%s",
	// or a key the code extends (fullList's key + ".all").
	var prefixes []string
	for l := range literals {
		l, _, _ = strings.Cut(l, "%s")
		switch {
		case strings.ContainsAny(l, " /"):
		case strings.HasSuffix(l, ".") && len(l) > 2:
			prefixes = append(prefixes, l)
		case strings.Contains(l, "."):
			prefixes = append(prefixes, l+".")
		}
	}
	var unused []string
	for k := range messages[defaultLang] {
		base := strings.TrimSuffix(k, ".one")
		if literals[k] || literals[base] || slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(k, p) }) {
			continue
		}
		unused = append(unused, k)
	}
	sort.Strings(unused)
	if len(unused) > 0 {
		t.Errorf("%d keys no code or template names: %s", len(unused), strings.Join(unused, ", "))
	}
}

// TestMsgArgs: the argument lists the catalog test compares.
func TestMsgArgs(t *testing.T) {
	for msg, want := range map[string][]string{
		"%s: %d":            {"s", "d"},
		"%[2]d %[1]s":       {"s", "d"},
		"100%% of %.1f":     {"f"},
		"none":              nil,
		"%[1]s %[2]s %[3]s": {"s", "s", "s"},
	} {
		if got := msgArgs(msg); !slices.Equal(got, want) {
			t.Errorf("msgArgs(%q) = %v, want %v", msg, got, want)
		}
	}
}
