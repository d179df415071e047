/**
 * Opening a big branch part by part (issue 12: opening must not freeze the window or the backend).
 * Real web host, real store, the renderer's own replica code; part sizes are made small so a
 * few-hundred-type workspace already comes in many parts. Nothing here depends on timing: it checks
 * that the state comes in several parts, that the backend loads its doc in several event-loop turns
 * and answers other calls between parts, and that what arrives (with edits made meanwhile) equals
 * main's doc and is not undoable.
 */
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeBytes } from '../../../core/contract/studio-api';
import { canonicalJson } from '../../../core/model';
import { ORIGIN, ontologyToDoc, docToOntology, entitiesMap } from '../../../core/yjs';
import { Workspace } from '../../../main/services/store';
import { docFromState, loadDocInParts } from '../../../main/services/store/branch-session';
import { openReplica } from '../../../renderer/src/api/replica';
import { randomOntology } from '../../support/random-ontology';
import { startHarness, tempDir, type Harness } from './harness';

const PART = 8 * 1024;
const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

async function bigWorkspaceHost(): Promise<Harness> {
  const storeDir = join(tempDir(), 'store');
  const o = randomOntology(7, { objectTypes: 300, propertiesPerType: 4, linkTypes: 60, descriptionRate: 0.5 });
  const ws = await Workspace.create(storeDir, 'big', { from: o, durability: 'normal' });
  await ws.close();
  const h = await startHarness({ storeDir, backend: { validateDelayMs: 60_000, docPartBytes: PART, workspace: { durability: 'normal', verify: false, session: { loadPartBytes: PART } } } });
  harnesses.push(h);
  return h;
}

const text = (d: Y.Doc): string => canonicalJson(docToOntology(d));

describe('opening a big branch in parts', () => {
  it('the state comes in many parts, another call is answered between them, and the parts rebuild main doc', async () => {
    const h = await bigWorkspaceHost();
    const { studio } = await h.connect();
    const other = (await h.connect()).studio;
    const target = { workspace: 'big', branch: 'main' };
    const opened = await studio.call('doc.open', target);
    expect(opened.part.done).toBe(false);
    const doc = new Y.Doc();
    const apply = (updates: string[]): void => doc.transact(() => updates.forEach((u) => Y.applyUpdate(doc, decodeBytes(u))));
    apply(opened.part.updates);
    // Mid-read: the backend answers this client and another one, and refuses the session to the other.
    expect((await studio.call('workspace.list', {})).workspaces.map((w) => w.name)).toContain('big');
    await expect(other.call('doc.read', { session: opened.session })).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    let parts = 1;
    let last = opened.part;
    while (!last.done) {
      last = await studio.call('doc.read', { session: opened.session });
      expect(last.loaded).toBeLessThanOrEqual(last.total);
      apply(last.updates);
      parts++;
    }
    expect(parts).toBeGreaterThan(10);
    expect(last.loaded).toBe(last.total);
    expect(await studio.call('doc.read', { session: opened.session })).toMatchObject({ updates: [], done: true });
    const committed = (await studio.call('ontology.get', { workspace: 'big', ref: 'main' })).ontology;
    expect(text(doc)).toBe(canonicalJson(committed));
    await studio.call('doc.close', { session: opened.session });
    // A session closed halfway through its parts is gone; the branch still opens for others.
    const half = await studio.call('doc.open', target);
    await studio.call('doc.read', { session: half.session });
    await studio.call('doc.close', { session: half.session });
    await expect(studio.call('doc.read', { session: half.session })).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    const again = await openReplica(other, target);
    expect(text(again.doc)).toBe(canonicalJson(committed));
    await again.close();
  });

  it('edits another window makes while a replica loads reach it, and are not on its undo stack', async () => {
    const h = await bigWorkspaceHost();
    const a = await openReplica((await h.connect()).studio, { workspace: 'big', branch: 'main' });
    const ids = [...entitiesMap(a.doc).keys()].slice(0, 5);
    let progress = 0;
    const bStudio = (await h.connect()).studio;
    const b = await openReplica(bStudio, { workspace: 'big', branch: 'main' }, {
      onProgress: () => {
        // After the first parts: window A renames elements (pushed to main, which tells B).
        if (progress++ < ids.length) a.doc.transact(() => entitiesMap(a.doc).get(ids[progress - 1] as string)?.set('displayName', `Renamed ${progress}`), ORIGIN.local);
      },
    });
    expect(progress).toBeGreaterThan(ids.length);
    await a.flush();
    await bStudio.call('app.info', {}); // one round trip: every event main sent before it has arrived
    expect(text(b.doc)).toBe(text(a.doc));
    expect(entitiesMap(b.doc).get(ids[0] as string)?.get('displayName')).toBe('Renamed 1');
    expect(b.undo.canUndo()).toBe(false);
    await a.close();
    await b.close();
  });
});

describe('loadDocInParts', () => {
  it('gives the event loop a turn between parts and builds the same doc as one apply', async () => {
    const o = randomOntology(3, { objectTypes: 200, propertiesPerType: 3, linkTypes: 40, descriptionRate: 0.5 });
    const source = ontologyToDoc(o);
    // A snapshot, plus a tail with an edit and a delete by another client.
    const edit = new Y.Doc();
    Y.applyUpdate(edit, Y.encodeStateAsUpdate(source));
    const sv = Y.encodeStateVector(edit);
    const [first, second] = [...entitiesMap(edit).keys()];
    edit.transact(() => {
      entitiesMap(edit).get(first as string)?.set('displayName', 'Edited');
      entitiesMap(edit).delete(second as string);
    });
    const state = { snapshot: Y.encodeStateAsUpdate(source), updates: [Y.encodeStateAsUpdate(edit, sv)], seq: 2 };
    let turns = 0;
    let loading = true;
    const counter = (async () => {
      while (loading) {
        turns++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const doc = await loadDocInParts(state, { maxPartBytes: 4096 });
    loading = false;
    await counter;
    expect(turns).toBeGreaterThan(state.snapshot.byteLength / (2 * 4096));
    expect(text(doc)).toBe(text(docFromState(state)));
    expect(text(doc)).toBe(text(edit));
  });
});
