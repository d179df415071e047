/**
 * Authentication and operations endpoints fail closed (issue 11): an emptied or deleted token file
 * revokes every token; ambiguous files are refused at load; `insecureNoAuth` only from the flag;
 * unknown roles never pass a role check; health shows a workspace-scoped admin only its tenants.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../core/contract/sync-api';
import { loadConfig } from '../../sync-server/config';
import { parseTokenFile } from '../../sync-server/extensions/static-token-auth';
import type { Extension, Principal } from '../../sync-server/extensions/types';
import { openServerStorage } from '../../sync-server/storage';
import { ADMIN_TOKEN, closeOf, faultyStorage, firstMessage, rawSocket, startServer, tempDir, TOKEN, VIEWER_TOKEN, type TestServer } from './helpers';

describe('token file revocation fails closed', () => {
  it.each([
    ['emptied', (file: string) => writeFileSync(file, '')],
    ['deleted', (file: string) => rmSync(file)],
    ['broken', (file: string) => writeFileSync(file, '[{"token": ')],
  ])('an %s token file invalidates the tokens it listed', async (_what, damage) => {
    const d = tempDir();
    const file = join(d.dir, 'tokens.txt');
    writeFileSync(file, `${TOKEN} acme* editor\n`);
    const t = await startServer({ tokensFile: file, revalidateMs: 100 }, {}, d.dir);
    try {
      const ws = await rawSocket(`${t.url}/ws/acme/revoke?token=${TOKEN}`);
      await firstMessage(ws);
      const closed = closeOf(ws);
      damage(file);
      expect((await closed).code).toBe(CloseCode.UNAUTHORIZED);
      const again = await rawSocket(`${t.url}/ws/acme/revoke?token=${TOKEN}`);
      expect((await closeOf(again)).code).toBe(CloseCode.UNAUTHORIZED);
      // Fixed file: the token works again.
      writeFileSync(file, `${TOKEN} acme* editor\n`);
      await new Promise((r) => setTimeout(r, 400));
      const back = await rawSocket(`${t.url}/ws/acme/revoke?token=${TOKEN}`);
      await firstMessage(back);
      back.close();
    } finally {
      await t.stop();
    }
  });

  it('refuses a file listing one token twice (different roles) at load, without quoting it', () => {
    let message = '';
    try {
      parseTokenFile(`${TOKEN} acme* editor\nother-token-0123456789 * viewer\n${TOKEN} acme* viewer\n`, 'tokens.txt');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/entries 1 and 3 list the same token/);
    expect(message).not.toContain(TOKEN);
  });
});

describe('insecureNoAuth', () => {
  it('is refused from a config file; the flag (overrides) still works', () => {
    const d = tempDir();
    try {
      const file = join(d.dir, 'config.json');
      writeFileSync(file, JSON.stringify({ insecureNoAuth: true }));
      expect(() => loadConfig({ env: {}, configFile: file })).toThrow(/only the --insecure-no-auth flag/);
      expect(loadConfig({ env: {}, overrides: { insecureNoAuth: true } }).insecureNoAuth).toBe(true);
      // No environment variable maps to it either.
      expect(loadConfig({ env: { OMS_INSECURE_NO_AUTH: 'true' } }).insecureNoAuth).toBe(false);
    } finally {
      d.cleanup();
    }
  });
});

describe('unknown roles', () => {
  let t: TestServer;
  const SUPER = 'test-token-superuser-0123456789';
  beforeAll(async () => {
    // An auth hook that (wrongly) hands out a role the server does not know; in an earlier stage so
    // it answers before the token file does.
    const odd: Extension = {
      name: 'odd-auth',
      stage: 'limits',
      onAuthenticate: (ctx) => (ctx.token === SUPER ? ({ id: 'odd', role: 'superuser' } as unknown as Principal) : undefined),
    };
    t = await startServer({}, { extensions: [odd] });
  });
  afterAll(() => t.stop());

  it('are refused at authentication, for HTTP and WebSocket alike', async () => {
    const res = await fetch(`${t.http}/api/v1/workspaces/acme/objects`, { method: 'POST', headers: { authorization: `Bearer ${SUPER}` }, body: '{"objects":[]}' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('AUTH_UNKNOWN_ROLE');
    const ws = await rawSocket(`${t.url}/ws/acme/odd?token=${SUPER}`);
    expect((await closeOf(ws)).code).toBe(CloseCode.FORBIDDEN);
  });
});

describe('operations endpoints and tenants', () => {
  let t: TestServer;
  const ACME_ADMIN = 'test-token-acme-admin-0123456789';
  beforeAll(async () => {
    const d = tempDir();
    const file = join(d.dir, 'tenants.txt');
    writeFileSync(file, `${ADMIN_TOKEN} * admin\n${ACME_ADMIN} acme* admin\n${TOKEN} * editor\n`);
    t = await startServer({ tokensFile: file }, {}, d.dir);
  });
  afterAll(() => t.stop());

  it('/health/detailed shows a workspace-scoped admin only the rooms of its workspaces', async () => {
    const a = await rawSocket(`${t.url}/ws/acme/main?token=${TOKEN}`);
    const b = await rawSocket(`${t.url}/ws/globex/secret-plans?token=${TOKEN}`);
    await Promise.all([firstMessage(a), firstMessage(b)]);
    const detailed = async (token: string) =>
      (await (await fetch(`${t.http}/health/detailed`, { headers: { authorization: `Bearer ${token}` } })).json()) as { rooms: Array<{ workspace: string; branch: string }>; connections: number };
    const scoped = await detailed(ACME_ADMIN);
    expect(scoped.rooms.map((r) => r.workspace)).toEqual(['acme']);
    expect(scoped.connections).toBe(1);
    const wide = await detailed(ADMIN_TOKEN);
    expect(wide.rooms.map((r) => r.workspace).sort()).toEqual(['acme', 'globex']);
    expect((await fetch(`${t.http}/health/detailed`, { headers: { authorization: `Bearer ${VIEWER_TOKEN}` } })).status).toBe(401);
    a.close();
    b.close();
  });
});

describe('/health/ready without authentication', () => {
  it('says storage is down without the storage error text; a server-wide admin sees it', async () => {
    const d = tempDir();
    const inner = openServerStorage({ dataDir: d.dir, durability: 'normal' });
    const broken = { ...faultyStorage(inner), ping: async () => Promise.reject(new Error('unable to open /srv/secret-tenant/oms-sync.db')) };
    const t = await startServer({}, { storage: broken }, d.dir);
    try {
      const res = await fetch(`${t.http}/health/ready`);
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(text).not.toContain('secret-tenant');
      expect(JSON.parse(text)).toMatchObject({ status: 'unavailable', storage: { ok: false } });
      const detailed = await fetch(`${t.http}/health/detailed`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(await detailed.text()).toContain('secret-tenant');
    } finally {
      await t.stop();
    }
  });
});
