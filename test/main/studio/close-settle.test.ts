/**
 * Closing the last window of a branch leaves the whole-doc work (compaction, the working-cache
 * write) to the store worker, and a workspace file's integrity check runs there too: main's loop
 * only flushes and lets go. Real backend, real workspace files, the real worker thread; nothing here
 * depends on timing (backend.close() waits for the worker's settle, so the checks after it are exact).
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../core/model';
import { docToOntology, setMeta, ORIGIN } from '../../../core/yjs';
import { Workspace, workspaceFile } from '../../../main/services/store';
import { docFromState } from '../../../main/services/store/branch-session';
import { StudioBackend } from '../../../main/services/studio';
import { randomOntology } from '../../support/random-ontology';
import { scaleOntology } from '../../bench/scale-ontology';
import { bundle, tempDir } from './harness';

const backends: StudioBackend[] = [];
afterEach(async () => {
  for (const b of backends.splice(0)) await b.close();
});

const client = { id: 'test-window', emit: () => undefined };

async function storeWith(types: number): Promise<string> {
  const storeDir = join(tempDir(), 'store');
  const ws = await Workspace.create(storeDir, 'big', { from: randomOntology(5, { objectTypes: types, propertiesPerType: 3, linkTypes: 10 }), durability: 'normal' });
  await ws.close();
  return storeDir;
}

function backendOn(storeDir: string, workspace: ConstructorParameters<typeof StudioBackend>[0]['workspace'] = {}): StudioBackend {
  const b = new StudioBackend({ storeDir, platform: 'web', validateDelayMs: 60_000, workspace: { durability: 'normal', ...workspace } });
  backends.push(b);
  return b;
}

/** Open `main` as a window would, reading every part. */
async function openAll(b: StudioBackend): Promise<string> {
  const opened = await b.docs.open(client, await b.workspaces.get('big'), 'main');
  let part = opened.part;
  while (!part.done) part = await b.docs.read(client, opened.session);
  return opened.session;
}

async function edit(b: StudioBackend, from: number, to: number): Promise<void> {
  const s = await (await b.workspaces.get('big')).openBranch('main');
  for (let i = from; i < to; i++) setMeta(s.doc, `k${i}`, String(i), ORIGIN.local);
  await s.flush();
}

/** What is stored, read without the studio: the doc, its tail length, the working cache's seq and the doc's seq. */
async function stored(storeDir: string): Promise<{ meta: Record<string, string>; text: string; tail: number; cacheSeq: number | undefined; seq: number; cache: string | undefined }> {
  const ws = await Workspace.open(storeDir, 'big', { verify: false });
  try {
    const key = { workspace: ws.id, branch: ws.getBranch('main').id };
    const doc = docFromState(await ws.docs.loadDoc(key));
    const o = docToOntology(doc);
    doc.destroy();
    const row = ws.db.prepare('SELECT seq, json FROM working_cache WHERE branch_id = ?').get(key.branch) as { seq: number; json: string } | undefined;
    return { meta: o.meta ?? {}, text: canonicalJson(o), tail: (await ws.docs.docSize(key)).updates, cacheSeq: row?.seq, seq: ws.docs.lastSeq(key), cache: row?.json };
  } finally {
    await ws.close();
  }
}

const keys = (meta: Record<string, string>): number[] => Object.keys(meta).filter((k) => /^k\d+$/.test(k)).map((k) => Number(k.slice(1))).sort((a, b) => a - b);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('closing the last window of a branch', () => {
  it('compacts a long tail and writes the working cache in the worker, at the stored seq', async () => {
    const storeDir = await storeWith(40);
    const b = backendOn(storeDir, { compactThreshold: 5 });
    const session = await openAll(b);
    await edit(b, 0, 12);
    await b.docs.close(client, session);
    await b.close(); // waits for the worker's settle
    const s = await stored(storeDir);
    expect(keys(s.meta)).toEqual(range(12));
    expect(s.tail).toBe(0);
    expect(s.cacheSeq).toBe(s.seq);
    expect(s.cache).toBe(s.text);
  });

  it('a reopen racing the settle sees every edit, and later edits are neither lost nor hidden by the cache', async () => {
    const storeDir = await storeWith(40);
    const b = backendOn(storeDir, { compactThreshold: 3 });
    const first = await openAll(b);
    await edit(b, 0, 10);
    await b.docs.close(client, first);
    // Reopened at once: the settle of the first session may be compacting or caching meanwhile.
    const second = await openAll(b);
    const s = await (await b.workspaces.get('big')).openBranch('main');
    expect(keys(docToOntology(s.doc).meta ?? {})).toEqual(range(10));
    await edit(b, 10, 20);
    await b.docs.close(client, second);
    await b.close();
    const after = await stored(storeDir);
    expect(keys(after.meta)).toEqual(range(20));
    expect(after.cacheSeq).toBe(after.seq);
    expect(after.cache).toBe(after.text);
    // And a cold read trusts that cache: it is the stored doc's ontology.
    const ws = await Workspace.open(storeDir, 'big', { verify: false });
    expect(canonicalJson(await ws.readWorking('main'))).toBe(after.text);
    await ws.close();
  });

  it('a backend without the worker settle (the CLI) still does it in place at close', async () => {
    const storeDir = await storeWith(20);
    const ws = await Workspace.open(storeDir, 'big', { verify: false, compactThreshold: 2 });
    const s = await ws.openBranch('main');
    for (let i = 0; i < 5; i++) setMeta(s.doc, `k${i}`, String(i), ORIGIN.local);
    await s.close();
    await ws.close();
    const after = await stored(storeDir);
    expect(after.tail).toBe(0);
    expect(after.cacheSeq).toBe(after.seq);
  });
});

