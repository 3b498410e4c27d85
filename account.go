package lmo

import (
	"context"
	"time"
)

// Account is a person who can sign in: a contributor, an editor or an
// administrator. Its password is never held here; the store keeps an
// argon2id hash of it.
type Account struct {
	ID         int64     `json:"id"`
	Email      string    `json:"email"` // unique, compared case-insensitively
	Name       string    `json:"name"`
	Role       string    `json:"role"`
	Disabled   bool      `json:"disabled"`
	CreatedAt  time.Time `json:"created_at"`
	LastSignIn time.Time `json:"last_sign_in,omitzero"` // zero: never
}

// User returns the user an account acts as.
func (a *Account) User() *User { return &User{ID: a.ID, Name: a.Name, Email: a.Email, Role: a.Role} }

// APIToken is a secret a program sends as "Authorization: Bearer" to act
// for an account within a scope. Only a hash of the secret is stored; the
// secret is shown once, when the token is made.
type APIToken struct {
	ID        int64     `json:"id"`
	AccountID int64     `json:"account_id"`
	Name      string    `json:"name"` // what the token is for, given by its owner
	Scope     string    `json:"scope"`
	CreatedAt time.Time `json:"created_at"`
	LastUsed  time.Time `json:"last_used,omitzero"`  // zero: never
	RevokedAt time.Time `json:"revoked_at,omitzero"` // zero: in use
}

// Session lifetimes and sign-in limits.
const (
	// SessionIdle ends a session not used for this long.
	SessionIdle = 14 * 24 * time.Hour
	// SessionMax ends any session this long after sign-in.
	SessionMax = 90 * 24 * time.Hour
	// SignInLinkTTL is how long a one-time sign-in link works.
	SignInLinkTTL = 72 * time.Hour
	// SignInWindow is the window in which failed sign-ins are counted.
	SignInWindow = 15 * time.Minute
	// MaxFailuresPerAccount failed sign-ins to one email address within
	// SignInWindow refuse further attempts for it until the window passes.
	MaxFailuresPerAccount = 5
	// MaxFailuresPerAddress failed sign-ins from one client address within
	// SignInWindow refuse further attempts from it.
	MaxFailuresPerAddress = 20
	// MinPasswordLength is the shortest password accepted (NIST SP 800-63B).
	MinPasswordLength = 12
	// MaxPasswordLength bounds the work of hashing one.
	MaxPasswordLength = 256
)

// AccountService manages accounts, their sessions and API tokens. The
// origin of each call (NewContextWithOrigin) is recorded in the audit log
// and counts for throttling. Every method that changes something writes an
// audit entry.
type AccountService interface {
	// CreateAccount stores a new account with no password (it signs in
	// after SetPassword or a sign-in link). Admin; EINVALID for a bad email,
	// name or role, ECONFLICT when the email is taken.
	CreateAccount(ctx context.Context, a *Account) error
	// Accounts lists every account by email. Admin.
	Accounts(ctx context.Context) ([]*Account, error)
	// FindAccountByEmail returns an account by email (case-insensitive).
	// Admin; ENOTFOUND.
	FindAccountByEmail(ctx context.Context, email string) (*Account, error)
	// SetAccountDisabled disables an account (its sessions end and its
	// tokens stop working) or enables it again. Admin.
	SetAccountDisabled(ctx context.Context, id int64, disabled bool) error
	// SetAccountRole changes an account's role. Admin.
	SetAccountRole(ctx context.Context, id int64, role string) error
	// SetPassword sets an account's password and ends its sessions. Admin;
	// EINVALID for a password shorter than MinPasswordLength or longer than
	// MaxPasswordLength.
	SetPassword(ctx context.Context, id int64, password string) error
	// ChangePassword changes the signed-in user's own password after
	// checking the current one, and ends their other sessions. EINVALID
	// when the current password is wrong (throttled like a sign-in).
	ChangePassword(ctx context.Context, current, password string) error
	// CreateSignInLink makes a one-time secret, valid for SignInLinkTTL, with
	// which the account sets its password and signs in. Admin. A new link
	// replaces the account's older ones.
	CreateSignInLink(ctx context.Context, id int64) (secret string, err error)
	// RedeemSignInLink sets the password of the link's account, spends the
	// link and opens a session. EINVALID for an unknown, spent or expired
	// link or a bad password.
	RedeemSignInLink(ctx context.Context, secret, password string) (session string, u *User, err error)
	// SignIn checks an email and password and opens a session, returning its
	// secret. A wrong email and a wrong password fail alike, with EINVALID
	// and the same message, after the same work; ETOOMANY when the email or
	// the client address has failed too often within SignInWindow (counted
	// in the database, so it holds on every node).
	SignIn(ctx context.Context, email, password string) (session string, u *User, err error)
	// SessionUser returns the user of a session secret, and marks the
	// session used; EUNAUTHORIZED when the session is unknown, ended,
	// expired or its account disabled.
	SessionUser(ctx context.Context, session string) (*User, error)
	// SignOut ends one session.
	SignOut(ctx context.Context, session string) error
	// SignOutEverywhere ends every session of the signed-in user.
	SignOutEverywhere(ctx context.Context) error
	// CreateToken makes an API token for the signed-in user and returns its
	// secret, shown once. EINVALID for an unknown scope, or one wider than
	// the user's role allows.
	CreateToken(ctx context.Context, name, scope string) (secret string, t *APIToken, err error)
	// Tokens lists the signed-in user's tokens, newest first, revoked ones
	// included.
	Tokens(ctx context.Context) ([]*APIToken, error)
	// RevokeToken revokes one of the signed-in user's tokens (an admin may
	// revoke anyone's). ENOTFOUND.
	RevokeToken(ctx context.Context, id int64) error
	// TokenUser returns the user a token secret acts for, its Scope set, and
	// records the token's use; EUNAUTHORIZED when the token is unknown,
	// revoked or its account disabled.
	TokenUser(ctx context.Context, secret string) (*User, error)
}
