/**
 * PATCH /api/v1/workspaces/{ws}: the workspace's id, history, branch ids and live rooms stay, its
 * file is renamed atomically, members and protected branches follow, clients of the old name are
 * told 4411 with the new one. Hostile cases: a taken name, bad names, weak roles, connects racing
 * the rename, and kill -9 of a real child at every step of it (the restart finishes the rename).
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BranchListSchema, RenamedWorkspaceSchema } from '../../core/contract/history-api';
import { CloseCode } from '../../core/contract/sync-api';
import { Workspace } from '../../main/services/store';
import { workspaceFile } from '../../main/services/store/paths';
import { loadConfig } from '../../sync-server/config';
import { openIdentity } from '../../sync-server/identity/open';
import { createLogger } from '../../sync-server/logger';
import { SyncServer } from '../../sync-server/server';
import type { Extension } from '../../sync-server/extensions/types';
import { HistoryClient, HttpJson, StaticTokenProvider } from '../../main/services/sync';
import { airline } from '../support/workspace-fixture';
import { ADMIN_TOKEN, bundleChild, closeOf, connectClient, OWNER_TOKEN, rawSocket, startServer, synced, tempDir, TOKEN, waitFor, writeOwnerTokens, type TestServer } from './helpers';
import { startIdentityServer, type IdentityServer } from './identity-fixture';

async function api(http: string, method: string, path: string, body?: unknown, token = OWNER_TOKEN): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${http}/api/v1/workspaces/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Workspace `name` with a live room on main holding `text`, and (`pushed`) the airline example's history. */
async function seed(t: TestServer, name: string, text: string, pushed = false): Promise<void> {
  if (pushed) {
    const local = tempDir('oms-rename-local-');
    try {
      const ws = await Workspace.create(local.dir, name, { from: airline(), author: 't', durability: 'normal' });
      await new HistoryClient({ http: new HttpJson(t.http), auth: new StaticTokenProvider(OWNER_TOKEN, 't'), workspace: name }).push(ws, 'main');
      await ws.close();
    } finally {
      local.cleanup();
    }
  }
  const c = connectClient(t.url, name, 'main', OWNER_TOKEN);
  await synced(c);
  c.doc.getText('t').insert(0, text);
  await waitFor(() => t.server.rooms.named(name, 'main')?.settled === true && t.server.rooms.named(name, 'main')!.doc.getText('t').length > 0, 'durable');
  c.destroy();
}

async function textAt(t: TestServer, workspace: string): Promise<string> {
  const c = connectClient(t.url, workspace, 'main', OWNER_TOKEN);
  try {
    await synced(c);
    return c.doc.getText('t').toString();
  } finally {
    c.destroy();
  }
}

