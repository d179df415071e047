/**
 * The DocStorage contract (core/storage/doc-storage.ts) as one suite every implementation runs:
 * the desktop's SQLite store here, oms-sync's SQLite and PostgreSQL stores in test/sync-server.
 *
 * Bad input must be refused with an OmsError whose `code` is one of DOC_STORAGE_ERROR_CODES.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { OmsError } from '../../core/errors';
import type { DocKey, DocStorage, StoredDocState } from '../../core/storage/doc-storage';
import { rng } from '../bench/lib';

export const DOC_STORAGE_ERROR_CODES = { invalidUpdate: 'STORAGE_INVALID_UPDATE', invalidKey: 'STORAGE_INVALID_KEY' } as const;

export interface DocStorageHarness {
  storage: DocStorage;
  /** Close the current storage and open a fresh instance over the same durable data. */
  reopen(): Promise<DocStorage>;
  cleanup(): Promise<void>;
}

/** A doc with a seeded stream of edits; each transaction is one update, kept in order. */
function editor(seed: number) {
  const rand = rng(seed);
  const doc = new Y.Doc();
  doc.clientID = 1000 + seed;
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const map = doc.getMap<unknown>('entities');
  const text = doc.getText('notes');
  return {
    doc,
    updates,
    /** n random edits (each exactly one update): set/delete map keys and insert/delete text. */
    edit(n: number): Uint8Array[] {
      const from = updates.length;
      for (let i = 0; i < n; i++) {
        const r = rand();
        if (r < 0.6) map.set(`k${Math.floor(rand() * 200)}`, { v: Math.floor(rand() * 1e6), s: 'x'.repeat(Math.floor(rand() * 20)) });
        else if (r < 0.75 && map.size > 0) map.delete([...map.keys()][Math.floor(rand() * map.size)] as string);
        else if (r < 0.9 || text.length === 0) text.insert(Math.floor(rand() * (text.length + 1)), `t${i} `);
        else text.delete(Math.floor(rand() * text.length), 1);
      }
      return updates.slice(from);
    },
  };
}

function materialize(state: StoredDocState): Y.Doc {
  const doc = new Y.Doc();
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
  Y.transact(doc, () => {
    for (const u of state.updates) Y.applyUpdate(doc, u);
  });
  return doc;
}

function view(doc: Y.Doc): unknown {
  return { entities: doc.getMap('entities').toJSON(), notes: doc.getText('notes').toString() };
}

