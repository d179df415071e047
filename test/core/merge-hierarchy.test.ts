/**
 * Three-way merge of hierarchy and annotation edits (core/merge stays helper B's; this file covers
 * what the hierarchy adds): supertypes and each annotation's values merge as sets, a supertype
 * cycle made only by combining the sides is a CYCLE_CONFLICT with an id, and random hierarchy
 * edits merge to valid, idempotent results.
 */
import { describe, expect, it } from 'vitest';
import { merge3 } from '../../core/merge';
import { canonicalJson, type Ontology } from '../../core/model';
import { validate } from '../../core/validate';
import { mutateOntology, randomOntology } from '../support/random-ontology';
import { edit, must, ont } from './merge.build';

const B = ont({
  name: 'Anatomy',
  objectTypes: {
    Thing: { primaryKey: 'id', properties: { id: { required: true } } },
    Organ: { supertypes: ['Thing'], properties: { mass: { t: 'double' } }, annotations: { synonym: [{ value: 'organum', lang: 'la' }, { value: 'viscus' }] } },
    Heart: { supertypes: ['Organ'], properties: { chambers: { t: 'integer' } } },
    Tissue: { supertypes: ['Thing'], properties: { cells: {} } },
  },
});
const ot = (o: Ontology, id: string) => must(o.objectTypes[id], id);

describe('merge: hierarchy and annotations', () => {
  it('concurrent supertype additions union; a removal on one side sticks', () => {
    const ours = edit(B, (o) => { ot(o, 'Heart').supertypes = ['Organ', 'Tissue']; });
    const theirs = edit(B, (o) => { ot(o, 'Tissue').supertypes = []; ot(o, 'Heart').supertypes = ['Organ', 'Thing']; });
    const r = merge3(B, ours, theirs);
    expect(r.conflicts).toEqual([]);
    expect(r.result.objectTypes.Heart?.supertypes).toEqual(['Organ', 'Thing', 'Tissue']);
    expect(r.result.objectTypes.Tissue?.supertypes).toBeUndefined();
  });

  it('annotation values merge as sets per key: both sides add synonyms, one removes one, another key is added', () => {
    const ours = edit(B, (o) => { ot(o, 'Organ').annotations = { synonym: [{ value: 'organum', lang: 'la' }, { value: 'viscus' }, { value: 'body organ', scope: 'RELATED' }] }; });
    const theirs = edit(B, (o) => {
      ot(o, 'Organ').annotations = { synonym: [{ value: 'organum', lang: 'la' }, { value: 'Organ', lang: 'de' }], definition: [{ value: 'A functional part.' }] };
    });
    const r = merge3(B, ours, theirs);
    expect(r.conflicts).toEqual([]);
    expect(r.result.objectTypes.Organ?.annotations).toEqual({
      definition: [{ value: 'A functional part.' }],
      synonym: [{ value: 'body organ', scope: 'RELATED' }, { value: 'organum', lang: 'la' }, { value: 'Organ', lang: 'de' }],
    });
  });

  it('one side removing every annotation while the other adds one keeps only the addition', () => {
    const ours = edit(B, (o) => { delete ot(o, 'Organ').annotations; });
    const theirs = edit(B, (o) => { must(ot(o, 'Organ').annotations).synonym?.push({ value: 'organon', lang: 'grc' }); });
    const r = merge3(B, ours, theirs);
    expect(r.conflicts).toEqual([]);
    expect(r.result.objectTypes.Organ?.annotations).toEqual({ synonym: [{ value: 'organon', lang: 'grc' }] });
    // And the ontology's own annotations merge the same way.
    const h1 = edit(B, (o) => { o.annotations = { comment: [{ value: 'a' }] }; });
    const h2 = edit(B, (o) => { o.annotations = { comment: [{ value: 'b' }] }; });
    expect(merge3(B, h1, h2).result.annotations).toEqual({ comment: [{ value: 'a' }, { value: 'b' }] });
  });

  it('a supertype cycle made only by combining the sides is a CYCLE_CONFLICT with a stable id, resolvable by side', () => {
    // Each side alone is acyclic: Tissue → Heart → Organ → Thing, and Organ → Tissue → Thing.
    const ours = edit(B, (o) => { ot(o, 'Tissue').supertypes = ['Heart']; });
    const theirs = edit(B, (o) => { ot(o, 'Organ').supertypes = ['Thing', 'Tissue']; });
    const r = merge3(B, ours, theirs);
    const cycles = r.conflicts.filter((c) => c.code === 'CYCLE_CONFLICT');
    expect(cycles).toHaveLength(1);
    expect(cycles[0]?.severity).toBe('BLOCK');
    expect(cycles[0]?.message).toContain('is a subtype of');
    expect(merge3(B, ours, theirs).conflicts.map((c) => c.id)).toEqual(r.conflicts.map((c) => c.id));
    const id = must(cycles[0]).id;
    const resolved = merge3(B, ours, theirs, { resolutions: { [id]: { pick: 'theirs' } } });
    expect(resolved.conflicts.filter((c) => c.code === 'CYCLE_CONFLICT')).toEqual([]);
    expect(validate(resolved.result).filter((d) => d.code === 'SUPERTYPE_CYCLE')).toEqual([]);
    expect(resolved.result.objectTypes.Organ?.supertypes).toEqual(['Thing', 'Tissue']);
  });

  it('random hierarchy and annotation edits on both sides merge without unexpected conflicts, idempotently', () => {
    let merged = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const base = randomOntology(seed, { objectTypes: 6, propertiesPerType: 3, fidelity: true });
      const ours = mutateOntology(base, seed * 3, 3).ontology;
      const theirs = mutateOntology(base, seed * 5 + 1, 3).ontology;
      const r = merge3(base, ours, theirs);
      expect(canonicalJson(merge3(base, ours, ours).result), `seed ${seed}`).toBe(canonicalJson(ours));
      if (r.conflicts.length === 0) {
        merged++;
        expect(validate(r.result).filter((d) => d.code === 'SUPERTYPE_CYCLE'), `seed ${seed}`).toEqual([]);
      }
    }
    expect(merged).toBeGreaterThan(10);
  });
});
