import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { errorMessage } from '../core/errors';
import { parseOntology, type Ontology } from '../core/model';
import { CliError } from './errors';

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError('FILE_NOT_FOUND', `no such file: ${path}`, { path });
    if (code === 'EISDIR') throw new CliError('FILE_IS_DIRECTORY', `${path} is a directory, expected a file`, { path });
    throw new CliError('FILE_UNREADABLE', `cannot read ${path}: ${errorMessage(err)}`, { path });
  }
}

export function readJson(path: string): unknown {
  const text = readText(path);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CliError('FILE_NOT_JSON', `${path} is not valid JSON: ${errorMessage(err)}`, { path });
  }
}

/** Read an oms/1 ontology file; shape errors surface as MODEL_INVALID with the first offending path. */
export function readOntologyFile(path: string): Ontology {
  return parseOntology(readJson(path));
}

/** Write via a temp file and rename so a crash never leaves a half-written file behind. */
export function writeFileAtomic(path: string, content: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}
