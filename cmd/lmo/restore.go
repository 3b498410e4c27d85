package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/sqlstore"
	"github.com/lmo-observatory/lmo/sqlite"
)

// lmo restore works on a copy of the backup: checked (integrity, an LMO
// schema no newer than this build), migrated up, then copied into the live
// database in one transaction and verified there before it commits (the
// copy of lmo copy --force). The server may go on serving: its readers see
// the old data until the commit and the restored data after it, its writers
// wait for the commit. The version counters of the live database are moved
// on, never taken from the backup, so every node reloads what it keeps.

func runRestore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("restore", "lmo restore [--db DSN] [--force] FILE\n"+
		"Replace the contents of the database with a backup made by lmo backup, in one transaction,\n"+
		"while the server may go on serving. The backup is checked first (integrity, an LMO\n"+
		"database, migrations no newer than this lmo's) and migrated up; on any failure nothing changes.", stderr)
	db := dbFlag(fs)
	force := fs.Bool("force", false, "replace the contents of a database that is not empty")
	file, err := parseFileArg(fs, args)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if _, err := os.Stat(file); err != nil {
		return fmt.Errorf("restore: backup %w", err)
	}
	if copySameDatabase(*db, file) {
		return fmt.Errorf("restore: %s is the database itself", file)
	}
	start := time.Now()
	src, cleanup, err := openBackup(ctx, file)
	if err != nil {
		return fmt.Errorf("restore: %s: %w; nothing was changed", file, err)
	}
	defer cleanup()
	dst, err := openStore(ctx, *db)
	if err != nil {
		return fmt.Errorf("restore: open %s: %w", redact(*db), err)
	}
	defer dst.Close()
	sums, err := restoreInto(ctx, src, dst, redact(*db), *force)
	if err != nil {
		return err
	}
	v, err := dst.DataVersions(ctx)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	var rows int64
	for _, s := range sums {
		rows += s.Rows
	}
	fmt.Fprintf(stdout, "restored %s -> %s: %d tables, %d rows, verified; data versions now practices %d, reference %d, standards %d, statistics %d; took %s\n",
		file, redact(*db), len(sums), rows, v.Practices, v.Reference, v.Standards, v.Statistics, copyMS(time.Since(start)))
	return nil
}

// openBackup checks a copy of the backup file and opens it, migrated up to
// this build's schema; cleanup closes and removes the copy. The backup
// file itself is only read.
func openBackup(ctx context.Context, file string) (store, func(), error) {
	dir, err := os.MkdirTemp("", "lmo-restore-")
	if err != nil {
		return nil, nil, err
	}
	fail := func(err error) (store, func(), error) {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	tmp := filepath.Join(dir, "restore.db")
	if err := copyFile(file, tmp); err != nil {
		return fail(err)
	}
	migration, err := checkBackup(ctx, tmp)
	if err != nil {
		return fail(err)
	}
	latest, err := sqlite.LatestMigration()
	if err != nil {
		return fail(err)
	}
	if migration > latest {
		return fail(fmt.Errorf("it was written by a newer lmo (migration %d; this lmo knows up to %d): restore it with that version", migration, latest))
	}
	s, err := sqlite.Open(ctx, tmp)
	if err != nil {
		return fail(err)
	}
	return s, func() { s.Close(); os.RemoveAll(dir) }, nil
}

// restoreInto replaces dst's tables with src's in one verified transaction
// (refused when dst holds rows, unless force), then rebuilds dst's search
// indexes, which moves its practices version.
func restoreInto(ctx context.Context, src, dst store, target string, force bool) ([]sqlstore.TableSum, error) {
	sums, err := sqlstore.Copy(ctx, src.Database(), dst.Database(), force)
	if lmo.ErrorCode(err) == lmo.ECONFLICT {
		return nil, fmt.Errorf("restore: %s: %s Use --force to replace its contents; nothing was changed", target, lmo.ErrorMessage(err))
	} else if err != nil {
		return nil, fmt.Errorf("restore into %s: %w; nothing was changed", target, err)
	}
	if err := dst.RebuildIndexes(lmo.NewContextWithUser(ctx, lmo.SystemUser)); err != nil {
		return nil, fmt.Errorf("restore: the data was restored into %s but rebuilding its search indexes failed (run the restore again with --force): %w", target, err)
	}
	// The restored audit log ends where the backup was taken; the restore
	// itself is its next entry (and every session has ended with the
	// accounts it belonged to).
	if err := dst.Database().RecordOperation(lmo.NewContextWithUser(ctx, lmo.SystemUser), "restore", "from a backup; every session ended"); err != nil {
		return nil, fmt.Errorf("restore: the data was restored into %s but its audit entry failed: %w", target, err)
	}
	return sums, nil
}

// copyFile copies the file at from to a new file to.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", from, err)
	}
	return out.Close()
}
