import { existsSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { workspaceFile } from '../../../main/services/store';
import { canonicalJson } from '../../../core/model';
import { docToOntology } from '../../../core/yjs';
import { openReplica } from '../../../renderer/src/api/replica';
import { startHarness, type Harness } from './harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('studio smoke', () => {
  it('lists, opens an example, opens a doc', async () => {
    h = await startHarness();
    const { studio } = await h.connect();
    expect((await studio.call('app.info', {})).firstRun).toBe(true);
    const ex = await studio.call('examples.list', {});
    expect(ex.examples.map((e) => e.id)).toContain('airline');
    const info = await studio.call('examples.open', { id: 'airline' });
    expect(info.defaultBranch).toBe('main');
    const doc = await studio.call('doc.open', { workspace: 'airline', branch: 'main' });
    expect(doc.part.done).toBe(true); // a small branch comes whole in doc.open's answer
    expect(doc.part.updates.join('').length).toBeGreaterThan(100);
    await studio.call('doc.close', { session: doc.session });
  });
});

describe('first open of a branch', () => {
  it('a fresh branch (live doc built in the worker, off the main loop) opens holding exactly the committed ontology', async () => {
    h = await startHarness();
    const { studio } = await h.connect();
    await studio.call('examples.open', { id: 'hospital' });
    await studio.call('branch.create', { workspace: 'hospital', name: 'fresh' });
    const replica = await openReplica(studio, { workspace: 'hospital', branch: 'fresh' });
    const committed = (await studio.call('ontology.get', { workspace: 'hospital', ref: 'fresh' })).ontology;
    expect(canonicalJson(docToOntology(replica.doc))).toBe(canonicalJson(committed));
    expect((await studio.call('branch.status', { workspace: 'hospital', branch: 'fresh' })).dirty).toBe(false);
    await replica.close();
  });
});

describe('a damaged workspace file', () => {
  it('is refused with a typed error by open, and can still be deleted', async () => {
    h = await startHarness();
    const { studio } = await h.connect();
    await studio.call('workspace.create', { name: 'ok' });
    const file = workspaceFile(h.storeDir, 'broken');
    writeFileSync(file, 'this is not an SQLite database, just text that is long enough to be read as a header'.repeat(20));
    await expect(studio.call('workspace.open', { name: 'broken' })).rejects.toMatchObject({ code: 'STORE_NOT_OMS' });
    await studio.call('workspace.delete', { name: 'broken' });
    expect(existsSync(file)).toBe(false);
    expect((await studio.call('workspace.list', {})).workspaces.map((w) => w.name)).toEqual(['ok']);
  });
});
