/**
 * oms-sync: node:http + ws in noServer mode. We own the `upgrade` event so that limits and
 * authentication run before a WebSocket exists (no per-socket state for refused clients), and the
 * HTTP side (health, metrics, /api/v1) shares the port without a framework.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { unwatchFile, watchFile } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from 'pino';
import { CloseCode } from '../core/contract/sync-api';
import { OmsError } from '../core/errors';
import type { DocKey, DocStorage } from '../core/storage/doc-storage';
import type { ServerConfig } from './config';
import { Connection } from './connection';
import { ConnectionRejected, SyncServerError } from './errors';
import { LimitsExtension } from './extensions/limits';
import { MetricsExtension } from './extensions/metrics';
import { ExtensionPipeline } from './extensions/pipeline';
import { PersistenceExtension } from './extensions/persistence';
import { ReadOnlyGuard } from './extensions/read-only';
import { readTokenFile, StaticTokenAuth } from './extensions/static-token-auth';
import type { ConnectionInfo, Extension, Principal } from './extensions/types';
import { capSocketsPerAddress, clientAddress } from './http/client-address';
import { requestUrl } from './http/request-url';
import { rejectUpgrade } from './http/respond';
import { createApiV1 } from './http/api-v1';
import { createHttpHandler, type RouteHandler } from './http/routes';
import { HistoryStore, type RenamedBranch } from './history/history-store';
import { liveDocKey, type LiveDocIds } from './live-doc-key';
import { migrateLiveDocs } from './layout-migration';
import { recoverWorkspaceRename, renameWorkspace, WorkspaceRenameError } from './workspace-rename';
import { createLogger, safePath } from './logger';
import { parseRoomPath } from './paths';
import { RoomRegistry, RoomUnavailable } from './room-registry';
import { ServerStats } from './stats';
import { openLiveStorage } from './storage';
import { VERSION } from './version';
import { wireIdentity } from './identity/open';
import type { IdentityService } from './identity/service';

export interface SyncServerOptions {
  config: ServerConfig;
  /** Defaults to SQLite in config.dataDir. The server closes it on shutdown either way. */
  storage?: DocStorage;
  logger?: Logger;
  /** Extra extensions (rbac, audit, …), slotted into the fixed stage order. */
  extensions?: Extension[];
  /** Accounts and RBAC (identity/open.ts openIdentity); the server closes it on shutdown. */
  identity?: IdentityService | null;
  /** Extra HTTP routes (/api/v1), tried before the built-in 404. */
  routes?: RouteHandler[];
}

const ANONYMOUS: Principal = { id: 'anonymous', role: 'owner' };
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

export function bearerToken(req: IncomingMessage, url: URL | null): string | null {
  // The auth scheme is case-insensitive (RFC 9110 §11.1): `bearer x` is as good as `Bearer x`.
  const bearer = BEARER.exec(req.headers.authorization ?? '');
  if (bearer) return bearer[1]!;
  return url?.searchParams.get('token') || null;
}

export class SyncServer {
  readonly config: ServerConfig;
  readonly logger: Logger;
  readonly stats = new ServerStats();
  readonly storage: DocStorage;
  readonly pipeline: ExtensionPipeline;
  readonly rooms: RoomRegistry;
  readonly metrics: MetricsExtension;
  readonly http: Server;
  readonly connections = new Set<Connection>();
  /** Commits, snapshots and branch pointers pushed through /api/v1. */
  readonly history: HistoryStore;
  private readonly wss: WebSocketServer;
  private readonly auth: StaticTokenAuth | null;
  readonly identity: IdentityService | null;
  /** Some credential is required: static tokens and/or accounts. */
  private readonly authRequired: boolean;
  private heartbeat: NodeJS.Timeout | null = null;
  private revalidator: NodeJS.Timeout | null = null;
  private nextConnectionId = 1;
  private readonly trustedProxies: ReadonlySet<string>;
  shuttingDown = false;
  private closing: Promise<void> | null = null;
  /** False until the start-up migration of live rooms (layout-migration.ts) has finished: rooms are refused meanwhile. */
  layoutReady = false;
  private migrationRetry: NodeJS.Timeout | null = null;
  /** Both names of the workspace rename under way: their connections and requests wait (1013 / 503). */
  private readonly renaming = new Set<string>();
  /** Workspace renames run one at a time (one journal). */
  private renames: Promise<unknown> = Promise.resolve();
  /**
   * Bumped by every workspace rename. A request or connection that began before its workspace was
   * renamed away is refused (409 / 4411) rather than re-create the old name, which is free after.
   */
  renameGeneration = 0;
  private readonly renamedAway = new Map<string, { generation: number; to: string }>();
  private migrationAttempts = 0;

