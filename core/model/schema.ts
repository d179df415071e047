/**
 * The domain model of DESIGN.md §2 as zod schemas; every TypeScript type is derived from them.
 * Schemas check *shape* only. Meaning (unique names, references, cycles, constraints) is the job
 * of core/validate, so a structurally valid but semantically broken ontology can still be loaded,
 * shown and repaired instead of being refused at the door.
 */
import { z } from 'zod';
import { Annotations } from './annotations';
import { ID_PATTERN } from './ids';

export const FORMAT_TAG = 'oms/1';

export const Id = z.string().regex(ID_PATTERN, 'ids are 1-80 characters of A-Z a-z 0-9 _ . -');
export const ApiName = z.string().min(1).max(100);
export const Status = z.enum(['experimental', 'active', 'deprecated']);
export const Pii = z.enum(['none', 'personal', 'sensitive']);
export const Cardinality = z.enum(['ONE_TO_ONE', 'ONE_TO_MANY', 'MANY_TO_ONE', 'MANY_TO_MANY']);
/** Fractional order key: siblings sort by this string, so a move is one field change. */
export const OrderKey = z.string().min(1).max(200);

export const PRIMITIVE_TYPES = [
  'string', 'integer', 'long', 'double', 'decimal', 'boolean', 'date', 'timestamp',
  'geopoint', 'geoshape', 'attachment',
] as const;
export const PrimitiveTypeName = z.enum(PRIMITIVE_TYPES);

export type BaseType =
  | { type: z.infer<typeof PrimitiveTypeName> }
  | { type: 'vector'; dimension: number }
  | { type: 'array'; items: BaseType }
  | { type: 'struct'; structTypeId: string };

export const BaseType: z.ZodType<BaseType> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: PrimitiveTypeName }),
    z.strictObject({ type: z.literal('vector'), dimension: z.number().int().min(1).max(65_536) }),
    z.strictObject({ type: z.literal('array'), items: BaseType }),
    z.strictObject({ type: z.literal('struct'), structTypeId: Id }),
  ]),
);

/**
 * A reference that is either an element id of this ontology or an IRI outside it. Ids never contain
 * ':' (ID_PATTERN) and absolute IRIs always do (the scheme), so the two never collide: `isIriRef`.
 */
export const IdOrIri = z.string().min(1).max(2000);
/** Sets of ids or IRIs (supertypes, equivalentTo, disjointWith, subPropertyOf): optional, absent when empty in canonical form. */
const refSet = z.array(IdOrIri).optional();

/**
 * Fields every named element carries. `iri` keeps the origin of imported RDF so export round-trips.
 * `annotations` is optional rather than defaulted so that elements without any keep the exact
 * canonical bytes (and content hashes) they had before annotations existed.
 */
const named = {
  apiName: ApiName,
  displayName: z.string().max(200).default(''),
  description: z.string().max(100_000).default(''),
  status: Status.default('active'),
  iri: z.string().optional(),
  annotations: Annotations.optional(),
};

export const Property = z.strictObject({
  ...named,
  baseType: BaseType,
  valueTypeId: Id.optional(),
  /** The shared property this property realises (for interfaces that require it). */
  sharedPropertyId: Id.optional(),
  required: z.boolean().default(false),
  pii: Pii.default('none'),
  order: OrderKey,
  /** Properties (or shared properties) this one specialises: ids, or IRIs of outside properties (rdfs:subPropertyOf). */
  subPropertyOf: refSet,
});

export const ObjectType = z.strictObject({
  ...named,
  pluralDisplayName: z.string().max(200).default(''),
  icon: z.string().max(100).optional(),
  color: z.string().max(32).optional(),
  /** Property id of the primary key. Optional in shape so validation can report it missing. */
  primaryKey: Id.optional(),
  titleKey: Id.optional(),
  properties: z.record(Id, Property).default({}),
  implements: z.array(Id).default([]),
  /**
   * Object type ids this type specialises (several allowed, acyclic). A subtype inherits their
   * properties and implemented interfaces (see hierarchy.ts) and their primary key: it declares
   * none of its own, or exactly the inherited one.
   */
  supertypes: z.array(Id).optional(),
  /** owl:equivalentClass: object type ids, or IRIs of classes outside the ontology. Kept, not reasoned with. */
  equivalentTo: refSet,
  /** owl:disjointWith: object type ids or IRIs; no object may be of both types. */
  disjointWith: refSet,
});

