/**
 * Identity: sign-in (password, lockout, throttling, TOTP / recovery codes), sessions with rotating
 * refresh tokens, access-token validation, roles per workspace, service accounts and delegated
 * tokens, protected branches, audit. HTTP routes, the admin CLI and the auth/rbac extensions all go
 * through this one object; it owns no transport.
 */
import { EventEmitter } from 'node:events';
import type { Author, LoginRequest, LoginResponse, TokenPair, User, WorkspaceRole } from '../../core/contract/identity-api';
import { USERNAME } from '../../core/contract/identity-api';
import type { AccountStore, ProtectedBranchRecord, ServiceAccountRecord, UserRecord } from './account-store';
import type { IdentityConfig } from './config';
import { IdentityError } from './errors';
import { KeyRing } from './jwt';
import type { SecretBox } from './sealed';
import { checkPasswordPolicy, PasswordHasher } from './passwords';
import { weaker } from './permissions';
import { MFA_PREFIX, newId, newRecoveryCode, newSecret, normaliseRecoveryCode, REFRESH_PREFIX, SERVICE_TOKEN_PREFIX, sha256 } from './secrets';
import { SlidingWindow } from './throttle';
import { matchTotp, newTotpSecret, otpauthUri } from './totp';
import { toUser } from './user-view';

/** Who a credential speaks for, once verified. */
export type Authn =
  | { kind: 'user'; user: UserRecord; sessionId: string; expiresAt: number; passwordExpired: boolean }
  | { kind: 'service-account'; account: ServiceAccountRecord; tokenId: string; onBehalfOf: UserRecord | null; reason: string | null; expiresAt: number };

export interface ClientInfo {
  ip: string | null;
}

const RECOVERY_CODES = 10;
const MFA_CHALLENGE_MS = 5 * 60_000;
const MAX_SERVICE_TOKEN_MS = 366 * 24 * 3600_000;

export function authorOf(a: Authn): Author {
  if (a.kind === 'user') return { kind: 'user', id: a.user.id, name: a.user.username, sessionId: a.sessionId, onBehalfOf: null, reason: null };
  return { kind: 'service-account', id: a.account.id, name: a.account.name, sessionId: a.tokenId, onBehalfOf: a.onBehalfOf?.username ?? null, reason: a.reason };
}

export interface IdentityEvents {
  /** Sessions revoked or users disabled/removed, memberships or protections changed: recheck open sockets. */
  changed: [];
}

export class IdentityService extends EventEmitter<IdentityEvents> {
  readonly hasher: PasswordHasher;
  private readonly perIp: SlidingWindow;
  private readonly perAccount: SlidingWindow;
  /** MFA challenges in flight: hash of the challenge token → user and expiry. */
  private readonly challenges = new Map<string, { userId: string; expiresAt: number; ip: string | null; deviceName: string | null }>();
  private protection = new Map<string, Map<string, boolean>>();

  private constructor(
    readonly store: AccountStore,
    readonly keys: KeyRing,
    readonly config: IdentityConfig,
    readonly now: () => number,
    private readonly box: SecretBox,
  ) {
    super();
    this.hasher = new PasswordHasher(config.hash);
    const windowMs = config.throttle.windowSeconds * 1000;
    this.perIp = new SlidingWindow(config.throttle.perIp, windowMs);
    this.perAccount = new SlidingWindow(config.throttle.perAccount, windowMs);
  }

  static async open(store: AccountStore, config: IdentityConfig, box: SecretBox, now: () => number = Date.now): Promise<IdentityService> {
    const keys = await KeyRing.open(store, { signingKeyFile: config.signingKeyFile, accessTtlSeconds: config.accessTokenTtlSeconds, now });
    const service = new IdentityService(store, keys, config, now, box);
    await service.reloadProtection();
    // The dummy hash for unknown users is made now, or the first probe would take twice as long.
    await service.hasher.burn('');
    return service;
  }

  async close(): Promise<void> {
    this.removeAllListeners();
    await this.store.close();
  }

  private changed(): void {
    this.emit('changed');
  }

  // ── users ────────────────────────────────────────────────────────────────────────────────────

