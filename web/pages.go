package web

import (
	"context"
	"net/http"
	"time"

	"github.com/lmo-observatory/lmo"
)

// homePage is the front page.
type homePage struct {
	Page
	Stats   *lmo.PracticeStats
	Regions []regionCount
	Latest  []hitView
}

type regionCount struct {
	Code  string
	Name  string
	Count int
	URL   string
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	modified, err := s.cfg.Practices.PracticesChangedAt(ctx)
	if err != nil {
		return err
	}
	stats, err := s.cfg.Practices.PracticeStats(ctx)
	if err != nil {
		return err
	}
	latest, err := s.cfg.Practices.SearchPractices(ctx, lmo.PracticeFilter{Limit: 5, NoFacets: true})
	if err != nil {
		return err
	}
	l, err := s.loadLabels(ctx)
	if err != nil {
		return err
	}
	p := &homePage{Page: s.page(r, translate("en", "site.name")), Stats: stats}
	p.Page.Description = translate("en", "site.tagline")
	for _, reg := range l.regionList {
		if reg.Kind == lmo.RegionILO {
			p.Regions = append(p.Regions, regionCount{Code: reg.Code, Name: reg.Name, Count: stats.Regions[reg.Code],
				URL: "/practices?region=" + reg.Code})
		}
	}
	for _, h := range latest.Hits {
		p.Latest = append(p.Latest, s.hitView(h, l))
	}
	return s.render(w, r, "home", p, modified)
}

// aboutPage says what LMO is and where its data come from.
type aboutPage struct {
	Page
	Vocabularies []*lmo.Vocabulary
}

func (s *Server) about(w http.ResponseWriter, r *http.Request) error {
	vocabs, err := s.cfg.Vocabularies.FindVocabularies(r.Context())
	if err != nil {
		return err
	}
	page := &aboutPage{Page: s.page(r, translate("en", "about.title")), Vocabularies: vocabs}
	page.Page.Description = translate("en", "about.description")
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
