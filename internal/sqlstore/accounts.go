package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/password"
)

// Auth is the service of accounts, their sessions, sign-in links and API
// tokens (lmo.AccountService). It is not named Accounts because its method
// Accounts would then be hidden by the field of the same name in Store.
type Auth struct{ db *DB }

var _ lmo.AccountService = (*Auth)(nil)

// accountColumns are the columns scanAccount reads, in its order.
const accountColumns = `id, email, name, role, disabled, created_at, last_sign_in`

func scanAccount(sc interface{ Scan(...any) error }, a *lmo.Account) error {
	return sc.Scan(&a.ID, &a.Email, &a.Name, &a.Role, &a.Disabled, scanTime(&a.CreatedAt), scanTime(&a.LastSignIn))
}

// emailKey is the form in which emails are compared: trimmed, lower case.
func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// checkAccount validates a new account's email, name and role; an empty
// name becomes the email.
func checkAccount(a *lmo.Account) error {
	a.Email = strings.TrimSpace(a.Email)
	addr, err := mail.ParseAddress(a.Email)
	if err != nil || addr.Address != a.Email || len(a.Email) > 254 {
		return lmo.Errorf(lmo.EINVALID, "The email address is not valid.")
	}
	a.Name = strings.TrimSpace(a.Name)
	if a.Name == "" {
		a.Name = a.Email
	}
	if utf8.RuneCountInString(a.Name) > 200 || strings.ContainsFunc(a.Name, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return lmo.Errorf(lmo.EINVALID, "The name must be at most 200 characters, without control characters.")
	}
	return checkRole(a.Role)
}

func checkRole(role string) error {
	if !slices.Contains(lmo.Roles, role) {
		return lmo.Errorf(lmo.EINVALID, "The role must be one of %s.", strings.Join(lmo.Roles, ", "))
	}
	return nil
}

// checkPassword bounds a new password's length (NIST SP 800-63B: a
// minimum length, no composition rules).
func checkPassword(pw string) error {
	if n := utf8.RuneCountInString(pw); n < lmo.MinPasswordLength || len(pw) > lmo.MaxPasswordLength {
		return lmo.Errorf(lmo.EINVALID, "The password must be %d to %d characters long.", lmo.MinPasswordLength, lmo.MaxPasswordLength)
	}
	return nil
}

// CreateAccount stores a new account with no password. Admin.
func (s *Auth) CreateAccount(ctx context.Context, a *lmo.Account) error {
	if err := lmo.RequireRole(ctx, lmo.RoleAdmin); err != nil {
		return err
	}
	if err := checkAccount(a); err != nil {
		return err
	}
	now := s.db.now()
	return s.db.writeIn(ctx, func(tx *Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO accounts (email, email_key, name, role, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			[]any{a.Email, emailKey(a.Email), a.Name, a.Role, tx.db.dialect.Time(now)}, &a.ID)
		if lmo.ErrorCode(err) == lmo.ECONFLICT {
			return lmo.Errorf(lmo.ECONFLICT, "An account with the email %s exists.", a.Email)
		}
		if err != nil {
			return fmt.Errorf("create account %s: %w", a.Email, err)
		}
		a.CreatedAt, a.Disabled, a.LastSignIn = now, false, time.Time{}
		return tx.audit(ctx, "create", "account", strconv.FormatInt(a.ID, 10), a.Email+" ("+a.Role+")")
	})
}

