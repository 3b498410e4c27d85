package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// Audit is the service that reads the audit log (lmo.AuditService). Every
// module writes it through Tx.audit; the databases refuse to change or
// delete its rows.
type Audit struct{ db *DB }

var _ lmo.AuditService = (*Audit)(nil)

// AuditLog returns the entries that match f, newest first, at most
// f.Limit (DefaultLimit when 0, MaxExport at most). Admin.
func (s *Audit) AuditLog(ctx context.Context, f lmo.AuditFilter) ([]*lmo.AuditEntry, error) {
	if err := lmo.RequireRole(ctx, lmo.RoleAdmin); err != nil {
		return nil, err
	}
	if f.Limit < 0 {
		return nil, lmo.Errorf(lmo.EINVALID, "The limit must not be negative.")
	}
	if f.Limit == 0 {
		f.Limit = lmo.DefaultLimit
	}
	f.Limit = min(f.Limit, lmo.MaxExport)
	where, args := auditWhere(s.db.dialect, f)
	out := []*lmo.AuditEntry{}
	err := s.db.readIn(ctx, func(tx *Tx) error {
		return tx.Each(ctx, `SELECT id, created_at, actor_id, actor, action, entity, entity_id, detail, address FROM audit_log`+
			where+` ORDER BY id DESC LIMIT ?`, append(args, f.Limit), func(rows *sql.Rows) error {
			e := &lmo.AuditEntry{}
			out = append(out, e)
			return rows.Scan(&e.ID, scanTime(&e.At), &e.ActorID, &e.Actor, &e.Action, &e.Entity, &e.EntityID, &e.Detail, &e.Address)
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read the audit log: %w", err)
	}
	return out, nil
}

// auditWhere renders the conditions of f.
func auditWhere(d Dialect, f lmo.AuditFilter) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, arg any) {
		conds = append(conds, cond)
		args = append(args, arg)
	}
	for _, c := range []struct{ col, val string }{
		{"actor", f.Actor}, {"action", f.Action}, {"entity", f.Entity}, {"address", f.Address},
	} {
		if c.val != "" {
			add(c.col+" = ?", c.val)
		}
	}
	if f.Entity != "" && f.EntityID != "" {
		add("entity_id = ?", f.EntityID)
	}
	if !f.From.IsZero() {
		add("created_at >= ?", d.Time(f.From.UTC()))
	}
	if !f.To.IsZero() {
		add("created_at < ?", d.Time(f.To.UTC()))
	}
	if f.Before > 0 {
		add("id < ?", f.Before)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}
