/**
 * One live document: a Y.Doc + awareness per branch (by id), shared by every connection on it.
 *
 * Invariants (DESIGN.md §6):
 * - Nothing is answered before the stored state is loaded: connections wait in RoomRegistry.acquire.
 * - An update is durable before it is broadcast: updates applied to the doc are collected per event
 *   loop tick, merged, stored through the pipeline (onStoreDocument), and only then sent to peers.
 * - A sync-step-2 reply (full state for a joining client) is computed only when every update applied
 *   so far is durable, so nobody is ever shown state that a crash could take back.
 * - A failed store keeps the batch in memory and retries with backoff; the room is not freed while
 *   anything is pending, and the writers are told (closed with 1011) instead of silently dropped.
 */
import * as Y from 'yjs';
import type { Logger } from 'pino';
import { CloseCode } from '../core/contract/sync-api';
import type { DocKey } from '../core/storage/doc-storage';
import type { ExtensionPipeline } from './extensions/pipeline';
import type { ConnectionInfo } from './extensions/types';
import { decodeMessage, encodeUpdate, MalformedMessage } from './protocol';
import { encodePresence, Presence, type PresenceChange, type PresenceLimits } from './presence';
import type { ServerStats } from './stats';
import { prepareBinaryFrame } from './frame';
import { SyncAnswers } from './sync-answers';

/** What a room needs from a connection. */
export interface RoomPeer {
  readonly info: ConnectionInfo;
  send(frame: Uint8Array): void;
  /** Send a prebuilt WebSocket frame (prepareBinaryFrame) of a message of `payloadBytes`. */
  sendPrepared(frame: Buffer, payloadBytes: number): void;
  close(code: number, reason: string): void;
}

export type RoomState = 'loading' | 'ready' | 'unloading' | 'unloaded' | 'failed';

export interface RoomOptions {
  pipeline: ExtensionPipeline;
  stats: ServerStats;
  logger: Logger;
  maxDocumentBytes: number;
  /** Upper bound of updates merged into one durable batch (keeps Y.mergeUpdates linear-ish). */
  maxBatchUpdates: number;
  presence: PresenceLimits;
}

const RETRY_BASE_MS = 100;
const RETRY_MAX_MS = 5_000;

export class Room {
  /** `workspace/branch` as clients address it; changes when the branch is renamed. */
  name: string;
  state: RoomState = 'loading';
  readonly doc = new Y.Doc({ gc: true });
  readonly presence: Presence<RoomPeer>;
  private presenceSweep: NodeJS.Timeout | null = null;
  /** Sync answers per document version (1,000 joiners of a big doc cost one encoding, not 1,000). */
  readonly answers = new SyncAnswers(this.doc);
  private readonly peers = new Set<RoomPeer>();
  /** Connections holding this room (joined or waiting for the load); 0 → unload. */
  refs = 0;
  /**
   * Bytes counted against maxDocumentBytes: the stored size at load plus every update since. It only
   * grows, so when it passes the cap the real size (the compacted state) is measured before refusing.
   */
  storedBytes = 0;
  /** storedBytes at the last real measurement: measuring again needs a margin written since. */
  private measuredAt = -1;
  private pending: Uint8Array[] = [];
  private pendingOrigins = new Set<RoomPeer>();
  private inFlight = false;
  private flushTimer: NodeJS.Immediate | NodeJS.Timeout | null = null;
  private retryMs = 0;
  private settledWaiters: Array<() => void> = [];
  /** Set by destroy(): a store attempt still in flight then schedules no retry. */
  private destroyed = false;
  failedFlushes = 0;
  lastFlushError: string | undefined;

  constructor(
    /** The room's names; see renamed(). */
    public key: DocKey,
    /** Where it is stored (ids, live-doc-key.ts): fixed for the room's life, whatever it is called. */
    readonly docKey: DocKey,
    private readonly options: RoomOptions,
  ) {
    this.name = `${key.workspace}/${key.branch}`;
    this.presence = new Presence(options.presence);
  }

  /** The branch was renamed: later hooks (authorship, logs) see the new name; the doc is the same. */
  renamed(key: DocKey): void {
    this.key = key;
    this.name = `${key.workspace}/${key.branch}`;
  }

  async load(): Promise<void> {
    const { storedBytes } = await this.options.pipeline.loadDocument({ key: this.key, docKey: this.docKey, doc: this.doc });
    this.storedBytes = storedBytes;
    // Registered after loading, so the stored state itself is never re-stored as "new".
    this.doc.on('update', this.onDocUpdate);
    this.state = 'ready';
  }

  get connectionCount(): number {
    return this.peers.size;
  }

