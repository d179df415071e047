import { OmsError } from '../../../core/errors';

/**
 * Stable codes of the local store, in one list so the CLI (exit codes), IPC error objects and the
 * UI can map every one of them. STORAGE_* codes are part of the DocStorage contract (test/contract):
 * every implementation, local or server, rejects bad input with them.
 */
export const STORE_ERROR_CODES = [
  'STORAGE_INVALID_UPDATE',
  'STORAGE_INVALID_KEY',
  'STORAGE_CLOSED',
  'STORE_CORRUPT',
  'STORE_NOT_OMS',
  'STORE_VERSION',
  'STORE_IO',
  'STORE_NOT_FOUND',
  'STORE_INVALID_ARG',
  /** SQLITE_FULL / ENOSPC: nothing of the failed operation was kept. */
  'STORE_DISK_FULL',
  /** SQLITE_READONLY / EACCES / EROFS: the store (or its folder) cannot be written. */
  'STORE_READ_ONLY',
  /** SQLITE_BUSY: another process held the write lock past the busy timeout. Retryable. */
  'STORE_BUSY',
  /** `--store` (or a parent of the workspace file) is a file, not a directory. */
  'STORE_NOT_A_DIRECTORY',
  /** A create lost a race on a workspace, branch or tag name (the UNIQUE constraint fired). */
  'NAME_TAKEN',
  /** The state an operation was computed from changed before it could be applied. Retryable. */
  'STATE_CHANGED',
  'WORKSPACE_NOT_FOUND',
  'WORKSPACE_EXISTS',
  'WORKSPACE_AMBIGUOUS',
  'BRANCH_NOT_FOUND',
  'BRANCH_EXISTS',
  'BRANCH_PROTECTED',
  'BRANCH_IN_USE',
  'BRANCH_DIRTY',
  'BRANCH_NOT_FAST_FORWARD',
  'REF_NOT_FOUND',
  'REF_AMBIGUOUS',
  'COMMIT_NOT_FOUND',
  'COMMIT_BLOCKED',
  'COMMIT_EMPTY',
  'TAG_EXISTS',
  'TAG_NOT_FOUND',
  'REVERT_CONFLICT',
] as const;

export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];

/** Codes where running the same command again (after a moment) is the right answer. */
export const RETRYABLE_STORE_CODES: ReadonlySet<StoreErrorCode> = new Set<StoreErrorCode>(['STORE_BUSY', 'STATE_CHANGED']);

export class StoreError extends OmsError {
  declare readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(code, message, details, options);
  }

  get retryable(): boolean {
    return RETRYABLE_STORE_CODES.has(this.code);
  }
}

/** better-sqlite3 errors carry SQLite's (extended) result code, e.g. SQLITE_CONSTRAINT_UNIQUE. */
export function sqliteCode(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    const code = (err as { code: string }).code;
    return code.startsWith('SQLITE_') ? code : undefined;
  }
  return undefined;
}

/** Node's fs errors carry an errno name (ENOSPC, EACCES …). */
export function fsCode(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    const code = (err as { code: string }).code;
    return /^E[A-Z]+$/.test(code) ? code : undefined;
  }
  return undefined;
}

/**
 * The typed form of an environment failure (SQLite result code or fs errno) on `file`, or undefined
 * when `err` is not one: then it is a bug and must surface as such.
 */
export function environmentError(err: unknown, file: string, what?: string): StoreError | undefined {
  if (err instanceof StoreError) return err;
  const code = sqliteCode(err) ?? fsCode(err);
  if (!code) return undefined;
  const doing = what ? ` while ${what}` : '';
  const cause = { cause: err };
  if (code === 'SQLITE_NOTADB') return new StoreError('STORE_NOT_OMS', `${file} is not an SQLite database`, { file }, cause);
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_IOERR_SHORT_READ')) {
    return new StoreError('STORE_CORRUPT', `${file} is damaged (${code}); restore it from a backup or export what is readable`, { file, sqlite: code }, cause);
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return new StoreError('STORE_DISK_FULL', `the disk holding ${file} is full${doing}; nothing of this operation was saved. Free some space and retry`, { file, cause: code }, cause);
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new StoreError('STORE_READ_ONLY', `${file} cannot be written (${code})${doing}; check its permissions or use a writable --store`, { file, cause: code }, cause);
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreError('STORE_BUSY', `${file} is locked by another process${doing}; retry when it is done (the OMS Studio app or another oms command holds its write lock)`, { file, cause: code, retryable: true }, cause);
  }
  if (code === 'ENOTDIR') return new StoreError('STORE_NOT_A_DIRECTORY', `a parent of ${file} is a file, not a directory; point --store at a directory`, { file }, cause);
  if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_IOERR') || code === 'EIO' || code === 'EMFILE' || code === 'ENFILE') {
    return new StoreError('STORE_IO', `cannot access ${file} (${code})${doing}`, { file, cause: code }, cause);
  }
  return undefined;
}

/** Re-throw environment failures (damage, disk full, read-only, busy) typed; anything else unchanged. */
export function translateSqliteError(err: unknown, file: string, what?: string): never {
  throw environmentError(err, file, what) ?? err;
}

/** A UNIQUE / PRIMARY KEY constraint: the name a create inserted was taken meanwhile. */
export function isUniqueViolation(err: unknown): boolean {
  const code = sqliteCode(err);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
