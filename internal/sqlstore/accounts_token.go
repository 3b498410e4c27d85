package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lmo-observatory/lmo"
)

// scopeRole is the least role that may hold a token of each scope: a read
// or write token any account, an admin token only an administrator (a
// write token of a contributor still does only what a contributor may).
var scopeRole = map[string]string{lmo.ScopeRead: lmo.RoleContributor, lmo.ScopeWrite: lmo.RoleContributor, lmo.ScopeAdmin: lmo.RoleAdmin}

// CreateToken makes an API token for the signed-in user. Its scope must
// suit the user's role, and a token making a token cannot widen its own.
func (s *Auth) CreateToken(ctx context.Context, name, scope string) (string, *lmo.APIToken, error) {
	u := lmo.UserFromContext(ctx)
	if u == nil || u.ID == 0 {
		return "", nil, notSignedIn()
	}
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 100 {
		return "", nil, lmo.Errorf(lmo.EINVALID, "A token needs a name of at most 100 characters.")
	}
	if !slices.Contains(lmo.Scopes, scope) {
		return "", nil, lmo.Errorf(lmo.EINVALID, "The scope must be one of %s.", strings.Join(lmo.Scopes, ", "))
	}
	if !(&lmo.User{Role: u.Role}).Can(scopeRole[scope]) ||
		u.Scope != "" && slices.Index(lmo.Scopes, scope) > slices.Index(lmo.Scopes, u.Scope) {
		return "", nil, lmo.Errorf(lmo.EINVALID, "Your role does not allow a token of scope %s.", scope)
	}
	secret, hash, err := newSecret(TokenPrefix)
	if err != nil {
		return "", nil, err
	}
	t := &lmo.APIToken{AccountID: u.ID, Name: name, Scope: scope, CreatedAt: s.db.now()}
	err = s.db.writeIn(ctx, func(tx *Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO api_tokens (hash, account_id, name, scope, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			[]any{hash, t.AccountID, t.Name, t.Scope, tx.db.dialect.Time(t.CreatedAt)}, &t.ID)
		if err != nil {
			return err
		}
		return tx.audit(ctx, lmo.AuditTokenCreate, "token", strconv.FormatInt(t.ID, 10), t.Name+" ("+t.Scope+")")
	})
	if err != nil {
		return "", nil, fmt.Errorf("create a token: %w", err)
	}
	return secret, t, nil
}

// Tokens lists the signed-in user's tokens, newest first.
func (s *Auth) Tokens(ctx context.Context) ([]*lmo.APIToken, error) {
	u := lmo.UserFromContext(ctx)
	if u == nil || u.ID == 0 {
		return nil, notSignedIn()
	}
	out := []*lmo.APIToken{}
	err := s.db.readIn(ctx, func(tx *Tx) error {
		return tx.Each(ctx, `SELECT id, account_id, name, scope, created_at, last_used, revoked_at FROM api_tokens WHERE account_id = ? ORDER BY id DESC`,
			[]any{u.ID}, func(rows *sql.Rows) error {
				t := &lmo.APIToken{}
				out = append(out, t)
				return rows.Scan(&t.ID, &t.AccountID, &t.Name, &t.Scope, scanTime(&t.CreatedAt), scanTime(&t.LastUsed), scanTime(&t.RevokedAt))
			})
	})
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	return out, nil
}

// RevokeToken revokes one of the signed-in user's tokens, or anyone's for
// an administrator. Revoking a revoked token changes nothing. ENOTFOUND.
func (s *Auth) RevokeToken(ctx context.Context, id int64) error {
	u := lmo.UserFromContext(ctx)
	if u == nil {
		return notSignedIn()
	}
	return s.db.writeIn(ctx, func(tx *Tx) error {
		var owner int64
		var revoked time.Time
		err := tx.QueryRow(ctx, `SELECT account_id, revoked_at FROM api_tokens WHERE id = ?`+tx.db.dialect.ForUpdate(), []any{id}, &owner, scanTime(&revoked))
		if errors.Is(err, sql.ErrNoRows) || err == nil && owner != u.ID && !u.Can(lmo.RoleAdmin) {
			return lmo.Errorf(lmo.ENOTFOUND, "There is no token %d.", id)
		}
		if err != nil || !revoked.IsZero() {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ?`, tx.db.dialect.Time(tx.db.now()), id); err != nil {
			return fmt.Errorf("revoke token %d: %w", id, err)
		}
		return tx.audit(ctx, lmo.AuditTokenRevoke, "token", strconv.FormatInt(id, 10), "")
	})
}

// TokenUser returns the user a token secret acts for, Scope and TokenID
// set. Its use is recorded (last_used, and an audit entry) at most once a
// minute, not at every request. EUNAUTHORIZED when the token is unknown,
// revoked or its account disabled.
func (s *Auth) TokenUser(ctx context.Context, secret string) (*lmo.User, error) {
	bad := lmo.Errorf(lmo.EUNAUTHORIZED, "The API token is unknown or revoked.")
	if !strings.HasPrefix(secret, TokenPrefix) {
		return nil, bad
	}
	now := s.db.now()
	u := &lmo.User{}
	var lastUsed, revoked time.Time
	var disabled bool
	err := s.db.queryRowCached(ctx, `SELECT t.id, t.scope, t.last_used, t.revoked_at, a.id, a.name, a.email, a.role, a.disabled
		FROM api_tokens t JOIN accounts a ON a.id = t.account_id WHERE t.hash = ?`, []any{secretHash(secret)},
		&u.TokenID, &u.Scope, scanTime(&lastUsed), scanTime(&revoked), &u.ID, &u.Name, &u.Email, &u.Role, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, bad
	}
	if err != nil {
		return nil, fmt.Errorf("read a token: %w", err)
	}
	if disabled || !revoked.IsZero() {
		return nil, bad
	}
	if lastUsed.IsZero() || now.Sub(lastUsed) >= touchEvery {
		if err := s.touchToken(ctx, u, now); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// touchToken records a token's use at now and audits it, unless another
// request (on any node) recorded it within the last minute.
func (s *Auth) touchToken(ctx context.Context, u *lmo.User, now time.Time) error {
	err := s.db.writeIn(ctx, func(tx *Tx) error {
		t := tx.db.dialect.Time
		res, err := tx.Exec(ctx, `UPDATE api_tokens SET last_used = ? WHERE id = ? AND (last_used IS NULL OR last_used <= ?)`,
			t(now), u.TokenID, t(now.Add(-touchEvery)))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return tx.audit(lmo.NewContextWithUser(ctx, u), lmo.AuditTokenUse, "token", strconv.FormatInt(u.TokenID, 10), u.Scope)
	})
	if err != nil {
		return fmt.Errorf("mark token %d used: %w", u.TokenID, err)
	}
	return nil
}
