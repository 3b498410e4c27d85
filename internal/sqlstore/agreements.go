package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/lmo-observatory/lmo"
)

// Agreements is the service of the agreements module: social security
// agreements, bilateral labour agreements and memoranda of understanding.
// Their rows take part in the workflow (agreements_workflow.go); the public
// lists it answers are cached by agreements_version, which every write
// moves.
type Agreements struct {
	db    *DB
	cache agreementCache
}

var _ lmo.AgreementService = (*Agreements)(nil)

// NewAgreements returns the agreements service on db.
func NewAgreements(db *DB) *Agreements { return &Agreements{db: db} }

// agreementColumns are the columns loadAgreements reads, in scan order.
const agreementColumns = `a.id, a.slug, a.title, a.type, a.regional, a.signed, a.in_force, a.ended, a.benefits_abroad,
	a.totalisation, a.domestic_workers, a.workers, a.summary, a.facts_checked, a.review_status, a.version, a.created_at, a.updated_at`

// FindAgreements returns the agreements f selects that the user of ctx may
// see (published ones; an editor's every one, an owner's own), by date of
// signature, newest first, then title. EINVALID for a filter value that
// cannot match (an unknown type or branch, a country that is no code, a
// date that is not a day). The agreements returned may be shared with
// other callers: read them, do not change them.
func (s *Agreements) FindAgreements(ctx context.Context, f lmo.AgreementFilter) ([]*lmo.Agreement, error) {
	where, args, err := agreementWhere(f)
	if err != nil {
		return nil, err
	}
	u := lmo.UserFromContext(ctx)
	switch {
	case readsAsEditor(u):
	case u != nil:
		where, args = append(where, "(a.review_status = 'published' OR (a.owner_id <> 0 AND a.owner_id = ?))"), append(args, u.ID)
	default:
		where = append(where, "a.review_status = 'published'")
	}
	key := fmt.Sprintf("%+v", f)
	var out []*lmo.Agreement
	err = s.db.readIn(ctx, func(tx *Tx) error {
		version, err := tx.version(ctx, "agreements_version")
		if err != nil {
			return err
		}
		cacheable := u == nil // what everyone may see
		if cacheable {
			if out = s.cache.get(version, key); out != nil {
				return nil
			}
		}
		if out, err = loadAgreements(ctx, tx, strings.Join(where, " AND "), args); err != nil {
			return err
		}
		if cacheable {
			s.cache.put(version, key, out)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// agreementWhere turns f into SQL conditions on agreements a.
func agreementWhere(f lmo.AgreementFilter) (where []string, args []any, err error) {
	where = []string{"1 = 1"}
	party := `EXISTS (SELECT 1 FROM agreement_parties p WHERE p.agreement_id = a.id AND p.country = ?)`
	for name, code := range map[string]string{"country": f.Country, "partner": f.Partner} {
		if code == "" {
			continue
		}
		code = strings.ToUpper(code)
		if !isAlpha2(code) {
			return nil, nil, lmo.Errorf(lmo.EINVALID, "The %s must be an ISO 3166-1 alpha-2 code such as PH, not %q.", name, code)
		}
		where, args = append(where, party), append(args, code)
	}
	if f.Type != "" {
		if !slices.Contains(lmo.AgreementTypes, f.Type) {
			return nil, nil, lmo.Errorf(lmo.EINVALID, "Unknown type of agreement %q: give one of %s.", f.Type, strings.Join(lmo.AgreementTypes, ", "))
		}
		where, args = append(where, "a.type = ?"), append(args, f.Type)
	}
	if f.Branch != "" {
		if !slices.Contains(lmo.Branches, f.Branch) {
			return nil, nil, lmo.Errorf(lmo.EINVALID, "Unknown branch of social security %q: give one of %s.", f.Branch, strings.Join(lmo.Branches, ", "))
		}
		where, args = append(where, `EXISTS (SELECT 1 FROM agreement_branches b WHERE b.agreement_id = a.id AND b.branch = ?)`), append(args, f.Branch)
	}
	if !f.InForceOn.IsZero() {
		if f.InForceOn.Precision() != lmo.PrecisionDay {
			return nil, nil, lmo.Errorf(lmo.EINVALID, "In force on needs a day (YYYY-MM-DD), not %s.", f.InForceOn)
		}
		// lmo.Agreement.InForceOn is not No: it may have entered into force
		// by the day, and may not have ended by it.
		day := f.InForceOn.String()
		where = append(where, "a.in_force <> '' AND a.in_force_first <= ? AND (a.ended = '' OR a.ended_last > ?)")
		args = append(args, day, day)
	}
	switch f.Regional {
	case "":
	case "bilateral":
		where = append(where, "a.regional = ''")
	default:
		where, args = append(where, "lower(a.regional) = lower(?)"), append(args, f.Regional)
	}
	return where, args, nil
}

// isAlpha2 reports whether code is two letters A-Z.
func isAlpha2(code string) bool {
	return len(code) == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z'
}

// FindAgreement returns one agreement by slug; ENOTFOUND when there is none
// or the user of ctx may not see it.
func (s *Agreements) FindAgreement(ctx context.Context, slug string) (a *lmo.Agreement, err error) {
	missing := lmo.Errorf(lmo.ENOTFOUND, "There is no agreement %q.", slug)
	err = s.db.readIn(ctx, func(tx *Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `SELECT id FROM agreements WHERE slug = ?`, []any{slug}, &id)
		if errNoRows(err) {
			return missing
		} else if err != nil {
			return fmt.Errorf("find agreement %s: %w", slug, err)
		}
		it, err := readItem(ctx, tx, agreementKind, id, false)
		if err != nil {
			return err
		}
		if !visible(lmo.UserFromContext(ctx), it) {
			return missing
		}
		a, err = loadAgreement(ctx, tx, id)
		return err
	})
	return a, err
}

// FindAgreementForReview returns agreement id in any review status to its
// owner or an editor, a published one to anyone; ENOTFOUND to everyone
// else, as if it did not exist.
func (s *Agreements) FindAgreementForReview(ctx context.Context, id int64) (a *lmo.Agreement, err error) {
	err = s.db.readIn(ctx, func(tx *Tx) error {
		it, err := readItem(ctx, tx, agreementKind, id, false)
		if err != nil {
			return err
		}
		if !visible(lmo.UserFromContext(ctx), it) {
			return notFound(agreementKind, id)
		}
		a, err = loadAgreement(ctx, tx, id)
		return err
	})
	return a, err
}

// AgreementsVersion returns the counter of changes to agreements.
func (s *Agreements) AgreementsVersion(ctx context.Context) (v int64, err error) {
	err = s.db.readIn(ctx, func(tx *Tx) (err error) {
		v, err = tx.version(ctx, "agreements_version")
		return err
	})
	return v, err
}

// loadAgreement reads agreement id in any review status; ENOTFOUND when
// there is none.
func loadAgreement(ctx context.Context, tx *Tx, id int64) (*lmo.Agreement, error) {
	found, err := loadAgreements(ctx, tx, "a.id = ?", []any{id})
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, notFound(agreementKind, id)
	}
	return found[0], nil
}

// loadAgreements reads the agreements a whose rows match where, with their
// parties, branches and sources, by date of signature (newest first) and
// title.
func loadAgreements(ctx context.Context, tx *Tx, where string, args []any) ([]*lmo.Agreement, error) {
	out := []*lmo.Agreement{}
	byID := map[int64]*lmo.Agreement{}
	query := `SELECT ` + agreementColumns + ` FROM agreements a WHERE ` + where + ` ORDER BY a.signed_first DESC, a.title, a.id`
	err := tx.Each(ctx, query, args, func(rows *sql.Rows) error {
		a, err := scanAgreement(rows)
		if err != nil {
			return err
		}
		out, byID[a.ID] = append(out, a), a
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find agreements: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	ids := ` IN (SELECT a.id FROM agreements a WHERE ` + where + `)`
	children := []struct {
		query string
		scan  func(rows *sql.Rows) error
	}{
		{`SELECT agreement_id, country FROM agreement_parties WHERE agreement_id` + ids, func(rows *sql.Rows) error {
			var id int64
			var c string
			err := rows.Scan(&id, &c)
			byID[id].Parties = append(byID[id].Parties, c)
			return err
		}},
		{`SELECT agreement_id, branch FROM agreement_branches WHERE agreement_id` + ids, func(rows *sql.Rows) error {
			var id int64
			var b string
			err := rows.Scan(&id, &b)
			byID[id].Branches = append(byID[id].Branches, b)
			return err
		}},
		{`SELECT agreement_id, title, publisher, url, year FROM agreement_sources WHERE agreement_id` + ids + ` ORDER BY agreement_id, position`, func(rows *sql.Rows) error {
			var id int64
			var src lmo.Source
			err := rows.Scan(&id, &src.Title, &src.Publisher, &src.URL, &src.Year)
			byID[id].Sources = append(byID[id].Sources, src)
			return err
		}},
	}
	for _, c := range children {
		if err := tx.Each(ctx, c.query, args, c.scan); err != nil {
			return nil, fmt.Errorf("find agreements: %w", err)
		}
	}
	for _, a := range out {
		a.Normalize()
	}
	return out, nil
}

// scanAgreement reads one row of agreementColumns.
func scanAgreement(rows *sql.Rows) (*lmo.Agreement, error) {
	a := &lmo.Agreement{}
	var signed, inForce, ended, benefits, totalisation, domestic string
	if err := rows.Scan(&a.ID, &a.Slug, &a.Title, &a.Type, &a.Regional, &signed, &inForce, &ended, &benefits, &totalisation,
		&domestic, &a.Workers, &a.Summary, &a.FactsChecked, &a.ReviewStatus, &a.Version, scanTime(&a.CreatedAt), scanTime(&a.UpdatedAt)); err != nil {
		return nil, err
	}
	if err := parseDates(map[string]*lmo.Date{signed: &a.Signed, inForce: &a.InForce, ended: &a.Ended}); err != nil {
		return nil, fmt.Errorf("agreement %s: %w", a.Slug, err)
	}
	a.BenefitsAbroad, a.Totalisation, a.DomesticWorkers = lmo.Truth(benefits), lmo.Truth(totalisation), lmo.Truth(domestic)
	return a, nil
}

// agreementCache keeps the public answers of FindAgreements for one
// agreements_version; a new version empties it.
type agreementCache struct {
	mu      sync.Mutex
	version int64
	lists   map[string][]*lmo.Agreement
}

// maxCachedAgreementLists bounds the filters kept for one version.
const maxCachedAgreementLists = 256

// get returns the list cached for key at version, or nil.
func (c *agreementCache) get(version int64, key string) []*lmo.Agreement {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return nil
	}
	return c.lists[key]
}

// put caches list for key at version.
func (c *agreementCache) put(version int64, key string, list []*lmo.Agreement) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version < c.version {
		return // a slower reader of an older state
	}
	if c.lists == nil || c.version != version || len(c.lists) >= maxCachedAgreementLists {
		c.version, c.lists = version, map[string][]*lmo.Agreement{}
	}
	c.lists[key] = list
}
