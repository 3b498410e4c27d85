package lmo

import (
	"context"
	"time"
)

// AuditEntry records one thing done: who, when, from where, to what. The
// audit log is append-only in every store.
type AuditEntry struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	ActorID  int64     `json:"actor_id"` // 0: the system or no account
	Actor    string    `json:"actor"`    // the account's name then, "system", or the email tried
	Action   string    `json:"action"`
	Entity   string    `json:"entity"`
	EntityID string    `json:"entity_id"`
	Detail   string    `json:"detail"`
	Address  string    `json:"address"` // the client's address, "local" for the command line
}

// Audit actions beyond the writes of each module (create, update, import,
// and the workflow actions).
const (
	AuditSignIn        = "sign-in"
	AuditSignInFailed  = "sign-in-failed"
	AuditSignInRefused = "sign-in-throttled"
	AuditSignOut       = "sign-out"
	AuditTokenCreate   = "token-create"
	AuditTokenRevoke   = "token-revoke"
	AuditTokenUse      = "token-use"
)

// AuditFilter selects audit entries; every field is optional.
type AuditFilter struct {
	Actor    string    // an actor's name, exactly
	Action   string    // an action, exactly
	Entity   string    // a kind of entity, exactly
	EntityID string    // with Entity
	Address  string    // a client address, exactly
	From, To time.Time // at or after From, before To
	Before   int64     // entries with a smaller id (the next page)
	Limit    int       // 0: DefaultLimit; at most MaxExport
}

// AuditService reads the audit log.
type AuditService interface {
	// AuditLog returns the entries that match f, newest first. Admin.
	AuditLog(ctx context.Context, f AuditFilter) ([]*AuditEntry, error)
}
