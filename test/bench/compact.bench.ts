/**
 * COMPACT: folding a long update log into one snapshot. Ours: SqliteDocStorage.compactDoc (apply to
 * a Y.Doc in bounded chunks, re-encode) on 10k/20k/40k/100k updates. Reference: one flat
 * Y.mergeUpdates over 5k/10k/20k slices of the same stream. Flat merging is quadratic (measured
 * here: 2 s at 10k, 9-12 s at 20k), so its 40k point (~45 s) runs only with OMS_BENCH_FULL=1 to keep
 * this benchmark near 30 s; without it the 40k reference is extrapolated from the 10k→20k growth and
 * labelled "est.". Reported: ms, µs per update, and growth factors (linear = 2× per doubling).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { SqliteDocStorage } from '../../main/services/store/sqlite-doc-storage';
import { fmtMs, rng, time, type Benchmark, type BenchRow } from './lib';

/** Realistic edit stream: field sets on many entities plus typing into descriptions, one update each. */
function makeUpdates(n: number): Uint8Array[] {
  const rand = rng(42);
  const doc = new Y.Doc();
  doc.clientID = 1;
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  const entities = doc.getMap<Y.Map<unknown>>('entities');
  for (let i = 0; i < 2000; i++) {
    const e = new Y.Map<unknown>();
    e.set('apiName', `Type${i}`);
    e.set('description', new Y.Text());
    entities.set(`e${i}`, e);
  }
  out.length = 0; // the setup above is one big update per entity; measure the edit stream only
  const base = Y.encodeStateAsUpdate(doc);
  while (out.length < n) {
    const e = entities.get(`e${Math.floor(rand() * 2000)}`) as Y.Map<unknown>;
    if (rand() < 0.5) e.set('displayName', `Name ${out.length}`);
    else {
      const t = e.get('description') as Y.Text;
      t.insert(Math.floor(rand() * (t.length + 1)), 'ab');
    }
  }
  return [base, ...out.slice(0, n)];
}

const bench: Benchmark = {
  name: 'COMPACT',
  description: 'chunked load-and-re-encode compaction vs flat Y.mergeUpdates (growth 10k → 40k; linear = 4×)',
  async run() {
    const all = makeUpdates(100_000);
    const dir = mkdtempSync(join(tmpdir(), 'oms-bench-compact-'));
    const rows: BenchRow[] = [];
    const ours = new Map<number, number>();
    const flat = new Map<number, number>();
    try {
      const storage = new SqliteDocStorage(join(dir, 'c.db'), { durability: 'normal' });
      for (const n of [10_000, 20_000, 40_000, 100_000]) {
        const key = { workspace: 'bench', branch: `n${n}` };
        for (let i = 0; i <= n; i += 5000) await storage.appendUpdates(key, all.slice(i, Math.min(i + 5000, n + 1)));
        const { ms } = await time(() => storage.compactDoc(key));
        ours.set(n, ms);
        if (n <= 20_000 || (n === 40_000 && process.env.OMS_BENCH_FULL === '1')) flat.set(n, (await time(() => Y.mergeUpdates(all.slice(0, n + 1)))).ms);
      }
      flat.set(5_000, (await time(() => Y.mergeUpdates(all.slice(0, 5_001)))).ms);
      await storage.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const flatEstimated = !flat.has(40_000);
    if (flatEstimated) flat.set(40_000, (flat.get(20_000) as number) * ((flat.get(20_000) as number) / (flat.get(10_000) as number)));
    rows.push({ name: '5k updates, flat only', value: '-', reference: `flat mergeUpdates ${fmtMs(flat.get(5_000) as number)}` });
    for (const [n, ms] of ours) {
      const ref = flat.get(n);
      const est = n === 40_000 && flatEstimated ? ' est.' : '';
      rows.push({
        name: `${n / 1000}k updates`,
        value: `${fmtMs(ms)} (${((ms * 1000) / n).toFixed(1)} µs/update)`,
        ...(ref !== undefined ? { reference: `flat mergeUpdates${est} ${fmtMs(ref)} (${((ref * 1000) / n).toFixed(1)} µs/update)`, ratio: ref / ms, ratioLabel: '× faster than flat' } : {}),
      });
    }
    const growth = (m: Map<number, number>, a: number, b: number) => (m.get(b) as number) / (m.get(a) as number);
    rows.push({ name: 'growth 10k → 20k', value: `${growth(ours, 10_000, 20_000).toFixed(2)}×`, reference: `flat ${growth(flat, 10_000, 20_000).toFixed(2)}×`, target: '≈ 2× (linear)', pass: growth(ours, 10_000, 20_000) <= 2.5 });
    rows.push({ name: 'growth 10k → 40k, ours', value: `${growth(ours, 10_000, 40_000).toFixed(2)}×`, reference: `flat ${flatEstimated ? 'est. ' : ''}${growth(flat, 10_000, 40_000).toFixed(2)}×`, target: '≈ 4× (linear)', pass: growth(ours, 10_000, 40_000) <= 5 });
    rows.push({ name: 'growth 10k → 100k, ours', value: `${((ours.get(100_000) as number) / (ours.get(10_000) as number)).toFixed(2)}×`, target: '≈ 10× (linear)' });
    return rows;
  },
};

export default bench;
