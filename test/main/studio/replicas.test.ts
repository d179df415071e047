/**
 * Renderer replicas (Y.Docs in the test, each on its own real WebSocket to the real web host, using
 * the renderer's own client and replica code) converge with main under a seeded random edit script:
 * bursts of local edits, undo/redo, and main-side merge-origin changes. Reproduce a failure with
 * OMS_STUDIO_FUZZ_SEEDS=<seed>; more runs with OMS_STUDIO_FUZZ_RUNS=N.
 */
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../core/model';
import { ORIGIN, applyOntology, applyOp, docToOntology, isIncomplete } from '../../../core/yjs';
import type { StudioClientApi } from '../../../renderer/src/api/client';
import { openReplica, type Replica } from '../../../renderer/src/api/replica';
import { randomEdit } from '../../support/random-edits';
import { Rand } from '../../support/random-ontology';
import { startHarness, type Harness } from './harness';

const SEEDS = process.env.OMS_STUDIO_FUZZ_SEEDS
  ? process.env.OMS_STUDIO_FUZZ_SEEDS.split(',').map(Number)
  : Array.from({ length: Number(process.env.OMS_STUDIO_FUZZ_RUNS ?? 2) }, (_, i) => 1000 + i);
const STEPS = Number(process.env.OMS_STUDIO_FUZZ_STEPS ?? 50);

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

const text = (d: Y.Doc): string => canonicalJson(docToOntology(d));

/** After every replica flushed, one round trip per socket delivers every event sent before it. */
async function settle(clients: StudioClientApi[], replicas: Replica[]): Promise<void> {
  for (const r of replicas) await r.flush();
  for (const c of clients) await c.call('app.info', {});
}

async function run(seed: number): Promise<void> {
  const h = await startHarness({ keepStore: true });
  harnesses.push(h);
  const clients = [await h.connect(), await h.connect(), await h.connect()].map((c) => c.studio);
  const [first] = clients as [StudioClientApi];
  await first.call('examples.open', { id: 'airline' });
  const target = { workspace: 'airline', branch: 'main' };
  const replicas: Replica[] = [];
  for (const c of clients) replicas.push(await openReplica(c, target, { captureTimeout: 0 }));
  const r = new Rand(seed);
  const counters = replicas.map(() => ({ n: 0 }));
  for (let step = 0; step < STEPS; step++) {
    const i = r.int(0, replicas.length - 1);
    const rep = replicas[i] as Replica;
    const roll = r.next();
    if (roll < 0.15) await (clients[i] as StudioClientApi).call('app.info', {});
    else if (roll < 0.25) {
      if (r.bool(0.7)) rep.undo.undo();
      else rep.undo.redo();
    }
    else if (roll < 0.27) await first.call('branch.discard', target); // a merge-origin change made in main
    else {
      for (let k = r.int(1, 3); k > 0; k--) {
        const edit = randomEdit(rep.doc, r, `${seed}.${i}`, counters[i] as { n: number });
        if (edit.kind === 'apply') applyOntology(rep.doc, edit.target, ORIGIN.local);
        else applyOp(rep.doc, edit.op, ORIGIN.local);
      }
    }
  }
  await settle(clients, replicas);
  const fresh = await openReplica(first, target);
  const expected = text(fresh.doc);
  for (const [i, rep] of replicas.entries()) {
    expect(isIncomplete(rep.doc), `seed ${seed}: replica ${i} has pending updates`).toBe(false);
    expect(text(rep.doc), `seed ${seed}: replica ${i} differs from main`).toBe(expected);
    expect(Y.encodeStateVector(rep.doc)).toEqual(Y.encodeStateVector(fresh.doc));
  }
  await fresh.close();
  for (const rep of replicas) await rep.close();
  // What main persisted is what everyone saw: a new host on the same store serves the same doc.
  await h.host.close();
  const again = await startHarness({ storeDir: h.storeDir });
  harnesses.push(again);
  const { studio } = await again.connect();
  const reopened = await openReplica(studio, target);
  expect(text(reopened.doc), `seed ${seed}: persisted state differs`).toBe(expected);
  await reopened.close();
}

describe('renderer replicas and main', () => {
  for (const seed of SEEDS) {
    it(`converge under a random edit script (seed ${seed})`, async () => {
      await run(seed);
    });
  }

  it('two windows on one branch see each other\'s edits, and neither can undo the other\'s', async () => {
    const h = await startHarness();
    harnesses.push(h);
    const a = (await h.connect()).studio;
    const b = (await h.connect()).studio;
    await a.call('examples.open', { id: 'airline' });
    const target = { workspace: 'airline', branch: 'main' };
    const ra = await openReplica(a, target, { captureTimeout: 0 });
    const rb = await openReplica(b, target, { captureTimeout: 0 });
    const id = Object.keys(docToOntology(ra.doc).objectTypes)[0] as string;
    applyOp(ra.doc, { op: 'set', id, field: 'displayName', value: 'From A' }, ORIGIN.local);
    await settle([a, b], [ra, rb]);
    expect(docToOntology(rb.doc).objectTypes[id]?.displayName).toBe('From A');
    // B's undo stack holds nothing of A's edit.
    expect(rb.undo.undoStack.length).toBe(0);
    rb.undo.undo();
    applyOp(rb.doc, { op: 'set', id, field: 'description', value: 'From B' }, ORIGIN.local);
    await settle([a, b], [ra, rb]);
    expect(docToOntology(ra.doc).objectTypes[id]?.description).toBe('From B');
    // A's undo takes back only A's change; B's stays.
    ra.undo.undo();
    await settle([a, b], [ra, rb]);
    for (const d of [ra.doc, rb.doc]) {
      expect(docToOntology(d).objectTypes[id]?.displayName).not.toBe('From A');
      expect(docToOntology(d).objectTypes[id]?.description).toBe('From B');
    }
    // A merge-origin change from main (discard) reaches both and is on nobody's undo stack.
    const stacks = [ra.undo.undoStack.length, rb.undo.undoStack.length];
    await a.call('branch.discard', target);
    await settle([a, b], [ra, rb]);
    expect(text(ra.doc)).toBe(text(rb.doc));
    expect(docToOntology(ra.doc).objectTypes[id]?.description).not.toBe('From B');
    expect([ra.undo.undoStack.length, rb.undo.undoStack.length]).toEqual(stacks);
    await ra.close();
    await rb.close();
  });
});
