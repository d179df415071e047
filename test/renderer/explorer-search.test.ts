/**
 * The explorer's narrowing search answers exactly what a full scan answers, over a real ModelIndex
 * on a real Y.Doc, through query sequences that extend, shorten and jump, status changes, display
 * name edits (made in place in the index's arrays) and renames (which give new arrays).
 */
import { describe, expect, it } from 'vitest';
import { ORIGIN, TOP_LEVEL_KINDS, ontologyToDoc, setField } from '../../core/yjs';
import { ExplorerSearch } from '../../renderer/src/features/explorer/search';
import { ModelIndex, type Entry } from '../../renderer/src/state/model-index';
import { Rand, randomOntology } from '../support/random-ontology';

type Status = 'any' | 'active' | 'experimental' | 'deprecated';
const full = (all: readonly Entry[], q: string, status: Status): string[] =>
  all.filter((e) => (!q || e.haystack.includes(q)) && (status === 'any' || (e.value as { status: string }).status === status)).map((e) => e.id);

describe('explorer search', () => {
  it('narrowing equals a full scan under a seeded script of queries and edits', async () => {
    const r = new Rand(3);
    const doc = ontologyToDoc(randomOntology(3, { objectTypes: 120, propertiesPerType: 2, linkTypes: 30 }));
    const index = await ModelIndex.load(doc);
    const search = new ExplorerSearch();
    const letters = 'aeiotnrs0123456789';
    let q = '';
    let status: Status = 'any';
    let narrowed = 0;
    for (let step = 0; step < 400; step++) {
      const roll = r.next();
      if (roll < 0.45) q += r.pick([...letters]);
      else if (roll < 0.6) q = q.slice(0, -1);
      else if (roll < 0.65) q = '';
      else if (roll < 0.7) status = r.pick(['any', 'active', 'experimental', 'deprecated'] as const);
      else {
        // Display names change in place (same array): one starts or stops matching the query as it
        // stands. apiNames re-slot (a new array).
        const ot = r.pick(index.list('objectType'));
        if (r.bool(0.7)) setField(doc, { id: ot.id }, 'displayName', r.bool() ? `x${q}x` : 'x', ORIGIN.local);
        else setField(doc, { id: ot.id }, 'apiName', `Re${r.pick([...letters])}${step}`, ORIGIN.local);
      }
      for (const kind of TOP_LEVEL_KINDS) {
        const all = index.list(kind);
        const before = search.filter(kind, all, index.labels, q, status);
        if (q.length > 1) narrowed++;
        expect(before.map((e) => e.id), `step ${step} ${kind} "${q}" ${status}`).toEqual(full(all, q, status));
      }
    }
    expect(narrowed).toBeGreaterThan(100);
  });

  it('an empty filter is the index list itself (no copy of 50k rows)', async () => {
    const doc = ontologyToDoc(randomOntology(3, { objectTypes: 20, propertiesPerType: 2, linkTypes: 5 }));
    const index = await ModelIndex.load(doc);
    const all = index.list('objectType');
    expect(new ExplorerSearch().filter('objectType', all, index.labels, '', 'any')).toBe(all);
  });
});
