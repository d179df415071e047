/** The account-store contract on SQLite (a real file) and on a real PostgreSQL (skips, saying why, when none runs). */
import { join } from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';
import { runAccountStoreContract } from '../contract/account-store.contract';
import { openAccountStore } from '../../sync-server/identity/account-store';
import { tempDir } from './helpers';
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
}
