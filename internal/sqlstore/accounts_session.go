package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/password"
)

// touchEvery is how stale a session's last_seen or a token's last_used may
// grow before a request writes it again: at most one write a minute for
// each, instead of one a request.
const touchEvery = time.Minute

func notSignedIn() error { return lmo.Errorf(lmo.EUNAUTHORIZED, "You must be signed in.") }

// SessionUser returns the user of a session secret, its SessionID set.
// EUNAUTHORIZED when the session is unknown, idle longer than SessionIdle,
// older than SessionMax, or its account disabled.
func (s *Auth) SessionUser(ctx context.Context, session string) (*lmo.User, error) {
	now := s.db.now()
	u := &lmo.User{}
	var lastSeen, expires time.Time
	var disabled bool
	err := s.db.queryRowCached(ctx, `SELECT s.id, s.last_seen, s.expires_at, a.id, a.name, a.email, a.role, a.disabled
		FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.hash = ?`, []any{secretHash(session)},
		&u.SessionID, scanTime(&lastSeen), scanTime(&expires), &u.ID, &u.Name, &u.Email, &u.Role, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notSignedIn()
	}
	if err != nil {
		return nil, fmt.Errorf("read a session: %w", err)
	}
	if disabled || !now.Before(expires) || now.Sub(lastSeen) >= lmo.SessionIdle {
		return nil, notSignedIn()
	}
	if now.Sub(lastSeen) >= touchEvery {
		err := s.db.writeIn(ctx, func(tx *Tx) error {
			_, err := tx.Exec(ctx, `UPDATE sessions SET last_seen = ? WHERE id = ? AND last_seen <= ?`,
				tx.db.dialect.Time(now), u.SessionID, tx.db.dialect.Time(now.Add(-touchEvery)))
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("mark session %d used: %w", u.SessionID, err)
		}
	}
	return u, nil
}

// SignOut ends one session; ending an unknown one is not an error.
func (s *Auth) SignOut(ctx context.Context, session string) error {
	return s.db.writeIn(ctx, func(tx *Tx) error {
		var id int64
		var name string
		err := tx.QueryRow(ctx, `SELECT a.id, a.name FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.hash = ?`,
			[]any{secretHash(session)}, &id, &name)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("sign out: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE hash = ?`, secretHash(session)); err != nil {
			return fmt.Errorf("sign out: %w", err)
		}
		ctx := lmo.NewContextWithUser(ctx, &lmo.User{ID: id, Name: name})
		return tx.audit(ctx, lmo.AuditSignOut, "account", strconv.FormatInt(id, 10), "")
	})
}

// SignOutEverywhere ends every session of the signed-in user.
func (s *Auth) SignOutEverywhere(ctx context.Context) error {
	u := lmo.UserFromContext(ctx)
	if u == nil || u.ID == 0 {
		return notSignedIn()
	}
	return s.db.writeIn(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE account_id = ?`, u.ID); err != nil {
			return fmt.Errorf("sign out everywhere: %w", err)
		}
		return tx.audit(ctx, lmo.AuditSignOut, "account", strconv.FormatInt(u.ID, 10), "everywhere")
	})
}

// CreateSignInLink makes a one-time sign-in secret for account id, valid
// for SignInLinkTTL, replacing the account's older links. Admin.
func (s *Auth) CreateSignInLink(ctx context.Context, id int64) (string, error) {
	if err := lmo.RequireRole(ctx, lmo.RoleAdmin); err != nil {
		return "", err
	}
	secret, hash, err := newSecret("")
	if err != nil {
		return "", err
	}
	err = s.db.writeIn(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM sign_in_links WHERE account_id = ?`, id); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `INSERT INTO sign_in_links (hash, account_id, expires_at) SELECT ?, id, ? FROM accounts WHERE id = ?`,
			hash, tx.db.dialect.Time(tx.db.now().Add(lmo.SignInLinkTTL)), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return lmo.Errorf(lmo.ENOTFOUND, "There is no account %d.", id)
		}
		return tx.audit(ctx, "sign-in-link", "account", strconv.FormatInt(id, 10), "")
	})
	if err != nil {
		return "", fmt.Errorf("make a sign-in link for account %d: %w", id, err)
	}
	return secret, nil
}

// RedeemSignInLink spends a sign-in link: it sets the password of the
// link's account (ending its sessions) and opens a new session.
func (s *Auth) RedeemSignInLink(ctx context.Context, secret, pw string) (string, *lmo.User, error) {
	if err := checkPassword(pw); err != nil {
		return "", nil, err
	}
	bad := lmo.Errorf(lmo.EINVALID, "This sign-in link is unknown, used or expired.")
	now := s.db.now()
	var linkID int64
	acc := &lmo.Account{}
	err := s.db.readIn(ctx, func(tx *Tx) error {
		return tx.QueryRow(ctx, `SELECT l.id, `+prefixed("a.", accountColumns)+` FROM sign_in_links l JOIN accounts a ON a.id = l.account_id
			WHERE l.hash = ? AND l.used_at IS NULL AND l.expires_at > ? AND NOT a.disabled`, []any{secretHash(secret), tx.db.dialect.Time(now)},
			&linkID, &acc.ID, &acc.Email, &acc.Name, &acc.Role, &acc.Disabled, scanTime(&acc.CreatedAt), scanTime(&acc.LastSignIn))
	})
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, bad
	}
	if err != nil {
		return "", nil, fmt.Errorf("read a sign-in link: %w", err)
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return "", nil, err
	}
	var session string
	err = s.db.writeIn(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE sign_in_links SET used_at = ? WHERE id = ? AND used_at IS NULL`, tx.db.dialect.Time(now), linkID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 { // spent by a concurrent request
			return bad
		}
		if err := setPasswordHash(ctx, tx, acc.ID, hash, 0); err != nil {
			return err
		}
		session, err = openSession(ctx, tx, acc, "link")
		return err
	})
	if err != nil {
		return "", nil, fmt.Errorf("redeem a sign-in link: %w", err)
	}
	return session, acc.User(), nil
}

// prefixed qualifies each column of a comma-separated list with p.
func prefixed(p, columns string) string {
	return p + strings.ReplaceAll(columns, ", ", ", "+p)
}

// queryRowCached runs a one-row read outside a transaction (one statement
// is its own snapshot), prepared through the read pool's statement cache:
// for the reads every request makes, where a transaction's BEGIN and
// COMMIT would be two more round trips. sql.ErrNoRows when there is none.
func (db *DB) queryRowCached(ctx context.Context, query string, args []any, dest ...any) error {
	query = db.sql(query)
	var row *sql.Row
	if stmt := db.readStmts.get(query); stmt != nil {
		row = stmt.QueryRowContext(ctx, args...)
	} else {
		row = db.read.QueryRowContext(ctx, query, args...)
	}
	return db.dialect.Classify(row.Scan(dest...))
}
