package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/sqlstore"
	"github.com/lmo-observatory/lmo/postgres/pgtest"
	"github.com/lmo-observatory/lmo/sqlite"
)

const backupSlug = "ae-wage-protection-system"

// backupLoad runs readers of the pages and the API of a running node, and
// one writer that updates a practice again and again, each update marking
// its summary with its number (a word of its own, "backupmarkN", that
// search finds). It reports every update's number on updated.
type backupLoad struct {
	stopWriter, stopReaders chan struct{}
	writer, readers         sync.WaitGroup
	updated                 chan int
	mu                      sync.Mutex
	errs                    []string
}

func startBackupLoad(t *testing.T, m *Main) *backupLoad {
	t.Helper()
	l := &backupLoad{stopWriter: make(chan struct{}), stopReaders: make(chan struct{}), updated: make(chan int, 1000)}
	for _, path := range []string{"/practices?q=workers", "/api/v1/practices?q=wage", "/practices/" + backupSlug, "/countries/PH", "/"} {
		l.readers.Add(1)
		go l.read(m.URL() + path)
	}
	l.writer.Add(1)
	go l.write(m.DB)
	return l
}

func (l *backupLoad) fail(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.errs = append(l.errs, fmt.Sprintf(format, args...))
}

func (l *backupLoad) read(url string) {
	defer l.readers.Done()
	for {
		select {
		case <-l.stopReaders:
			return
		default:
		}
		resp, err := http.Get(url)
		if err != nil {
			l.fail("GET %s: %v", url, err)
			return
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			l.fail("GET %s: %d", url, resp.StatusCode)
		}
	}
}

func (l *backupLoad) write(s store) {
	defer l.writer.Done()
	ctx := lmo.NewContextWithUser(context.Background(), lmo.SystemUser)
	for k := 1; ; k++ {
		select {
		case <-l.stopWriter:
			return
		default:
		}
		p, err := s.FindPracticeBySlug(ctx, backupSlug)
		if err != nil {
			l.fail("find: %v", err)
			return
		}
		p.Summary = backupSummary(p.Summary, k)
		if err := s.UpdatePractice(ctx, p, "backup test"); err != nil {
			l.fail("update %d: %v", k, err)
			return
		}
		// Every committed update is reported, even when the writer is
		// being stopped: the test compares the last one with the database.
		select {
		case l.updated <- k:
		default:
			l.fail("update %d: nobody reads the updates", k)
			return
		}
	}
}

// backupSummary replaces the mark of the last update with k's.
func backupSummary(summary string, k int) string {
	if i := strings.Index(summary, " backupmark"); i >= 0 {
		summary = summary[:i]
	}
	return fmt.Sprintf("%s backupmark%d", summary, k)
}

// waitUpdates waits for n more updates and returns the last one's number.
func (l *backupLoad) waitUpdates(t *testing.T, n int) int {
	t.Helper()
	var k int
	for range n {
		k = <-l.updated
	}
	return k
}

func (l *backupLoad) check(t *testing.T) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range l.errs {
		t.Error(e)
	}
}

