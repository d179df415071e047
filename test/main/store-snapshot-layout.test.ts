/**
 * Snapshots live in their own table. Kept in the yjs_docs row that every append updates, they were
 * rewritten by each append (SQLite rewrites whole rows), so appends next to a large snapshot cost
 * O(snapshot). These tests check that by bytes written, not by time, and that v1 files migrate.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteDocStorage } from '../../main/services/store/sqlite-doc-storage';

const key = { workspace: 'w', branch: 'b' };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oms-snap-'));
  dirs.push(dir);
  return join(dir, 'docs.sqlite');
}

/** A compacted doc whose snapshot is about `mb` MB, and a source of small follow-up updates. */
async function bigCompactedDoc(storage: SqliteDocStorage, mb: number): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const filler = 'x'.repeat(1000);
  doc.transact(() => {
    for (let i = 0; i < mb * 1000; i++) doc.getMap('m').set(`k${i}`, `${filler}${i}`);
  });
  await storage.appendUpdates(key, [Y.encodeStateAsUpdate(doc)]);
  await storage.compactDoc(key);
  return doc;
}

describe('snapshot storage layout', () => {
  it('an append next to a 10 MB snapshot writes kilobytes, not the snapshot again', async () => {
    const file = tempFile();
    const storage = new SqliteDocStorage(file, { durability: 'normal' });
    const doc = await bigCompactedDoc(storage, 10);
    storage.db.pragma('wal_checkpoint(TRUNCATE)');
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 20; i++) doc.getText('t').insert(0, 'a');
    for (const u of updates) await storage.appendUpdates(key, [u]);
    // 20 single-update commits touch a few 4 KiB pages each; rewriting the snapshot would add ≥ 10 MB per commit.
    expect(statSync(`${file}-wal`).size).toBeLessThan(2 * 1024 * 1024);
    const loaded = new Y.Doc();
    const state = await storage.loadDoc(key);
    if (state.snapshot) Y.applyUpdate(loaded, state.snapshot);
    for (const u of state.updates) Y.applyUpdate(loaded, u);
    expect(loaded.getText('t').toString()).toBe('a'.repeat(20));
    expect(loaded.getMap('m').size).toBe(10_000);
    await storage.close();
  });

  it('migrates a v1 file (snapshot inside yjs_docs) without losing state', async () => {
    const file = tempFile();
    const storage = new SqliteDocStorage(file, { durability: 'normal' });
    const doc = await bigCompactedDoc(storage, 1);
    doc.getText('t').insert(0, 'tail');
    await storage.appendUpdates(key, [Y.encodeStateAsUpdate(doc)]);
    const expected = Y.encodeStateVector(doc);
    await storage.close();

    // Rewind the file to the v1 layout by hand.
    const db = new Database(file);
    db.exec(`
      ALTER TABLE yjs_docs ADD COLUMN snapshot BLOB;
      UPDATE yjs_docs SET snapshot = (SELECT data FROM yjs_snapshots WHERE doc_id = yjs_docs.id);
      DROP TABLE yjs_snapshots;
      UPDATE oms_schema SET version = 1 WHERE component = 'yjs-doc-storage';
    `);
    db.close();

    const reopened = new SqliteDocStorage(file, { durability: 'normal' });
    const state = await reopened.loadDoc(key);
    expect(state.snapshot?.byteLength ?? 0).toBeGreaterThan(1_000_000);
    const loaded = new Y.Doc();
    if (state.snapshot) Y.applyUpdate(loaded, state.snapshot);
    for (const u of state.updates) Y.applyUpdate(loaded, u);
    expect(Y.encodeStateVector(loaded)).toEqual(expected);
    expect(loaded.getText('t').toString()).toBe('tail');
    const columns = (reopened.db.prepare('PRAGMA table_info(yjs_docs)').all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns).not.toContain('snapshot');
    await reopened.close();
  });
});
