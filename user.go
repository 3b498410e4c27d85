package lmo

import "context"

// Roles, from least to most privileged.
const (
	RoleContributor = "contributor"
	RoleEditor      = "editor"
	RoleAdmin       = "admin"
)

var roleRank = map[string]int{RoleContributor: 1, RoleEditor: 2, RoleAdmin: 3}

// User is the person (or system process) on whose behalf a service acts.
type User struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Role string `json:"role"`
}

// SystemUser acts for the command line: migrations, seeding and imports run by
// the operator.
var SystemUser = &User{ID: 0, Name: "system", Role: RoleAdmin}

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
// when its user's role ranks below role. Services call it before any write.
func RequireRole(ctx context.Context, role string) error {
	u := UserFromContext(ctx)
	if u == nil {
		return Errorf(EUNAUTHORIZED, "You must be signed in.")
	}
	if roleRank[u.Role] < roleRank[role] {
		return Errorf(EFORBIDDEN, "Your role does not allow this.")
	}
	return nil
}
