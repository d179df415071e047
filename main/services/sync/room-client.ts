/**
 * One open branch ↔ its room on oms-sync, over the standard y-websocket protocol. Written here
 * rather than reusing y-websocket's WebsocketProvider because the desktop needs what that provider
 * leaves out: full-jitter backoff, the close-code contract (44xx = permanent, everything else is
 * retried), a token that is refreshed on 4401, read-only mode when the server denies writes, and
 * status events the studio shows. The Y.Doc is the branch session's doc, so every edit — made
 * online or offline — is already persisted locally; reconnecting is just the sync handshake.
 */
import WebSocket from 'ws';
import type * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as authProtocol from 'y-protocols/auth';
import { CloseCode } from '../../../core/contract/sync-api';
import { Backoff, type BackoffOptions } from './backoff';
import type { AuthProvider } from './auth-provider';
import { SyncError, type SyncErrorCode } from './errors';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
const MESSAGE_QUERY_AWARENESS = 3;

export type RoomState = 'offline' | 'connecting' | 'syncing' | 'synced' | 'error';

/** A room as the server names it now. */
export interface RoomTarget {
  workspace: string;
  branch: string;
}

/**
 * Where a room went after the server closed with 4409/4410/4411 (looked up by its stable ids);
 * null when it cannot be followed (the id is unknown there): the close is final then.
 */
export type FollowRoom = (close: { code: number; reason: string }, from: RoomTarget) => Promise<RoomTarget | null>;

export interface RoomStatus {
  state: RoomState;
  /** The server refused writes (viewer, protected branch): local edits stay local. */
  readOnly: boolean;
  error?: { code: SyncErrorCode; message: string; closeCode?: number };
  /** When `state` is offline after a failure: the delay before the next attempt. */
  retryInMs?: number;
  /** Connection attempts since the last successful sync. */
  attempts: number;
  /** The room's names on the server, which this client connects to (they change when it follows a rename). */
  remote: RoomTarget;
  /** The server renamed the room while this client was linked to it, and the client followed (first names → current ones). */
  renamed?: { from: RoomTarget; to: RoomTarget };
}

export interface RoomClientOptions {
  /** ws(s)://host[:port] of the server (no path). */
  serverUrl: string;
  workspace: string;
  branch: string;
  /** The server's id of the room this branch is linked to: a name that has become another branch is refused (4409) instead of blended. */
  branchId?: string;
  /** The server's id of the room's workspace: a connect to a workspace's old name is told where it went (4411). */
  workspaceId?: string;
  doc: Y.Doc;
  auth: AuthProvider;
  awareness?: awarenessProtocol.Awareness;
  backoff?: BackoffOptions;
  /** Frames larger than this are not sent (the server would close 1009); default 2 MiB. */
  maxMessageBytes?: number;
  /** Follows a server-side rename (4409/4410/4411) instead of stopping; needs `branchId`. */
  follow?: FollowRoom;
}

/** Close codes saying the room is known under other names now: a linked client may look it up and follow. */
const MOVED_CODES: ReadonlySet<number> = new Set([CloseCode.BRANCH_REPLACED, CloseCode.BRANCH_RENAMED, CloseCode.WORKSPACE_RENAMED]);

/** Close codes after which reconnecting cannot help (RFC 6455 private range, as the stock client reads it). */
function isPermanent(code: number): boolean {
  return code >= 4400 && code <= 4499;
}

function permanentError(code: number, reason: string): { code: SyncErrorCode; message: string } {
  if (code === CloseCode.UNAUTHORIZED) return { code: 'SYNC_AUTH_FAILED', message: `the server refused the sign-in (${reason || 'unauthorized'}); sign in again` };
  if (code === CloseCode.FORBIDDEN) return { code: 'SYNC_FORBIDDEN', message: `no access to this workspace or branch (${reason || 'forbidden'})` };
  if (MOVED_CODES.has(code)) return { code: 'SYNC_RENAMED', message: `the room was renamed or replaced on the server and could not be followed (${code}${reason ? `: ${reason}` : ''}); link the branch again` };
  return { code: 'SYNC_PROTOCOL', message: `the server closed the connection for good (${code}${reason ? `: ${reason}` : ''})` };
}

export class RoomClient {
  private ws: WebSocket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private readonly backoff: Backoff;
  private readonly listeners = new Set<(s: RoomStatus) => void>();
  private current: RoomStatus;
  private target: RoomTarget;
  private refreshedForThisAttempt = false;
  private readonly onDocUpdate: (update: Uint8Array, origin: unknown) => void;
  private readonly onAwarenessUpdate: (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => void;

  constructor(private readonly opts: RoomClientOptions) {
    this.backoff = new Backoff(opts.backoff);
    this.target = { workspace: opts.workspace, branch: opts.branch };
    this.current = { state: 'offline', readOnly: false, attempts: 0, remote: this.target };
    // Updates this client applied itself carry `this` as origin and are never echoed back.
    this.onDocUpdate = (update, origin) => {
      if (origin === this || this.current.readOnly) return;
      this.send(encodeMessage(MESSAGE_SYNC, (e) => syncProtocol.writeUpdate(e, update)));
    };
    this.onAwarenessUpdate = ({ added, updated, removed }, origin) => {
      if (origin === this || !opts.awareness) return;
      const changed = added.concat(updated, removed);
      this.send(encodeMessage(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(opts.awareness!, changed))));
    };
  }

