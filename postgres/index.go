package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/lmo-observatory/lmo/internal/searchindex"
)

// bumpPracticesVersion increments the practices version inside tx: every
// write that changes what search sees calls it.
func bumpPracticesVersion(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `INSERT INTO practices_version (id, version) VALUES (1, 1)
		ON CONFLICT (id) DO UPDATE SET version = practices_version.version + 1`)
	return wrap(err)
}

// searchIndex returns this node's in-memory index of the snapshot that tx
// reads, building it when the practices version has moved since the last
// build (a write through any node or command moves it).
func (db *DB) searchIndex(ctx context.Context, tx pgx.Tx) (*searchindex.Index, error) {
	var version int64
	if err := tx.QueryRow(ctx, `SELECT coalesce((SELECT version FROM practices_version WHERE id = 1), 0)`).Scan(&version); err != nil {
		return nil, wrap(err)
	}
	return db.index.Get(version, func() (*searchindex.Index, error) {
		ix, err := buildIndex(ctx, tx, version)
		if err != nil {
			return nil, fmt.Errorf("build search index: %w", err)
		}
		return ix, nil
	})
}

func buildIndex(ctx context.Context, tx pgx.Tx, version int64) (*searchindex.Index, error) {
	rows, err := tx.Query(ctx, `SELECT id, title, coalesce(start_year, 0), coalesce(end_year, 0), created_at, updated_at
		FROM practices WHERE review_status = 'published'`)
	if err != nil {
		return nil, wrap(err)
	}
	docs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (searchindex.Doc, error) {
		var d searchindex.Doc
		err := row.Scan(&d.ID, &d.Title, &d.StartYear, &d.EndYear, &d.CreatedAt, &d.UpdatedAt)
		return d, err
	})
	if err != nil {
		return nil, wrap(err)
	}
	rows, err = tx.Query(ctx, `SELECT facet, value, array_agg(practice_id) FROM practice_facets GROUP BY facet, value`)
	if err != nil {
		return nil, wrap(err)
	}
	postings, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (searchindex.Posting, error) {
		var p searchindex.Posting
		err := row.Scan(&p.Facet, &p.Value, &p.IDs)
		return p, err
	})
	if err != nil {
		return nil, wrap(err)
	}
	return searchindex.Build(version, docs, postings), nil
}