  async createUser(input: { username: string; password: string; email?: string | undefined; displayName?: string | undefined; serverAdmin?: boolean | undefined }, actor: string): Promise<User> {
    const username = input.username.toLowerCase();
    if (!USERNAME.test(username)) throw new IdentityError('INVALID_ARGUMENT', 'user names are 2-64 of a-z 0-9 . _ -, starting with a letter or digit');
    checkPasswordPolicy(this.config.password, input.password, { username, email: input.email ?? null, displayName: input.displayName ?? null });
    const user = await this.store.createUser({
      id: newId(),
      username,
      email: input.email ?? null,
      displayName: input.displayName ?? null,
      passwordHash: await this.hasher.hash(input.password),
      serverAdmin: input.serverAdmin === true,
      now: this.now(),
    });
    await this.audit(null, actor, 'user.create', { user: user.username, serverAdmin: user.serverAdmin });
    return toUser(user);
  }

  async requireUser(id: string): Promise<UserRecord> {
    const u = await this.store.userById(id);
    if (!u) throw new IdentityError('NOT_FOUND', 'no such user');
    return u;
  }

  /** A user by id or name (the admin CLI takes either). */
  async findUser(idOrName: string): Promise<UserRecord> {
    const u = (await this.store.userById(idOrName)) ?? (await this.store.userByLogin(idOrName));
    if (!u) throw new IdentityError('NOT_FOUND', `no user "${idOrName}"`);
    return u;
  }

  async setDisabled(id: string, disabled: boolean, actor: string): Promise<void> {
    const user = await this.requireUser(id);
    if (disabled && user.serverAdmin && (await this.store.countServerAdmins()) <= 1) throw new IdentityError('CONFLICT', 'refusing to disable the last server administrator');
    await this.store.updateUser(id, { disabled });
    if (disabled) await this.store.revokeUserSessions(id, this.now(), 'user disabled');
    await this.audit(null, actor, disabled ? 'user.disable' : 'user.enable', { user: user.username });
    this.changed();
  }

  async deleteUser(id: string, actor: string): Promise<void> {
    const user = await this.requireUser(id);
    if (user.serverAdmin && (await this.store.countServerAdmins()) <= 1) throw new IdentityError('CONFLICT', 'refusing to delete the last server administrator');
    await this.store.deleteUser(id);
    await this.audit(null, actor, 'user.delete', { user: user.username });
    this.changed();
  }

  async setServerAdmin(id: string, serverAdmin: boolean, actor: string): Promise<void> {
    const user = await this.requireUser(id);
    if (!serverAdmin && user.serverAdmin && (await this.store.countServerAdmins()) <= 1) throw new IdentityError('CONFLICT', 'refusing to demote the last server administrator');
    await this.store.updateUser(id, { serverAdmin });
    await this.audit(null, actor, 'user.server-admin', { user: user.username, serverAdmin });
    this.changed();
  }

  /**
   * Change a password. `current` is required for one's own password; an admin reset passes null.
   * Policy, then the history (argon2 verify against each remembered hash), then every other
   * session of the user is revoked.
   */
  async changePassword(id: string, current: string | null, next: string, actor: string, keepSession: string | null): Promise<void> {
    const user = await this.requireUser(id);
    if (current !== null && !(await this.hasher.verify(user.passwordHash, current))) throw new IdentityError('INVALID_CREDENTIALS', 'current password is wrong');
    checkPasswordPolicy(this.config.password, next, user);
    const history = this.config.password.historySize > 0 ? [user.passwordHash, ...(await this.store.passwordHistory(id))].slice(0, this.config.password.historySize) : [];
    for (const old of history) {
      if (await this.hasher.verify(old, next)) throw new IdentityError('PASSWORD_POLICY', `password refused: it is one of your last ${this.config.password.historySize} passwords`, { problems: ['reused'] });
    }
    await this.store.setPassword(id, await this.hasher.hash(next), this.now(), Math.max(0, this.config.password.historySize - 1));
    for (const s of await this.store.activeSessions(id, this.now())) if (s.id !== keepSession) await this.store.revokeSession(s.id, this.now(), 'password changed');
    await this.audit(null, actor, 'user.password', { user: user.username, reset: current === null });
    this.changed();
  }

