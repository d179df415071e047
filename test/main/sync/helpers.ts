/** "Laptops" for sync tests: a real local store each, a real SyncService, the real oms-sync on port 0. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docToOntology } from '../../../core/yjs';
import type { Ontology } from '../../../core/model';
import { Workspace, type BranchSession } from '../../../main/services/store';
import { SyncService, type BranchSyncStatus } from '../../../main/services/sync';
import { airline } from '../../support/workspace-fixture';
import { TOKEN, waitFor } from '../../sync-server/helpers';

export interface Laptop {
  root: string;
  ws: Workspace;
  session: BranchSession;
  sync: SyncService;
  statuses: BranchSyncStatus[];
  read(): Ontology;
  close(): Promise<void>;
}

/** Both laptops start from the same template with the same clock, so they share the root commit. */
export async function laptop(name: string, http: string, opts: { token?: string; fresh?: boolean } = {}): Promise<Laptop> {
  const root = mkdtempSync(join(tmpdir(), `oms-laptop-${name}-`));
  let t = 1_700_000_000_000;
  const ws = await Workspace.create(root, 'acme', { from: airline(), author: 'template', message: 'Create workspace acme', now: () => (t += 1000), durability: 'normal' });
  const session = await ws.openBranch('main');
  const sync = new SyncService({ settingsDir: join(root, 'profile'), backoff: { baseMs: 20, maxMs: 200 } });
  const statuses: BranchSyncStatus[] = [];
  sync.onStatus((s) => statuses.push(s));
  await sync.signIn({ server: http, method: { kind: 'token', token: opts.token ?? TOKEN, user: name } });
  return {
    root, ws, session, sync, statuses,
    read() {
      return docToOntology(this.session.doc); // the current session: tests reopen the store
    },
    async close() {
      sync.close();
      await ws.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export function synced(l: Laptop): Promise<void> {
  return waitFor(() => l.sync.status().every((s) => s.state === 'synced'), `laptop ${l.root} synced`);
}
