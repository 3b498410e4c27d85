package starter

import (
	"embed"
	"fmt"
	"io/fs"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
)

// projectFiles are the directory files of organisations and projects: every
// fact in them has its source beside it.
//
//go:embed projects/*.json
var projectFiles embed.FS

// loadProjects reads every file of starter/projects, in name order, into one
// directory.
func loadProjects() (lmo.Directory, error) {
	out := lmo.Directory{Organisations: []*lmo.Organisation{}, Projects: []*lmo.Project{}}
	names, err := fs.Glob(projectFiles, "projects/*.json")
	if err != nil {
		return out, err
	}
	for _, name := range names {
		f, err := projectFiles.Open(name)
		if err != nil {
			return out, err
		}
		d, err := ingest.Directory(f)
		f.Close()
		if err != nil {
			return out, fmt.Errorf("starter/%s: %w", name, err)
		}
		out.Organisations = append(out.Organisations, d.Organisations...)
		out.Projects = append(out.Projects, d.Projects...)
	}
	return out, nil
}

// validateProjects checks every organisation and project of d against the
// rest of the starter set, naming the failing item.
func validateProjects(d *Data, vocabs lmo.Vocabularies, countries map[string]bool) error {
	set := func(n int, key func(int) string) map[string]bool {
		m := map[string]bool{}
		for i := range n {
			m[key(i)] = true
		}
		return m
	}
	orgs := set(len(d.Projects.Organisations), func(i int) string { return d.Projects.Organisations[i].Slug })
	practices := set(len(d.Practices), func(i int) string { return d.Practices[i].Slug })
	instruments := set(len(d.Standards.Instruments), func(i int) string { return d.Standards.Instruments[i].Code })
	refs := lmo.ProjectRefs{
		Country: func(c string) bool { return countries[c] }, Organisation: func(s string) bool { return orgs[s] },
		Practice: func(s string) bool { return practices[s] }, Instrument: func(c string) bool { return instruments[c] },
		Vocabularies: vocabs,
	}
	for i, o := range d.Projects.Organisations {
		if err := o.Validate(refs); err != nil {
			return fmt.Errorf("starter/projects organisation %d (%s): %s", i+1, o.Slug, lmo.ErrorMessage(err))
		}
	}
	for i, p := range d.Projects.Projects {
		if err := p.Validate(refs); err != nil {
			return fmt.Errorf("starter/projects project %d (%s): %s", i+1, p.Slug, lmo.ErrorMessage(err))
		}
	}
	return nil
}
