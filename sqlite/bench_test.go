package sqlite_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo/sqlite"
	"github.com/lmo-observatory/lmo/starter"
	"github.com/lmo-observatory/lmo/storetest"
)

// openBenchDB returns an open database holding the starter reference data and
// practices plus n synthetic practices. The database is built once and kept
// in os.TempDir() (lmo-bench-<n>-v<versions>-<schema hash>.db), so later runs
// and later b.N rounds reuse it; delete the file to force a rebuild.
func openBenchDB(b *testing.B, n int) *sqlite.DB {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("lmo-bench-%d-v%d.%d-%s.db", n, storetest.BenchCorpusVersion, storetest.SyntheticVersion, schemaHash(b)))
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if testing.Short() && n > 10000 {
			b.Skipf("-short: not building the %d-practice corpus %s", n, path)
		}
		start := time.Now()
		if err := buildBenchDB(path, n); err != nil {
			b.Fatal(err)
		}
		b.Logf("built %s (%d synthetic practices) in %v", path, n, time.Since(start).Round(time.Millisecond))
		removeStaleBenchDBs(path, n)
	} else if err != nil {
		b.Fatal(err)
	} else {
		b.Logf("reusing %s", path)
	}
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	return db
}

// buildBenchDB builds the corpus in a file of its own and renames it to path
// when complete, so that an interrupted build leaves no cache behind.
func buildBenchDB(path string, n int) (err error) {
	tmp := fmt.Sprintf("%s.building-%d", path, os.Getpid())
	suffixes := []string{"", "-wal", "-shm"}
	defer func() {
		for _, s := range suffixes {
			if err != nil {
				os.Remove(tmp + s)
			}
		}
	}()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, tmp)
	if err != nil {
		return err
	}
	d, err := starter.Load()
	if err != nil {
		db.Close()
		return err
	}
	if err := storetest.FillBenchCorpus(ctx, db, d, n); err != nil {
		db.Close()
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	for _, s := range suffixes {
		if _, err := os.Stat(tmp + s); err == nil {
			if err := os.Rename(tmp+s, path+s); err != nil {
				return err
			}
		}
	}
	return nil
}

// removeStaleBenchDBs deletes the cached corpora of size n that were built
// for other versions of the schema or generator: each is a gigabyte.
func removeStaleBenchDBs(keep string, n int) {
	old, _ := filepath.Glob(filepath.Join(os.TempDir(), fmt.Sprintf("lmo-bench-%d-v*.db", n)))
	for _, f := range old {
		if f == keep {
			continue
		}
		for _, s := range []string{"", "-wal", "-shm"} {
			os.Remove(f + s)
		}
	}
}

// schemaHash hashes the migrations and the code that derives the search
// tables, which decide what a built database holds.
func schemaHash(b *testing.B) string {
	b.Helper()
	files, err := filepath.Glob(filepath.Join("migrations", "*.sql"))
	if err != nil {
		b.Fatal(err)
	}
	files = append(files, "dialect.go", "../internal/sqlstore/practice_facets.go", "../internal/sqlstore/practice_children.go")
	sort.Strings(files)
	h := sha256.New()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(h, "%s %d\n", f, len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil))[:8]
}

// bench holds the corpora that openBenchDB builds or reuses.
var bench = storetest.NewBench(openBenchDB)

// BenchmarkSearch100k runs the storetest search mix on 100,000 synthetic
// practices (plus the starter ones), every search as if asked for the first
// time (the cache of recent searches' words is off). The first run builds the
// corpus, which takes minutes; -short skips it unless it is already built.
func BenchmarkSearch100k(b *testing.B) { bench.Search(b, 100000, 0) }

// BenchmarkSearch100kCached is the same with the cache of recent searches'
// words on: what a person choosing facets, sorts and pages for the same words
// gets after the first page. The mix repeats each query, so most are hits.
func BenchmarkSearch100kCached(b *testing.B) { bench.SearchCached(b, 100000) }

// BenchmarkSearch1k is the same on 1,000 synthetic practices, for a quick run.
func BenchmarkSearch1k(b *testing.B) { bench.Search(b, 1000, 0) }

// BenchmarkGet100k reads practices by id from the 100,000-practice corpus.
func BenchmarkGet100k(b *testing.B) { bench.Get(b, 100000) }

// BenchmarkSearchAfterWrite100k times the first search after one write at
// 100,000 practices: the node updates its indexes from the change log.
//
//	go test ./sqlite -run XXX -bench SearchAfterWrite100k -benchtime 200x
func BenchmarkSearchAfterWrite100k(b *testing.B) { bench.SearchAfterWrite(b, 100000) }

// BenchmarkIndexBuild100k times a node's full build of its facet and
// full-text indexes at 100,000 practices, and the heap they hold.
//
//	go test ./sqlite -run XXX -bench IndexBuild100k -benchtime 3x
func BenchmarkIndexBuild100k(b *testing.B) { bench.IndexBuild(b, 100000) }
