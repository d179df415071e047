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

  it('refuses a diff that does not fit', () => {
    const d = diffOntologies(base, edit(base, (o) => { delete o.linkTypes.crewOf; }));
    const other = edit(base, (o) => { delete o.linkTypes.crewOf; });
    expect(() => applyDiff(other, d)).toThrow(OmsError);
    try { applyDiff(other, d); } catch (err) { expect((err as OmsError).code).toBe('DIFF_NOT_APPLICABLE'); }
  });
});
