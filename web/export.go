package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
)

// exportColumns are the columns of the CSV and XLSX exports.
var exportColumns = []string{"id", "slug", "title", "summary", "countries", "country_names", "corridors", "global",
	"themes", "gcm_objectives", "target_groups", "migration_stages", "organisations", "start_year", "end_year",
	"status", "evidence_level", "instruments", "sdg_targets", "sources", "url", "version", "updated_at"}

// exportRow renders one practice as a row of exportColumns: codes with
// labels, lists joined with "; ".
func exportRow(p *lmo.Practice, l *labels, base string) []string {
	var countries, names, corridors, orgs, sources []string
	for _, c := range p.Countries {
		countries = append(countries, c.Code+" ("+c.Role+")")
		names = append(names, l.Country(c.Code))
	}
	for _, c := range p.Corridors {
		corridors = append(corridors, c.Origin+"-"+c.Destination)
	}
	for _, o := range p.Organisations {
		orgs = append(orgs, fmt.Sprintf("%s (%s, %s)", o.Name, l.Term(lmo.VocabOrganisationType, o.Type), o.Role))
	}
	for _, src := range p.Sources {
		s := src.Title
		if src.Publisher != "" {
			s += ", " + src.Publisher
		}
		if src.Year != 0 {
			s += ", " + strconv.Itoa(src.Year)
		}
		if src.URL != "" {
			s += " <" + src.URL + ">"
		}
		sources = append(sources, s)
	}
	year := func(y int) string {
		if y == 0 {
			return ""
		}
		return strconv.Itoa(y)
	}
	return []string{strconv.FormatInt(p.ID, 10), p.Slug, p.Title, p.Summary, join(countries), join(names), join(corridors),
		strconv.FormatBool(p.Global), join(l.termList(lmo.VocabTheme, p.Themes)), join(p.GCMObjectives),
		join(l.termList(lmo.VocabTargetGroup, p.TargetGroups)), join(l.termList(lmo.VocabMigrationStage, p.Stages)),
		join(orgs), year(p.StartYear), year(p.EndYear), p.Status, p.EvidenceLevel, join(p.Instruments), join(p.SDGTargets),
		join(sources), base + "/practices/" + p.Slug, strconv.Itoa(p.Version), p.UpdatedAt.UTC().Format(time.RFC3339)}
}

// join joins a list for one cell: "a; b".
func join(s []string) string { return strings.Join(s, "; ") }

// exportPractices returns the handler of /practices.csv, .json and .xlsx
// (format): every practice that the search of the request finds, in one
// file, through the table export.
func (s *Server) exportPractices(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		run, err := s.runSearch(r, lmo.DefaultLimit, everything)
		if err != nil {
			return err
		}
		return serveTable(w, r, s.practiceTable(run, s.baseURL(r)), format)
	}
}

// practiceTable is a practice search as a download: rows of exportColumns,
// the JSON document of the API's practices, and the About sheet.
func (s *Server) practiceTable(run *searchRun, base string) *table {
	permalink := base + run.url("/practices", 1)
	hits := run.res.Hits
	return &table{
		Name: "lmo-practices", Sheet: "Practices", Columns: exportColumns, Modified: run.modified,
		Rows: func(yield func([]string) bool) {
			for _, h := range hits {
				if !yield(exportRow(h.Practice, run.labels, base)) {
					return
				}
			}
		},
		JSON: func() any { return s.practiceJSON(run, base, permalink) },
		About: []aboutItem{
			{"Source", translate("en", "site.name")},
			{"Search", permalink},
			{"Practices", strconv.Itoa(run.res.Total)},
			{"Data as of", run.modified.UTC().Format(time.RFC3339)},
			{"Note", "Each practice lists its own sources; cite them and this observatory."},
		},
	}
}

// practiceJSON builds the JSON download of run.
func (s *Server) practiceJSON(run *searchRun, base, permalink string) practiceDocument {
	doc := practiceDocument{Source: translate("en", "site.name"), Search: permalink, Total: run.res.Total,
		Items: make([]apiPractice, 0, len(run.res.Hits))}
	for _, h := range run.res.Hits {
		doc.Items = append(doc.Items, s.apiPractice(base, h))
	}
	return doc
}