/** The OWL restriction a link type was read from (or is exported as) on its `from` class. */
export const Restriction = z.strictObject({
  quantifier: z.enum(['some', 'only', 'min', 'max', 'exactly', 'value']),
  /** IRI of the OWL object property the restriction is on (absent: the link type's own `iri`). */
  property: z.string().min(1).max(2000).optional(),
  /** A qualified cardinality restriction (owl:onClass = the link's `to` type). */
  qualified: z.boolean().optional(),
  /** For quantifier 'value' (owl:hasValue): the individual's IRI or the literal. */
  value: z.string().max(100_000).optional(),
  /** E2 (OWL interop): datatype IRI of the cardinality literal when the source did not use xsd:nonNegativeInteger (QUDT writes xsd:integer), so a re-export writes the same literal. */
  datatype: z.string().min(1).max(2000).optional(),
});

export const LinkType = z.strictObject({
  ...named,
  fromObjectTypeId: Id,
  toObjectTypeId: Id,
  cardinality: Cardinality,
  /** How the link reads from each end, e.g. Flight → "aircraft", Aircraft → "flights". */
  fromDisplayName: z.string().max(200).default(''),
  toDisplayName: z.string().max(200).default(''),
  /**
   * Property that stores the other end's primary key. It lives on the "many" end:
   * on `from` for MANY_TO_ONE, on `to` for ONE_TO_MANY, on either for ONE_TO_ONE; never for MANY_TO_MANY.
   */
  foreignKeyPropertyId: Id.optional(),
  /**
   * How many `to` objects one `from` object has at least / at most (OWL min/max/exactCardinality).
   * Required-ness is minCardinality ≥ 1. Validation keeps them consistent with `cardinality`:
   * a *_TO_ONE link has at most one `to`, so maxCardinality ≤ 1 there.
   */
  minCardinality: z.number().int().min(0).optional(),
  maxCardinality: z.number().int().min(0).optional(),
  restriction: Restriction.optional(),
  /** E2 (OWL interop): IRI of the owl:inverseOf property, the link read from `to` to `from` (its label is toDisplayName). */
  inverseIri: z.string().min(1).max(2000).optional(),
  /** Link types (ids) or IRIs of object properties this one specialises (rdfs:subPropertyOf). */
  subPropertyOf: refSet,
});

export const Interface = z.strictObject({
  ...named,
  extends: z.array(Id).default([]),
  /** Shared property ids an implementing object type must carry. */
  properties: z.array(Id).default([]),
});

export const SharedProperty = z.strictObject({
  ...named,
  baseType: BaseType,
  valueTypeId: Id.optional(),
  required: z.boolean().default(false),
  pii: Pii.default('none'),
  /** Shared properties (ids) or IRIs this one specialises (rdfs:subPropertyOf). */
  subPropertyOf: refSet,
});

export const Constraints = z.strictObject({
  regex: z.string().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  minLength: z.number().int().min(0).optional(),
  maxLength: z.number().int().min(0).optional(),
  enum: z.array(z.union([z.string(), z.number()])).optional(),
});

export const ValueType = z.strictObject({
  ...named,
  baseType: BaseType,
  constraints: Constraints.default({}),
});

export const StructField = z.strictObject({
  ...named,
  baseType: BaseType,
  required: z.boolean().default(false),
  order: OrderKey,
});

export const StructType = z.strictObject({
  ...named,
  fields: z.record(Id, StructField).default({}),
});

export const ActionParameter = z.strictObject({
  ...named,
  baseType: BaseType,
  /** Set when the parameter picks an existing object of this type. */
  objectTypeId: Id.optional(),
  required: z.boolean().default(false),
  order: OrderKey,
});

const valueMapping = z.record(Id, Id).default({}); // property id → parameter id

export const ActionRule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('createObject'), order: OrderKey, objectTypeId: Id, values: valueMapping }),
  z.strictObject({ kind: z.literal('modifyObject'), order: OrderKey, objectTypeId: Id, objectParameterId: Id.optional(), values: valueMapping }),
  z.strictObject({ kind: z.literal('deleteObject'), order: OrderKey, objectTypeId: Id, objectParameterId: Id.optional() }),
  z.strictObject({ kind: z.literal('createLink'), order: OrderKey, linkTypeId: Id }),
  z.strictObject({ kind: z.literal('deleteLink'), order: OrderKey, linkTypeId: Id }),
]);