  // ── sign-in ──────────────────────────────────────────────────────────────────────────────────

  private throttle(login: string, client: ClientInfo): void {
    const now = this.now();
    const waitIp = client.ip ? this.perIp.hit(client.ip, now) : 0;
    const waitAccount = this.perAccount.hit(login.toLowerCase(), now);
    const wait = Math.max(waitIp, waitAccount);
    if (wait > 0) throw new IdentityError('RATE_LIMITED', 'too many sign-in attempts; wait and retry', { retryAfterSeconds: Math.ceil(wait / 1000) });
  }

  async login(req: LoginRequest, client: ClientInfo): Promise<LoginResponse> {
    if ('mfaToken' in req) return this.completeMfa(req, client);
    this.throttle(req.username, client);
    const user = await this.store.userByLogin(req.username);
    if (!user) {
      // Same work, same answer as a wrong password (the hash, one write): user names cannot be probed.
      await this.hasher.burn(req.password);
      await this.audit(null, 'unknown', 'login.failed', { ip: client.ip, unknownUser: true });
      throw this.badCredentials();
    }
    const passwordOk = await this.hasher.verify(user.passwordHash, req.password);
    const now = this.now();
    if (user.disabled || user.lockedUntil > now) {
      await this.audit(null, user.username, 'login.refused', { reason: user.disabled ? 'disabled' : 'locked', ip: client.ip });
      throw this.badCredentials();
    }
    if (!passwordOk) {
      await this.store.recordFailedLogin(user.id, now, this.config.lockout.maxFailures, this.config.lockout.lockSeconds * 1000);
      await this.audit(null, user.username, 'login.failed', { ip: client.ip });
      throw this.badCredentials();
    }
    await this.store.clearFailedLogins(user.id);
    if (user.totpSecret !== null) {
      if (req.totp !== undefined) {
        await this.checkTotp(user, req.totp);
        return this.startSession(user, client, req.deviceName ?? null, true);
      }
      const token = newSecret(MFA_PREFIX);
      this.pruneChallenges(now);
      this.challenges.set(sha256(token), { userId: user.id, expiresAt: now + MFA_CHALLENGE_MS, ip: client.ip, deviceName: req.deviceName ?? null });
      return { status: 'mfa_required', mfaToken: token, expiresIn: MFA_CHALLENGE_MS / 1000, methods: ['totp', 'recovery'] };
    }
    return this.startSession(user, client, req.deviceName ?? null, false);
  }

  private badCredentials(): IdentityError {
    return new IdentityError('INVALID_CREDENTIALS', 'user name or password is wrong');
  }

  private pruneChallenges(now: number): void {
    for (const [k, c] of this.challenges) if (c.expiresAt <= now) this.challenges.delete(k);
  }

  private async completeMfa(req: { mfaToken: string; totp?: string | undefined; recoveryCode?: string | undefined }, client: ClientInfo): Promise<TokenPair> {
    const key = sha256(req.mfaToken);
    const challenge = this.challenges.get(key);
    const now = this.now();
    if (!challenge || challenge.expiresAt <= now) throw new IdentityError('MFA_INVALID', 'sign-in challenge unknown or expired; sign in again');
    const user = await this.requireUser(challenge.userId);
    this.throttle(user.username, client);
    if (user.disabled || user.lockedUntil > now) throw new IdentityError('MFA_INVALID', 'sign-in challenge unknown or expired; sign in again');
    try {
      if (req.totp !== undefined) await this.checkTotp(user, req.totp);
      else if (req.recoveryCode !== undefined) await this.useRecoveryCode(user, req.recoveryCode);
      else throw new IdentityError('MFA_INVALID', 'send a TOTP code or a recovery code');
    } catch (err) {
      if (err instanceof IdentityError && err.code === 'MFA_INVALID') {
        await this.store.recordFailedLogin(user.id, now, this.config.lockout.maxFailures, this.config.lockout.lockSeconds * 1000);
        await this.audit(null, user.username, 'login.mfa-failed', { ip: client.ip });
      }
      throw err;
    }
    this.challenges.delete(key);
    return this.startSession(user, client, challenge.deviceName, true);
  }