  get pendingCount(): number {
    return this.pending.length + (this.inFlight ? 1 : 0);
  }

  join(peer: RoomPeer): void {
    this.peers.add(peer);
    peer.sendPrepared(...this.answers.step1());
    if (this.presence.size > 0) peer.send(encodePresence(this.presence.all()));
  }

  leave(peer: RoomPeer): void {
    if (!this.peers.delete(peer)) return;
    this.broadcastPresence(this.presence.removeOwner(peer), null);
  }

  /**
   * Handle one inbound frame of a joined peer. Never throws: bad input closes that peer. Returns
   * null when done, or the milliseconds after which to offer the same frame again (rate budget).
   */
  handle(peer: RoomPeer, frame: Uint8Array): number | null {
    let msg;
    try {
      msg = decodeMessage(frame);
    } catch (err) {
      this.reject(peer, err);
      return null;
    }
    const verdict = this.options.pipeline.message({ connection: peer.info, kind: msg.kind, bytes: frame.byteLength });
    if (verdict) {
      if (verdict.action === 'defer') return verdict.retryInMs;
      if (verdict.action === 'close') peer.close(verdict.code, verdict.reason);
      return null;
    }
    switch (msg.kind) {
      case 'sync-step1': {
        const sv = msg.payload;
        this.whenSettled(() => {
          if (!this.peers.has(peer)) return;
          let reply: [Buffer, number];
          try {
            reply = this.answers.step2(sv);
          } catch (err) {
            this.reject(peer, new MalformedMessage(`bad state vector: ${(err as Error).message}`));
            return;
          }
          peer.sendPrepared(...reply);
        });
        return null;
      }
      case 'sync-step2':
      case 'update': {
        if (!this.fits(msg.payload.byteLength)) {
          this.options.stats.countError('document_too_large');
          peer.close(CloseCode.DOCUMENT_TOO_LARGE, `document would exceed ${this.options.maxDocumentBytes} bytes`);
          return null;
        }
        try {
          Y.applyUpdate(this.doc, msg.payload, peer);
        } catch (err) {
          this.reject(peer, new MalformedMessage(`bad update: ${(err as Error).message}`));
        }
        return null;
      }
      case 'awareness': {
        let result;
        try {
          result = this.presence.apply(peer, msg.payload, Date.now());
        } catch (err) {
          this.reject(peer, err);
          return null;
        }
        if (result.refused > 0) this.options.stats.countError('presence_refused');
        this.broadcastPresence(result.changes, peer);
        return null;
      }
      case 'query-awareness': {
        if (this.presence.size > 0) peer.send(encodePresence(this.presence.all()));
        return null;
      }
    }
  }

  /**
   * Whether `incoming` more bytes keep the document under its cap. The running count includes
   * every update ever applied; past the cap the document's real size (its state re-encoded, what
   * compaction would store) replaces it, at most once per 1/64 of the cap written, so a small, busy
   * room is never refused and a big one is not re-encoded per write.
   */
  private fits(incoming: number): boolean {
    const max = this.options.maxDocumentBytes;
    if (this.storedBytes + this.pendingBytes() + incoming <= max) return true;
    if (this.measuredAt >= 0 && this.storedBytes - this.measuredAt < max / 64) return false;
    this.storedBytes = this.answers.fullStateBytes();
    this.measuredAt = this.storedBytes;
    return this.storedBytes + this.pendingBytes() + incoming <= max;
  }

  /**
   * Bytes Yjs holds back because their dependencies never arrived. They raise no update event (so
   * storedBytes never sees them) yet live in memory: without counting them here, updates with a
   * missing dependency could grow a room past every cap.
   */
  private pendingBytes(): number {
    const { pendingStructs, pendingDs } = this.doc.store;
    return (pendingStructs?.update.byteLength ?? 0) + (pendingDs?.byteLength ?? 0);
  }

  private reject(peer: RoomPeer, err: unknown): void {
    this.options.stats.countError('malformed_message');
    const reason = err instanceof Error ? err.message : String(err);
    // Close reasons are limited to 123 bytes by RFC 6455.
    peer.close(CloseCode.BAD_MESSAGE, reason.slice(0, 120));
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.pending.push(update);
    this.storedBytes += update.byteLength;
    if (origin !== null && typeof origin === 'object' && this.peers.has(origin as RoomPeer)) this.pendingOrigins.add(origin as RoomPeer);
    this.scheduleFlush(0);
  };

  private broadcastPresence(changes: PresenceChange[], except: RoomPeer | null): void {
    if (changes.length > 0 && this.peers.size > 0) this.broadcast(encodePresence(changes), except);
    if (this.presence.size > 0 && !this.presenceSweep && !this.destroyed) {
      this.presenceSweep = setInterval(this.sweepPresence, Math.max(1000, this.options.presence.presenceTimeoutMs / 2));
      this.presenceSweep.unref();
    }
  }

