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
 * The "fresh process" rows (store-scale.child.ts) run each full-ontology operation from the file,
 * as the CLI does, in its own process: their time and peak RSS are that operation's alone.
 * OMS_BENCH_SCALE_ONLY=fresh runs those rows only (the in-process ones take minutes more at 50k).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, parseOntologyText } from '../../core/model';
import { ontologyStats } from '../../cli/commands/stats';
import { validate } from '../../core/validate';
import { setField } from '../../core/yjs';
import { previewMerge } from '../../main/services/merge';
import { Workspace } from '../../main/services/store';
import { fmtMs, p50, sample, time, type Benchmark, type BenchRow } from './lib';
import { editTypes, scaleOntology } from './scale-ontology';

const SIZES = (process.env.OMS_BENCH_SCALE ?? '5000,50000').split(',').map(Number).filter((n) => n > 0);
const FRESH_ONLY = process.env.OMS_BENCH_SCALE_ONLY === 'fresh';
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const peakRss = (): number => process.resourceUsage().maxRSS * 1024;
const readOntologyText = (text: string) => parseOntologyText(text, 'bench file');

function small(name: string, ms: number, floorMs: number, floorLabel: string, targetMs: number): BenchRow {
  return { name, value: fmtMs(ms), reference: `${floorLabel} ${fmtMs(floorMs)}`, ratio: ms / floorMs, ratioLabel: '× the floor', target: `< ${targetMs} ms`, pass: ms < targetMs };
}

function full(name: string, ms: number, floorMs: number): BenchRow {
  return { name, value: fmtMs(ms), reference: `JSON.parse+stringify ${fmtMs(floorMs)}`, ratio: ms / floorMs, ratioLabel: '× parse+stringify', target: '≤ 3×', pass: ms <= 3 * floorMs };
}

/**
 * Merge preview of two 10-element changes, against its floor: reading what changed on each side
 * since the base (both snapshots' differing buckets and entity rows). The first preview on a store
 * also builds the entity index over one snapshot (once per store; later snapshots are indexed by
 * their difference); the row that counts is a preview after it. Peak memory from a fresh process
 * doing only the preview, net of that process's start-up. At ≤ 5k types the full three-way merge
 * (the reference the proportional one is tested against) is timed too.
 */
async function mergePreviewRows(ws: Workspace, root: string, types: number, baseSnapshot: string): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const req = { source: 'y', into: 'x' };
  const [xs, ys] = [ws.getCommit('x').snapshot, ws.getCommit('y').snapshot];
  const floor = p50(await sample(5, () => [ws.snapshots.readDifference(baseSnapshot, xs), ws.snapshots.readDifference(baseSnapshot, ys)]));
  const label = 'changed rows of both sides';
  const cold = await time(() => previewMerge(ws, req));
  const how = cold.result.strategy.kind === 'proportional' ? `index: ${cold.result.strategy.index.indexedEntities} entities` : `FULL: ${cold.result.strategy.reason}`;
  const { pass: _once, ...coldRow } = small(`${types} types: merge preview, first on the store (${how})`, cold.ms, floor, label, 500);
  rows.push({ ...coldRow, target: 'once per store' });
  const warm = p50(await sample(3, () => previewMerge(ws, req), 0));
  const last = await previewMerge(ws, req);
  const read = last.strategy.kind === 'proportional' ? `, read ${last.strategy.read.entities} entities / ${last.strategy.read.buckets} buckets` : '';
  rows.push(small(`${types} types: merge preview (10 + 10)${read}`, warm, floor, label, 500));
  const child = join(import.meta.dirname, 'merge-preview.child.ts');
  const run = (mode: string): { ms: number; floorMs: number; maxRssMb: number } => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', child, root, 'bench', mode], { encoding: 'utf8', maxBuffer: 1 << 20 })) as { ms: number; floorMs: number; maxRssMb: number };
  // The first child also fills tsx's compile cache: the open-only baseline is taken after it.
  const own = run('preview');
  const base = run('baseline');
  const net = own.maxRssMb - base.maxRssMb;
  // This process holds the whole fixture (GC pauses inflate both sides): a fresh one is the cleaner ratio.
  rows.push(small(`${types} types: merge preview (10 + 10), fresh process`, own.ms, own.floorMs, `${label}, same process`, 500));
  rows.push({ name: `${types} types: merge preview peak RSS (fresh process)`, value: `${own.maxRssMb.toFixed(0)} MB (${net.toFixed(0)} MB over start-up)`, reference: `open-only process ${base.maxRssMb.toFixed(0)} MB`, ratio: own.maxRssMb / base.maxRssMb, ratioLabel: '× open-only', target: '< 300 MB', pass: own.maxRssMb < 300 });
  if (types <= 5000) {
    const reference = await time(() => previewMerge(ws, req, { full: true }));
    rows.push({ name: `${types} types: merge preview, full three-way merge (reference)`, value: fmtMs(reference.ms), reference: `proportional ${fmtMs(warm)}`, ratio: reference.ms / warm, ratioLabel: '× proportional' });
  }
  return rows;
}