  private async checkTotp(user: UserRecord, code: string): Promise<void> {
    const match = user.totpSecret ? matchTotp(this.box.open(user.totpSecret, user.id), code, this.now()) : null;
    if (!match || !(await this.store.consumeTotpStep(user.id, match.step))) throw new IdentityError('MFA_INVALID', 'code is wrong or was already used');
  }

  private async useRecoveryCode(user: UserRecord, code: string): Promise<void> {
    if (!(await this.store.consumeRecoveryCode(user.id, sha256(normaliseRecoveryCode(code)), this.now()))) throw new IdentityError('MFA_INVALID', 'code is wrong or was already used');
    await this.audit(null, user.username, 'mfa.recovery-code-used', {});
  }

  private passwordExpired(user: UserRecord): boolean {
    const maxAge = this.config.password.maxAgeDays;
    return maxAge > 0 && this.now() - user.passwordChangedAt > maxAge * 86_400_000;
  }

  private async startSession(user: UserRecord, client: ClientInfo, deviceName: string | null, mfa: boolean): Promise<TokenPair> {
    const now = this.now();
    const sessionId = newId();
    const refreshToken = newSecret(REFRESH_PREFIX);
    const evicted = await this.store.createSession({
      id: sessionId,
      userId: user.id,
      now,
      expiresAt: now + this.config.sessionTtlSeconds * 1000,
      ip: client.ip,
      deviceName,
      mfa,
      refreshHash: sha256(refreshToken),
      maxSessions: this.config.maxSessionsPerUser,
    });
    await this.audit(null, user.username, 'login', { session: sessionId, ip: client.ip, mfa, evicted });
    if (evicted.length > 0) this.changed();
    return this.tokenPair(user, sessionId, refreshToken, now + this.config.sessionTtlSeconds * 1000);
  }

  private async tokenPair(user: UserRecord, sessionId: string, refreshToken: string, sessionExpiresAt: number): Promise<TokenPair> {
    const pwx = this.passwordExpired(user);
    const { token, exp } = await this.keys.sign({ sub: user.id, sid: sessionId, pwx });
    return {
      status: 'ok',
      tokenType: 'Bearer',
      accessToken: token,
      expiresIn: Math.max(1, exp - Math.floor(this.now() / 1000)),
      refreshToken,
      refreshExpiresIn: Math.max(1, Math.floor((sessionExpiresAt - this.now()) / 1000)),
      sessionId,
      user: toUser(user),
      passwordChangeRequired: pwx,
    };
  }

  async refresh(refreshToken: string, client: ClientInfo): Promise<TokenPair> {
    const now = this.now();
    const next = newSecret(REFRESH_PREFIX);
    const r = await this.store.rotateRefresh(sha256(refreshToken), sha256(next), now);
    if (r.outcome === 'unknown') throw new IdentityError('REFRESH_INVALID', 'refresh token unknown; sign in again');
    if (r.outcome === 'reused') {
      // A spent token came back: it was stolen, or the client lost the new one. Either way the
      // whole session (every token descended from its sign-in) ends.
      const revoked = await this.store.revokeSession(r.sessionId, now, 'refresh token reused');
      const s = await this.store.session(r.sessionId);
      await this.audit(null, s?.userId ?? 'unknown', 'session.refresh-reuse', { session: r.sessionId, ip: client.ip, revoked });
      this.changed();
      throw new IdentityError('REFRESH_REUSED', 'refresh token already used; the session is revoked, sign in again');
    }
    const s = r.session;
    if (s.revokedAt !== null || s.expiresAt <= now) throw new IdentityError('SESSION_REVOKED', 'session ended; sign in again');
    const user = await this.store.userById(s.userId);
    if (!user || user.disabled) throw new IdentityError('SESSION_REVOKED', 'session ended; sign in again');
    return this.tokenPair(user, s.id, next, s.expiresAt);
  }

