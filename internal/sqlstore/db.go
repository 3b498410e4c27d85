// Package sqlstore is the observatory's store written once: the SQL and the
// rules of every module on database/sql, for SQLite and PostgreSQL alike.
// What really differs between the two (placeholders, timestamps, full text,
// locks, error classes) is a Dialect, which the sqlite and postgres packages
// supply together with opening, pools and migrations.
//
// There is one service per module (Practices, Countries, Vocabularies), each
// holding its own caches, on one DB; Store puts them together. Every public
// method runs in one transaction, and private helpers take the *Tx.
package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/lmo-observatory/lmo"
)

// DB is an open database: a pool for reads and one for writes (the same pool
// on PostgreSQL; on SQLite a single writer connection beside a read pool),
// its dialect and its clock.
type DB struct {
	read, write *sql.DB
	dialect     Dialect
	close       func() error

	// Now returns the current time; tests replace it.
	Now func() time.Time

	// readStmts and writeStmts keep the statements each pool has prepared.
	readStmts, writeStmts *stmtCache
}

// dataVersionsSQL reads every version counter in one statement.
var dataVersionsSQL = `SELECT ` +
	fmt.Sprintf(`(`+versionSQL+`), `, "practices_version") +
	fmt.Sprintf(`(`+versionSQL+`), `, "reference_version") +
	fmt.Sprintf(`(`+versionSQL+`), `, "standards_version") +
	fmt.Sprintf(`(`+versionSQL+`), `, "statistics_version") +
	fmt.Sprintf(`(`+versionSQL+`), `, "agreements_version") +
	fmt.Sprintf(`(`+versionSQL+`)`, "projects_version")

// NewDB returns a DB on the given pools; close releases them.
func NewDB(d Dialect, read, write *sql.DB, close func() error) *DB {
	return &DB{read: read, write: write, dialect: d, close: close, Now: time.Now,
		readStmts: newStmtCache(read), writeStmts: newStmtCache(write)}
}

// Close releases the database.
func (db *DB) Close() error { return db.close() }

// Ping checks that the database answers; /healthz calls it.
func (db *DB) Ping(ctx context.Context) error {
	return db.dialect.Classify(db.read.PingContext(ctx))
}

// now returns the store's clock at microsecond precision, the databases'.
func (db *DB) now() time.Time { return db.Now().UTC().Truncate(time.Microsecond) }