  constructor(options: SyncServerOptions) {
    const { config } = options;
    this.config = config;
    this.logger = options.logger ?? createLogger(config.logLevel);
    if (!config.tokensFile && !config.insecureNoAuth && !options.identity) {
      throw new SyncServerError(
        'AUTH_NOT_CONFIGURED',
        'no authentication configured: set OMS_TOKENS to a token file, or pass --insecure-no-auth to run an open server on purpose',
      );
    }
    this.auth = config.tokensFile ? new StaticTokenAuth(readTokenFile(config.tokensFile)) : null;
    this.identity = options.identity ?? null;
    this.authRequired = this.auth !== null || this.identity !== null;
    this.storage = options.storage ?? openLiveStorage(config);
    this.metrics = new MetricsExtension({ stats: this.stats, rooms: () => this.rooms.size, version: VERSION });
    const persistence = new PersistenceExtension(this.storage, {
      compactThresholdUpdates: config.compaction.thresholdUpdates,
      compactIntervalMs: config.compaction.intervalMs,
      logger: this.logger,
    });
    const identity = this.identity ? wireIdentity(this.identity, this, { stats: this.stats, logger: this.logger }) : null;
    // Account auth before static tokens (which refuse what they do not know); rbac before the viewer floor.
    const builtIn: Extension[] = [new LimitsExtension(config.limits), ...(identity?.extensions ?? []), new ReadOnlyGuard(this.stats, { sendTo: (info: ConnectionInfo, frame: Uint8Array) => this.sendTo(info, frame) }), persistence, this.metrics];
    if (this.auth) builtIn.push(this.auth);
    this.pipeline = new ExtensionPipeline([...builtIn, ...(options.extensions ?? [])]);
    this.rooms = new RoomRegistry({
      pipeline: this.pipeline,
      stats: this.stats,
      logger: this.logger,
      maxDocumentBytes: config.limits.maxDocumentBytes,
      maxBatchUpdates: 1000,
      presence: config.limits,
    });
    this.wss = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxMessageBytes, perMessageDeflate: false, clientTracking: false });
    this.history = new HistoryStore(config.dataDir, config.durability, { idleMs: config.historyIdleMs, maxOpen: config.maxOpenHistories });
    this.trustedProxies = new Set(config.trustedProxies);
    // Node checks header and request timeouts on an interval: a short one makes headersTimeoutMs
    // hold for half-sent upgrade requests too (they never reach the upgrade event).
    this.http = createServer(
      { headersTimeout: config.limits.headersTimeoutMs, requestTimeout: config.limits.headersTimeoutMs * 3, connectionsCheckingInterval: Math.min(1000, config.limits.headersTimeoutMs) },
      createHttpHandler(this, [createApiV1(this, this.history), ...(identity?.routes ?? []), ...(options.routes ?? [])]),
    );
    // Never below the WebSocket cap (plus room for HTTP requests): raising one must not silently hit the other.
    const socketsPerIp = Math.max(config.limits.maxSocketsPerIp, config.limits.maxConnectionsPerIp + 16);
    capSocketsPerAddress(this.http, socketsPerIp, this.trustedProxies, () => this.stats.countError('too_many_sockets_from_ip'));
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.handleUpgrade(req, socket, head).catch((err: unknown) => {
        this.logger.error({ err: (err as Error).message }, 'upgrade failed');
        socket.destroy();
      });
    });
    this.http.on('clientError', (err: Error & { code?: string }, socket: Duplex) => {
      const timeout = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
      this.stats.countError(timeout ? 'http_headers_timeout' : 'http_client_error');
      if (!socket.writable) return void socket.destroy();
      socket.end(timeout ? 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n' : 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      // end() alone can leave a socket whose parser stopped mid-request open: the client never
      // sees a FIN. The answer has been handed to the kernel by then; free the descriptor.
      setTimeout(() => socket.destroy(), 100).unref();
    });
  }

  /** Authenticate an HTTP request (Authorization: Bearer). Null principal when unauthenticated. */
  async authenticateRequest(req: IncomingMessage, requestId: string, workspace: string | null): Promise<Principal> {
    if (!this.authRequired) return ANONYMOUS;
    const token = bearerToken(req, null);
    const principal = await this.pipeline.authenticate({ requestId, request: req, ip: this.clientIp(req), key: workspace ? { workspace, branch: '*' } : null, token });
    if (!principal) throw new ConnectionRejected('AUTH_REQUIRED', 'a bearer token is required', 401, CloseCode.UNAUTHORIZED);
    return principal;
  }

  /** The client's address: the socket peer, or the forwarded one when the peer is a trusted proxy. */
  clientIp(req: IncomingMessage): string {
    return clientAddress(req, this.trustedProxies);
  }

  private async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const requestId = requestIdOf(req);
    const began = this.renameGeneration;
    // Closures created here outlive the upgrade (socket/ws listeners): they must not reference
    // `req`, or every open connection would keep its IncomingMessage (headers and all) alive.
    const path = safePath(req.url);
    socket.on('error', () => socket.destroy());
    const url = requestUrl(req.url);
    const key = url && parseRoomPath(url.pathname);
    if (!key) {
      this.stats.countError('not_found');
      return rejectUpgrade(socket, 404, 'NOT_FOUND', 'WebSocket endpoint is /ws/<workspace>/<branch>', requestId);
    }
    if (this.shuttingDown) return rejectUpgrade(socket, 503, 'SHUTTING_DOWN', 'server is shutting down', requestId);
    const ip = this.clientIp(req);
    const upgradeCtx = { requestId, request: req, ip, key };
    try {
      await this.pipeline.upgrade(upgradeCtx);
    } catch (err) {
      const r = asRejection(err, this.logger, requestId);
      this.stats.countError(r.code.toLowerCase());
      return rejectUpgrade(socket, r.httpStatus, r.code, r.message, requestId);
    }
    // Past onUpgrade, every path must end in exactly one onDisconnect (limits counted this socket):
    // until a WebSocket takes the socket over (and reports its own close), the socket's close does.
    let principal: Principal | null = this.authRequired ? null : ANONYMOUS;
    let handedOver = false;
    socket.once('close', () => {
      if (handedOver) return;
      this.pipeline.disconnect({ connection: { id: 0, requestId, ip, key, principal }, code: 1006, reason: 'closed before the upgrade completed' });
    });
    let rejection: ConnectionRejected | null = null;
    try {
      if (this.authRequired) {
        principal = await this.pipeline.authenticate({ ...upgradeCtx, token: bearerToken(req, url) });
        if (!principal) rejection = new ConnectionRejected('AUTH_REQUIRED', 'a token is required', 401, CloseCode.UNAUTHORIZED);
      }
    } catch (err) {
      rejection = asRejection(err, this.logger, requestId);
    }
    const info: ConnectionInfo = { id: this.nextConnectionId++, requestId, ip, key, principal };
    if (!rejection) {
      try {
        await this.pipeline.connect(info);
      } catch (err) {
        rejection = asRejection(err, this.logger, requestId);
      }
    }
    if (this.shuttingDown) return rejectUpgrade(socket, 503, 'SHUTTING_DOWN', 'server is shutting down', requestId);
    // ws answers a malformed handshake (bad key/version) itself and never calls back: the socket's
    // close listener above then reports the disconnect.
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      handedOver = true;
      if (rejection) {
        // Completing the upgrade and closing with 4401/4403 lets browser clients see why; a failed
        // HTTP upgrade only shows them a generic error.
        this.stats.countError(rejection.code.toLowerCase());
        this.stats.countClose(rejection.closeCode);
        this.logger.warn({ requestId, ip, code: rejection.code, path }, 'connection refused');
        ws.on('close', () => this.pipeline.disconnect({ connection: info, code: rejection.closeCode, reason: rejection.code }));
        ws.on('error', () => undefined);
        ws.close(rejection.closeCode, rejection.message.slice(0, 120));
        return;
      }
      this.attach(ws, info, began, url.searchParams.get('branchId'), url.searchParams.get('workspaceId')).catch((err: unknown) => this.logger.error({ requestId, err: (err as Error).message }, 'attach failed'));
    });
  }

  /** Log fields of a connection, built only when a line is written (no per-socket child logger). */
  private fieldsOf(info: ConnectionInfo): Record<string, unknown> {
    return { requestId: info.requestId, conn: info.id, room: `${info.key.workspace}/${info.key.branch}`, ip: info.ip };
  }

  /** `expectedBranchId`: the client's `?branchId=`, the branch it was linked to (refused with 4409 when the name is another branch now). */
  private async attach(ws: WebSocket, info: ConnectionInfo, began: number, expectedBranchId: string | null, expectedWorkspaceId: string | null): Promise<void> {
    const conn = new Connection(ws, info, this.config.limits, this.stats, (err) =>
      this.logger.error({ ...this.fieldsOf(info), err: err instanceof Error ? err.message : String(err) }, 'message handling failed'),
    );
    this.connections.add(conn);
    this.stats.connections++;
    if (this.logger.isLevelEnabled('debug')) this.logger.debug({ ...this.fieldsOf(info), principal: info.principal?.id }, 'connected');
    ws.on('error', (err: Error & { code?: string }) => {
      // ws closes the socket itself (1009 for oversize, 1002 for protocol errors); we count why.
      this.stats.countError(err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'message_too_big' : 'ws_protocol_error');
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.stats.countClose(CloseCode.MESSAGE_TOO_BIG);
      if (this.logger.isLevelEnabled('debug')) this.logger.debug({ ...this.fieldsOf(info), err: err.message, code: err.code }, 'socket error');
    });
    ws.on('close', (code: number, reason: Buffer) => {
      const wasIn = conn.room;
      conn.state = 'closed';
      this.connections.delete(conn);
      this.stats.connections--;
      if (wasIn) {
        wasIn.leave(conn);
        this.rooms.release(wasIn);
      }
      this.pipeline.disconnect({ connection: info, code, reason: reason.toString() });
      if (this.logger.isLevelEnabled('debug')) this.logger.debug({ ...this.fieldsOf(info), code }, 'disconnected');
    });
    if (!this.layoutReady) {
      conn.close(CloseCode.INTERNAL_ERROR, 'storage is not ready (live rooms are being migrated); retry later');
      return;
    }
    if (this.renaming.has(info.key.workspace)) {
      conn.close(CloseCode.TRY_AGAIN_LATER, 'the workspace is being renamed; retry');
      return;
    }
    const movedTo = this.renamedSince(info.key.workspace, began);
    if (movedTo !== undefined) {
      // Authenticated before the rename: opening the room now would re-create the old name.
      conn.close(CloseCode.WORKSPACE_RENAMED, `workspace renamed to ${movedTo}`);
      return;
    }
    let room;
    try {
      // Names → ids once, as the connection opens: a rename later moves the room, not this key.
      const ids = expectedBranchId === null ? this.history.roomIds(info.key.workspace, info.key.branch) : this.linkedRoomIds(info.key, expectedBranchId, expectedWorkspaceId);
      if ('close' in ids) {
        this.stats.countError(ids.close === CloseCode.BRANCH_RENAMED ? 'branch_renamed' : 'branch_replaced');
        conn.close(ids.close, ids.reason);
        return;
      }
      room = await this.rooms.acquire(info.key, liveDocKey(ids));
    } catch (err) {
      if (!(err instanceof RoomUnavailable)) this.logger.error({ ...this.fieldsOf(info), err: err instanceof Error ? err.message : String(err) }, 'opening the room failed');
      const message = err instanceof OmsError ? err.message : 'internal error';
      conn.close(CloseCode.INTERNAL_ERROR, message.slice(0, 120));
      return;
    }
    if (conn.state !== 'waiting') {
      this.rooms.release(room);
      return;
    }
    conn.open(room);
  }

  /**
   * The room of a linked client (`?branchId=`), which never creates anything: the name may have
   * moved on since the link was made. The name is free and the id is called something else now →
   * 4410, as if the client had been connected during the rename; the name is another branch (or
   * the id is unknown) → 4409. Either way the client looks its id up (GET branch-ids/{id}) and follows.
   */
  private linkedRoomIds(key: DocKey, branchId: string, workspaceId: string | null): LiveDocIds | { close: number; reason: string } {
    if (workspaceId !== null && this.history.idOf(key.workspace) !== workspaceId) {
      // The workspace has another name now (and the old one may be free or another workspace's).
      const now = this.history.workspaceNameById(workspaceId);
      if (now !== undefined) return { close: CloseCode.WORKSPACE_RENAMED, reason: `workspace renamed to ${now}` };
    }
    const known = this.history.findRoomIds(key.workspace, key.branch);
    if (known?.branchId === branchId) return known;
    const now = known ? undefined : this.history.branchById(key.workspace, branchId)?.name;
    if (now !== undefined) return { close: CloseCode.BRANCH_RENAMED, reason: closeReason(`branch renamed to ${now}`, 'branch renamed') };
    return { close: CloseCode.BRANCH_REPLACED, reason: closeReason(`${key.branch} is another branch now (renamed or re-created on the server)`, 'another branch has this name now') };
  }

  /**
   * The token file changed: reload it. Fails closed: a file that is gone, empty or invalid leaves no
   * valid token (every open connection is closed at the next revalidation) until it is fixed; the
   * old tokens never outlive the file that listed them.
   */
  private readonly reloadTokens = (): void => {
    try {
      this.auth?.reload(readTokenFile(this.config.tokensFile!));
      this.logger.info({ file: this.config.tokensFile }, 'token file reloaded');
    } catch (err) {
      this.auth?.reload([]);
      this.stats.countError('tokens_reload_failed');
      this.logger.error({ err: (err as Error).message }, 'token file reload failed; no token is valid until it is fixed');
    }
  };

  /**
   * Rename a branch (history pointer and live room together; history-store.ts renameBranch). The
   * room stays loaded under its new name; connections that opened it by the old name are closed
   * with 4410 BRANCH_RENAMED (the reason names the new branch), so no client keeps writing under,
   * or silently re-creates, a name that is now free.
   */
  renameBranch(workspace: string, from: string, to: string): RenamedBranch {
    const renamed = this.history.renameBranch(workspace, from, to);
    if (renamed.from === renamed.name) return renamed;
    this.rooms.loaded(liveDocKey(renamed))?.renamed({ workspace, branch: to });
    for (const conn of this.connections) {
      if (conn.info.key.workspace !== workspace || conn.info.key.branch !== from) continue;
      conn.close(CloseCode.BRANCH_RENAMED, closeReason(`branch renamed to ${to}`, 'branch renamed'));
    }
    this.logger.info({ workspace, from, to, branchId: renamed.branchId }, 'branch renamed');
    return renamed;
  }

  /**
   * Rename a workspace (workspace-rename.ts: journalled, so a crash leaves the old name or the new
   * one). Its rooms stay loaded under the new name; connections that opened them by the old name
   * are closed with 4411 WORKSPACE_RENAMED, whose reason names the new one (a workspace name
   * always fits the 123 bytes). Connections and requests to either name wait while it runs.
   */
  renameWorkspace(from: string, to: string): Promise<{ workspaceId: string | null }> {
    const run = async (): Promise<{ workspaceId: string | null }> => {
      // The start-up migration creates workspace files by the names it finds: not under a rename.
      if (!this.layoutReady) throw new WorkspaceRenameError('WORKSPACE_BUSY', 'live rooms are being migrated; retry');
      this.renaming.add(from).add(to);
      try {
        const renamed = await renameWorkspace({ dataDir: this.config.dataDir, history: this.history, identity: this.identity }, from, to);
        if (from === to) return renamed;
        this.renameGeneration++;
        this.renamedAway.delete(to);
        this.renamedAway.set(from, { generation: this.renameGeneration, to });
        // Only requests in flight need it: the oldest entries can go.
        if (this.renamedAway.size > 1000) this.renamedAway.delete(this.renamedAway.keys().next().value!);
        for (const room of this.rooms.rooms.values()) if (room.key.workspace === from) room.renamed({ workspace: to, branch: room.key.branch });
        for (const conn of this.connections) if (conn.info.key.workspace === from) conn.close(CloseCode.WORKSPACE_RENAMED, `workspace renamed to ${to}`);
        this.logger.info({ from, to, workspaceId: renamed.workspaceId }, 'workspace renamed');
        return renamed;
      } finally {
        this.renaming.delete(from);
        this.renaming.delete(to);
      }
    };
    const done = this.renames.then(run, run);
    this.renames = done.catch(() => undefined);
    return done;
  }

  isRenaming(workspace: string): boolean {
    return this.renaming.has(workspace);
  }

  /** The new name of `workspace` when it was renamed away after generation `began`. */
  renamedSince(workspace: string, began: number): string | undefined {
    const r = this.renamedAway.get(workspace);
    return r && r.generation > began ? r.to : undefined;
  }

  /** Send one frame to the live connection behind `info` (no-op when it is gone): rbac's answers to refused writes. */
  sendTo(info: ConnectionInfo, frame: Uint8Array): void {
    for (const c of this.connections) if (c.info === info) return c.send(frame);
  }

  /** Live revocation: close connections whose credentials no longer hold. */
  private readonly revalidate = (): void => {
    for (const conn of this.connections) {
      if (conn.state === 'closing' || conn.state === 'closed') continue;
      const r = this.pipeline.revalidate(conn.info);
      if (!r) continue;
      this.stats.countError(r.code.toLowerCase());
      this.logger.warn({ ...this.fieldsOf(conn.info), code: r.code }, 'connection revoked');
      conn.close(r.closeCode, r.message.slice(0, 120));
    }
  };

  private beat = (): void => {
    for (const conn of this.connections) {
      if (!conn.alive) {
        this.stats.countError('heartbeat_timeout');
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      try {
        conn.ws.ping();
      } catch {
        conn.ws.terminate();
      }
    }
  };

  async listen(): Promise<AddressInfo> {
    // Before the first connection: a workspace rename a crash interrupted is finished, and rooms
    // of the old name-keyed layout move to their id keys.
    const recovered = await recoverWorkspaceRename({ dataDir: this.config.dataDir, history: this.history, identity: this.identity });
    if (recovered) this.logger.warn({ from: recovered.from, to: recovered.to }, 'finished a workspace rename interrupted by a crash');
    await this.migrateLayout();
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => reject(new SyncServerError('SERVER_LISTEN_FAILED', `cannot listen on ${this.config.host}:${this.config.port}: ${err.message}`));
      this.http.once('error', onError);
      this.http.listen(this.config.port, this.config.host, () => {
        this.http.off('error', onError);
        resolve();
      });
    });
    this.heartbeat = setInterval(this.beat, this.config.limits.heartbeatMs);
    this.heartbeat.unref();
    if (this.pipeline.has('onRevalidate')) {
      this.revalidator = setInterval(this.revalidate, this.config.revalidateMs);
      this.revalidator.unref();
    }
    if (this.auth && this.config.tokensFile) watchFile(this.config.tokensFile, { interval: this.config.revalidateMs, persistent: false }, this.reloadTokens);
    const address = this.http.address() as AddressInfo;
    this.logger.info({ host: address.address, port: address.port, version: VERSION, auth: this.auth ? 'static-tokens' : 'NONE (insecure)' }, 'oms-sync listening');
    return address;
  }

  /**
   * One attempt at the layout migration. A failure (storage unreachable: PostgreSQL down at start)
   * does not stop the server: it answers /health/ready 503 and refuses rooms until a retry, with
   * backoff, succeeds; serving a room before its old state is moved would show it empty.
   */
  private async migrateLayout(): Promise<void> {
    try {
      await migrateLiveDocs(this.storage, this.history, this.logger);
      this.layoutReady = true;
      this.migrationAttempts = 0;
    } catch (err) {
      this.migrationAttempts++;
      const retryInMs = Math.min(30_000, 500 * 2 ** (this.migrationAttempts - 1));
      this.stats.countError('migration_failed');
      this.logger.error({ err: err instanceof Error ? err.message : String(err), retryInMs }, 'migrating live rooms failed; rooms are refused until it succeeds');
      if (this.shuttingDown) return;
      this.migrationRetry = setTimeout(() => {
        this.migrationRetry = null;
        void this.migrateLayout();
      }, retryInMs);
      this.migrationRetry.unref();
    }
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  /**
   * Graceful shutdown: stop accepting, close every client with 1012 (their later frames are
   * ignored), make every room durable, then close storage. `flushedCleanly` is false when the
   * store failed or the timeout hit (the CLI then exits non-zero).
   */
  close(): Promise<void> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  flushedCleanly = true;

  private async doClose(): Promise<void> {
    this.shuttingDown = true;
    this.logger.info({ connections: this.connections.size, rooms: this.rooms.size }, 'shutting down');
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.migrationRetry) clearTimeout(this.migrationRetry);
    if (this.revalidator) clearInterval(this.revalidator);
    if (this.config.tokensFile) unwatchFile(this.config.tokensFile, this.reloadTokens);
    const httpClosed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeIdleConnections();
    for (const conn of this.connections) conn.close(CloseCode.SERVICE_RESTART, 'server shutting down');
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), this.config.shutdownTimeoutMs).unref());
    const flushed = await Promise.race([this.rooms.settleAll().then(() => 'ok' as const), timeout]);
    if (flushed === 'timeout') {
      this.flushedCleanly = false;
      this.logger.error({ rooms: [...this.rooms.rooms.values()].filter((r) => !r.settled).map((r) => r.name) }, 'shutdown timeout: some updates could not be stored');
    }
    const socketsClosed = Promise.all(
      [...this.connections].map((c) => new Promise<void>((resolve) => (c.ws.readyState === c.ws.CLOSED ? resolve() : c.ws.once('close', () => resolve())))),
    );
    if ((await Promise.race([socketsClosed.then(() => 'ok' as const), timeout])) === 'timeout') {
      for (const c of this.connections) c.ws.terminate();
    }
    await Promise.race([this.rooms.whenIdle(), timeout]);
    const lost = this.rooms.abandonAll();
    if (lost.length > 0) {
      this.flushedCleanly = false;
      this.logger.error({ rooms: lost }, 'shutdown: updates of these rooms were never stored');
    }
    await this.pipeline.shutdown();
    await this.identity?.close();
    this.http.closeAllConnections();
    await httpClosed;
    this.history.close();
    await this.storage.close();
    this.logger.info({ clean: this.flushedCleanly }, 'stopped');
  }
}

/**
 * A hook's refusal as sent to the client. Anything else a hook threw is a bug or an outage whose
 * message (paths, SQL, connection strings) is for the log, never for the client's body or close reason.
 */
export function asRejection(err: unknown, logger: Logger, requestId: string): ConnectionRejected {
  if (err instanceof ConnectionRejected) return err;
  logger.error({ requestId, err: err instanceof Error ? err.message : String(err) }, 'extension hook failed');
  return new ConnectionRejected('INTERNAL_ERROR', 'internal error', 500, CloseCode.INTERNAL_ERROR);
}

const BEARER = /^bearer\s+(\S+)\s*$/i;

/** A close reason must fit RFC 6455's 123 bytes: a name is never cut in half (a client would follow the wrong one). */
export function closeReason(full: string, short: string): string {
  return Buffer.byteLength(full) <= 123 ? full : short;
}

export type { RouteHandler };
export type { ServerResponse };