interface ChildRun {
  op: string;
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
}

/**
 * The full-ontology operations as the CLI runs them (reading the file), each in a fresh process
 * (store-scale.child.ts): time against the floor child's JSON.parse+stringify of the same file,
 * by CPU time (wall time on a shared box mostly measures the other processes; both are shown);
 * peak RSS net of the start-up of a process that loads the same modules, against the file's size
 * (the issue's ≤ 4×) and against a process that only JSON.parses the file and holds the result
 * (the floor of any design that holds the parsed ontology).
 */
function freshProcessRows(types: number, dir: string, canonical: string, edited: string): BenchRow[] {
  const file = join(dir, 'scale.oms.json');
  const editFile = join(dir, 'scale-edit.oms.json');
  writeFileSync(file, canonical);
  writeFileSync(editFile, edited);
  const bytes = statSync(file).size;
  const child = join(import.meta.dirname, 'store-scale.child.ts');
  const store = join(dir, 'fresh-store');
  const run = (op: string, target = file, withStore = false): ChildRun =>
    JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', child, op, target, ...(withStore ? [store, 'fresh'] : [])], { encoding: 'utf8', maxBuffer: 1 << 20 })) as ChildRun;
  run('baseline'); // fills tsx's compile cache, so the measured baseline is a warm start
  const base = run('baseline');
  const parse = run('parse');
  const floor = run('floor');
  const ops: Array<[string, ChildRun]> = [
    ['create (workspace create --from file)', run('create', file, true)],
    ['apply (one-field change, from file)', run('apply', editFile, true)],
    ['stats (from file)', run('stats')],
    ['validate (from file)', run('validate')],
    ['export (checkout + canonical JSON + write)', run('export', join(dir, 'export.oms.json'), true)],
  ];
  const net = (r: ChildRun): number => Math.max(0, r.maxRssMb - base.maxRssMb);
  const parseNet = net(parse);
  const rows: BenchRow[] = [];
  for (const [label, r] of ops) {
    rows.push({
      name: `${types} types: ${label}, fresh process`, value: `${fmtMs(r.cpuMs)} CPU (${fmtMs(r.wallMs)} wall)`,
      reference: `JSON.parse+stringify ${fmtMs(floor.cpuMs)} CPU (${fmtMs(floor.wallMs)} wall)`, ratio: r.cpuMs / floor.cpuMs, ratioLabel: '× parse+stringify (CPU)',
      target: '≤ 3×', pass: r.cpuMs <= 3 * floor.cpuMs,
    });
    rows.push({
      name: `${types} types: ${label}, peak RSS`, value: `${r.maxRssMb.toFixed(0)} MB (${net(r).toFixed(0)} MB over start-up; ${(net(r) / parseNet).toFixed(1)}× JSON.parse's ${parseNet.toFixed(0)} MB)`,
      reference: `file ${mb(bytes)}; start-up ${base.maxRssMb.toFixed(0)} MB`, ratio: (net(r) * 1024 * 1024) / bytes, ratioLabel: '× the file (net of start-up)',
      target: '≤ 4×', pass: net(r) * 1024 * 1024 <= 4 * bytes,
    });
  }
  rows.push({ name: `${types} types: JSON.parse of the file alone, peak RSS`, value: `${parse.maxRssMb.toFixed(0)} MB (${parseNet.toFixed(0)} MB over start-up)`, reference: `file ${mb(bytes)}`, ratio: (parseNet * 1024 * 1024) / bytes, ratioLabel: '× the file (net of start-up)' });
  return rows;
}