async function rejectsWith(p: Promise<unknown>, code: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected rejection with ${code}`).toBeInstanceOf(OmsError);
  expect((err as OmsError).code).toBe(code);
}

export function runDocStorageContract(name: string, makeStorage: () => Promise<DocStorageHarness>): void {
  describe(`DocStorage contract: ${name}`, () => {
    let h: DocStorageHarness;
    let storage: DocStorage;
    const A: DocKey = { workspace: 'ws-a', branch: 'main' };
    const B: DocKey = { workspace: 'ws-a', branch: 'feature/x' };
    const C: DocKey = { workspace: 'ws-b', branch: 'main' };

    beforeEach(async () => {
      h = await makeStorage();
      storage = h.storage;
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it('loads a doc never written as empty', async () => {
      expect(await storage.loadDoc(A)).toEqual({ snapshot: null, updates: [], seq: 0 });
      expect(await storage.docSize(A)).toEqual({ bytes: 0, updates: 0 });
      expect(await storage.listDocs()).toEqual([]);
    });

    it('returns appended updates byte-exact and in append order', async () => {
      const e = editor(1);
      const ups = e.edit(40);
      for (const u of ups) await storage.appendUpdates(A, [u]);
      const loaded = await storage.loadDoc(A);
      expect(loaded.seq).toBe(40);
      const all = loaded.snapshot ? null : loaded.updates;
      if (all) expect(all.map((u) => Array.from(u))).toEqual(ups.map((u) => Array.from(u)));
      expect(view(materialize(loaded))).toEqual(view(e.doc));
    });

    it('appends a batch atomically and numbers it; an empty batch is a no-op', async () => {
      const e = editor(2);
      expect((await storage.appendUpdates(A, e.edit(3))).seq).toBe(3);
      expect((await storage.appendUpdates(A, e.edit(5))).seq).toBe(8);
      expect((await storage.appendUpdates(A, [])).seq).toBe(8);
      expect((await storage.appendUpdates(B, [])).seq).toBe(0);
      expect((await storage.docSize(A)).updates).toBe(8);
      expect(view(materialize(await storage.loadDoc(A)))).toEqual(view(e.doc));
    });

    it('keeps seq strictly increasing across compaction and reopen', async () => {
      const e = editor(3);
      const seqs: number[] = [];
      for (let i = 0; i < 10; i++) seqs.push((await storage.appendUpdates(A, e.edit(2))).seq);
      await storage.compactDoc(A);
      expect((await storage.loadDoc(A)).seq).toBe(seqs[seqs.length - 1]);
      seqs.push((await storage.appendUpdates(A, e.edit(1))).seq);
      storage = await h.reopen();
      seqs.push((await storage.appendUpdates(A, e.edit(1))).seq);
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1] as number);
      expect(view(materialize(await storage.loadDoc(A)))).toEqual(view(e.doc));
    });

    it('compaction folds the tail into a snapshot and preserves the state', async () => {
      const e = editor(4);
      for (let i = 0; i < 30; i++) await storage.appendUpdates(A, e.edit(20));
      const before = await storage.docSize(A);
      const seq = (await storage.loadDoc(A)).seq;
      const result = await storage.compactDoc(A);
      expect(result.updatesBefore).toBe(600);
      expect(result.updatesAfter).toBe(0);
      expect(result.bytesBefore).toBe(before.bytes);
      expect(result.bytesAfter).toBeLessThan(result.bytesBefore);
      const loaded = await storage.loadDoc(A);
      expect(loaded.snapshot).toBeInstanceOf(Uint8Array);
      expect(loaded.updates).toEqual([]);
      expect(loaded.seq).toBe(seq);
      expect(view(materialize(loaded))).toEqual(view(e.doc));
      // Compacting again with nothing new changes nothing.
      const again = await storage.compactDoc(A);
      expect(again.updatesAfter).toBe(0);
      expect(view(materialize(await storage.loadDoc(A)))).toEqual(view(e.doc));
      // Appends after a compaction land in the tail.
      const more = e.edit(5);
      await storage.appendUpdates(A, more);
      const tail = await storage.loadDoc(A);
      expect(tail.updates.length).toBe(5);
      expect(view(materialize(tail))).toEqual(view(e.doc));
    });

    it('never loses updates appended while a compaction runs', async () => {
      const e = editor(5);
      for (let i = 0; i < 20; i++) await storage.appendUpdates(A, e.edit(150));
      const compaction = storage.compactDoc(A);
      const appends: Promise<unknown>[] = [];
      for (let i = 0; i < 40; i++) {
        appends.push(storage.appendUpdates(A, e.edit(3)));
        await new Promise((r) => setImmediate(r));
      }
      await Promise.all([compaction, ...appends]);
      const loaded = await storage.loadDoc(A);
      expect(loaded.seq).toBe(20 * 150 + 40 * 3);
      expect(view(materialize(loaded))).toEqual(view(e.doc));
      await storage.compactDoc(A);
      expect(view(materialize(await storage.loadDoc(A)))).toEqual(view(e.doc));
    });

    it('keeps every acknowledged update across a reopen', async () => {
      const e = editor(6);
      for (let i = 0; i < 10; i++) await storage.appendUpdates(A, e.edit(10));
      await storage.compactDoc(A);
      await storage.appendUpdates(A, e.edit(7));
      storage = await h.reopen();
      const loaded = await storage.loadDoc(A);
      expect(loaded.seq).toBe(107);
      expect(view(materialize(loaded))).toEqual(view(e.doc));
    });

    it('isolates docs by workspace and branch', async () => {
      const a = editor(7);
      const b = editor(8);
      const c = editor(9);
      await storage.appendUpdates(A, a.edit(10));
      await storage.appendUpdates(B, b.edit(20));
      await storage.appendUpdates(C, c.edit(30));
      await storage.compactDoc(B);
      expect(view(materialize(await storage.loadDoc(A)))).toEqual(view(a.doc));
      expect(view(materialize(await storage.loadDoc(B)))).toEqual(view(b.doc));
      expect(view(materialize(await storage.loadDoc(C)))).toEqual(view(c.doc));
      expect((await storage.loadDoc(A)).seq).toBe(10);
      expect((await storage.loadDoc(C)).seq).toBe(30);
      expect(await storage.loadDoc({ workspace: 'ws-b', branch: 'feature/x' })).toEqual({ snapshot: null, updates: [], seq: 0 });
    });

    it('lists docs, optionally per workspace, and deletes one without touching others', async () => {
      await storage.appendUpdates(A, editor(10).edit(1));
      await storage.appendUpdates(B, editor(11).edit(1));
      await storage.appendUpdates(C, editor(12).edit(1));
      const sortKeys = (ks: DocKey[]) => ks.map((k) => `${k.workspace}/${k.branch}`).sort();
      expect(sortKeys(await storage.listDocs())).toEqual(['ws-a/feature/x', 'ws-a/main', 'ws-b/main']);
      expect(sortKeys(await storage.listDocs('ws-a'))).toEqual(['ws-a/feature/x', 'ws-a/main']);
      expect(await storage.listDocs('nope')).toEqual([]);
      await storage.deleteDoc(A);
      expect(await storage.loadDoc(A)).toEqual({ snapshot: null, updates: [], seq: 0 });
      expect(await storage.docSize(A)).toEqual({ bytes: 0, updates: 0 });
      expect(sortKeys(await storage.listDocs())).toEqual(['ws-a/feature/x', 'ws-b/main']);
      expect((await storage.loadDoc(B)).seq).toBe(1);
      await storage.deleteDoc(A); // deleting a missing doc is fine
      storage = await h.reopen();
      expect(sortKeys(await storage.listDocs())).toEqual(['ws-a/feature/x', 'ws-b/main']);
    });

    it('reports docSize as stored bytes and tail rows', async () => {
      const ups = editor(13).edit(12);
      await storage.appendUpdates(A, ups);
      const size = await storage.docSize(A);
      expect(size.updates).toBe(12);
      expect(size.bytes).toBeGreaterThanOrEqual(ups.reduce((n, u) => n + u.byteLength, 0));
    });

    it('answers ping', async () => {
      await expect(storage.ping()).resolves.toBeUndefined();
    });

    it('refuses non-Uint8Array updates with a typed error and stores nothing of the batch', async () => {
      const good = editor(14).edit(2);
      await rejectsWith(storage.appendUpdates(A, ['not bytes' as unknown as Uint8Array]), DOC_STORAGE_ERROR_CODES.invalidUpdate);
      await rejectsWith(storage.appendUpdates(A, [good[0] as Uint8Array, [1, 2, 3] as unknown as Uint8Array]), DOC_STORAGE_ERROR_CODES.invalidUpdate);
      await rejectsWith(storage.appendUpdates(A, [null as unknown as Uint8Array]), DOC_STORAGE_ERROR_CODES.invalidUpdate);
      await rejectsWith(storage.appendUpdates(A, 'x' as unknown as Uint8Array[]), DOC_STORAGE_ERROR_CODES.invalidUpdate);
      expect(await storage.loadDoc(A)).toEqual({ snapshot: null, updates: [], seq: 0 });
      await storage.appendUpdates(A, good);
      expect((await storage.loadDoc(A)).seq).toBe(2);
    });

    it('refuses malformed doc keys with a typed error', async () => {
      await rejectsWith(storage.appendUpdates({ workspace: '', branch: 'main' }, editor(15).edit(1)), DOC_STORAGE_ERROR_CODES.invalidKey);
      await rejectsWith(storage.loadDoc({ workspace: 'ws', branch: 42 } as unknown as DocKey), DOC_STORAGE_ERROR_CODES.invalidKey);
    });
  });
}
