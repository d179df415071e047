/**
 * The identity endpoints (core/contract/identity-api.ts): /auth/* (sign-in with the MFA step,
 * refresh, logout, validate), /users/* (profile, permissions, password, MFA, sessions; admins:
 * create, disable, delete) and the workspace-scoped /api/v1/workspaces/{ws}/{members, protected,
 * service-accounts, service-tokens, audit, authorship}. Every workspace route asks the permission
 * table; every user route is "yourself, or a server administrator".
 */
import type { z } from 'zod';
import {
  ChangePasswordRequestSchema,
  CreateServiceAccountRequestSchema,
  CreateServiceTokenRequestSchema,
  CreateUserRequestSchema,
  CreateWorkspaceRequestSchema,
  DisableMfaRequestSchema,
  LoginRequestSchema,
  ProtectBranchRequestSchema,
  RefreshRequestSchema,
  SetMemberRequestSchema,
  TotpVerifyRequestSchema,
  UpdateUserRequestSchema,
  type Permission,
} from '../../core/contract/identity-api';
import { BranchNameSchema } from '../../core/contract/history-api';
import { OmsError } from '../../core/errors';
import { ConnectionRejected } from '../errors';
import type { AccountAuth } from '../extensions/account-auth';
import type { Principal } from '../extensions/types';
import { IDENTITY_STATUS, IdentityError } from '../identity/errors';
import { atLeast, can, permissionsOf } from '../identity/permissions';
import { authorOf, type Authn, type IdentityService } from '../identity/service';
import { toUser } from '../identity/user-view';
import type { UserRecord } from '../identity/account-store';
import { isValidWorkspace } from '../paths';
import type { SyncServer } from '../server';
import { bearerToken } from '../server';
import { readJson } from './api-v1';
import { sendError, sendJson } from './respond';
import type { RouteContext, RouteHandler } from './routes';

const BODY_LIMIT = 64 * 1024;
const iso = (ms: number): string => new Date(ms).toISOString();

/** Paths whose segments are user-controlled are decoded once; a malformed escape is bad input. */
function decode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new IdentityError('INVALID_ARGUMENT', 'malformed path');
  }
}

function workspaceName(raw: string): string {
  const ws = decode(raw);
  if (!isValidWorkspace(ws)) throw new IdentityError('INVALID_ARGUMENT', 'invalid workspace name');
  return ws;
}

function branchName(raw: string): string {
  const parsed = BranchNameSchema.safeParse(decode(raw));
  if (!parsed.success) throw new IdentityError('INVALID_ARGUMENT', 'invalid branch name');
  return parsed.data;
}

interface Call {
  ctx: RouteContext;
  params: string[];
  body<S extends z.ZodType>(schema: S): Promise<z.infer<S>>;
}

interface Route {
  method: string;
  path: RegExp;
  handle(call: Call): Promise<void>;
}