  get status(): RoomStatus {
    return this.current;
  }

  onStatus(listener: (s: RoomStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.opts.doc.on('update', this.onDocUpdate);
    this.opts.awareness?.on('update', this.onAwarenessUpdate);
    void this.connect();
  }

  /** Disconnect and stay offline until `start()`; edits keep persisting locally. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.opts.doc.off('update', this.onDocUpdate);
    this.opts.awareness?.off('update', this.onAwarenessUpdate);
    if (this.opts.awareness) awarenessProtocol.removeAwarenessStates(this.opts.awareness, [this.opts.doc.clientID], 'local');
    const ws = this.ws;
    this.ws = undefined;
    ws?.removeAllListeners();
    ws?.on('error', () => undefined);
    ws?.close(1000, 'client closed');
    this.setStatus({ state: 'offline', readOnly: this.current.readOnly, attempts: 0 });
  }

  /** Every status carries the current names and the last rename followed. */
  private setStatus(next: Omit<RoomStatus, 'remote' | 'renamed'>): void {
    const renamed = this.current.renamed;
    this.current = { ...next, remote: this.target, ...(renamed ? { renamed } : {}) };
    for (const l of this.listeners) l(this.current);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.setStatus({ state: 'connecting', readOnly: this.current.readOnly, attempts: this.backoff.attempts });
    let token: string;
    try {
      token = await this.opts.auth.accessToken();
    } catch (err) {
      if (err instanceof SyncError && !err.retryable) return this.fail({ code: err.code, message: err.message });
      return this.retryLater({ code: 'SYNC_UNREACHABLE', message: `could not get a token: ${(err as Error).message}` });
    }
    if (this.stopped) return;
    const { workspace, branch } = this.target;
    const query = new URLSearchParams({ ...(this.opts.branchId ? { branchId: this.opts.branchId } : {}), ...(this.opts.workspaceId ? { workspaceId: this.opts.workspaceId } : {}) }).toString();
    const url = `${this.opts.serverUrl.replace(/\/+$/, '')}/ws/${encodeURIComponent(workspace)}/${branch.split('/').map(encodeURIComponent).join('/')}${query ? `?${query}` : ''}`;
    const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` }, maxPayload: 64 * 1024 * 1024, handshakeTimeout: 10_000 });
    ws.binaryType = 'nodebuffer';
    this.ws = ws;
    let opened = false;
    ws.on('open', () => {
      opened = true;
      this.setStatus({ state: 'syncing', readOnly: this.current.readOnly, attempts: this.backoff.attempts });
      this.send(encodeMessage(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep1(e, this.opts.doc)));
      const aw = this.opts.awareness;
      if (aw && aw.getLocalState() !== null) {
        this.send(encodeMessage(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(aw, [this.opts.doc.clientID]))));
      }
    });
    ws.on('message', (data: Buffer) => {
      if (this.ws !== ws) return;
      try {
        this.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      } catch (err) {
        this.fail({ code: 'SYNC_PROTOCOL', message: `unreadable message from the server: ${(err as Error).message}` });
      }
    });
    ws.on('error', () => undefined); // 'close' follows and decides what to do
    ws.on('unexpected-response', (_req, res) => {
      // Refused before the upgrade (404 bad path, 429/503 limits): retry later except for a 404.
      const status = res.statusCode ?? 0;
      res.resume();
      ws.removeAllListeners('close');
      ws.on('error', () => undefined);
      ws.terminate();
      if (this.ws !== ws) return;
      this.ws = undefined;
      if (status === 404) this.fail({ code: 'SYNC_PROTOCOL', message: `the server has no room at ${url.replace(/\?.*/, '')} (HTTP 404)` });
      else this.retryLater({ code: status === 401 ? 'SYNC_AUTH_FAILED' : 'SYNC_SERVER_ERROR', message: `upgrade refused with HTTP ${status}` });
    });
    ws.on('close', (code: number, reasonBuf: Buffer) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      const reason = reasonBuf.toString();
      if (this.stopped) return;
      if (!opened) return this.retryLater({ code: 'SYNC_UNREACHABLE', message: `could not reach ${this.opts.serverUrl}` });
      if (code === CloseCode.UNAUTHORIZED && !this.refreshedForThisAttempt) {
        // An expired access token: one refresh, then the same close again is final.
        this.refreshedForThisAttempt = true;
        void this.opts.auth.refresh().then(
          (ok) => (ok ? this.retryLater({ code: 'SYNC_AUTH_FAILED', message: 'token expired; reconnecting with a new one' }, 0) : this.fail({ ...permanentError(code, reason), closeCode: code })),
          () => this.retryLater({ code: 'SYNC_UNREACHABLE', message: 'could not refresh the token' }),
        );
        return;
      }
      if (MOVED_CODES.has(code) && this.opts.follow && this.opts.branchId) return void this.followMove(code, reason);
      if (isPermanent(code)) return this.fail({ ...permanentError(code, reason), closeCode: code });
      this.retryLater({ code: 'SYNC_UNREACHABLE', message: `connection closed (${code}${reason ? `: ${reason}` : ''}); reconnecting`, closeCode: code });
    });
  }

  /**
   * The server says the room has other names now: ask where it went (by id) and reconnect there at
   * once. The doc is the same, so edits made meanwhile are in the next handshake. A lookup that
   * cannot answer now is retried with backoff; one that finds nothing new makes the close final.
   */
  private async followMove(code: number, reason: string): Promise<void> {
    const from = this.target;
    this.setStatus({ state: 'connecting', readOnly: this.current.readOnly, attempts: this.backoff.attempts });
    let to: RoomTarget | null;
    try {
      to = await this.opts.follow!({ code, reason }, from);
    } catch (err) {
      if (this.stopped) return;
      if (err instanceof SyncError && !err.retryable) return this.fail({ code: err.code, message: err.message, closeCode: code });
      return this.retryLater({ code: 'SYNC_UNREACHABLE', message: `the room was renamed on the server; finding its new name failed (${(err as Error).message})`, closeCode: code });
    }
    if (this.stopped) return;
    if (!to || (to.workspace === from.workspace && to.branch === from.branch)) return this.fail({ ...permanentError(code, reason), closeCode: code });
    this.target = to;
    this.current = { ...this.current, renamed: { from: this.current.renamed?.from ?? from, to } };
    this.retryLater({ code: 'SYNC_RENAMED', message: `renamed on the server to ${to.workspace}/${to.branch}; reconnecting`, closeCode: code }, 0);
  }

  private receive(frame: Uint8Array): void {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        const sub = decoding.readVarUint(decoder);
        if (sub === syncProtocol.messageYjsSyncStep1) {
          // Our reply carries what the server lacks — offline edits included — unless we may not write.
          const sv = decoding.readVarUint8Array(decoder);
          if (!this.current.readOnly) {
            syncProtocol.writeSyncStep2(encoder, this.opts.doc, sv);
            this.send(encoding.toUint8Array(encoder));
          }
        } else if (sub === syncProtocol.messageYjsSyncStep2) {
          syncProtocol.readSyncStep2(decoder, this.opts.doc, this);
          this.backoff.reset();
          this.refreshedForThisAttempt = false;
          this.setStatus({ state: 'synced', readOnly: this.current.readOnly, attempts: 0 });
        } else if (sub === syncProtocol.messageYjsUpdate) {
          syncProtocol.readUpdate(decoder, this.opts.doc, this);
        } else {
          throw new Error(`unknown sync message ${sub}`);
        }
        return;
      }
      case MESSAGE_AWARENESS: {
        const update = decoding.readVarUint8Array(decoder);
        if (this.opts.awareness) awarenessProtocol.applyAwarenessUpdate(this.opts.awareness, update, this);
        return;
      }
      case MESSAGE_QUERY_AWARENESS: {
        const aw = this.opts.awareness;
        if (aw) this.send(encodeMessage(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(aw, [...aw.getStates().keys()]))));
        return;
      }
      case MESSAGE_AUTH:
        authProtocol.readAuthMessage(decoder, this.opts.doc, (_doc, reason) => {
          // Writes are refused: keep edits local from now on, and say so.
          this.setStatus({ ...this.current, readOnly: true, error: { code: 'SYNC_READ_ONLY', message: `read-only: ${reason}` } });
        });
        return;
      default:
        throw new Error(`unknown message type ${type}`);
    }
  }

  private send(frame: Uint8Array): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return; // offline: the next handshake carries it
    if (frame.byteLength > (this.opts.maxMessageBytes ?? 2 * 1024 * 1024)) {
      // One huge local change (a paste, an import): reconnecting sends it as sync step 2 in pieces
      // the server accepts is not possible either, so surface it rather than loop on 1009.
      this.fail({ code: 'SYNC_PROTOCOL', message: `a change of ${frame.byteLength} bytes is larger than the server accepts; it stays local` });
      return;
    }
    ws.send(frame);
  }

  private retryLater(error: { code: SyncErrorCode; message: string; closeCode?: number }, delay = this.backoff.next()): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.setStatus({ state: 'offline', readOnly: this.current.readOnly, error, retryInMs: delay, attempts: this.backoff.attempts });
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, delay);
  }

  private fail(error: { code: SyncErrorCode; message: string; closeCode?: number }): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const ws = this.ws;
    this.ws = undefined;
    ws?.removeAllListeners();
    ws?.on('error', () => undefined);
    ws?.terminate();
    this.setStatus({ state: 'error', readOnly: this.current.readOnly, error, attempts: this.backoff.attempts });
  }
}

function encodeMessage(type: number, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  write(e);
  return encoding.toUint8Array(e);
}