export const ActionType = z.strictObject({
  ...named,
  parameters: z.record(Id, ActionParameter).default({}),
  rules: z.record(Id, ActionRule).default({}),
});

export const Ontology = z.strictObject({
  format: z.literal(FORMAT_TAG),
  name: z.string().min(1).max(200),
  description: z.string().max(100_000).default(''),
  /** Annotations on the ontology itself (owl:Ontology header: versionInfo, license, creator, …). */
  annotations: Annotations.optional(),
  /** Free-form metadata kept for round-trips (e.g. `baseIri`, RDF prefixes). */
  meta: z.record(z.string(), z.string()).default({}),
  objectTypes: z.record(Id, ObjectType).default({}),
  linkTypes: z.record(Id, LinkType).default({}),
  interfaces: z.record(Id, Interface).default({}),
  sharedProperties: z.record(Id, SharedProperty).default({}),
  valueTypes: z.record(Id, ValueType).default({}),
  structTypes: z.record(Id, StructType).default({}),
  actionTypes: z.record(Id, ActionType).default({}),
});

export type Status = z.infer<typeof Status>;
export type Pii = z.infer<typeof Pii>;
export type Cardinality = z.infer<typeof Cardinality>;
export type PrimitiveTypeName = z.infer<typeof PrimitiveTypeName>;
export type Property = z.infer<typeof Property>;
export type ObjectType = z.infer<typeof ObjectType>;
export type LinkType = z.infer<typeof LinkType>;
export type Restriction = z.infer<typeof Restriction>;
export type Interface = z.infer<typeof Interface>;
export type SharedProperty = z.infer<typeof SharedProperty>;
export type Constraints = z.infer<typeof Constraints>;
export type ValueType = z.infer<typeof ValueType>;
export type StructField = z.infer<typeof StructField>;
export type StructType = z.infer<typeof StructType>;
export type ActionParameter = z.infer<typeof ActionParameter>;
export type ActionRule = z.infer<typeof ActionRule>;
export type ActionType = z.infer<typeof ActionType>;
export type Ontology = z.infer<typeof Ontology>;
/** What a user may write in a file: defaults not yet applied. */
export type OntologyInput = z.input<typeof Ontology>;

/** The seven top-level collections; each holds elements keyed by id. */
export const COLLECTIONS = [
  'objectTypes', 'linkTypes', 'interfaces', 'sharedProperties', 'valueTypes', 'structTypes', 'actionTypes',
] as const;
export type Collection = (typeof COLLECTIONS)[number];

export type TopLevelKind = 'objectType' | 'linkType' | 'interface' | 'sharedProperty' | 'valueType' | 'structType' | 'actionType';
export type NestedKind = 'property' | 'structField' | 'actionParameter' | 'actionRule';
export type ElementKind = TopLevelKind | NestedKind;

export const KIND_OF_COLLECTION: Record<Collection, TopLevelKind> = {
  objectTypes: 'objectType',
  linkTypes: 'linkType',
  interfaces: 'interface',
  sharedProperties: 'sharedProperty',
  valueTypes: 'valueType',
  structTypes: 'structType',
  actionTypes: 'actionType',
};
export const COLLECTION_OF_KIND: Record<TopLevelKind, Collection> = {
  objectType: 'objectTypes',
  linkType: 'linkTypes',
  interface: 'interfaces',
  sharedProperty: 'sharedProperties',
  valueType: 'valueTypes',
  structType: 'structTypes',
  actionType: 'actionTypes',
};

/** Nested element maps: parent kind → field holding children keyed by id → child kind. */
export const NESTED: Partial<Record<TopLevelKind, Record<string, NestedKind>>> = {
  objectType: { properties: 'property' },
  structType: { fields: 'structField' },
  actionType: { parameters: 'actionParameter', rules: 'actionRule' },
};

export type TopLevelElement = Ontology[Collection][string];

/** Whether a reference in an id-or-IRI field (IdOrIri) names something outside the ontology. */
export function isIriRef(ref: string): boolean {
  return ref.includes(':');
}
