import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { OmsError } from '../../core/errors';
import { SqliteDocStorage } from '../../main/services/store/sqlite-doc-storage';
import { NEW_STORE_PAGE_SIZE, openStoreDatabase } from '../../main/services/store/sqlite-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oms-sqlite-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function updates(n: number, clientID = 7): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  const m = doc.getMap('m');
  for (let i = 0; i < n; i++) m.set(`k${i % 97}`, i);
  return out;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(OmsError);
    return (err as OmsError).code;
  }
  return undefined;
}

describe('opening files that are not OMS stores', () => {
  it('refuses a non-SQLite file and leaves it unchanged', () => {
    const file = join(dir, 'notes.sqlite');
    writeFileSync(file, 'these are my notes, not a database\n'.repeat(200));
    const before = readFileSync(file);
    expect(codeOf(() => new SqliteDocStorage(file))).toBe('STORE_NOT_OMS');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a foreign SQLite database and leaves it unchanged', () => {
    const file = join(dir, 'foreign.sqlite');
    const db = new Database(file);
    db.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('ada')");
    db.close();
    const before = readFileSync(file);
    expect(codeOf(() => new SqliteDocStorage(file))).toBe('STORE_NOT_OMS');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a database with another application_id', () => {
    const file = join(dir, 'other-app.sqlite');
    const db = new Database(file);
    db.pragma('application_id = 12345');
    db.close();
    expect(codeOf(() => new SqliteDocStorage(file))).toBe('STORE_NOT_OMS');
  });

  it('refuses a damaged store with STORE_CORRUPT and leaves it unchanged', async () => {
    const file = join(dir, 'store.sqlite');
    const s = new SqliteDocStorage(file);
    for (let i = 0; i < 40; i++) await s.appendUpdates({ workspace: 'w', branch: 'main' }, updates(50, i + 1));
    await s.close();
    const bytes = readFileSync(file);
    expect(bytes.length).toBeGreaterThan(4 * 4096);
    // Scribble over the b-tree pages after the schema page.
    for (let i = 4096 + 8; i < bytes.length; i += 97) bytes[i] = (bytes[i] as number) ^ 0x5a;
    writeFileSync(file, bytes);
    expect(codeOf(() => new SqliteDocStorage(file))).toBe('STORE_CORRUPT');
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses a store written by a newer schema version with STORE_VERSION', async () => {
    const file = join(dir, 'future.sqlite');
    await new SqliteDocStorage(file).close();
    const db = new Database(file);
    db.prepare("UPDATE oms_schema SET version = 99 WHERE component = 'yjs-doc-storage'").run();
    db.close();
    expect(codeOf(() => new SqliteDocStorage(file))).toBe('STORE_VERSION');
  });
});

describe('page size', () => {
  it('a new store file gets NEW_STORE_PAGE_SIZE; a store made with another keeps it and opens as before', () => {
    const fresh = join(dir, 'new.oms');
    const a = openStoreDatabase(fresh, { create: true, durability: 'normal' });
    a.exec('CREATE TABLE oms_schema (v INTEGER)');
    a.close();
    const again = openStoreDatabase(fresh, { durability: 'normal' });
    expect(again.pragma('page_size', { simple: true })).toBe(NEW_STORE_PAGE_SIZE);
    expect(again.pragma('journal_mode', { simple: true })).toBe('wal');
    again.close();
    const old = join(dir, 'old.oms');
    const raw = new Database(old);
    raw.pragma('page_size = 4096');
    raw.exec('CREATE TABLE oms_schema (v INTEGER); INSERT INTO oms_schema VALUES (1)');
    raw.close();
    const reopened = openStoreDatabase(old, { durability: 'normal' });
    expect(reopened.pragma('page_size', { simple: true })).toBe(4096);
    expect(reopened.prepare('SELECT v FROM oms_schema').pluck().get()).toBe(1);
    reopened.close();
  });
});

describe('compaction against appends from another connection', () => {
  const key = { workspace: 'w', branch: 'main' };

  it('keeps rows appended by another connection during a chunked compaction', async () => {
    const file = join(dir, 'docs.sqlite');
    const compactor = new SqliteDocStorage(file, { compactChunkRows: 10, durability: 'normal' });
    const writer = new SqliteDocStorage(file, { durability: 'normal' });
    const all = updates(3000);
    await compactor.appendUpdates(key, all.slice(0, 2000));
    let done = false;
    const compaction = compactor.compactDoc(key).finally(() => {
      done = true;
    });
    let appendedDuring = 0;
    for (const u of all.slice(2000)) {
      await writer.appendUpdates(key, [u]);
      if (!done) appendedDuring++;
      await new Promise((r) => setImmediate(r));
    }
    const result = await compaction;
    expect(appendedDuring).toBeGreaterThan(0);
    expect(result.updatesAfter).toBeGreaterThan(0);
    const state = await writer.loadDoc(key);
    expect(state.seq).toBe(3000);
    const doc = new Y.Doc();
    if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
    for (const u of state.updates) Y.applyUpdate(doc, u);
    const ref = new Y.Doc();
    for (const u of all) Y.applyUpdate(ref, u);
    expect(doc.getMap('m').toJSON()).toEqual(ref.getMap('m').toJSON());
    await compactor.close();
    await writer.close();
  });

  it('two connections compacting at once leave one consistent snapshot', async () => {
    const file = join(dir, 'docs.sqlite');
    const a = new SqliteDocStorage(file, { compactChunkRows: 50 });
    const b = new SqliteDocStorage(file, { compactChunkRows: 70 });
    const all = updates(1500);
    await a.appendUpdates(key, all);
    await Promise.all([a.compactDoc(key), b.compactDoc(key)]);
    const state = await a.loadDoc(key);
    expect(state.updates).toEqual([]);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state.snapshot as Uint8Array);
    expect(doc.getMap('m').get('k5')).toBe(1460);
    await a.close();
    await b.close();
  });
});
