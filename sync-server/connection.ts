/**
 * One WebSocket client. Inbound frames are handled in order; a frame that cannot be handled yet
 * (the room is still loading, or the connection is over its message-rate budget) is held in a
 * backlog and the socket stops being read, so TCP backpressure slows the client down instead of the
 * server disconnecting it. The backlog is capped (`maxQueuedMessages`, `maxQueuedBytes`): frames the
 * socket had already read past those caps close it with 1013 (try again later), so a client cannot
 * make the server buffer without bound.
 */
import type { Duplex } from 'node:stream';
import { WebSocket, type RawData } from 'ws';
import { CloseCode } from '../core/contract/sync-api';
import type { ServerConfig } from './config';
import type { ConnectionInfo } from './extensions/types';
import type { Room, RoomPeer } from './room';
import type { ServerStats } from './stats';

const SEND_OPTIONS = { binary: true, compress: false, fin: true } as const;
/** Bookkeeping charged per held frame, so a flood of empty frames is capped by bytes too. */
const FRAME_OVERHEAD_BYTES = 64;

export type ConnectionState = 'waiting' | 'open' | 'closing' | 'closed';

export class Connection implements RoomPeer {
  state: ConnectionState = 'waiting';
  room: Room | null = null;
  /** Set by pong, cleared by each heartbeat ping; a peer still false at the next beat is dead. */
  alive = true;
  private backlog: Buffer[] = [];
  private backlogBytes = 0;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly ws: WebSocket,
    readonly info: ConnectionInfo,
    private readonly limits: ServerConfig['limits'],
    private readonly stats: ServerStats,
    private readonly onInternalError: (err: unknown) => void,
  ) {
    ws.on('message', this.onMessage);
    ws.on('pong', this.onPong);
  }

  private readonly onPong = (): void => {
    this.alive = true;
  };

  private readonly onMessage = (data: RawData, isBinary: boolean): void => {
    const frame = data as Buffer;
    this.stats.messagesIn++;
    this.stats.bytesIn += frame.byteLength;
    if (this.state === 'closing' || this.state === 'closed') return;
    if (!isBinary) return this.rejectText();
    if (this.state === 'open' && this.backlog.length === 0) {
      const deferMs = this.deliver(this.room!, frame);
      if (deferMs !== null) this.hold(frame, deferMs);
      return;
    }
    this.hold(frame, null);
  };

  /** Keep a frame for later and stop reading the socket until the backlog is drained. */
  private hold(frame: Buffer, retryInMs: number | null): void {
    if (this.backlog.length >= this.limits.maxQueuedMessages || this.backlogBytes + frame.byteLength + FRAME_OVERHEAD_BYTES > this.limits.maxQueuedBytes) {
      this.stats.countError('queue_overflow');
      this.close(CloseCode.TRY_AGAIN_LATER, 'too many messages held back; reconnect later');
      return;
    }
    this.backlog.push(frame);
    this.backlogBytes += frame.byteLength + FRAME_OVERHEAD_BYTES;
    if (!this.ws.isPaused) this.ws.pause();
    if (retryInMs !== null) this.retryIn(retryInMs);
  }

  private retryIn(ms: number): void {
    if (this.retryTimer) return;
    this.stats.countError('rate_deferred');
    this.retryTimer = setTimeout(this.drain, ms);
  }

  /** Handle held frames in order until one is deferred again; read the socket again once empty. */
  private readonly drain = (): void => {
    this.retryTimer = null;
    while (this.backlog.length > 0 && this.state === 'open') {
      const frame = this.backlog[0]!;
      const deferMs = this.deliver(this.room!, frame);
      if (deferMs !== null) return this.retryIn(deferMs);
      this.backlog.shift();
      this.backlogBytes -= frame.byteLength + FRAME_OVERHEAD_BYTES;
    }
    if (this.state === 'open' && this.ws.isPaused) this.ws.resume();
  };

  /** Null when handled (or the connection was closed for it); else retry after that many ms. */
  private deliver(room: Room, frame: Buffer): number | null {
    try {
      return room.handle(this, frame);
    } catch (err) {
      // A bug or a throwing extension hook: lose this connection, never the process.
      this.stats.countError('internal_error');
      this.onInternalError(err);
      this.close(CloseCode.INTERNAL_ERROR, 'internal error');
      return null;
    }
  }

  private rejectText(): void {
    this.stats.countError('malformed_message');
    this.close(CloseCode.BAD_MESSAGE, 'text frames are not part of the y-websocket protocol');
  }

  /** Joined the loaded room: greet, then replay what arrived while waiting, in order. */
  open(room: Room): void {
    if (this.state !== 'waiting') return;
    this.room = room;
    this.state = 'open';
    room.join(this);
    this.drain();
  }

  send(frame: Uint8Array): void {
    if (this.state !== 'open' || this.ws.readyState !== WebSocket.OPEN) return;
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) {
      this.stats.countError('slow_consumer');
      this.close(CloseCode.POLICY_VIOLATION, 'client too slow to keep up');
      return;
    }
    this.ws.send(frame, SEND_OPTIONS);
    this.stats.messagesOut++;
    this.stats.bytesOut += frame.byteLength;
  }

  /**
   * Send a frame built by prepareBinaryFrame straight to the socket (see frame.ts for why that is
   * safe here). `payloadBytes` keeps the byte metrics comparable with send().
   */
  sendPrepared(frame: Buffer, payloadBytes: number): void {
    if (this.state !== 'open' || this.ws.readyState !== WebSocket.OPEN) return;
    const socket = (this.ws as unknown as { _socket: Duplex | null })._socket;
    if (!socket || socket.destroyed) return;
    if (socket.writableLength > this.limits.maxBufferedBytes) {
      this.stats.countError('slow_consumer');
      this.close(CloseCode.POLICY_VIOLATION, 'client too slow to keep up');
      return;
    }
    socket.write(frame);
    this.stats.messagesOut++;
    this.stats.bytesOut += payloadBytes;
  }

  close(code: number, reason: string): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    this.state = 'closing';
    this.backlog = [];
    this.backlogBytes = 0;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    // A paused socket would never read the client's close frame.
    if (this.ws.isPaused) this.ws.resume();
    this.stats.countClose(code);
    this.ws.close(code, reason);
  }
}
