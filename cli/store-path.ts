/**
 * Store selection shared by the history commands: global `--store <dir>` (default: $OMS_HOME, else
 * the user data dir, see defaultStoreRoot) and `--workspace <name>` (default: `default`, or the only
 * workspace there is). Options are checked with zod like every CLI boundary.
 */
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { Workspace, defaultStoreRoot } from '../main/services/store';
import { StoreError } from '../main/services/store/errors';
import { addGlobalOptions } from './global-options';
import { announceWorkspace } from './workspace-note';
import { parseOptions } from './commands/options';

const GlobalStoreOptions = z.object({
  store: z.string().min(1).optional(),
  workspace: z.string().min(1).optional(),
});

/** Adds the global store options once (main adds them first; see cli/global-options). */
export const addStoreOptions: (program: Command) => void = addGlobalOptions;

export function storeRoot(command: Command): string {
  const opts = parseOptions(GlobalStoreOptions, command.optsWithGlobals());
  return resolve(opts.store ?? defaultStoreRoot());
}

export function workspaceName(command: Command): string {
  const opts = parseOptions(GlobalStoreOptions, command.optsWithGlobals());
  if (opts.workspace) return opts.workspace;
  const root = storeRoot(command);
  const all = Workspace.list(root);
  if (all.some((w) => w.name === 'default')) return 'default';
  if (all.length === 1) return (all[0] as { name: string }).name;
  if (all.length === 0) throw new StoreError('WORKSPACE_NOT_FOUND', `no workspace in ${root}; create one with: oms workspace create default`, { root });
  throw new StoreError('WORKSPACE_AMBIGUOUS', `several workspaces in ${root} (${all.map((w) => w.name).join(', ')}); pick one with --workspace`, { root });
}

/**
 * Open the selected workspace, run `fn`, always close (flushing any open branch). Readers pass
 * `readOnly`: they then work on a read-only store and never wait for a writer's lock.
 */
export async function withWorkspace<T>(command: Command, fn: (ws: Workspace) => Promise<T> | T, opts: { readOnly?: boolean; announce?: boolean } = {}): Promise<T> {
  const ws = await Workspace.open(storeRoot(command), workspaceName(command), opts.readOnly ? { readOnly: true } : {});
  try {
    const result = await fn(ws);
    if (opts.announce !== false) announceWorkspace(command, ws);
    return result;
  } finally {
    await ws.close();
  }
}

export function defaultAuthor(): string {
  if (process.env.OMS_AUTHOR) return process.env.OMS_AUTHOR;
  try {
    return userInfo().username || 'oms';
  } catch {
    return 'oms';
  }
}

export function shortId(id: string): string {
  return id.slice(0, 12);
}
