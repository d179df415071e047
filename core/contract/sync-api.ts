/**
 * Wire contract of oms-sync's HTTP surface: the bodies of /health*, the error shape every endpoint
 * returns, and the WebSocket close codes. Shared by the server (validation, OpenAPI) and the
 * desktop's sync client (parsing responses), so both sides derive their types from one place.
 */
import { z } from 'zod';

/** Every non-2xx JSON response has exactly this shape; clients switch on `code`, never on `message`. */
export const ApiErrorSchema = z
  .strictObject({
    error: z.strictObject({
      code: z.string().min(1).describe('Stable machine-readable code, e.g. AUTH_REQUIRED, NOT_FOUND, INVALID_BODY.'),
      message: z.string().describe('Human-readable explanation; may change between versions.'),
      requestId: z.string().optional().describe('Echo of the X-Request-Id of the failed request, for log correlation.'),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  });
export type ApiError = z.infer<typeof ApiErrorSchema>;

export const HealthSchema = z
  .strictObject({
    status: z.enum(['ok', 'degraded', 'unavailable']),
    version: z.string(),
  });
export type Health = z.infer<typeof HealthSchema>;

export const ReadinessSchema = z
  .strictObject({
    status: z.enum(['ok', 'unavailable']),
    storage: z.strictObject({ ok: z.boolean(), error: z.string().optional() }),
    shuttingDown: z.boolean(),
  });
export type Readiness = z.infer<typeof ReadinessSchema>;

export const RoomInfoSchema = z.strictObject({
  workspace: z.string(),
  branch: z.string(),
  state: z.enum(['loading', 'ready', 'unloading', 'unloaded', 'failed']),
  connections: z.number().int().nonnegative(),
  pendingUpdates: z.number().int().nonnegative().describe('Updates received but not yet durable.'),
  storedBytes: z.number().int().nonnegative(),
});
export type RoomInfo = z.infer<typeof RoomInfoSchema>;

export const DetailedHealthSchema = z
  .strictObject({
    status: z.enum(['ok', 'degraded', 'unavailable']),
    version: z.string(),
    uptimeSeconds: z.number().nonnegative(),
    connections: z.number().int().nonnegative(),
    rooms: z.array(RoomInfoSchema),
    storage: z.strictObject({
      kind: z.string(),
      ok: z.boolean(),
      error: z.string().optional(),
      failedFlushes: z.number().int().nonnegative(),
      lastFlushError: z.string().optional(),
    }),
    memory: z.strictObject({ rssBytes: z.number().int(), heapUsedBytes: z.number().int() }),
  });
export type DetailedHealth = z.infer<typeof DetailedHealthSchema>;

/**
 * WebSocket close codes. The stock y-websocket client (following the RFC 6455 private-use
 * convention) never reconnects after 4400–4499 and retries everything else with backoff. So:
 * permanent refusals (bad frame, bad/revoked credentials, no access) are 44xx and mirror HTTP
 * statuses (4401 = 401); every transient condition (rate limit, size cap, role change, restart,
 * overload) uses a code the client retries on: 1011–1013 or 45xx. Table: docs/protocol.md.
 */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  POLICY_VIOLATION: 1008,
  MESSAGE_TOO_BIG: 1009,
  INTERNAL_ERROR: 1011,
  SERVICE_RESTART: 1012,
  /** Overloaded or over a per-connection budget; reconnect with backoff (RFC 6455 "Try Again Later"). */
  TRY_AGAIN_LATER: 1013,
  /** Message rate over budget after backpressure could not absorb it. Transient: the client reconnects. */
  RATE_LIMITED: 1013,
  /** The credential's role changed (e.g. editor → viewer): reconnect to get the new one. */
  ROLE_CHANGED: 4501,
  /** The write would grow the document past its cap; retried (the cap may be raised, the doc compacted). */
  DOCUMENT_TOO_LARGE: 4513,
  BAD_MESSAGE: 4400,
  UNAUTHORIZED: 4401,
  FORBIDDEN: 4403,
  /**
   * The client asked for a branch by id (`?branchId=`) and the name now belongs to another branch
   * (renamed away, then re-created): connecting would blend two documents.
   */
  BRANCH_REPLACED: 4409,
  /** The branch was renamed (the reason names the new one): the old name is gone, reconnect under the new name. */
  BRANCH_RENAMED: 4410,
  /** The workspace was renamed (the reason names the new one): reconnect under the new name. */
  WORKSPACE_RENAMED: 4411,
} as const;
export type CloseCodeName = keyof typeof CloseCode;

/** Codes after which a client must not reconnect as is (the stock client's own rule, made explicit). */
export function isPermanentCloseCode(code: number): boolean {
  return code >= 4400 && code < 4500;
}
