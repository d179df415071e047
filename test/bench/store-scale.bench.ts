/**
 * The local store at scale (issue 10): generated 5k- and 50k-type workspaces (OMS_BENCH_SCALE=5000,50000
 * to choose). Each figure is a ratio to a floor measured in the same run on the same file:
 * - small operations (branch create, commit of a one-field change, log -n 20, diff of commits 10
 *   elements apart, merge preview of two 10-element changes) against reading/writing only the rows
 *   that changed (one row insert, 20 commit rows, the changed entity rows);
 * - full-ontology operations (import, apply, validate, export) against JSON.parse + JSON.stringify
 *   of the canonical form (target ≤ 3×).
 * Memory: peak RSS of the process so far (process.resourceUsage().maxRSS) after each step, against
 * the canonical form's size (target ≤ 4×) — a ceiling, since the process holds the fixture too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, parseOntology } from '../../core/model';
import { validate } from '../../core/validate';
import { previewMerge } from '../../main/services/merge';
import { Workspace } from '../../main/services/store';
import { fmtMs, p50, sample, time, type Benchmark, type BenchRow } from './lib';
import { editTypes, scaleOntology } from './scale-ontology';

const SIZES = (process.env.OMS_BENCH_SCALE ?? '5000,50000').split(',').map(Number).filter((n) => n > 0);
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const peakRss = (): number => process.resourceUsage().maxRSS * 1024;

function small(name: string, ms: number, floorMs: number, floorLabel: string, targetMs: number): BenchRow {
  return { name, value: fmtMs(ms), reference: `${floorLabel} ${fmtMs(floorMs)}`, ratio: ms / floorMs, ratioLabel: '× the floor', target: `< ${targetMs} ms`, pass: ms < targetMs };
}

function full(name: string, ms: number, floorMs: number): BenchRow {
  return { name, value: fmtMs(ms), reference: `JSON.parse+stringify ${fmtMs(floorMs)}`, ratio: ms / floorMs, ratioLabel: '× parse+stringify', target: '≤ 3×', pass: ms <= 3 * floorMs };
}

async function runSize(types: number): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const o = scaleOntology(types, 4);
  const canonical = canonicalJson(o);
  const bytes = Buffer.byteLength(canonical);
  const floorFull = p50(await sample(3, () => JSON.stringify(JSON.parse(canonical)), 1));
  const root = mkdtempSync(join(tmpdir(), `oms-bench-scale-${types}-`));
  try {
    const imported = await time(() => Workspace.create(root, 'bench', { from: o, durability: 'normal' }));
    const ws = imported.result;
    rows.push(full(`${types} types: import (create from ${mb(bytes)})`, imported.ms, floorFull));
    // Floors on this very file: one row written, 20 commit rows read, the changed entity rows read.
    ws.db.exec('CREATE TABLE IF NOT EXISTS bench_floor (k TEXT PRIMARY KEY, v TEXT) STRICT');
    let k = 0;
    const floorRow = p50(await sample(5, () => ws.db.prepare('INSERT INTO bench_floor VALUES (?, ?)').run(`k${k++}`, 'x')));

    const branch = await time(() => ws.createBranch('b1'));
    rows.push(small(`${types} types: branch create`, branch.ms, floorRow, 'one row insert', 200));

    // As `oms apply file` does it: parse the file's text, then replace the working state.
    const file = canonicalJson(editTypes(o, 1, 'one field'));
    const applied = await time(() => ws.setWorking('b1', parseOntology(JSON.parse(file)), undefined, { parsed: true }));
    rows.push(full(`${types} types: apply (parse + one-field change)`, applied.ms, floorFull));
    const commit = await time(() => ws.commit('b1', { message: 'one field', author: 'bench' }));
    rows.push(small(`${types} types: commit (one-field change)`, commit.ms, floorRow, 'one row insert', 200));

    for (let i = 0; i < 25; i++) await ws.commit('b1', { message: `empty ${i}`, author: 'bench', allowEmpty: true });
    const floorLog = p50(await sample(5, () => ws.db.prepare('SELECT * FROM commits LIMIT 20').all()));
    const log = p50(await sample(5, () => ws.log('b1', { limit: 20 })));
    rows.push(small(`${types} types: log -n 20`, log, floorLog, '20 commit rows', 50));

    const c1 = ws.getCommit('b1');
    await ws.setWorking('b1', editTypes(o, 10, 'ten elements', 7));
    const c2 = (await ws.commit('b1', { message: 'ten', author: 'bench' })).commit;
    const { read } = ws.snapshots.readDifference(c1.snapshot, c2.snapshot);
    const hashes = ws.db.prepare('SELECT hash FROM entities LIMIT ?').pluck().all(read.entities) as string[];
    const floorDiff = p50(await sample(5, () => hashes.map((h) => JSON.parse(ws.db.prepare('SELECT body FROM entities WHERE hash = ?').pluck().get(h) as string) as unknown)));
    const diff = p50(await sample(3, () => ws.diffSnapshots(c1.snapshot, c2.snapshot)));
    rows.push(small(`${types} types: diff, commits 10 apart`, diff, floorDiff, `${read.entities} entity rows`, 200));

    await ws.createBranch('x', { from: c2.id });
    await ws.createBranch('y', { from: c2.id });
    await ws.setWorking('x', editTypes(ws.checkout(c2.id), 10, 'ours', 3));
    await ws.commit('x', { message: 'ours', author: 'bench' });
    await ws.setWorking('y', editTypes(ws.checkout(c2.id), 10, 'theirs', 5));
    await ws.commit('y', { message: 'theirs', author: 'bench' });
    const preview = await time(() => previewMerge(ws, { source: 'y', into: 'x' }));
    rows.push(small(`${types} types: merge preview (10 + 10)`, preview.ms, floorDiff, `${read.entities} entity rows`, 500));

    const validated = await time(() => validate(o));
    rows.push(full(`${types} types: validate`, validated.ms, floorFull));
    const exported = await time(() => canonicalJson(ws.checkout('b1')));
    rows.push(full(`${types} types: export (checkout + canonical JSON)`, exported.ms, floorFull));
    const rss = peakRss();
    rows.push({ name: `${types} types: peak RSS`, value: mb(rss), reference: `canonical form ${mb(bytes)}`, ratio: rss / bytes, ratioLabel: '× its size', target: '≤ 4×', pass: rss <= 4 * bytes });
    await ws.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return rows;
}

const bench: Benchmark = {
  name: 'store-scale',
  description: `local store at ${SIZES.join(' and ')} types: small operations against the changed-rows floor, full ones against JSON.parse+stringify`,
  async run() {
    const rows: BenchRow[] = [];
    for (const n of SIZES) rows.push(...(await runSize(n)));
    return rows;
  },
};
export default bench;
