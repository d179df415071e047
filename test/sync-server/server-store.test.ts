/**
 * The server store keyed by ids: a branch's live room and its history share one stable branch id
 * (the workspace file's branch_ids), so a rename keeps both; two first connections agree on one id;
 * a data directory of the old name-keyed layout is migrated on start, resumably (kill -9 of a real
 * child at each step, then a real restart) and idempotently; bad names get typed errors.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../core/contract/sync-api';
import { ApiErrorSchema } from '../../core/contract/sync-api';
import { BranchListSchema, MissingResponseSchema, RenamedBranchSchema, RoomIdSchema } from '../../core/contract/history-api';
import { parseOntology } from '../../core/model';
import type { DocKey, DocStorage } from '../../core/storage/doc-storage';
import { Workspace } from '../../main/services/store';
import { migrate } from '../../main/services/store/migrations';
import { workspaceFile } from '../../main/services/store/paths';
import { openStoreDatabase } from '../../main/services/store/sqlite-file';
import { WORKSPACE_MIGRATIONS } from '../../main/services/store/workspace-schema';
import { HistoryStore } from '../../sync-server/history/history-store';
import { ObjectStore } from '../../sync-server/history/object-store';
import { migrateLiveDocs } from '../../sync-server/layout-migration';
import { isLiveDocKey, liveDocKey } from '../../sync-server/live-doc-key';
import { createLogger } from '../../sync-server/logger';
import { loadConfig } from '../../sync-server/config';
import { SyncServer } from '../../sync-server/server';
import { DB_FILE, openServerStorage } from '../../sync-server/storage';
import { PostgresDocStorage } from '../../sync-server/storage/postgres-doc-storage';
import { freshDatabase, probePostgres } from './postgres-fixture';
import { ADMIN_TOKEN, bundleChild, closeOf, connectClient, faultyStorage, OTHER_WS_TOKEN, rawSocket, startServer, storedKey, synced, tempDir, TOKEN, waitFor, writeTokens, type Client, type TestServer } from './helpers';

const airline = parseOntology(JSON.parse(readFileSync(join(import.meta.dirname, '../../examples/airline.oms.json'), 'utf8')));
const silent = createLogger('silent');

/** A stock client that records how the server closed it (y-websocket stops on 44xx and emits `closed`). */
function watchClose(c: Client): { closes: Array<{ code: number; reason: string }> } {
  const seen = { closes: [] as Array<{ code: number; reason: string }> };
  c.provider.on('connection-close', (event) => {
    if (event) seen.closes.push({ code: event.code, reason: event.reason });
  });
  return seen;
}

const textOf = (c: Client): string => c.doc.getText('t').toString();

async function api(t: TestServer, method: string, path: string, body?: unknown, token = ADMIN_TOKEN): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${t.http}/api/v1/workspaces/acme/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as unknown) };
}

/** Push a desktop workspace's `main` head to the server and create `branch` there. */
async function pushBranch(t: TestServer, local: Workspace, branch: string): Promise<string> {
  const head = local.getBranch('main').head;
  const objects = new ObjectStore(local.db);
  const refs = objects.closure([head], []);
  const missing = MissingResponseSchema.parse((await api(t, 'POST', 'objects/missing', { objects: refs })).body).missing;
  expect((await api(t, 'POST', 'objects', { objects: objects.get(missing) })).status).toBe(200);
  expect((await api(t, 'POST', 'branches', { name: branch, head })).status).toBe(201);
  return head;
}

