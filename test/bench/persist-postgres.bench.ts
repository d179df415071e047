/**
 * PERSIST-POSTGRES: durable Yjs update appends/s, PostgresDocStorage vs SqliteDocStorage (the
 * default oms-sync backend) side by side, both at `full` durability (PostgreSQL synchronous_commit
 * on, SQLite synchronous=FULL): one writer with 1 and 50 updates per append, then 8 writers on 8
 * docs at once (what several rooms do; SQLite serialises them, PostgreSQL's pool runs them in
 * parallel). Needs the PostgreSQL from .ci/services.sh (or OMS_TEST_PG_URL); otherwise one row
 * says it was skipped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocStorage } from '../../core/storage/doc-storage';
import { SqliteDocStorage } from '../../main/services/store/sqlite-doc-storage';
import { PostgresDocStorage } from '../../sync-server/storage/postgres-doc-storage';
import { freshDatabase, probePostgres } from '../sync-server/postgres-fixture';
import { fmtRate, type Benchmark, type BenchRow } from './lib';
import { makeUpdates } from './persist.bench';

const BUDGET_MS = 2_000;

/** `writers` loops, each appending `batch` updates per call to its own doc until the budget is spent; updates/s over all. */
async function rate(storage: DocStorage, updates: Uint8Array[], batch: number, writers: number, run: string): Promise<number> {
  const start = performance.now();
  const counts = await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      let i = 0;
      while (i + batch <= updates.length && performance.now() - start < BUDGET_MS) {
        await storage.appendUpdates({ workspace: 'bench', branch: `${run}-${w}` }, updates.slice(i, i + batch));
        i += batch;
      }
      return i;
    }),
  );
  return (counts.reduce((a, b) => a + b, 0) / (performance.now() - start)) * 1000;
}

const CASES = [
  { label: '1 writer, 1 update/append', batch: 1, writers: 1 },
  { label: '1 writer, 50 updates/append', batch: 50, writers: 1 },
  { label: '8 writers on 8 docs, 1 update/append', batch: 1, writers: 8 },
] as const;

const bench: Benchmark = {
  name: 'PERSIST-POSTGRES',
  description: `durable appends/s, PostgresDocStorage vs SqliteDocStorage at full durability (${BUDGET_MS / 1000} s per measurement)`,
  async run() {
    const unreachable = await probePostgres();
    if (unreachable) return [{ name: 'skipped', value: unreachable }];
    const dir = mkdtempSync(join(tmpdir(), 'oms-bench-pg-'));
    const db = await freshDatabase();
    const pgStorage = new PostgresDocStorage(db.url, { poolSize: 8, durability: 'full' });
    const sqlite = new SqliteDocStorage(join(dir, 'bench.db'), { durability: 'full' });
    const updates = makeUpdates(100_000);
    const rows: BenchRow[] = [];
    try {
      await pgStorage.ready();
      for (const c of CASES) {
        const run = `${c.batch}x${c.writers}`;
        const ours = await rate(pgStorage, updates, c.batch, c.writers, run);
        const ref = await rate(sqlite, updates, c.batch, c.writers, run);
        rows.push({ name: c.label, value: `PostgreSQL ${fmtRate(ours, 'updates')}`, reference: `SQLite ${fmtRate(ref, 'updates')}`, ratio: ours / ref, ratioLabel: '× SQLite' });
      }
    } finally {
      await Promise.all([pgStorage.close(), sqlite.close()]);
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};

export default bench;
