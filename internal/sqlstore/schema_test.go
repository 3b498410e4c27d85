package sqlstore_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo/sqlite"
)

// TestCheckSchemaNamesWhatIsMissing adds a table and a column that
// sqlstore.Tables does not list: CheckSchema must name both, or a module's
// new table would silently be left out of lmo copy. (storetest runs
// CheckSchema on the real schema of both databases.)
func TestCheckSchemaNamesWhatIsMissing(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "schema.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Database().CheckSchema(ctx); err != nil {
		t.Fatalf("the migrated schema: %v", err)
	}
	for _, stmt := range []string{`CREATE TABLE treaties (code TEXT PRIMARY KEY)`, `ALTER TABLE regions ADD COLUMN name_fr TEXT`} {
		if _, err := db.SQL().ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	err = db.Database().CheckSchema(ctx)
	if err == nil || !strings.Contains(err.Error(), "table treaties") || !strings.Contains(err.Error(), "column regions.name_fr") {
		t.Errorf("CheckSchema after adding a table and a column: %v", err)
	}
}
