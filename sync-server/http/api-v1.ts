/**
 * /api/v1/workspaces/{workspace}/… — branches and content-addressed objects (see
 * core/contract/history-api.ts). Bodies are size-capped and zod-validated; errors use the shared
 * ApiError shape with stable codes. Roles: any token may read; editor+ may push and create/move
 * branches; maintainer+ may delete branches (full RBAC arrives with its own extension).
 */
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import {
  BranchNameSchema,
  ClosureRequestSchema,
  CreateBranchRequestSchema,
  ObjectRefsRequestSchema,
  PushObjectsRequestSchema,
  UpdateBranchRequestSchema,
} from '../../core/contract/history-api';
import { OmsError } from '../../core/errors';
import type { Role } from '../extensions/types';
import { isValidWorkspace } from '../paths';
import type { SyncServer } from '../server';
import { asRejection } from '../server';
import type { HistoryStore } from '../history/history-store';
import { sendError, sendJson } from './respond';
import type { RouteContext, RouteHandler } from './routes';

const RANK: Record<Role, number> = { viewer: 0, editor: 1, maintainer: 2, admin: 3, owner: 4 };

const STATUS: Record<string, number> = {
  INVALID_BODY: 400,
  OBJECT_INVALID: 422,
  COMMIT_NOT_FOUND: 422,
  OBJECT_NOT_FOUND: 404,
  WORKSPACE_NOT_FOUND: 404,
  BRANCH_NOT_FOUND: 404,
  BRANCH_EXISTS: 409,
  BRANCH_MOVED: 409,
  STORE_INVALID_ARG: 400,
  BODY_TOO_LARGE: 413,
};

class HttpError extends OmsError {}

async function readJson<S extends z.ZodType>(req: IncomingMessage, schema: S, maxBytes: number): Promise<z.infer<S>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).byteLength;
    if (size > maxBytes) throw new HttpError('BODY_TOO_LARGE', `request body over ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.concat(chunks).toString('utf8'));
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

type Handler = (ctx: RouteContext, ws: string, rest: string, history: HistoryStore) => Promise<void>;

interface Route {
  method: string;
  /** Path after /api/v1/workspaces/{ws}/ ; `*` = the rest (branch names may contain '/'). */
  path: RegExp;
  role: Role;
  handle: Handler;
}

export function createApiV1(server: SyncServer, history: HistoryStore): RouteHandler {
  const max = server.config.maxBodyBytes;
  const routes: Route[] = [
    {
      method: 'GET',
      path: /^branches$/,
      role: 'viewer',
      handle: async ({ res }, ws) => sendJson(res, 200, { branches: history.listBranches(ws) }),
    },
    {
      method: 'POST',
      path: /^branches$/,
      role: 'editor',
      handle: async ({ req, res }, ws) => {
        const body = await readJson(req, CreateBranchRequestSchema, max);
        sendJson(res, 201, history.createBranch(ws, body.name, body.head));
      },
    },
    {
      method: 'PUT',
      path: /^branches\/(.+)$/,
      role: 'editor',
      handle: async ({ req, res }, ws, name) => {
        const body = await readJson(req, UpdateBranchRequestSchema, max);
        sendJson(res, 200, history.updateBranch(ws, branchName(name), body.head, body.expectedHead));
      },
    },
    {
      method: 'DELETE',
      path: /^branches\/(.+)$/,
      role: 'maintainer',
      handle: async ({ res }, ws, name) => {
        history.deleteBranch(ws, branchName(name));
        res.writeHead(204).end();
      },
    },
    {
      method: 'POST',
      path: /^objects\/missing$/,
      role: 'viewer',
      handle: async ({ req, res }, ws) => {
        const body = await readJson(req, ObjectRefsRequestSchema, max);
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
      role: 'editor',
      handle: async ({ req, res }, ws) => {
        const body = await readJson(req, PushObjectsRequestSchema, max);
        sendJson(res, 200, history.workspace(ws, true).objects.put(body.objects));
      },
    },
    {
      method: 'POST',
      path: /^objects\/get$/,
      role: 'viewer',
      handle: async ({ req, res }, ws) => {
        const body = await readJson(req, ObjectRefsRequestSchema, max);
        sendJson(res, 200, { objects: history.workspace(ws, false).objects.get(body.objects) });
      },
    },
    {
      method: 'POST',
      path: /^closure$/,
      role: 'viewer',
      handle: async ({ req, res }, ws) => {
        const body = await readJson(req, ClosureRequestSchema, max);
        sendJson(res, 200, { objects: history.workspace(ws, false).objects.closure(body.want, body.have ?? []) });
      },
    },
  ];

  return async (ctx) => {
    const m = /^\/api\/v1\/workspaces\/([^/]+)\/(.+)$/.exec(ctx.url.pathname);
    if (!m) return false;
    const { req, res, requestId } = ctx;
    const ws = decodeURIComponent(m[1]!);
    const rest = m[2]!;
    const matching = routes.filter((r) => r.path.test(rest));
    if (matching.length === 0) return false;
    const route = matching.find((r) => r.method === req.method);
    if (!route) {
      sendError(res, 405, 'METHOD_NOT_ALLOWED', `${req.method} not allowed here`, requestId);
      return true;
    }
    if (!isValidWorkspace(ws)) {
      sendError(res, 400, 'INVALID_WORKSPACE', 'invalid workspace name', requestId);
      return true;
    }
    let principal;
    try {
      principal = await server.authenticateRequest(req, requestId, ws);
    } catch (err) {
      const r = asRejection(err);
      sendError(res, r.httpStatus, r.code, r.message, requestId);
      return true;
    }
    if (RANK[principal.role] < RANK[route.role]) {
      sendError(res, 403, 'FORBIDDEN', `this needs the ${route.role} role or above`, requestId);
      return true;
    }
    try {
      await route.handle(ctx, ws, route.path.exec(rest)?.[1] ?? '', history);
    } catch (err) {
      if (!(err instanceof OmsError)) throw err;
      const status = STATUS[err.code] ?? 500;
      if (status === 500) throw err;
      sendError(res, status, err.code, err.message, requestId, err.details);
    }
    return true;
  };
}

function branchName(raw: string): string {
  const parsed = BranchNameSchema.safeParse(decodeURIComponent(raw));
  if (!parsed.success) throw new HttpError('INVALID_BODY', 'invalid branch name');
  return parsed.data;
}
