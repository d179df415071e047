import { OmsError } from '../../../core/errors';

/**
 * Stable codes of the desktop's sync client. The studio shows them in the status bar and the
 * renderer switches on them; `retryable` says whether waiting and trying again can help.
 */
export type SyncErrorCode =
  | 'SYNC_NOT_CONFIGURED'
  | 'SYNC_BAD_SERVER_URL'
  | 'SYNC_UNREACHABLE'
  | 'SYNC_AUTH_FAILED'
  | 'SYNC_MFA_REQUIRED'
  | 'SYNC_FORBIDDEN'
  | 'SYNC_READ_ONLY'
  | 'SYNC_PROTOCOL'
  | 'SYNC_SERVER_ERROR'
  | 'SYNC_CREDENTIALS_UNREADABLE'
  | 'SYNC_NOT_LINKED'
  /** The linked room was renamed on the server (followed: a status, not a failure, unless it could not be followed). */
  | 'SYNC_RENAMED'
  | 'REMOTE_MOVED'
  | 'REMOTE_DIVERGED'
  | 'REMOTE_BRANCH_NOT_FOUND'
  | 'LOCAL_DIRTY';

const RETRYABLE: ReadonlySet<SyncErrorCode> = new Set(['SYNC_UNREACHABLE', 'SYNC_SERVER_ERROR', 'REMOTE_MOVED']);

export class SyncError extends OmsError {
  declare readonly code: SyncErrorCode;

  constructor(code: SyncErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(code, message, details, options);
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }
}
