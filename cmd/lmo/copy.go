package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/sqlstore"
)

// copySameDatabase reports whether two DSNs name the same database, as far as
// can be told without connecting.
func copySameDatabase(a, b string) bool {
	if isPostgres(a) != isPostgres(b) {
		return false
	}
	if isPostgres(a) {
		ca, errA := pgx.ParseConfig(a)
		cb, errB := pgx.ParseConfig(b)
		if errA != nil || errB != nil {
			return a == b
		}
		return ca.Host == cb.Host && ca.Port == cb.Port && ca.Database == cb.Database
	}
	if fa, err := os.Stat(a); err == nil {
		if fb, err := os.Stat(b); err == nil {
			return os.SameFile(fa, fb)
		}
	}
	pa, errA := filepath.Abs(a)
	pb, errB := filepath.Abs(b)
	return errA == nil && errB == nil && pa == pb
}

func runCopy(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("copy", "Copy a whole observatory between databases (SQLite and PostgreSQL, either way), in one\n"+
		"transaction on the target, then verify row counts and checksums of every table and rebuild\n"+
		"the search indexes. A SQLite database is a file path, PostgreSQL a postgres:// URL.", stderr)
	from := fs.String("from", "", "source database: a SQLite file or a postgres:// URL (required)")
	to := fs.String("to", "", "target database: a SQLite file or a postgres:// URL (required)")
	force := fs.Bool("force", false, "replace the contents of a target that is not empty")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" || *to == "" {
		fs.Usage()
		return errors.New("copy: --from and --to are required")
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("copy: unexpected arguments %q", fs.Args())
	}
	if copySameDatabase(*from, *to) {
		return fmt.Errorf("copy: the source and the target are the same database (%s)", redact(*to))
	}
	if !isPostgres(*from) {
		// Opening would create an empty database; a missing source is a mistake.
		if _, err := os.Stat(*from); err != nil {
			return fmt.Errorf("copy: source %s: %w", *from, err)
		}
	}
	start := time.Now()
	src, err := openStore(ctx, *from)
	if err != nil {
		return fmt.Errorf("copy: open source %s: %w", redact(*from), err)
	}
	defer src.Close()
	dst, err := openStore(ctx, *to)
	if err != nil {
		return fmt.Errorf("copy: open target %s: %w", redact(*to), err)
	}
	defer dst.Close()

	opened := time.Now()
	sums, err := copyStore(ctx, src, dst, redact(*to), *force)
	if err != nil {
		return err
	}
	copied := time.Now()
	if err := dst.RebuildIndexes(lmo.NewContextWithUser(ctx, lmo.SystemUser)); err != nil {
		return fmt.Errorf("copy: the data was copied to %s but rebuilding its search indexes failed (run the copy again with --force): %w", redact(*to), err)
	}

	fmt.Fprintf(stdout, "copied %s -> %s\n", redact(*from), redact(*to))
	var total int64
	for _, s := range sums {
		fmt.Fprintf(stdout, "  %-24s %8d rows  sha256 %s\n", s.Table, s.Rows, s.Sum[:16])
		total += s.Rows
	}
	fmt.Fprintf(stdout, "  %-24s %8d rows  verified: counts and checksums match\n", "total", total)
	fmt.Fprintf(stdout, "took %s (open and migrate %s, copy and verify %s, rebuild indexes %s)\n",
		copyMS(time.Since(start)), copyMS(opened.Sub(start)), copyMS(copied.Sub(opened)), copyMS(time.Since(copied)))
	return nil
}

func copyMS(d time.Duration) time.Duration { return d.Round(time.Millisecond) }

// copyStore copies every table of src to dst in one transaction on dst,
// verifies the copy before committing, and returns the source's sums.
func copyStore(ctx context.Context, src, dst store, target string, force bool) ([]sqlstore.TableSum, error) {
	sums, err := sqlstore.Copy(ctx, src.Database(), dst.Database(), force)
	if lmo.ErrorCode(err) == lmo.ECONFLICT {
		return nil, fmt.Errorf("copy: %s: %s Use --force to replace its contents", target, lmo.ErrorMessage(err))
	} else if err != nil {
		return nil, fmt.Errorf("copy to %s: %w", target, err)
	}
	return sums, nil
}
