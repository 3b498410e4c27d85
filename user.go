package lmo

import "context"

// Roles, from least to most privileged.
const (
	RoleContributor = "contributor"
	RoleEditor      = "editor"
	RoleAdmin       = "admin"
)

// Roles lists the roles from least to most privileged.
var Roles = []string{RoleContributor, RoleEditor, RoleAdmin}

var roleRank = map[string]int{RoleContributor: 1, RoleEditor: 2, RoleAdmin: 3}

// Token scopes, from narrowest to widest. A request made with an API token
// may do what both its account's role and its token's scope allow: a read
// token writes nothing, a write token does what a contributor or an editor
// may (as its account's role allows) but no administration, an admin token
// everything its account's role allows. A signed-in person (a session) is
// not limited by a scope.
const (
	ScopeRead  = "read"
	ScopeWrite = "write"
	ScopeAdmin = "admin"
)

// Scopes lists the token scopes from narrowest to widest.
var Scopes = []string{ScopeRead, ScopeWrite, ScopeAdmin}

// scopeRank is the highest role rank a scope allows.
var scopeRank = map[string]int{ScopeRead: 0, ScopeWrite: 2, ScopeAdmin: 3}

// User is the person (or system process) on whose behalf a service acts.
type User struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
	Role  string `json:"role"`
	// Scope is the scope of the API token the request came with; "" for a
	// session or the system.
	Scope string `json:"scope,omitempty"`
	// SessionID is the session the request came with, TokenID its API
	// token (0: none), so that a store can end the other sessions or audit
	// the token.
	SessionID int64 `json:"-"`
	TokenID   int64 `json:"-"`
}

// SystemUser acts for the command line: migrations, seeding and imports run by
// the operator.
var SystemUser = &User{ID: 0, Name: "system", Role: RoleAdmin}

// Rank is how privileged u is: its role's rank, capped by its token's scope.
func (u *User) Rank() int {
	if u == nil {
		return 0
	}
	r := roleRank[u.Role]
	if u.Scope != "" {
		r = min(r, scopeRank[u.Scope])
	}
	return r
}

// Can reports whether u may act in role (its role at least role, and its
// token's scope allowing it).
func (u *User) Can(role string) bool { return u != nil && u.Rank() >= roleRank[role] }

type userContextKey struct{}

// NewContextWithUser returns a copy of ctx that carries u.
func NewContextWithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userContextKey{}, u)
}

// UserFromContext returns the user carried by ctx, or nil.
func UserFromContext(ctx context.Context) *User {
	u, _ := ctx.Value(userContextKey{}).(*User)
	return u
}

// RequireRole returns EUNAUTHORIZED when ctx carries no user and EFORBIDDEN
// when its user's role (capped by its token's scope) ranks below role.
// Services call it before any write.
func RequireRole(ctx context.Context, role string) error {
	u := UserFromContext(ctx)
	if u == nil {
		return Errorf(EUNAUTHORIZED, "You must be signed in.")
	}
	if !u.Can(role) {
		if u.Scope != "" && roleRank[u.Role] >= roleRank[role] {
			return Errorf(EFORBIDDEN, "Your token's scope (%s) does not allow this.", u.Scope)
		}
		return Errorf(EFORBIDDEN, "Your role does not allow this.")
	}
	return nil
}

// Origin is where a request came from: the client's address and user
// agent, for sign-in throttling and the audit log.
type Origin struct {
	Address string `json:"address"`
	Agent   string `json:"agent,omitempty"`
}

type originContextKey struct{}

// NewContextWithOrigin returns a copy of ctx that carries o.
func NewContextWithOrigin(ctx context.Context, o Origin) context.Context {
	return context.WithValue(ctx, originContextKey{}, o)
}

// OriginFromContext returns the origin carried by ctx; the command line's
// is {Address: "local"}.
func OriginFromContext(ctx context.Context) Origin {
	if o, ok := ctx.Value(originContextKey{}).(Origin); ok {
		return o
	}
	return Origin{Address: "local"}
}
