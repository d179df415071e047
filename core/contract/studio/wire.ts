/**
 * What every section of the studio API shares: the error shape, the byte encoding and the small
 * argument schemas (names, refs) that several calls take.
 *
 * Bytes (Yjs updates and states) cross the boundary as base64 strings inside JSON. One encoding for
 * both transports: Electron IPC could structured-clone a Uint8Array, but the web host's WebSocket
 * carries JSON text, and two encodings would mean two schemas and two code paths to keep equal.
 */
import { fromBase64, toBase64 } from 'lib0/buffer';
import { z } from 'zod';
import { OmsError } from '../../errors';

/**
 * Codes the API itself raises. Errors of the layers below (store: BRANCH_NOT_FOUND, COMMIT_EMPTY…,
 * merge: MERGE_CONFLICT…, interop: IMPORT_PARSE_ERROR…) pass through with their own stable codes.
 */
export const STUDIO_ERROR_CODES = [
  'BAD_ARGUMENT',
  'BAD_OUTPUT',
  'UNKNOWN_METHOD',
  'NOT_FOUND',
  'SESSION_NOT_FOUND',
  'JOB_NOT_FOUND',
  'JOB_CANCELLED',
  'JOB_FAILED',
  'TOO_LARGE',
  'UNAUTHORIZED',
  'SYNC_UNAVAILABLE',
  'TRANSPORT_CLOSED',
  'INTERNAL',
] as const;
export type StudioErrorCode = (typeof STUDIO_ERROR_CODES)[number];

/** The error object every failed call resolves to on the wire; the UI switches on `code`. */
export const StudioErrorSchema = z.strictObject({
  code: z.string().min(1).max(100),
  message: z.string().max(100_000),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type StudioErrorShape = z.infer<typeof StudioErrorSchema>;

/** Thrown by the API (both sides): `code` is a StudioErrorCode or a passed-through store/merge/interop code. */
export class StudioError extends OmsError {
  constructor(code: StudioErrorCode | (string & {}), message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(code, message, details, options);
  }

  /** Any thrown value as the wire shape: OmsErrors keep their code, anything else is INTERNAL (never dropped). */
  static toWire(err: unknown): StudioErrorShape {
    if (err instanceof OmsError) return err.details ? { code: err.code, message: err.message, details: jsonSafe(err.details) } : { code: err.code, message: err.message };
    return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
  }

  static fromWire(e: StudioErrorShape): StudioError {
    return new StudioError(e.code, e.message, e.details);
  }
}

/** Details may hold class instances or cycles from deep layers; the wire gets plain JSON or a note. */
function jsonSafe(details: Record<string, unknown>): Record<string, unknown> {
  try {
    return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
  } catch {
    return { note: 'details were not serialisable' };
  }
}

/** Biggest Yjs update or state accepted in one message (base64 characters). */
export const MAX_BYTES_B64 = 256 * 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
export const Base64Schema = z.string().max(MAX_BYTES_B64).regex(BASE64, 'expected base64');

export const encodeBytes = (bytes: Uint8Array): string => toBase64(bytes);
export const decodeBytes = (b64: string): Uint8Array => fromBase64(b64);

/** Workspace names as the store accepts them (main/services/store/paths.ts). */
export const WorkspaceNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'workspace names are 1-64 characters of A-Z a-z 0-9 _ . -');
/** Branch names; the store checks the finer rules and answers STORE_INVALID_ARG. */
export const BranchNameSchema = z.string().min(1).max(100);
/** A branch, tag, commit id or prefix, HEAD, optionally with ~N. */
export const RefSchema = z.string().min(1).max(200);
export const IdSchema = z.string().min(1).max(100);

/** `{}` on the wire for calls without arguments or results. */
export const EmptySchema = z.strictObject({});

/**
 * A domain value produced by our own core (an OntologyDiff, a MergePreview…), typed from its
 * TypeScript interface. Only main produces these, so the check is shallow: the shape is owned by
 * core and tested there; re-describing it here would be the "written twice" this contract avoids.
 */
export function domain<T>(what: string): z.ZodType<T> {
  return z.custom<T>((v) => typeof v === 'object' && v !== null, { message: `expected ${what}` });
}
