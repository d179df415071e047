/**
 * The account store: users, credentials, sessions, memberships, protected branches, service
 * accounts, signing keys, audit and authorship. One interface, two databases (SQLite by default,
 * PostgreSQL with OMS_DB) through the shared-dialect driver in sql.ts; test/contract runs the same
 * suite against both. Every check-and-set that guards a credential (refresh rotation, TOTP step,
 * recovery code, lockout counter) is one conditional UPDATE, so two processes cannot both win.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { WorkspaceRole } from '../../core/contract/identity-api';
import { WORKSPACE_ROLES } from '../../core/contract/identity-api';
import { IdentityError } from './errors';
import { IDENTITY_SCHEMA, IDENTITY_SCHEMA_VERSION } from './schema';
import { openPostgresDriver, SqliteDriver, type Row, type SqlDriver, type SqlValue } from './sql';

export interface UserRecord {
  id: string;
  username: string;
  email: string | null;
  displayName: string | null;
  passwordHash: string;
  passwordChangedAt: number;
  serverAdmin: boolean;
  disabled: boolean;
  failedLogins: number;
  lockedUntil: number;
  totpSecret: string | null;
  totpPending: string | null;
  createdAt: number;
}

export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: number;
  lastUsedAt: number;
  expiresAt: number;
  revokedAt: number | null;
  revokedReason: string | null;
  ip: string | null;
  deviceName: string | null;
  mfa: boolean;
}

export interface NewSession {
  id: string;
  userId: string;
  now: number;
  expiresAt: number;
  ip: string | null;
  deviceName: string | null;
  mfa: boolean;
  refreshHash: string;
  /** Active sessions a user may hold; the oldest beyond it are revoked. */
  maxSessions: number;
}

export type RefreshOutcome = { outcome: 'ok'; session: SessionRecord } | { outcome: 'reused'; sessionId: string } | { outcome: 'unknown' };

export interface MemberRecord {
  workspace: string;
  userId: string;
  username: string;
  role: WorkspaceRole;
}

export interface ProtectedBranchRecord {
  workspace: string;
  branch: string;
  requireReview: boolean;
}

export interface ServiceAccountRecord {
  id: string;
  workspace: string;
  name: string;
  role: WorkspaceRole;
  createdAt: number;
}

export interface ServiceTokenRecord {
  id: string;
  accountId: string;
  onBehalfOf: string | null;
  reason: string | null;
  expiresAt: number;
  revokedAt: number | null;
  createdAt: number;
}

export interface SigningKeyRecord {
  kid: string;
  privateJwk: string;
  publicJwk: string;
  createdAt: number;
  retiredAt: number | null;
}

