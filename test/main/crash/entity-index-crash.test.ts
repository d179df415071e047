/**
 * kill -9 in the middle of imports (whole replacements of a working state, their commits, new
 * workspaces from a file: entity-index-child.ts), then reopen: the entity index rows are written in
 * the same transaction as the snapshot, so every head and working state is covered and no covered
 * snapshot lacks a row; the working state is one of the imported files, whole.
 * OMS_CRASH_ITERATIONS raises the kills (default 3, bounded for CI).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../../main/services/store';
import { INDEX_TABLES, indexGaps } from '../../../main/services/store/entity-index';
import { rng } from '../../bench/lib';
import { scaleOntology } from '../../bench/scale-ontology';
import { runAndKill } from './spawn-child';

const CHILD = join(import.meta.dirname, 'entity-index-child.ts');
const KILLS = Math.max(1, Number(process.env.OMS_CRASH_ITERATIONS ?? 3));
const TYPES = 300;
const dirs: string[] = [];
const children: Array<() => void> = [];
afterAll(() => {
  children.splice(0).forEach((k) => k());
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

async function checkWorkspace(root: string, name: string): Promise<void> {
  const ws = await Workspace.open(root, name, { durability: 'normal' });
  try {
    const covered = new Set(ws.db.prepare(`SELECT hash FROM ${INDEX_TABLES.covered}`).pluck().all() as string[]);
    for (const b of ws.listBranches()) {
      const working = ws.db.prepare('SELECT working FROM branches WHERE id = ?').pluck().get(b.id) as string | null;
      for (const s of [ws.getCommit(b.head).snapshot, ...(working ? [working] : [])]) expect(covered.has(s), `${name}: ${b.name} ${s}`).toBe(true);
      const state = await ws.readWorking(b.name);
      expect(Object.keys(state.objectTypes), `${name}: the working state of ${b.name}`).toHaveLength(TYPES);
    }
    expect(indexGaps(ws.db), name).toEqual([]);
  } finally {
    await ws.close();
  }
}

async function checkStore(root: string): Promise<void> {
  for (const f of readdirSync(join(root, 'workspaces'))) {
    if (!f.endsWith('.oms.sqlite')) continue;
    const raw = new Database(join(root, 'workspaces', f), { readonly: true });
    try {
      expect(raw.pragma('integrity_check', { simple: true }), f).toBe('ok');
    } finally {
      raw.close();
    }
    await checkWorkspace(root, f.slice(0, -'.oms.sqlite'.length));
  }
}

describe('entity index under kill -9 during imports', () => {
  it(`stays consistent with the snapshots over ${KILLS} kills`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'oms-index-crash-'));
    dirs.push(root);
    await (await Workspace.create(root, 'big', { from: scaleOntology(TYPES, 3), durability: 'normal' })).close();
    const next = rng(17);
    const ops = new Set<string>();
    for (let k = 0; k < KILLS; k++) {
      const acks = 1 + Math.floor(next() * 6);
      const delay = Math.floor(next() * 120);
      try {
        for (const op of await runAndKill(CHILD, [root, String(k)], /^ack (\w+)$/, acks, delay, (kill) => children.push(kill))) ops.add(op);
        await checkStore(root);
      } catch (err) {
        throw new Error(`kill #${k + 1} (after ${acks} acks + ${delay} ms): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
    }
    expect([...ops]).toContain('import');
  }, 180_000);
});