describe('rename keeps the room and the history', () => {
  let t: TestServer;
  let local: Workspace;
  const d = tempDir();
  beforeAll(async () => {
    t = await startServer();
    local = await Workspace.create(d.dir, 'acme', { from: airline, author: 'ada', message: 'import airline' });
  });
  afterAll(async () => {
    await local.close();
    await t.stop();
    d.cleanup();
  });

  it('a pushed branch with a live room: renamed, same id, same state, old clients closed 4410, old name free', async () => {
    const head = await pushBranch(t, local, 'feature/a');
    const writer = connectClient(t.url, 'acme', 'feature/a');
    const closes = watchClose(writer);
    await synced(writer);
    writer.doc.getText('t').insert(0, 'live edit;');
    const before = storedKey(t.dir, 'acme', 'feature/a');
    await waitFor(() => t.server.rooms.size === 1 && [...t.server.rooms.rooms.values()][0]!.settled && [...t.server.rooms.rooms.values()][0]!.doc.getText('t').length > 0, 'edit durable');

    const res = await api(t, 'PATCH', 'branches/feature/a', { name: 'feature/b' });
    expect(res.status).toBe(200);
    const renamed = RenamedBranchSchema.parse(res.body);
    expect(renamed).toMatchObject({ name: 'feature/b', from: 'feature/a', branch: { name: 'feature/b', head } });
    // The history branch and the live room are one branch: one id, and the room's key is built from it.
    expect(liveDocKey({ workspaceId: before.workspace.slice(3), branchId: renamed.branchId })).toEqual(before);

    await waitFor(() => closes.closes.length > 0, 'old-name client closed');
    expect(closes.closes[0]).toEqual({ code: CloseCode.BRANCH_RENAMED, reason: 'branch renamed to feature/b' });
    // Permanent for the stock client (44xx): it does not re-create the old name behind our back.
    await new Promise((r) => setTimeout(r, 300));
    expect(writer.provider.wsconnected).toBe(false);
    writer.destroy();

    const follower = connectClient(t.url, 'acme', 'feature/b');
    try {
      await synced(follower);
      expect(textOf(follower)).toBe('live edit;');
      expect(storedKey(t.dir, 'acme', 'feature/b')).toEqual(before);
    } finally {
      follower.destroy();
    }
    const branches = BranchListSchema.parse((await api(t, 'GET', 'branches')).body).branches;
    expect(branches.map((b) => b.name)).toEqual(['feature/b']);
    expect(branches[0]!.head).toBe(head);

    // The old name is free: a client there gets a new, empty room with another id.
    const fresh = connectClient(t.url, 'acme', 'feature/a');
    try {
      await synced(fresh);
      expect(textOf(fresh)).toBe('');
      expect(storedKey(t.dir, 'acme', 'feature/a')).not.toEqual(before);
    } finally {
      fresh.destroy();
    }
  });

  it('a live-only branch (no history) renames too, while a client on the new name is already in its room', async () => {
    const a = connectClient(t.url, 'acme', 'draft');
    await synced(a);
    a.doc.getText('t').insert(0, 'draft text');
    await waitFor(() => [...t.server.rooms.rooms.values()].some((r) => r.name === 'acme/draft' && r.settled && r.doc.getText('t').length > 0), 'draft durable');
    const res = await api(t, 'PATCH', 'branches/draft', { name: 'final' });
    expect(res.status).toBe(200);
    expect(RenamedBranchSchema.parse(res.body).branch).toBeNull();
    // Still loaded or loaded again from its id key: either way one room, under its new name.
    const b = connectClient(t.url, 'acme', 'final');
    try {
      await synced(b);
      expect(textOf(b)).toBe('draft text');
      expect([...t.server.rooms.rooms.values()].filter((r) => r.name === 'acme/final')).toHaveLength(1);
    } finally {
      a.destroy();
      b.destroy();
    }
  });

  it('refuses with typed errors: unknown branch, taken name, bad name, bad body, too weak a role', async () => {
    await pushBranch(t, local, 'taken');
    const c = connectClient(t.url, 'acme', 'other');
    await synced(c);
    c.destroy();
    const other = storedKey(t.dir, 'acme', 'other');
    const cases: Array<[string, unknown, string, number, string]> = [
      ['branches/nope', { name: 'x' }, ADMIN_TOKEN, 404, 'BRANCH_NOT_FOUND'],
      ['branches/other', { name: 'taken' }, ADMIN_TOKEN, 409, 'BRANCH_EXISTS'],
      ['branches/other', { name: '../etc' }, ADMIN_TOKEN, 400, 'INVALID_BODY'],
      ['branches/other', { name: 'a'.repeat(101) }, ADMIN_TOKEN, 400, 'INVALID_BODY'],
      ['branches/other', '{"name":', ADMIN_TOKEN, 400, 'INVALID_BODY'],
      ['branches/other', { name: 'ok', extra: 1 }, ADMIN_TOKEN, 400, 'INVALID_BODY'],
      ['branches/%E0%A4%A', { name: 'ok' }, ADMIN_TOKEN, 400, 'INVALID_BODY'],
      // An editor may write branches but not delete or rename them.
      ['branches/other', { name: 'ok' }, TOKEN, 403, 'FORBIDDEN'],
    ];
    for (const [path, body, token, status, code] of cases) {
      const res = await api(t, 'PATCH', path, body, token);
      expect({ path, status: res.status, code: ApiErrorSchema.parse(res.body).error.code }).toEqual({ path, status, code });
    }
    // Nothing moved.
    expect(t.server.history.findRoomIds('acme', 'other')).toEqual({ workspaceId: other.workspace.slice(3), branchId: other.branch.slice(3) });
    expect(t.server.history.findRoomIds('acme', 'ok')).toBeUndefined();
    const names = BranchListSchema.parse((await api(t, 'GET', 'branches')).body).branches.map((b) => b.name);
    expect(names).toContain('taken');
  });
});

