/**
 * The entity index is written where snapshots are written (entity-index.ts indexWrittenSnapshot):
 * an import indexes what it writes, later writes add only what they change, so a new store's first
 * merge preview and first self-validating live commit build nothing. The rows equal what the lazy
 * build makes from the stored bodies; a store without an index (made before) is still indexed lazily.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { setField } from '../../core/yjs';
import { applyMerge, previewMerge } from '../../main/services/merge';
import { Workspace } from '../../main/services/store';
import { ManifestReader } from '../../main/services/store/changed-ids';
import { EntityIndex, INDEX_TABLES, indexGaps, indexRows } from '../../main/services/store/entity-index';
import { workspaceFile } from '../../main/services/store/paths';
import { editTypes, scaleOntology } from '../bench/scale-ontology';
import { mutateOntology, randomOntology } from '../support/random-ontology';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));
function tempRoot(prefix: string): string {
  const root = mkdtempSync(join(tmpdir(), `oms-entity-index-${prefix}-`));
  roots.push(root);
  return root;
}

const covered = (db: Database.Database): string[] => (db.prepare(`SELECT hash FROM ${INDEX_TABLES.covered} ORDER BY 1`).pluck().all() as string[]);
const rowCount = (ws: Workspace): number => indexRows(ws.db).length;
const dropIndex = (db: Database.Database): void => void db.exec(`DROP TABLE ${INDEX_TABLES.keys}; DROP TABLE ${INDEX_TABLES.covered};`);

/** Every branch's head and working snapshot is covered, and no covered snapshot lacks a row. */
async function expectIndexed(ws: Workspace, what: string): Promise<void> {
  const have = new Set(covered(ws.db));
  for (const b of ws.listBranches()) {
    expect(have.has(ws.getCommit(b.head).snapshot), `${what}: head of ${b.name}`).toBe(true);
    const working = ws.db.prepare('SELECT working FROM branches WHERE id = ?').pluck().get(b.id) as string | null;
    if (working) expect(have.has(working), `${what}: working state of ${b.name}`).toBe(true);
  }
  expect(indexGaps(ws.db), what).toEqual([]);
}

