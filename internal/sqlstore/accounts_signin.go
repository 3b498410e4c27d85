package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/password"
)

// wrongCredentials is the one answer to a sign-in with an unknown email, a
// wrong password, a disabled account or one without a password, so that
// the answer does not tell which accounts exist.
func wrongCredentials() error { return lmo.Errorf(lmo.EINVALID, "The email or password is wrong.") }

// SignIn checks an email and password and opens a session. Throttling is
// checked first, for unknown emails too; a failure is recorded (and
// audited) in a transaction of its own, committed although the sign-in
// fails.
func (s *Auth) SignIn(ctx context.Context, email, pw string) (string, *lmo.User, error) {
	key := emailKey(email)
	if err := s.throttle(ctx, key); err != nil {
		return "", nil, err
	}
	acc, hash, err := s.credentials(ctx, `email_key = ?`, key)
	if err != nil {
		return "", nil, err
	}
	if !verify(acc, hash, pw) {
		if err := s.failed(ctx, key); err != nil {
			return "", nil, err
		}
		return "", nil, wrongCredentials()
	}
	newHash, err := rehash(pw, hash)
	if err != nil {
		return "", nil, err
	}
	var secret string
	err = s.db.writeIn(ctx, func(tx *Tx) error {
		if newHash != "" {
			if err := updateAccount(ctx, tx, acc.ID, `password_hash = ?`, newHash); err != nil {
				return err
			}
		}
		secret, err = openSession(ctx, tx, acc, "password")
		return err
	})
	if err != nil {
		return "", nil, fmt.Errorf("sign in %s: %w", acc.Email, err)
	}
	return secret, acc.User(), nil
}

// rehash returns a new hash of pw when hash was made with other parameters
// than the current ones, or "".
func rehash(pw, hash string) (string, error) {
	if !password.NeedsRehash(hash) {
		return "", nil
	}
	return password.Hash(pw)
}