describe('a client that knows its branch id', () => {
  it('learns it from POST rooms/{branch}; after a rename and a re-created old name it is refused (4409), never blended', async () => {
    const t = await startServer();
    const roomId = async (branch: string): Promise<string> => {
      const res = await api(t, 'POST', `rooms/${branch}`);
      expect(res.status).toBe(200);
      return RoomIdSchema.parse(res.body).branchId;
    };
    const withId = (branch: string, branchId: string): Client => {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(`${t.url}/ws/acme`, branch, doc, { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true, params: { token: ADMIN_TOKEN, branchId } });
      return { doc, provider, destroy: () => (provider.destroy(), doc.destroy()) };
    };
    try {
      const id = await roomId('linked');
      expect(await roomId('linked')).toBe(id);
      expect(liveDocKey({ workspaceId: storedKey(t.dir, 'acme', 'linked').workspace.slice(3), branchId: id })).toEqual(storedKey(t.dir, 'acme', 'linked'));
      const a = withId('linked', id);
      await synced(a);
      a.doc.getText('t').insert(0, 'mine');
      await waitFor(() => t.server.rooms.named('acme', 'linked')?.settled === true && t.server.rooms.named('acme', 'linked')!.doc.getText('t').length > 0, 'durable');
      a.destroy();
      expect((await api(t, 'PATCH', 'branches/linked', { name: 'moved' })).status).toBe(200);
      const squatter = connectClient(t.url, 'acme', 'linked');
      await synced(squatter);
      squatter.destroy();
      expect(await roomId('linked')).not.toBe(id);
      // Where the id went: by id, never creating anything; an unknown id is a 404, not a new branch.
      expect(RoomIdSchema.parse((await api(t, 'GET', `branch-ids/${id}`)).body)).toMatchObject({ branchId: id, name: 'moved', workspaceId: storedKey(t.dir, 'acme', 'moved').workspace.slice(3) });
      expect(await api(t, 'GET', 'branch-ids/no-such-id')).toMatchObject({ status: 404, body: { error: { code: 'BRANCH_NOT_FOUND' } } });
      expect(await api(t, 'GET', 'branch-ids/%E0%A4%A')).toMatchObject({ status: 404 });
      expect(await api(t, 'GET', `branch-ids/${id}`, undefined, OTHER_WS_TOKEN)).toMatchObject({ status: 403 });

      const stale = withId('linked', id);
      const closes = watchClose(stale);
      await waitFor(() => closes.closes.length > 0, 'refused');
      expect(closes.closes[0]!.code).toBe(CloseCode.BRANCH_REPLACED);
      stale.destroy();
      // A name nobody holds now, asked for with the id: told where the id went (4410), and the name stays free.
      const free = withId('never-here', id);
      const freeCloses = watchClose(free);
      await waitFor(() => freeCloses.closes.length > 0, 'told');
      expect(freeCloses.closes[0]).toEqual({ code: CloseCode.BRANCH_RENAMED, reason: 'branch renamed to moved' });
      free.destroy();
      expect(t.server.history.findRoomIds('acme', 'never-here')).toBeUndefined();
      const followed = withId('moved', id);
      await synced(followed);
      expect(textOf(followed)).toBe('mine');
      followed.destroy();
      expect((await api(t, 'POST', 'rooms/a%2F..%2Fb')).status).toBe(400);
    } finally {
      await t.stop();
    }
  });
});

