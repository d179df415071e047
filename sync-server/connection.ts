/**
 * One WebSocket client. Frames that arrive before the connection is ready (its room still loading)
 * are queued up to the configured caps; beyond them the socket is closed (1008), so a client
 * cannot make the server buffer without bound before it has earned a place in a room.
 */
import type { Duplex } from 'node:stream';
import { WebSocket, type RawData } from 'ws';
import { CloseCode } from '../core/contract/sync-api';
import type { ServerConfig } from './config';
import type { ConnectionInfo } from './extensions/types';
import type { Room, RoomPeer } from './room';
import type { ServerStats } from './stats';

const SEND_OPTIONS = { binary: true, compress: false, fin: true } as const;

export type ConnectionState = 'waiting' | 'open' | 'closing' | 'closed';

export class Connection implements RoomPeer {
  state: ConnectionState = 'waiting';
  room: Room | null = null;
  /** Set by pong, cleared by each heartbeat ping; a peer still false at the next beat is dead. */
  alive = true;
  private queue: Buffer[] = [];
  private queuedBytes = 0;

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
    if (this.state === 'open') {
      if (isBinary) this.deliver(this.room!, frame);
      else this.rejectText();
      return;
    }
    if (this.state !== 'waiting') return;
    if (!isBinary) return this.rejectText();
    if (this.queue.length >= this.limits.maxQueuedMessages || this.queuedBytes + frame.byteLength > this.limits.maxQueuedBytes) {
      this.stats.countError('queue_overflow');
      this.close(CloseCode.POLICY_VIOLATION, 'too many messages before the connection was ready');
      return;
    }
    this.queue.push(frame);
    this.queuedBytes += frame.byteLength;
  };

  private deliver(room: Room, frame: Buffer): void {
    try {
      room.handle(this, frame);
    } catch (err) {
      // A bug or a throwing extension hook: lose this connection, never the process.
      this.stats.countError('internal_error');
      this.onInternalError(err);
      this.close(CloseCode.INTERNAL_ERROR, 'internal error');
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
    const queued = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    for (const frame of queued) {
      if (this.state !== 'open') break;
      this.deliver(room, frame);
    }
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
    this.queue = [];
    this.stats.countClose(code);
    this.ws.close(code, reason);
  }
}