  async logout(authn: Authn): Promise<void> {
    if (authn.kind !== 'user') throw new IdentityError('INVALID_ARGUMENT', 'service-account tokens are revoked, not logged out');
    await this.revokeSession(authn.user.id, authn.sessionId, authn.user.username, 'logout');
  }

  async revokeSession(userId: string, sessionId: string, actor: string, reason = 'revoked'): Promise<void> {
    const s = await this.store.session(sessionId);
    if (!s || s.userId !== userId) throw new IdentityError('NOT_FOUND', 'no such session');
    await this.store.revokeSession(sessionId, this.now(), reason);
    await this.audit(null, actor, 'session.revoke', { session: sessionId, reason });
    this.changed();
  }

  // ── bearer tokens ────────────────────────────────────────────────────────────────────────────

  /** Verify an access token (JWT) or a service-account token. Throws typed errors, never null. */
  async authenticate(token: string): Promise<Authn> {
    if (token.startsWith(SERVICE_TOKEN_PREFIX)) return this.authenticateService(token);
    const claims = await this.keys.verify(token);
    const s = await this.store.session(claims.sid);
    if (!s || s.userId !== claims.sub || s.revokedAt !== null || s.expiresAt <= this.now()) throw new IdentityError('SESSION_REVOKED', 'session ended; sign in again');
    const user = await this.store.userById(claims.sub);
    if (!user || user.disabled) throw new IdentityError('SESSION_REVOKED', 'session ended; sign in again');
    return { kind: 'user', user, sessionId: s.id, expiresAt: claims.exp * 1000, passwordExpired: claims.pwx };
  }

  private async authenticateService(token: string): Promise<Authn> {
    const t = await this.store.serviceTokenByHash(sha256(token));
    if (!t) throw new IdentityError('TOKEN_INVALID', 'not a valid token');
    if (t.revokedAt !== null) throw new IdentityError('SESSION_REVOKED', 'token revoked');
    if (t.expiresAt <= this.now()) throw new IdentityError('TOKEN_EXPIRED', 'token expired');
    const onBehalfOf = t.onBehalfOf ? await this.store.userById(t.onBehalfOf) : null;
    if (t.onBehalfOf && (!onBehalfOf || onBehalfOf.disabled)) throw new IdentityError('SESSION_REVOKED', 'the user this token acts for is gone or disabled');
    return { kind: 'service-account', account: t.account, tokenId: t.id, onBehalfOf, reason: t.reason, expiresAt: t.expiresAt };
  }

  /** Still valid right now (live revocation of open sockets)? A reason when not. */
  async stillValid(a: Authn): Promise<'ok' | 'revoked' | 'expired'> {
    if (a.expiresAt <= this.now()) return 'expired';
    if (a.kind === 'user') {
      const s = await this.store.session(a.sessionId);
      const u = await this.store.userById(a.user.id);
      return s && s.revokedAt === null && u && !u.disabled ? 'ok' : 'revoked';
    }
    const t = await this.store.serviceToken(a.tokenId);
    if (!t || t.revokedAt !== null) return 'revoked';
    if (a.onBehalfOf) {
      const u = await this.store.userById(a.onBehalfOf.id);
      if (!u || u.disabled) return 'revoked';
    }
    return 'ok';
  }

  /** The role the credential holds in `workspace`, or null for none. Server admins own everything. */
  async roleIn(a: Authn, workspace: string): Promise<WorkspaceRole | null> {
    if (a.kind === 'user') {
      if (a.user.serverAdmin) return 'owner';
      return this.store.roleOf(workspace, a.user.id);
    }
    if (a.account.workspace !== workspace) return null;
    // The account may have been deleted, or its role changed, since the token was read.
    const account = await this.store.serviceAccount(a.account.id);
    if (!account) return null;
    if (!a.onBehalfOf) return account.role;
    const theirs = a.onBehalfOf.serverAdmin ? 'owner' : await this.store.roleOf(workspace, a.onBehalfOf.id);
    return theirs ? weaker(account.role, theirs) : null;
  }

  // ── MFA ──────────────────────────────────────────────────────────────────────────────────────