describe('branch ids', () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('two first connections to a new branch race: one id, one room, both converge', async () => {
    t = await startServer();
    const clients = [connectClient(t.url, 'acme', 'race'), connectClient(t.url, 'acme', 'race')];
    try {
      await Promise.all(clients.map(synced));
      clients[0]!.doc.getText('t').insert(0, 'one;');
      clients[1]!.doc.getText('t').insert(0, 'two;');
      await waitFor(() => clients.every((c) => textOf(c).length === 8), 'both edits everywhere');
      expect(textOf(clients[0]!)).toBe(textOf(clients[1]!));
      expect(t.server.rooms.size).toBe(1);
      const ws = t.server.history.catalog().find((w) => w.workspace === 'acme')!;
      expect(ws.branches.filter((b) => b.name === 'race')).toHaveLength(1);
    } finally {
      for (const c of clients) c.destroy();
    }
  });

  it('two stores on one data directory (two processes) creating the same branch id agree', () => {
    const d = tempDir();
    const one = new HistoryStore(d.dir, 'normal');
    const two = new HistoryStore(d.dir, 'normal');
    try {
      const ids = ['b1', 'b2', 'b3'].flatMap((b) => [one.roomIds('acme', b), two.roomIds('acme', b), one.roomIds('acme', b)]);
      for (let i = 0; i < ids.length; i += 3) expect(new Set(ids.slice(i, i + 3).map((x) => x.branchId)).size).toBe(1);
      expect(new Set(ids.map((x) => x.workspaceId)).size).toBe(1);
    } finally {
      one.close();
      two.close();
      d.cleanup();
    }
  });

  it('bad names: typed errors, no file, no room', async () => {
    t = await startServer();
    const d = t.dir;
    const history = new HistoryStore(d, 'normal');
    try {
      expect(() => history.roomIds('a'.repeat(65), 'main')).toThrow(expect.objectContaining({ code: 'STORE_INVALID_ARG' }));
      expect(() => history.roomIds('acme', 'a/../b')).toThrow(expect.objectContaining({ code: 'STORE_INVALID_ARG' }));
      expect(() => history.roomIds('acme', '')).toThrow(expect.objectContaining({ code: 'STORE_INVALID_ARG' }));
      expect(() => history.renameBranch('acme', 'main', 'x//y')).toThrow(expect.objectContaining({ code: 'STORE_INVALID_ARG' }));
      expect(history.catalog()).toEqual([]);
    } finally {
      history.close();
    }
    // A room path with a workspace no file can be named after is refused before the upgrade.
    await expect(rawSocket(`${t.url}/ws/${'a'.repeat(65)}/main?token=${ADMIN_TOKEN}`)).rejects.toThrow(/404/);
    await expect(rawSocket(`${t.url}/ws/acme/..?token=${TOKEN}`)).rejects.toThrow(/404/);
    expect(t.server.rooms.size).toBe(0);
  });
});

