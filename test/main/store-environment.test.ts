/**
 * Environment failures are typed, never "a bug": disk full (a real small tmpfs when we may mount
 * one, SQLite's max_page_count otherwise), a read-only store (a read-only mount), a store locked by
 * another process, a --store that is a file, a damaged row, and create races on a name. Readers
 * (readOnly opens) work on a read-only store and while another process holds the write lock.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson, parseOntology, type Ontology } from '../../core/model';
import { STORE_ERROR_CODES, StoreError, Workspace } from '../../main/services/store';
import { randomOntology } from '../support/random-ontology';
import { airline, codeOf } from '../support/workspace-fixture';
import { spawnStoreChild, type StoreChild } from './crash/spawn-child';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});

function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'oms-env-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

/** A tmpfs of `size` at a fresh folder, or undefined where mounting is not allowed (say why). */
function tmpfs(size: string): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'oms-mnt-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    console.warn(`tmpfs not available (${String(r.stderr).trim() || r.status}): using the SQLite fallback only`);
    return undefined;
  }
  cleanups.push(() => {
    spawnSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

function bigger(o: Ontology, seed: number): Ontology {
  const extra = randomOntology(seed, { objectTypes: 150, propertiesPerType: 12 });
  return parseOntology({ ...o, objectTypes: { ...o.objectTypes, ...extra.objectTypes } });
}

function integrity(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

const spawnChild = (args: string[]): StoreChild => spawnStoreChild(args, (kill) => cleanups.push(kill));

describe('typed store errors', () => {
  it('keeps every code in one exported list, retryable ones marked', () => {
    for (const c of ['STORE_DISK_FULL', 'STORE_READ_ONLY', 'STORE_BUSY', 'NAME_TAKEN', 'STORE_CORRUPT', 'STORE_NOT_A_DIRECTORY', 'STATE_CHANGED'] as const) {
      expect(STORE_ERROR_CODES).toContain(c);
    }
    expect(new StoreError('STORE_BUSY', 'x').retryable).toBe(true);
    expect(new StoreError('STATE_CHANGED', 'x').retryable).toBe(true);
    expect(new StoreError('STORE_CORRUPT', 'x').retryable).toBe(false);
  });

  it('disk full (SQLite page limit): STORE_DISK_FULL, nothing of the apply kept, the file intact', async () => {
    const root = tempRoot();
    const ws = await Workspace.create(root, 'demo', { from: airline(), durability: 'normal' });
    try {
      const pages = ws.db.pragma('page_count', { simple: true }) as number;
      ws.db.pragma(`max_page_count = ${pages + 2}`);
      const before = canonicalJson(await ws.readWorking('main'));
      expect(await codeOf(ws.setWorking('main', bigger(airline(), 1)))).toBe('STORE_DISK_FULL');
      expect(canonicalJson(await ws.readWorking('main'))).toBe(before);
    } finally {
      await ws.close();
    }
    expect(integrity(join(root, 'workspaces', 'demo.oms.sqlite'))).toBe('ok');
  });

  it('disk full (a real full file system): apply, commit and workspace create fail typed and leave no temp files', async () => {
    const mnt = tmpfs('3m');
    if (!mnt) return;
    const root = join(mnt, 'store');
    const ws = await Workspace.create(root, 'demo', { from: airline(), durability: 'normal' });
    const before = canonicalJson(await ws.readWorking('main'));
    // Fill what is left, then ask for more.
    let i = 0;
    try {
      for (;; i++) writeFileSync(join(mnt, `filler-${i}`), Buffer.alloc(64 * 1024));
    } catch (err) {
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    try {
      expect(await codeOf(ws.setWorking('main', bigger(airline(), 2)))).toBe('STORE_DISK_FULL');
      expect(await codeOf(Workspace.create(root, 'second', { from: bigger(airline(), 3) }))).toBe('STORE_DISK_FULL');
      expect(readdirSync(join(root, 'workspaces')).filter((f) => f.includes('creating') || f.startsWith('second'))).toEqual([]);
    } finally {
      await ws.close().catch(() => undefined); // closing may itself hit the full disk; the file is checked below
    }
    for (let k = 0; k <= i; k++) rmSync(join(mnt, `filler-${k}`), { force: true });
    const again = await Workspace.open(root, 'demo');
    try {
      expect(canonicalJson(await again.readWorking('main'))).toBe(before);
      expect(integrity(again.file)).toBe('ok');
    } finally {
      await again.close();
    }
  });

  it('read-only store: readers read (log, cat, diff, show), writers get STORE_READ_ONLY', async () => {
    const mnt = tmpfs('16m');
    const root = mnt ? join(mnt, 'store') : tempRoot();
    const ws = await Workspace.create(root, 'demo', { from: airline(), durability: 'normal' });
    await ws.createBranch('side');
    await ws.close();
    if (mnt) expect(spawnSync('mount', ['-o', 'remount,ro', mnt]).status).toBe(0);
    const reader = await Workspace.open(root, 'demo', { readOnly: true });
    try {
      expect(reader.log('main', { limit: 20 })).toHaveLength(1);
      expect(Object.keys((await reader.readWorking('side')).objectTypes).length).toBe(Object.keys(airline().objectTypes).length);
      expect((await reader.diff('main', 'side')).changes).toEqual([]);
      expect(reader.show('main').commit.message).toContain('Create workspace');
      expect(await codeOf(reader.createBranch('x'))).toBe('STORE_READ_ONLY');
      expect(await codeOf(reader.commit('main', { message: 'm', author: 'a', allowEmpty: true }))).toBe('STORE_READ_ONLY');
    } finally {
      await reader.close();
    }
    if (mnt) {
      expect(await codeOf(Workspace.open(root, 'demo'))).toBe('STORE_READ_ONLY');
      expect(await codeOf(Workspace.create(root, 'other'))).toBe('STORE_READ_ONLY');
    }
  });

  it('a --store that is a file: STORE_NOT_A_DIRECTORY for open, create and list', async () => {
    const file = join(tempRoot(), 'not-a-dir');
    writeFileSync(file, 'x');
    expect(await codeOf(Workspace.open(file, 'demo'))).toBe('STORE_NOT_A_DIRECTORY');
    expect(await codeOf(Workspace.create(file, 'demo'))).toBe('STORE_NOT_A_DIRECTORY');
    expect(await codeOf(() => Workspace.list(file))).toBe('STORE_NOT_A_DIRECTORY');
  });

  it('a damaged row: STORE_CORRUPT, not a JSON SyntaxError', async () => {
    const root = tempRoot();
    const ws = await Workspace.create(root, 'demo', { from: airline(), durability: 'normal' });
    try {
      ws.db.prepare("UPDATE entities SET body = '{\"broken' WHERE rowid IN (SELECT rowid FROM entities LIMIT 1)").run();
    } catch {
      // WITHOUT ROWID table: damage one row by key instead
      const hash = ws.db.prepare('SELECT hash FROM entities LIMIT 1').pluck().get() as string;
      ws.db.prepare('UPDATE entities SET body = ? WHERE hash = ?').run('{"broken', hash);
    }
    try {
      expect(await codeOf(() => ws.checkout('main'))).toBe('STORE_CORRUPT');
    } finally {
      await ws.close();
    }
  });

  it('another process holding the write lock: writers get STORE_BUSY (retryable), readers are not held up', async () => {
    const root = tempRoot();
    const ws0 = await Workspace.create(root, 'demo', { from: airline(), durability: 'normal' });
    const file = ws0.file;
    await ws0.close();
    const holder = spawnChild(['hold-lock', file]);
    await holder.line(/^locked$/);
    const writer = await Workspace.open(root, 'demo', { busyTimeoutMs: 100 }); // opening an up-to-date store takes no lock
    try {
      const err = await writer.createBranch('x').then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect((err as StoreError).code).toBe('STORE_BUSY');
      expect((err as StoreError).retryable).toBe(true);
    } finally {
      await writer.close();
    }
    const started = Date.now();
    const reader = await Workspace.open(root, 'demo', { readOnly: true });
    try {
      expect(reader.log('main')).toHaveLength(1);
      expect(Object.keys((await reader.readWorking('main')).objectTypes).length).toBeGreaterThan(0);
      expect(reader.checkout('main').name).toBe(airline().name);
    } finally {
      await reader.close();
    }
    expect(Date.now() - started, 'the reader waited for the writer').toBeLessThan(4000); // busy_timeout is 5 s
    holder.p.stdin.end();
  }, 30_000);

  it('two processes creating the same workspace: one wins, the other gets WORKSPACE_EXISTS or NAME_TAKEN, never a shell', async () => {
    const root = tempRoot();
    mkdirSync(join(root, 'workspaces'), { recursive: true });
    for (let round = 0; round < 1; round++) {
      const name = `race${round}`;
      const kids = [spawnChild(['create', root, name]), spawnChild(['create', root, name])];
      await Promise.all(kids.map((k) => k.line(/^ready$/)));
      kids.forEach((k) => k.p.stdin.write('go\n'));
      const results = (await Promise.all(kids.map((k) => k.line(/^\{/)))).map((l) => JSON.parse(l) as { ok: boolean; code?: string });
      expect(results.filter((r) => r.ok), JSON.stringify(results)).toHaveLength(1);
      for (const r of results.filter((x) => !x.ok)) expect(['WORKSPACE_EXISTS', 'NAME_TAKEN']).toContain(r.code);
      const ws = await Workspace.open(root, name);
      expect(ws.getBranch('main').head).toHaveLength(64);
      await ws.close();
    }
    expect(readdirSync(join(root, 'workspaces')).filter((f) => f.includes('creating'))).toEqual([]);
  }, 60_000);
});
