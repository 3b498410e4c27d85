package main

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// longestPractice returns the slug of the practice whose title and summary
// are longest: the one whose key facts start lowest on a phone.
func longestPractice(t *testing.T, base string) string {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/practices?per_page=100")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list struct {
		Items []struct {
			Slug    string `json:"slug"`
			Title   string `json:"title"`
			Summary string `json:"summary"`
		} `json:"items"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil || len(list.Items) == 0 {
		t.Fatalf("no practices: %v", err)
	}
	best, n := "", 0
	for _, p := range list.Items {
		if l := len(p.Title)*2 + len(p.Summary); l > n {
			best, n = p.Slug, l
		}
	}
	return best
}

// emulateMedia sets the emulated media type ("print", "") and the colour
// scheme ("dark", "").
func emulateMedia(t *testing.T, ctx context.Context, media, scheme string) {
	t.Helper()
	do(t, ctx, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media,
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
		return err
	}))
}

// menuOnOneLine is true when every item of the header menu sits on the same
// line and none is cut off.
const menuOnOneLine = `(() => {
  const items = [...document.querySelectorAll("header.site nav:not(.languages) li")];
  const ul = document.querySelector("header.site nav:not(.languages) ul");
  const tops = new Set(items.map(li => Math.round(li.getBoundingClientRect().top)));
  const right = Math.max(...items.map(li => li.getBoundingClientRect().right));
  return items.length >= 4 && tops.size === 1 && ul.scrollWidth <= ul.clientWidth && right <= window.innerWidth;
})()`

// TestBrowserPagesPhone: on a 390x844 phone, a practice page shows its key
// facts on the first screen, and on every page the header menu is one line.
func TestBrowserPagesPhone(t *testing.T) {
	m := startMain(t)
	ctx := browser(t)
	do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))
	slug := longestPractice(t, m.URL())
	navigate(t, ctx, chromedp.Navigate(m.URL()+"/practices/"+slug))
	top := value(t, ctx, chromedp.Evaluate[float64](`document.getElementById("facts-h").getBoundingClientRect().top`))
	countries := value(t, ctx, chromedp.Evaluate[float64](`document.querySelector(".facts dd").getBoundingClientRect().bottom`))
	if top <= 0 || countries > 844 {
		t.Errorf("%s: key facts start %.0f px down and the countries end %.0f px down, not on the first screen (844 px)", slug, top, countries)
	}
	for _, path := range []string{"/", "/practices", "/practices/" + slug, "/countries", "/about", "/api", "/sources"} {
		navigate(t, ctx, chromedp.Navigate(m.URL()+path))
		if !value(t, ctx, chromedp.Evaluate[bool](menuOnOneLine)) {
			t.Errorf("%s: the header menu wraps or is cut off at 390 px: %s", path, value(t, ctx, chromedp.Evaluate[string](`JSON.stringify([...document.querySelectorAll("header.site nav:not(.languages) li")].map(li => [li.getBoundingClientRect().left, li.getBoundingClientRect().right, li.getBoundingClientRect().top]).concat([[document.querySelector("header.site nav:not(.languages) ul").scrollWidth, document.querySelector("header.site nav:not(.languages) ul").clientWidth, window.innerWidth]]))`)))
		}
	}
}

// TestBrowserPrintAndDark: on a desktop a practice's key facts stand beside
// its description, printed pages show where links go, and dark mode darkens
// form fields too.
func TestBrowserPrintAndDark(t *testing.T) {
	m := startMain(t)
	ctx := browser(t)
	navigate(t, ctx, chromedp.Navigate(m.URL()+"/practices/"+longestPractice(t, m.URL())))
	// On a desktop the key facts stand beside the description, on the right.
	if !value(t, ctx, chromedp.Evaluate[bool](`(() => {
	  const f = document.querySelector(".facts").getBoundingClientRect(), b = document.querySelector(".practice .body").getBoundingClientRect();
	  return f.left > b.right && Math.abs(f.top - b.top) < 2;
	})()`)) {
		t.Error("on a desktop the key facts are not beside the description")
	}
	emulateMedia(t, ctx, "print", "")
	after := value(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector(".facts dd a"), "::after").content`))
	href := value(t, ctx, chromedp.Evaluate[string](`document.querySelector(".facts dd a").getAttribute("href")`))
	if after != `" <`+href+`>"` {
		t.Errorf("a printed link is followed by %s, want its address %s", after, href)
	}
	emulateMedia(t, ctx, "", "dark")
	navigate(t, ctx, chromedp.Navigate(m.URL()+"/practices"))
	bg := value(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.getElementById("q")).backgroundColor`))
	if bg == "rgb(255, 255, 255)" {
		t.Errorf("in dark mode the search field is white")
	}
	if scheme := value(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.documentElement).colorScheme`)); scheme != "light dark" {
		t.Errorf("color-scheme is %q, want %q", scheme, "light dark")
	}
}