// ---- migration from the name-keyed layout ----

interface Fixture {
  dir: string;
  /** What each old room holds: name key → text. */
  rooms: Map<string, { key: DocKey; text: string }>;
  /** History branch ids of the old workspace file, by branch name. */
  historyIds: Map<string, string>;
}

const ROOMS: Array<[string, string]> = [
  ['acme', 'main'],
  ['acme', 'feature/x'],
  ['acme', 'draft'],
  ['beta', 'main'],
  ['beta', 'deep/nested/branch'],
];

/**
 * An old data directory written the old way: `oms-sync.db` through SqliteDocStorage under *name*
 * keys (one doc compacted into a snapshot, the others a tail of updates), and an `acme` history
 * file with only the workspace schema (no branch_ids) holding a pushed commit and branches.
 */
async function oldLayout(dir: string, storage: DocStorage = openServerStorage({ dataDir: dir, durability: 'normal' })): Promise<Fixture> {
  const rooms = new Map<string, { key: DocKey; text: string }>();
  for (const [i, [workspace, branch]] of ROOMS.entries()) {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (let n = 0; n < 20; n++) doc.getText('t').insert(doc.getText('t').length, `${workspace}/${branch}#${n};`);
    doc.getMap('m').set('bulk', 'x'.repeat(2000 * (i + 1)));
    const key = { workspace, branch };
    await storage.appendUpdates(key, updates);
    if (i === 1) await storage.compactDoc(key);
    rooms.set(`${workspace}/${branch}`, { key, text: doc.getText('t').toString() });
  }
  // A stored doc whose names no room can have: left alone, never lost.
  const stray = new Y.Doc();
  stray.getText('t').insert(0, 'unreachable');
  await storage.appendUpdates({ workspace: 'bad name', branch: 'main' }, [Y.encodeStateAsUpdate(stray)]);
  await storage.close();

  const src = mkdtempSync(join(dir, '..', 'desktop-'));
  const local = await Workspace.create(src, 'acme', { from: airline, author: 'ada', message: 'import airline' });
  const historyIds = new Map<string, string>();
  try {
    const head = local.getBranch('main').head;
    const objects = new ObjectStore(local.db);
    const file = workspaceFile(dir, 'acme');
    mkdirSync(join(dir, 'workspaces'), { recursive: true });
    const db = openStoreDatabase(file, { create: true, durability: 'normal' });
    try {
      migrate(db, 'workspace', WORKSPACE_MIGRATIONS);
      db.prepare("INSERT INTO workspace_meta (key, value) VALUES ('id', 'OLDWORKSPACEID'), ('name', 'acme'), ('default_branch', 'main')").run();
      new ObjectStore(db).put(objects.get(objects.closure([head], [])));
      for (const [name, id] of [['main', 'OLDMAINID'], ['feature/x', 'OLDFEATUREID'], ['released', 'OLDRELEASEDID']] as const) {
        db.prepare('INSERT INTO branches (id, name, head, protected, upstream, created_at) VALUES (?, ?, ?, 0, NULL, 0)').run(id, name, head);
        historyIds.set(name, id);
      }
    } finally {
      db.close();
    }
  } finally {
    await local.close();
    rmSync(src, { recursive: true, force: true });
  }
  return { dir, rooms, historyIds };
}

function textIn(storage: DocStorage, key: DocKey): Promise<string> {
  return storage.loadDoc(key).then((s) => {
    const doc = new Y.Doc();
    if (s.snapshot) Y.applyUpdate(doc, s.snapshot);
    for (const u of s.updates) Y.applyUpdate(doc, u);
    return doc.getText('t').toString();
  });
}

