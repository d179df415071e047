/**
 * The renderer replica applies a branch's state in pieces smaller than the backend's parts, one
 * transaction each, and gives the event loop turns in between: a branch that arrives as ONE part
 * still opens in many slices (issue 12: opening a big workspace must not freeze the window). Real
 * web host and store; nothing depends on timing (a zero budget makes every piece its own slice).
 */
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../core/model';
import { docToOntology } from '../../core/yjs';
import { Workspace } from '../../main/services/store';
import { openReplica } from '../../renderer/src/api/replica';
import { randomOntology } from '../support/random-ontology';
import { startHarness, tempDir, type Harness } from '../main/studio/harness';

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

describe('replica load in slices', () => {
  it('cuts a one-part state into pieces, yields between them, and ends equal to main', async () => {
    const storeDir = join(tempDir(), 'store');
    const o = randomOntology(5, { objectTypes: 150, propertiesPerType: 4, linkTypes: 30, descriptionRate: 0.5 });
    await (await Workspace.create(storeDir, 'one-part', { from: o, durability: 'normal' })).close();
    // Parts far bigger than the state: the backend sends it whole, in doc.open's answer.
    const h = await startHarness({ storeDir, backend: { validateDelayMs: 60_000, docPartBytes: 64 * 1024 * 1024, workspace: { durability: 'normal', verify: false, session: { loadPartBytes: 64 * 1024 * 1024 } } } });
    harnesses.push(h);
    const { studio } = await h.connect();
    const doc = new Y.Doc();
    let pieces = 0;
    let turnAfter = -1;
    doc.on('update', () => {
      pieces++;
      if (pieces === 1) setImmediate(() => { turnAfter = pieces; });
    });
    let parts = 0;
    const r = await openReplica(studio, { workspace: 'one-part', branch: 'main' }, { doc, sliceBudgetMs: 0, onProgress: () => parts++ });
    expect(parts).toBe(1);
    expect(pieces).toBeGreaterThan(5);
    // The event loop had a turn while pieces were still to come.
    expect(turnAfter).toBeGreaterThan(0);
    expect(turnAfter).toBeLessThan(pieces);
    const committed = (await studio.call('ontology.get', { workspace: 'one-part', ref: 'main' })).ontology;
    expect(canonicalJson(docToOntology(r.doc))).toBe(canonicalJson(committed));
    await r.close();
  });
});
