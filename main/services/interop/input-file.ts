/**
 * Reading a user's input file (ontology JSON, Turtle, RDF/XML, JSON-LD …) as text, for the CLI and
 * the import service alike: typed errors for missing/unreadable files, a leading UTF-8 BOM dropped,
 * and a size limit checked before reading, so a huge file is a clear FILE_TOO_LARGE instead of
 * V8 failing on a string too long or the heap running out halfway through parsing.
 */
import { readFileSync, statSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { errorMessage, OmsError } from '../../../core/errors';

export class InputFileError extends OmsError {}

const MiB = 1024 * 1024;
/** V8's longest string is just under 512 MiB of UTF-16 code units; a file read as text cannot exceed it. */
const V8_STRING_LIMIT = 512 * MiB - 64;
/**
 * Reading an ontology file peaks at about 10× its size on the heap (measured: JSON.parse 2.4×, plus
 * the schema parse, 10.4× before collection, on a 10 MB synthetic file), so a file may use 1/12 of it.
 */
const HEAP_SHARE = 12;

/**
 * The largest input file oms reads: `OMS_MAX_INPUT_MB` when set, else the smaller of 512 MiB and
 * one twelfth of the Node heap limit (raise it with NODE_OPTIONS=--max-old-space-size=…).
 */
export function maxInputBytes(): number {
  const env = Number(process.env.OMS_MAX_INPUT_MB);
  if (Number.isFinite(env) && env > 0) return Math.min(Math.floor(env * MiB), V8_STRING_LIMIT);
  return Math.min(V8_STRING_LIMIT, Math.floor(getHeapStatistics().heap_size_limit / HEAP_SHARE));
}

const mb = (bytes: number): string => `${(bytes / MiB).toFixed(bytes < 10 * MiB ? 1 : 0)} MiB`;

/** `keepBom` for callers that compare bytes (oms fmt rewrites a file that has one). */
export function readInputText(path: string, options: { keepBom?: boolean } = {}): string {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new InputFileError('FILE_IS_DIRECTORY', `${path} is a directory, expected a file`, { path });
    size = stat.size;
  } catch (err) {
    if (err instanceof InputFileError) throw err;
    throw fileError(err, path);
  }
  const limit = maxInputBytes();
  if (size > limit) {
    throw new InputFileError('FILE_TOO_LARGE', `${path} is ${mb(size)}; oms reads input files up to ${mb(limit)} (set OMS_MAX_INPUT_MB, and give Node more heap with NODE_OPTIONS=--max-old-space-size=<MB>)`, { path, size, limit });
  }
  try {
    // Read bytes and decode them, not readFileSync(path, 'utf8'): the same decoding (bad bytes
    // become U+FFFD either way) at ~60% of the CPU on a 46 MB file (measured 140-152 vs 84-114 ms),
    // and a BOM is skipped in the bytes instead of slicing the decoded text.
    const bytes = readFileSync(path);
    const start = !options.keepBom && hasUtf8Bom(bytes) ? 3 : 0;
    return bytes.toString('utf8', start);
  } catch (err) {
    throw fileError(err, path);
  }
}

const hasUtf8Bom = (bytes: Buffer): boolean => bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

function fileError(err: unknown, path: string): InputFileError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new InputFileError('FILE_NOT_FOUND', `no such file: ${path}`, { path });
  if (code === 'EISDIR') return new InputFileError('FILE_IS_DIRECTORY', `${path} is a directory, expected a file`, { path });
  if (code === 'ERR_STRING_TOO_LONG') return new InputFileError('FILE_TOO_LARGE', `${path} is too large to read as text (over 512 MiB)`, { path });
  return new InputFileError('FILE_UNREADABLE', `cannot read ${path}: ${errorMessage(err)}`, { path });
}
