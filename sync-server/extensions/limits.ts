/**
 * Connection and message limits, first in the pipeline so abuse is refused before any other work:
 * total and per-IP connection caps (HTTP 503/429 before the upgrade) and a per-connection token
 * bucket on inbound messages. Over budget a frame is deferred, not refused: the connection stops
 * reading until the bucket refills (backpressure), so a burst of edits is delayed, never lost. Frame size (1009) is enforced by ws's maxPayload, the
 * pre-ready queue and document size by the server and room, all configured from the same limits.
 */
import { CloseCode } from '../../core/contract/sync-api';
import type { ServerConfig } from '../config';
import { ConnectionRejected } from '../errors';
import type { ConnectionInfo, DisconnectContext, Extension, MessageContext, MessageVerdict, UpgradeContext } from './types';

interface Bucket {
  tokens: number;
  refilledAt: number;
}

export class LimitsExtension implements Extension {
  readonly name = 'limits';
  readonly stage = 'limits' as const;
  private readonly perIp = new Map<string, number>();
  private total = 0;
  private readonly buckets = new WeakMap<ConnectionInfo, Bucket>();
  private readonly ratePerMs: number;

  constructor(
    private readonly limits: ServerConfig['limits'],
    private readonly now: () => number = () => performance.now(),
  ) {
    this.ratePerMs = limits.messagesPerSecond / 1000;
  }

  get connections(): number {
    return this.total;
  }

  onUpgrade(ctx: UpgradeContext): void {
    if (this.total >= this.limits.maxConnections) {
      throw new ConnectionRejected('TOO_MANY_CONNECTIONS', 'server connection limit reached', 503, CloseCode.GOING_AWAY);
    }
    const n = this.perIp.get(ctx.ip) ?? 0;
    if (n >= this.limits.maxConnectionsPerIp) {
      throw new ConnectionRejected('TOO_MANY_CONNECTIONS_FROM_IP', `more than ${this.limits.maxConnectionsPerIp} connections from one address`, 429, CloseCode.RATE_LIMITED);
    }
    this.perIp.set(ctx.ip, n + 1);
    this.total++;
  }

  onMessage(ctx: MessageContext): MessageVerdict {
    const now = this.now();
    let b = this.buckets.get(ctx.connection);
    if (!b) {
      b = { tokens: this.limits.messageBurst, refilledAt: now };
      this.buckets.set(ctx.connection, b);
    } else {
      b.tokens = Math.min(this.limits.messageBurst, b.tokens + (now - b.refilledAt) * this.ratePerMs);
      b.refilledAt = now;
    }
    if (b.tokens < 1) return { action: 'defer', retryInMs: Math.max(1, Math.ceil((1 - b.tokens) / this.ratePerMs)) };
    b.tokens -= 1;
    return undefined;
  }

  onDisconnect(ctx: DisconnectContext): void {
    const ip = ctx.connection.ip;
    const n = (this.perIp.get(ip) ?? 1) - 1;
    if (n <= 0) this.perIp.delete(ip);
    else this.perIp.set(ip, n);
    this.total = Math.max(0, this.total - 1);
  }
}
