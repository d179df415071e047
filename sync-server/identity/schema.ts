/**
 * Tables of the account store, in the SQL both SQLite and PostgreSQL accept. Times are ms since the
 * epoch (BIGINT). Secrets are never stored: passwords as argon2id/scrypt PHC strings, refresh,
 * recovery and service tokens as SHA-256 of 256-bit random values (a slow hash adds nothing there).
 */
export const IDENTITY_SCHEMA_VERSION = 1;

export const IDENTITY_SCHEMA = `
CREATE TABLE IF NOT EXISTS oms_identity_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS oms_users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  email TEXT UNIQUE,
  display_name TEXT,
  password_hash TEXT NOT NULL,
  password_changed_at BIGINT NOT NULL,
  server_admin INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0,
  totp_secret TEXT,
  totp_pending TEXT,
  totp_last_step BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS oms_password_history (user_id TEXT NOT NULL REFERENCES oms_users(id) ON DELETE CASCADE, hash TEXT NOT NULL, changed_at BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS oms_password_history_user ON oms_password_history (user_id, changed_at);
CREATE TABLE IF NOT EXISTS oms_recovery_codes (
  user_id TEXT NOT NULL REFERENCES oms_users(id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  used_at BIGINT,
  PRIMARY KEY (user_id, code_hash)
);
CREATE TABLE IF NOT EXISTS oms_sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES oms_users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT,
  revoked_reason TEXT,
  ip TEXT,
  device_name TEXT,
  mfa INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS oms_sessions_user ON oms_sessions (user_id, created_at);
CREATE TABLE IF NOT EXISTS oms_refresh_tokens (
  hash TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES oms_sessions(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE TABLE IF NOT EXISTS oms_workspaces (name TEXT PRIMARY KEY, created_at BIGINT NOT NULL, created_by TEXT);
CREATE TABLE IF NOT EXISTS oms_members (
  workspace TEXT NOT NULL REFERENCES oms_workspaces(name) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES oms_users(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  PRIMARY KEY (workspace, user_id)
);
CREATE TABLE IF NOT EXISTS oms_protected_branches (
  workspace TEXT NOT NULL REFERENCES oms_workspaces(name) ON DELETE CASCADE,
  branch TEXT NOT NULL,
  require_review INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace, branch)
);
CREATE TABLE IF NOT EXISTS oms_service_accounts (
  id TEXT PRIMARY KEY,
  workspace TEXT NOT NULL REFERENCES oms_workspaces(name) ON DELETE CASCADE,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT,
  UNIQUE (workspace, name)
);
CREATE TABLE IF NOT EXISTS oms_service_tokens (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES oms_service_accounts(id) ON DELETE CASCADE,
  hash TEXT NOT NULL UNIQUE,
  on_behalf_of TEXT REFERENCES oms_users(id) ON DELETE CASCADE,
  reason TEXT,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT,
  created_at BIGINT NOT NULL,
  created_by TEXT
);
CREATE TABLE IF NOT EXISTS oms_signing_keys (kid TEXT PRIMARY KEY, private_jwk TEXT NOT NULL, public_jwk TEXT NOT NULL, created_at BIGINT NOT NULL, retired_at BIGINT);
CREATE TABLE IF NOT EXISTS oms_audit (id TEXT PRIMARY KEY, at BIGINT NOT NULL, workspace TEXT, actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS oms_audit_ws ON oms_audit (workspace, at);
CREATE TABLE IF NOT EXISTS oms_authorship (id TEXT PRIMARY KEY, at BIGINT NOT NULL, workspace TEXT NOT NULL, branch TEXT NOT NULL, kind TEXT NOT NULL, commit_id TEXT, authors TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS oms_authorship_ws ON oms_authorship (workspace, branch, at);
`;
