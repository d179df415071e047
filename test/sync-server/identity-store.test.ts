/** The account-store contract on SQLite (a real file) and on a real PostgreSQL (skips, saying why, when none runs). */
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runAccountStoreContract } from '../contract/account-store.contract';
import { openAccountStore } from '../../sync-server/identity/account-store';
import { createUser, workspaceCommand } from '../../sync-server/admin/identity-commands';
import { loadConfig } from '../../sync-server/config';
import { openIdentity } from '../../sync-server/identity/open';
import { createLogger } from '../../sync-server/logger';
import { SyncServer } from '../../sync-server/server';
import { tempDir } from './helpers';
import { PASSWORD } from './identity-fixture';
import { freshDatabase, probePostgres } from './postgres-fixture';

runAccountStoreContract('SQLite', async () => {
  const t = tempDir('oms-identity-store-');
  const file = join(t.dir, 'oms-identity.db');
  const store = await openAccountStore({ file });
  return {
    store,
    second: () => openAccountStore({ file }),
    async cleanup() {
      await store.close();
      t.cleanup();
    },
  };
});

const unreachable = await probePostgres();
if (unreachable) console.warn(`account store PostgreSQL contract SKIPPED: ${unreachable}`);
else {
  // One database for the suite (creating one costs seconds); each test starts from empty tables.
  const db = await freshDatabase();
  afterAll(() => db.drop());
  // Durability is PostgreSQL's own business, not this contract's: skip the fsync per commit.
  const url = `${db.url}${db.url.includes('?') ? '&' : '?'}options=${encodeURIComponent('-c synchronous_commit=off')}`;
  runAccountStoreContract('PostgreSQL', async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    // Emptied, not dropped: recreating the schema costs a second of DDL per test.
    const tables = await c.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'oms\\_%'");
    if (tables.rows.length > 0) await c.query(`TRUNCATE ${tables.rows.map((r) => r.tablename).join(', ')} CASCADE`);
    await c.end();
    const store = await openAccountStore({ url, poolSize: 2 });
    return {
      store,
      second: () => openAccountStore({ url, poolSize: 2 }),
      cleanup: () => store.close(),
    };
  });

  describe('oms-sync with OMS_DB: accounts in the same PostgreSQL', () => {
    it('signs in over HTTP and sees what another process (the admin CLI) wrote', async () => {
      const t = tempDir('oms-identity-pg-');
      const other = await freshDatabase();
      try {
        const config = loadConfig({ env: {}, overrides: { port: 0, host: '127.0.0.1', dataDir: t.dir, db: other.url, logLevel: 'silent', identity: { hash: { memoryCost: 64, timeCost: 1 } } } });
        await createUser(config, { username: 'root', password: PASSWORD, admin: true });
        const server = new SyncServer({ config, logger: createLogger('silent'), identity: await openIdentity(config) });
        const { port } = await server.listen();
        try {
          const res = await fetch(`http://127.0.0.1:${port}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'root', password: PASSWORD }) });
          expect(res.status).toBe(200);
          const { accessToken } = (await res.json()) as { accessToken: string };
          await workspaceCommand(config, 'create', 'acme', 'root');
          const members = await fetch(`http://127.0.0.1:${port}/api/v1/workspaces/acme/members`, { headers: { authorization: `Bearer ${accessToken}` } });
          expect(((await members.json()) as { members: Array<{ username: string }> }).members.map((m) => m.username)).toEqual(['root']);
        } finally {
          await server.close();
        }
      } finally {
        await other.drop();
        t.cleanup();
      }
    });
  });
}
