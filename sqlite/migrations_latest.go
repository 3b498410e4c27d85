package sqlite

import (
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// LatestMigration returns the version of the newest migration this build
// embeds. A database whose goose_db_version records a later one was written
// by a newer build, which this one cannot read safely (lmo restore refuses
// such a backup).
func LatestMigration() (int64, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return 0, fmt.Errorf("sqlite: list migrations: %w", err)
	}
	var latest int64
	for _, name := range names {
		num, _, _ := strings.Cut(path.Base(name), "_")
		v, err := strconv.ParseInt(num, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("sqlite: migration %s has no version number", name)
		}
		latest = max(latest, v)
	}
	return latest, nil
}
