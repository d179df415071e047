/** "Laptops" for sync tests: a real local store each, a real SyncService, the real oms-sync on port 0. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docToOntology } from '../../../core/yjs';
import type { Ontology } from '../../../core/model';
import { Workspace, type BranchSession } from '../../../main/services/store';
import { SyncService, type BranchSyncStatus } from '../../../main/services/sync';
import { airline } from '../../support/workspace-fixture';
import { afterEach, beforeEach } from 'vitest';
import { startServer, TOKEN, waitFor, type TestServer } from '../../sync-server/helpers';

export interface Laptop {
  root: string;
  ws: Workspace;
  session: BranchSession;
  sync: SyncService;
  statuses: BranchSyncStatus[];
  read(): Ontology;
  /** Close and reopen the store, as after a restart of the app. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

async function signedIn(name: string, http: string, token: string): Promise<{ root: string; sync: SyncService; statuses: BranchSyncStatus[] }> {
  const root = mkdtempSync(join(tmpdir(), `oms-laptop-${name}-`));
  const sync = new SyncService({ settingsDir: join(root, 'profile'), backoff: { baseMs: 20, maxMs: 200 } });
  const statuses: BranchSyncStatus[] = [];
  sync.onStatus((s) => statuses.push(s));
  await sync.signIn({ server: http, method: { kind: 'token', token, user: name } });
  return { root, sync, statuses };
}

function laptopOf(root: string, ws: Workspace, session: BranchSession, sync: SyncService, statuses: BranchSyncStatus[]): Laptop {
  return {
    root, ws, session, sync, statuses,
    read() {
      return docToOntology(this.session.doc); // the current session: tests reopen the store
    },
    async restart() {
      this.sync.disconnect('acme', 'main');
      await this.ws.close();
      this.ws = await Workspace.open(root, 'acme', { durability: 'normal' });
      this.session = await this.ws.openBranch('main');
    },
    async close() {
      this.sync.close();
      await this.ws.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The first desktop: creates `acme` from the airline example and publishes it (history + an empty room). */
export async function publisher(name: string, http: string, token = TOKEN): Promise<Laptop> {
  const { root, sync, statuses } = await signedIn(name, http, token);
  const ws = await Workspace.create(root, 'acme', { from: airline(), author: name, durability: 'normal' });
  await sync.push(ws, 'main');
  const session = await ws.openBranch('main');
  await sync.connect(ws, session);
  return laptopOf(root, ws, session, sync, statuses);
}

/** Another desktop: clones `acme` from the server (commits + the room's document), not connected yet. */
export async function cloner(name: string, http: string, token = TOKEN): Promise<Laptop> {
  const { root, sync, statuses } = await signedIn(name, http, token);
  const { workspace } = await sync.clone(root, 'acme');
  const session = await workspace.openBranch('main');
  return laptopOf(root, workspace, session, sync, statuses);
}

export function synced(l: Laptop): Promise<void> {
  return waitFor(() => l.sync.status().length > 0 && l.sync.status().every((s) => s.state === 'synced'), `laptop ${l.root} synced`);
}

export interface Team {
  server: TestServer;
  a: Laptop;
  b: Laptop;
}

/** Registers hooks: per test a fresh server, a publisher `a` (connected, synced) and a clone `b` (not connected). */
export function useTeam(): Team {
  const team = {} as Team;
  beforeEach(async () => {
    team.server = await startServer();
    team.a = await publisher('a', team.server.http);
    await synced(team.a);
    team.b = await cloner('b', team.server.http);
  });
  afterEach(async () => {
    await team.a.close();
    await team.b.close();
    await team.server.stop();
  });
  return team;
}
