package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/lmo-observatory/lmo"
)

// homePage is the front page.
type homePage struct {
	Page
	Stats   *lmo.PracticeStats
	Regions []regionCount
	Latest  []hitView
	// Headlines are the statistics' headline figures, each with its
	// source; none when the store holds none.
	Headlines []headline
}

type regionCount struct {
	Code  string
	Name  string
	Count int
	URL   string
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	ctx := r.Context()
	modified, err := s.cfg.Practices.PracticesChangedAt(ctx)
	if err != nil {
		return err
	}
	stats, err := s.cfg.Practices.PracticeStats(ctx)
	if err != nil {
		return err
	}
	// Without words the relevance order is the latest added first.
	latest, err := s.cfg.Practices.SearchPractices(ctx, lmo.PracticeFilter{Sort: lmo.SortRelevance, Limit: 5, NoFacets: true})
	if err != nil {
		return err
	}
	l, err := s.loadLabels(ctx)
	if err != nil {
		return err
	}
	p := &homePage{Page: s.page(r, translate(lang, "site.name")), Stats: stats}
	p.Page.Description = translate(lang, "site.tagline")
	for _, reg := range l.regionList {
		if reg.Kind == lmo.RegionILO {
			p.Regions = append(p.Regions, regionCount{Code: reg.Code, Name: reg.Name, Count: stats.Regions[reg.Code],
				URL: "/practices?region=" + reg.Code})
		}
	}
	if p.Headlines, err = s.headlines(ctx); err != nil {
		return err
	}
	for _, h := range latest.Hits {
		v := s.hitView(h, l, lang)
		v.Added = translate(lang, "home.latest.added", longDate(lang, h.CreatedAt))
		p.Latest = append(p.Latest, v)
	}
	if len(p.Headlines) > 0 {
		// The figures change with the statistics, not the practices: no
		// Last-Modified from the practices (the ETag answers).
		modified = time.Time{}
	}
	return s.render(w, r, "home", p, modified)
}

// aboutPage says what LMO is and where its data come from.
type aboutPage struct {
	Page
	Vocabularies []*lmo.Vocabulary
}

func (s *Server) about(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	vocabs, err := s.cfg.Vocabularies.FindVocabularies(r.Context())
	if err != nil {
		return err
	}
	page := &aboutPage{Page: s.page(r, translate(lang, "about.title")), Vocabularies: vocabs}
	page.Page.Description = translate(lang, "about.description")
	return s.render(w, r, "about", page, time.Time{})
}

// healthz answers 200 when the database answers, 503 otherwise.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Cache-Control", "no-store")
	if err := s.cfg.DB.Ping(ctx); err != nil {
		s.log.Warn("health check failed", "error", err)
		http.Error(w, "database unavailable\n", http.StatusServiceUnavailable)
		return nil
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
	return nil
}

// sourcesPage lists every source that the practices cite, with the
// practices that cite it: what the home page's count of citations counts.
// It shows sourcesPerPage sources a page, so that it stays light.
type sourcesPage struct {
	Page
	Citations  int
	Total      int // sources
	Start      int // the number of the first source shown
	Sources    []*lmo.CitedSource
	PageNum    int
	Pages      int
	Prev, Next string
}

// sourcesPerPage is how many sources the sources page lists at a time.
const sourcesPerPage = 100

func (s *Server) sources(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	ctx := r.Context()
	num := 1
	if v := r.URL.Query().Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return lmo.Errorf(lmo.EINVALID, "page must be a whole number from 1.")
		}
		num = n
	}
	modified, err := s.cfg.Practices.PracticesChangedAt(ctx)
	if err != nil {
		return err
	}
	srcs, err := s.cfg.Practices.CitedSources(ctx)
	if err != nil {
		return err
	}
	p := &sourcesPage{Page: s.page(r, translate(lang, "sources.title")), Total: len(srcs), PageNum: num,
		Pages: max(1, (len(srcs)+sourcesPerPage-1)/sourcesPerPage), Start: (num-1)*sourcesPerPage + 1}
	p.Page.Description = translate(lang, "sources.description")
	if num > p.Pages {
		return lmo.Errorf(lmo.ENOTFOUND, "There is no page %d of sources: there are %d.", num, p.Pages)
	}
	for _, c := range srcs {
		p.Citations += len(c.Practices)
	}
	p.Sources = srcs[(num-1)*sourcesPerPage : min(len(srcs), num*sourcesPerPage)]
	if num > 1 {
		p.Title = translate(lang, "search.title.page", p.Title, num)
		p.Canonical += "?page=" + strconv.Itoa(num)
		p.Prev = sourcesURL(num - 1)
	}
	if num < p.Pages {
		p.Next = sourcesURL(num + 1)
	}
	return s.render(w, r, "sources", p, modified)
}

// sourcesURL is the address of a page of the sources page.
func sourcesURL(num int) string {
	if num == 1 {
		return "/sources"
	}
	return "/sources?page=" + strconv.Itoa(num)
}