// TestBackupAndRestoreWhileServing takes a backup of a node's SQLite
// database while readers and a writer work on it, checks that the backup is
// one consistent state, restores it into a new database and into the live
// one while readers go on, and sees the node serve the restored data at
// once: pages, search and data versions.
func TestBackupAndRestoreWhileServing(t *testing.T) {
	m := startMain(t)
	load := startBackupLoad(t, m)
	load.waitUpdates(t, 3)
	file := filepath.Join(t.TempDir(), "backup.db")
	out, errOut, err := runCmd(t, "backup", "--db", m.DBPath, file)
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, errOut)
	}
	t.Log(strings.TrimSpace(out))
	last := load.waitUpdates(t, 3) // the backup was taken in the middle
	close(load.stopWriter)
	load.writer.Wait()
	for len(load.updated) > 0 {
		last = <-load.updated
	}

	// One consistent state: the practice's version, its revisions and its
	// summary's mark agree.
	mark := backupConsistent(t, file)
	if mark >= last {
		t.Fatalf("the backup holds update %d, the writer went on to %d", mark, last)
	}
	want := sumsOf(t, file)

	fresh := filepath.Join(t.TempDir(), "fresh.db")
	if _, errOut, err := runCmd(t, "restore", "--db", fresh, file); err != nil {
		t.Fatalf("restore into a new database: %v\n%s", err, errOut)
	}
	sameRestored(t, "restored into a new database", want, fresh)

	ctx := context.Background()
	before, err := m.DB.DataVersions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := apiTotal(t, m.URL(), fmt.Sprintf("q=backupmark%d", last)); got != 1 {
		t.Fatalf("the node finds the last update %d %d times", last, got)
	}
	if _, _, err := runCmd(t, "restore", "--db", m.DBPath, file); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("restore into a live database without --force: %v", err)
	}
	out, errOut, err = runCmd(t, "restore", "--db", m.DBPath, "--force", file)
	if err != nil {
		t.Fatalf("restore into the live database: %v\n%s", err, errOut)
	}
	t.Log(strings.TrimSpace(out))
	close(load.stopReaders)
	load.readers.Wait()
	load.check(t)

	sameRestored(t, "restored into the live database", want, m.DBPath)
	after, err := m.DB.DataVersions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after.Practices <= before.Practices || after.Reference <= before.Reference ||
		after.Standards <= before.Standards || after.Statistics <= before.Statistics {
		t.Errorf("data versions did not move on: before %+v, after %+v", before, after)
	}
	// The node serves the restored practice, and its search index follows.
	_, body := fetch(t, m.URL()+"/practices/"+backupSlug)
	if !strings.Contains(body, fmt.Sprintf("backupmark%d", mark)) {
		t.Errorf("the practice page does not show the restored update %d", mark)
	}
	if got := apiTotal(t, m.URL(), fmt.Sprintf("q=backupmark%d", mark)); got != 1 {
		t.Errorf("search finds the restored update %d %d times", mark, got)
	}
	if got := apiTotal(t, m.URL(), fmt.Sprintf("q=backupmark%d", last)); got != 0 {
		t.Errorf("search still finds the update %d made after the backup %d times", last, got)
	}
}

