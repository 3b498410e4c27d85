package web

import (
	"net/http"
	"time"

	"github.com/lmo-observatory/lmo"
)

// searchRun is a practice search as one request asked for it: the parsed
// search, its results, the time of the latest change (Last-Modified) and the
// labels to show it with.
type searchRun struct {
	search
	res      *lmo.PracticeResults
	modified time.Time
	labels   *labels
}

// runSearch parses the request's search, lets adjust change it (exports drop
// paging, feeds fix the order), and runs it. The search page, the API, the
// exports and the feed all go through here, so each shows exactly what the
// same URL shows elsewhere.
func (s *Server) runSearch(r *http.Request, perPage int, adjust func(*search)) (*searchRun, error) {
	ctx := r.Context()
	sr, err := parseSearch(r, perPage)
	if err != nil {
		return nil, err
	}
	if adjust != nil {
		adjust(&sr)
	}
	run := &searchRun{search: sr}
	if run.modified, err = s.cfg.Practices.PracticesChangedAt(ctx); err != nil {
		return nil, err
	}
	if run.res, err = s.cfg.Practices.SearchPractices(ctx, sr.Filter); err != nil {
		return nil, err
	}
	if run.labels, err = s.loadLabels(ctx); err != nil {
		return nil, err
	}
	return run, nil
}