const KILL_ROUNDS = Number(process.env.OMS_CRASH_ITERATIONS ?? 1);

let childFiles: [string, string] | undefined;
afterAll(() => {
  for (const f of childFiles ?? []) rmSync(f, { force: true });
});

/** Runs settle-child.ts (bundled); kills it with SIGKILL when it prints a line starting with `at`. */
async function runChildUntil(storeDir: string, edits: number, at: 'flushed' | 'closed'): Promise<void> {
  childFiles ??= [bundle(join(import.meta.dirname, 'settle-child.ts'), 'settle-child'), bundle(join(import.meta.dirname, '../../../main/services/studio/jobs/worker.ts'), 'settle-worker')];
  const [script, worker] = childFiles;
  const child = spawn(process.execPath, [script, storeDir, String(edits), worker], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.startsWith(at)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`settle child exited early (${code})`)));
    });
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}

describe('kill -9 while a closed branch is being settled', () => {
  it('loses nothing that was flushed, leaves no lock behind, and the cache never stands for a state it is not', async () => {
    const storeDir = await storeWith(120);
    let edits = 0;
    for (let round = 0; round < KILL_ROUNDS; round++) {
      edits += 7;
      // Killed right as the window closed (the worker is compacting/caching, or about to), or before.
      await runChildUntil(storeDir, edits, round % 2 === 0 ? 'closed' : 'flushed');
      const s = await stored(storeDir);
      expect(keys(s.meta)).toEqual(range(edits));
      if (s.cacheSeq === s.seq) expect(s.cache).toBe(s.text);
    }
    // The file is writable afterwards (no transaction left holding its lock) and settles cleanly.
    const b = backendOn(storeDir, { compactThreshold: 2 });
    const session = await openAll(b);
    await edit(b, edits, edits + 3);
    await b.docs.close(client, session);
    await b.close();
    const s = await stored(storeDir);
    expect(keys(s.meta)).toEqual(range(edits + 3));
    expect(s.tail).toBe(0);
    expect(s.cache).toBe(s.text);
  }, 120_000);
});

describe('the integrity check of a workspace file', () => {
  it('runs in the worker when the studio opens a file: a damaged one is refused with STORE_CORRUPT and left unchanged', async () => {
    const storeDir = await storeWith(200);
    const file = workspaceFile(storeDir, 'big');
    const bytes = readFileSync(file);
    expect(bytes.length).toBeGreaterThan(16 * 4096);
    // Scribble over b-tree pages after the schema page (page 1 stays readable, so only the check finds it).
    for (let i = 4 * 4096 + 8; i < bytes.length; i += 97) bytes[i] = (bytes[i] as number) ^ 0x5a;
    writeFileSync(file, bytes);
    const b = backendOn(storeDir);
    await expect(b.workspaces.get('big')).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('a healthy file opens after the check, and a missing one is WORKSPACE_NOT_FOUND', async () => {
    const storeDir = await storeWith(20);
    const b = backendOn(storeDir);
    expect((await b.workspaces.get('big')).name).toBe('big');
    await expect(b.workspaces.get('nope')).rejects.toMatchObject({ code: 'WORKSPACE_NOT_FOUND' });
  });
});

describe('a branch too big for the store worker', () => {
  it('is refused with TOO_LARGE when building its live doc runs the worker out of heap, and main is not asked to try', async () => {
    const storeDir = join(tempDir(), 'store');
    const ws = await Workspace.create(storeDir, 'big', { from: scaleOntology(2500), durability: 'normal' });
    await ws.close();
    await (await Workspace.create(storeDir, 'small', { from: scaleOntology(10), durability: 'normal' })).close();
    const b = new StudioBackend({ storeDir, platform: 'web', validateDelayMs: 60_000, storeWorkerHeapMb: Number(process.env.OMS_TEST_STORE_WORKER_MB ?? 48), workspace: { durability: 'normal', verify: false } });
    backends.push(b);
    const big = await b.workspaces.get('big');
    await expect(b.docs.open(client, big, 'main')).rejects.toMatchObject({ code: 'TOO_LARGE' });
    // Main did not build it either (it would hold the same doc in its own heap): the branch is still doc-less.
    expect(big.docs.lastSeq({ workspace: big.id, branch: big.getBranch('main').id })).toBe(0);
    // And the backend keeps serving: a small branch opens through a new worker with the same limit
    // (so the limit left room for the worker itself; it was the big doc that did not fit).
    const small = await b.docs.open(client, await b.workspaces.get('small'), 'main');
    expect(small.part.done).toBe(true);
  });
});
