package web_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo/sqlite"
	"github.com/lmo-observatory/lmo/starter"
	"github.com/lmo-observatory/lmo/storetest"
	"github.com/lmo-observatory/lmo/web"
)

// TestExportLoad measures the full exports of a large synthetic corpus: for
// each format the time, the size, and the peak heap and RSS of this process
// (server and a client that discards the body), then the same for eight
// concurrent JSON exports. It runs only when LMO_EXPORT_LOAD names the
// number of synthetic practices (20000 for the figures of issue 7):
//
//	LMO_EXPORT_LOAD=20000 go test ./web/ -run TestExportLoad -v -timeout 30m
//
// The corpus is built once and kept in the temp directory.
func TestExportLoad(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("LMO_EXPORT_LOAD"))
	if n <= 0 {
		t.Skip("set LMO_EXPORT_LOAD=20000 to measure the exports of a large corpus")
	}
	db := loadCorpus(t, n)
	srv, err := web.NewServer(web.Config{Practices: db, Countries: db, Vocabularies: db, Standards: db, DB: db, Versions: db,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	download(t, ts.URL+"/practices.csv?q=zzzz") // warm the search index and labels
	for _, path := range []string{"/practices.json", "/practices.csv", "/practices.xlsx"} {
		m := measure(func() { download(t, ts.URL+path) })
		t.Logf("%-16s %s", path, m)
	}
	var ok, busy atomic.Int32
	m := measure(func() {
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				switch download(t, ts.URL+"/practices.json") {
				case http.StatusOK:
					ok.Add(1)
				case http.StatusServiceUnavailable:
					busy.Add(1)
				}
			})
		}
		wg.Wait()
	})
	t.Logf("8 x /practices.json: %d answered 200, %d 503; %s", ok.Load(), busy.Load(), m)
}

// download GETs url, discards the body and returns the status.
func download(t *testing.T, url string) int {
	resp, err := http.Get(url)
	if err != nil {
		t.Error(err)
		return 0
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil {
		t.Error(err)
	}
	if resp.StatusCode == http.StatusOK {
		lastSize.Store(n)
	}
	return resp.StatusCode
}

// lastSize is the size of the last body download read.
var lastSize atomic.Int64

// measure runs f and reports its time, the last body's size, and the peak
// heap (sampled every 2 ms) and peak RSS (VmHWM, reset before f) during it.
func measure(f func()) string {
	runtime.GC()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) // resets VmHWM on Linux
	base := heapBytes()
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			peak.Store(max(peak.Load(), heapBytes()))
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	start := time.Now()
	f()
	elapsed := time.Since(start)
	close(stop)
	<-done
	return fmt.Sprintf("%6.2f s  %6.1f MB body  heap peak %6.1f MB (+%6.1f MB)  RSS peak %s",
		elapsed.Seconds(), float64(lastSize.Load())/1e6, mb(peak.Load()), mb(peak.Load()-min(base, peak.Load())), peakRSS())
}

// heapBytes is the memory the heap holds now: live and not yet swept
// objects.
func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// peakRSS reads VmHWM from /proc/self/status.
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "?"
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return fmt.Sprintf("%.1f MB", float64(kb)/1024)
		}
	}
	return "?"
}

func mb(b uint64) float64 { return float64(b) / 1e6 }

// loadCorpus opens the starter data plus n synthetic practices, built once
// into the temp directory.
func loadCorpus(t *testing.T, n int) *sqlite.DB {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("lmo-web-export-%d-v%d.%d.db", n, storetest.BenchCorpusVersion, storetest.SyntheticVersion))
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		start := time.Now()
		if err := buildCorpus(path, n); err != nil {
			t.Fatal(err)
		}
		t.Logf("built %s in %v", path, time.Since(start).Round(time.Second))
	}
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// buildCorpus writes the corpus into a file of its own and renames it to
// path when complete.
func buildCorpus(path string, n int) error {
	tmp := path + ".building"
	ctx := context.Background()
	db, err := sqlite.Open(ctx, tmp)
	if err != nil {
		return err
	}
	d, err := starter.Load()
	if err == nil {
		err = storetest.FillBenchCorpus(ctx, db, d, n)
	}
	if err == nil {
		err = db.Backup(ctx, path)
	}
	return errors.Join(err, db.Close(), os.Remove(tmp))
}