  private readonly sweepPresence = (): void => {
    this.broadcastPresence(this.presence.sweep(Date.now()), null);
    if (this.presence.size === 0 && this.presence.tombstones === 0 && this.presenceSweep) {
      clearInterval(this.presenceSweep);
      this.presenceSweep = null;
    }
  };

  private scheduleFlush(delayMs: number): void {
    if (this.flushTimer || this.inFlight || this.destroyed) return;
    this.flushTimer = delayMs === 0 ? setImmediate(this.flush) : setTimeout(this.flush, delayMs);
  }

  private readonly flush = async (): Promise<void> => {
    this.flushTimer = null;
    if (this.inFlight || this.pending.length === 0) return;
    const updates = this.pending.splice(0, this.options.maxBatchUpdates);
    const origins = this.pendingOrigins;
    this.pendingOrigins = new Set();
    const merged = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
    this.inFlight = true;
    const started = performance.now();
    try {
      await this.options.pipeline.storeDocument({ key: this.key, docKey: this.docKey, update: merged, updateCount: updates.length });
    } catch (err) {
      this.inFlight = false;
      this.onFlushFailed(merged, origins, err);
      return;
    }
    this.inFlight = false;
    this.retryMs = 0;
    this.options.stats.observePersist((performance.now() - started) / 1000);
    try {
      // The sender already has its own update; everyone else gets it once, from one encoding.
      const only = origins.size === 1 ? origins.values().next().value! : null;
      if (this.peers.size > 0) this.broadcast(encodeUpdate(merged), only);
      this.options.pipeline.change({ key: this.key, update: merged, origins: [...origins].map((p) => p.info) });
    } catch (err) {
      // Durable already; a failing observer must not stop the room (nor crash the process).
      this.options.stats.countError('internal_error');
      this.options.logger.error({ room: this.name, err: err instanceof Error ? err.message : String(err) }, 'after-store step failed');
    }
    if (this.pending.length > 0) this.scheduleFlush(0);
    else this.runSettled();
  };

  private onFlushFailed(merged: Uint8Array, origins: Set<RoomPeer>, err: unknown): void {
    this.failedFlushes++;
    this.lastFlushError = err instanceof Error ? err.message : String(err);
    this.options.stats.countError('store_failed');
    this.options.logger.error({ room: this.name, err: this.lastFlushError, retryMs: this.retryMs }, 'storing updates failed; kept in memory, retrying');
    // Keep the batch first in line: order matters for nothing in Yjs, but it keeps the log readable.
    this.pending.unshift(merged);
    for (const peer of origins) {
      this.pendingOrigins.add(peer);
      peer.close(CloseCode.INTERNAL_ERROR, 'storage unavailable; your changes are kept and retried');
    }
    this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs === 0 ? RETRY_BASE_MS : this.retryMs * 2);
    this.scheduleFlush(this.retryMs);
  }

  private broadcast(message: Uint8Array, except: RoomPeer | null): void {
    if (this.peers.size === 1 && except === null) {
      for (const peer of this.peers) peer.send(message);
      return;
    }
    const frame = prepareBinaryFrame(message);
    for (const peer of this.peers) if (peer !== except) peer.sendPrepared(frame, message.byteLength);
  }

  /** True when every update applied to the doc is durable. */
  get settled(): boolean {
    return !this.inFlight && this.pending.length === 0;
  }

  /** Run `fn` once every update applied so far is durable (at once when nothing is pending). */
  whenSettled(fn: () => void): void {
    if (this.settled) fn();
    else this.settledWaiters.push(fn);
  }

  settle(): Promise<void> {
    return new Promise((resolve) => this.whenSettled(resolve));
  }

  private runSettled(): void {
    const waiters = this.settledWaiters;
    this.settledWaiters = [];
    for (const fn of waiters) fn();
  }

  /** Close every joined peer (shutdown, room failure). */
  closeAll(code: number, reason: string): void {
    for (const peer of [...this.peers]) peer.close(code, reason);
  }

  destroy(): void {
    this.destroyed = true;
    if (this.flushTimer) {
      clearTimeout(this.flushTimer as NodeJS.Timeout);
      clearImmediate(this.flushTimer as NodeJS.Immediate);
      this.flushTimer = null;
    }
    if (this.presenceSweep) clearInterval(this.presenceSweep);
    this.presenceSweep = null;
    this.presence.clear();
    this.answers.clear();
    this.doc.off('update', this.onDocUpdate);
    this.doc.destroy();
    this.peers.clear();
  }
}
