package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/searchindex"
)

// SearchPractices returns one page of the published practices that match f,
// the total, and for each facet the counts of its values among the practices
// that match every other facet's selection (OR within a facet, AND across).
//
// The dialect's full-text engine finds the practices that match the words
// (and ranks them); this node's in-memory index of the snapshot
// (searchindex) filters them by facets, years and date, counts the facets
// and orders them when the order is not relevance.
func (s *Practices) SearchPractices(ctx context.Context, f lmo.PracticeFilter) (res *lmo.PracticeResults, err error) {
	q, err := lmo.ParseQuery(f.Query)
	if err != nil {
		return nil, err
	}
	if err := f.Check(); err != nil {
		return nil, err
	}
	err = s.db.readIn(ctx, func(tx *Tx) error {
		ix, err := s.searchIndex(ctx, tx)
		if err != nil {
			return err
		}
		tq := s.db.dialect.PracticeQuery(q)
		res, err = ix.Search(f, q, s.texts, searchindex.FullText{
			Key:   tq.Key,
			Match: func() (searchindex.Set, error) { return textSet(ctx, tx, ix, tq) },
			Rank:  func() ([]int64, error) { return queryIDs(ctx, tx, tq.Rank) },
			Load:  func(ids []int64) ([]*lmo.Practice, error) { return loadPractices(ctx, tx, ids) },
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("search practices: %w", err)
	}
	return res, nil
}

// textSet returns the practices that match the words (nil when there are
// none): those that tq matches minus those it excludes.
func textSet(ctx context.Context, tx *Tx, ix *searchindex.Index, tq TextQuery) (searchindex.Set, error) {
	if tq.Match.SQL == "" && tq.Exclude.SQL == "" {
		return nil, nil
	}
	s := ix.All().Clone()
	for _, part := range []struct {
		st   Stmt
		keep bool
	}{{tq.Match, true}, {tq.Exclude, false}} {
		if part.st.SQL == "" {
			continue
		}
		ids, err := queryIDs(ctx, tx, part.st)
		if err != nil {
			return nil, err
		}
		if part.keep {
			s.And(ix.SetOf(ids))
		} else {
			s.AndNot(ix.SetOf(ids))
		}
	}
	return s, nil
}

// queryIDs runs a statement that selects one row of ids joined by commas:
// reading them as one value costs half what a row per id does at 100,000.
func queryIDs(ctx context.Context, tx *Tx, st Stmt) ([]int64, error) {
	var joined sql.NullString
	if err := tx.QueryRow(ctx, st.SQL, st.Args, &joined); err != nil {
		return nil, err
	}
	return parseIDs(joined.String)
}

// parseIDs parses a comma-separated list of integers.
func parseIDs(s string) ([]int64, error) {
	ids := make([]int64, 0, strings.Count(s, ",")+1)
	for len(s) > 0 {
		part, rest, _ := strings.Cut(s, ",")
		id, err := strconv.ParseInt(part, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("id list: %q: %w", part, err)
		}
		ids = append(ids, id)
		s = rest
	}
	return ids, nil
}

// searchIndex returns this node's in-memory index of the snapshot that tx
// reads, building it when the practices version has moved since the last
// build (a write through any node or command moves it).
func (s *Practices) searchIndex(ctx context.Context, tx *Tx) (*searchindex.Index, error) {
	version, err := tx.version(ctx, "practices_version")
	if err != nil {
		return nil, err
	}
	return s.index.Get(version, func() (*searchindex.Index, error) {
		ix, err := buildIndex(ctx, tx, version)
		if err != nil {
			return nil, fmt.Errorf("build search index: %w", err)
		}
		return ix, nil
	})
}

func buildIndex(ctx context.Context, tx *Tx, version int64) (*searchindex.Index, error) {
	var docs []searchindex.Doc
	err := tx.Each(ctx, `SELECT id, title, coalesce(start_year, 0), coalesce(end_year, 0), created_at, updated_at
		FROM practices WHERE review_status = 'published'`, nil, func(rows *sql.Rows) error {
		var d searchindex.Doc
		err := rows.Scan(&d.ID, &d.Title, &d.StartYear, &d.EndYear, scanTime(&d.CreatedAt), scanTime(&d.UpdatedAt))
		docs = append(docs, d)
		return err
	})
	if err != nil {
		return nil, err
	}
	// One row per facet value with its practices joined: reading 1.5
	// million rows one by one through database/sql would take seconds.
	var postings []searchindex.Posting
	err = tx.Each(ctx, `SELECT facet, value, string_agg(CAST(practice_id AS TEXT), ',') FROM practice_facets GROUP BY facet, value`, nil,
		func(rows *sql.Rows) error {
			var p searchindex.Posting
			var ids string
			if err := rows.Scan(&p.Facet, &p.Value, &ids); err != nil {
				return err
			}
			var err error
			p.IDs, err = parseIDs(ids)
			postings = append(postings, p)
			return err
		})
	if err != nil {
		return nil, err
	}
	return searchindex.Build(version, docs, postings), nil
}
