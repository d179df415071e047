/**
 * PERSIST-APPEND: durable Yjs updates per second, SqliteDocStorage vs y-leveldb, at two durability
 * levels measured side by side:
 *  - process-crash safe (no fsync per write): SQLite WAL synchronous=NORMAL vs y-leveldb's default
 *    (leveldb `put` without `sync`); both survive kill -9, neither survives power loss.
 *  - power-loss safe (fsync per acknowledged write): SQLite synchronous=FULL vs y-leveldb with every
 *    put forced to `{ sync: true }` (a Level subclass passed through y-leveldb's `Level` option).
 * Each store gets one update per acknowledged write (y-leveldb's storeUpdate has no batch API);
 * a third row shows SQLite with the batches BranchSession actually writes (50 updates per append).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Level } from 'level';
import { LeveldbPersistence } from 'y-leveldb';
import * as Y from 'yjs';
import { SqliteDocStorage } from '../../main/services/store/sqlite-doc-storage';
import type { Durability } from '../../main/services/store/sqlite-file';
import { fmtRate, type Benchmark, type BenchRow } from './lib';

const BUDGET_MS = 3_000;

export function makeUpdates(n: number): Uint8Array[] {
  const doc = new Y.Doc();
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  const m = doc.getMap('entities');
  for (let i = 0; i < n; i++) m.set(`e${i % 500}`, { displayName: `Name ${i}`, order: i });
  return out;
}

/** Appends until the budget is spent (or updates run out); returns updates per second. */
async function rate(updates: Uint8Array[], batch: number, append: (b: Uint8Array[]) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  let i = 0;
  while (i < updates.length && performance.now() - start < BUDGET_MS) {
    await append(updates.slice(i, i + batch));
    i += batch;
  }
  return (i / (performance.now() - start)) * 1000;
}

class SyncLevel<K, V> extends Level<K, V> {
  // y-leveldb calls put(key, value) only; force an fsync per write for the power-loss-safe row.
  override put(key: K, value: V, options?: object): Promise<void> {
    return super.put(key, value, { ...(options ?? {}), sync: true });
  }
}

async function sqliteRate(dir: string, durability: Durability, updates: Uint8Array[], batch: number): Promise<number> {
  const s = new SqliteDocStorage(join(dir, `sqlite-${durability}-${batch}.db`), { durability });
  try {
    return await rate(updates, batch, (b) => s.appendUpdates({ workspace: 'bench', branch: 'main' }, b));
  } finally {
    await s.close();
  }
}

async function leveldbRate(dir: string, sync: boolean, updates: Uint8Array[]): Promise<number> {
  const ldb = new LeveldbPersistence(join(dir, `leveldb-${sync}`), sync ? { Level: SyncLevel } : {});
  try {
    return await rate(updates, 1, ([u]) => ldb.storeUpdate('bench', u as Uint8Array));
  } finally {
    await ldb.destroy();
  }
}

const bench: Benchmark = {
  name: 'PERSIST-APPEND',
  description: 'durable Yjs update appends/s: SqliteDocStorage vs y-leveldb at equal fsync levels (3 s per row)',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'oms-bench-persist-'));
    const updates = makeUpdates(200_000);
    const rows: BenchRow[] = [];
    try {
      for (const [label, durability, sync] of [['kill -9 safe (no fsync)', 'normal', false], ['power-loss safe (fsync)', 'full', true]] as const) {
        const ours = await sqliteRate(dir, durability, updates, 1);
        const ref = await leveldbRate(dir, sync, updates);
        rows.push({
          name: `${label}, 1 update/write`,
          value: fmtRate(ours, 'updates'),
          reference: `y-leveldb ${fmtRate(ref, 'updates')}`,
          ratio: ours / ref,
          ratioLabel: '× y-leveldb',
          target: '≥ 3×',
          pass: ours / ref >= 3,
        });
        const batched = await sqliteRate(dir, durability, updates, 50);
        rows.push({ name: `${label}, 50 updates/write (BranchSession)`, value: fmtRate(batched, 'updates'), reference: `y-leveldb ${fmtRate(ref, 'updates')}`, ratio: batched / ref, ratioLabel: '× y-leveldb' });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};

export default bench;