/** The directory is fully migrated: every old room's text under its id key, no name key left but the unreachable one. */
async function expectMigrated(f: Fixture, storage: DocStorage = openServerStorage({ dataDir: f.dir, durability: 'normal' })): Promise<void> {
  const history = new HistoryStore(f.dir, 'normal');
  try {
    const docs = await storage.listDocs();
    expect(docs.filter((k) => !isLiveDocKey(k))).toEqual([{ workspace: 'bad name', branch: 'main' }]);
    expect(docs.filter(isLiveDocKey)).toHaveLength(ROOMS.length);
    for (const { key, text } of f.rooms.values()) {
      const ids = history.findRoomIds(key.workspace, key.branch)!;
      expect(await textIn(storage, liveDocKey(ids))).toBe(text);
    }
    // Rooms of branches with history got the history's ids, not new ones.
    expect(history.findRoomIds('acme', 'main')).toEqual({ workspaceId: 'OLDWORKSPACEID', branchId: 'OLDMAINID' });
    expect(history.findRoomIds('acme', 'feature/x')?.branchId).toBe('OLDFEATUREID');
    expect(history.findRoomIds('acme', 'released')?.branchId).toBe('OLDRELEASEDID');
  } finally {
    history.close();
    await storage.close();
  }
}

describe('migration of an old data directory', () => {
  it('on start: rooms move to id keys (history ids reused), clients see them, a restart changes nothing', async () => {
    const d = tempDir();
    const f = await oldLayout(d.dir);
    let t = await startServer({}, {}, d.dir);
    try {
      const c = connectClient(t.url, 'acme', 'feature/x');
      await synced(c);
      expect(textOf(c)).toBe(f.rooms.get('acme/feature/x')!.text);
      c.destroy();
      await t.server.close();
      await expectMigrated(f);
      const sizes = async (): Promise<unknown> => {
        const s = openServerStorage({ dataDir: d.dir, durability: 'normal' });
        try {
          return await Promise.all((await s.listDocs()).map(async (k) => ({ k, size: await s.docSize(k) })));
        } finally {
          await s.close();
        }
      };
      const once = await sizes();
      t = await startServer({}, {}, d.dir);
      await t.server.close();
      expect(await sizes()).toEqual(once);
      await expectMigrated(f);
    } finally {
      await t.server.close();
      d.cleanup();
    }
  });

  describe('kill -9 of a real child during the migration, then a real restart', () => {
    let child = '';
    let cleanup = (): void => undefined;
    beforeAll(async () => {
      ({ file: child, cleanup } = await bundleChild(join(import.meta.dirname, 'fixtures/migrate-live-docs.ts')));
    });
    afterAll(() => cleanup());

    /** Run the child until it reports `stopAt`, then SIGKILL it; resolves with the steps it reported. */
    function runUntil(dir: string, stopAt: string): Promise<string[]> {
      return new Promise((resolve, reject) => {
        const p = spawn(process.execPath, [child, dir, stopAt], { stdio: ['ignore', 'pipe', 'pipe'] });
        const lines: string[] = [];
        let err = '';
        let buf = '';
        p.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          buf += chunk;
          const parts = buf.split('\n');
          buf = parts.pop()!;
          for (const l of parts) {
            lines.push(l);
            if (l.replace(' ', ':') === stopAt) p.kill('SIGKILL');
          }
        });
        p.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
        p.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(lines) : reject(new Error(`child exited without being killed (${lines.join(',')}): ${err}`))));
      });
    }

    // Between every pair of steps of some room: ids made but nothing copied; copied but not deleted; deleted.
    const STOPS = ['ids:0', 'copied:1', 'deleted:2', 'copied:4'];
    for (const stopAt of STOPS) {
      it(`killed at ${stopAt}: the restart finishes the migration, nothing lost`, async () => {
        const d = tempDir();
        const f = await oldLayout(d.dir);
        const steps = await runUntil(d.dir, stopAt);
        expect(steps.at(-1)).toBe(stopAt.replace(':', ' '));
        const t = await startServer({}, {}, d.dir);
        try {
          const c = connectClient(t.url, 'beta', 'deep/nested/branch', ADMIN_TOKEN);
          await synced(c);
          expect(textOf(c)).toBe(f.rooms.get('beta/deep/nested/branch')!.text);
          c.destroy();
        } finally {
          await t.server.close();
        }
        await expectMigrated(f);
        d.cleanup();
      });
    }
  });

  it('storage failing during the migration: ready 503 and rooms refused (1011) until a retry succeeds, then nothing lost', async () => {
    const d = tempDir();
    const f = await oldLayout(d.dir);
    const storage = faultyStorage(openServerStorage({ dataDir: d.dir, durability: 'normal' }));
    storage.failLoads = true;
    const t = await startServer({}, { storage }, d.dir);
    try {
      expect(t.server.layoutReady).toBe(false);
      expect((await fetch(`${t.http}/health/ready`)).status).toBe(503);
      const early = await rawSocket(`${t.url}/ws/acme/draft?token=${TOKEN}`);
      expect((await closeOf(early)).code).toBe(CloseCode.INTERNAL_ERROR);
      storage.failLoads = false;
      await waitFor(() => t.server.layoutReady, 'migration retried', 20_000);
      expect((await fetch(`${t.http}/health/ready`)).status).toBe(200);
      const c = connectClient(t.url, 'acme', 'draft');
      await synced(c);
      expect(textOf(c)).toBe(f.rooms.get('acme/draft')!.text);
      c.destroy();
    } finally {
      await t.stop();
    }
    await expectMigrated(f);
    d.cleanup();
  });

  it('is the same on the DocStorage contract alone: re-running over a migrated store does nothing', async () => {
    const d = tempDir();
    const f = await oldLayout(d.dir);
    const storage = openServerStorage({ dataDir: d.dir, durability: 'normal' });
    const history = new HistoryStore(d.dir, 'normal');
    try {
      expect((await migrateLiveDocs(storage, history, silent)).migrated).toBe(ROOMS.length);
      const again = await migrateLiveDocs(storage, history, silent);
      expect(again).toEqual({ migrated: 0, skipped: [{ workspace: 'bad name', branch: 'main' }] });
    } finally {
      history.close();
      await storage.close();
    }
    await expectMigrated(f);
    d.cleanup();
  });
});

