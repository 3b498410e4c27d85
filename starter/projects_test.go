package starter_test

import (
	"testing"

	"github.com/lmo-observatory/lmo/starter"
)

// TestStarterProjects checks that the starter's organisations and projects
// load, validate against the rest of the starter set (Load does) and carry
// a source with an address on every record.
func TestStarterProjects(t *testing.T) {
	d, err := starter.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Projects.Organisations) == 0 || len(d.Projects.Projects) == 0 {
		t.Fatalf("%d organisations, %d projects", len(d.Projects.Organisations), len(d.Projects.Projects))
	}
	for _, o := range d.Projects.Organisations {
		for _, s := range o.Sources {
			if s.URL == "" {
				t.Errorf("organisation %s: source %q has no address", o.Slug, s.Title)
			}
		}
	}
	for _, p := range d.Projects.Projects {
		for _, s := range p.Sources {
			if s.URL == "" {
				t.Errorf("project %s: source %q has no address", p.Slug, s.Title)
			}
		}
	}
}
