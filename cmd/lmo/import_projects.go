package main

import (
	"context"
	"fmt"
	"io"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
)

// runImportProjects runs lmo import projects FILE.
func runImportProjects(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := newImportCommand("import projects", "Import organisations and projects from a JSON file {\"organisations\": [...], \"projects\": [...]} "+
		"(the JSON download of /projects is one; starter/projects/projects.json another). Organisations and projects are matched by slug: "+
		"new ones are created, changed ones updated as a new version, identical ones left alone, none deleted. A file with any bad item "+
		"writes nothing and the error names the item, its line and why.", "JSON", stderr)
	name, err := cmd.parse(args)
	if err != nil {
		return err
	}
	r, done, err := openInput(name)
	if err != nil {
		return fmt.Errorf("import %s: %w", name, err)
	}
	defer done()
	d, err := ingest.Directory(r)
	if err != nil {
		return fmt.Errorf("import %s: %s", name, userMessage(err))
	}
	store, err := openStore(ctx, *cmd.db)
	if err != nil {
		return err
	}
	defer store.Close()
	counts, err := store.ImportDirectory(lmo.NewContextWithUser(ctx, lmo.SystemUser), d, "lmo import projects "+name)
	if err != nil {
		return fmt.Errorf("import %s: %s", name, userMessage(err))
	}
	o, p := counts.Organisations, counts.Projects
	fmt.Fprintf(stdout, "imported %s into %s: organisations %d created, %d updated, %d unchanged; projects %d created, %d updated, %d unchanged\n",
		name, redact(*cmd.db), o.Created, o.Updated, o.Unchanged, p.Created, p.Updated, p.Unchanged)
	return nil
}
