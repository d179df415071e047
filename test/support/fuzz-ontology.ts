/**
 * fast-check arbitraries of shape-valid ontologies whose references are drawn from a tiny id pool,
 * so dangling references, wrong kinds, duplicate ids, cycles and name clashes are all frequent.
 * Shared by the validate fuzz test and the incremental-validation property test.
 */
import fc from 'fast-check';
import { PRIMITIVE_TYPES, type BaseType, type Collection } from '../../core/model';

export const id = fc.constantFrom('a', 'b', 'c', 'constructor', 'toString');
const optId = fc.option(id, { nil: undefined });
export const name = fc.constantFrom('Foo', 'foo', 'FOO', 'bar', 'Bar_baz', 'x1', 'Élan');
const status = fc.constantFrom('active', 'deprecated', 'experimental');
const order = fc.constantFrom('a', 'b', 'V');
const { baseType } = fc.letrec<{ baseType: BaseType }>((tie) => ({
  baseType: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...PRIMITIVE_TYPES).map((type) => ({ type })),
    fc.integer({ min: 1, max: 4 }).map((dimension) => ({ type: 'vector' as const, dimension })),
    tie('baseType').map((items) => ({ type: 'array' as const, items })),
    id.map((structTypeId) => ({ type: 'struct' as const, structTypeId })),
  ),
}));
const annotationValue = fc.record({
  value: fc.string({ maxLength: 3 }), lang: fc.constantFrom('en', 'en-GB', 'en_GB', '', 'x-y-z'), kind: fc.constantFrom('literal', 'iri'),
  datatype: fc.constantFrom('http://www.w3.org/2001/XMLSchema#string'), scope: fc.constantFrom('EXACT', 'RELATED'), xrefs: fc.array(fc.string({ maxLength: 2 }), { maxLength: 2 }),
}, { requiredKeys: ['value'] });
export const annotations = fc.option(fc.dictionary(fc.constantFrom('', ' ', 'synonym', 'http://x.org/a', 'constructor'), fc.array(annotationValue, { maxLength: 2 }), { maxKeys: 2 }), { nil: undefined });
/** Ids and IRIs, as equivalentTo/disjointWith/subPropertyOf take. */
const refs = fc.option(fc.array(fc.oneof(id, fc.constant('http://x.org/C')), { maxLength: 2 }), { nil: undefined });
const named = { apiName: name, status, annotations };
const dict = <T>(value: fc.Arbitrary<T>): fc.Arbitrary<Record<string, T>> => fc.dictionary(id, value, { maxKeys: 3 });
const rule = fc.oneof(
  fc.record({ kind: fc.constant('createObject'), order, objectTypeId: id, values: dict(id) }),
  fc.record({ kind: fc.constant('modifyObject'), order, objectTypeId: id, objectParameterId: optId, values: dict(id) }),
  fc.record({ kind: fc.constant('deleteObject'), order, objectTypeId: id, objectParameterId: optId }),
  fc.record({ kind: fc.constantFrom('createLink', 'deleteLink'), order, linkTypeId: id }),
);

/** One top-level element of each collection (raw: parse an ontology holding it before use). */
export const elements: Record<Collection, fc.Arbitrary<Record<string, unknown>>> = {
  objectTypes: fc.record({
    ...named, primaryKey: optId, titleKey: optId, implements: fc.array(id, { maxLength: 2 }),
    supertypes: fc.option(fc.array(id, { maxLength: 2 }), { nil: undefined }), equivalentTo: refs, disjointWith: refs,
    properties: dict(fc.record({ ...named, baseType, valueTypeId: optId, sharedPropertyId: optId, required: fc.boolean(), pii: fc.constantFrom('none', 'personal', 'sensitive'), order, subPropertyOf: refs })),
  }),
  linkTypes: fc.record({ ...named, fromObjectTypeId: id, toObjectTypeId: id, cardinality: fc.constantFrom('ONE_TO_ONE', 'ONE_TO_MANY', 'MANY_TO_ONE', 'MANY_TO_MANY'), foreignKeyPropertyId: optId,
    minCardinality: fc.option(fc.nat(3), { nil: undefined }), maxCardinality: fc.option(fc.nat(3), { nil: undefined }), subPropertyOf: refs }),
  interfaces: fc.record({ ...named, extends: fc.array(id, { maxLength: 2 }), properties: fc.array(id, { maxLength: 2 }) }),
  sharedProperties: fc.record({ ...named, baseType, valueTypeId: optId, pii: fc.constantFrom('none', 'personal', 'sensitive') }),
  valueTypes: fc.record({
    ...named, baseType,
    constraints: fc.record({
      regex: fc.constantFrom('^[a-z]+$', '(', '[', 'a{2,1}', '\\p{L}+'),
      min: fc.integer({ min: -3, max: 3 }), max: fc.integer({ min: -3, max: 3 }),
      minLength: fc.nat(4), maxLength: fc.nat(4),
      enum: fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.double({ noNaN: true, noDefaultInfinity: true })), { maxLength: 3 }),
    }, { requiredKeys: [] }),
  }),
  structTypes: fc.record({ ...named, fields: dict(fc.record({ ...named, baseType, required: fc.boolean(), order })) }),
  actionTypes: fc.record({
    ...named,
    parameters: dict(fc.record({ ...named, baseType, objectTypeId: optId, required: fc.boolean(), order })),
    rules: dict(rule),
  }),
};

/** A raw ontology (parse it before use) of up to three elements per collection. */
export const ontology = fc.record({
  format: fc.constant('oms/1'),
  name: fc.constant('Fuzz'),
  objectTypes: dict(elements.objectTypes),
  linkTypes: dict(elements.linkTypes),
  interfaces: dict(elements.interfaces),
  sharedProperties: dict(elements.sharedProperties),
  valueTypes: dict(elements.valueTypes),
  structTypes: dict(elements.structTypes),
  actionTypes: dict(elements.actionTypes),
});
