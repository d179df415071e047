import { OmsError } from '../../core/errors';

/**
 * Stable codes of oms-sync's PostgreSQL storage. The STORAGE_INVALID_* / STORAGE_CLOSED codes are
 * the DocStorage contract's (the same ones SqliteDocStorage uses); STORAGE_UNAVAILABLE is what
 * /health/ready reports when the database cannot be reached.
 */
export type PostgresStorageErrorCode =
  | 'STORAGE_INVALID_UPDATE'
  | 'STORAGE_INVALID_KEY'
  | 'STORAGE_CLOSED'
  /** Connection refused/reset/timed out, authentication failed, database missing or shutting down. */
  | 'STORAGE_UNAVAILABLE'
  /** The database holds a schema newer than this server understands. */
  | 'STORAGE_SCHEMA_VERSION'
  /** Any other failure reported by PostgreSQL (details carry its SQLSTATE). */
  | 'STORAGE_QUERY_FAILED';

export class PostgresStorageError extends OmsError {
  declare readonly code: PostgresStorageErrorCode;

  constructor(code: PostgresStorageErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(code, message, details, options);
  }
}

const NETWORK_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** SQLSTATEs meaning "the database is not usable right now", not "this statement is wrong". */
function unavailableSqlState(code: string): boolean {
  return (
    code.startsWith('08') || // connection exception
    code.startsWith('28') || // invalid authorization
    code === '3D000' || // database does not exist
    code === '53300' || // too many connections
    code === '57P01' || // admin shutdown
    code === '57P02' || // crash shutdown
    code === '57P03' // cannot connect now (starting up / recovery)
  );
}

const codeOf = (err: unknown): string | undefined =>
  err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string' ? (err as { code: string }).code : undefined;

/** Map an error from `pg` to a typed error; typed errors pass through unchanged. */
export function translatePgError(err: unknown, what: string): PostgresStorageError {
  if (err instanceof PostgresStorageError) return err;
  const code = codeOf(err);
  const message = err instanceof Error ? err.message : String(err);
  // pg reports dropped sockets and pool timeouts as plain Errors without a code.
  const droppedConnection = /connection terminated|timeout exceeded when trying to connect|connection timeout|Client has encountered a connection error/i.test(message);
  if ((code && (NETWORK_ERRNOS.has(code) || unavailableSqlState(code))) || droppedConnection) {
    return new PostgresStorageError('STORAGE_UNAVAILABLE', `PostgreSQL unavailable while trying to ${what}: ${message}`, code ? { pg: code } : undefined, { cause: err });
  }
  return new PostgresStorageError('STORAGE_QUERY_FAILED', `PostgreSQL failed to ${what}: ${message}`, code ? { sqlstate: code } : undefined, { cause: err });
}
