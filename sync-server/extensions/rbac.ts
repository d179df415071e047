/**
 * Per-message write checks from the permission table: every sync-step-2 and update frame is
 * allowed only when the connection's role may write this branch (protected branches: maintainer
 * and above; "require review": no direct writes at all). A denied frame is not applied, stored or
 * broadcast; the client gets a y-protocols permission-denied message, the denial is audited, and
 * a connection that keeps writing is closed with 4403. Awareness always flows.
 */
import * as encoding from 'lib0/encoding';
import type { Logger } from 'pino';
import { CloseCode } from '../../core/contract/sync-api';
import { can, type Permission } from '../identity/permissions';
import type { IdentityService } from '../identity/service';
import { MESSAGE_AUTH } from '../protocol';
import type { ServerStats } from '../stats';
import type { AccountAuth } from './account-auth';
import type { ConnectionInfo, Extension, MessageContext, MessageVerdict, Role } from './types';

export type WriteDecision = { allowed: true } | { allowed: false; code: 'FORBIDDEN' | 'PROTECTED_BRANCH' | 'REVIEW_REQUIRED'; needs: Permission | null; message: string };

/** May `role` write directly to a branch with this protection? The one rule HTTP and WebSocket share. */
export function writeDecision(role: Role, protection: { requireReview: boolean } | null): WriteDecision {
  if (!protection) {
    return can(role, 'write_branch') ? { allowed: true } : { allowed: false, code: 'FORBIDDEN', needs: 'write_branch', message: `the ${role} role may not write` };
  }
  if (protection.requireReview) return { allowed: false, code: 'REVIEW_REQUIRED', needs: null, message: 'this branch takes changes only as merges of an approved proposal' };
  return can(role, 'write_protected_branch')
    ? { allowed: true }
    : { allowed: false, code: 'PROTECTED_BRANCH', needs: 'write_protected_branch', message: 'protected branch: only maintainers and above write here' };
}

/** A stock client's sync step 2 of an empty document: [sync, step2, len 2, 0, 0]. Sent on every connect. */
const EMPTY_STEP2_BYTES = 5;

/** Every client answers the server's greeting with its state; with nothing new in it, it is no write attempt. */
export function isEmptyGreetingReply(ctx: MessageContext): boolean {
  return ctx.kind === 'sync-step2' && ctx.bytes <= EMPTY_STEP2_BYTES;
}

/** y-protocols/auth: messageAuth · permissionDenied(0) · reason. The stock client logs it. */
export function permissionDenied(reason: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_AUTH);
  encoding.writeVarUint(e, 0);
  encoding.writeVarString(e, reason);
  return encoding.toUint8Array(e);
}

export interface PeerLookup {
  /** Send a frame to the live connection behind `info` (no-op when it is gone). */
  sendTo(info: ConnectionInfo, frame: Uint8Array): void;
}

export class RbacGuard implements Extension {
  readonly name = 'rbac';
  readonly stage = 'rbac' as const;
  private readonly denied = new WeakMap<ConnectionInfo, number>();

  constructor(
    private readonly identity: IdentityService,
    private readonly auth: AccountAuth,
    private readonly peers: PeerLookup,
    private readonly stats: ServerStats,
    private readonly logger: Logger,
    private readonly maxDenied: number,
  ) {}

  onMessage(ctx: MessageContext): MessageVerdict {
    if (ctx.kind !== 'update' && ctx.kind !== 'sync-step2') return undefined;
    const { connection } = ctx;
    const role = connection.principal?.role;
    const decision: WriteDecision = role
      ? writeDecision(role, this.identity.protectionOf(connection.key.workspace, connection.key.branch))
      : { allowed: false, code: 'FORBIDDEN', needs: 'write_branch', message: 'not authenticated' };
    if (decision.allowed) return undefined;
    if (isEmptyGreetingReply(ctx)) return { action: 'drop' };
    this.stats.countError('write_forbidden');
    const n = (this.denied.get(connection) ?? 0) + 1;
    this.denied.set(connection, n);
    const author = this.auth.authorOf(connection.principal);
    this.identity
      .audit(connection.key.workspace, author.name, 'write.denied', { branch: connection.key.branch, code: decision.code, role: role ?? null, kind: ctx.kind, bytes: ctx.bytes, author })
      .catch((err: unknown) => this.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'audit of a denied write failed'));
    if (n > this.maxDenied) return { action: 'close', code: CloseCode.FORBIDDEN, reason: `${decision.code}: too many denied writes` };
    this.peers.sendTo(connection, permissionDenied(`${decision.code}: ${decision.message}`));
    return { action: 'drop' };
  }
}
