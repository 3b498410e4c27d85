package lmo_test

import (
	"encoding/json"
	"testing"

	"github.com/lmo-observatory/lmo"
)

// TestContactJSON: an import file may give a contact as an object, or as
// plain text (as files were written before contacts had fields), which
// becomes its name.
func TestContactJSON(t *testing.T) {
	for in, want := range map[string]lmo.Contact{
		`{"contact": {"name": "Desk", "email": "d@x.example"}}`: {Name: "Desk", Email: "d@x.example"},
		`{"contact": "Ministry of Labour"}`:                     {Name: "Ministry of Labour"},
		`{"contact": {"organisation": "Ministry of Labour"}}`:   {Organisation: "Ministry of Labour"},
	} {
		var p lmo.Practice
		if err := json.Unmarshal([]byte(in), &p); err != nil || p.Contact == nil || *p.Contact != want {
			t.Errorf("%s: %+v, %v", in, p.Contact, err)
		}
	}
	var p lmo.Practice
	if err := json.Unmarshal([]byte(`{"contact": 5}`), &p); err == nil {
		t.Error("a number was read as a contact")
	}
}
