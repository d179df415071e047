/**
 * The HTTP side: health, metrics, and whatever route handlers are plugged in (/api/v1). Each request
 * gets a request id (X-Request-Id, echoed back) that also tags its log lines.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DetailedHealth, Health, Readiness } from '../../core/contract/sync-api';
import { safePath } from '../logger';
import type { SyncServer } from '../server';
import { asRejection, requestIdOf } from '../server';
import { ConnectionRejected } from '../errors';
import type { Room } from '../room';
import { storageKind } from '../storage';
import { VERSION } from '../version';
import { buildOpenApi } from './openapi';
import { requestUrl } from './request-url';
import { sendError, sendJson } from './respond';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  requestId: string;
}

/** Returns true when it handled the request. */
export type RouteHandler = (ctx: RouteContext) => Promise<boolean>;

async function storageStatus(server: SyncServer): Promise<{ ok: boolean; error?: string }> {
  try {
    await server.storage.ping();
    if (!server.layoutReady) return { ok: false, error: 'live rooms are not migrated to id keys yet (see the log)' };
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Loaded rooms of the workspaces the request's credential is granted (asked per workspace, of every auth hook). */
async function visibleRooms(server: SyncServer, req: IncomingMessage, requestId: string): Promise<Room[]> {
  const byWorkspace = new Map<string, Room[]>();
  for (const room of server.rooms.rooms.values()) {
    const list = byWorkspace.get(room.key.workspace);
    if (list) list.push(room);
    else byWorkspace.set(room.key.workspace, [room]);
  }
  const out: Room[] = [];
  for (const [workspace, rooms] of byWorkspace) {
    try {
      await server.authenticateRequest(req, requestId, workspace);
      out.push(...rooms);
    } catch (err) {
      if (!(err instanceof ConnectionRejected)) throw err;
    }
  }
  return out;
}

export function createHttpHandler(server: SyncServer, routes: RouteHandler[]) {
  let openapi: Record<string, unknown> | null = null;
  const builtIn: Record<string, (ctx: RouteContext) => Promise<void>> = {
    '/api/v1/openapi.json': async ({ res }) => {
      openapi ??= buildOpenApi();
      sendJson(res, 200, openapi);
    },
    '/health': async ({ res }) => {
      const body: Health = { status: server.shuttingDown ? 'unavailable' : 'ok', version: VERSION };
      sendJson(res, server.shuttingDown ? 503 : 200, body);
    },
    '/health/live': async ({ res }) => {
      sendJson(res, 200, { status: 'ok', version: VERSION } satisfies Health);
    },
    '/health/ready': async ({ res, requestId }) => {
      const storage = await storageStatus(server);
      const ok = storage.ok && !server.shuttingDown;
      // Unauthenticated: the storage error (paths, hosts, SQL) goes to the log, never to the body.
      if (!storage.ok) server.logger.error({ requestId, err: storage.error }, 'readiness: storage unavailable');
      const body: Readiness = { status: ok ? 'ok' : 'unavailable', storage: { ok: storage.ok }, shuttingDown: server.shuttingDown };
      sendJson(res, ok ? 200 : 503, body);
    },
    '/health/detailed': async ({ req, res, requestId }) => {
      let principal;
      try {
        principal = await server.authenticateRequest(req, requestId, null);
      } catch (err) {
        const r = asRejection(err, server.logger, requestId);
        return sendError(res, r.httpStatus, r.code, r.message, requestId);
      }
      if (principal.role !== 'owner' && principal.role !== 'admin') {
        return sendError(res, 403, 'FORBIDDEN', 'detailed health needs an owner or admin token', requestId);
      }
      const storage = await storageStatus(server);
      // A workspace-scoped admin sees its own tenants' rooms only, and no server-wide error text.
      const rooms = principal.serverWide ? [...server.rooms.rooms.values()] : await visibleRooms(server, req, requestId);
      const wide = principal.serverWide === true;
      const failedFlushes = rooms.reduce((n, r) => n + r.failedFlushes, 0);
      const lastFlushError = rooms.find((r) => r.lastFlushError)?.lastFlushError;
      const pendingStuck = rooms.some((r) => r.failedFlushes > 0 && !r.settled);
      const mem = process.memoryUsage();
      const body: DetailedHealth = {
        status: server.shuttingDown || !storage.ok ? 'unavailable' : pendingStuck ? 'degraded' : 'ok',
        version: VERSION,
        uptimeSeconds: (Date.now() - server.stats.startedAt) / 1000,
        connections: wide ? server.connections.size : rooms.reduce((n, r) => n + r.connectionCount, 0),
        rooms: rooms.map((r) => ({
          workspace: r.key.workspace,
          branch: r.key.branch,
          state: r.state,
          connections: r.connectionCount,
          pendingUpdates: r.pendingCount,
          storedBytes: r.storedBytes,
        })),
        storage: { kind: storageKind(server.config), ok: storage.ok, ...(wide && storage.error ? { error: storage.error } : {}), failedFlushes, ...(wide && lastFlushError ? { lastFlushError } : {}) },
        memory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed },
      };
      sendJson(res, 200, body);
    },
    '/metrics': async ({ res }) => {
      const text = await server.metrics.metrics();
      res.writeHead(200, { 'content-type': server.metrics.registry.contentType });
      res.end(text);
    },
  };

  const fail = (res: ServerResponse, requestId: string, err: unknown): void => {
    server.stats.countError('http_internal');
    server.logger.error({ requestId, err: err instanceof Error ? err.message : String(err) }, 'request failed');
    if (!res.headersSent) sendError(res, 500, 'INTERNAL_ERROR', 'internal error', requestId);
    else res.destroy();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    const url = requestUrl(req.url);
    if (!url) return sendError(res, 400, 'BAD_REQUEST_TARGET', 'the request target must be a path', requestId);
    const ctx: RouteContext = { req, res, url, requestId };
    const own = builtIn[url.pathname];
    if (own) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'METHOD_NOT_ALLOWED', `${req.method} not allowed`, requestId);
      return own(ctx);
    }
    for (const route of routes) if (await route(ctx)) return;
    sendError(res, 404, 'NOT_FOUND', `no route for ${req.method} ${url.pathname}`, requestId);
  };

  // Every request ends in an answer, whatever throws where (synchronously or not): one request must
  // never take the process down.
  return (req: IncomingMessage, res: ServerResponse): void => {
    const requestId = requestIdOf(req);
    try {
      res.setHeader('x-request-id', requestId);
      const started = performance.now();
      res.on('finish', () => {
        server.logger.info({ requestId, method: req.method, path: safePath(req.url), status: res.statusCode, ms: Math.round(performance.now() - started) }, 'http');
      });
      handle(req, res, requestId).catch((err: unknown) => fail(res, requestId, err));
    } catch (err) {
      fail(res, requestId, err);
    }
  };
}
