/**
 * A desktop's branch maps to exactly one room: its link records the room's ids on the server, so
 * when the server renames the branch (4410, or 4409 once someone re-created the old name) the
 * desktop looks its id up, follows the new name and says so in its status; a local rename keeps
 * the link (the local name is only a label). Edits made in between are never lost or blended.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterEach, expect, it } from 'vitest';
import { CloseCode } from '../../../core/contract/sync-api';
import { renameElement } from '../../../core/yjs';
import { RoomClient, StaticTokenProvider, type RoomStatus } from '../../../main/services/sync';
import { ADMIN_TOKEN, connectClient, OWNER_TOKEN, startServer, storedKey, synced as clientSynced, tempDir, TOKEN, waitFor, writeOwnerTokens, type TestServer } from '../../sync-server/helpers';
import { publisher, synced, type Laptop } from './helpers';

let server: TestServer | undefined;
let a: Laptop | undefined;
afterEach(async () => {
  await a?.close();
  await server?.stop();
  a = server = undefined;
});

interface SavedLinks {
  remoteBranchIds: Record<string, string>;
  remoteBranchNames: Record<string, string>;
  remoteWorkspaceIds: Record<string, string>;
}
const settingsOf = (l: Laptop): SavedLinks => JSON.parse(readFileSync(join(l.root, 'profile', 'sync.json'), 'utf8')) as SavedLinks;

async function renameOnServer(t: TestServer, from: string, to: string): Promise<void> {
  const res = await fetch(`${t.http}/api/v1/workspaces/acme/branches/${from}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: to }),
  });
  expect(res.status).toBe(200);
}

const textIn = (doc: Y.Doc, name = 'local'): string => doc.getText(name).toString();

it('the link records the room ids; a rename while connected is followed, said in the status, and kept across a restart', async () => {
  server = await startServer();
  a = await publisher('ada', server.http);
  await synced(a);
  const stored = storedKey(server.dir, 'acme', 'main');
  expect(Object.values(settingsOf(a).remoteBranchIds)).toEqual([stored.branch.slice(3)]);
  expect(Object.values(settingsOf(a).remoteWorkspaceIds)).toEqual([stored.workspace.slice(3)]);

  await renameOnServer(server, 'main', 'trunk');
  // Made while the client is being closed and follows: in the doc, so in the next handshake.
  a.session.doc.getText('gap').insert(0, 'during the follow');
  await waitFor(() => a!.sync.status()[0]?.state === 'synced' && a!.sync.status()[0]?.remote.branch === 'trunk', 'followed the rename');
  const status = a.sync.status()[0]!;
  expect(status).toMatchObject({ workspace: 'acme', branch: 'main', remote: { workspace: 'acme', branch: 'trunk' }, renamed: { from: { branch: 'main' }, to: { branch: 'trunk' } } });
  expect(a.statuses.some((s) => s.error?.code === 'SYNC_RENAMED' && s.error.closeCode === CloseCode.BRANCH_RENAMED)).toBe(true);
  expect(a.statuses.some((s) => s.state === 'error')).toBe(false);
  expect(Object.values(settingsOf(a).remoteBranchNames)).toEqual(['trunk']);

  // The stock client keeps using names: under the new one it is in the desktop's room.
  const stock = connectClient(server.url, 'acme', 'trunk');
  await clientSynced(stock);
  a.session.doc.getText('local').insert(0, 'after the rename');
  await waitFor(() => textIn(stock.doc) === 'after the rename' && textIn(stock.doc, 'gap') === 'during the follow', 'edits reached the renamed room');
  stock.destroy();

  // A restart connects to the new name at once (no 4410 round trip).
  await a.restart();
  a.statuses.length = 0;
  await a.sync.connect(a.ws, a.session);
  await synced(a);
  expect(a.statuses.some((s) => s.error?.closeCode !== undefined)).toBe(false);
  expect(a.sync.status()[0]!.remote.branch).toBe('trunk');
});

it('offline during the rename, with offline edits, and the old name re-created by someone else: follows by id, blends nothing, loses nothing', async () => {
  server = await startServer();
  a = await publisher('ada', server.http);
  await synced(a);
  a.sync.disconnect('acme', 'main');
  await renameOnServer(server, 'main', 'release/1');
  const stranger = connectClient(server.url, 'acme', 'main');
  await clientSynced(stranger);
  stranger.doc.getText('t').insert(0, 'someone else');
  a.session.doc.getText('local').insert(0, 'offline edit');

  await a.sync.connect(a.ws, a.session);
  await waitFor(() => a!.sync.status()[0]?.state === 'synced' && a!.sync.status()[0]?.remote.branch === 'release/1', 'followed to release/1');
  // The re-created name is another branch: 4409, followed by id, not joined.
  expect(a.statuses.some((s) => s.error?.closeCode === CloseCode.BRANCH_REPLACED)).toBe(true);
  const renamedRoom = connectClient(server.url, 'acme', 'release/1');
  await clientSynced(renamedRoom);
  await waitFor(() => textIn(renamedRoom.doc) === 'offline edit', 'offline edit reached the renamed room');
  expect(textIn(stranger.doc)).toBe('');
  expect(a.session.doc.getText('t').toString()).toBe('');
  renamedRoom.destroy();
  stranger.destroy();
});

it('a local rename keeps the link: the room keeps its server name, no 4409, nothing created on the server', async () => {
  server = await startServer();
  a = await publisher('ada', server.http);
  await synced(a);
  a.sync.disconnect('acme', 'main');
  await a.session.close();
  a.ws.renameBranch('main', 'mine');
  a.session = await a.ws.openBranch('mine');
  a.session.doc.getText('local').insert(0, 'edited as mine');

  await a.sync.connect(a.ws, a.session);
  await synced(a);
  expect(a.sync.status()[0]).toMatchObject({ workspace: 'acme', branch: 'mine', remote: { workspace: 'acme', branch: 'main' } });
  expect(a.statuses.some((s) => s.error?.closeCode !== undefined)).toBe(false);
  const stock = connectClient(server.url, 'acme', 'main');
  await clientSynced(stock);
  await waitFor(() => textIn(stock.doc) === 'edited as mine', 'edit reached the server-named room');
  stock.destroy();
  expect(server.server.history.findRoomIds('acme', 'mine')).toBeUndefined();

  // History follows the link too: the push moves the server's main, it does not create "mine".
  renameElement(a.session.doc, { id: 'ot-aircraft' }, 'Airframe');
  await a.ws.commit('mine', { message: 'as mine', author: 'ada' });
  expect(await a.sync.push(a.ws, 'mine')).toMatchObject({ status: 'pushed' });
  expect(server.server.history.listBranches('acme')).toEqual([expect.objectContaining({ name: 'main', head: a.ws.getBranch('mine').head })]);
  expect(await a.sync.pull(a.ws, 'mine')).toMatchObject({ status: 'up-to-date' });
});

it('an id the server does not know cannot be followed: a typed error with the close code, no retry loop, no room created', async () => {
  server = await startServer();
  const doc = new Y.Doc();
  let asked = 0;
  const client = new RoomClient({
    serverUrl: server.url, workspace: 'acme', branch: 'main', branchId: 'not-an-id-of-this-server', doc, auth: new StaticTokenProvider(TOKEN, 't'), backoff: { baseMs: 10, maxMs: 50 },
    follow: async () => {
      asked++;
      return { workspace: 'acme', branch: 'main' }; // the same place: nothing to follow
    },
  });
  const seen: RoomStatus[] = [];
  client.onStatus((s) => seen.push(s));
  client.start();
  try {
    await waitFor(() => client.status.state === 'error', 'gave up');
    expect(client.status.error).toMatchObject({ code: 'SYNC_RENAMED', closeCode: CloseCode.BRANCH_REPLACED });
    expect(asked).toBe(1);
    expect(server.server.history.findRoomIds('acme', 'main')).toBeUndefined();
  } finally {
    client.stop();
    doc.destroy();
  }
});

/** A server where OWNER_TOKEN may rename workspaces (manage_workspace) and TOKEN edits acme*. */
async function serverWithOwner(): Promise<TestServer> {
  const d = tempDir();
  const t = await startServer({ tokensFile: writeOwnerTokens(d.dir) }, {}, d.dir);
  return { ...t, stop: async () => (await t.stop(), d.cleanup()) };
}