// readTx begins a read-only transaction: one snapshot for the several
// queries of a method.
func (db *DB) readTx(ctx context.Context) (*Tx, error) {
	var tx *sql.Tx
	err := db.retryBegin(func() (err error) {
		tx, err = db.read.BeginTx(ctx, db.dialect.ReadTx())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("begin read: %w", err)
	}
	return &Tx{tx: tx, db: db}, nil
}

// writeTx begins a read-write transaction on a connection of its own, so
// that the dialect can reach the driver's connection (for bulk copies).
func (db *DB) writeTx(ctx context.Context) (*Tx, error) {
	var conn *sql.Conn
	var tx *sql.Tx
	err := db.retryBegin(func() (err error) {
		if conn, err = db.write.Conn(ctx); err != nil {
			return err
		}
		if tx, err = conn.BeginTx(ctx, db.dialect.WriteTx()); err != nil {
			conn.Close()
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("begin write: %w", err)
	}
	return &Tx{tx: tx, conn: conn, db: db}, nil
}

// retryBegin runs begin, and once more on a fresh connection when the
// database was unreachable: an idle pooled connection whose server process
// died (a restart, a killed backend) fails at BEGIN, before anything was
// read or written, so trying again is safe and spares the request a 503.
func (db *DB) retryBegin(begin func() error) error {
	err := db.dialect.Classify(begin())
	if lmo.ErrorCode(err) != lmo.EUNAVAILABLE {
		return err
	}
	db.dialect.DropIdle()
	return db.dialect.Classify(begin())
}

// readIn runs fn in a read transaction.
func (db *DB) readIn(ctx context.Context, fn func(*Tx) error) error {
	tx, err := db.readTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// Write runs fn in one write transaction and commits it when fn returns
// nil: for tools and tests that need a transaction of their own, such as a
// bulk copy through Tx.Raw.
func (db *DB) Write(ctx context.Context, fn func(*Tx) error) error { return db.writeIn(ctx, fn) }

// writeIn runs fn in a write transaction and commits it when fn succeeds.
func (db *DB) writeIn(ctx context.Context, fn func(*Tx) error) error {
	tx, err := db.writeTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// Tx is a transaction of the store: its methods take queries written with ?
// placeholders, rebind them for the dialect and classify the errors.
type Tx struct {
	tx   *sql.Tx
	conn *sql.Conn // write transactions only
	db   *DB
}

// sql returns query in the dialect's placeholders.
func (tx *Tx) sql(query string) string { return tx.db.sql(query) }

// sql returns query in the dialect's placeholders.
func (db *DB) sql(query string) string {
	if db.dialect.NumberedPlaceholders() {
		return rebind(query)
	}
	return query
}

// queryRow runs a one-row read outside a transaction (one statement is its
// own snapshot) and scans it into dest.
func (db *DB) queryRow(ctx context.Context, query string, args []any, dest ...any) error {
	return db.dialect.Classify(db.read.QueryRowContext(ctx, db.sql(query), args...).Scan(dest...))
}

// Exec runs a statement.
func (tx *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	query = tx.sql(query)
	if stmt := tx.stmt(ctx, query); stmt != nil {
		res, err := stmt.ExecContext(ctx, args...)
		return res, tx.db.dialect.Classify(err)
	}
	res, err := tx.tx.ExecContext(ctx, query, args...)
	return res, tx.db.dialect.Classify(err)
}

// stmt returns query (in the dialect's placeholders) prepared on tx's
// pool and bound to tx, or nil to run the text.
func (tx *Tx) stmt(ctx context.Context, query string) *sql.Stmt {
	if tx.conn != nil {
		return tx.db.writeStmts.in(ctx, tx.tx, query)
	}
	return tx.db.readStmts.in(ctx, tx.tx, query)
}

// query runs a query in tx, prepared when it can be.
func (tx *Tx) query(ctx context.Context, query string, args []any) (*sql.Rows, error) {
	query = tx.sql(query)
	if stmt := tx.stmt(ctx, query); stmt != nil {
		return stmt.QueryContext(ctx, args...)
	}
	return tx.tx.QueryContext(ctx, query, args...)
}

// QueryRow runs a query that returns at most one row and scans it into
// dest; sql.ErrNoRows when there is none.
func (tx *Tx) QueryRow(ctx context.Context, query string, args []any, dest ...any) error {
	rows, err := tx.query(ctx, query, args)
	if err != nil {
		return tx.db.dialect.Classify(err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return tx.db.dialect.Classify(err)
		}
		return sql.ErrNoRows
	}
	err = rows.Scan(dest...)
	if err == nil {
		err = rows.Close()
	}
	return tx.db.dialect.Classify(err)
}

// Each runs a query and calls scan for every row.
func (tx *Tx) Each(ctx context.Context, query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := tx.query(ctx, query, args)
	if err != nil {
		return tx.db.dialect.Classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return tx.db.dialect.Classify(rows.Err())
}

// Raw calls fn with the driver's own connection of a write transaction
// (*stdlib.Conn for PostgreSQL), for what database/sql cannot do, such as
// COPY; what fn does is part of the transaction.
func (tx *Tx) Raw(fn func(driverConn any) error) error {
	if tx.conn == nil {
		return lmo.Errorf(lmo.EINTERNAL, "Raw needs a write transaction")
	}
	return tx.db.dialect.Classify(tx.conn.Raw(fn))
}

// Commit commits the transaction. A lost connection is reported as
// unavailable: whether the commit happened is then unknown to this node.
func (tx *Tx) Commit() error {
	err := tx.tx.Commit()
	if tx.conn != nil {
		tx.conn.Close()
	}
	return tx.db.dialect.Classify(err)
}

// Rollback ends the transaction unless it was committed; deferred after
// every begin.
func (tx *Tx) Rollback() {
	tx.tx.Rollback()
	if tx.conn != nil {
		tx.conn.Close()
	}
}

// audit records who did what in the audit log, inside tx: the user of ctx
// (its name and account id) and the client address of its origin.
func (tx *Tx) audit(ctx context.Context, action, entity, id, detail string) error {
	actor, actorID := "anonymous", int64(0)
	if u := lmo.UserFromContext(ctx); u != nil {
		actor, actorID = u.Name, u.ID
	}
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (created_at, actor, actor_id, action, entity, entity_id, detail, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		tx.db.dialect.Time(tx.db.now()), actor, actorID, action, entity, id, detail, lmo.OriginFromContext(ctx).Address)
	if err != nil {
		return fmt.Errorf("audit %s %s: %w", action, entity, err)
	}
	return nil
}

// bumpVersion increments the counter table (practices_version,
// reference_version) inside tx.
func (tx *Tx) bumpVersion(ctx context.Context, table string) error {
	_, err := tx.Exec(ctx, `INSERT INTO `+table+` (id, version) VALUES (1, 1)
		ON CONFLICT (id) DO UPDATE SET version = `+table+`.version + 1`)
	if err != nil {
		return fmt.Errorf("bump %s: %w", table, err)
	}
	return nil
}

// versionSQL reads a counter table (0 before the first write).
const versionSQL = `SELECT coalesce((SELECT version FROM %s WHERE id = 1), 0)`

// version reads a counter table inside tx.
func (tx *Tx) version(ctx context.Context, table string) (int64, error) {
	var v int64
	if err := tx.QueryRow(ctx, fmt.Sprintf(versionSQL, table), nil, &v); err != nil {
		return 0, fmt.Errorf("read %s: %w", table, err)
	}
	return v, nil
}

// DataVersions reads every version counter in one statement, outside any
// transaction: the cheapest read there is, made by every cached request.
func (db *DB) DataVersions(ctx context.Context) (lmo.DataVersions, error) {
	var v lmo.DataVersions
	query := db.sql(dataVersionsSQL)
	var row *sql.Row
	if stmt := db.readStmts.get(query); stmt != nil { // kept prepared, like every query of the store
		row = stmt.QueryRowContext(ctx)
	} else {
		row = db.read.QueryRowContext(ctx, query)
	}
	if err := db.dialect.Classify(row.Scan(&v.Practices, &v.Reference, &v.Standards, &v.Statistics, &v.Agreements, &v.Projects)); err != nil {
		return v, fmt.Errorf("read data versions: %w", err)
	}
	return v, nil
}

// Store is a whole observatory on one database: a service per module.
type Store struct {
	*DB
	*Practices
	*Countries
	*Vocabularies
	*Standards
	*Statistics
	*Auth
	*Audit
	*Workflow
	*Projects
	*Agreements
}

// Database returns the database under the services, for tools that work on
// whole tables (lmo copy).
func (s *Store) Database() *DB { return s.DB }

// New returns the store of every module on db.
func New(db *DB) *Store {
	practices, agreements := NewPractices(db), NewAgreements(db)
	s := &Store{DB: db, Practices: practices, Countries: &Countries{db: db}, Vocabularies: &Vocabularies{db: db},
		Standards: &Standards{db: db}, Statistics: &Statistics{db: db}, Auth: &Auth{db: db}, Audit: &Audit{db: db},
		Workflow: NewWorkflow(db, practices, agreements), Agreements: agreements}
	s.Projects = &Projects{db: db}
	s.Workflow.writers[lmo.KindProject] = s.Projects
	return s
}