  async enrolTotp(userId: string): Promise<{ secret: string; otpauthUri: string }> {
    const user = await this.requireUser(userId);
    if (user.totpSecret) throw new IdentityError('CONFLICT', 'TOTP is already on; disable it first');
    const secret = newTotpSecret();
    await this.store.setTotpPending(userId, this.box.seal(secret, userId));
    return { secret, otpauthUri: otpauthUri(secret, this.config.totpIssuer, user.username) };
  }

  /** Confirm enrolment with a first code; returns the recovery codes (shown once). */
  async verifyTotp(userId: string, code: string): Promise<string[]> {
    const user = await this.requireUser(userId);
    const match = user.totpPending ? matchTotp(this.box.open(user.totpPending, userId), code, this.now()) : null;
    if (!user.totpPending) throw new IdentityError('CONFLICT', 'no TOTP enrolment in progress');
    if (!match || !(await this.store.consumeTotpStep(userId, match.step))) throw new IdentityError('MFA_INVALID', 'code is wrong or was already used');
    await this.store.activateTotp(userId);
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    await this.store.replaceRecoveryCodes(userId, codes.map((c) => sha256(normaliseRecoveryCode(c))));
    await this.audit(null, user.username, 'mfa.enable', {});
    return codes;
  }

  async disableMfa(userId: string, actor: string): Promise<void> {
    const user = await this.requireUser(userId);
    await this.store.clearTotp(userId);
    await this.audit(null, actor, 'mfa.disable', { user: user.username });
  }

  // ── workspaces, members, protected branches ──────────────────────────────────────────────────

  async createWorkspace(name: string, owner: UserRecord | null, actor: string): Promise<void> {
    await this.store.createWorkspace(name, owner?.id ?? null, this.now());
    await this.audit(name, actor, 'workspace.create', { owner: owner?.username ?? null });
  }

  /** Members, protected branches, service accounts and the workspace's log follow the new name (the caller audits). */
  async renameWorkspace(from: string, to: string): Promise<boolean> {
    const moved = await this.store.renameWorkspace(from, to);
    if (moved) await this.reloadProtection();
    return moved;
  }

  async requireWorkspace(name: string): Promise<void> {
    if (!(await this.store.workspaceExists(name))) throw new IdentityError('NOT_FOUND', `no workspace "${name}"`);
  }

  async setMember(workspace: string, userId: string, role: WorkspaceRole, actor: string): Promise<void> {
    await this.requireWorkspace(workspace);
    const user = await this.requireUser(userId);
    const before = await this.store.roleOf(workspace, userId);
    if (before === 'owner' && role !== 'owner') await this.keepAnOwner(workspace, userId);
    await this.store.setMember(workspace, userId, role);
    await this.audit(workspace, actor, 'member.set', { user: user.username, role, before });
    this.changed();
  }

  async removeMember(workspace: string, userId: string, actor: string): Promise<void> {
    if ((await this.store.roleOf(workspace, userId)) === 'owner') await this.keepAnOwner(workspace, userId);
    if (!(await this.store.removeMember(workspace, userId))) throw new IdentityError('NOT_FOUND', 'not a member');
    await this.audit(workspace, actor, 'member.remove', { user: userId });
    this.changed();
  }

  private async keepAnOwner(workspace: string, leaving: string): Promise<void> {
    const owners = (await this.store.members(workspace)).filter((m) => m.role === 'owner' && m.userId !== leaving);
    if (owners.length === 0) throw new IdentityError('CONFLICT', 'a workspace keeps at least one owner');
  }

  async reloadProtection(): Promise<void> {
    const next = new Map<string, Map<string, boolean>>();
    for (const p of await this.store.protectedBranches()) {
      const ws = next.get(p.workspace) ?? new Map<string, boolean>();
      ws.set(p.branch, p.requireReview);
      next.set(p.workspace, ws);
    }
    this.protection = next;
  }

  /** Synchronous (the per-message path): null = unprotected, else whether review is required. */
  protectionOf(workspace: string, branch: string): { requireReview: boolean } | null {
    const r = this.protection.get(workspace)?.get(branch);
    return r === undefined ? null : { requireReview: r };
  }