async function renameWorkspaceOnServer(t: TestServer, from: string, to: string): Promise<void> {
  const res = await fetch(`${t.http}/api/v1/workspaces/${from}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${OWNER_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: to }),
  });
  expect(res.status).toBe(200);
}

it('a workspace rename on the server is followed (4411), while connected and after being offline; pushes go to the new name', async () => {
  server = await serverWithOwner();
  a = await publisher('ada', server.http);
  await synced(a);
  await renameWorkspaceOnServer(server, 'acme', 'acme-moved');
  await waitFor(() => a!.sync.status()[0]?.state === 'synced' && a!.sync.status()[0]?.remote.workspace === 'acme-moved', 'followed the workspace rename');
  expect(a.sync.status()[0]).toMatchObject({ workspace: 'acme', branch: 'main', renamed: { from: { workspace: 'acme', branch: 'main' }, to: { workspace: 'acme-moved', branch: 'main' } } });
  expect(a.statuses.some((s) => s.error?.closeCode === CloseCode.WORKSPACE_RENAMED)).toBe(true);
  expect(a.sync.remoteName('acme')).toBe('acme-moved');
  a.session.doc.getText('local').insert(0, 'in the moved workspace');
  const stock = connectClient(server.url, 'acme-moved', 'main');
  await clientSynced(stock);
  await waitFor(() => textIn(stock.doc) === 'in the moved workspace', 'edit reached the moved workspace');
  stock.destroy();

  // Offline through a second rename, with an edit: the linked connect to the old name is told where it went.
  a.sync.disconnect('acme', 'main');
  await renameWorkspaceOnServer(server, 'acme-moved', 'acme-final');
  a.session.doc.getText('offline').insert(0, 'made offline');
  a.statuses.length = 0;
  await a.sync.connect(a.ws, a.session);
  await waitFor(() => a!.sync.status()[0]?.state === 'synced' && a!.sync.status()[0]?.remote.workspace === 'acme-final', 'followed the second rename');
  const final = connectClient(server.url, 'acme-final', 'main');
  await clientSynced(final);
  await waitFor(() => textIn(final.doc, 'offline') === 'made offline', 'offline edit arrived');
  final.destroy();
  expect(server.server.history.exists('acme-moved')).toBe(false);

  // History follows too: a commit pushed now lands in the renamed workspace.
  renameElement(a.session.doc, { id: 'ot-aircraft' }, 'Airframe');
  await a.ws.commit('main', { message: 'after the renames', author: 'ada' });
  expect(await a.sync.push(a.ws, 'main')).toMatchObject({ status: 'pushed' });
  expect(server.server.history.listBranches('acme-final').map((b) => b.head)).toEqual([a.ws.getBranch('main').head]);
});