export function createIdentityRoutes(server: SyncServer, identity: IdentityService, auth: AccountAuth): RouteHandler {
  const ip = (ctx: RouteContext): string | null => server.clientIp(ctx.req) || null;

  /** The signed-in user behind the bearer token (service-account tokens cannot manage users). */
  async function signedIn(ctx: RouteContext, allowExpiredPassword = false): Promise<Extract<Authn, { kind: 'user' }>> {
    const token = bearerToken(ctx.req, null);
    if (!token) throw new IdentityError('TOKEN_INVALID', 'a bearer token is required');
    const a = await identity.authenticate(token);
    if (a.kind !== 'user') throw new IdentityError('FORBIDDEN', 'this needs a user sign-in, not a service token');
    if (a.passwordExpired && !allowExpiredPassword) throw new IdentityError('PASSWORD_EXPIRED', 'password expired: change it before anything else');
    return a;
  }

  /** `me`, or the caller's own id, or anyone's when the caller is a server administrator. */
  async function subject(ctx: RouteContext, raw: string, allowExpiredPassword = false): Promise<{ me: Extract<Authn, { kind: 'user' }>; user: UserRecord; self: boolean }> {
    const me = await signedIn(ctx, allowExpiredPassword);
    const id = decode(raw);
    if (id === 'me' || id === me.user.id) return { me, user: me.user, self: true };
    // Non-admins asking about someone else get the same answer as for a user that does not exist.
    if (!me.user.serverAdmin) throw new IdentityError('NOT_FOUND', 'no such user');
    return { me, user: await identity.requireUser(id), self: false };
  }

  async function requireAdmin(ctx: RouteContext): Promise<Extract<Authn, { kind: 'user' }>> {
    const me = await signedIn(ctx);
    if (!me.user.serverAdmin) throw new IdentityError('FORBIDDEN', 'this needs a server administrator');
    return me;
  }

  /** The caller's principal in `ws` (accounts, service tokens or static tokens), checked against the table. */
  async function allowed(ctx: RouteContext, ws: string, permission: Permission): Promise<Principal> {
    const principal = await server.authenticateRequest(ctx.req, ctx.requestId, ws);
    if (!can(principal.role, permission)) throw new IdentityError('FORBIDDEN', `this needs the "${permission}" permission`, { needs: permission, role: principal.role });
    return principal;
  }
  const actorOf = (p: Principal): string => auth.authorOf(p).name;

  const routes: Route[] = [
    {
      method: 'POST',
      path: /^\/auth\/login$/,
      handle: async ({ ctx, body }) => sendJson(ctx.res, 200, await identity.login(await body(LoginRequestSchema), { ip: ip(ctx) })),
    },
    {
      method: 'POST',
      path: /^\/auth\/refresh$/,
      handle: async ({ ctx, body }) => sendJson(ctx.res, 200, await identity.refresh((await body(RefreshRequestSchema)).refreshToken, { ip: ip(ctx) })),
    },
    {
      method: 'POST',
      path: /^\/auth\/logout$/,
      handle: async ({ ctx }) => {
        await identity.logout(await signedIn(ctx, true));
        ctx.res.writeHead(204).end();
      },
    },
    {
      method: 'GET',
      path: /^\/auth\/validate$/,
      handle: async ({ ctx }) => {
        const token = bearerToken(ctx.req, null);
        if (!token) throw new IdentityError('TOKEN_INVALID', 'a bearer token is required');
        const a = await identity.authenticate(token);
        sendJson(ctx.res, 200, { valid: true, author: authorOf(a), expiresAt: iso(a.expiresAt) });
      },
    },
    {
      method: 'GET',
      path: /^\/users$/,
      handle: async ({ ctx }) => {
        await requireAdmin(ctx);
        sendJson(ctx.res, 200, { users: (await identity.store.listUsers()).map(toUser) });
      },
    },
    {
      method: 'POST',
      path: /^\/users$/,
      handle: async ({ ctx, body }) => {
        const me = await requireAdmin(ctx);
        sendJson(ctx.res, 201, await identity.createUser(await body(CreateUserRequestSchema), me.user.username));
      },
    },
    {
      method: 'GET',
      path: /^\/users\/([^/]+)$/,
      handle: async ({ ctx, params }) => sendJson(ctx.res, 200, toUser((await subject(ctx, params[0]!)).user)),
    },
    {
      method: 'PATCH',
      path: /^\/users\/([^/]+)$/,
      handle: async ({ ctx, params, body }) => {
        const me = await requireAdmin(ctx);
        const user = await identity.requireUser(decode(params[0]!));
        const patch = await body(UpdateUserRequestSchema);
        if (patch.disabled !== undefined) await identity.setDisabled(user.id, patch.disabled, me.user.username);
        if (patch.displayName !== undefined) await identity.store.updateUser(user.id, { displayName: patch.displayName });
        sendJson(ctx.res, 200, toUser(await identity.requireUser(user.id)));
      },
    },
    {
      method: 'DELETE',
      path: /^\/users\/([^/]+)$/,
      handle: async ({ ctx, params }) => {
        const me = await requireAdmin(ctx);
        await identity.deleteUser((await identity.requireUser(decode(params[0]!))).id, me.user.username);
        ctx.res.writeHead(204).end();
      },
    },
    {
      method: 'GET',
      path: /^\/users\/([^/]+)\/permissions$/,
      handle: async ({ ctx, params }) => {
        const { user } = await subject(ctx, params[0]!);
        const memberships = user.serverAdmin
          ? (await identity.store.listWorkspaces()).map((workspace) => ({ workspace, role: 'owner' as const }))
          : (await identity.store.membershipsOf(user.id)).map((m) => ({ workspace: m.workspace, role: m.role }));
        sendJson(ctx.res, 200, { userId: user.id, serverAdmin: user.serverAdmin, workspaces: memberships.map((m) => ({ ...m, permissions: permissionsOf(m.role) })) });
      },
    },
    {
      method: 'POST',
      path: /^\/users\/([^/]+)\/password$/,
      handle: async ({ ctx, params, body }) => {
        const { me, user, self } = await subject(ctx, params[0]!, true);
        const req = await body(ChangePasswordRequestSchema);
        if (self && req.currentPassword === undefined) throw new IdentityError('INVALID_ARGUMENT', 'currentPassword is required to change your own password');
        await identity.changePassword(user.id, self ? req.currentPassword! : null, req.newPassword, me.user.username, self ? me.sessionId : null);
        ctx.res.writeHead(204).end();
      },
    },
    {
      method: 'POST',
      path: /^\/users\/([^/]+)\/mfa\/totp$/,
      handle: async ({ ctx, params }) => {
        const { user, self } = await subject(ctx, params[0]!);
        if (!self) throw new IdentityError('FORBIDDEN', 'only the user enrols their own authenticator');
        sendJson(ctx.res, 200, await identity.enrolTotp(user.id));
      },
    },
    {
      method: 'POST',
      path: /^\/users\/([^/]+)\/mfa\/totp\/verify$/,
      handle: async ({ ctx, params, body }) => {
        const { user, self } = await subject(ctx, params[0]!);
        if (!self) throw new IdentityError('FORBIDDEN', 'only the user confirms their own authenticator');
        sendJson(ctx.res, 200, { recoveryCodes: await identity.verifyTotp(user.id, (await body(TotpVerifyRequestSchema)).totp) });
      },
    },
    {
      method: 'DELETE',
      path: /^\/users\/([^/]+)\/mfa$/,
      handle: async ({ ctx, params, body }) => {
        const { me, user, self } = await subject(ctx, params[0]!);
        const req = await body(DisableMfaRequestSchema);
        // Turning MFA off needs the password again (a stolen access token alone must not do it); an admin reset does not.
        if (self && !(req.password !== undefined && (await identity.hasher.verify(user.passwordHash, req.password)))) throw new IdentityError('INVALID_CREDENTIALS', 'password is wrong');
        await identity.disableMfa(user.id, me.user.username);
        ctx.res.writeHead(204).end();
      },
    },
    {
      method: 'GET',
      path: /^\/users\/([^/]+)\/sessions$/,
      handle: async ({ ctx, params }) => {
        const { me, user } = await subject(ctx, params[0]!);
        const sessions = await identity.store.activeSessions(user.id, identity.now());
        sendJson(ctx.res, 200, {
          sessions: sessions.map((s) => ({ id: s.id, createdAt: iso(s.createdAt), lastUsedAt: iso(s.lastUsedAt), expiresAt: iso(s.expiresAt), ip: s.ip, deviceName: s.deviceName, mfa: s.mfa, current: s.id === me.sessionId })),
        });
      },
    },
    {
      method: 'DELETE',
      path: /^\/users\/([^/]+)\/sessions\/([^/]+)$/,
      handle: async ({ ctx, params }) => {
        const { me, user } = await subject(ctx, params[0]!);
        await identity.revokeSession(user.id, decode(params[1]!), me.user.username);
        ctx.res.writeHead(204).end();
      },
    },
    {
      method: 'POST',
      path: /^\/api\/v1\/workspaces$/,
      handle: async ({ ctx, body }) => {
        const me = await requireAdmin(ctx);
        const { name } = await body(CreateWorkspaceRequestSchema);
        await identity.createWorkspace(workspaceName(name), me.user, me.user.username);
        sendJson(ctx.res, 201, { name });
      },
    },
    {
      method: 'GET',
      path: /^\/api\/v1\/workspaces\/([^/]+)\/members$/,
      handle: async ({ ctx, params }) => {
        const ws = workspaceName(params[0]!);
        await allowed(ctx, ws, 'read');
        sendJson(ctx.res, 200, { members: (await identity.store.members(ws)).map((m) => ({ userId: m.userId, username: m.username, role: m.role })) });
      },
    },
    {
      method: 'PUT',
      path: /^\/api\/v1\/workspaces\/([^/]+)\/members\/([^/]+)$/,
      handle: async ({ ctx, params, body }) => {
        const ws = workspaceName(params[0]!);
        const p = await allowed(ctx, ws, 'manage_members');
        const { role } = await body(SetMemberRequestSchema);
        const user = await identity.findUser(decode(params[1]!));
        const before = await identity.store.roleOf(ws, user.id);
        // Owners are made and unmade only by owners: an admin cannot promote themselves past it.
        if ((role === 'owner' || before === 'owner') && !can(p.role, 'manage_workspace')) throw new IdentityError('FORBIDDEN', 'only an owner grants or removes the owner role');
        await identity.setMember(ws, user.id, role, actorOf(p));
        sendJson(ctx.res, 200, { userId: user.id, username: user.username, role });
      },
    },
    {
      method: 'DELETE',
      path: /^\/api\/v1\/workspaces\/([^/]+)\/members\/([^/]+)$/,
      handle: async ({ ctx, params }) => {
        const ws = workspaceName(params[0]!);
        const p = await allowed(ctx, ws, 'manage_members');
        const user = await identity.findUser(decode(params[1]!));
        if ((await identity.store.roleOf(ws, user.id)) === 'owner' && !can(p.role, 'manage_workspace')) throw new IdentityError('FORBIDDEN', 'only an owner removes an owner');
        await identity.removeMember(ws, user.id, actorOf(p));
        ctx.res.writeHead(204).end();
      },
    },
    {
      method: 'GET',
      path: /^\/api\/v1\/workspaces\/([^/]+)\/protected$/,
      handle: async ({ ctx, params }) => {
        const ws = workspaceName(params[0]!);
        await allowed(ctx, ws, 'read');
        sendJson(ctx.res, 200, { protected: (await identity.store.protectedBranches(ws)).map((b) => ({ branch: b.branch, requireReview: b.requireReview })) });
      },
    },
    {
      method: 'PUT',
      path: /^\/api\/v1\/workspaces\/([^/]+)\/protected\/(.+)$/,
      handle: async ({ ctx, params, body }) => {
        const ws = workspaceName(params[0]!);
        const p = await allowed(ctx, ws, 'protect_branch');
        const branch = branchName(params[1]!);
        const { requireReview } = await body(ProtectBranchRequestSchema);
        const r = await identity.protectBranch(ws, branch, requireReview, actorOf(p));
        sendJson(ctx.res, 200, { branch: r.branch, requireReview: r.requireReview });
      },
    },
    {
      method: 'DELETE',
      path: /^\/api\/v1\/workspaces\/([^/]+)\/protected\/(.+)$/,
      handle: async ({ ctx, params }) => {
        const ws = workspaceName(params[0]!);
        const p = await allowed(ctx, ws, 'protect_branch');
        await identity.unprotectBranch(ws, branchName(params[1]!), actorOf(p));
        ctx.res.writeHead(204).end();
      },
    },
    {
      method: 'GET',
      path: /^\/api\/v1\/workspaces\/([^/]+)\/service-accounts$/,
      handle: async ({ ctx, params }) => {
        const ws = workspaceName(params[0]!);
        await allowed(ctx, ws, 'manage_members');
        sendJson(ctx.res, 200, { serviceAccounts: (await identity.store.serviceAccounts(ws)).map((a) => ({ ...a, createdAt: iso(a.createdAt) })) });
      },
    },
    {
      method: 'POST',
      path: /^\/api\/v1\/workspaces\/([^/]+)\/service-accounts$/,
      handle: async ({ ctx, params, body }) => {
        const ws = workspaceName(params[0]!);
        const p = await allowed(ctx, ws, 'manage_members');
        const req = await body(CreateServiceAccountRequestSchema);
        if (!atLeast(p.role, req.role)) throw new IdentityError('FORBIDDEN', 'a service account cannot get a role above yours');
        const a = await identity.createServiceAccount(ws, req.name, req.role, actorOf(p));
        sendJson(ctx.res, 201, { ...a, createdAt: iso(a.createdAt) });
      },
    },
    {
      method: 'DELETE',
      path: /^\/api\/v1\/workspaces\/([^/]+)\/service-accounts\/([^/]+)$/,
      handle: async ({ ctx, params }) => {
        const ws = workspaceName(params[0]!);
        const p = await allowed(ctx, ws, 'manage_members');
        await identity.deleteServiceAccount(ws, decode(params[1]!), actorOf(p));
        ctx.res.writeHead(204).end();
      },
    },
    {
      method: 'POST',
      path: /^\/api\/v1\/workspaces\/([^/]+)\/service-accounts\/([^/]+)\/tokens$/,
      handle: async ({ ctx, params, body }) => {
        const ws = workspaceName(params[0]!);
        const p = await allowed(ctx, ws, 'manage_members');
        const req = await body(CreateServiceTokenRequestSchema);
        // Minting a token is granting its role: never above the caller's own.
        const account = await identity.requireServiceAccount(ws, decode(params[1]!));
        if (!atLeast(p.role, account.role)) throw new IdentityError('FORBIDDEN', 'this service account has a role above yours');
        const t = await identity.createServiceToken(ws, decode(params[1]!), { expiresAt: Date.parse(req.expiresAt), onBehalfOf: req.onBehalfOf, reason: req.reason }, actorOf(p));
        sendJson(ctx.res, 201, { id: t.id, token: t.token, expiresAt: iso(t.expiresAt) });
      },
    },
    {
      method: 'DELETE',
      path: /^\/api\/v1\/workspaces\/([^/]+)\/service-tokens\/([^/]+)$/,
      handle: async ({ ctx, params }) => {
        const ws = workspaceName(params[0]!);
        const p = await allowed(ctx, ws, 'manage_members');
        await identity.revokeServiceToken(ws, decode(params[1]!), actorOf(p));
        ctx.res.writeHead(204).end();
      },
    },
    {
      method: 'GET',
      path: /^\/api\/v1\/workspaces\/([^/]+)\/audit$/,
      handle: async ({ ctx, params }) => {
        const ws = workspaceName(params[0]!);
        await allowed(ctx, ws, 'read_audit');
        const entries = await identity.store.auditEntries(ws, limitOf(ctx.url));
        sendJson(ctx.res, 200, { entries: entries.map((e) => ({ ...e, at: iso(e.at) })) });
      },
    },
    {
      method: 'GET',
      path: /^\/api\/v1\/workspaces\/([^/]+)\/authorship$/,
      handle: async ({ ctx, params }) => {
        const ws = workspaceName(params[0]!);
        await allowed(ctx, ws, 'read');
        const raw = ctx.url.searchParams.get('branch');
        const entries = await identity.store.authorship(ws, raw === null ? null : branchName(raw), limitOf(ctx.url));
        sendJson(ctx.res, 200, { entries: entries.map((e) => ({ at: iso(e.at), branch: e.branch, kind: e.kind, commit: e.commit, authors: e.authors })) });
      },
    },
  ];

  return async (ctx) => {
    const path = ctx.url.pathname;
    const matching = routes.filter((r) => r.path.test(path));
    if (matching.length === 0) return false;
    const route = matching.find((r) => r.method === ctx.req.method);
    if (!route) {
      sendError(ctx.res, 405, 'METHOD_NOT_ALLOWED', `${ctx.req.method} not allowed here`, ctx.requestId);
      return true;
    }
    const params = route.path.exec(path)!.slice(1);
    try {
      await route.handle({ ctx, params, body: (schema) => readJson(ctx, schema, BODY_LIMIT) });
    } catch (err) {
      sendFailure(ctx, err);
    }
    return true;
  };
}

function limitOf(url: URL): number {
  const n = Number(url.searchParams.get('limit') ?? 100);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 1000) : 100;
}

const BODY_STATUS: Record<string, number> = { INVALID_BODY: 400, BODY_TOO_LARGE: 413 };

function sendFailure(ctx: RouteContext, err: unknown): void {
  const { res, requestId } = ctx;
  if (err instanceof IdentityError) {
    const status = IDENTITY_STATUS[err.code];
    if (status === 500) throw err;
    const retry = err.code === 'RATE_LIMITED' ? err.details?.retryAfterSeconds : undefined;
    if (typeof retry === 'number') res.setHeader('retry-after', String(retry));
    // Credential failures carry no details: nothing in them may tell a locked account from a wrong password.
    return sendError(res, status, err.code, err.message, requestId, status === 401 ? undefined : err.details);
  }
  if (err instanceof ConnectionRejected) return sendError(res, err.httpStatus, err.code, err.message, requestId);
  if (err instanceof OmsError && BODY_STATUS[err.code]) return sendError(res, BODY_STATUS[err.code]!, err.code, err.message, requestId, err.details);
  throw err;
}
