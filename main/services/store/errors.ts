import { OmsError } from '../../../core/errors';

/**
 * Stable codes of the local store. CLI exit codes, IPC error objects and the UI switch on these.
 * STORAGE_* codes are part of the DocStorage contract (test/contract): every implementation,
 * local or server, rejects bad input with them.
 */
export type StoreErrorCode =
  | 'STORAGE_INVALID_UPDATE'
  | 'STORAGE_INVALID_KEY'
  | 'STORAGE_CLOSED'
  | 'STORE_CORRUPT'
  | 'STORE_NOT_OMS'
  | 'STORE_VERSION'
  | 'STORE_IO'
  | 'STORE_NOT_FOUND'
  | 'STORE_INVALID_ARG'
  | 'WORKSPACE_NOT_FOUND'
  | 'WORKSPACE_EXISTS'
  | 'WORKSPACE_AMBIGUOUS'
  | 'BRANCH_NOT_FOUND'
  | 'BRANCH_EXISTS'
  | 'BRANCH_PROTECTED'
  | 'BRANCH_IN_USE'
  | 'BRANCH_DIRTY'
  | 'BRANCH_NOT_FAST_FORWARD'
  | 'REF_NOT_FOUND'
  | 'REF_AMBIGUOUS'
  | 'COMMIT_NOT_FOUND'
  | 'COMMIT_BLOCKED'
  | 'COMMIT_EMPTY'
  | 'TAG_EXISTS'
  | 'TAG_NOT_FOUND'
  | 'REVERT_CONFLICT';

export class StoreError extends OmsError {
  declare readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(code, message, details, options);
  }
}

/** better-sqlite3 errors carry SQLite's result code; map the ones that mean "this file is damaged". */
export function sqliteCode(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    const code = (err as { code: string }).code;
    return code.startsWith('SQLITE_') ? code : undefined;
  }
  return undefined;
}

/** Re-throw SQLite damage as STORE_CORRUPT / STORE_NOT_OMS; anything else unchanged. */
export function translateSqliteError(err: unknown, file: string): never {
  const code = sqliteCode(err);
  if (code === 'SQLITE_NOTADB') {
    throw new StoreError('STORE_NOT_OMS', `${file} is not an SQLite database`, { file }, { cause: err });
  }
  if (code === 'SQLITE_CORRUPT' || code?.startsWith('SQLITE_CORRUPT') || code?.startsWith('SQLITE_IOERR_SHORT_READ')) {
    throw new StoreError('STORE_CORRUPT', `${file} is damaged (${code}); restore it from a backup or export what is readable`, { file, sqlite: code }, { cause: err });
  }
  throw err;
}
