/**
 * Where stores live. One SQLite file per workspace under `<root>/workspaces/<name>.oms.sqlite`.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { StoreError } from './errors';

export const WORKSPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const WORKSPACE_FILE_SUFFIX = '.oms.sqlite';

/**
 * Default store root: `$OMS_HOME` if set; else the platform's user data dir + `oms-studio`:
 * Linux `$XDG_DATA_HOME` (default ~/.local/share), macOS ~/Library/Application Support,
 * Windows `%APPDATA%`.
 */
export function defaultStoreRoot(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.OMS_HOME) return env.OMS_HOME;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'oms-studio');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'oms-studio');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'oms-studio');
}

export function checkWorkspaceName(name: string): string {
  if (!WORKSPACE_NAME.test(name)) {
    throw new StoreError('STORE_INVALID_ARG', `invalid workspace name "${name}": 1-64 characters of A-Z a-z 0-9 _ . -, starting with a letter or digit`, { name });
  }
  return name;
}

export function workspaceFile(root: string, name: string): string {
  return join(root, 'workspaces', `${checkWorkspaceName(name)}${WORKSPACE_FILE_SUFFIX}`);
}