// credentials reads the account that where (a condition with one
// parameter) selects and its password hash; a nil account when none.
func (s *Auth) credentials(ctx context.Context, where string, arg any) (*lmo.Account, string, error) {
	a := &lmo.Account{}
	var hash string
	err := s.db.readIn(ctx, func(tx *Tx) error {
		return tx.QueryRow(ctx, `SELECT `+accountColumns+`, password_hash FROM accounts WHERE `+where, []any{arg},
			&a.ID, &a.Email, &a.Name, &a.Role, &a.Disabled, scanTime(&a.CreatedAt), scanTime(&a.LastSignIn), &hash)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("read credentials: %w", err)
	}
	return a, hash, nil
}

// verify checks pw against the hash of an account that may sign in, and
// otherwise against a dummy hash, so that every answer takes the work of
// one argon2id hash.
func verify(acc *lmo.Account, hash, pw string) bool {
	if len(pw) > lmo.MaxPasswordLength {
		pw = pw[:lmo.MaxPasswordLength]
		acc = nil
	}
	if acc == nil || acc.Disabled || hash == "" {
		if h, err := dummyHash(); err == nil {
			password.Verify(pw, h)
		}
		return false
	}
	ok, err := password.Verify(pw, hash)
	return ok && err == nil
}

// throttleKeys are the keys under which a sign-in's failures are counted,
// each with its limit.
func throttleKeys(ctx context.Context, key string) []struct {
	key string
	max int
} {
	return []struct {
		key string
		max int
	}{
		{"email:" + key, lmo.MaxFailuresPerAccount},
		{"addr:" + lmo.OriginFromContext(ctx).Address, lmo.MaxFailuresPerAddress},
	}
}

// throttle returns ETOOMANY (and audits the refusal) when the email key or
// the client address has failed too often within SignInWindow.
func (s *Auth) throttle(ctx context.Context, key string) error {
	now := s.db.now()
	var until time.Time
	err := s.db.readIn(ctx, func(tx *Tx) error {
		for _, k := range throttleKeys(ctx, key) {
			// When the max-th newest failure leaves the window, fewer than
			// max remain in it.
			var at time.Time
			err := tx.QueryRow(ctx, `SELECT at FROM sign_in_failures WHERE key = ? AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?`,
				[]any{k.key, tx.db.dialect.Time(now.Add(-lmo.SignInWindow)), k.max - 1}, scanTime(&at))
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return err
			}
			if t := at.Add(lmo.SignInWindow); t.After(until) {
				until = t
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("count failed sign-ins: %w", err)
	}
	if until.IsZero() {
		return nil
	}
	err = s.db.writeIn(ctx, func(tx *Tx) error { return tx.audit(ctx, lmo.AuditSignInRefused, "account", "", clip(key, 254)) })
	if err != nil {
		return err
	}
	minutes := max(1, int(math.Ceil(until.Sub(now).Minutes())))
	return lmo.Errorf(lmo.ETOOMANY, "Too many failed sign-ins. Try again in %d minutes.", minutes)
}

// failed records a failed sign-in under its keys and audits it, in a
// transaction of its own; failures that left the window are dropped.
func (s *Auth) failed(ctx context.Context, key string) error {
	now := s.db.now()
	err := s.db.writeIn(ctx, func(tx *Tx) error {
		for _, k := range throttleKeys(ctx, key) {
			k.key = clip(k.key, 300)
			if _, err := tx.Exec(ctx, `DELETE FROM sign_in_failures WHERE key = ? AND at <= ?`, k.key, tx.db.dialect.Time(now.Add(-lmo.SignInWindow))); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO sign_in_failures (key, at) VALUES (?, ?)`, k.key, tx.db.dialect.Time(now)); err != nil {
				return err
			}
		}
		return tx.audit(ctx, lmo.AuditSignInFailed, "account", "", clip(key, 254))
	})
	if err != nil {
		return fmt.Errorf("record a failed sign-in: %w", err)
	}
	return nil
}

// clip cuts s to at most n bytes, at a character boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xc0 == 0x80 {
		n--
	}
	return s[:n]
}

// openSession opens a session for acc inside tx, clears the failed
// sign-ins of its email, marks its sign-in and audits it (how: "password"
// or "link"); it returns the session's secret, new at every sign-in.
func openSession(ctx context.Context, tx *Tx, acc *lmo.Account, how string) (string, error) {
	secret, hash, err := newSecret("")
	if err != nil {
		return "", err
	}
	now, t := tx.db.now(), tx.db.dialect.Time
	o := lmo.OriginFromContext(ctx)
	_, err = tx.Exec(ctx, `INSERT INTO sessions (hash, account_id, created_at, last_seen, expires_at, address, agent) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		hash, acc.ID, t(now), t(now), t(now.Add(lmo.SessionMax)), clip(o.Address, 100), clip(o.Agent, 500))
	if err != nil {
		return "", fmt.Errorf("open a session: %w", err)
	}
	// The account's ended sessions go, so that they do not pile up.
	if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE account_id = ? AND (expires_at <= ? OR last_seen <= ?)`,
		acc.ID, t(now), t(now.Add(-lmo.SessionIdle))); err != nil {
		return "", fmt.Errorf("drop ended sessions: %w", err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM sign_in_failures WHERE key = ?`, "email:"+emailKey(acc.Email)); err != nil {
		return "", fmt.Errorf("clear failed sign-ins: %w", err)
	}
	if err := updateAccount(ctx, tx, acc.ID, `last_sign_in = ?`, t(now)); err != nil {
		return "", err
	}
	acc.LastSignIn = now
	return secret, tx.audit(lmo.NewContextWithUser(ctx, acc.User()), lmo.AuditSignIn, "account", strconv.FormatInt(acc.ID, 10), how)
}

// ChangePassword changes the signed-in user's password after checking the
// current one (throttled like a sign-in), and ends their other sessions.
func (s *Auth) ChangePassword(ctx context.Context, current, pw string) error {
	u := lmo.UserFromContext(ctx)
	if u == nil || u.ID == 0 {
		return lmo.Errorf(lmo.EUNAUTHORIZED, "You must be signed in.")
	}
	if u.TokenID != 0 {
		return lmo.Errorf(lmo.EFORBIDDEN, "An API token cannot change a password.")
	}
	if err := checkPassword(pw); err != nil {
		return err
	}
	acc, hash, err := s.credentials(ctx, `id = ?`, u.ID)
	if err != nil {
		return err
	}
	if acc == nil {
		return lmo.Errorf(lmo.EUNAUTHORIZED, "You must be signed in.")
	}
	key := emailKey(acc.Email)
	if err := s.throttle(ctx, key); err != nil {
		return err
	}
	if !verify(acc, hash, current) {
		if err := s.failed(ctx, key); err != nil {
			return err
		}
		return lmo.Errorf(lmo.EINVALID, "The current password is wrong.")
	}
	newHash, err := password.Hash(pw)
	if err != nil {
		return err
	}
	return s.db.writeIn(ctx, func(tx *Tx) error {
		if err := setPasswordHash(ctx, tx, acc.ID, newHash, u.SessionID); err != nil {
			return err
		}
		return tx.audit(ctx, "change-password", "account", strconv.FormatInt(acc.ID, 10), "")
	})
}
