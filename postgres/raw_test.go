package postgres_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/lmo-observatory/lmo/internal/sqlstore"
	"github.com/lmo-observatory/lmo/postgres/pgtest"
)

// TestRawCopyInTransaction shows that a store transaction reaches pgx's own
// connection for COPY (the bulk path importers use) and that the COPY is
// part of the transaction: rolled back with it, committed with it.
func TestRawCopyInTransaction(t *testing.T) {
	db := pgtest.Open(t)
	ctx := context.Background()
	rows := [][]any{{"900", "m49-world", "World", ""}, {"002", "m49-region", "Africa", "900"}}
	copyRegions := func(tx *sqlstore.Tx) error {
		return tx.Raw(func(c any) error {
			_, err := c.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{"regions"},
				[]string{"code", "kind", "name", "parent"}, pgx.CopyFromRows(rows))
			return err
		})
	}
	count := func() int {
		var n int
		if err := db.Pool().QueryRow(ctx, `SELECT count(*) FROM regions`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	errAbort := errors.New("abort")
	err := db.Database().Write(ctx, func(tx *sqlstore.Tx) error {
		if err := copyRegions(tx); err != nil {
			return err
		}
		return errAbort
	})
	if !errors.Is(err, errAbort) || count() != 0 {
		t.Fatalf("rolled back copy: err %v, %d rows", err, count())
	}
	if err := db.Database().Write(ctx, copyRegions); err != nil || count() != len(rows) {
		t.Fatalf("committed copy: err %v, %d rows", err, count())
	}
}