const noPostgres = await probePostgres();
if (noPostgres) console.warn(`server-store: PostgreSQL migration test skipped: ${noPostgres}`);

describe.skipIf(noPostgres !== null)('migration with live rooms in PostgreSQL (OMS_DB)', () => {
  it('name-keyed rows move to id keys on start; a client sees them; a restart changes nothing', async () => {
    const db = await freshDatabase();
    const d = tempDir();
    try {
      const f = await oldLayout(d.dir, new PostgresDocStorage(db.url, { poolSize: 1 }));
      const config = loadConfig({ env: { OMS_DB: db.url, OMS_DB_POOL_SIZE: '2', OMS_DATA_DIR: d.dir, OMS_TOKENS: writeTokens(d.dir), OMS_HOST: '127.0.0.1', OMS_PORT: '0' } });
      for (let run = 0; run < 2; run++) {
        const server = new SyncServer({ config, logger: silent });
        try {
          const { port } = await server.listen();
          const c = connectClient(`ws://127.0.0.1:${port}`, 'beta', 'main', ADMIN_TOKEN);
          await synced(c);
          expect(textOf(c)).toBe(f.rooms.get('beta/main')!.text);
          c.destroy();
        } finally {
          await server.close();
        }
        await expectMigrated(f, new PostgresDocStorage(db.url, { poolSize: 1 }));
      }
      expect(existsSync(join(d.dir, DB_FILE))).toBe(false);
    } finally {
      d.cleanup();
      await db.drop();
    }
  });
});
