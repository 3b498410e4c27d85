package web

import (
	"fmt"
	"html/template"
	"strings"
)

// messages is the message catalog: every string that a person reads on a
// page, by key. English is complete; a French or Spanish catalog is a map
// with the same keys, and the tests check that every key a template uses is
// here.
var messages = map[string]map[string]string{
	"en": {
		"site.name":                   "Labour Migration Observatory",
		"site.short":                  "LMO",
		"site.tagline":                "Good practices, standards and statistics on labour migration, joined up and sourced.",
		"nav.skip":                    "Skip to content",
		"nav.main":                    "Main",
		"nav.home":                    "Home",
		"nav.practices":               "Good practices",
		"nav.countries":               "Countries",
		"nav.about":                   "About and sources",
		"nav.api":                     "API",
		"footer.data":                 "Every fact on this site links to its source.",
		"footer.version":              "Version %s",
		"home.intro":                  "LMO brings together what is known about labour migration: policies and programmes that protect migrant workers, the countries that carry them out, and the sources behind every fact.",
		"home.figures":                "In figures",
		"home.practices":              "good practices",
		"home.countries":              "countries",
		"home.sources":                "sources cited",
		"home.regions":                "Practices by ILO region",
		"home.latest":                 "Latest practices",
		"home.all":                    "Search all good practices",
		"home.search.label":           "Search good practices",
		"search.title":                "Good practices",
		"search.label":                "Search words",
		"search.hint":                 `Words, "exact phrases", -excluded words, OR between alternatives, word* for a prefix.`,
		"search.submit":               "Search",
		"search.apply":                "Apply filters",
		"search.filters":              "Filters",
		"search.years":                "Years active",
		"search.year.from":            "From",
		"search.year.to":              "To",
		"search.sort":                 "Sort by",
		"search.results":              "%d practices found",
		"search.result.one":           "1 practice found",
		"search.none":                 "No practice matches. Remove a filter or try other words.",
		"search.active":               "Active filters",
		"search.remove":               "Remove filter: %s",
		"search.clear":                "Clear all",
		"search.more":                 "Show all %d",
		"search.download":             "Download these results",
		"search.permalink":            "Permalink to this search",
		"search.feed":                 "Atom feed of this search",
		"search.pages":                "Pages",
		"search.prev":                 "Previous",
		"search.next":                 "Next",
		"search.page":                 "Page %d",
		"search.page.of":              "Page %d of %d",
		"search.filters.active":       "Filters (%d active)",
		"search.apply.hint":           "Choose filters, then apply them.",
		"search.years.hint":           "A practice counts when it was active at any time in the range: “From 2020” finds those still running in or after 2020, including those that began earlier.",
		"search.results.title":        "Results",
		"search.sort.apply":           "Sort",
		"search.beyond":               "There is no page %d: this search has %d pages.",
		"search.first":                "First page",
		"search.last":                 "Last page",
		"search.keep":                 "Follow this search",
		"search.words.chip":           "Words: %s",
		"search.title.filtered":       "%s: %s",
		"search.title.page":           "%s, page %d",
		"search.description":          "Search %d good practices in labour migration policy by ILO region, country, theme, GCM objective, target group and years, and download the results as CSV, Excel or JSON.",
		"search.description.filtered": "%d good practices in labour migration policy match this search (%s).",
		"search.error.title":          "There is a problem with this search",
		"search.error.prefix":         "Error: %s",
		"search.error.year":           "Enter a year from %d to %d, or leave the field empty (not “%s”).",
		"search.error.range":          "The first year (%d) is after the last year (%d): enter the earlier year in “From”.",
		"countries.description":       "Every country and territory of ISO 3166-1 by ILO region, with the number of good practices in labour migration policy in which each takes part.",
		"country.description":         "Good practices in labour migration policy involving %s, with its codes and regions.",
		"about.description":           "Where the Labour Migration Observatory's data come from, the controlled vocabularies and their sources, and how to reuse the data.",
		"sort.relevance":              "Relevance",
		"sort.newest":                 "Newest (start year)",
		"sort.title":                  "Title",
		"facet.region":                "ILO region",
		"facet.country":               "Country",
		"facet.theme":                 "Theme",
		"facet.gcm":                   "GCM objective",
		"facet.target":                "Target group",
		"facet.stage":                 "Migration stage",
		"facet.orgtype":               "Organisation type",
		"facet.status":                "Status",
		"practice.summary":            "Summary",
		"practice.desc":               "Description",
		"practice.results":            "Results and evidence",
		"practice.evidence":           "Evidence level",
		"practice.countries":          "Countries",
		"practice.global":             "Global in scope",
		"practice.corridors":          "Corridors",
		"practice.years":              "Years",
		"practice.since":              "since %d",
		"practice.status":             "Status",
		"practice.themes":             "Themes",
		"practice.gcm":                "GCM objectives",
		"practice.principles":         "GCM guiding principles",
		"practice.targets":            "Target groups",
		"practice.stages":             "Migration stages",
		"practice.orgs":               "Organisations",
		"practice.instruments":        "Related instruments",
		"practice.sdg":                "SDG targets",
		"practice.sources":            "Sources",
		"practice.cite":               "Cite this practice",
		"practice.cite.text":          "Plain text",
		"practice.bibtex":             "BibTeX",
		"practice.ris":                "RIS (Zotero, EndNote, Mendeley)",
		"practice.history":            "Revision history",
		"practice.version":            "Version %d",
		"practice.updated":            "Last updated %s",
		"practice.json":               "This practice as JSON",
		"practice.facts":              "Key facts",
		"role.implementing":           "implementing",
		"role.partner":                "partner",
		"role.donor":                  "donor",
		"countries.title":             "Countries and territories",
		"countries.intro":             "Every country and territory of ISO 3166-1, by ILO region, with the number of good practices in which it takes part.",
		"countries.none":              "Not assigned to an ILO region",
		"countries.filter":            "Filter countries",
		"countries.filter.q":          "Name contains",
		"countries.filter.region":     "ILO region",
		"countries.filter.allregions": "All regions",
		"countries.filter.with":       "Only countries with good practices",
		"countries.filter.apply":      "Filter",
		"countries.filter.clear":      "Show all",
		"countries.shown":             "of %d countries and territories shown.",
		"countries.practices.one":     "1 practice",
		"countries.practices.many":    "%d practices",
		"countries.practices.none":    "none yet",
		"countries.nomatch":           "No country or territory matches these filters.",
		"countries.sources":           "Sources of the regions",
		"countries.source.ilo":        "ILO regions",
		"countries.source.m49-region": "UN M49 regions",
		"countries.checked":           "checked %s",
		"country.names":               "Other names",
		"country.name.iso":            "ISO 3166-1 name",
		"country.name.official":       "Official name",
		"country.name.fr":             "French",
		"country.name.es":             "Spanish",
		"country.name.source":         "Source of the name",
		"country.src.undesa-2020":     "United Nations name, as written in UN DESA's International Migrant Stock 2020",
		"country.src.unsd-m49":        "United Nations name, as in the UN Statistics Division's M49 standard",
		"country.src.ilostat":         "Name used by ILOSTAT",
		"country.src.iso-common":      "Common name in ISO 3166-1 (iso-codes); the UN lists no name for this area",
		"country.src.iso":             "ISO 3166-1 name; the UN lists no name for this area",
		"country.sources":             "Sources of the regions",
		"country.codes":               "Codes",
		"country.regions":             "Regions",
		"country.ilo":                 "ILO region",
		"country.m49":                 "UN M49 region",
		"country.practices":           "Good practices",
		"country.nopractices":         "No good practice involving this country is recorded yet.",
		"country.searchall":           "Search and filter these practices",
		"country.later":               "Statistics, ratifications and agreements will appear here as the observatory grows.",
		"about.title":                 "About and sources",
		"about.what":                  "The Labour Migration Observatory (LMO) is open-source software that joins up what is known about labour migration: good practices in labour migration policy, the countries and regions they concern, and, as it grows, statistics, ratifications and agreements. Every fact carries its source.",
		"about.data":                  "Where the data come from",
		"about.practices":             "Each good practice is described in the observatory's own words from the published sources listed on its page: laws, government pages, and publications of the ILO, IOM, the World Bank and others. A practice whose facts could not be sourced is left out.",
		"about.countries":             "Countries and territories follow ISO 3166-1 as published in Debian's iso-codes package and are named as the United Nations names them (UN DESA, M49), with ISO's names kept beside them and French and Spanish names from iso-codes' translations; regions follow the UN Statistics Division's M49 standard and the ILO's five regions as ILOSTAT lists them. Each country page names the source of its regions.",
		"about.vocabularies":          "Controlled vocabularies and their sources",
		"about.vocabulary":            "Vocabulary",
		"about.terms":                 "Terms",
		"about.source":                "Source",
		"about.reuse":                 "Reusing the data",
		"about.reuse.text":            "Every list on this site can be downloaded as CSV, Excel or JSON, exactly as filtered, and read through the JSON API. The original sources keep their own licences; when you reuse a fact, cite its source and the observatory.",
		"about.openapi":               "The API's OpenAPI 3.1 description",
		"error.back":                  "Go to the home page",
	},
}

// translate looks up key in lang's catalog, falling back to English, and
// formats args into it. A missing key shows itself, so that tests catch it.
func translate(lang, key string, args ...any) string {
	msg, ok := messages[lang][key]
	if !ok {
		msg, ok = messages["en"][key]
	}
	if !ok {
		return "??" + key + "??"
	}
	if len(args) > 0 {
		return fmt.Sprintf(msg, args...)
	}
	return msg
}

// funcs are the template functions.
func (s *Server) funcs() template.FuncMap {
	return template.FuncMap{
		"t":       func(key string, args ...any) string { return translate("en", key, args...) },
		"asset":   func(name string) string { return s.assets.URL(name) },
		"snippet": highlight,
		"join":    strings.Join,
		"add":     func(a, b int) int { return a + b },
	}
}

// highlight escapes a search snippet and marks its matches with <mark>.
func highlight(s string) template.HTML {
	s = template.HTMLEscapeString(s)
	s = strings.ReplaceAll(s, "\x02", "<mark>")
	s = strings.ReplaceAll(s, "\x03", "</mark>")
	return template.HTML(s)
}
