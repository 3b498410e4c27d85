-- +goose Up
-- Accounts and how they sign in (issue 12). Secrets are never stored: a
-- session, API token or sign-in link is kept as the SHA-256 of its secret.
-- email_key is the lower-cased email, unique, so that addresses compare
-- case-insensitively; password_hash is argon2id's PHC string, '' before the
-- account has a password.
CREATE TABLE accounts (
	id            INTEGER PRIMARY KEY,
	email         TEXT NOT NULL,
	email_key     TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL,
	role          TEXT NOT NULL,
	password_hash TEXT NOT NULL DEFAULT '',
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    TEXT NOT NULL,
	last_sign_in  TEXT
);

CREATE TABLE sessions (
	id         INTEGER PRIMARY KEY,
	hash       TEXT NOT NULL UNIQUE,
	account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	created_at TEXT NOT NULL,
	last_seen  TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	address    TEXT NOT NULL,
	agent      TEXT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY,
	hash       TEXT NOT NULL UNIQUE,
	account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	scope      TEXT NOT NULL,
	created_at TEXT NOT NULL,
	last_used  TEXT,
	revoked_at TEXT
);
CREATE INDEX api_tokens_account ON api_tokens (account_id);

CREATE TABLE sign_in_links (
	id         INTEGER PRIMARY KEY,
	hash       TEXT NOT NULL UNIQUE,
	account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	expires_at TEXT NOT NULL,
	used_at    TEXT
);
CREATE INDEX sign_in_links_account ON sign_in_links (account_id);

-- Failed sign-ins, counted by key ('email:<lower-cased email>' or
-- 'addr:<client address>') within a window, in the database so that the
-- limit holds on every node.
CREATE TABLE sign_in_failures (
	id  INTEGER PRIMARY KEY,
	key TEXT NOT NULL,
	at  TEXT NOT NULL
);
CREATE INDEX sign_in_failures_key_at ON sign_in_failures (key, at);

-- Who did it (their account's id; 0 for the system or no account) and from
-- which client address.
ALTER TABLE audit_log ADD COLUMN actor_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN address TEXT NOT NULL DEFAULT '';

-- The audit log is append-only.
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER audit_log_no_delete;
DROP TRIGGER audit_log_no_update;
ALTER TABLE audit_log DROP COLUMN address;
ALTER TABLE audit_log DROP COLUMN actor_id;
DROP TABLE sign_in_failures;
DROP TABLE sign_in_links;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE accounts;