describe('entity index written with the snapshots', () => {
  it('import, apply, commit, live commit, merge and revert keep it complete, with the rows a lazy build makes', async () => {
    const root = tempRoot('writes');
    const base = randomOntology(41, { objectTypes: 12, propertiesPerType: 3, linkTypes: 5, interfaces: 3, sharedProperties: 3, valueTypes: 3, structTypes: 2, actionTypes: 2 });
    const ws = await Workspace.create(root, 'w', { from: base, durability: 'normal' });
    await expectIndexed(ws, 'after the import');
    await ws.createBranch('x');
    await ws.createBranch('y');
    await ws.setWorking('x', mutateOntology(base, 5, 3).ontology);
    await expectIndexed(ws, 'after apply');
    await ws.commit('x', { message: 'x', author: 't' });
    await ws.setWorking('y', mutateOntology(base, 6, 3).ontology);
    await ws.commit('y', { message: 'y', author: 't' });
    const merged = await applyMerge(ws, { source: 'y', into: 'x', acceptConflicts: true, acceptErrors: true }, { author: 't' });
    expect(merged.preview.strategy.kind === 'proportional' && merged.preview.strategy.index.indexedEntities).toBe(0);
    await expectIndexed(ws, 'after the merge');
    await ws.revert('x', ws.getBranch('y').head, { commit: { author: 't' } });
    await expectIndexed(ws, 'after revert');
    const s = await ws.openBranch('main');
    const id = Object.keys(base.objectTypes).sort()[0] as string;
    for (const name of ['Live one', 'Live two']) {
      setField(s.doc, { id }, 'displayName', name);
      await s.flush();
      const out = await ws.commit('main', { message: name, author: 't' });
      expect(out.snapshotFrom).toBe('changed-entities');
      expect(out.validatedBy).toBe('changed-entities');
      await expectIndexed(ws, `after live commit "${name}"`);
    }
    const written = indexRows(ws.db);
    const snapshots = covered(ws.db);
    await ws.close();

    // The same snapshots indexed lazily from their stored bodies give exactly these rows.
    const copy = join(root, 'lazy.sqlite');
    copyFileSync(workspaceFile(root, 'w'), copy);
    const db = new Database(copy);
    try {
      dropIndex(db);
      EntityIndex.open(db, new ManifestReader(db), snapshots.map((snapshot) => ({ snapshot, near: [] })), (fn) => db.transaction(fn).immediate());
      expect(indexRows(db)).toEqual(written);
    } finally {
      db.close();
    }
  }, 60_000);

  it("a new store's first merge preview and first live commit index nothing; each commit writes only its change's rows", async () => {
    const root = tempRoot('first');
    const o = scaleOntology(1500, 3);
    const ws = await Workspace.create(root, 'w', { from: o, durability: 'normal' });
    try {
      const afterImport = rowCount(ws);
      // Per type: its id, 3 property ids and its name; plus the link types' rows.
      expect(afterImport).toBeGreaterThan(1500 * 5);
      const head = ws.getBranch('main').head;
      await ws.createBranch('x', { from: head });
      await ws.createBranch('y', { from: head });
      await ws.setWorking('x', editTypes(o, 10, 'ours', 3));
      await ws.commit('x', { message: 'ours', author: 't' });
      await ws.setWorking('y', editTypes(o, 10, 'theirs', 5));
      await ws.commit('y', { message: 'theirs', author: 't' });
      // Descriptions only changed: the new versions of 20 types get their rows (5 each), nothing else.
      expect(rowCount(ws) - afterImport).toBe(20 * 5);
      const before = rowCount(ws);
      const p = await previewMerge(ws, { source: 'y', into: 'x' });
      if (p.strategy.kind !== 'proportional') throw new Error(`fell back: ${p.strategy.reason}`);
      expect(p.strategy.index).toEqual({ indexedEntities: 0, fullBuilds: 0 });
      expect(rowCount(ws)).toBe(before);

      const s = await ws.openBranch('main');
      setField(s.doc, { id: 'ot-s7' }, 'description', 'changed live');
      await s.flush();
      const out = await ws.commit('main', { message: 'live', author: 't' });
      expect([out.snapshotFrom, out.validatedBy]).toEqual(['changed-entities', 'changed-entities']);
      expect(rowCount(ws) - before).toBe(5);
    } finally {
      await ws.close();
    }
  }, 60_000);

  it('a store made without the index is indexed lazily, and its next whole write indexes it', async () => {
    const root = tempRoot('old');
    const o = scaleOntology(200, 3);
    const ws0 = await Workspace.create(root, 'w', { from: o, durability: 'normal' });
    await ws0.createBranch('x');
    await ws0.createBranch('y');
    await ws0.close();
    const raw = new Database(workspaceFile(root, 'w'));
    dropIndex(raw);
    raw.close();
    const ws = await Workspace.open(root, 'w', { durability: 'normal' });
    try {
      // A doc-less working state replaced whole over an unindexed one: indexed whole with the write.
      await ws.setWorking('x', editTypes(o, 3, 'ours', 1));
      await ws.commit('x', { message: 'ours', author: 't' });
      expect(covered(ws.db)).toHaveLength(1);
      await ws.setWorking('y', editTypes(o, 3, 'theirs', 2));
      await ws.commit('y', { message: 'theirs', author: 't' });
      expect(covered(ws.db)).toHaveLength(2);
      // The base (the import) was never indexed: the preview indexes it by its difference from a head.
      const p = await previewMerge(ws, { source: 'y', into: 'x' });
      if (p.strategy.kind !== 'proportional') throw new Error(`fell back: ${p.strategy.reason}`);
      expect(p.strategy.index.fullBuilds).toBe(0);
      expect(p.strategy.index.indexedEntities).toBeGreaterThan(0);
      expect(indexGaps(ws.db)).toEqual([]);
    } finally {
      await ws.close();
    }
  }, 60_000);
});