// Accounts lists every account by email. Admin.
func (s *Auth) Accounts(ctx context.Context) (out []*lmo.Account, err error) {
	if err := lmo.RequireRole(ctx, lmo.RoleAdmin); err != nil {
		return nil, err
	}
	out = []*lmo.Account{}
	err = s.db.readIn(ctx, func(tx *Tx) error {
		return tx.Each(ctx, `SELECT `+accountColumns+` FROM accounts ORDER BY email_key`+tx.db.dialect.BinaryOrder(), nil, func(rows *sql.Rows) error {
			a := &lmo.Account{}
			out = append(out, a)
			return scanAccount(rows, a)
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	return out, nil
}

// FindAccountByEmail returns the account with email, compared
// case-insensitively. Admin; ENOTFOUND.
func (s *Auth) FindAccountByEmail(ctx context.Context, email string) (*lmo.Account, error) {
	if err := lmo.RequireRole(ctx, lmo.RoleAdmin); err != nil {
		return nil, err
	}
	a := &lmo.Account{}
	err := s.db.readIn(ctx, func(tx *Tx) error {
		return tx.QueryRow(ctx, `SELECT `+accountColumns+` FROM accounts WHERE email_key = ?`, []any{emailKey(email)},
			&a.ID, &a.Email, &a.Name, &a.Role, &a.Disabled, scanTime(&a.CreatedAt), scanTime(&a.LastSignIn))
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, lmo.Errorf(lmo.ENOTFOUND, "There is no account with the email %s.", email)
	}
	if err != nil {
		return nil, fmt.Errorf("find account %s: %w", email, err)
	}
	return a, nil
}

// SetAccountDisabled disables an account, ending its sessions (its tokens
// stop working while it is disabled), or enables it again. Admin.
func (s *Auth) SetAccountDisabled(ctx context.Context, id int64, disabled bool) error {
	if err := lmo.RequireRole(ctx, lmo.RoleAdmin); err != nil {
		return err
	}
	action := map[bool]string{true: "disable", false: "enable"}[disabled]
	return s.db.writeIn(ctx, func(tx *Tx) error {
		if err := updateAccount(ctx, tx, id, `disabled = ?`, disabled); err != nil {
			return err
		}
		if disabled {
			if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE account_id = ?`, id); err != nil {
				return fmt.Errorf("end the sessions of account %d: %w", id, err)
			}
		}
		return tx.audit(ctx, action, "account", strconv.FormatInt(id, 10), "")
	})
}

// SetAccountRole changes an account's role. Admin.
func (s *Auth) SetAccountRole(ctx context.Context, id int64, role string) error {
	if err := lmo.RequireRole(ctx, lmo.RoleAdmin); err != nil {
		return err
	}
	if err := checkRole(role); err != nil {
		return err
	}
	return s.db.writeIn(ctx, func(tx *Tx) error {
		if err := updateAccount(ctx, tx, id, `role = ?`, role); err != nil {
			return err
		}
		return tx.audit(ctx, "role", "account", strconv.FormatInt(id, 10), role)
	})
}

// SetPassword sets an account's password and ends its sessions. Admin.
func (s *Auth) SetPassword(ctx context.Context, id int64, pw string) error {
	if err := lmo.RequireRole(ctx, lmo.RoleAdmin); err != nil {
		return err
	}
	if err := checkPassword(pw); err != nil {
		return err
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return err
	}
	return s.db.writeIn(ctx, func(tx *Tx) error {
		if err := setPasswordHash(ctx, tx, id, hash, 0); err != nil {
			return err
		}
		return tx.audit(ctx, "set-password", "account", strconv.FormatInt(id, 10), "")
	})
}

// updateAccount sets one column of account id; ENOTFOUND when there is none.
func updateAccount(ctx context.Context, tx *Tx, id int64, set string, value any) error {
	res, err := tx.Exec(ctx, `UPDATE accounts SET `+set+` WHERE id = ?`, value, id)
	if err != nil {
		return fmt.Errorf("update account %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return lmo.Errorf(lmo.ENOTFOUND, "There is no account %d.", id)
	}
	return nil
}

// setPasswordHash stores an account's password hash and ends its sessions
// but keep (0: all).
func setPasswordHash(ctx context.Context, tx *Tx, id int64, hash string, keep int64) error {
	if err := updateAccount(ctx, tx, id, `password_hash = ?`, hash); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE account_id = ? AND id <> ?`, id, keep); err != nil {
		return fmt.Errorf("end the sessions of account %d: %w", id, err)
	}
	return nil
}
