/**
 * kill -9 in the middle of branch/tag creation, apply, commit, merge, revert and workspace creation
 * (a real child process: store-child.ts `loop`), then reopen: the file passes integrity_check, every
 * workspace file is complete (has `main`), no branch has an empty or unreadable working state, and
 * `main` — changed only by merges and reverts, which land with their commit — is never left dirty.
 * OMS_CRASH_ITERATIONS raises the kills per seed (default 2 per seed, bounded for CI; the box is shared and each child start costs seconds).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../../main/services/store';
import { rng } from '../../bench/lib';
import { airline } from '../../support/workspace-fixture';
import { STORE_CHILD, runAndKill } from './spawn-child';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const KILLS = Math.max(1, Number(process.env.OMS_CRASH_ITERATIONS ?? 2));
const SEEDS = [3, 7];
const TYPES = Object.keys(airline().objectTypes).length;

/** Run the loop until `acks` operations are acknowledged (+ `delayMs`), SIGKILL it; the ops acknowledged. */
function runLoopAndKill(root: string, seed: number, acks: number, delayMs: number): Promise<string[]> {
  return runAndKill(STORE_CHILD, ['loop', root, String(seed)], /^ack (\w+)$/, acks, delayMs);
}

async function checkStore(root: string): Promise<void> {
  const dir = join(root, 'workspaces');
  for (const f of readdirSync(dir)) {
    if (/\.oms\.sqlite-(wal|shm)$/.test(f)) continue; // a killed writer's WAL: SQLite replays it on open
    if (!f.endsWith('.oms.sqlite')) {
      // Only an unfinished create may leave something else, under its temp name (cleaned by the next create).
      expect(f, 'unexpected file in the store').toMatch(/^\..+\.\d+\.[0-9a-f]+\.creating(-wal|-shm|-journal)?$/);
      continue;
    }
    const raw = new Database(join(dir, f), { readonly: true });
    try {
      expect(raw.pragma('integrity_check', { simple: true }), f).toBe('ok');
    } finally {
      raw.close();
    }
    const name = f.slice(0, -'.oms.sqlite'.length);
    const ws = await Workspace.open(root, name, { durability: 'normal' });
    try {
      expect(ws.findBranch('main'), `${f} has no main`).toBeDefined();
      if (name !== 'crash') continue;
      for (const b of ws.listBranches()) {
        const working = await ws.readWorking(b.name);
        expect(Object.keys(working.objectTypes).length, `working state of ${b.name}`).toBe(TYPES);
        expect(Object.keys(ws.checkout(b.head).objectTypes).length, `head of ${b.name}`).toBe(TYPES);
      }
      expect((await ws.status('main')).dirty, 'main left dirty by a merge or revert cut short').toBe(false);
    } finally {
      await ws.close();
    }
  }
}

describe('store operations under kill -9', () => {
  it(`stay atomic over ${KILLS * SEEDS.length} kills (seeds ${SEEDS.join(', ')})`, async () => {
    const ops = new Set<string>();
    await Promise.all(SEEDS.map(async (seed) => {
      const root = mkdtempSync(join(tmpdir(), `oms-crash-ops-${seed}-`));
      dirs.push(root);
      await (await Workspace.create(root, 'crash', { from: airline(), author: 'ada', durability: 'normal' })).close();
      const rand = rng(seed);
      for (let k = 0; k < KILLS; k++) {
        const acks = 1 + Math.floor(rand() * 14);
        const delay = Math.floor(rand() * 25);
        try {
          for (const op of await runLoopAndKill(root, seed, acks, delay)) ops.add(op);
          await checkStore(root);
        } catch (err) {
          throw new Error(`seed ${seed}, kill #${k + 1} (after ${acks} acks + ${delay} ms): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        }
      }
    }));
    // The kills landed across the whole cycle, not only in its first step.
    expect(ops.size).toBeGreaterThanOrEqual(5);
  }, 240_000);
});
