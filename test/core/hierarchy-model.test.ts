/**
 * Type hierarchy and annotations in the model and the Yjs binding: canonical form (empty fields
 * leave no trace, sets sorted), doc ⇄ JSON round trip, and concurrent edits that must union.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../core/errors';
import { canonicalJson, contentHash, parseOntology, type Ontology } from '../../core/model';
import { ENTITIES_MAP, applyOntology, applyOp, createDocReader, docToOntology, ontologyToDoc, readDoc, setField } from '../../core/yjs';
import { mutateOntology, randomOntology } from '../support/random-ontology';

const base = {
  format: 'oms/1',
  name: 'Anatomy',
  objectTypes: {
    thing: {
      apiName: 'Thing', primaryKey: 'thingId',
      properties: { thingId: { apiName: 'id', baseType: { type: 'string' }, required: true, order: 'V' } },
    },
    organ: { apiName: 'Organ', properties: {} },
    heart: { apiName: 'Heart', properties: {} },
  },
};

const rich = {
  ...base,
  annotations: { 'http://www.w3.org/2002/07/owl#versionInfo': [{ value: '2026-12-01' }] },
  objectTypes: {
    ...base.objectTypes,
    organ: {
      apiName: 'Organ', properties: {}, supertypes: ['thing', 'thing'],
      equivalentTo: ['http://purl.obolibrary.org/obo/UBERON_0000062'],
      annotations: {
        definition: [{ value: 'A part of an organism.', xrefs: ['PMID:2', 'PMID:1', 'PMID:2'] }],
        synonym: [
          { value: 'organum', lang: 'la', scope: 'EXACT' as const },
          { value: 'body organ', scope: 'RELATED' as const, kind: 'literal' as const },
          { value: 'organum', lang: 'la', scope: 'EXACT' as const },
        ],
        empty: [],
      },
    },
    heart: { apiName: 'Heart', properties: {}, supertypes: ['organ'], disjointWith: ['organ', 'http://x.org/Lung'] },
  },
};

function roundTrip(o: Ontology): string {
  const doc = ontologyToDoc(o);
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
  const text = canonicalJson(docToOntology(replica));
  expect(canonicalJson(docToOntology(doc))).toBe(text);
  return text;
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

function replicas(o: Ontology): [Y.Doc, Y.Doc] {
  const a = ontologyToDoc(o);
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  return [a, b];
}

describe('hierarchy and annotations: canonical form', () => {
  it('leaves no trace when empty, so existing files keep their bytes and hashes', () => {
    const plain = parseOntology(base);
    const withEmpties = parseOntology({
      ...base, annotations: {},
      objectTypes: { ...base.objectTypes, organ: { ...base.objectTypes.organ, supertypes: [], annotations: { synonym: [] }, equivalentTo: [] } },
    });
    expect(canonicalJson(withEmpties)).toBe(canonicalJson(plain));
    expect(contentHash(canonicalJson(withEmpties))).toBe(contentHash(canonicalJson(plain)));
    expect(canonicalJson(plain)).not.toMatch(/supertypes|annotations|equivalentTo/);
  });

  it('sorts and de-duplicates supertypes, annotation values and xrefs; drops the default literal kind', () => {
    const o = parseOntology(rich);
    const organ = o.objectTypes.organ;
    expect(organ?.supertypes).toEqual(['thing']);
    expect(organ?.annotations?.synonym).toEqual([
      { value: 'body organ', scope: 'RELATED' },
      { value: 'organum', lang: 'la', scope: 'EXACT' },
    ]);
    expect(organ?.annotations?.definition?.[0]?.xrefs).toEqual(['PMID:1', 'PMID:2']);
    expect(organ?.annotations && 'empty' in organ.annotations).toBe(false);
    expect(o.objectTypes.heart?.disjointWith).toEqual(['http://x.org/Lung', 'organ']);
    // Same content in another order is the same bytes.
    const shuffled = structuredClone(rich);
    shuffled.objectTypes.organ.annotations.synonym.reverse();
    expect(canonicalJson(parseOntology(shuffled))).toBe(canonicalJson(o));
  });

  it('annotations exist on every named element kind and on link restrictions', () => {
    const o = parseOntology({
      format: 'oms/1', name: 'All',
      objectTypes: { a: { apiName: 'A', primaryKey: 'ak', properties: { ak: { apiName: 'k', baseType: { type: 'string' }, order: 'V', annotations: { comment: [{ value: 'c' }] }, subPropertyOf: ['http://x.org/p'] } } } },
      linkTypes: { l: { apiName: 'l', fromObjectTypeId: 'a', toObjectTypeId: 'a', cardinality: 'MANY_TO_MANY', minCardinality: 1, restriction: { quantifier: 'some', property: 'http://x.org/partOf' }, annotations: { seeAlso: [{ value: 'http://x.org', kind: 'iri' }] } } },
      sharedProperties: { s: { apiName: 's', baseType: { type: 'string' }, annotations: { comment: [{ value: 's' }] } } },
      interfaces: { i: { apiName: 'I', annotations: { comment: [{ value: 'i' }] } } },
      valueTypes: { v: { apiName: 'V', baseType: { type: 'string' }, annotations: { comment: [{ value: 'v' }] } } },
      structTypes: { st: { apiName: 'St', fields: { f: { apiName: 'f', baseType: { type: 'string' }, order: 'V', annotations: { comment: [{ value: 'f' }] } } }, annotations: { comment: [{ value: 'st' }] } } },
      actionTypes: { at: { apiName: 'At', parameters: { ap: { apiName: 'p', baseType: { type: 'string' }, order: 'V', annotations: { comment: [{ value: 'ap' }] } } }, annotations: { comment: [{ value: 'at' }] } } },
    });
    expect(roundTrip(o)).toBe(canonicalJson(o));
    expect((canonicalJson(o).match(/"annotations"/g) ?? []).length).toBe(9);
  });
});

describe('hierarchy and annotations: Yjs binding', () => {
  it('round-trips doc ⇄ canonical JSON, including the ontology header', () => {
    const o = parseOntology(rich);
    expect(roundTrip(o)).toBe(canonicalJson(o));
  });

  it('is lossless for 150 generated ontologies with hierarchies and annotations, and applyOntology lands their mutations', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const o = randomOntology(seed, { objectTypes: 2 + (seed % 8), propertiesPerType: 1 + (seed % 4), fidelity: true });
      expect(roundTrip(o), `seed ${seed}`).toBe(canonicalJson(o));
      const doc = ontologyToDoc(o);
      const reader = createDocReader(doc);
      reader.read();
      const next = mutateOntology(o, seed * 7, 1 + (seed % 5)).ontology;
      applyOntology(doc, next);
      expect(canonicalJson(docToOntology(doc)), `seed ${seed}`).toBe(canonicalJson(next));
      expect(canonicalJson(reader.read().ontology), `seed ${seed} (incremental reader)`).toBe(canonicalJson(next));
      reader.dispose();
    }
  });

  it('applyOntology writes only the members that differ and removes fields the target lacks', () => {
    const o = parseOntology(rich);
    const doc = ontologyToDoc(parseOntology(base));
    applyOntology(doc, o);
    expect(canonicalJson(docToOntology(doc))).toBe(canonicalJson(o));
    let changed = 0;
    doc.getMap(ENTITIES_MAP).observeDeep((events) => { for (const e of events) changed += e.changes.keys.size; });
    applyOntology(doc, o);
    expect(changed).toBe(0);
    applyOntology(doc, parseOntology(base));
    expect(canonicalJson(docToOntology(doc))).toBe(canonicalJson(parseOntology(base)));
  });

  it('concurrent first supertypes and first synonyms on an element that had none both survive', () => {
    const [a, b] = replicas(parseOntology(base));
    applyOp(a, { op: 'addToSet', id: 'heart', field: 'supertypes', value: 'organ' });
    applyOp(b, { op: 'addToSet', id: 'heart', field: 'supertypes', value: 'thing' });
    applyOp(a, { op: 'addAnnotation', id: 'heart', key: 'synonym', value: { value: 'cor', lang: 'la' } });
    applyOp(b, { op: 'addAnnotation', id: 'heart', key: 'synonym', value: { value: 'cardiac organ', scope: 'RELATED' } });
    applyOp(b, { op: 'addAnnotation', key: 'comment', value: { value: 'ontology-level' } });
    sync(a, b);
    const merged = docToOntology(a);
    expect(canonicalJson(docToOntology(b))).toBe(canonicalJson(merged));
    expect(merged.objectTypes.heart?.supertypes).toEqual(['organ', 'thing']);
    expect(merged.objectTypes.heart?.annotations?.synonym?.map((v) => v.value)).toEqual(['cardiac organ', 'cor']);
    expect(merged.annotations?.comment).toEqual([{ value: 'ontology-level' }]);
  });

  it('a remove deletes exactly the value it names; a concurrent add of another value survives', () => {
    const [a, b] = replicas(parseOntology(rich));
    applyOp(a, { op: 'removeAnnotation', id: 'organ', key: 'synonym', value: { value: 'body organ', scope: 'RELATED', kind: 'literal' } });
    applyOp(b, { op: 'addAnnotation', id: 'organ', key: 'synonym', value: { value: 'viscus', lang: 'la' } });
    applyOp(a, { op: 'removeFromSet', id: 'organ', field: 'supertypes', value: 'thing' });
    sync(a, b);
    const organ = docToOntology(a).objectTypes.organ;
    expect(organ?.annotations?.synonym?.map((v) => v.value)).toEqual(['organum', 'viscus']);
    expect(organ?.supertypes).toBeUndefined();
  });

  it('set on a whole field (annotations, supertypes) is diffed member-wise and validated', () => {
    const doc = ontologyToDoc(parseOntology(rich));
    setField(doc, { id: 'organ' }, 'annotations', { definition: [{ value: 'New definition.' }] });
    setField(doc, { id: 'heart' }, 'supertypes', ['thing']);
    const o = docToOntology(doc);
    expect(o.objectTypes.organ?.annotations).toEqual({ definition: [{ value: 'New definition.' }] });
    expect(o.objectTypes.heart?.supertypes).toEqual(['thing']);
    expect(() => setField(doc, { id: 'organ' }, 'supertypes', ['not an id!'])).toThrow(ModelError);
    expect(() => applyOp(doc, { op: 'addToSet', id: 'organ', field: 'supertypes', value: 'http://x.org/A' })).toThrow(/invalid supertypes member/);
    expect(() => applyOp(doc, { op: 'addAnnotation', id: 'organ', key: 'synonym', value: { value: 'x', scope: 'WIDE' } })).toThrow(ModelError);
    expect(() => applyOp(doc, { op: 'addToSet', id: 'thingId', parentId: 'thing', field: 'supertypes', value: 'organ' })).toThrow(/not an id set/);
  });

  it('an annotation key `constructor` stays a plain key; `__proto__` is refused as an edit', () => {
    const doc = ontologyToDoc(parseOntology(base));
    expect(() => applyOp(doc, { op: 'addAnnotation', id: 'organ', key: '__proto__', value: { value: 'p' } })).toThrow(/reserved|invalid annotation key/);
    applyOp(doc, { op: 'addAnnotation', id: 'organ', key: 'constructor', value: { value: 'c' } });
    const annotations = docToOntology(doc).objectTypes.organ?.annotations ?? {};
    expect(Object.keys(annotations)).toEqual(['constructor']);
    expect(Object.getPrototypeOf(annotations)).toBe(Object.prototype);
  });

  it('a malformed member key from a peer is DOC_INVALID when strict and drops the element when lenient', () => {
    const doc = ontologyToDoc(parseOntology(base));
    const organ = doc.getMap<Y.Map<unknown>>(ENTITIES_MAP).get('organ') as Y.Map<unknown>;
    organ.set('annotations\u001fnot json', { value: 'x' });
    expect(() => readDoc(doc)).toThrow(expect.objectContaining({ code: 'DOC_INVALID' }));
    const lenient = readDoc(doc, { lenient: true });
    expect(lenient.dropped).toEqual(['organ']);
  });
});
