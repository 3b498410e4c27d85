package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/sqlite"
)

// A backup is one self-contained SQLite file, whatever the database it was
// taken from: VACUUM INTO from SQLite, a verified copy (lmo copy) from
// PostgreSQL. lmo restore brings it back into either.

func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("backup", "lmo backup [--db DSN] [--force] FILE\n"+
		"Write a consistent copy of the database to FILE, one SQLite file, while the server goes on\n"+
		"serving: VACUUM INTO from SQLite, a verified copy from PostgreSQL. The copy is checked\n"+
		"(integrity, an LMO schema) and synced before it takes FILE's name, so FILE is never half written.", stderr)
	db := dbFlag(fs)
	force := fs.Bool("force", false, "replace FILE when it exists")
	file, err := parseFileArg(fs, args)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if copySameDatabase(*db, file) {
		return fmt.Errorf("backup: %s is the database itself", file)
	}
	if _, err := os.Lstat(file); err == nil && !*force {
		return fmt.Errorf("backup: %s exists; use --force to replace it", file)
	}
	start := time.Now()
	dir, err := os.MkdirTemp(filepath.Dir(file), ".lmo-backup-")
	if err != nil {
		return fmt.Errorf("backup: a temporary file beside %s: %w", file, err)
	}
	defer os.RemoveAll(dir)
	tmp := filepath.Join(dir, "backup.db")
	if isPostgres(*db) {
		err = backupPostgres(ctx, *db, tmp)
	} else {
		err = backupSQLite(ctx, *db, tmp)
	}
	if err != nil {
		return err
	}
	migration, err := checkBackup(ctx, tmp)
	if err != nil {
		return fmt.Errorf("backup: the copy of %s does not check: %w; %s was not written", redact(*db), err, file)
	}
	if err := publishFile(tmp, file, *force); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	st, err := os.Stat(file)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "backed up %s -> %s: %d bytes, migration %d, integrity ok, took %s\n",
		redact(*db), file, st.Size(), migration, copyMS(time.Since(start)))
	return nil
}

// parseFileArg parses the flags and returns the one FILE argument.
func parseFileArg(fs *flag.FlagSet, args []string) (string, error) {
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	if fs.NArg() != 1 || fs.Arg(0) == "" {
		fs.Usage()
		return "", fmt.Errorf("one FILE argument is needed, got %q", fs.Args())
	}
	return fs.Arg(0), nil
}

// backupSQLite writes a consistent copy of the SQLite database at path to
// tmp with VACUUM INTO: one read transaction on a connection of its own,
// so the server's readers and its writer go on (WAL).
func backupSQLite(ctx context.Context, path, tmp string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("backup: database %s: %w", path, err)
	}
	db, err := openRawSQLite(path, true)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer db.Close()
	if _, err := lmoSchema(ctx, db); err != nil {
		return fmt.Errorf("backup: %s: %w", path, err)
	}
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return fmt.Errorf("backup: copy %s: %w", path, err)
	}
	return nil
}

// backupPostgres copies the PostgreSQL database at dsn into a new SQLite
// file tmp: from one REPEATABLE READ snapshot, verified by row counts and
// checksums (lmo copy), with its search indexes built so that the file can
// be served as it is.
func backupPostgres(ctx context.Context, dsn, tmp string) error {
	src, err := openStore(ctx, dsn)
	if err != nil {
		return fmt.Errorf("backup: open %s: %w", redact(dsn), err)
	}
	defer src.Close()
	dst, err := sqlite.Open(ctx, tmp)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer dst.Close()
	if _, err := copyStore(ctx, src, dst, tmp, false); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := dst.RebuildIndexes(lmo.NewContextWithUser(ctx, lmo.SystemUser)); err != nil {
		return fmt.Errorf("backup: search indexes of the copy: %w", err)
	}
	return dst.Close()
}

// openRawSQLite opens a SQLite file on one connection without migrating it.
func openRawSQLite(path string, readOnly bool) (*sql.DB, error) {
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)"
	if readOnly {
		dsn += "&mode=ro"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// errNotLMO says that a SQLite file holds no observatory.
var errNotLMO = errors.New("not an LMO database (no goose_db_version, practices and countries tables)")

// lmoSchema checks that db is an observatory and returns its latest applied
// migration.
func lmoSchema(ctx context.Context, db *sql.DB) (int64, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table'
		AND name IN ('goose_db_version', 'practices', 'countries')`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("not a usable SQLite database: %w", err)
	}
	if n != 3 {
		return 0, errNotLMO
	}
	var v sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT max(version_id) FROM goose_db_version WHERE is_applied`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read its migrations: %w", err)
	}
	if !v.Valid || v.Int64 < 1 {
		return 0, errNotLMO
	}
	return v.Int64, nil
}

// checkBackup makes the SQLite file at path self-contained (no write-ahead
// log beside it), checks its integrity and that it is an observatory, and
// returns its latest migration.
func checkBackup(ctx context.Context, path string) (int64, error) {
	db, err := openRawSQLite(path, false)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `PRAGMA journal_mode = DELETE`); err != nil {
		return 0, fmt.Errorf("not a usable SQLite database: %w", err)
	}
	if err := integrity(ctx, db); err != nil {
		return 0, err
	}
	return lmoSchema(ctx, db)
}

// integrity runs PRAGMA integrity_check and returns its findings as an
// error (the first few) unless it answers "ok".
func integrity(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check(5)`)
	if err != nil {
		return fmt.Errorf("not a usable SQLite database: %w", err)
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return fmt.Errorf("integrity check: %w", err)
		}
		found = append(found, s)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("not a usable SQLite database: %w", err)
	}
	if len(found) != 1 || found[0] != "ok" {
		return fmt.Errorf("integrity check failed: %s", strings.Join(found, "; "))
	}
	return nil
}

// publishFile syncs tmp and gives it the name dst, atomically: a rename
// when force, else a hard link that fails when dst exists (so a file made
// meanwhile is not replaced either). The directory is synced after.
func publishFile(tmp, dst string, force bool) error {
	if err := syncFile(tmp); err != nil {
		return err
	}
	if force {
		if err := os.Rename(tmp, dst); err != nil {
			return fmt.Errorf("rename the copy to %s: %w", dst, err)
		}
	} else if err := os.Link(tmp, dst); errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s exists; use --force to replace it", dst)
	} else if err != nil {
		return fmt.Errorf("name the copy %s: %w", dst, err)
	}
	return syncFile(filepath.Dir(dst))
}

// syncFile flushes a file or directory to stable storage.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return nil
}