export interface AuditRecord {
  at: number;
  workspace: string | null;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

export interface AuthorshipRecord {
  at: number;
  workspace: string;
  branch: string;
  kind: 'live-update' | 'branch-move';
  commit: string | null;
  /** JSON-serialisable author descriptions (core/contract Author). */
  authors: unknown[];
}

export interface NewUser {
  id: string;
  username: string;
  email: string | null;
  displayName: string | null;
  passwordHash: string;
  serverAdmin: boolean;
  now: number;
}

export interface AccountStore {
  readonly kind: 'sqlite' | 'postgresql';
  createUser(u: NewUser): Promise<UserRecord>;
  userById(id: string): Promise<UserRecord | null>;
  /** By user name or e-mail (both compared lower-cased). */
  userByLogin(login: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  updateUser(id: string, patch: { disabled?: boolean; displayName?: string; serverAdmin?: boolean }): Promise<void>;
  deleteUser(id: string): Promise<void>;
  countServerAdmins(): Promise<number>;
  /** Count one failure; at `maxFailures` the account locks until now + lockMs and the count restarts. */
  recordFailedLogin(id: string, now: number, maxFailures: number, lockMs: number): Promise<void>;
  clearFailedLogins(id: string): Promise<void>;
  /** Replace the password; the old hash joins the history, trimmed to `keep` entries. */
  setPassword(id: string, hash: string, now: number, keep: number): Promise<void>;
  passwordHistory(id: string): Promise<string[]>;
  setTotpPending(id: string, secret: string | null): Promise<void>;
  activateTotp(id: string): Promise<boolean>;
  clearTotp(id: string): Promise<void>;
  /** Accept a TOTP time step only if it is later than every step accepted before (no replay). */
  consumeTotpStep(id: string, step: number): Promise<boolean>;
  replaceRecoveryCodes(id: string, hashes: readonly string[]): Promise<void>;
  consumeRecoveryCode(id: string, hash: string, now: number): Promise<boolean>;
  /** Create a session and its first refresh token; returns the ids of sessions evicted by the limit. */
  createSession(s: NewSession): Promise<string[]>;
  session(id: string): Promise<SessionRecord | null>;
  activeSessions(userId: string, now: number): Promise<SessionRecord[]>;
  touchSession(id: string, now: number): Promise<void>;
  revokeSession(id: string, now: number, reason: string): Promise<boolean>;
  revokeUserSessions(userId: string, now: number, reason: string): Promise<string[]>;
  /** Single use: the old token is spent and the new one issued in one step; a spent token is reuse. */
  rotateRefresh(oldHash: string, newHash: string, now: number): Promise<RefreshOutcome>;
  createWorkspace(name: string, owner: string | null, now: number): Promise<void>;
  workspaceExists(name: string): Promise<boolean>;
  listWorkspaces(): Promise<string[]>;
  deleteWorkspace(name: string): Promise<void>;
  /**
   * Move everything the identity store keys by a workspace's name to `to`, in one transaction;
   * false when `from` is not there (nothing to do: never created here, or already moved).
   */
  renameWorkspace(from: string, to: string): Promise<boolean>;
  setMember(workspace: string, userId: string, role: WorkspaceRole): Promise<void>;
  removeMember(workspace: string, userId: string): Promise<boolean>;
  members(workspace: string): Promise<MemberRecord[]>;
  membershipsOf(userId: string): Promise<MemberRecord[]>;
  roleOf(workspace: string, userId: string): Promise<WorkspaceRole | null>;
  protectBranch(workspace: string, branch: string, requireReview: boolean): Promise<void>;
  unprotectBranch(workspace: string, branch: string): Promise<boolean>;
  protectedBranches(workspace?: string): Promise<ProtectedBranchRecord[]>;
  createServiceAccount(a: ServiceAccountRecord & { createdBy: string | null }): Promise<void>;
  serviceAccount(id: string): Promise<ServiceAccountRecord | null>;
  serviceAccounts(workspace: string): Promise<ServiceAccountRecord[]>;
  deleteServiceAccount(id: string): Promise<boolean>;
  createServiceToken(t: ServiceTokenRecord & { hash: string; createdBy: string | null }): Promise<void>;
  serviceTokenByHash(hash: string): Promise<(ServiceTokenRecord & { account: ServiceAccountRecord }) | null>;
  serviceToken(id: string): Promise<ServiceTokenRecord | null>;
  revokeServiceToken(id: string, now: number): Promise<boolean>;
  signingKeys(): Promise<SigningKeyRecord[]>;
  /** Insert unless a key with this kid exists; false when another process got there first. */
  addSigningKey(k: SigningKeyRecord): Promise<boolean>;
  retireSigningKey(kid: string, now: number): Promise<void>;
  audit(entry: AuditRecord): Promise<void>;
  auditEntries(workspace: string | null, limit: number): Promise<AuditRecord[]>;
  addAuthorship(entry: AuthorshipRecord): Promise<void>;
  authorship(workspace: string, branch: string | null, limit: number): Promise<AuthorshipRecord[]>;
  close(): Promise<void>;
}

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const bool = (v: unknown): boolean => Number(v) === 1;

function role(v: unknown): WorkspaceRole {
  const r = String(v);
  if (!(WORKSPACE_ROLES as readonly string[]).includes(r)) throw new IdentityError('IDENTITY_STORE_FAILED', `account store holds an unknown role "${r}"`);
  return r as WorkspaceRole;
}

const toUser = (r: Row): UserRecord => ({
  id: String(r.id),
  username: String(r.username),
  email: strOrNull(r.email),
  displayName: strOrNull(r.display_name),
  passwordHash: String(r.password_hash),
  passwordChangedAt: num(r.password_changed_at),
  serverAdmin: bool(r.server_admin),
  disabled: bool(r.disabled),
  failedLogins: num(r.failed_logins),
  lockedUntil: num(r.locked_until),
  totpSecret: strOrNull(r.totp_secret),
  totpPending: strOrNull(r.totp_pending),
  createdAt: num(r.created_at),
});

const toSession = (r: Row): SessionRecord => ({
  id: String(r.id),
  userId: String(r.user_id),
  createdAt: num(r.created_at),
  lastUsedAt: num(r.last_used_at),
  expiresAt: num(r.expires_at),
  revokedAt: numOrNull(r.revoked_at),
  revokedReason: strOrNull(r.revoked_reason),
  ip: strOrNull(r.ip),
  deviceName: strOrNull(r.device_name),
  mfa: bool(r.mfa),
});

const toAccount = (r: Row): ServiceAccountRecord => ({ id: String(r.id), workspace: String(r.workspace), name: String(r.name), role: role(r.role), createdAt: num(r.created_at) });
const toToken = (r: Row): ServiceTokenRecord => ({
  id: String(r.id),
  accountId: String(r.account_id),
  onBehalfOf: strOrNull(r.on_behalf_of),
  reason: strOrNull(r.reason),
  expiresAt: num(r.expires_at),
  revokedAt: numOrNull(r.revoked_at),
  createdAt: num(r.created_at),
});

function parseJsonObject(text: unknown): Record<string, unknown> {
  const v: unknown = JSON.parse(String(text));
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** A UNIQUE/PRIMARY KEY violation in either database (the driver wraps it as IDENTITY_STORE_FAILED). */
function isUniqueViolation(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string } }).cause;
  return cause?.code === 'SQLITE_CONSTRAINT_UNIQUE' || cause?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || cause?.code === '23505';
}

