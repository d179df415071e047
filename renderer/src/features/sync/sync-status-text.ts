/**
 * One line for a branch's sync status (status bar, Sync dialog). A link follows the room by its
 * server id, so the server's names are shown when they differ from the local ones, and a rename
 * the client followed is said once in words rather than as a code.
 */
import type { SyncStatus } from '../../../../core/contract/studio-api';

const place = (p: { workspace: string; branch: string }, local: SyncStatus): string => (p.workspace === local.workspace ? p.branch : `${p.workspace}/${p.branch}`);

export function syncStatusText(s: SyncStatus): string {
  const code = s.code && s.code !== 'SYNC_RENAMED' ? ` (${s.code})` : '';
  const renamed = s.renamed ? ` — renamed on the server to ${place(s.renamed.to, s)}` : '';
  const remote = !s.renamed && s.remote ? ` — on the server as ${place(s.remote, s)}` : '';
  return `Sync: ${s.state}${code}${renamed}${remote}`;
}
