import { closeSync, existsSync, openSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { errorMessage } from '../core/errors';
import { parseOntologyText, type Ontology } from '../core/model';
import { parseJsonStrict } from '../core/model/strict-json';
import { readInputText } from '../main/services/interop/input-file';
import { CliError } from './errors';

/** A user's input file as text: typed errors, BOM dropped, size-limited (main/services/interop/input-file). */
export function readText(path: string, options: { keepBom?: boolean } = {}): string {
  return readInputText(path, options);
}

/** JSON with duplicate keys refused (JSON_DUPLICATE_KEY) rather than silently keeping the last one. */
export function readJson(path: string): unknown {
  return asFileJson(path, () => parseJsonStrict(readText(path), path));
}

/** Read an oms/1 ontology file; shape errors surface as MODEL_INVALID with the first offending path. */
export function readOntologyFile(path: string): Ontology {
  // parseOntology(readJson(path)), reading the parsed value in place instead of copying it.
  return readOntologyFileWith(path, parseOntologyText);
}

/**
 * An ontology file's text read by `read` (parseOntologyText, or the store's prepareOntologyText,
 * which gives its errors), with readOntologyFile's checks and error codes.
 */
export function readOntologyFileWith<T>(path: string, read: (text: string, source: string) => T): T {
  return asFileJson(path, () => read(readText(path), path));
}

function asFileJson<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof SyntaxError) throw new CliError('FILE_NOT_JSON', `${path} is not valid JSON: ${errorMessage(err)}`, { path });
    throw err;
  }
}

/** Why `path` cannot be an output file, checked before any work is done; undefined when it can. */
export function outputProblem(path: string): CliError | undefined {
  const dir = dirname(path);
  if (!existsSync(dir)) return new CliError('FILE_DIR_NOT_FOUND', `cannot write ${path}: folder ${dir} does not exist`, { path });
  if (!statSync(dir).isDirectory()) return new CliError('FILE_DIR_NOT_FOUND', `cannot write ${path}: ${dir} is not a folder`, { path });
  if (existsSync(path) && statSync(path).isDirectory()) return new CliError('FILE_OUTPUT_IS_DIRECTORY', `cannot write ${path}: it is a directory (give a file name)`, { path });
  return undefined;
}

export function checkOutput(path: string): void {
  const problem = outputProblem(path);
  if (problem) throw problem;
}

/**
 * Write via a temp file in the same folder and rename, so the target is either the old file or the
 * complete new one, never half written; on any failure the temp file is removed again. `content`
 * may be a writer that hands over the text in pieces (a store checkout), so it is never held whole.
 */
export function writeFileAtomic(path: string, content: string | ((write: (chunk: string) => void) => void)): void {
  checkOutput(path);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    if (typeof content === 'string') writeFileSync(tmp, content, { flag: 'wx' });
    else {
      const fd = openSync(tmp, 'wx');
      try {
        content((chunk) => writeSync(fd, chunk));
      } finally {
        closeSync(fd);
      }
    }
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // Never created, or already renamed.
    }
    throw writeError(err, path);
  }
}

function writeError(err: unknown, path: string): CliError {
  const code = (err as NodeJS.ErrnoException).code;
  const details = { path, errno: code };
  if (code === 'ENOSPC' || code === 'EDQUOT') return new CliError('FILE_DISK_FULL', `cannot write ${path}: the disk is full; the file was left as it was`, details);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new CliError('FILE_READ_ONLY', `cannot write ${path}: permission denied (${code})`, details);
  if (code === 'EISDIR') return new CliError('FILE_OUTPUT_IS_DIRECTORY', `cannot write ${path}: it is a directory (give a file name)`, details);
  if (code === 'ENOENT' || code === 'ENOTDIR') return new CliError('FILE_DIR_NOT_FOUND', `cannot write ${path}: its folder does not exist`, details);
  return new CliError('FILE_UNWRITABLE', `cannot write ${path}: ${errorMessage(err)}`, details);
}
