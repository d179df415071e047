/**
 * How a live room is keyed in DocStorage (SQLite `oms-sync.db` or PostgreSQL): by the stable ids of
 * its workspace and branch, never by their names. The `id:` prefix cannot occur in a name (paths.ts
 * allows only A-Z a-z 0-9 . _ - and /), so keys of the old name-keyed layout and of this one never
 * collide: the start-up migration (layout-migration.ts) tells them apart by looking.
 */
import type { DocKey } from '../core/storage/doc-storage';

export interface LiveDocIds {
  workspaceId: string;
  branchId: string;
}

const PREFIX = 'id:';

export function liveDocKey(ids: LiveDocIds): DocKey {
  return { workspace: PREFIX + ids.workspaceId, branch: PREFIX + ids.branchId };
}

export function isLiveDocKey(key: DocKey): boolean {
  return key.workspace.startsWith(PREFIX) && key.branch.startsWith(PREFIX);
}

/** Storage's workspace filter (listDocs) for a workspace id. */
export const liveDocWorkspace = (workspaceId: string): string => PREFIX + workspaceId;
