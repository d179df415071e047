/**
 * /api/v1/workspaces/{workspace}/… — branches and content-addressed objects (see
 * core/contract/history-api.ts). Bodies are size-capped and zod-validated; errors use the shared
 * ApiError shape with stable codes. Each route names its permission in the one table
 * (identity/permissions.ts); protected branches and pusher stamps are identity/history-guard.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import {
  BranchNameSchema,
  ClosureRequestSchema,
  CreateBranchRequestSchema,
  ObjectRefsRequestSchema,
  PushObjectsRequestSchema,
  RenameBranchRequestSchema,
  RenameWorkspaceRequestSchema,
  type RenamedBranchResponse,
  type RenamedWorkspaceResponse,
  type RoomId,
  UpdateBranchRequestSchema,
} from '../../core/contract/history-api';
import { OmsError } from '../../core/errors';
import { authorOfPrincipal } from '../extensions/account-auth';
import type { Principal } from '../extensions/types';
import { BRANCH_RULE_STATUS, guardBranchWrite, recordBranchMove } from '../identity/history-guard';
import { can, type Permission } from '../identity/permissions';
import { isValidBranch, isValidWorkspace } from '../paths';
import type { SyncServer } from '../server';
import { asRejection } from '../server';
import type { HistoryStore } from '../history/history-store';
import { sendError, sendJson } from './respond';
import type { RouteContext, RouteHandler } from './routes';

const STATUS: Record<string, number> = {
  ...BRANCH_RULE_STATUS,
  INVALID_BODY: 400,
  INVALID_BRANCH: 400,
  OBJECT_INVALID: 422,
  COMMIT_NOT_FOUND: 422,
  OBJECT_NOT_FOUND: 404,
  WORKSPACE_NOT_FOUND: 404,
  BRANCH_NOT_FOUND: 404,
  BRANCH_EXISTS: 409,
  NAME_TAKEN: 409,
  CONFLICT: 409,
  INVALID_WORKSPACE: 400,
  WORKSPACE_BUSY: 503,
  WORKSPACE_RENAMED: 409,
  BRANCH_MOVED: 409,
  STORE_INVALID_ARG: 400,
  BODY_TOO_LARGE: 413,
};

class HttpError extends OmsError {}

/**
 * Buffer a request body up to `maxBytes`. Over the cap (declared or streamed) it stops buffering at
 * once, discards the rest unread and marks the response `Connection: close`, so the client still
 * receives its 413: ending the read by destroying the request (what breaking out of `for await`
 * does) would reset the socket under the error response.
 */
function readBody(req: IncomingMessage, res: ServerResponse, maxBytes: number): Promise<Buffer> {
  const tooLarge = (): HttpError => {
    res.setHeader('connection', 'close');
    req.resume();
    return new HttpError('BODY_TOO_LARGE', `request body over ${maxBytes} bytes`);
  };
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.byteLength;
      if (size <= maxBytes) return void chunks.push(chunk);
      done();
      reject(tooLarge());
    };
    const onEnd = (): void => {
      done();
      resolve(Buffer.concat(chunks));
    };
    const onError = (err: Error): void => {
      done();
      reject(err);
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
  });
}

