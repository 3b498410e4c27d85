package web

import (
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo/svg"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Numbers, dates and plurals in the interface languages. French and
// Spanish numbers are written by golang.org/x/text from CLDR's data
// ("1 234 567,5", "1.234.567,5"); English keeps the observatory's SI style
// ("1 234 567.5", digits grouped by a narrow space, as the charts have
// always written them). Plural forms are CLDR's rules (French says "0
// pratique", English "0 practices"). Dates are the catalog's patterns and
// month names ("date.long", "month.1"...), since x/text has no calendar
// formatting.

// langTags are the interface languages as language tags.
var langTags = map[string]language.Tag{"en": language.English, "fr": language.French, "es": language.Spanish}

// printers write numbers per language; a message.Printer is safe for
// concurrent use.
var printers = map[string]*message.Printer{
	"fr": message.NewPrinter(language.French),
	"es": message.NewPrinter(language.Spanish),
}

// formatNumber writes v with dec decimals as lang writes numbers.
func formatNumber(lang string, v float64, dec int) string {
	p := printers[lang]
	if p == nil {
		return svg.FormatNumber(v, dec)
	}
	if v == 0 || math.Abs(v) < math.Pow(10, -float64(dec))/2 {
		v = 0 // no "-0,0"
	}
	return p.Sprint(number.Decimal(v, number.Scale(dec)))
}

// numberFormat is formatNumber in lang, for the charts.
func numberFormat(lang string) svg.NumberFormat {
	return func(v float64, dec int) string { return formatNumber(lang, v, dec) }
}

// formatCount writes a whole number (a count of practices, parties...) as
// lang writes it.
func formatCount(lang string, n int) string { return formatNumber(lang, float64(n), 0) }

// pluralKey returns the catalog key of n's plural form in lang: key+".one"
// when the language's rule puts n in its "one" form and the catalog has
// that key, else key (the "other" form).
func pluralKey(lang, key string, n int) string { return pluralKeyOf(lang, key, float64(n), 0) }

// pluralKeyOf is pluralKey for x written with dec decimals: French says
// "1,5 million", Spanish "1,5 millones".
func pluralKeyOf(lang, key string, x float64, dec int) string {
	tag, ok := langTags[lang]
	if !ok {
		tag = language.English
	}
	whole, frac, _ := strings.Cut(strconv.FormatFloat(math.Abs(x), 'f', dec, 64), ".")
	i, _ := strconv.Atoi(whole)
	f, _ := strconv.Atoi(frac)
	if plural.Cardinal.MatchPlural(tag, i, dec, dec, f, f) == plural.One {
		if _, ok := messages[defaultLang][key+".one"]; ok {
			return key + ".one"
		}
	}
	return key
}

// translateCount writes the message of key in the plural form of n, with n
// written as a count and then args: "%s practices found".
func translateCount(lang, key string, n int, args ...any) string {
	return translate(lang, pluralKey(lang, key, n), append([]any{formatCount(lang, n)}, args...)...)
}

// longDate writes a day in words in lang: "2 January 2026", "2 janvier
// 2026", "2 de enero de 2026".
func longDate(lang string, t time.Time) string {
	return translate(lang, "date.long", strconv.Itoa(t.Day()), monthName(lang, t.Month()), strconv.Itoa(t.Year()))
}

// longDateTime writes a moment in words with its time of day and zone.
func longDateTime(lang string, t time.Time) string {
	return translate(lang, "date.time", longDate(lang, t), t.Format("15:04 MST"))
}

// monthName returns a month's name in lang, as it stands inside a date.
func monthName(lang string, m time.Month) string {
	return translate(lang, "month."+strconv.Itoa(int(m)))
}

// monthYear writes the month and year of t in words: "March 2025", "mars
// 2025", "marzo de 2025".
func monthYear(lang string, t time.Time) string {
	return translate(lang, "date.month", monthName(lang, t.Month()), strconv.Itoa(t.Year()))
}

// inLang writes text, escaped, for a page in lang: as it is when text is in
// the page's language, else in a span that says its language (textLang),
// so that a screen reader reads it in the right voice and nobody takes it
// for a translation. LMO's own records (agreements, projects, notes) are
// written in English.
func inLang(lang, textLang, text string) template.HTML {
	esc := template.HTMLEscapeString(text)
	if lang == textLang || text == "" {
		return template.HTML(esc)
	}
	return template.HTML(`<span lang="` + textLang + `">` + esc + `</span>`)
}
