import { OmsError } from '../core/errors';
import type { StoreErrorCode } from '../main/services/store/errors';

/** CLI-level failures (bad arguments, unreadable or unwritable files). */
export class CliError extends OmsError {}

/**
 * Exit codes follow sysexits(3) for failures so scripts can tell "your input is wrong" from "the
 * environment failed" from "the tool broke". 0/1/2 are the validation outcomes (ok / ERROR / BLOCK).
 * README.md ("Exit codes") documents this table; test/cli/exit-codes.test.ts keeps them in step.
 */
export const EXIT = {
  OK: 0,
  ERRORS: 1,
  BLOCKED: 2,
  /** EX_USAGE: wrong arguments or options. */
  USAGE: 64,
  /** EX_DATAERR: the input (file, store content, request) is wrong. */
  DATA: 65,
  /** EX_NOINPUT: a named file, store, workspace, branch, ref or commit does not exist. */
  NO_INPUT: 66,
  /** EX_SOFTWARE: a bug in oms. */
  SOFTWARE: 70,
  /** EX_CANTCREAT: an output cannot be created (exists, folder missing, is a directory). */
  CANT_CREATE: 73,
  /** EX_IOERR: reading or writing failed (disk full, I/O error). */
  IO: 74,
  /** EX_TEMPFAIL: a conflict to resolve, or a busy/changed store: retrying (after resolving) can succeed. */
  CONFLICT: 75,
  /** EX_NOPERM: the store or file cannot be written with these permissions. */
  NO_PERMISSION: 77,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Every store code, checked by the compiler: a code helper modules add without an exit code fails typecheck. */
const STORE_EXIT: Record<StoreErrorCode, ExitCode> = {
  STORAGE_INVALID_UPDATE: EXIT.DATA,
  STORAGE_INVALID_KEY: EXIT.USAGE,
  STORAGE_CLOSED: EXIT.SOFTWARE,
  STORE_CORRUPT: EXIT.DATA,
  STORE_NOT_OMS: EXIT.DATA,
  STORE_VERSION: EXIT.DATA,
  STORE_IO: EXIT.IO,
  STORE_NOT_FOUND: EXIT.NO_INPUT,
  STORE_INVALID_ARG: EXIT.USAGE,
  STORE_DISK_FULL: EXIT.IO,
  STORE_READ_ONLY: EXIT.NO_PERMISSION,
  STORE_BUSY: EXIT.CONFLICT,
  STORE_NOT_A_DIRECTORY: EXIT.USAGE,
  NAME_TAKEN: EXIT.CANT_CREATE,
  STATE_CHANGED: EXIT.CONFLICT,
  WORKSPACE_NOT_FOUND: EXIT.NO_INPUT,
  WORKSPACE_EXISTS: EXIT.CANT_CREATE,
  WORKSPACE_AMBIGUOUS: EXIT.USAGE,
  BRANCH_NOT_FOUND: EXIT.NO_INPUT,
  BRANCH_EXISTS: EXIT.CANT_CREATE,
  BRANCH_PROTECTED: EXIT.DATA,
  BRANCH_IN_USE: EXIT.CONFLICT,
  BRANCH_DIRTY: EXIT.CONFLICT,
  BRANCH_NOT_FAST_FORWARD: EXIT.CONFLICT,
  REF_NOT_FOUND: EXIT.NO_INPUT,
  REF_AMBIGUOUS: EXIT.USAGE,
  COMMIT_NOT_FOUND: EXIT.NO_INPUT,
  COMMIT_BLOCKED: EXIT.BLOCKED,
  COMMIT_EMPTY: EXIT.DATA,
  TAG_EXISTS: EXIT.CANT_CREATE,
  TAG_NOT_FOUND: EXIT.NO_INPUT,
  REVERT_CONFLICT: EXIT.CONFLICT,
};

/** Codes of the other boundaries the CLI calls (cli, core/model, core/merge, interop, merge flow, semver). */
const OTHER_EXIT: Record<string, ExitCode> = {
  USAGE: EXIT.USAGE,
  ARG_INVALID: EXIT.USAGE,
  ARG_CONFLICT: EXIT.USAGE,
  FILE_NOT_FOUND: EXIT.NO_INPUT,
  FILE_IS_DIRECTORY: EXIT.NO_INPUT,
  FILE_UNREADABLE: EXIT.IO,
  FILE_NOT_JSON: EXIT.DATA,
  FILE_TOO_LARGE: EXIT.DATA,
  JSON_DUPLICATE_KEY: EXIT.DATA,
  JSON_RESERVED_KEY: EXIT.DATA,
  FILE_EXISTS: EXIT.CANT_CREATE,
  FILE_DIR_NOT_FOUND: EXIT.CANT_CREATE,
  FILE_OUTPUT_IS_DIRECTORY: EXIT.CANT_CREATE,
  FILE_UNWRITABLE: EXIT.CANT_CREATE,
  FILE_READ_ONLY: EXIT.NO_PERMISSION,
  FILE_DISK_FULL: EXIT.IO,
  IO_ERROR: EXIT.IO,
  MODEL_INVALID: EXIT.DATA,
  DOC_INVALID: EXIT.DATA,
  DOC_NOT_EMPTY: EXIT.DATA,
  EDIT_INVALID: EXIT.DATA,
  EDIT_NOT_FOUND: EXIT.NO_INPUT,
  ORDER_KEY_INVALID: EXIT.DATA,
  DIFF_NOT_APPLICABLE: EXIT.DATA,
  IMPORT_ID_COLLISION: EXIT.DATA,
  IMPORT_RECORD_INVALID: EXIT.DATA,
  IMPORT_PARSE_ERROR: EXIT.DATA,
  OBO_PARSE_ERROR: EXIT.DATA,
  RDF_UNMODELLED_INVALID: EXIT.DATA,
  IMPORT_EMPTY: EXIT.DATA,
  IMPORT_UNSUPPORTED_FORMAT: EXIT.DATA,
  IMPORT_UNSUPPORTED_CONSTRUCT: EXIT.DATA,
  IMPORT_REMOTE_CONTEXT: EXIT.DATA,
  IMPORT_TARGET_DIRTY: EXIT.CONFLICT,
  EXPORT_UNSUPPORTED_FORMAT: EXIT.DATA,
  EXPORT_FAILED: EXIT.DATA,
  REVERT_TARGET_DIRTY: EXIT.CONFLICT,
  MERGE_CONFLICT: EXIT.CONFLICT,
  MERGE_BLOCKED: EXIT.CONFLICT,
  MERGE_TARGET_DIRTY: EXIT.CONFLICT,
  MERGE_UP_TO_DATE: EXIT.CONFLICT,
  MERGE_STALE: EXIT.CONFLICT,
  MERGE_RESOLUTIONS_INVALID: EXIT.CONFLICT,
  MERGE_RESOLUTION_INVALID: EXIT.CONFLICT,
  RELEASE_NOTHING_TO_RELEASE: EXIT.DATA,
  RELEASE_TAG_EXISTS: EXIT.CANT_CREATE,
  VERSION_INVALID: EXIT.USAGE,
  VERSION_NOT_NEWER: EXIT.DATA,
  VERSION_UNDERSTATES_CHANGES: EXIT.DATA,
};

export const EXIT_BY_CODE: Readonly<Record<string, ExitCode>> = { ...OTHER_EXIT, ...STORE_EXIT };

/** Families for codes a boundary adds later without a row here yet; a typed error is never "a bug". */
const EXIT_BY_CODE_PREFIX: Array<[RegExp, ExitCode]> = [
  [/^(USAGE|ARG_)/, EXIT.USAGE],
  [/_NOT_FOUND$/, EXIT.NO_INPUT],
  [/^(MERGE_|REVERT_)/, EXIT.CONFLICT],
  [/^(FILE_|IO_)/, EXIT.IO],
];

export function exitCodeFor(err: OmsError): ExitCode {
  const exact = EXIT_BY_CODE[err.code];
  if (exact !== undefined) return exact;
  for (const [re, code] of EXIT_BY_CODE_PREFIX) if (re.test(err.code)) return code;
  return EXIT.DATA;
}

/** True when running the command again can succeed as is (a busy or concurrently changed store). */
export function isRetryable(err: OmsError): boolean {
  return err.details?.retryable === true || err.code === 'STORE_BUSY' || err.code === 'STATE_CHANGED';
}
