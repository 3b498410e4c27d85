package ingest_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
)

// agreementCountries is a resolver over the countries of the tests.
func agreementCountries() ingest.CountryResolver {
	return lmo.NewCountryIndex([]*lmo.Country{
		{Code: "PH", Alpha3: "PHL", NameEN: "Philippines"},
		{Code: "ES", Alpha3: "ESP", NameEN: "Spain"},
		{Code: "GB", Alpha3: "GBR", NameEN: "United Kingdom"},
		{Code: "UY", Alpha3: "URY", NameEN: "Uruguay"},
		{Code: "AR", Alpha3: "ARG", NameEN: "Argentina"},
	}).Resolve
}

func readAgreements(in string) ([]*lmo.Agreement, error) {
	var out []*lmo.Agreement
	for row, err := range ingest.AgreementsCSV(strings.NewReader(in), agreementCountries()) {
		if err != nil {
			return out, err
		}
		out = append(out, row.Agreement)
	}
	return out, nil
}

// The rows of these tests are made up: they test the reader, not facts.
const agreementsHeader = "slug,title,type,parties,regional,signed,in_force,ended,branches,benefits_abroad,totalisation,domestic_workers,workers,summary,facts_checked,source_title,source_publisher,source_url,source_year\n"

func TestAgreementsCSV(t *testing.T) {
	// Columns in another order, a BOM, a blank row, a column LMO does not
	// know, parties by code, alpha-3 and name, a second source.
	in := "\uFEFFtitle,Slug,TYPE,parties,in force,branches,source_url,source_title,source2_title,source2_url,source2_year,totalisation,extra,signed\n" +
		"A test agreement,ph-es-test,social-security,PHL es,1989,survivors;old-age,https://example.org/a,Source A,Source B,https://example.org/b,2001,yes,x,1988-05-20\n" +
		",,,,,,,,,,,,,\n" +
		"Another,gb-uy-test,mou,\"United Kingdom; Uruguay\",,,https://example.org/c,Source C,,,,,,\n"
	got, err := readAgreements(in)
	if err != nil {
		t.Fatal(err)
	}
	want := []*lmo.Agreement{
		{Slug: "ph-es-test", Title: "A test agreement", Type: lmo.AgreementSocialSecurity, Parties: []string{"ES", "PH"},
			Signed: lmo.MustParseDate("1988-05-20"), InForce: lmo.MustParseDate("1989"), Branches: []string{lmo.BranchOldAge, lmo.BranchSurvivors},
			Totalisation: lmo.Yes, BenefitsAbroad: lmo.Unknown, DomesticWorkers: lmo.Unknown,
			Sources: []lmo.Source{{Title: "Source A", URL: "https://example.org/a"}, {Title: "Source B", URL: "https://example.org/b", Year: 2001}}},
		{Slug: "gb-uy-test", Title: "Another", Type: lmo.AgreementMOU, Parties: []string{"GB", "UY"}, Branches: []string{},
			BenefitsAbroad: lmo.Unknown, Totalisation: lmo.Unknown, DomesticWorkers: lmo.Unknown,
			Sources: []lmo.Source{{Title: "Source C", URL: "https://example.org/c"}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestAgreementsCSVErrors(t *testing.T) {
	row := func(fields map[int]string) string {
		cells := strings.Split("ph-es-test,A test,social-security,PH ES,,1988,1989,,old-age,yes,,,,,,Source,,https://example.org,", ",")
		for i, v := range fields {
			cells[i] = v
		}
		return agreementsHeader + strings.Join(cells, ",") + "\n"
	}
	for _, tt := range []struct {
		name, in, where, says string
	}{
		{"missing column", "slug,title,type,parties,source_title\n", "line 1", "source url"},
		{"no slug", row(map[int]string{0: ""}), "line 2, column 1 (slug)", "missing"},
		{"bad slug", row(map[int]string{0: "PH ES"}), "line 2, column 1 (slug)", "lower-case"},
		{"bad type", row(map[int]string{2: "treaty"}), "line 2, column 3 (type)", "one of"},
		{"unknown party", row(map[int]string{3: "PH Atlantis"}), "line 2, column 4 (parties)", "Atlantis"},
		{"one party", row(map[int]string{3: "PH"}), "line 2, column 4 (parties)", "two parties"},
		{"bad date", row(map[int]string{5: "20-05-1988"}), "line 2, column 6 (signed)", "not a date"},
		{"in force before signed", row(map[int]string{6: "1987"}), "line 2, column 7 (in force)", "before it was signed"},
		{"bad branch", row(map[int]string{8: "pensions"}), "line 2, column 9 (branches)", "pensions"},
		{"bad truth", row(map[int]string{9: "sometimes"}), "line 2, column 10 (benefits abroad)", "yes, no"},
		{"bad facts checked", row(map[int]string{14: "2025"}), "line 2, column 15 (facts checked)", "YYYY-MM-DD"},
		{"no source", row(map[int]string{15: "", 17: ""}), "line 2, column 16 (source title)", "at least one source"},
		{"bad source url", row(map[int]string{17: "example.org"}), "line 2, column 18 (source url)", "http"},
		{"bad source year", row(map[int]string{18: "99"}), "line 2, column 19 (source year)", "four digits"},
	} {
		_, err := readAgreements(tt.in)
		var ie *ingest.Error
		if !errors.As(err, &ie) || lmo.ErrorCode(err) != lmo.EINVALID {
			t.Errorf("%s: %v is not an EINVALID *ingest.Error", tt.name, err)
			continue
		}
		if ie.Where != tt.where || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("%s: %q, want it at %q saying %q", tt.name, err, tt.where, tt.says)
		}
	}
}

// TestAgreementsCSVRoundTrip writes agreements and reads them back the
// same: the export is an import file.
func TestAgreementsCSVRoundTrip(t *testing.T) {
	in := agreementsHeader +
		"ar-uy-test,\"A title, with a comma\",social-security,AR UY,,1999-06,2000-01-01,2010,sickness;old-age,yes,no,yes,\"All \"\"workers\"\"\",\"Two\nlines\",2025-01-31,S1,P1,https://example.org/1,2020\n" +
		"regional-test,Regional,labour,AR ES UY,IBERO,,,,,,,,,,,S2,,https://example.org/2,\n"
	first, err := readAgreements(in)
	if err != nil {
		t.Fatal(err)
	}
	first[1].Sources = append(first[1].Sources, lmo.Source{Title: "S3", Publisher: "P3", URL: "https://example.org/3", Year: 1999})
	var buf bytes.Buffer
	if err := ingest.WriteAgreementsCSV(&buf, first); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "source2_title") {
		t.Errorf("no second source's columns:\n%s", buf.String())
	}
	again, err := readAgreements(buf.String())
	if err != nil {
		t.Fatalf("reading the written file: %v\n%s", err, buf.String())
	}
	if diff := cmp.Diff(first, again); diff != "" {
		t.Errorf("round trip (-written +read):\n%s", diff)
	}
}

// FuzzAgreementsCSV checks that the reader never panics, that every
// rejection is an EINVALID *ingest.Error, and that what it accepts, written
// again, reads back the same.
func FuzzAgreementsCSV(f *testing.F) {
	f.Add(agreementsHeader + "ph-es-test,A test,social-security,PH ES,,1988,1989,,old-age,yes,,,,,,Source,,https://example.org,2001\n")
	f.Add(agreementsHeader + "r,R,labour,\"Spain; Argentina, Uruguay\",X,2000-02-29,,2001-13,,no,yes,,,,,S,,http://x,\n")
	f.Add("slug,title\n")
	f.Add("")
	f.Add("\uFEFFtype,parties,slug,title,source_url,source_title,source3_title,source3_url\nmou,GB PH,a,b,https://e.org,t,u,https://f.org\n")
	f.Fuzz(func(t *testing.T, in string) {
		got, err := readAgreements(in)
		if err != nil {
			var ie *ingest.Error
			if !errors.As(err, &ie) || lmo.ErrorCode(err) != lmo.EINVALID {
				t.Fatalf("%v (%T) is not an EINVALID *ingest.Error", err, err)
			}
			return
		}
		var buf bytes.Buffer
		if err := ingest.WriteAgreementsCSV(&buf, got); err != nil {
			t.Fatal(err)
		}
		again, err := readAgreements(buf.String())
		if err != nil {
			t.Fatalf("reading what was written: %v\n%s", err, buf.String())
		}
		if diff := cmp.Diff(got, again); diff != "" {
			t.Fatalf("round trip (-written +read):\n%s", diff)
		}
	})
}
