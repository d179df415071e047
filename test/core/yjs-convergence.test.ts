/**
 * Convergence fuzz (Yjs TestConnector style): replicas start from one state, edit concurrently with
 * random (often conflicting) ops, exchange updates in random order with random partial delivery
 * and undo/redo their own edits, then flush. All replicas must end with byte-identical, schema-valid
 * canonical JSON.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { canonicalJson, parseOntology } from '../../core/model';
import {
  ORIGIN, applyOntology, applyOp, createDocReader, createUndoManager, docToOntology, isIncomplete, ontologyToDoc, readDoc, type DocReader,
} from '../../core/yjs';
import { Rand, randomOntology } from '../support/random-ontology';
import { randomEdit } from '../support/random-edits';
import { TestNetwork } from '../support/test-network';

const SEEDS = Number(process.env.OMS_FUZZ_SEEDS ?? 220);

function runSeed(seed: number): { edits: number; text: string; base: string } {
  const r = new Rand(seed);
  // Every other seed starts from an ontology with hierarchies and annotations (mutations then edit them too).
  const base = randomOntology(seed, { objectTypes: r.int(1, 5), propertiesPerType: r.int(1, 4), interfaces: r.int(0, 2), actionTypes: r.int(0, 1), fidelity: seed % 2 === 0 });
  const net = new TestNetwork(ontologyToDoc(base), r.int(2, 4));
  const counters = net.docs.map(() => ({ n: 0 }));
  const undoers = net.docs.map((d) => createUndoManager(d, { captureTimeout: 0 }));
  // The incremental reader must agree with a full read at every step, gaps included.
  const readers = net.docs.map((d) => createDocReader(d));
  const checkReader = (i: number): void => {
    const full = readDoc(net.docs[i] as Y.Doc);
    const inc = (readers[i] as DocReader).read();
    expect(canonicalJson(inc.ontology)).toBe(canonicalJson(full.ontology));
    expect({ dropped: inc.dropped, repaired: inc.repaired, incomplete: inc.incomplete }).toEqual({ dropped: full.dropped, repaired: full.repaired, incomplete: full.incomplete });
  };
  const steps = r.int(10, 40);
  let edits = 0;
  for (let step = 0; step < steps; step++) {
    const i = r.int(0, net.docs.length - 1);
    const doc = net.docs[i] as Y.Doc;
    if (step % 3 === 0) checkReader(i);
    if (r.bool(0.3)) {
      net.deliverSome(r, i, r.int(0, 4));
      continue;
    }
    if (r.bool(0.1)) {
      // Undo/redo of local edits interleaved with remote ones.
      const undo = undoers[i] as Y.UndoManager;
      if (r.bool(0.7)) undo.undo();
      else undo.redo();
      continue;
    }
    // Bursts of edits on one replica before anything is exchanged make conflicts likely.
    for (let k = r.int(1, 3); k > 0; k--) {
      const edit = randomEdit(doc, r, `${seed}.${i}`, counters[i] as { n: number });
      if (edit.kind === 'apply') applyOntology(doc, edit.target, ORIGIN.merge);
      else applyOp(doc, edit.op, ORIGIN.local);
      edits++;
    }
  }
  net.flush(r);
  net.docs.forEach((_, i) => checkReader(i));
  for (const d of net.docs) {
    // Converged means complete: nothing pending, nothing dropped.
    expect(isIncomplete(d)).toBe(false);
    expect(readDoc(d).dropped).toEqual([]);
  }
  const texts = net.docs.map((d) => canonicalJson(docToOntology(d)));
  for (const t of texts) expect(t).toBe(texts[0]);
  const vectors = net.docs.map((d) => Buffer.from(Y.encodeStateVector(d)).toString('base64'));
  for (const v of vectors) expect(v).toBe(vectors[0]);
  const text = texts[0] as string;
  expect(canonicalJson(parseOntology(JSON.parse(text)))).toBe(text);
  return { edits, text, base: canonicalJson(base) };
}

const CHUNK = 50;
const chunks = Array.from({ length: Math.ceil(SEEDS / CHUNK) }, (_, i) => [i * CHUNK + 1, Math.min(SEEDS, (i + 1) * CHUNK)] as const);

describe('binding convergence fuzz', () => {
  it.each(chunks)('converges for seeds %i..%i', (from, to) => {
    let edits = 0;
    let changed = 0;
    for (let seed = from; seed <= to; seed++) {
      try {
        const result = runSeed(seed);
        edits += result.edits;
        if (result.text !== result.base) changed++;
      } catch (err) {
        throw new Error(`convergence failed for seed ${seed} (rerun: OMS_FUZZ_SEED=${seed}): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
    }
    // Guard against a fuzzer that silently stopped editing.
    const n = to - from + 1;
    expect(edits).toBeGreaterThan(n * 10);
    expect(changed).toBeGreaterThan(n * 0.9);
  });

  it('is reproducible from a seed', () => {
    const seed = Number(process.env.OMS_FUZZ_SEED ?? 7);
    expect(runSeed(seed).text).toBe(runSeed(seed).text);
  });
});
