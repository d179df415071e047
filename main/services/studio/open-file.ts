/**
 * Files the OS hands the app (double-click, "Open with", argv): a workspace file inside the store is
 * opened as it is; a workspace file elsewhere is copied into the store; anything else is imported as
 * a new workspace named after the file.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { StudioError } from '../../../core/contract/studio-api';
import { workspaceFile } from '../store';
import { WORKSPACE_FILE_SUFFIX } from '../store/paths';
import type { StudioBackend } from './backend';
import { parseImport } from './operations';

/** A free workspace name derived from a file name: `airline.oms.json` → `airline`, then `airline-2`, … */
export function freeWorkspaceName(taken: ReadonlySet<string>, fileName: string): string {
  const stem = basename(fileName).replace(/(\.oms)?(\.[^.]+)?$/, '').replace(/\.oms$/, '');
  const base = stem.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 56) || 'workspace';
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}-${i}`;
    if (!taken.has(name)) return name;
  }
}

export async function openFromOs(backend: StudioBackend, path: string): Promise<{ workspace: string; file: string }> {
  const file = resolve(path);
  const taken = new Set(backend.workspaces.list().map((w) => w.name));
  if (file.endsWith(WORKSPACE_FILE_SUFFIX)) {
    const inStore = resolve(dirname(file)) === resolve(backend.options.storeDir, 'workspaces');
    const own = basename(file).slice(0, -WORKSPACE_FILE_SUFFIX.length);
    if (inStore && taken.has(own)) return { workspace: own, file };
    const name = freeWorkspaceName(taken, basename(file).slice(0, -WORKSPACE_FILE_SUFFIX.length));
    const target = workspaceFile(backend.options.storeDir, name);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
    await backend.workspaces.get(name); // refuses (STORE_NOT_OMS, STORE_CORRUPT) what is not a workspace
    return { workspace: name, file };
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new StudioError('NOT_FOUND', `cannot read ${file}: ${(err as Error).message}`, { file });
  }
  const name = freeWorkspaceName(taken, file);
  const { ontology } = await parseImport({ name, text, fileName: file });
  await backend.workspaces.create(name, ontology);
  return { workspace: name, file };
}