/** The stored schema version; 0 when the store is new (the meta table does not exist yet). */
async function schemaVersion(sql: SqlDriver): Promise<number> {
  const exists =
    sql.kind === 'postgresql'
      ? await sql.all("SELECT 1 AS x FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'oms_identity_meta'")
      : await sql.all("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'oms_identity_meta'");
  if (exists.length === 0) return 0;
  const rows = await sql.all<{ value: string }>("SELECT value FROM oms_identity_meta WHERE key = 'schema_version'");
  return rows[0] ? Number(rows[0].value) : 0;
}

const USER_COLUMNS = 'id, username, email, display_name, password_hash, password_changed_at, server_admin, disabled, failed_logins, locked_until, totp_secret, totp_pending, created_at';
const SESSION_COLUMNS = 'id, user_id, created_at, last_used_at, expires_at, revoked_at, revoked_reason, ip, device_name, mfa';

export class SqlAccountStore implements AccountStore {
  private constructor(private readonly sql: SqlDriver) {}

  get kind(): 'sqlite' | 'postgresql' {
    return this.sql.kind;
  }

  static async open(sql: SqlDriver): Promise<SqlAccountStore> {
    if ((await schemaVersion(sql)) === IDENTITY_SCHEMA_VERSION) return new SqlAccountStore(sql);
    await sql.tx(async (d) => {
      // Two server processes starting at once on one PostgreSQL must not both create the tables.
      if (d.kind === 'postgresql') await d.all("SELECT pg_advisory_xact_lock(hashtext('oms-identity-schema'))");
      await d.exec(IDENTITY_SCHEMA);
      const rows = await d.all<{ value: string }>("SELECT value FROM oms_identity_meta WHERE key = 'schema_version'");
      const version = rows[0] ? Number(rows[0].value) : 0;
      if (version > IDENTITY_SCHEMA_VERSION) {
        throw new IdentityError('IDENTITY_STORE_FAILED', `account store schema ${version} is newer than this server (${IDENTITY_SCHEMA_VERSION}); upgrade oms-sync`);
      }
      await d.run("INSERT INTO oms_identity_meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [String(IDENTITY_SCHEMA_VERSION)]);
    });
    return new SqlAccountStore(sql);
  }

  private async one<T>(sql: string, params: readonly SqlValue[], map: (r: Row) => T): Promise<T | null> {
    const rows = await this.sql.all(sql, params);
    return rows[0] ? map(rows[0]) : null;
  }

  async createUser(u: NewUser): Promise<UserRecord> {
    try {
      await this.sql.run(
        'INSERT INTO oms_users (id, username, email, display_name, password_hash, password_changed_at, server_admin, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $6)',
        [u.id, u.username.toLowerCase(), u.email?.toLowerCase() ?? null, u.displayName, u.passwordHash, u.now, u.serverAdmin ? 1 : 0],
      );
    } catch (err) {
      if (isUniqueViolation(err)) throw new IdentityError('CONFLICT', 'a user with this name or e-mail exists');
      throw err;
    }
    return (await this.userById(u.id))!;
  }

  userById(id: string): Promise<UserRecord | null> {
    return this.one(`SELECT ${USER_COLUMNS} FROM oms_users WHERE id = $1`, [id], toUser);
  }

  userByLogin(login: string): Promise<UserRecord | null> {
    const l = login.toLowerCase();
    return this.one(`SELECT ${USER_COLUMNS} FROM oms_users WHERE username = $1 OR email = $1`, [l], toUser);
  }

  async listUsers(): Promise<UserRecord[]> {
    return (await this.sql.all(`SELECT ${USER_COLUMNS} FROM oms_users ORDER BY username`)).map(toUser);
  }

  async updateUser(id: string, patch: { disabled?: boolean; displayName?: string; serverAdmin?: boolean }): Promise<void> {
    if (patch.disabled !== undefined) await this.sql.run('UPDATE oms_users SET disabled = $1 WHERE id = $2', [patch.disabled ? 1 : 0, id]);
    if (patch.displayName !== undefined) await this.sql.run('UPDATE oms_users SET display_name = $1 WHERE id = $2', [patch.displayName, id]);
    if (patch.serverAdmin !== undefined) await this.sql.run('UPDATE oms_users SET server_admin = $1 WHERE id = $2', [patch.serverAdmin ? 1 : 0, id]);
  }

  async deleteUser(id: string): Promise<void> {
    await this.sql.run('DELETE FROM oms_users WHERE id = $1', [id]);
  }

  async countServerAdmins(): Promise<number> {
    const rows = await this.sql.all<{ n: number }>('SELECT COUNT(*) AS n FROM oms_users WHERE server_admin = 1 AND disabled = 0');
    return num(rows[0]?.n ?? 0);
  }

  async recordFailedLogin(id: string, now: number, maxFailures: number, lockMs: number): Promise<void> {
    await this.sql.run(
      `UPDATE oms_users SET
         locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3 ELSE locked_until END,
         failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END
       WHERE id = $1`,
      [id, maxFailures, now + lockMs],
    );
  }

  async clearFailedLogins(id: string): Promise<void> {
    await this.sql.run('UPDATE oms_users SET failed_logins = 0, locked_until = 0 WHERE id = $1 AND (failed_logins <> 0 OR locked_until <> 0)', [id]);
  }

  async setPassword(id: string, hash: string, now: number, keep: number): Promise<void> {
    await this.sql.tx(async (d) => {
      await d.run('INSERT INTO oms_password_history (user_id, hash, changed_at) SELECT id, password_hash, $2 FROM oms_users WHERE id = $1', [id, now]);
      await d.run('UPDATE oms_users SET password_hash = $1, password_changed_at = $2, failed_logins = 0, locked_until = 0 WHERE id = $3', [hash, now, id]);
      const old = await d.all<{ changed_at: number }>('SELECT changed_at FROM oms_password_history WHERE user_id = $1 ORDER BY changed_at DESC', [id]);
      const cutoff = old[Math.max(0, keep - 1)];
      if (old.length > keep && cutoff) await d.run('DELETE FROM oms_password_history WHERE user_id = $1 AND changed_at < $2', [id, num(cutoff.changed_at)]);
    });
  }

  async passwordHistory(id: string): Promise<string[]> {
    return (await this.sql.all<{ hash: string }>('SELECT hash FROM oms_password_history WHERE user_id = $1 ORDER BY changed_at DESC', [id])).map((r) => r.hash);
  }

  async setTotpPending(id: string, secret: string | null): Promise<void> {
    await this.sql.run('UPDATE oms_users SET totp_pending = $1 WHERE id = $2', [secret, id]);
  }

  async activateTotp(id: string): Promise<boolean> {
    return (await this.sql.run('UPDATE oms_users SET totp_secret = totp_pending, totp_pending = NULL WHERE id = $1 AND totp_pending IS NOT NULL', [id])) === 1;
  }

  async clearTotp(id: string): Promise<void> {
    await this.sql.tx(async (d) => {
      await d.run('UPDATE oms_users SET totp_secret = NULL, totp_pending = NULL WHERE id = $1', [id]);
      await d.run('DELETE FROM oms_recovery_codes WHERE user_id = $1', [id]);
    });
  }

  async consumeTotpStep(id: string, step: number): Promise<boolean> {
    return (await this.sql.run('UPDATE oms_users SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1', [step, id])) === 1;
  }

  async replaceRecoveryCodes(id: string, hashes: readonly string[]): Promise<void> {
    await this.sql.tx(async (d) => {
      await d.run('DELETE FROM oms_recovery_codes WHERE user_id = $1', [id]);
      for (const h of hashes) await d.run('INSERT INTO oms_recovery_codes (user_id, code_hash) VALUES ($1, $2)', [id, h]);
    });
  }

  async consumeRecoveryCode(id: string, hash: string, now: number): Promise<boolean> {
    return (await this.sql.run('UPDATE oms_recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL', [now, id, hash])) === 1;
  }

  async createSession(s: NewSession): Promise<string[]> {
    return this.sql.tx(async (d) => {
      await d.run(`INSERT INTO oms_sessions (${SESSION_COLUMNS}) VALUES ($1, $2, $3, $3, $4, NULL, NULL, $5, $6, $7)`, [
        s.id,
        s.userId,
        s.now,
        s.expiresAt,
        s.ip,
        s.deviceName,
        s.mfa ? 1 : 0,
      ]);
      await d.run('INSERT INTO oms_refresh_tokens (hash, session_id, created_at) VALUES ($1, $2, $3)', [s.refreshHash, s.id, s.now]);
      const active = await d.all<{ id: string }>(
        // The new session sorts first whatever the clock says; then newest first.
        'SELECT id FROM oms_sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY CASE WHEN id = $3 THEN 0 ELSE 1 END, created_at DESC, id DESC',
        [s.userId, s.now, s.id],
      );
      const evicted = active.slice(Math.max(1, s.maxSessions)).map((r) => r.id);
      for (const id of evicted) await d.run("UPDATE oms_sessions SET revoked_at = $1, revoked_reason = 'session limit' WHERE id = $2", [s.now, id]);
      return evicted;
    });
  }

  session(id: string): Promise<SessionRecord | null> {
    return this.one(`SELECT ${SESSION_COLUMNS} FROM oms_sessions WHERE id = $1`, [id], toSession);
  }

  async activeSessions(userId: string, now: number): Promise<SessionRecord[]> {
    return (await this.sql.all(`SELECT ${SESSION_COLUMNS} FROM oms_sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY created_at`, [userId, now])).map(toSession);
  }

  async touchSession(id: string, now: number): Promise<void> {
    await this.sql.run('UPDATE oms_sessions SET last_used_at = $1 WHERE id = $2', [now, id]);
  }

  async revokeSession(id: string, now: number, reason: string): Promise<boolean> {
    return (await this.sql.run('UPDATE oms_sessions SET revoked_at = $1, revoked_reason = $2 WHERE id = $3 AND revoked_at IS NULL', [now, reason, id])) === 1;
  }

  async revokeUserSessions(userId: string, now: number, reason: string): Promise<string[]> {
    return this.sql.tx(async (d) => {
      const ids = (await d.all<{ id: string }>('SELECT id FROM oms_sessions WHERE user_id = $1 AND revoked_at IS NULL', [userId])).map((r) => r.id);
      await d.run('UPDATE oms_sessions SET revoked_at = $1, revoked_reason = $2 WHERE user_id = $3 AND revoked_at IS NULL', [now, reason, userId]);
      return ids;
    });
  }

  async rotateRefresh(oldHash: string, newHash: string, now: number): Promise<RefreshOutcome> {
    return this.sql.tx(async (d) => {
      const rows = await d.all<{ session_id: string }>('SELECT session_id FROM oms_refresh_tokens WHERE hash = $1', [oldHash]);
      const sessionId = rows[0]?.session_id;
      if (!sessionId) return { outcome: 'unknown' };
      const spent = await d.run('UPDATE oms_refresh_tokens SET used_at = $1 WHERE hash = $2 AND used_at IS NULL', [now, oldHash]);
      if (spent !== 1) return { outcome: 'reused', sessionId };
      const s = (await d.all(`SELECT ${SESSION_COLUMNS} FROM oms_sessions WHERE id = $1`, [sessionId])).map(toSession)[0];
      if (!s) return { outcome: 'unknown' };
      await d.run('INSERT INTO oms_refresh_tokens (hash, session_id, created_at) VALUES ($1, $2, $3)', [newHash, sessionId, now]);
      await d.run('UPDATE oms_sessions SET last_used_at = $1 WHERE id = $2', [now, sessionId]);
      return { outcome: 'ok', session: s };
    });
  }

  async createWorkspace(name: string, owner: string | null, now: number): Promise<void> {
    await this.sql.tx(async (d) => {
      try {
        await d.run('INSERT INTO oms_workspaces (name, created_at, created_by) VALUES ($1, $2, $3)', [name, now, owner]);
      } catch (err) {
        if (isUniqueViolation(err)) throw new IdentityError('CONFLICT', `workspace "${name}" exists`);
        throw err;
      }
      if (owner) await d.run("INSERT INTO oms_members (workspace, user_id, role) VALUES ($1, $2, 'owner')", [name, owner]);
    });
  }

  async workspaceExists(name: string): Promise<boolean> {
    return (await this.sql.all('SELECT 1 AS x FROM oms_workspaces WHERE name = $1', [name])).length > 0;
  }

  async listWorkspaces(): Promise<string[]> {
    return (await this.sql.all<{ name: string }>('SELECT name FROM oms_workspaces ORDER BY name')).map((r) => r.name);
  }

  async renameWorkspace(from: string, to: string): Promise<boolean> {
    return this.sql.tx(async (d) => {
      // The new row first, then the children, then the old row: the foreign keys hold at every statement.
      let moved: number;
      try {
        moved = await d.run('INSERT INTO oms_workspaces (name, created_at, created_by) SELECT CAST($1 AS TEXT), created_at, created_by FROM oms_workspaces WHERE name = $2', [to, from]);
      } catch (err) {
        if (isUniqueViolation(err)) throw new IdentityError('CONFLICT', `workspace "${to}" exists`);
        throw err;
      }
      if (moved === 0) return false;
      for (const table of ['oms_members', 'oms_protected_branches', 'oms_service_accounts', 'oms_audit', 'oms_authorship']) {
        await d.run(`UPDATE ${table} SET workspace = $1 WHERE workspace = $2`, [to, from]);
      }
      await d.run('DELETE FROM oms_workspaces WHERE name = $1', [from]);
      return true;
    });
  }

  async deleteWorkspace(name: string): Promise<void> {
    await this.sql.run('DELETE FROM oms_workspaces WHERE name = $1', [name]);
  }

  async setMember(workspace: string, userId: string, r: WorkspaceRole): Promise<void> {
    await this.sql.run('INSERT INTO oms_members (workspace, user_id, role) VALUES ($1, $2, $3) ON CONFLICT (workspace, user_id) DO UPDATE SET role = excluded.role', [workspace, userId, r]);
  }

  async removeMember(workspace: string, userId: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM oms_members WHERE workspace = $1 AND user_id = $2', [workspace, userId])) === 1;
  }

  private async memberRows(where: string, params: SqlValue[]): Promise<MemberRecord[]> {
    const rows = await this.sql.all(`SELECT m.workspace, m.user_id, u.username, m.role FROM oms_members m JOIN oms_users u ON u.id = m.user_id WHERE ${where} ORDER BY m.workspace, u.username`, params);
    return rows.map((r) => ({ workspace: String(r.workspace), userId: String(r.user_id), username: String(r.username), role: role(r.role) }));
  }

  members(workspace: string): Promise<MemberRecord[]> {
    return this.memberRows('m.workspace = $1', [workspace]);
  }

  membershipsOf(userId: string): Promise<MemberRecord[]> {
    return this.memberRows('m.user_id = $1', [userId]);
  }

  roleOf(workspace: string, userId: string): Promise<WorkspaceRole | null> {
    return this.one('SELECT role FROM oms_members WHERE workspace = $1 AND user_id = $2', [workspace, userId], (r) => role(r.role));
  }

  async protectBranch(workspace: string, branch: string, requireReview: boolean): Promise<void> {
    await this.sql.run(
      'INSERT INTO oms_protected_branches (workspace, branch, require_review) VALUES ($1, $2, $3) ON CONFLICT (workspace, branch) DO UPDATE SET require_review = excluded.require_review',
      [workspace, branch, requireReview ? 1 : 0],
    );
  }

  async unprotectBranch(workspace: string, branch: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM oms_protected_branches WHERE workspace = $1 AND branch = $2', [workspace, branch])) === 1;
  }

  async protectedBranches(workspace?: string): Promise<ProtectedBranchRecord[]> {
    const rows = workspace
      ? await this.sql.all('SELECT workspace, branch, require_review FROM oms_protected_branches WHERE workspace = $1 ORDER BY branch', [workspace])
      : await this.sql.all('SELECT workspace, branch, require_review FROM oms_protected_branches ORDER BY workspace, branch');
    return rows.map((r) => ({ workspace: String(r.workspace), branch: String(r.branch), requireReview: bool(r.require_review) }));
  }

  async createServiceAccount(a: ServiceAccountRecord & { createdBy: string | null }): Promise<void> {
    try {
      await this.sql.run('INSERT INTO oms_service_accounts (id, workspace, name, role, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)', [
        a.id,
        a.workspace,
        a.name,
        a.role,
        a.createdAt,
        a.createdBy,
      ]);
    } catch (err) {
      if (isUniqueViolation(err)) throw new IdentityError('CONFLICT', `service account "${a.name}" exists in ${a.workspace}`);
      throw err;
    }
  }

  serviceAccount(id: string): Promise<ServiceAccountRecord | null> {
    return this.one('SELECT id, workspace, name, role, created_at FROM oms_service_accounts WHERE id = $1', [id], toAccount);
  }

  async serviceAccounts(workspace: string): Promise<ServiceAccountRecord[]> {
    return (await this.sql.all('SELECT id, workspace, name, role, created_at FROM oms_service_accounts WHERE workspace = $1 ORDER BY name', [workspace])).map(toAccount);
  }

  async deleteServiceAccount(id: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM oms_service_accounts WHERE id = $1', [id])) === 1;
  }

  async createServiceToken(t: ServiceTokenRecord & { hash: string; createdBy: string | null }): Promise<void> {
    await this.sql.run(
      'INSERT INTO oms_service_tokens (id, account_id, hash, on_behalf_of, reason, expires_at, revoked_at, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $8)',
      [t.id, t.accountId, t.hash, t.onBehalfOf, t.reason, t.expiresAt, t.createdAt, t.createdBy],
    );
  }

  serviceTokenByHash(hash: string): Promise<(ServiceTokenRecord & { account: ServiceAccountRecord }) | null> {
    return this.one(
      `SELECT t.id, t.account_id, t.on_behalf_of, t.reason, t.expires_at, t.revoked_at, t.created_at, a.workspace, a.name, a.role, a.created_at AS account_created_at
       FROM oms_service_tokens t JOIN oms_service_accounts a ON a.id = t.account_id WHERE t.hash = $1`,
      [hash],
      (r) => ({ ...toToken(r), account: toAccount({ id: r.account_id, workspace: r.workspace, name: r.name, role: r.role, created_at: r.account_created_at }) }),
    );
  }

  serviceToken(id: string): Promise<ServiceTokenRecord | null> {
    return this.one('SELECT id, account_id, on_behalf_of, reason, expires_at, revoked_at, created_at FROM oms_service_tokens WHERE id = $1', [id], toToken);
  }

  async revokeServiceToken(id: string, now: number): Promise<boolean> {
    return (await this.sql.run('UPDATE oms_service_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [now, id])) === 1;
  }

  async signingKeys(): Promise<SigningKeyRecord[]> {
    const rows = await this.sql.all('SELECT kid, private_jwk, public_jwk, created_at, retired_at FROM oms_signing_keys ORDER BY created_at, kid');
    return rows.map((r) => ({ kid: String(r.kid), privateJwk: String(r.private_jwk), publicJwk: String(r.public_jwk), createdAt: num(r.created_at), retiredAt: numOrNull(r.retired_at) }));
  }

  async addSigningKey(k: SigningKeyRecord): Promise<boolean> {
    return (
      (await this.sql.run('INSERT INTO oms_signing_keys (kid, private_jwk, public_jwk, created_at, retired_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kid) DO NOTHING', [
        k.kid,
        k.privateJwk,
        k.publicJwk,
        k.createdAt,
        k.retiredAt,
      ])) === 1
    );
  }

  async retireSigningKey(kid: string, now: number): Promise<void> {
    await this.sql.run('UPDATE oms_signing_keys SET retired_at = $1 WHERE kid = $2 AND retired_at IS NULL', [now, kid]);
  }

  async audit(e: AuditRecord): Promise<void> {
    await this.sql.run('INSERT INTO oms_audit (id, at, workspace, actor, action, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
      crypto.randomUUID(),
      e.at,
      e.workspace,
      e.actor,
      e.action,
      JSON.stringify(e.detail),
    ]);
  }

  async auditEntries(workspace: string | null, limit: number): Promise<AuditRecord[]> {
    const rows =
      workspace === null
        ? await this.sql.all('SELECT at, workspace, actor, action, detail FROM oms_audit ORDER BY at DESC LIMIT $1', [limit])
        : await this.sql.all('SELECT at, workspace, actor, action, detail FROM oms_audit WHERE workspace = $1 ORDER BY at DESC LIMIT $2', [workspace, limit]);
    return rows.map((r) => ({ at: num(r.at), workspace: strOrNull(r.workspace), actor: String(r.actor), action: String(r.action), detail: parseJsonObject(r.detail) }));
  }

  async addAuthorship(e: AuthorshipRecord): Promise<void> {
    await this.sql.run('INSERT INTO oms_authorship (id, at, workspace, branch, kind, commit_id, authors) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      crypto.randomUUID(),
      e.at,
      e.workspace,
      e.branch,
      e.kind,
      e.commit,
      JSON.stringify(e.authors),
    ]);
  }

  async authorship(workspace: string, branch: string | null, limit: number): Promise<AuthorshipRecord[]> {
    const rows =
      branch === null
        ? await this.sql.all('SELECT at, workspace, branch, kind, commit_id, authors FROM oms_authorship WHERE workspace = $1 ORDER BY at DESC LIMIT $2', [workspace, limit])
        : await this.sql.all('SELECT at, workspace, branch, kind, commit_id, authors FROM oms_authorship WHERE workspace = $1 AND branch = $2 ORDER BY at DESC LIMIT $3', [workspace, branch, limit]);
    return rows.map((r) => ({
      at: num(r.at),
      workspace: String(r.workspace),
      branch: String(r.branch),
      kind: String(r.kind) === 'branch-move' ? 'branch-move' : 'live-update',
      commit: strOrNull(r.commit_id),
      authors: JSON.parse(String(r.authors)) as unknown[],
    }));
  }

  close(): Promise<void> {
    return this.sql.close();
  }
}

export const IDENTITY_DB_FILE = 'oms-identity.db';

/** SQLite at `file` (created), or PostgreSQL when `db` is a postgres:// URL. */
export async function openAccountStore(target: { file: string; durability?: 'full' | 'normal' } | { url: string; poolSize?: number }): Promise<AccountStore> {
  if ('url' in target) return SqlAccountStore.open(openPostgresDriver(target.url, target.poolSize));
  mkdirSync(dirname(target.file), { recursive: true });
  return SqlAccountStore.open(SqliteDriver.open(target.file, target.durability));
}