export async function readJson<S extends z.ZodType>({ req, res }: RouteContext, schema: S, maxBytes: number): Promise<z.infer<S>> {
  const body = await readBody(req, res, maxBytes);
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError('INVALID_BODY', 'request body is not valid JSON');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new HttpError('INVALID_BODY', 'request body does not match the schema', {
      issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return parsed.data;
}

/** `began`: the server's rename generation when the request arrived (SyncServer.renamedSince). */
type Handler = (ctx: RouteContext, ws: string, rest: string, history: HistoryStore, principal: Principal, began: number) => Promise<void>;

interface Route {
  method: string;
  /** Path after /api/v1/workspaces/{ws}/ ; `*` = the rest (branch names may contain '/'). */
  path: RegExp;
  /** From the one permission table (identity/permissions.ts). */
  permission: Permission;
  handle: Handler;
}

export function createApiV1(server: SyncServer, history: HistoryStore): RouteHandler {
  const max = server.config.maxBodyBytes;
  const routes: Route[] = [
    {
      // The workspace itself: owner only (manage_workspace); audited under the new name.
      method: 'PATCH',
      path: /^$/,
      permission: 'manage_workspace',
      handle: async (ctx, ws, _rest, _history, principal) => {
        const body = await readJson(ctx, RenameWorkspaceRequestSchema, max);
        const r = await server.renameWorkspace(ws, body.name);
        await server.identity?.audit(body.name, authorOfPrincipal(principal).name, 'workspace.rename', { from: ws, to: body.name, workspaceId: r.workspaceId });
        const answer: RenamedWorkspaceResponse = { workspaceId: r.workspaceId, name: body.name, from: ws };
        sendJson(ctx.res, 200, answer);
      },
    },
    {
      method: 'GET',
      path: /^branches$/,
      permission: 'read',
      handle: async ({ res }, ws) => sendJson(res, 200, { branches: history.listBranches(ws) }),
    },
    {
      method: 'POST',
      path: /^branches$/,
      permission: 'write_branch',
      handle: async (ctx, ws, _rest, _history, principal) => {
        const { res } = ctx;
        const body = await readJson(ctx, CreateBranchRequestSchema, max);
        guardBranchWrite(server.identity, principal, ws, body.name, 'write');
        const created = history.createBranch(ws, body.name, body.head);
        await recordBranchMove(server.identity, principal, ws, body.name, body.head);
        sendJson(res, 201, created);
      },
    },
    {
      method: 'PUT',
      path: /^branches\/(.+)$/,
      permission: 'write_branch',
      handle: async (ctx, ws, name, _history, principal) => {
        const { res } = ctx;
        const body = await readJson(ctx, UpdateBranchRequestSchema, max);
        guardBranchWrite(server.identity, principal, ws, branchName(name), 'write');
        const moved = history.updateBranch(ws, branchName(name), body.head, body.expectedHead);
        await recordBranchMove(server.identity, principal, ws, moved.name, body.head);
        sendJson(res, 200, moved);
      },
    },
    {
      // A rename is a delete of the old name and a create of the new one: maintainer+, and a
      // protected branch is not renamed (its protection is by name).
      method: 'PATCH',
      path: /^branches\/(.+)$/,
      permission: 'create_delete_branch',
      handle: async (ctx, ws, name, _history, principal) => {
        const { res } = ctx;
        const from = branchName(name);
        const body = await readJson(ctx, RenameBranchRequestSchema, max);
        guardBranchWrite(server.identity, principal, ws, from, 'delete');
        guardBranchWrite(server.identity, principal, ws, body.name, 'write');
        const r = server.renameBranch(ws, from, body.name);
        await server.identity?.audit(ws, authorOfPrincipal(principal).name, 'branch.rename', { from: r.from, to: r.name, branchId: r.branchId });
        const answer: RenamedBranchResponse = { branchId: r.branchId, name: r.name, from: r.from, branch: r.branch };
        sendJson(res, 200, answer);
      },
    },
    {
      method: 'DELETE',
      path: /^branches\/(.+)$/,
      permission: 'create_delete_branch',
      handle: async ({ res }, ws, name, _history, principal) => {
        guardBranchWrite(server.identity, principal, ws, branchName(name), 'delete');
        history.deleteBranch(ws, branchName(name));
        res.writeHead(204).end();
      },
    },
    {
      // Anyone who may open the room may learn its id (opening it creates the id just the same).
      method: 'POST',
      path: /^rooms\/(.+)$/,
      permission: 'read',
      handle: async ({ res }, ws, name, _history, _principal, began) => {
        const branch = decodeOrNull(name);
        if (branch === null || !isValidBranch(branch)) throw new HttpError('INVALID_BRANCH', 'invalid branch name');
        refuseRenamedAway(server, ws, began);
        const ids = history.roomIds(ws, branch);
        const answer: RoomId = { branchId: ids.branchId, name: branch, workspaceId: ids.workspaceId };
        sendJson(res, 200, answer);
      },
    },
    {
      // A linked desktop told 4410/4409 asks where its branch went: by id, never creating anything.
      method: 'GET',
      path: /^branch-ids\/([^/]+)$/,
      permission: 'read',
      handle: async ({ res }, ws, rawId) => {
        const branchId = decodeOrNull(rawId);
        const found = branchId === null ? undefined : history.branchById(ws, branchId);
        if (!found) throw new HttpError('BRANCH_NOT_FOUND', 'no branch with this id in this workspace');
        const answer: RoomId = { branchId: found.branchId, name: found.name, workspaceId: found.workspaceId };
        sendJson(res, 200, answer);
      },
    },
    {
      method: 'POST',
      path: /^objects\/missing$/,
      permission: 'read',
      handle: async (ctx, ws) => {
        const { res } = ctx;
        const body = await readJson(ctx, ObjectRefsRequestSchema, max);
        // An unknown workspace holds nothing: everything is missing (and a push will create it).
        let missing = body.objects;
        try {
          missing = history.workspace(ws, false).objects.missing(body.objects);
        } catch (err) {
          if (!(err instanceof OmsError && err.code === 'WORKSPACE_NOT_FOUND')) throw err;
        }
        sendJson(res, 200, { missing });
      },
    },
    {
      method: 'POST',
      path: /^objects$/,
      permission: 'write_branch',
      handle: async (ctx, ws, _rest, _history, _principal, began) => {
        const { res } = ctx;
        const body = await readJson(ctx, PushObjectsRequestSchema, max);
        // Read while the workspace was renamed away: storing would re-create the old name.
        refuseRenamedAway(server, ws, began);
        sendJson(res, 200, history.putObjects(ws, body.objects));
      },
    },
    {
      method: 'POST',
      path: /^objects\/get$/,
      permission: 'read',
      handle: async (ctx, ws) => {
        const { res } = ctx;
        const body = await readJson(ctx, ObjectRefsRequestSchema, max);
        sendJson(res, 200, { objects: history.workspace(ws, false).objects.get(body.objects) });
      },
    },
    {
      method: 'POST',
      path: /^closure$/,
      permission: 'read',
      handle: async (ctx, ws) => {
        const { res } = ctx;
        const body = await readJson(ctx, ClosureRequestSchema, max);
        sendJson(res, 200, { objects: history.workspace(ws, false).objects.closure(body.want, body.have ?? []) });
      },
    },
  ];

  return async (ctx) => {
    const m = /^\/api\/v1\/workspaces\/([^/]+)(?:\/(.+))?$/.exec(ctx.url.pathname);
    if (!m) return false;
    const { req, res, requestId } = ctx;
    const began = server.renameGeneration;
    const ws = decodeOrNull(m[1]!);
    const rest = m[2] ?? '';
    const matching = routes.filter((r) => r.path.test(rest));
    if (matching.length === 0) return false;
    const route = matching.find((r) => r.method === req.method);
    if (!route) {
      sendError(res, 405, 'METHOD_NOT_ALLOWED', `${req.method} not allowed here`, requestId);
      return true;
    }
    if (ws === null || !isValidWorkspace(ws)) {
      sendError(res, 400, 'INVALID_WORKSPACE', 'invalid workspace name', requestId);
      return true;
    }
    let principal;
    try {
      principal = await server.authenticateRequest(req, requestId, ws);
    } catch (err) {
      const r = asRejection(err, server.logger, requestId);
      sendError(res, r.httpStatus, r.code, r.message, requestId);
      return true;
    }
    // The one permission table; it fails closed for a role it does not know.
    if (!can(principal.role, route.permission)) {
      sendError(res, 403, 'FORBIDDEN', `this needs the "${route.permission}" permission`, requestId);
      return true;
    }
    if (server.isRenaming(ws)) {
      res.setHeader('retry-after', '1');
      sendError(res, 503, 'WORKSPACE_BUSY', 'the workspace is being renamed; retry', requestId);
      return true;
    }
    try {
      await route.handle(ctx, ws, route.path.exec(rest)?.[1] ?? '', history, principal, began);
    } catch (err) {
      if (!(err instanceof OmsError)) throw err;
      const status = STATUS[err.code] ?? 500;
      if (status === 500) throw err;
      sendError(res, status, err.code, err.message, requestId, err.details);
    }
    return true;
  };
}

/** A request that began before its workspace was renamed away must not create a workspace under the old name. */
function refuseRenamedAway(server: SyncServer, ws: string, began: number): void {
  const to = server.renamedSince(ws, began);
  if (to !== undefined) throw new HttpError('WORKSPACE_RENAMED', `workspace renamed to ${to} while this request was under way; send it there`, { workspace: to });
}

/** decodeURIComponent throws URIError on a malformed escape (`%E0%A4%A`): that is bad input, not a 500. */
function decodeOrNull(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

function branchName(raw: string): string {
  const parsed = BranchNameSchema.safeParse(decodeOrNull(raw));
  if (!parsed.success) throw new HttpError('INVALID_BODY', 'invalid branch name');
  return parsed.data;
}
