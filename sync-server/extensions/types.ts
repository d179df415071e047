/**
 * The extension contract of oms-sync (DESIGN.md §6, Hocuspocus-style typed hooks).
 *
 * Extensions run in a fixed order of stages: limits → auth → rbac → persistence → audit → observe.
 * Within a stage, in registration order. A hook refuses by throwing ConnectionRejected (connection
 * hooks) or by returning a verdict (onMessage). onMessage is synchronous on purpose: it runs once
 * per inbound frame on the hot path, and everything it needs (principal, role) is already known.
 */
import type { IncomingMessage } from 'node:http';
import type * as Y from 'yjs';
import type { DocKey } from '../../core/storage/doc-storage';
import type { ConnectionRejected } from '../errors';

export const STAGES = ['limits', 'auth', 'rbac', 'persistence', 'audit', 'observe'] as const;
export type Stage = (typeof STAGES)[number];

export const ROLES = ['owner', 'admin', 'maintainer', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Who is on the other end of a connection, as established by an auth extension. */
export interface Principal {
  /** Stable id for logs and audit; never the secret itself. */
  id: string;
  role: Role;
  /** Opaque id of the credential that authenticated it (e.g. a token digest), for live revocation. */
  credential?: string;
  /**
   * True only when the principal is granted every workspace: it may see server-wide operations data
   * (every room, storage errors). Absent means workspace-scoped (fail closed).
   */
  serverWide?: boolean;
}

export interface UpgradeContext {
  readonly requestId: string;
  readonly request: IncomingMessage;
  readonly ip: string;
  readonly key: DocKey;
}

export interface AuthenticateContext extends Omit<UpgradeContext, 'key'> {
  /** The document asked for; null for server-wide HTTP endpoints (/health/detailed). */
  readonly key: DocKey | null;
  /** Bearer token from `?token=` or the Authorization header; null when none was sent. */
  readonly token: string | null;
}

/** What hooks see of a live connection. */
export interface ConnectionInfo {
  readonly id: number;
  readonly requestId: string;
  readonly ip: string;
  readonly key: DocKey;
  readonly principal: Principal | null;
}

/** Decoded envelope of a y-websocket frame (the payload itself stays undecoded). */
export type MessageKind = 'sync-step1' | 'sync-step2' | 'update' | 'awareness' | 'query-awareness';

export interface MessageContext {
  readonly connection: ConnectionInfo;
  readonly kind: MessageKind;
  readonly bytes: number;
}

/**
 * `defer`: not now (over a rate budget). The connection holds this frame and every later one, stops
 * reading its socket (TCP backpressure reaches the client) and retries after `retryInMs`.
 */
export type MessageVerdict =
  | { action: 'drop' }
  | { action: 'close'; code: number; reason: string }
  | { action: 'defer'; retryInMs: number }
  | undefined;

export interface LoadContext {
  /** The room's names (what clients, tokens and roles address). */
  readonly key: DocKey;
  /** Where the room is stored: its workspace and branch ids (live-doc-key.ts), stable across renames. */
  readonly docKey: DocKey;
  readonly doc: Y.Doc;
}

/** Result of a load: how many bytes the stored state occupies (feeds the document size limit). */
export interface LoadResult {
  storedBytes: number;
}

export interface StoreContext {
  readonly key: DocKey;
  /** As LoadContext.docKey. */
  readonly docKey: DocKey;
  /** The batch to make durable, already merged; applied to the room's doc but not yet broadcast. */
  readonly update: Uint8Array;
  readonly updateCount: number;
}

export interface ChangeContext {
  readonly key: DocKey;
  readonly update: Uint8Array;
  /** Connections whose messages are in this durable batch. */
  readonly origins: readonly ConnectionInfo[];
}

export interface UnloadContext {
  readonly key: DocKey;
  readonly docKey: DocKey;
}

export interface DisconnectContext {
  readonly connection: ConnectionInfo;
  readonly code: number;
  readonly reason: string;
}

export interface Extension {
  readonly name: string;
  readonly stage: Stage;
  /** Before the HTTP upgrade completes (connection caps, shutdown). Throw ConnectionRejected to refuse. */
  onUpgrade?(ctx: UpgradeContext): void | Promise<void>;
  /** Establish the principal. The first hook returning one wins; later auth hooks see it via the result. */
  onAuthenticate?(ctx: AuthenticateContext): Principal | undefined | Promise<Principal | undefined>;
  /** After authentication, before the room is joined (rbac: may the principal open this branch?). */
  onConnect?(ctx: ConnectionInfo): void | Promise<void>;
  onMessage?(ctx: MessageContext): MessageVerdict;
  /** Fill `doc` with stored state. Throwing marks the room failed: it is refused (1011), never saved. */
  onLoadDocument?(ctx: LoadContext): Promise<LoadResult | undefined>;
  /** Make a batch durable. Resolving means durable; only then is the batch broadcast. */
  onStoreDocument?(ctx: StoreContext): Promise<void>;
  /** After a batch is durable and broadcast. */
  onChange?(ctx: ChangeContext): void;
  /** The room was flushed and freed after its last client left. */
  onUnloadDocument?(ctx: UnloadContext): void | Promise<void>;
  /**
   * Called about once a second for every open connection: return a rejection to close it now
   * (token revoked or expired, member removed, role lost). Revocation is live, not at reconnect.
   */
  onRevalidate?(ctx: ConnectionInfo): ConnectionRejected | undefined;
  onDisconnect?(ctx: DisconnectContext): void;
  onShutdown?(): void | Promise<void>;
}
