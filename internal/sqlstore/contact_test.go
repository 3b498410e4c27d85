package sqlstore

import (
	"testing"

	"github.com/lmo-observatory/lmo"
)

// TestContactColumn: contacts are stored as JSON; free text kept from before
// contacts had fields reads as the name; "" and NULL are no contact.
func TestContactColumn(t *testing.T) {
	c := &lmo.Contact{Name: "Desk", Email: "desk@x.example"}
	for _, tt := range []struct {
		stored any
		want   *lmo.Contact
	}{
		{contactText(c), c},
		{"Ministry of Labour, desk 4", &lmo.Contact{Name: "Ministry of Labour, desk 4"}},
		{"", nil},
		{nil, nil},
		{[]byte(`{"url":"https://x.example"}`), &lmo.Contact{URL: "https://x.example"}},
	} {
		stored, want := tt.stored, tt.want
		var got *lmo.Contact
		if err := (contactScanner{&got}).Scan(stored); err != nil {
			t.Fatal(err)
		}
		if (got == nil) != (want == nil) || got != nil && *got != *want {
			t.Errorf("%q read as %+v, want %+v", stored, got, want)
		}
	}
	if contactText(nil) != "" {
		t.Error("no contact is not stored as empty text")
	}
}
