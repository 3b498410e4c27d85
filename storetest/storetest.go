// Package storetest is the conformance suite that every lmo store must pass:
// the same tests, run on SQLite always and on PostgreSQL when the test
// environment provides one, so that the two backends behave as one.
package storetest

import (
	"context"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/sqlstore"
)

// Store is everything a backend implements.
type Store interface {
	lmo.CountryService
	lmo.VocabularyService
	lmo.PracticeService
	lmo.StandardService
	lmo.StatisticsService
	lmo.AccountService
	lmo.AuditService
	lmo.WorkflowService
	lmo.ProjectService
	lmo.AgreementService
	// RebuildIndexes re-derives facets and full text from the tables.
	RebuildIndexes(ctx context.Context) error
	// Database is the database under the services (its schema, sums).
	Database() *sqlstore.DB
}

// Opener returns a new, empty, migrated store for one test, and cleans it
// up when the test ends.
type Opener func(t *testing.T) Store

// Reopener is a store that can open another store on its own database: a
// second node of one deployment, or the same node after a restart. The
// tests of accounts across nodes need it; both backends' openers give one.
type Reopener interface {
	Reopen(t *testing.T) Store
}

// Run runs the whole conformance suite against stores from open: each
// module's tests as a subtest of its own.
func Run(t *testing.T, open Opener) {
	t.Run("Countries", func(t *testing.T) { RunCountries(t, open) })
	t.Run("Vocabularies", func(t *testing.T) { RunVocabularies(t, open) })
	t.Run("Practices", func(t *testing.T) { RunPractices(t, open) })
	t.Run("PracticeTranslations", func(t *testing.T) { RunPracticeTranslations(t, open) })
	t.Run("Standards", func(t *testing.T) { RunStandards(t, open) })
	t.Run("Statistics", func(t *testing.T) { RunStatistics(t, open) })
	t.Run("Versions", func(t *testing.T) { RunVersions(t, open) })
	t.Run("Related", func(t *testing.T) { RunRelated(t, open) })
	t.Run("SearchIndex", func(t *testing.T) { RunSearchIndex(t, open) })
	t.Run("Accounts", func(t *testing.T) { RunAccounts(t, open) })
	t.Run("Audit", func(t *testing.T) { RunAudit(t, open) })
	t.Run("Workflow", func(t *testing.T) { RunWorkflow(t, open) })
	t.Run("Projects", func(t *testing.T) { RunProjects(t, open) })
	t.Run("Agreements", func(t *testing.T) { RunAgreements(t, open) })
	t.Run("Translations", func(t *testing.T) { RunTranslations(t, open) })
	t.Run("Schema", func(t *testing.T) {
		if err := open(t).Database().CheckSchema(context.Background()); err != nil {
			t.Error(err)
		}
	})
}

// test is one conformance test on a fresh store.
type test struct {
	name string
	fn   func(*testing.T, Store)
}

// runTests runs each test on a fresh store from open.
func runTests(t *testing.T, open Opener, tests []test) {
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open(t)) })
	}
}

// Admin is a context that acts as an administrator.
func Admin() context.Context {
	return lmo.NewContextWithUser(context.Background(), &lmo.User{ID: 1, Name: "test-admin", Role: lmo.RoleAdmin})
}

// Seed loads the fixture reference data into s.
func Seed(t testing.TB, s Store) {
	t.Helper()
	if err := s.ReplaceReferenceData(Admin(), fixtureRegions(), fixtureCountries()); err != nil {
		t.Fatalf("ReplaceReferenceData: %v", err)
	}
	if err := s.ReplaceVocabularies(Admin(), fixtureVocabularies()); err != nil {
		t.Fatalf("ReplaceVocabularies: %v", err)
	}
}

// seedPractices loads reference data and the fixture practices.
func seedPractices(t *testing.T, s Store) []*lmo.Practice {
	t.Helper()
	Seed(t, s)
	ps := fixturePractices()
	for _, p := range ps {
		if err := s.CreatePractice(Admin(), p, "fixture"); err != nil {
			t.Fatalf("CreatePractice(%s): %v", p.Slug, err)
		}
	}
	return ps
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := lmo.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}
