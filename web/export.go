package web

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/lmo-observatory/lmo"
)

// exportColumns are the columns of the CSV and XLSX exports.
var exportColumns = []string{"id", "slug", "title", "summary", "countries", "country_names", "corridors", "global",
	"themes", "gcm_objectives", "target_groups", "migration_stages", "organisations", "start_year", "end_year",
	"status", "evidence_level", "instruments", "sdg_targets", "sources", "url", "version", "updated_at",
	"language", "title_en", "title_fr", "title_es",
	"results", "lessons", "evaluations", "contact_organisation", "facts_checked"}

// exportDates are the columns of exportColumns that hold calendar dates.
var exportDates = []string{"facts_checked"}

// exportRow renders one practice as a row of exportColumns: codes with
// labels, lists joined with "; ".
func exportRow(p *lmo.Practice, l *labels, base string) []string {
	var countries, names, corridors, orgs []string
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
		join(citations(p.Sources)), base + "/practices/" + p.Slug, strconv.Itoa(p.Version), p.UpdatedAt.UTC().Format(time.RFC3339),
		p.Language, titleIn(p, "en"), titleIn(p, "fr"), titleIn(p, "es"),
		p.Results, p.Lessons, join(citations(p.Evaluations)), contactOrganisation(p.Contact), p.FactsChecked}
}

// titleIn is the translation of p's title into lang for the export's
// title_xx columns: "" when p has none, or when lang is the original's
// language (the title column holds that title, language says its
// language). No other language stands in.
func titleIn(p *lmo.Practice, lang string) string {
	if t := p.TextIn(lang); lmo.SameLanguage(t.TitleLang, lang) && !lmo.SameLanguage(p.Language, lang) {
		return t.Title
	}
	return ""
}

// citations writes each source for one cell: "title, publisher, year <url>".
func citations(srcs []lmo.Source) []string {
	out := make([]string, len(srcs))
	for i, src := range srcs {
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
		out[i] = s
	}
	return out
}

// contactOrganisation is the organisation of a practice's contact, or "".
func contactOrganisation(c *lmo.Contact) string {
	if c == nil {
		return ""
	}
	return c.Organisation
}

// join joins a list for one cell: "a; b".
func join(s []string) string { return strings.Join(s, "; ") }

// exportBatch is how many practices an export reads from the store at a
// time: the memory of a download is about one batch, whatever its size.
const exportBatch = 500

// firstExportPage makes a search return the first batch of an export,
// without facets.
func firstExportPage(sr *search) {
	sr.Filter.Offset, sr.Filter.Limit, sr.Filter.NoFacets = 0, exportBatch, true
}

// errChangedDuringExport ends an export whose data changed while it was
// read page by page: the pages could repeat or miss a practice, so the
// download is broken off rather than finished wrong.
var errChangedDuringExport = lmo.Errorf(lmo.ECONFLICT, "The practices changed during the download. Please download again.")

// exportPractices returns the handler of /practices.csv, .json and .xlsx
// (format): every practice that the search of the request finds, in one
// file, through the table export, read from the store a batch at a time.
func (s *Server) exportPractices(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		run, err := s.runSearch(r, lmo.DefaultLimit, firstExportPage)
		if err != nil {
			return err
		}
		return s.serveTable(w, r, s.practiceTable(r.Context(), run, s.baseURL(r)), format)
	}
}

// practiceTable is a practice search as a download: rows of exportColumns,
// the JSON document of the API's practices, and the About sheet. Both
// stream the hits batch by batch (exportHits).
func (s *Server) practiceTable(ctx context.Context, run *searchRun, base string) *table {
	lang := langFrom(ctx)
	permalink := base + run.url("/practices", 1)
	hits := s.exportHits(ctx, run)
	return &table{
		Name: exportName(run), Sheet: "Practices", Columns: exportColumns, Dates: exportDates, Modified: run.modified,
		Version: fmt.Sprintf("%s\x00%d\x00%d\x00%d", permalink, run.modified.UnixNano(), run.res.Total, run.labels.version),
		Large:   run.res.Total > len(run.res.Hits),
		Rows: func(yield func([]string, error) bool) {
			for h, err := range hits {
				if err != nil {
					yield(nil, err)
					return
				}
				if !yield(exportRow(h.Practice, run.labels, base), nil) {
					return
				}
			}
		},
		JSON: &jsonList{
			Head: practiceDocument{Source: translate(lang, "site.name"), Search: permalink, Total: run.res.Total},
			List: "items",
			Items: func(yield func(any, error) bool) {
				for h, err := range hits {
					if err != nil {
						yield(nil, err)
						return
					}
					if !yield(s.apiPractice(base, h), nil) {
						return
					}
				}
			},
		},
		About: []aboutItem{
			{"Source", translate(lang, "site.name")},
			{"Search", permalink},
			{"Practices", run.res.Total},
			{"Data as of", run.modified.UTC().Format(time.RFC3339)},
			{"Note", "Each practice lists its own sources; cite them and this observatory."},
		},
	}
}

// exportHits yields every hit of run's search: the first batch that run
// holds, then the next ones from the store (Offset, exportBatch), so that
// only one batch is in memory at a time. Each batch is its own read, so
// the data must not change between them: a batch with another total, or a
// change time that moved by the end, yields errChangedDuringExport.
func (s *Server) exportHits(ctx context.Context, run *searchRun) iter.Seq2[*lmo.PracticeHit, error] {
	return func(yield func(*lmo.PracticeHit, error) bool) {
		f, hits, reads := run.Filter, run.res.Hits, 1
		for {
			for _, h := range hits {
				if !yield(h, nil) {
					return
				}
			}
			f.Offset += len(hits)
			if len(hits) == 0 || f.Offset >= run.res.Total {
				break
			}
			res, err := s.cfg.Practices.SearchPractices(ctx, f)
			if err == nil && res.Total != run.res.Total {
				err = errChangedDuringExport
			}
			if err != nil {
				yield(nil, err)
				return
			}
			hits, reads = res.Hits, reads+1
		}
		if reads > 1 {
			if err := s.unchangedSince(ctx, run.modified); err != nil {
				yield(nil, err)
			}
		}
	}
}

// unchangedSince returns errChangedDuringExport when a practice changed
// after modified.
func (s *Server) unchangedSince(ctx context.Context, modified time.Time) error {
	at, err := s.cfg.Practices.PracticesChangedAt(ctx)
	if err != nil {
		return err
	}
	if !at.Equal(modified) {
		return errChangedDuringExport
	}
	return nil
}

// exportName is the base name of a practice download: the date of the data
// and, when the search has any, its filters, so that downloads of different
// searches or days do not overwrite one another:
// lmo-practices-2025-03-01-domestic-workers-arab-states.
func exportName(run *searchRun) string {
	name := "lmo-practices-" + run.modified.UTC().Format(time.DateOnly)
	var parts []string
	if run.Filter.Query != "" {
		parts = append(parts, run.Filter.Query)
	}
	for _, f := range lmo.Facets {
		parts = append(parts, run.Filter.Facets[f]...)
	}
	if run.Filter.YearFrom != 0 || run.Filter.YearTo != 0 {
		parts = append(parts, yearRange(run.Filter.YearFrom, run.Filter.YearTo))
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(norm.NFD.String(strings.Join(parts, " "))) {
		if b.Len() >= 60 {
			break
		}
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	if b.Len() > 0 {
		name += "-" + strings.TrimSuffix(b.String(), "-")
	}
	return name
}