async function runSize(types: number): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const o = scaleOntology(types, 4);
  const canonical = canonicalJson(o);
  const bytes = Buffer.byteLength(canonical);
  const floorFull = p50(await sample(3, () => JSON.stringify(JSON.parse(canonical)), 1));
  const root = mkdtempSync(join(tmpdir(), `oms-bench-scale-${types}-`));
  try {
    rows.push(...freshProcessRows(types, root, canonical, canonicalJson(editTypes(o, 1, 'one field'))));
    if (FRESH_ONLY) return rows;
    const imported = await time(() => Workspace.create(root, 'bench', { from: o, durability: 'normal' }));
    const ws = imported.result;
    rows.push(full(`${types} types: import (create from ${mb(bytes)})`, imported.ms, floorFull));
    // Floors on this very file: one row written, 20 commit rows read, the changed entity rows read.
    ws.db.exec('CREATE TABLE IF NOT EXISTS bench_floor (k TEXT PRIMARY KEY, v TEXT) STRICT');
    let k = 0;
    const floorRow = p50(await sample(5, () => ws.db.prepare('INSERT INTO bench_floor VALUES (?, ?)').run(`k${k++}`, 'x')));

    const branch = await time(() => ws.createBranch('b1'));
    rows.push(small(`${types} types: branch create`, branch.ms, floorRow, 'one row insert', 200));

    // As `oms apply file` does it: read the file's text (cli/files.ts), then replace the working state.
    const file = canonicalJson(editTypes(o, 1, 'one field'));
    const applied = await time(() => ws.setWorking('b1', readOntologyText(file), undefined, { parsed: true }));
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
    rows.push(...(await mergePreviewRows(ws, root, types, c2.snapshot)));

    const validated = await time(() => validate(o));
    rows.push(full(`${types} types: validate`, validated.ms, floorFull));
    // As `oms checkout -o` does it (compact here, like the floor): from the stored rows (Workspace.checkoutText).
    const exported = await time(() => ws.checkoutText('b1'));
    rows.push(full(`${types} types: export (checkout + canonical JSON)`, exported.ms, floorFull));
    // As `oms stats file` does it: read the file strictly, count, hash the canonical form.
    const stats = await time(() => ontologyStats(readOntologyText(canonical)));
    rows.push(full(`${types} types: stats (read file + counts + hash)`, stats.ms, floorFull));
    const rss = peakRss();
    rows.push({ name: `${types} types: peak RSS`, value: mb(rss), reference: `canonical form ${mb(bytes)}`, ratio: rss / bytes, ratioLabel: '× its size', target: '≤ 4×', pass: rss <= 4 * bytes });
    // After the peak RSS row: a live doc of the whole ontology is held from here on.
    rows.push(...(await liveCommitRows(ws, types, floorRow)));
    await ws.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return rows;
}

/**
 * Commit of a one-field change on an opened (live) branch: the base snapshot patched with the
 * tracked changed entity (main/services/store/dirty-ids.ts). With the commit validating the new state
 * itself (from the base's findings and the changed entities, incremental-validate.ts): first on the
 * store (which may build the entity index over one snapshot, once per store), then as every later
 * commit does; and with that state already validated (as the studio's idle validation would leave
 * it), so the patch's own cost shows.
 */
async function liveCommitRows(ws: Workspace, types: number, floorRow: number): Promise<BenchRow[]> {
  await ws.createBranch('live');
  const opened = await time(() => ws.openBranch('live'));
  const s = opened.result;
  const ids = Object.keys(ws.checkout('live').objectTypes).sort();
  let n = 0;
  const edit = async (): Promise<void> => {
    setField(s.doc, { id: ids[n++ % ids.length] as string }, 'displayName', `live edit ${n}`);
    await s.flush();
  };
  const rssGrowth = async <T>(fn: () => Promise<T>): Promise<{ ms: number; grew: number; result: T }> => {
    const before = process.memoryUsage().rss;
    const r = await time(fn);
    return { ...r, grew: Math.max(0, process.memoryUsage().rss - before) };
  };
  await edit();
  const first = await rssGrowth(() => ws.commit('live', { message: 'live, validating, first', author: 'bench' }));
  await edit();
  const cold = await rssGrowth(() => ws.commit('live', { message: 'live, validating', author: 'bench' }));
  await edit();
  await ws.workingDiagnostics('live');
  const warm = await rssGrowth(() => ws.commit('live', { message: 'live, validated', author: 'bench' }));
  const how = (o: { result: { snapshotFrom: string; validatedBy?: string }; grew: number }): string => `${o.result.snapshotFrom}, validated by ${o.result.validatedBy ?? '?'}, RSS +${mb(o.grew)}`;
  const { pass: _once, ...firstRow } = small(`${types} types: commit one-field change, live branch, first on the store (incl. validation, entity index)`, first.ms, floorRow, 'one row insert', 200);
  return [
    { name: `${types} types: open a branch live (build its doc)`, value: fmtMs(opened.ms) },
    { ...firstRow, target: 'once per store', value: `${fmtMs(first.ms)} (${how(first)})` },
    { ...small(`${types} types: commit one-field change, live branch (incl. validation)`, cold.ms, floorRow, 'one row insert', 200), value: `${fmtMs(cold.ms)} (${how(cold)})` },
    { ...small(`${types} types: commit one-field change, live branch (state validated)`, warm.ms, floorRow, 'one row insert', 200), value: `${fmtMs(warm.ms)} (${how(warm)})` },
  ];
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