describe('workspace rename (static tokens)', () => {
  let t: TestServer;
  beforeAll(async () => {
    const d = tempDir();
    t = await startServer({ tokensFile: writeOwnerTokens(d.dir) }, {}, d.dir);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('keeps the id, history, branch ids and room; the file moves; old-name clients are told 4411 with the new name', async () => {
    await seed(t, 'acme', 'live text', true);
    const id = t.server.history.idOf('acme');
    const branchId = t.server.history.findRoomIds('acme', 'main')!.branchId;
    const old = connectClient(t.url, 'acme', 'main', OWNER_TOKEN);
    await synced(old);
    const closed = new Promise<{ code: number; reason: string }>((resolve) => old.provider.ws!.addEventListener('close', (e) => resolve({ code: e.code, reason: e.reason })));

    const res = await api(t.http, 'PATCH', 'acme', { name: 'acme-renamed' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(RenamedWorkspaceSchema.parse(res.body)).toEqual({ workspaceId: id, name: 'acme-renamed', from: 'acme' });
    expect(await closed).toEqual({ code: CloseCode.WORKSPACE_RENAMED, reason: 'workspace renamed to acme-renamed' });
    old.destroy();

    expect(existsSync(workspaceFile(t.dir, 'acme'))).toBe(false);
    expect(existsSync(workspaceFile(t.dir, 'acme-renamed'))).toBe(true);
    expect(t.server.history.idOf('acme-renamed')).toBe(id);
    expect(t.server.history.findRoomIds('acme-renamed', 'main')).toEqual({ workspaceId: id, branchId });
    expect(BranchListSchema.parse((await api(t.http, 'GET', 'acme-renamed/branches')).body).branches.map((b) => b.name)).toEqual(['main']);
    expect((await api(t.http, 'GET', 'acme/branches')).status).toBe(404);
    expect(await textAt(t, 'acme-renamed')).toBe('live text');
    expect(t.server.history.workspaceNameById(id!)).toBe('acme-renamed');
  });

  it('refuses with typed errors and changes nothing: taken name, bad names, unknown workspace, too weak a role', async () => {
    await seed(t, 'acme-a', 'a');
    await seed(t, 'acme-b', 'b');
    expect(await api(t.http, 'PATCH', 'acme-a', { name: 'acme-b' })).toMatchObject({ status: 409, body: { error: { code: 'NAME_TAKEN' } } });
    for (const bad of ['.hidden', 'a b', 'x/y', '../acme-c', 'é', 'a'.repeat(65), '-lead']) {
      expect(await api(t.http, 'PATCH', 'acme-a', { name: bad }), bad).toMatchObject({ status: 400, body: { error: { code: 'INVALID_WORKSPACE' } } });
    }
    for (const body of [{ name: '' }, {}, { name: 'ok', extra: 1 }, { name: 7 }]) {
      expect((await api(t.http, 'PATCH', 'acme-a', body)).status, JSON.stringify(body)).toBe(400);
    }
    expect(await api(t.http, 'PATCH', 'acme-ghost', { name: 'acme-ghost-2' })).toMatchObject({ status: 404, body: { error: { code: 'WORKSPACE_NOT_FOUND' } } });
    // Renaming is manage_workspace: an owner's; not an admin's, not an editor's.
    expect((await api(t.http, 'PATCH', 'acme-a', { name: 'acme-c' }, ADMIN_TOKEN)).status).toBe(403);
    expect((await api(t.http, 'PATCH', 'acme-a', { name: 'acme-c' }, TOKEN)).status).toBe(403);
    expect(await api(t.http, 'PATCH', 'acme-a', { name: 'acme-a' })).toMatchObject({ status: 200 });
    expect(await textAt(t, 'acme-a')).toBe('a');
    expect(await textAt(t, 'acme-b')).toBe('b');
    expect(existsSync(workspaceFile(t.dir, 'acme-c'))).toBe(false);
  });

  it('connects racing the rename: each is in the room and then told 4411, or waits (1013); the old name is never re-created', async () => {
    await seed(t, 'acme-race', 'raced');
    const id = t.server.history.idOf('acme-race')!;
    const branchId = t.server.history.findRoomIds('acme-race', 'main')!.branchId;
    // Desktop-like sockets (they name the ids they linked to), opened before, during and after.
    const open = (): Promise<{ code: number; reason: string }> =>
      rawSocket(`${t.url}/ws/acme-race/main?branchId=${branchId}&workspaceId=${id}`, { headers: { authorization: `Bearer ${OWNER_TOKEN}` } }).then(closeOf, () => ({ code: -1, reason: 'refused' }));
    const before = Array.from({ length: 5 }, open);
    const rename = api(t.http, 'PATCH', 'acme-race', { name: 'acme-raced' });
    const during = Array.from({ length: 5 }, open);
    expect((await rename).status).toBe(200);
    const after = Array.from({ length: 3 }, open);
    const closes = await Promise.all([...before, ...during, ...after]);
    for (const c of closes) expect([CloseCode.WORKSPACE_RENAMED, CloseCode.TRY_AGAIN_LATER], JSON.stringify(c)).toContain(c.code);
    for (const c of closes.filter((x) => x.code === CloseCode.WORKSPACE_RENAMED)) expect(c.reason).toBe('workspace renamed to acme-raced');
    expect(existsSync(workspaceFile(t.dir, 'acme-race'))).toBe(false);
    expect(await textAt(t, 'acme-raced')).toBe('raced');
  });
});

it('a connection that began before its workspace was renamed away is told 4411, and the old name is never re-created', async () => {
  // Held in the upgrade (after the server noted when it began) until the rename is done: no timing.
  let armed = false;
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let held = (): void => undefined;
  const isHeld = new Promise<void>((resolve) => (held = resolve));
  const hold: Extension = {
    name: 'test-hold',
    stage: 'limits',
    async onUpgrade(ctx) {
      if (!armed || ctx.key.workspace !== 'acme-held') return;
      held();
      await gate;
    },
  };
  const d = tempDir();
  const t = await startServer({ tokensFile: writeOwnerTokens(d.dir) }, { extensions: [hold] }, d.dir);
  try {
    await seed(t, 'acme-held', 'kept');
    armed = true;
    const late = rawSocket(`${t.url}/ws/acme-held/main`, { headers: { authorization: `Bearer ${OWNER_TOKEN}` } }).then(closeOf);
    await isHeld;
    expect((await api(t.http, 'PATCH', 'acme-held', { name: 'acme-held-2' })).status).toBe(200);
    release();
    expect(await late).toEqual({ code: CloseCode.WORKSPACE_RENAMED, reason: 'workspace renamed to acme-held-2' });
    expect(existsSync(workspaceFile(d.dir, 'acme-held'))).toBe(false);
    expect(await textAt(t, 'acme-held-2')).toBe('kept');
  } finally {
    await t.stop();
  }
});

describe('workspace rename with accounts', () => {
  let s: IdentityServer;
  afterEach(async () => {
    await s.stop();
  });

  it('members, roles and protected branches follow; audited; a workspace without a file yet renames too', async () => {
    s = await startIdentityServer();
    const rootTokens = await s.login('root');
    const owner = await s.member('olga', 'owner');
    const editor = await s.member('eddie', 'editor');
    const admin = await s.member('adam', 'admin');
    await s.identity.protectBranch('acme', 'main', false, 'test');
    const ws = (path: string) => `/api/v1/workspaces/${path}`;
    expect((await s.call('POST', ws('acme/rooms/main'), { token: editor.tokens.accessToken })).status).toBe(200);

    expect((await s.call('PATCH', ws('acme'), { token: admin.tokens.accessToken, body: { name: 'acme-2' } })).status).toBe(403);
    expect((await s.call('PATCH', ws('acme'), { token: editor.tokens.accessToken, body: { name: 'acme-2' } })).status).toBe(403);
    const r = await s.call('PATCH', ws('acme'), { token: owner.tokens.accessToken, body: { name: 'acme-2' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);

    expect(await s.identity.store.workspaceExists('acme')).toBe(false);
    expect(await s.identity.store.roleOf('acme-2', editor.id)).toBe('editor');
    expect(s.identity.protectionOf('acme-2', 'main')).toEqual({ requireReview: false });
    expect(s.identity.protectionOf('acme', 'main')).toBeNull();
    expect((await s.call('POST', ws('acme-2/rooms/main'), { token: editor.tokens.accessToken })).status).toBe(200);
    expect((await s.call('POST', ws('acme/rooms/main'), { token: editor.tokens.accessToken })).status).toBe(403);
    const audit = await s.call('GET', ws('acme-2/audit'), { token: owner.tokens.accessToken });
    expect(JSON.stringify(audit.body)).toContain('workspace.rename');

    // Made by an admin, never pushed or opened: no file, no id; the identity records move.
    expect((await s.call('POST', '/api/v1/workspaces', { token: rootTokens.accessToken, body: { name: 'fresh' } })).status).toBe(201);
    expect((await s.call('PATCH', ws('acme-2'), { token: rootTokens.accessToken, body: { name: 'fresh' } })).body).toMatchObject({ error: { code: 'NAME_TAKEN' } });
    const fresh = await s.call('PATCH', ws('fresh'), { token: rootTokens.accessToken, body: { name: 'fresher' } });
    expect(fresh.body).toEqual({ workspaceId: null, name: 'fresher', from: 'fresh' });
    expect(await s.identity.store.workspaceExists('fresher')).toBe(true);
  });
});

it('a start refuses a journal it cannot read or finish, rather than serve a workspace half renamed', async () => {
  for (const [journal, code] of [['{"from": "acme"', 'JOURNAL_DAMAGED'], [JSON.stringify({ from: 'gone', to: 'gone-2', workspaceId: 'x' }), 'JOURNAL_UNFINISHABLE']] as const) {
    const d = tempDir();
    try {
      writeFileSync(join(d.dir, 'workspace-rename.json'), journal);
      const config = loadConfig({ env: {}, overrides: { port: 0, host: '127.0.0.1', dataDir: d.dir, tokensFile: writeOwnerTokens(d.dir), logLevel: 'silent', durability: 'normal' } });
      const server = new SyncServer({ config, logger: createLogger('silent') });
      await expect(server.listen()).rejects.toMatchObject({ code });
      await server.close();
    } finally {
      d.cleanup();
    }
  }
});

describe('kill -9 of a real child at each step of a rename, then a real restart', () => {
  let child = '';
  let cleanup = (): void => undefined;
  // One seeded data directory (a member, a live room), copied for each crash: seeding is most of the cost.
  const template = tempDir();
  let id: string | undefined;
  let userId = '';
  beforeAll(async () => {
    ({ file: child, cleanup } = await bundleChild(join(import.meta.dirname, 'fixtures/rename-workspace.ts')));
    const server = await withAccounts(template.dir, writeOwnerTokens(template.dir));
    try {
      await server.identity!.createWorkspace('acme', null, 'test');
      userId = (await server.identity!.createUser({ username: 'mia', password: 'correct-horse-battery-staple-42' }, 'test')).id;
      await server.identity!.setMember('acme', userId, 'editor', 'test');
      await seed({ server, dir: template.dir, url: `ws://127.0.0.1:${server.port}`, http: `http://127.0.0.1:${server.port}`, stop: async () => undefined }, 'acme', 'survives');
      id = server.history.idOf('acme');
    } finally {
      await server.close();
    }
  });
  afterAll(() => {
    cleanup();
    template.cleanup();
  });

  function runUntil(dir: string, tokensFile: string, stopAt: string): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const p = spawn(process.execPath, [child, dir, tokensFile, stopAt], { stdio: ['ignore', 'pipe', 'pipe'] });
      const lines: string[] = [];
      let err = '';
      p.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        for (const l of chunk.split('\n').filter(Boolean)) {
          lines.push(l);
          if (l === stopAt) p.kill('SIGKILL');
        }
      });
      p.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
      p.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(lines) : reject(new Error(`child exited without being killed (${lines.join(',')}): ${err}`))));
    });
  }

  async function withAccounts(dir: string, tokensFile: string): Promise<SyncServer> {
    const config = loadConfig({ env: {}, overrides: { port: 0, host: '127.0.0.1', dataDir: dir, tokensFile, logLevel: 'silent', durability: 'normal', identity: { hash: { memoryCost: 64, timeCost: 1, parallelism: 1 } } } });
    const identity = await openIdentity(config);
    const server = new SyncServer({ config, logger: createLogger('silent'), identity });
    await server.listen();
    return server;
  }

  for (const stopAt of ['journalled', 'file', 'identity']) {
    it(`killed after "${stopAt}": the restart finishes it — the file, its room and its members all under the new name`, async () => {
      const d = tempDir();
      cpSync(template.dir, d.dir, { recursive: true });
      const tokensFile = join(d.dir, 'tokens-owner.txt');
      const steps = await runUntil(d.dir, tokensFile, stopAt);
      expect(steps.at(-1)).toBe(stopAt);
      const server = await withAccounts(d.dir, tokensFile);
      try {
        expect(existsSync(workspaceFile(d.dir, 'acme'))).toBe(false);
        expect(server.history.idOf('acme-new')).toBe(id);
        expect(await server.identity!.store.roleOf('acme-new', userId)).toBe('editor');
        expect(await server.identity!.store.workspaceExists('acme')).toBe(false);
        expect(existsSync(join(d.dir, 'workspace-rename.json'))).toBe(false);
        expect(await textAt({ server, dir: d.dir, url: `ws://127.0.0.1:${server.port}`, http: '', stop: async () => undefined }, 'acme-new')).toBe('survives');
      } finally {
        await server.close();
        d.cleanup();
      }
    });
  }
});
