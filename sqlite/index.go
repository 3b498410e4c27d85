package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/lmo-observatory/lmo/internal/searchindex"
)

// bumpPracticesVersion increments the practices version inside tx: every
// write that changes what search sees calls it.
func bumpPracticesVersion(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO practices_version (id, version) VALUES (1, 1)
		ON CONFLICT (id) DO UPDATE SET version = version + 1`)
	return err
}

// searchIndex returns the in-memory index of the snapshot that tx reads,
// building it when the practices version has moved since the last build.
func (db *DB) searchIndex(ctx context.Context, tx *sql.Tx) (*searchindex.Index, error) {
	var version int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce((SELECT version FROM practices_version WHERE id = 1), 0)`).Scan(&version); err != nil {
		return nil, err
	}
	return db.index.Get(version, func() (*searchindex.Index, error) {
		ix, err := buildIndex(ctx, tx, version)
		if err != nil {
			return nil, fmt.Errorf("build search index: %w", err)
		}
		return ix, nil
	})
}

func buildIndex(ctx context.Context, tx *sql.Tx, version int64) (*searchindex.Index, error) {
	var docs []searchindex.Doc
	err := scanAll(ctx, tx, `SELECT id, title, coalesce(start_year, 0), coalesce(end_year, 0), created_at, updated_at
		FROM practices WHERE review_status = 'published'`, nil, func(rows *sql.Rows) error {
		var d searchindex.Doc
		var created, updated string
		if err := rows.Scan(&d.ID, &d.Title, &d.StartYear, &d.EndYear, &created, &updated); err != nil {
			return err
		}
		d.CreatedAt, d.UpdatedAt = parseTime(created), parseTime(updated)
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// One row per facet value with its practices joined: reading 1.5
	// million rows one by one through database/sql would take seconds.
	var postings []searchindex.Posting
	err = scanAll(ctx, tx, `SELECT facet, value, group_concat(practice_id) FROM practice_facets GROUP BY facet, value`, nil,
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

// parseIDs parses a comma-separated list of integers.
func parseIDs(s string) ([]int64, error) {
	ids := make([]int64, 0, strings.Count(s, ",")+1)
	for len(s) > 0 {
		part, rest, _ := strings.Cut(s, ",")
		id, err := strconv.ParseInt(part, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("facet posting %q: %w", part, err)
		}
		ids = append(ids, id)
		s = rest
	}
	return ids, nil
}
