import { describe, expect, it } from 'vitest';
import { canonicalJson, parseOntology, type Ontology } from '../../core/model';
import { validate } from '../../core/validate';
import { changedElementIds, mutateOntology, randomOntology } from './random-ontology';

/** ERROR/BLOCK diagnostics of the real validator: the generators promise none. */
function sanityProblems(o: Ontology): string[] {
  return validate(o).filter((d) => d.severity === 'ERROR' || d.severity === 'BLOCK').map((d) => `${d.code} ${d.path}: ${d.message}`);
}

describe('randomOntology', () => {
  it('is deterministic per seed and differs between seeds', () => {
    expect(canonicalJson(randomOntology(7))).toBe(canonicalJson(randomOntology(7)));
    expect(canonicalJson(randomOntology(7))).not.toBe(canonicalJson(randomOntology(8)));
  });

  it('produces schema-valid, semantically sane ontologies of the requested size', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const o = randomOntology(seed, { objectTypes: 1 + (seed % 12), propertiesPerType: 1 + (seed % 7) });
      expect(canonicalJson(parseOntology(JSON.parse(canonicalJson(o)))), `seed ${seed}`).toBe(canonicalJson(o));
      expect(sanityProblems(o), `seed ${seed}`).toEqual([]);
      expect(Object.keys(o.objectTypes)).toHaveLength(1 + (seed % 12));
      for (const ot of Object.values(o.objectTypes)) expect(Object.keys(ot.properties).length).toBeGreaterThanOrEqual(1 + (seed % 7));
    }
  });
});

describe('randomOntology with fidelity (hierarchy, annotations, restrictions)', () => {
  it('is sane, really has hierarchies and annotations, and leaves the rest as without it', () => {
    let subtypes = 0;
    let diamonds = 0;
    let annotated = 0;
    for (let seed = 1; seed <= 80; seed++) {
      const size = { objectTypes: 2 + (seed % 12), propertiesPerType: 1 + (seed % 5) };
      const o = randomOntology(seed, { ...size, fidelity: true });
      expect(canonicalJson(parseOntology(JSON.parse(canonicalJson(o)))), `seed ${seed}`).toBe(canonicalJson(o));
      expect(sanityProblems(o), `seed ${seed}`).toEqual([]);
      const types = Object.values(o.objectTypes);
      subtypes += types.filter((t) => t.supertypes).length;
      diamonds += types.filter((t) => (t.supertypes?.length ?? 0) > 1).length;
      annotated += types.filter((t) => t.annotations).length;
      expect(Object.keys(o.objectTypes), `seed ${seed}`).toEqual(Object.keys(randomOntology(seed, size).objectTypes));
    }
    expect(subtypes).toBeGreaterThan(120);
    expect(diamonds).toBeGreaterThan(5);
    expect(annotated).toBeGreaterThan(90);
  });

  it('mutations keep hierarchies sane and include hierarchy and annotation edits', () => {
    const ops = new Set<string>();
    for (let seed = 1; seed <= 80; seed++) {
      const base = randomOntology(seed, { objectTypes: 6, propertiesPerType: 3, fidelity: true });
      const { ontology, touched, changes } = mutateOntology(base, seed * 17, 1 + (seed % 8));
      for (const c of changes) ops.add(c.op);
      expect(sanityProblems(ontology), `seed ${seed}`).toEqual([]);
      expect(touched, `seed ${seed}`).toEqual(changedElementIds(base, ontology));
    }
    // removeSupertype needs a redundant parent (a diamond's shortcut), too rare to demand here.
    expect([...ops]).toEqual(expect.arrayContaining(['addSupertype', 'annotate', 'equivalent']));
  });
});

describe('mutateOntology', () => {
  it('keeps the ontology sane and reports the touched elements', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const base = randomOntology(seed, { objectTypes: 5, propertiesPerType: 4 });
      const { ontology, touched, changes } = mutateOntology(base, seed * 31, 1 + (seed % 6));
      expect(changes.length, `seed ${seed}`).toBeGreaterThanOrEqual(1 + (seed % 6));
      expect(sanityProblems(ontology), `seed ${seed}`).toEqual([]);
      expect(touched, `seed ${seed}`).toEqual(changedElementIds(base, ontology));
      expect(touched.length, `seed ${seed}`).toBeGreaterThan(0);
      // Every edit's subject is touched unless the edit happened to be a no-op.
      expect(changes.filter((c) => touched.includes(c.id)).length, `seed ${seed}`).toBeGreaterThan(0);
    }
  });

  it('does not modify its input', () => {
    const base = randomOntology(3);
    const before = canonicalJson(base);
    mutateOntology(base, 99, 20);
    expect(canonicalJson(base)).toBe(before);
  });
});
