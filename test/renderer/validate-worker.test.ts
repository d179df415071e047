/**
 * The validation worker's first state arrives in parts (init, init-part…, init-end) so the page
 * never clones a whole ontology in one task. Patches that arrive while the parts are still coming
 * wait for the last one, and the answer equals validate() of the state the page holds.
 */
import { describe, expect, it } from 'vitest';
import { KIND_OF_COLLECTION, COLLECTIONS, type Ontology, type TopLevelKind } from '../../core/model';
import { validate } from '../../core/validate';
import { randomOntology } from '../support/random-ontology';
import { loadWorker } from '../support/validate-worker';

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

function partsOf(o: Ontology, size: number): Array<Array<[string, TopLevelKind, unknown]>> {
  const all: Array<[string, TopLevelKind, unknown]> = [];
  for (const c of COLLECTIONS) for (const [id, v] of Object.entries(o[c])) all.push([id, KIND_OF_COLLECTION[c], v]);
  const parts = [];
  for (let i = 0; i < all.length; i += size) parts.push(all.slice(i, i + size));
  return parts;
}

describe('validation worker, first state in parts', () => {
  it('validates nothing before the last part, applies patches sent meanwhile after it, and answers as validate() of the whole', async () => {
    const { send, answers } = await loadWorker();
    const o = randomOntology(11, { objectTypes: 30, propertiesPerType: 3 });
    const header = { ...o, ...Object.fromEntries(COLLECTIONS.map((c) => [c, {}])) } as Ontology;
    const parts = partsOf(o, 7);
    send({ type: 'init', header, seq: 1 });
    send({ type: 'init-part', json: JSON.stringify(parts[0]!) });
    // An edit the page made after the first part went: a duplicate API name on another type.
    const [a, b] = Object.keys(o.objectTypes);
    const edited = structuredClone(o);
    edited.objectTypes[b!]!.apiName = o.objectTypes[a!]!.apiName;
    send({ type: 'patch', seq: 2, changes: [{ id: b!, kind: 'objectType', value: edited.objectTypes[b!] }] });
    await settle();
    expect(answers).toEqual([]);
    for (const p of parts.slice(1)) send({ type: 'init-part', json: JSON.stringify(p) });
    await settle();
    expect(answers).toEqual([]);
    send({ type: 'init-end', seq: 1 });
    await settle();
    expect(answers).toHaveLength(1);
    // The pass covered the patch: its seq is the patch's, not the init's.
    expect(answers[0]!.seq).toBe(2);
    const byKey = (ds: { code: string; path: string }[]) => ds.map((d) => `${d.code} ${d.path}`).sort();
    expect(byKey(answers[0]!.diagnostics)).toEqual(byKey(validate(edited)));
    expect(answers[0]!.diagnostics.some((d) => d.code.includes('DUPLICATE'))).toBe(true);
  });
});
