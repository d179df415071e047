/**
 * kill -9 at random moments: every update acknowledged before the kill must be on disk, and the
 * file must pass PRAGMA integrity_check. The writer is a real child process (fixtures/crash-writer.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqliteDocStorage } from '../../main/services/store/sqlite-doc-storage';
import { rng } from '../bench/lib';

const writerScript = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'crash-writer.ts');
const dir = mkdtempSync(join(tmpdir(), 'oms-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run the writer until it has acknowledged `acksBeforeKill` batches (+ a random delay), SIGKILL it, return the highest ack it printed. */
function runAndKill(file: string, seed: number, acksBeforeKill: number, extraDelayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writerScript, file, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let acked = 0;
    let acks = 0;
    let killed = false;
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const m = /^ack (\d+)$/.exec(line);
        if (!m) continue;
        acked = Math.max(acked, Number(m[1]));
        if (++acks === acksBeforeKill && !killed) {
          killed = true;
          setTimeout(() => child.kill('SIGKILL'), extraDelayMs);
        }
      }
    });
    // 'close' fires after stdout is drained: every ack printed before death has been counted.
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`writer exited with ${code ?? signal}: ${stderr}`));
    });
  });
}

function check(file: string, ackedUpTo: number): Promise<void> {
  const db = new Database(file);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    db.close();
  }
  return (async () => {
    const storage = new SqliteDocStorage(file);
    try {
      const state = await storage.loadDoc({ workspace: 'crash', branch: 'main' });
      const doc = new Y.Doc();
      if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
      for (const u of state.updates) Y.applyUpdate(doc, u);
      const map = doc.getMap<number>('m');
      const missing: number[] = [];
      for (let i = 1; i <= ackedUpTo; i++) if (map.get(`k${i}`) !== i) missing.push(i);
      expect(missing, `acknowledged updates lost (first ${missing.slice(0, 10).join(',')})`).toEqual([]);
    } finally {
      await storage.close();
    }
  })();
}

describe('crash safety under SIGKILL', () => {
  const SEEDS = [11, 23, 37, 41, 59];
  const KILLS_PER_SEED = 11; // 55 kills in all

  async function killLoop(seed: number): Promise<number> {
    const rand = rng(seed);
    const file = join(dir, `crash-${seed}.sqlite`);
    let ackedUpTo = 0;
    for (let k = 0; k < KILLS_PER_SEED; k++) {
      const acks = 1 + Math.floor(rand() * 20);
      const delay = Math.floor(rand() * 15);
      try {
        ackedUpTo = Math.max(ackedUpTo, await runAndKill(file, seed, acks, delay));
        await check(file, ackedUpTo);
      } catch (err) {
        throw new Error(`crash test failed: seed ${seed}, kill #${k + 1} (acks ${acks}, delay ${delay} ms): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
    }
    return ackedUpTo;
  }

  // Seeds run side by side (one writer each): process start-up dominates, not the kills.
  it(`loses no acknowledged update over ${SEEDS.length * KILLS_PER_SEED} kills (seeds ${SEEDS.join(', ')})`, async () => {
    const acked = await Promise.all(SEEDS.map(killLoop));
    for (const a of acked) expect(a).toBeGreaterThan(KILLS_PER_SEED);
    // 25 s alone; several times that when every suite shares two cores. The bound only stops a hang.
  }, 300_000);
});
