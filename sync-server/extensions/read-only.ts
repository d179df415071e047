/**
 * The built-in floor of the rbac stage: a viewer (read-only role) may read and share presence but
 * never change a document. Its sync-step-2 and update frames are dropped before they touch the doc;
 * a client that keeps writing is closed with 4403 (a stock client sends one step 2 per connect and
 * one update per local edit, so a few drops are normal, dozens are not).
 */
import { CloseCode } from '../../core/contract/sync-api';
import type { ServerStats } from '../stats';
import { isEmptyGreetingReply, permissionDenied, type PeerLookup } from './rbac';
import type { ConnectionInfo, Extension, MessageContext, MessageVerdict, Role } from './types';

const WRITERS: ReadonlySet<string> = new Set<Role>(['editor', 'maintainer', 'admin', 'owner']);

/** Dropped writes tolerated per connection before it is closed. */
export const READ_ONLY_MAX_DROPS = 16;

export class ReadOnlyGuard implements Extension {
  readonly name = 'read-only-guard';
  readonly stage = 'rbac' as const;
  private readonly drops = new WeakMap<ConnectionInfo, number>();

  constructor(
    private readonly stats: ServerStats,
    /** Tells the writer (y-protocols permission-denied), so a desktop switches to read-only instead of resending. */
    private readonly peers?: PeerLookup,
  ) {}

  onMessage(ctx: MessageContext): MessageVerdict {
    if (ctx.kind !== 'update' && ctx.kind !== 'sync-step2') return undefined;
    // Fail closed: only roles known to write may; a viewer, or anything unknown, may not.
    const role = ctx.connection.principal?.role;
    if (role !== undefined && WRITERS.has(role)) return undefined;
    if (isEmptyGreetingReply(ctx)) return { action: 'drop' };
    this.stats.countError('write_forbidden');
    const n = (this.drops.get(ctx.connection) ?? 0) + 1;
    this.drops.set(ctx.connection, n);
    if (n > READ_ONLY_MAX_DROPS) return { action: 'close', code: CloseCode.FORBIDDEN, reason: 'read-only role: writes are not allowed' };
    this.peers?.sendTo(ctx.connection, permissionDenied('FORBIDDEN: the viewer role may not write'));
    return { action: 'drop' };
  }
}