// backupConsistent checks that the practice that the load updates is one
// state in the backup file (its version, revisions and summary agree) and
// returns the number of the update it holds.
func backupConsistent(t *testing.T, file string) int {
	t.Helper()
	ctx := lmo.NewContextWithUser(context.Background(), lmo.SystemUser)
	s, err := openStore(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p, err := s.FindPracticeBySlug(ctx, backupSlug)
	if err != nil {
		t.Fatal(err)
	}
	revs, err := s.PracticeRevisions(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	var mark int
	if i := strings.Index(p.Summary, " backupmark"); i < 0 {
		t.Fatalf("the backup's practice has no mark: %q", p.Summary)
	} else if _, err := fmt.Sscanf(p.Summary[i:], " backupmark%d", &mark); err != nil {
		t.Fatal(err)
	}
	if p.Version != mark+1 || len(revs) != p.Version {
		t.Errorf("the backup is not one state: version %d, %d revisions, update %d", p.Version, len(revs), mark)
	}
	return mark
}

// TestBackupForce: an existing FILE is refused and left alone without
// --force, replaced with it; nothing is left beside FILE.
func TestBackupForce(t *testing.T) {
	db := copySource(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "backup.db")
	os.WriteFile(file, []byte("keep me"), 0o600)
	if _, _, err := runCmd(t, "backup", "--db", db, file); err == nil || !strings.Contains(err.Error(), "exists; use --force") {
		t.Errorf("backup onto an existing file: %v", err)
	}
	if b, _ := os.ReadFile(file); string(b) != "keep me" {
		t.Errorf("the refused backup changed %s", file)
	}
	out, errOut, err := runCmd(t, "backup", "--db", db, "--force", file)
	if err != nil || !strings.Contains(out, "integrity ok") {
		t.Fatalf("backup --force: %q %v\n%s", out, err, errOut)
	}
	// Before anything opens the backup (SQLite may leave its -wal and -shm
	// files beside a database it opened).
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("beside the backup: %v", entries)
	}
	sameSums(t, "backup", sumsOf(t, db), sumsOf(t, file))
	sameSearches(t, "backup", searchViews(t, db, true), searchViews(t, file, true))
}

// TestBackupRefusals: what is not an observatory is not backed up, and
// no FILE appears.
func TestBackupRefusals(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "backup.db")
	other := filepath.Join(dir, "other.db")
	db, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE notes (body TEXT)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	missing := filepath.Join(dir, "missing.db")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--db", missing, file}, "no such file"},
		{[]string{"--db", other, file}, "not an LMO database"},
		{[]string{"--db", other}, "one FILE argument"},
		{[]string{"--db", other, other}, "the database itself"},
	} {
		if _, _, err := runCmd(t, append([]string{"backup"}, c.args...)...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("backup %v: %v, want %q", c.args, err, c.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

// TestRestoreRefusals: a file that is not a sound observatory of this
// version or older is refused with its reason, and the database keeps all
// it had, versions too.
func TestRestoreRefusals(t *testing.T) {
	live := copySource(t)
	good := filepath.Join(t.TempDir(), "good.db")
	if _, _, err := runCmd(t, "backup", "--db", live, good); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	corrupt := append([]byte(nil), b...)
	for i := len(b) / 2; i < len(b)/2+3*4096; i++ {
		corrupt[i] = 0x5a
	}
	latest, err := sqlite.LatestMigration()
	if err != nil {
		t.Fatal(err)
	}
	newer := write("newer.db", b)
	rawExec(t, newer, fmt.Sprintf(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (%d, 1)`, latest+1))
	notLMO := write("notes.db", nil)
	rawExec(t, notLMO, `CREATE TABLE notes (body TEXT)`)

	wantSums := sumsOf(t, live)
	wantVersions := versionsOf(t, live)
	for _, c := range []struct{ file, want string }{
		{write("text.db", []byte("not a database\n")), "not a usable SQLite database"},
		{write("empty.db", nil), "not an LMO database"},
		{write("truncated.db", b[:len(b)/3]), "malformed|integrity check failed"},
		{write("corrupt.db", corrupt), "malformed|integrity check failed"},
		{notLMO, "not an LMO database"},
		{newer, fmt.Sprintf("newer lmo (migration %d; this lmo knows up to %d)", latest+1, latest)},
		{filepath.Join(dir, "missing.db"), "no such file"},
	} {
		_, _, err := runCmd(t, "restore", "--db", live, "--force", c.file)
		if err == nil || !containsAny(err.Error(), strings.Split(c.want, "|")) || !strings.Contains(err.Error(), filepath.Base(c.file)) {
			t.Errorf("restore %s: %v, want %q", filepath.Base(c.file), err, c.want)
		}
	}
	sameSums(t, "after the refused restores", wantSums, sumsOf(t, live))
	if got := versionsOf(t, live); got != wantVersions {
		t.Errorf("the refused restores moved the data versions: %+v, then %+v", wantVersions, got)
	}
	if _, _, err := runCmd(t, "restore", "--db", live, "--force", live); err == nil || !strings.Contains(err.Error(), "the database itself") {
		t.Errorf("restore a database onto itself: %v", err)
	}
}

// TestRestoreOlderBackup restores a backup made before the latest
// migration (undone with its own Down section): it is migrated up and
// restored.
func TestRestoreOlderBackup(t *testing.T) {
	live := copySource(t)
	old := filepath.Join(t.TempDir(), "old.db")
	if _, _, err := runCmd(t, "backup", "--db", live, old); err != nil {
		t.Fatal(err)
	}
	latest, err := sqlite.LatestMigration()
	if err != nil {
		t.Fatal(err)
	}
	matches, _ := filepath.Glob(filepath.Join("..", "..", "sqlite", "migrations", fmt.Sprintf("%05d_*.sql", latest)))
	if len(matches) != 1 {
		t.Fatalf("migration %d: %v", latest, matches)
	}
	src, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	_, down, ok := strings.Cut(string(src), "-- +goose Down")
	if !ok || strings.TrimSpace(strings.NewReplacer("-- +goose StatementBegin", "", "-- +goose StatementEnd", "").Replace(down)) == "" {
		t.Skipf("migration %d has no Down section to undo it with", latest)
	}
	rawExec(t, old, down)
	rawExec(t, old, fmt.Sprintf(`DELETE FROM goose_db_version WHERE version_id = %d`, latest))

	target := filepath.Join(t.TempDir(), "target.db")
	out, errOut, err := runCmd(t, "restore", "--db", target, old)
	if err != nil {
		t.Fatalf("restore of a backup at migration %d: %v\n%s", latest-1, err, errOut)
	}
	t.Log(strings.TrimSpace(out))
	// What the undone migration's Down dropped comes back as its Up makes
	// it again (empty, or moved from the older tables); everything else is
	// restored as it was.
	want, got := sumsOf(t, live), sumsOf(t, target)
	for i, sum := range want {
		if !tableExists(t, old, sum.Table) && i < len(got) && got[i].Table == sum.Table {
			want[i] = got[i]
		}
	}
	sameRestored(t, "restored older backup", want, target)
}

// tableExists reports whether the SQLite database at path has a table.
func tableExists(t *testing.T, path, table string) bool {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}

// sameRestored checks that the database at dsn holds what want sums,
// except that its audit log has one more entry, the restore's own.
func sameRestored(t *testing.T, what string, want []sqlstore.TableSum, dsn string) {
	t.Helper()
	got, want := sumsOf(t, dsn), slices.Clone(want)
	for i := range got {
		if got[i].Table == "audit_log" && i < len(want) && want[i].Table == "audit_log" {
			if got[i].Rows != want[i].Rows+1 {
				t.Errorf("%s: %d audit entries, want the backup's %d and the restore's", what, got[i].Rows, want[i].Rows)
			}
			got[i], want[i] = sqlstore.TableSum{Table: "audit_log"}, sqlstore.TableSum{Table: "audit_log"}
		}
	}
	sameSums(t, what, want, got)
	s, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	entries, err := s.AuditLog(lmo.NewContextWithUser(context.Background(), lmo.SystemUser), lmo.AuditFilter{Limit: 1})
	if err != nil || len(entries) != 1 || entries[0].Action != "restore" {
		t.Errorf("%s: the newest audit entry is %+v (%v), want the restore", what, entries, err)
	}
}

// containsAny reports whether s contains any of subs.
func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// TestBackupPostgres backs a PostgreSQL database up into a SQLite file and
// restores that into another PostgreSQL database and into SQLite.
func TestBackupPostgres(t *testing.T) {
	pg := pgtest.NewDatabase(t)
	if _, _, err := runCmd(t, "copy", "--from", copySource(t), "--to", pg); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "pg-backup.db")
	out, errOut, err := runCmd(t, "backup", "--db", pg, file)
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, errOut)
	}
	t.Log(strings.TrimSpace(out))
	want := sumsOf(t, pg)
	sameSums(t, "backup of PostgreSQL", want, sumsOf(t, file))
	sameSearches(t, "backup of PostgreSQL", searchViews(t, pg, false), searchViews(t, file, false))

	other := pgtest.NewDatabase(t)
	before := versionsOf(t, other)
	if _, errOut, err := runCmd(t, "restore", "--db", other, file); err != nil {
		t.Fatalf("restore into PostgreSQL: %v\n%s", err, errOut)
	}
	sameRestored(t, "restored into PostgreSQL", want, other)
	sameSearches(t, "restored into PostgreSQL", searchViews(t, pg, true), searchViews(t, other, true))
	if after := versionsOf(t, other); after.Practices <= before.Practices || after.Statistics <= before.Statistics {
		t.Errorf("versions: before %+v, after %+v", before, after)
	}
}

// rawExec runs statements on a SQLite file without migrating it.
func rawExec(t *testing.T, path, statements string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(statements); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// versionsOf returns a database's data versions.
func versionsOf(t *testing.T, dsn string) lmo.DataVersions {
	t.Helper()
	s, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	v, err := s.DataVersions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}
