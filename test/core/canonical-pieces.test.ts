/**
 * writeCanonicalJson hands canonicalJson's compact text over in pieces (so `oms stats` hashes a
 * 50k-type ontology without holding its text): the pieces must add up to exactly that text,
 * including the key order JavaScript imposes on array-index ids and members left undefined.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash, parseOntology, writeCanonicalJson, type Ontology } from '../../core/model';
import { sha256Pieces } from '../../main/services/store/hash';
import { randomOntology } from '../support/random-ontology';

function pieces(o: Ontology): string[] {
  const out: string[] = [];
  writeCanonicalJson(o, (p) => out.push(p));
  return out;
}

/** Array-index ids (enumerated first, numerically), out-of-order records, members holding undefined. */
function awkward(): Ontology {
  const o = randomOntology(3);
  const ids = Object.keys(o.objectTypes);
  const objectTypes: Record<string, unknown> = {};
  for (const [i, id] of [...ids].reverse().entries()) objectTypes[i === 0 ? '10' : i === 1 ? '9' : id] = o.objectTypes[id];
  const first = ids[0] as string;
  objectTypes[first] = { ...(o.objectTypes[first] as object), icon: undefined };
  return { ...o, objectTypes, description: 'quote " backslash \\ newline \n é \u{1f600}', annotations: undefined } as unknown as Ontology;
}

describe('writeCanonicalJson', () => {
  it('adds up to canonicalJson, piece by piece', () => {
    for (const o of [awkward(), randomOntology(1), randomOntology(11), parseOntology({ format: 'oms/1', name: 'empty' })]) {
      const parts = pieces(o);
      expect(parts.length).toBeGreaterThan(Object.keys(o.objectTypes).length);
      expect(parts.join('')).toBe(canonicalJson(o));
    }
  });

  it('hashed in pieces, gives contentHash', () => {
    const o = awkward();
    expect(sha256Pieces((write) => writeCanonicalJson(o, write))).toBe(contentHash(canonicalJson(o)));
  });
});
