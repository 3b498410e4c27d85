package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestAPILanguage: the reference endpoints answer in the language asked
// for by ?lang or else Accept-Language, say so in Content-Language and
// Vary, give every language with its sources for lang=all, and refuse any
// other lang with a 400 that names the values allowed; each answer follows
// the OpenAPI document.
func TestAPILanguage(t *testing.T) {
	ts, _ := newTestServer(t)
	_, v := openAPIDoc(t, ts)
	getDoc := func(t *testing.T, path string, wantLang string, header ...string) map[string]any {
		t.Helper()
		req, resp, body := fetch(t, ts, path, header...)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
		}
		if got := resp.Header.Get("Content-Language"); got != wantLang {
			t.Errorf("GET %s %v: Content-Language %q, want %q", path, header, got, wantLang)
		}
		if vary := strings.Join(resp.Header.Values("Vary"), ", "); !strings.Contains(vary, "Accept-Language") {
			t.Errorf("GET %s: Vary %q lacks Accept-Language", path, vary)
		}
		if ok, errs := v.ValidateHttpRequest(req); !ok {
			t.Errorf("GET %s: the request does not match the document:%s", path, describe(errs))
		}
		validateResponse(t, v, req, resp, body)
		var doc map[string]any
		if err := json.Unmarshal(body, &doc); err != nil {
			t.Fatal(err)
		}
		return doc
	}
	term := func(doc map[string]any, vocab, code string) map[string]any {
		for _, vv := range doc["vocabularies"].([]any) {
			if vv.(map[string]any)["id"] == vocab {
				for _, tt := range vv.(map[string]any)["terms"].([]any) {
					if tt.(map[string]any)["code"] == code {
						return tt.(map[string]any)
					}
				}
			}
		}
		t.Fatalf("no term %s %s", vocab, code)
		return nil
	}
	find := func(doc map[string]any, list, key, code string) map[string]any {
		for _, it := range doc[list].([]any) {
			if it.(map[string]any)[key] == code {
				return it.(map[string]any)
			}
		}
		t.Fatalf("no %s %s in %s", key, code, list)
		return nil
	}

	const gcm1fr = "Collecter et utiliser des données précises et ventilées qui serviront à l’élaboration de politiques fondées sur la connaissance des faits"
	for _, c := range []struct {
		name, path, lang    string
		header              []string
		gcm1, theme, region string
		country             string
		ownTheme, ownRegion bool
		c189                string
	}{
		{"default", "", "en", nil, "Collect and utilize accurate and disaggregated data as a basis for evidence-based policies", "Fair recruitment", "Arab States", "Germany", false, false,
			"Domestic Workers Convention, 2011 (No. 189)"},
		{"lang=fr", "?lang=fr", "fr", nil, gcm1fr, "Recrutement équitable", "États arabes", "Allemagne", true, true,
			"Convention (n° 189) sur les travailleuses et travailleurs domestiques, 2011"},
		{"lang=es", "?lang=es", "es", []string{"Accept-Language", "fr"}, "Recopilar y utilizar datos exactos y desglosados para formular políticas con base empírica",
			"Contratación equitativa", "Estados Árabes", "Alemania", true, true, "Convenio sobre las trabajadoras y los trabajadores domésticos, 2011 (núm. 189)"},
		{"Accept-Language fr-CA", "", "fr", []string{"Accept-Language", "de-DE, fr-CA;q=0.8, en;q=0.5"}, gcm1fr, "Recrutement équitable", "États arabes", "Allemagne", true, true,
			"Convention (n° 189) sur les travailleuses et travailleurs domestiques, 2011"},
		{"Accept-Language unmatched", "", "en", []string{"Accept-Language", "de, ja"}, "Collect and utilize accurate and disaggregated data as a basis for evidence-based policies",
			"Fair recruitment", "Arab States", "Germany", false, false, "Domestic Workers Convention, 2011 (No. 189)"},
		{"lang=en beats Accept-Language", "?lang=en", "en", []string{"Accept-Language", "es"}, "Collect and utilize accurate and disaggregated data as a basis for evidence-based policies",
			"Fair recruitment", "Arab States", "Germany", false, false, "Domestic Workers Convention, 2011 (No. 189)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			vocabs := getDoc(t, "/api/v1/vocabularies"+c.path, c.lang, c.header...)
			if got := term(vocabs, "gcm-objective", "1"); got["label"] != c.gcm1 || got["own_translation"] != nil || got["translations"] != nil {
				t.Errorf("GCM objective 1: %v, want label %q, official", got, c.gcm1)
			}
			if got := term(vocabs, "theme", "fair-recruitment"); got["label"] != c.theme || (got["own_translation"] == true) != c.ownTheme {
				t.Errorf("theme: %v, want %q own %v", got, c.theme, c.ownTheme)
			}
			regions := getDoc(t, "/api/v1/regions"+c.path, c.lang, c.header...)
			if got := find(regions, "regions", "code", "arab-states"); got["name"] != c.region || (got["own_translation"] == true) != c.ownRegion {
				t.Errorf("region: %v, want %q own %v", got, c.region, c.ownRegion)
			}
			countries := getDoc(t, "/api/v1/countries"+c.path, c.lang, c.header...)
			if got := find(countries, "countries", "code", "DE"); got["name"] != c.country || got["name_fr"] != "Allemagne" {
				t.Errorf("country: %v, want %q", got, c.country)
			}
			c189 := getDoc(t, "/api/v1/instruments/C189"+c.path, c.lang, c.header...)
			if c189["title"] != c.c189 || c189["translations"] != nil {
				t.Errorf("C189: title %q translations %v, want %q and none", c189["title"], c189["translations"], c.c189)
			}
			list := getDoc(t, "/api/v1/instruments"+c.path, c.lang, c.header...)
			if got := find(list, "items", "code", "C189"); got["title"] != c.c189 {
				t.Errorf("C189 in the list: %q, want %q", got["title"], c.c189)
			}
		})
	}

	// Countries in the language's order: Égypte among the E's in French.
	countries := getDoc(t, "/api/v1/countries?lang=fr", "fr")
	pos := map[string]int{}
	for i, c := range countries["countries"].([]any) {
		pos[c.(map[string]any)["code"].(string)] = i
	}
	if !(pos["EG"] < pos["ES"] && pos["ES"] < pos["FR"]) {
		t.Errorf("French order: Égypte %d, Espagne %d, France %d", pos["EG"], pos["ES"], pos["FR"])
	}

	t.Run("all", func(t *testing.T) {
		vocabs := getDoc(t, "/api/v1/vocabularies?lang=all", "en, fr, es", "Accept-Language", "es")
		gcm := term(vocabs, "gcm-objective", "1")
		fr, _ := gcm["translations"].(map[string]any)["fr"].(map[string]any)
		if gcm["label"] != "Collect and utilize accurate and disaggregated data as a basis for evidence-based policies" || fr["label"] != gcm1fr ||
			fr["official"] != true || !strings.HasPrefix(fr["source_url"].(string), "https://") {
			t.Errorf("GCM objective 1: %v", gcm)
		}
		theme := term(vocabs, "theme", "fair-recruitment")
		es, _ := theme["translations"].(map[string]any)["es"].(map[string]any)
		if es["label"] != "Contratación equitativa" || es["official"] != false || es["source_url"] != nil {
			t.Errorf("theme: %v", theme)
		}
		regions := getDoc(t, "/api/v1/regions?lang=all", "en, fr, es")
		if r := find(regions, "regions", "code", "arab-states"); r["name"] != "Arab States" || r["translations"] == nil {
			t.Errorf("region: %v", r)
		}
		c189 := getDoc(t, "/api/v1/instruments/C189?lang=all", "en, fr, es")
		tr, _ := c189["translations"].(map[string]any)
		if c189["title"] != "Domestic Workers Convention, 2011 (No. 189)" || len(tr) != 2 {
			t.Errorf("C189: %v", c189)
		}
	})

	t.Run("bad lang", func(t *testing.T) {
		for _, path := range []string{"/api/v1/vocabularies?lang=de", "/api/v1/countries?lang=FR", "/api/v1/instruments/C189?lang=", "/api/v1/regions?lang=fr-CA"} {
			req, resp, body := fetch(t, ts, path)
			if resp.StatusCode != http.StatusBadRequest || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
				t.Fatalf("GET %s: %d %s, want a 400 problem", path, resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			if !strings.Contains(string(body), "en, fr, es or all") {
				t.Errorf("GET %s: %s does not say which values are allowed", path, body)
			}
			if ok, errs := v.ValidateHttpRequest(req); ok || !strings.Contains(describe(errs), "'lang'") {
				t.Errorf("GET %s: the document should refuse the lang:%s", path, describe(errs))
			}
			validateResponse(t, v, req, resp, body)
		}
	})

	// The response cache keeps each language apart: French after English
	// on the same address is French.
	t.Run("cache", func(t *testing.T) {
		for _, lang := range []string{"en", "fr", "en", "es"} {
			want := map[string]string{"en": "Arab States", "fr": "États arabes", "es": "Estados Árabes"}[lang]
			regions := getDoc(t, "/api/v1/regions", lang, "Accept-Language", lang)
			if got := find(regions, "regions", "code", "arab-states")["name"]; got != want {
				t.Errorf("Accept-Language %s: %q, want %q", lang, got, want)
			}
		}
	})
}