  async protectBranch(workspace: string, branch: string, requireReview: boolean, actor: string): Promise<ProtectedBranchRecord> {
    await this.requireWorkspace(workspace);
    await this.store.protectBranch(workspace, branch, requireReview);
    await this.reloadProtection();
    await this.audit(workspace, actor, 'branch.protect', { branch, requireReview });
    return { workspace, branch, requireReview };
  }

  async unprotectBranch(workspace: string, branch: string, actor: string): Promise<void> {
    if (!(await this.store.unprotectBranch(workspace, branch))) throw new IdentityError('NOT_FOUND', 'branch is not protected');
    await this.reloadProtection();
    await this.audit(workspace, actor, 'branch.unprotect', { branch });
  }

  // ── service accounts ─────────────────────────────────────────────────────────────────────────

  async createServiceAccount(workspace: string, name: string, role: WorkspaceRole, actor: string): Promise<ServiceAccountRecord> {
    await this.requireWorkspace(workspace);
    if (!USERNAME.test(name)) throw new IdentityError('INVALID_ARGUMENT', 'service account names are 2-64 of a-z 0-9 . _ -');
    const account = { id: newId(), workspace, name, role, createdAt: this.now() };
    await this.store.createServiceAccount({ ...account, createdBy: actor });
    await this.audit(workspace, actor, 'service-account.create', { name, role });
    return account;
  }

  async requireServiceAccount(workspace: string, id: string): Promise<ServiceAccountRecord> {
    const a = await this.store.serviceAccount(id);
    if (!a || a.workspace !== workspace) throw new IdentityError('NOT_FOUND', 'no such service account');
    return a;
  }

  async deleteServiceAccount(workspace: string, id: string, actor: string): Promise<void> {
    const a = await this.requireServiceAccount(workspace, id);
    await this.store.deleteServiceAccount(id);
    await this.audit(workspace, actor, 'service-account.delete', { name: a.name });
    this.changed();
  }

  /** A new token (shown once). The caller's rights are checked by the route (identity-routes.ts). */
  async createServiceToken(workspace: string, accountId: string, opts: { expiresAt: number; onBehalfOf?: string | undefined; reason?: string | undefined }, actor: string): Promise<{ id: string; token: string; expiresAt: number }> {
    const account = await this.requireServiceAccount(workspace, accountId);
    const now = this.now();
    if (opts.expiresAt <= now || opts.expiresAt > now + MAX_SERVICE_TOKEN_MS) throw new IdentityError('INVALID_ARGUMENT', 'expiresAt must be in the future and at most a year ahead');
    if (opts.onBehalfOf !== undefined && !opts.reason) throw new IdentityError('INVALID_ARGUMENT', 'a delegated token needs a reason');
    if (opts.onBehalfOf !== undefined) await this.requireUser(opts.onBehalfOf);
    const token = newSecret(SERVICE_TOKEN_PREFIX);
    const id = newId();
    await this.store.createServiceToken({ id, accountId, hash: sha256(token), onBehalfOf: opts.onBehalfOf ?? null, reason: opts.reason ?? null, expiresAt: opts.expiresAt, revokedAt: null, createdAt: now, createdBy: actor });
    await this.audit(workspace, actor, 'service-token.create', { account: account.name, token: id, onBehalfOf: opts.onBehalfOf ?? null, reason: opts.reason ?? null });
    return { id, token, expiresAt: opts.expiresAt };
  }

  async revokeServiceToken(workspace: string, tokenId: string, actor: string): Promise<void> {
    const t = await this.store.serviceToken(tokenId);
    const account = t ? await this.store.serviceAccount(t.accountId) : null;
    if (!t || !account || account.workspace !== workspace) throw new IdentityError('NOT_FOUND', 'no such token');
    await this.store.revokeServiceToken(tokenId, this.now());
    await this.audit(workspace, actor, 'service-token.revoke', { account: account.name, token: tokenId });
    this.changed();
  }

  // ── audit ────────────────────────────────────────────────────────────────────────────────────

  async audit(workspace: string | null, actor: string, action: string, detail: Record<string, unknown>): Promise<void> {
    await this.store.audit({ at: this.now(), workspace, actor, action, detail });
  }
}
