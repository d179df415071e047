import { OmsError } from '../core/errors';

export type SyncServerErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_UNREADABLE'
  | 'TOKENS_INVALID'
  | 'TOKENS_UNREADABLE'
  | 'AUTH_NOT_CONFIGURED'
  | 'SERVER_LISTEN_FAILED'
  | 'ADMIN_FAILED';

/** Errors of oms-sync's own boundaries (config, token file, startup, admin commands). */
export class SyncServerError extends OmsError {
  declare readonly code: SyncServerErrorCode;

  constructor(code: SyncServerErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(code, message, details, options);
  }
}

/**
 * Thrown by an extension hook to refuse a connection. The server turns it into an HTTP status
 * before the upgrade, or a WebSocket close code after it, and counts it under `code`.
 */
export class ConnectionRejected extends OmsError {
  constructor(
    code: string,
    message: string,
    readonly httpStatus: number,
    readonly closeCode: number,
  ) {
    super(code, message);
  }
}
