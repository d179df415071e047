import { describe, expect, it } from 'vitest';
import { applyDiff, diffOntologies, formatDiff, invertDiff, isEmptyDiff } from '../../core/diff';
import { canonicalJson } from '../../core/model';
import { OmsError } from '../../core/errors';
import { randomOntology, mutateOntology } from '../support/random-ontology';
import { edit, must, ont } from './merge.build';

const base = ont({
  name: 'Air',
  meta: { baseIri: 'https://a/' },
  objectTypes: {
    Flight: { primaryKey: 'fno', properties: { fno: {}, dep: { t: 'date' } } },
    Crew: { properties: { cid: {} } },
  },
  linkTypes: { crewOf: { from: 'Crew', to: 'Flight' } },
  valueTypes: { Code: { constraints: { min: 1, max: 5 } } },
});

describe('diffOntologies', () => {
  it('finds nothing between equal ontologies', () => {
    const d = diffOntologies(base, structuredClone(base));
    expect(isEmptyDiff(d)).toBe(true);
    expect(formatDiff(d)).toBe('no changes');
  });

  it('reports a rename as one apiName change, not a remove and an add', () => {
    const d = diffOntologies(base, edit(base, (o) => { must(o.objectTypes.Flight).apiName = 'Leg'; }));
    expect(d.changes).toEqual([{
      op: 'changed', kind: 'objectType', id: 'Flight', path: ['objectTypes', 'Flight'], apiName: 'Leg',
      fields: [{ field: 'apiName', path: ['apiName'], before: 'Flight', after: 'Leg' }],
    }]);
  });

  it('treats a base type as one value and recurses into constraints and meta', () => {
    const b = edit(base, (o) => {
      must(must(o.objectTypes.Flight).properties.dep).baseType = { type: 'array', items: { type: 'timestamp' } };
      must(o.valueTypes.Code).constraints.max = 9;
      o.meta.owner = 'ops';
      o.description = 'Flights';
    });
    const d = diffOntologies(base, b);
    expect(d.header.map((f) => f.field)).toEqual(['description', 'meta/owner']);
    expect(d.changes.map((c) => [c.kind, c.id, c.parentApiName, c.fields.map((f) => f.field)])).toEqual([
      ['property', 'dep', 'Flight', ['baseType']],
      ['valueType', 'Code', undefined, ['constraints/max']],
    ]);
    expect(must(d.changes[0]).fields[0]?.after).toEqual({ type: 'array', items: { type: 'timestamp' } });
  });

  it('lists added and removed elements with their children, in model order', () => {
    const b = edit(base, (o) => {
      delete o.objectTypes.Crew;
      delete o.linkTypes.crewOf;
      o.objectTypes.Airport = { ...must(o.objectTypes.Crew ?? base.objectTypes.Crew), apiName: 'Airport', properties: { code: { ...must(must(base.objectTypes.Crew).properties.cid), apiName: 'code' } } };
    });
    const d = diffOntologies(base, b);
    expect(d.changes.map((c) => `${c.op} ${c.path.join('/')}`)).toEqual([
      'added objectTypes/Airport',
      'added objectTypes/Airport/properties/code',
      'removed objectTypes/Crew',
      'removed objectTypes/Crew/properties/cid',
      'removed linkTypes/crewOf',
    ]);
    expect(d.changes[0]?.value).not.toHaveProperty('properties');
    expect(d.summary).toEqual({ added: 2, removed: 3, changed: 0, header: 0 });
    expect(formatDiff(d)).toContain('- property Crew.cid');
  });

  it('reports optional fields appearing and disappearing without a before/after member', () => {
    const d = diffOntologies(base, edit(base, (o) => { delete must(o.objectTypes.Flight).primaryKey; must(o.objectTypes.Crew).primaryKey = 'cid'; }));
    expect(d.changes.map((c) => c.fields)).toEqual([
      [{ field: 'primaryKey', path: ['primaryKey'], before: 'fno' }],
      [{ field: 'primaryKey', path: ['primaryKey'], after: 'cid' }],
    ].reverse());
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });

  it('applyDiff replays and invertDiff undoes, over random ontologies and edits', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const a = randomOntology(seed);
      const b = mutateOntology(a, seed * 31, 8).ontology;
      const d = diffOntologies(a, b);
      try {
        expect(canonicalJson(applyDiff(a, d))).toBe(canonicalJson(b));
        expect(canonicalJson(applyDiff(b, invertDiff(d)))).toBe(canonicalJson(a));
        const key = (x: ReturnType<typeof diffOntologies>) => x.changes.map((c) => `${c.op} ${c.path.join('/')} ${c.fields.map((f) => f.field).join(',')}`);
        expect(key(diffOntologies(b, a))).toEqual(key(invertDiff(d)));
      } catch (err) {
        throw new Error(`seed ${seed}: ${String(err)}`, { cause: err });
      }
    }
  });

  it('shows supertype and annotation changes member-wise, per annotation key, header included', () => {
    const b = edit(base, (o) => {
      must(o.objectTypes.Crew).supertypes = ['Flight'];
      must(o.objectTypes.Flight).annotations = { synonym: [{ value: 'leg', scope: 'EXACT' }], definition: [{ value: 'A scheduled trip.' }] };
      o.annotations = { comment: [{ value: 'v1', lang: 'en' }] };
    });
    const c = edit(b, (o) => {
      must(o.objectTypes.Crew).supertypes = ['Flight', 'Trip'];
      must(o.objectTypes.Flight).annotations = { synonym: [{ value: 'leg', scope: 'EXACT' }, { value: 'sector', scope: 'RELATED' }] };
      o.annotations = { comment: [{ value: 'v2', lang: 'en' }] };
    });
    const first = diffOntologies(base, b);
    expect(first.header).toEqual([{ field: 'annotations/comment', path: ['annotations', 'comment'], after: [{ value: 'v1', lang: 'en' }], added: [{ value: 'v1', lang: 'en' }] }]);
    expect(first.changes.flatMap((x) => x.fields.map((f) => f.field))).toEqual(['supertypes', 'annotations/definition', 'annotations/synonym']);
    const d = diffOntologies(b, c);
    const fields = d.changes.flatMap((x) => x.fields);
    expect(fields.find((f) => f.field === 'supertypes')).toMatchObject({ added: ['Trip'] });
    expect(fields.find((f) => f.field === 'supertypes')).not.toHaveProperty('removed');
    expect(fields.find((f) => f.field === 'annotations/synonym')).toMatchObject({ added: [{ value: 'sector', scope: 'RELATED' }] });
    expect(fields.find((f) => f.field === 'annotations/definition')).toMatchObject({ removed: [{ value: 'A scheduled trip.' }] });
    expect(formatDiff(d)).toContain('annotations/synonym: +"sector" (RELATED)');
    expect(formatDiff(d)).toContain('~ ontology annotations/comment: +"v2"@en -"v1"@en');
    expect(canonicalJson(applyDiff(b, d))).toBe(canonicalJson(c));
    expect(canonicalJson(applyDiff(c, invertDiff(d)))).toBe(canonicalJson(b));
    expect(invertDiff(d).changes.flatMap((x) => x.fields).find((f) => f.field === 'supertypes')).toMatchObject({ removed: ['Trip'] });
    // Taking every annotation away leaves no empty record behind.
    expect(canonicalJson(applyDiff(b, diffOntologies(b, base)))).toBe(canonicalJson(base));
  });

  it('applyDiff and invertDiff are exact over random hierarchies and annotations', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const a = randomOntology(seed, { objectTypes: 6, propertiesPerType: 3, fidelity: true });
      const b = mutateOntology(a, seed * 13, 8).ontology;
      const d = diffOntologies(a, b);
      expect(canonicalJson(applyDiff(a, d)), `seed ${seed}`).toBe(canonicalJson(b));
      expect(canonicalJson(applyDiff(b, invertDiff(d))), `seed ${seed}`).toBe(canonicalJson(a));
      const members = (x: ReturnType<typeof diffOntologies>) => x.changes.flatMap((c) => c.fields.map((f) => [c.id, f.field, f.added, f.removed]));
      expect(members(invertDiff(d)), `seed ${seed}`).toEqual(members(diffOntologies(b, a)));
    }
  });

  it('refuses a diff that does not fit', () => {
    const d = diffOntologies(base, edit(base, (o) => { delete o.linkTypes.crewOf; }));
    const other = edit(base, (o) => { delete o.linkTypes.crewOf; });
    expect(() => applyDiff(other, d)).toThrow(OmsError);
    try { applyDiff(other, d); } catch (err) { expect((err as OmsError).code).toBe('DIFF_NOT_APPLICABLE'); }
  });
});
