/**
 * Room addressing: `/ws/<workspace>/<branch>`. The stock y-websocket client appends the room name to
 * the server URL unencoded, so a branch may span several path segments (`feature/login`).
 */
import type { DocKey } from '../core/storage/doc-storage';
import { WORKSPACE_NAME } from '../main/services/store/paths';

// The same rule as a workspace file's name: a room's workspace is the file holding its branch ids.
const WORKSPACE = WORKSPACE_NAME;
const SEGMENT = /^[A-Za-z0-9._-]+$/;

export function isValidWorkspace(s: string): boolean {
  return WORKSPACE.test(s);
}

export function isValidBranch(s: string): boolean {
  if (s.length === 0 || s.length > 200) return false;
  return s.split('/').every((seg) => SEGMENT.test(seg) && seg !== '.' && seg !== '..');
}

/** The room's names (workspace, branch) of a WebSocket path, or null when the path is not a room. */
export function parseRoomPath(pathname: string): DocKey | null {
  if (!pathname.startsWith('/ws/')) return null;
  let parts: string[];
  try {
    parts = pathname.slice(4).split('/').map(decodeURIComponent);
  } catch {
    return null;
  }
  const [workspace, ...rest] = parts;
  const branch = rest.join('/');
  if (!workspace || !isValidWorkspace(workspace) || !isValidBranch(branch)) return null;
  return { workspace, branch };
}
