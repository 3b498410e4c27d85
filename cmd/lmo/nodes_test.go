package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo/postgres/pgtest"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds the lmo command once per test run.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "lmo-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "lmo")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = err
			binPath = string(out)
		}
	})
	if buildErr != nil {
		t.Fatalf("building lmo: %v\n%s", buildErr, binPath)
	}
	return binPath
}

var servingLine = regexp.MustCompile(`msg=serving url=(http://\S+)`)

// startNode starts `lmo serve` as its own process on a free port and returns
// its base URL; the process is stopped with SIGTERM when the test ends.
func startNode(t *testing.T, dbURL string) string {
	t.Helper()
	// Nodes behind one address share its public base URL, as a deployment
	// sets LMO_BASE_URL: pages name their canonical address with it.
	cmd := exec.Command(binary(t), "serve", "--addr", "127.0.0.1:0", "--db", dbURL, "--base-url", "https://lmo.example.org")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("node exited with %v", err)
			}
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			t.Errorf("node did not stop on SIGTERM")
		}
	})
	select {
	case u := <-found:
		return u
	case <-time.After(60 * time.Second):
		t.Fatal("node did not start")
		return ""
	}
}

// fetch GETs url with header pairs and returns the response with its body.
func fetch(t *testing.T, url string, header ...string) (*http.Response, string) {
	t.Helper()
	return fetchHeaders(t, http.MethodGet, url, header...)
}

// TestTwoNodes starts two lmo serve processes on one PostgreSQL database,
// changes data through the lmo command against that database, and sees the
// change at once through both: no stale page, ETag or cache on any node.
func TestTwoNodes(t *testing.T) {
	dbURL := pgtest.NewDatabase(t)
	a := startNode(t, dbURL)
	b := startNode(t, dbURL)

	const page = "/practices?q=wage+protection&sort=title"
	respA, bodyA := fetch(t, a+page)
	respB, bodyB := fetch(t, b+page)
	if respA.StatusCode != 200 || respB.StatusCode != 200 {
		t.Fatalf("status %d and %d", respA.StatusCode, respB.StatusCode)
	}
	if bodyA != bodyB || respA.Header.Get("ETag") != respB.Header.Get("ETag") {
		t.Fatalf("the two nodes serve different pages for the same data")
	}
	etag := respA.Header.Get("ETag")

	// Change a practice through the command line, against the same database.
	file := filepath.Join(t.TempDir(), "p.json")
	if out, err := exec.Command(binary(t), "export", "--db", dbURL, "-q", `"wage protection system"`, "-o", file).CombinedOutput(); err != nil {
		t.Fatalf("export: %v\n%s", err, out)
	}
	var ps []map[string]any
	raw, _ := os.ReadFile(file)
	if err := json.Unmarshal(raw, &ps); err != nil || len(ps) == 0 {
		t.Fatalf("export: %v, %d practices", err, len(ps))
	}
	ps = ps[:1]
	ps[0]["title"] = "Wage protection renamed by the two-node test"
	slug := ps[0]["slug"].(string)
	raw, _ = json.Marshal(ps)
	os.WriteFile(file, raw, 0o600)
	if out, err := exec.Command(binary(t), "import", "--db", dbURL, "--file", file).CombinedOutput(); err != nil || !strings.Contains(string(out), "1 updated") {
		t.Fatalf("import: %v\n%s", err, out)
	}

	for _, node := range []string{a, b} {
		resp, body := fetch(t, node+page, "If-None-Match", etag)
		if resp.StatusCode != 200 || !strings.Contains(body, "renamed by the two-node test") {
			t.Errorf("%s: after the change, status %d and the new title is %s", node, resp.StatusCode,
				map[bool]string{true: "shown", false: "missing"}[strings.Contains(body, "renamed by the two-node test")])
		}
		if resp.Header.Get("ETag") == etag {
			t.Errorf("%s: the ETag did not change with the data", node)
		}
		_, body = fetch(t, node+"/practices/"+slug)
		if !strings.Contains(body, "Wage protection renamed by the two-node test") || !strings.Contains(body, "Version 2") {
			t.Errorf("%s: the practice page is stale", node)
		}
	}
	_, bodyA = fetch(t, a+page)
	_, bodyB = fetch(t, b+page)
	if bodyA != bodyB {
		t.Errorf("after the change the two nodes differ")
	}
}

// TestDatabaseRestartUnderLoad cuts the connection to PostgreSQL while
// requests keep coming: they fail fast with 503 and a clear message, never
// a 500, and succeed again when the server is back, without restarting lmo.
func TestDatabaseRestartUnderLoad(t *testing.T) {
	dbURL := pgtest.NewDatabase(t)
	proxy, viaProxy := pgtest.NewProxy(t, dbURL)
	m := &Main{Addr: "127.0.0.1:0", DBPath: viaProxy, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()

	var mu sync.Mutex
	statuses := map[int]int{}
	var bad []string
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 20 * time.Second}
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			paths := []string{"/practices?q=domestic", "/api/v1/practices?region=africa", "/", "/countries/PH"}
			for i := 0; ctx.Err() == nil; i++ {
				path := paths[(w+i)%len(paths)]
				resp, err := client.Get(m.URL() + path)
				if err != nil {
					mu.Lock()
					bad = append(bad, path+": "+err.Error())
					mu.Unlock()
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				mu.Lock()
				statuses[resp.StatusCode]++
				if resp.StatusCode == 503 && !strings.Contains(string(body), "not answering") {
					bad = append(bad, path+": a 503 without the clear message")
				}
				if resp.StatusCode != 200 && resp.StatusCode != 503 {
					bad = append(bad, path+": status "+resp.Status)
				}
				mu.Unlock()
			}
		}()
	}
	time.Sleep(500 * time.Millisecond)
	proxy.Down()
	// While the server is away, requests get 503.
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, body := fetch(t, m.URL()+"/api/v1/practices")
		if resp.StatusCode == 503 {
			if resp.Header.Get("Content-Type") != "application/problem+json" || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "not answering") {
				t.Errorf("503 while down: %s %q", resp.Header.Get("Content-Type"), body)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no 503 while the database was down (last status %d)", resp.StatusCode)
		}
	}
	if resp, _ := fetch(t, m.URL()+"/healthz"); resp.StatusCode != 503 {
		t.Errorf("/healthz while down: %d", resp.StatusCode)
	}
	time.Sleep(time.Second)
	proxy.Up()
	// Back again: requests succeed without restarting lmo.
	deadline = time.Now().Add(30 * time.Second)
	for {
		resp, _ := fetch(t, m.URL()+"/practices?q=domestic")
		if resp.StatusCode == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("lmo did not recover after the database came back (status %d)", resp.StatusCode)
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	stop()
	wg.Wait()
	t.Logf("statuses under the restart: %v", statuses)
	if statuses[503] == 0 || statuses[200] == 0 {
		t.Errorf("statuses %v: want both 200 and 503", statuses)
	}
	for _, b := range bad {
		t.Error(b)
	}
}
