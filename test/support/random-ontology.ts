/**
 * Seeded generators of ontologies for round-trip, merge, store and benchmark tests.
 *
 * `randomOntology` builds a schema-valid ontology that is also semantically sane: every reference
 * resolves, every object type has a suitable primary key, interfaces are acyclic, implementers
 * realise their interfaces' shared properties, foreign keys sit on the "many" end of their link and
 * apiNames are unique per scope. `mutateOntology` applies random, sanity-preserving edits to a copy
 * and reports which element ids it touched. Same seed → same output, so failures reproduce.
 */
import { rng } from '../bench/lib';
import { TypeHierarchy, orderKeyBetween, type AnnotationValue, type Annotations } from '../../core/model';
import {
  COLLECTIONS, KIND_OF_COLLECTION, canonicalJson, indexElements, initialOrderKeys, nestedElements, ordered, parseOntology, stableStringify,
  type ActionRule, type ActionType, type BaseType, type Cardinality, type Collection, type Interface, type LinkType,
  type ObjectType, type Ontology, type PrimitiveTypeName, type Property, type SharedProperty, type Status,
  type StructType, type ValueType,
} from '../../core/model';

export { rng };

export interface OntologySize {
  objectTypes: number;
  propertiesPerType: number;
  linkTypes?: number;
  interfaces?: number;
  sharedProperties?: number;
  valueTypes?: number;
  structTypes?: number;
  actionTypes?: number;
  /** Probability (0..1) that a description is non-empty; default 0.6. */
  descriptionRate?: number;
  /**
   * Add what real ontologies say beyond the core model: supertypes (multiple, acyclic, keys
   * inherited), equivalentTo/disjointWith, subPropertyOf, annotations on any element, link
   * restrictions and min/max counts. Drawn from a separate random stream, so the rest of the
   * ontology is the same as without it.
   */
  fidelity?: boolean;
}

export const SMALL: OntologySize = { objectTypes: 6, propertiesPerType: 4 };

/** A seeded source of random choices; also used by the fuzz tests to pick operations. */
export class Rand {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = rng(seed);
  }
  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }
  bool(p = 0.5): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }
  /** Up to `n` distinct items in random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < n && copy.length > 0) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0] as T);
    return out;
  }
}

const WORDS = [
  'flight', 'crew', 'airport', 'gate', 'route', 'cargo', 'ticket', 'seat', 'pilot', 'engine', 'part', 'order',
  'invoice', 'patient', 'ward', 'dose', 'supplier', 'batch', 'shipment', 'depot', 'contract', 'region', 'asset', 'sensor',
];
/** Text with multi-byte and astral characters so Y.Text diffs are exercised on surrogate pairs. */
const FLAVOURS = ['', '', '', ' — naïve café', ' 🛫 ✈️', '\nsecond line', ' «quoted»', ' 数据'];
const PRIMITIVES: readonly PrimitiveTypeName[] = ['string', 'integer', 'long', 'double', 'decimal', 'boolean', 'date', 'timestamp', 'geopoint', 'geoshape', 'attachment'];
const KEY_TYPES: readonly PrimitiveTypeName[] = ['string', 'integer', 'long'];
const CARDINALITIES: readonly Cardinality[] = ['ONE_TO_ONE', 'ONE_TO_MANY', 'MANY_TO_ONE', 'MANY_TO_MANY'];
const STATUSES: readonly Status[] = ['experimental', 'active', 'deprecated'];

const cap = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);

/** Builds elements with unique ids and apiNames; shared by generation and mutation. */
class Builder {
  private counter = 0;
  constructor(
    readonly r: Rand,
    private readonly idPrefix: string,
    private readonly taken: Set<string>,
    private readonly descriptionRate = 0.6,
  ) {}

  id(kind: string): string {
    for (;;) {
      const id = `${kind}-${this.idPrefix}-${(this.counter++).toString(36)}`;
      if (!this.taken.has(id)) {
        this.taken.add(id);
        return id;
      }
    }
  }

  words(n: number): string {
    return Array.from({ length: n }, () => this.r.pick(WORDS)).join(' ');
  }

  description(): string {
    if (!this.r.bool(this.descriptionRate)) return '';
    return cap(this.words(this.r.int(2, 8))) + this.r.pick(FLAVOURS) + '.';
  }

  pascal(suffix: number): string {
    return cap(this.r.pick(WORDS)) + cap(this.r.pick(WORDS)) + suffix.toString(36);
  }

  camel(suffix: number): string {
    return this.r.pick(WORDS) + cap(this.r.pick(WORDS)) + suffix.toString(36);
  }

  /** A name from `make` that is not among `taken` (apiNames must be unique per scope). */
  fresh(taken: Iterable<string>, make: (n: number) => string): string {
    // Case-insensitive, like the validator's uniqueness rule.
    const used = new Set([...taken].map((t) => t.toLowerCase()));
    for (let i = 0; ; i++) {
      const name = make(this.r.int(0, 36 ** 3) + i);
      if (!used.has(name.toLowerCase())) return name;
    }
  }

  /** Named-element fields; optional ones only sometimes present, so absence is round-tripped too. */
  named(apiName: string): { apiName: string; displayName: string; description: string; status: Status; iri?: string } {
    const out: { apiName: string; displayName: string; description: string; status: Status; iri?: string } = {
      apiName,
      displayName: this.r.bool(0.7) ? cap(this.words(this.r.int(1, 3))) : '',
      description: this.description(),
      status: this.r.pick(STATUSES),
    };
    if (this.r.bool(0.1)) out.iri = `https://example.org/onto#${apiName}`;
    return out;
  }

  primitive(): BaseType {
    return { type: this.r.pick(PRIMITIVES) };
  }

  /** Any base type whose struct references resolve among `structIds`. */
  baseType(structIds: readonly string[], depth = 0): BaseType {
    const roll = this.r.next();
    if (roll < 0.75 || depth > 1) return this.primitive();
    if (roll < 0.82) return { type: 'vector', dimension: this.r.pick([3, 128, 768, 1536]) };
    if (roll < 0.92 || structIds.length === 0) return { type: 'array', items: this.baseType(structIds, depth + 1) };
    return { type: 'struct', structTypeId: this.r.pick(structIds) };
  }
}

function valueTypeFor(b: Builder, apiName: string): ValueType {
  const kind = b.r.pick(['string', 'integer', 'double'] as const);
  const constraints: ValueType['constraints'] = {};
  if (kind === 'string') {
    if (b.r.bool()) constraints.regex = b.r.pick(['^[A-Z]{3}$', '^[0-9]+$', '^[a-z-]+$']);
    if (b.r.bool()) {
      constraints.minLength = b.r.int(0, 3);
      constraints.maxLength = b.r.int(4, 64);
    }
    // An enum beside a regex would have to match it; keep them apart.
    if (constraints.regex === undefined && b.r.bool(0.3)) constraints.enum = b.r.sample(WORDS, b.r.int(1, 4));
  } else {
    if (b.r.bool()) {
      constraints.min = b.r.int(-10, 0);
      constraints.max = b.r.int(1, 1000);
    }
    if (b.r.bool(0.3)) constraints.enum = [1, 2, 3, 5, 8].slice(0, b.r.int(1, 5));
  }
  return { ...b.named(apiName), baseType: { type: kind }, constraints };
}

interface Context {
  structIds: string[];
  valueTypesByBase: Map<string, string[]>;
  sharedProperties: Record<string, SharedProperty>;
  interfaces: Record<string, Interface>;
}

/** Shared property ids an implementer of `interfaceIds` must realise (ancestors included). */
function requiredSharedProperties(interfaces: Record<string, Interface>, interfaceIds: readonly string[]): string[] {
  const seen = new Set<string>();
  const out = new Set<string>();
  const stack = [...interfaceIds];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const itf = interfaces[id];
    if (!itf) continue;
    for (const p of itf.properties) out.add(p);
    stack.push(...itf.extends);
  }
  return [...out].sort();
}

/** Value type ids by canonical base type, so properties can pick a matching value type cheaply. */
function valueTypesByBaseType(valueTypes: Record<string, ValueType>): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const [id, vt] of Object.entries(valueTypes)) {
    const key = stableStringify(vt.baseType);
    index.set(key, [...(index.get(key) ?? []), id]);
  }
  return index;
}

function property(b: Builder, ctx: Context, apiName: string, order: string): Property {
  const baseType = b.baseType(ctx.structIds);
  const p: Property = { ...b.named(apiName), baseType, required: b.r.bool(0.3), pii: b.r.pick(['none', 'none', 'personal', 'sensitive'] as const), order };
  if (b.r.bool(0.2)) {
    const matching = ctx.valueTypesByBase.get(stableStringify(baseType));
    if (matching) p.valueTypeId = b.r.pick(matching);
  }
  return p;
}

function objectType(b: Builder, ctx: Context, apiName: string, propertyCount: number): { id: string; value: ObjectType } {
  const id = b.id('ot');
  const implementsIds = Object.keys(ctx.interfaces).length > 0 && b.r.bool(0.4) ? b.r.sample(Object.keys(ctx.interfaces), b.r.int(1, 2)) : [];
  const realised = requiredSharedProperties(ctx.interfaces, implementsIds);
  const count = Math.max(propertyCount, 1 + realised.length);
  const keys = initialOrderKeys(count);
  const properties: Record<string, Property> = {};
  const pkId = b.id('p');
  properties[pkId] = { ...b.named(`${b.r.pick(WORDS)}Id`), baseType: { type: b.r.pick(KEY_TYPES) }, required: true, pii: 'none', order: keys[0] as string };
  const names = (): string[] => Object.values(properties).map((p) => p.apiName);
  realised.forEach((spId, i) => {
    const sp = ctx.sharedProperties[spId] as SharedProperty;
    const name = names().some((n) => n.toLowerCase() === sp.apiName.toLowerCase()) ? b.fresh(names(), (k) => `${sp.apiName}${k.toString(36)}`) : sp.apiName;
    properties[b.id('p')] = { ...b.named(name), baseType: sp.baseType, sharedPropertyId: spId, required: sp.required, pii: sp.pii, order: keys[1 + i] as string };
  });
  for (let i = 1 + realised.length; i < count; i++) properties[b.id('p')] = property(b, ctx, b.fresh(names(), (k) => b.camel(k)), keys[i] as string);
  const value: ObjectType = {
    ...b.named(apiName),
    pluralDisplayName: b.r.bool() ? `${apiName}s` : '',
    primaryKey: pkId,
    properties,
    implements: implementsIds,
  };
  if (b.r.bool(0.5)) value.titleKey = b.r.pick(Object.keys(properties));
  if (b.r.bool(0.3)) value.icon = b.r.pick(['plane', 'user', 'box', 'pin']);
  if (b.r.bool(0.3)) value.color = b.r.pick(['#1f77b4', '#ff7f0e', 'teal']);
  return { id, value };
}

/** A link; sometimes with a foreign-key property added to its "many" end (mutates that object type). */
function linkType(b: Builder, objectTypes: Record<string, ObjectType>, ids: readonly string[], apiName: string): { id: string; value: LinkType } {
  const from = b.r.pick(ids);
  const to = b.r.pick(ids);
  const cardinality = b.r.pick(CARDINALITIES);
  const value: LinkType = {
    ...b.named(apiName),
    fromObjectTypeId: from,
    toObjectTypeId: to,
    cardinality,
    fromDisplayName: b.r.bool() ? b.words(1) : '',
    toDisplayName: b.r.bool() ? b.words(1) : '',
  };
  const manyEnd = cardinality === 'MANY_TO_ONE' ? from : cardinality === 'ONE_TO_MANY' ? to : cardinality === 'ONE_TO_ONE' ? b.r.pick([from, to]) : undefined;
  if (manyEnd !== undefined && b.r.bool(0.5)) {
    const holder = objectTypes[manyEnd] as ObjectType;
    const pkType = primaryKeyType(objectTypes, manyEnd === from ? to : from);
    const last = ordered(holder.properties).at(-1)?.[1].order ?? null;
    const fkId = b.id('p');
    const base = `${apiName.charAt(0).toLowerCase()}${apiName.slice(1)}Key`;
    holder.properties[fkId] = {
      ...b.named(b.fresh(namesAround(objectTypes, manyEnd), (k) => (k === 0 ? base : `${base}${k.toString(36)}`))),
      baseType: pkType ?? { type: 'string' }, required: false, pii: 'none', order: orderKeyBetween(last, null),
    };
    value.foreignKeyPropertyId = fkId;
  }
  return { id: b.id('lt'), value };
}

function actionType(b: Builder, objectTypes: Record<string, ObjectType>, otIds: readonly string[], links: readonly string[], apiName: string): { id: string; value: ActionType } {
  const target = b.r.pick(otIds);
  const ot = objectTypes[target] as ObjectType;
  const pkType = primaryKeyType(objectTypes, target) ?? { type: 'string' };
  // Values are written through parameters of the same base type as the property they fill.
  const mapped = b.r.sample(Object.keys(ot.properties), b.r.int(0, 2));
  const keys = initialOrderKeys(mapped.length + 2);
  const parameters: ActionType['parameters'] = {};
  const names: string[] = [];
  const param = (value: Omit<ActionType['parameters'][string], 'apiName' | 'displayName' | 'description' | 'status'>, name: string): string => {
    const pid = b.id('ap');
    const apiName = b.fresh(names, (k) => (k === 0 ? name : `${name}${k.toString(36)}`));
    names.push(apiName);
    parameters[pid] = { ...b.named(apiName), ...value };
    return pid;
  };
  const objectParam = param({ baseType: pkType, objectTypeId: target, required: true, order: keys[0] as string }, 'target');
  const values: Record<string, string> = {};
  mapped.forEach((propId, i) => {
    const prop = ot.properties[propId] as Property;
    values[propId] = param({ baseType: prop.baseType, required: b.r.bool(), order: keys[i + 1] as string }, prop.apiName);
  });
  if (b.r.bool()) param({ baseType: b.primitive(), required: false, order: keys[mapped.length + 1] as string }, 'note');
  const ruleKeys = initialOrderKeys(3);
  const rules: ActionType['rules'] = {};
  const kind = b.r.pick(['createObject', 'modifyObject', 'deleteObject'] as const);
  const first: ActionRule = kind === 'createObject'
    ? { kind, order: ruleKeys[0] as string, objectTypeId: target, values }
    : kind === 'modifyObject'
      ? { kind, order: ruleKeys[0] as string, objectTypeId: target, objectParameterId: objectParam, values }
      : { kind, order: ruleKeys[0] as string, objectTypeId: target, objectParameterId: objectParam };
  rules[b.id('ar')] = first;
  if (links.length > 0 && b.r.bool()) {
    rules[b.id('ar')] = { kind: b.r.pick(['createLink', 'deleteLink'] as const), order: ruleKeys[1] as string, linkTypeId: b.r.pick(links) };
  }
  return { id: b.id('at'), value: { ...b.named(apiName), parameters, rules } };
}

/** Base type of the (possibly inherited) primary key of an object type. */
function primaryKeyType(objectTypes: Record<string, ObjectType>, id: string): BaseType | undefined {
  return new TypeHierarchy(objectTypes).primaryKeyProperty(id)?.property.baseType;
}

/**
 * apiNames a new or renamed property of `id` must avoid: its effective properties (own and
 * inherited) and the own properties of its subtypes, which would otherwise shadow it.
 */
function namesAround(objectTypes: Record<string, ObjectType>, id: string): string[] {
  const ot = objectTypes[id] as ObjectType;
  if (ot.supertypes === undefined && !Object.values(objectTypes).some((o) => o.supertypes !== undefined)) return namesOf(ot.properties);
  const h = new TypeHierarchy(objectTypes);
  // A descendant's effective names include what it gets from its other supertypes.
  return [id, ...h.descendants(id)].flatMap((d) => h.properties(d).map((p) => p.property.apiName));
}

const ANNOTATION_KEYS = ['definition', 'synonym', 'comment', 'xref', 'seeAlso', 'editorialNote', 'http://purl.org/dc/terms/source'] as const;
const LANGS = [undefined, undefined, 'en', 'en-GB', 'de', 'fr', 'la'] as const;

function randomAnnotationValue(r: Rand, key: string): AnnotationValue {
  const v: AnnotationValue = { value: `${r.pick(WORDS)} ${r.pick(WORDS)}${r.pick(FLAVOURS)}` };
  if (key === 'seeAlso' || key === 'http://purl.org/dc/terms/source') return { value: `https://example.org/ref/${r.int(0, 999)}`, kind: 'iri' };
  const lang = r.pick(LANGS);
  if (lang !== undefined) v.lang = lang;
  if (key === 'synonym') v.scope = r.pick(['EXACT', 'BROAD', 'NARROW', 'RELATED'] as const);
  if (key === 'definition' && r.bool(0.5)) v.xrefs = r.sample(['PMID:1', 'PMID:22', 'ISBN:978', 'GOC:x'], r.int(1, 2));
  return v;
}

export function randomAnnotations(r: Rand): Annotations {
  const out: Annotations = {};
  for (const key of r.sample(ANNOTATION_KEYS, r.int(1, 3))) out[key] = Array.from({ length: r.int(1, 3) }, () => randomAnnotationValue(r, key));
  return out;
}

/**
 * Supertypes for some object types (only earlier ones, so acyclic), keeping the ontology sane: a
 * subtype drops its own key (it inherits one), a second supertype is taken only if it has the same
 * key and no same-named property of another type, own properties clashing with inherited names are
 * renamed. Runs before links and actions so their key types see the inherited keys.
 */
function addHierarchy(r: Rand, names: Builder, objectTypes: Record<string, ObjectType>): void {
  const ids = Object.keys(objectTypes);
  for (let i = 1; i < ids.length; i++) {
    if (!r.bool(0.45)) continue;
    const id = ids[i] as string;
    const sub = objectTypes[id] as ObjectType;
    const h = new TypeHierarchy(objectTypes);
    const first = r.pick(ids.slice(0, i));
    const parents = [first];
    const second = r.pick(ids.slice(0, i));
    const byName = (x: string): Map<string, string> => new Map(h.properties(x).map((p) => [p.property.apiName.toLowerCase(), p.id]));
    const firstNames = byName(first);
    if (second !== first && r.bool(0.35) && h.primaryKey(second).propertyId === h.primaryKey(first).propertyId
      && [...byName(second)].every(([n, pid]) => firstNames.get(n) === undefined || firstNames.get(n) === pid)) parents.push(second);
    sub.supertypes = parents;
    delete sub.primaryKey;
    // Ancestors' own properties, not inheritedProperties(): that one already hides the names `sub` shadows.
    const inherited = new TypeHierarchy(objectTypes).ancestors(id).flatMap((a) => namesOf((objectTypes[a] as ObjectType).properties));
    for (const p of Object.values(sub.properties)) {
      if (inherited.some((n) => n.toLowerCase() === p.apiName.toLowerCase())) p.apiName = names.fresh([...inherited, ...namesOf(sub.properties)], (k) => names.camel(k));
    }
    if (r.bool(0.2)) sub.equivalentTo = [`https://example.org/ext#${sub.apiName}`];
  }
  // Disjointness only between unrelated types.
  const h = new TypeHierarchy(objectTypes);
  for (const id of ids) {
    if (!r.bool(0.15)) continue;
    const other = r.pick(ids);
    if (!h.isSubtypeOf(id, other) && !h.isSubtypeOf(other, id)) (objectTypes[id] as ObjectType).disjointWith = [other];
  }
}

/** Annotations on about a third of all elements, restrictions and counts on some links. */
function decorate(r: Rand, o: Pick<Ontology, Collection | 'annotations'>): void {
  const maybe = (e: { annotations?: Annotations | undefined }): void => {
    if (r.bool(0.35)) e.annotations = randomAnnotations(r);
  };
  maybe(o);
  for (const [, e] of annotatable(o)) maybe(e);
  for (const lt of Object.values(o.linkTypes)) {
    if (!r.bool(0.4)) continue;
    const toOne = lt.cardinality === 'ONE_TO_ONE' || lt.cardinality === 'MANY_TO_ONE';
    lt.minCardinality = r.int(0, 1);
    if (toOne) lt.maxCardinality = 1;
    lt.restriction = { quantifier: toOne ? 'max' : r.pick(['some', 'only'] as const), property: `https://example.org/onto#${lt.apiName}` };
  }
}

/** A seeded, schema-valid, semantically sane ontology in canonical shape. */
export function randomOntology(seed: number, size: OntologySize = SMALL): Ontology {
  const r = new Rand(seed);
  const b = new Builder(r, (seed >>> 0).toString(36), new Set(), size.descriptionRate ?? 0.6);
  const n = size.objectTypes;
  const count = (given: number | undefined, fallback: number): number => given ?? Math.max(1, Math.round(fallback));

  const structTypes: Record<string, StructType> = {};
  for (let i = 0; i < count(size.structTypes, n / 10); i++) {
    const k = r.int(1, 4);
    const keys = initialOrderKeys(k);
    const fields: StructType['fields'] = {};
    for (let j = 0; j < k; j++) fields[b.id('sf')] = { ...b.named(b.camel(j)), baseType: b.primitive(), required: r.bool(), order: keys[j] as string };
    structTypes[b.id('st')] = { ...b.named(b.pascal(i)), fields };
  }
  const valueTypes: Record<string, ValueType> = {};
  for (let i = 0; i < count(size.valueTypes, n / 5); i++) valueTypes[b.id('vt')] = valueTypeFor(b, b.pascal(i));
  const ctx: Context = { structIds: Object.keys(structTypes), valueTypesByBase: valueTypesByBaseType(valueTypes), sharedProperties: {}, interfaces: {} };
  for (let i = 0; i < count(size.sharedProperties, n / 5); i++) {
    const sp: SharedProperty = { ...b.named(b.camel(i)), baseType: b.primitive(), required: r.bool(0.3), pii: r.pick(['none', 'personal'] as const) };
    ctx.sharedProperties[b.id('sp')] = sp;
  }
  const spIds = Object.keys(ctx.sharedProperties);
  for (let i = 0; i < count(size.interfaces, n / 10); i++) {
    // Extending only earlier interfaces keeps the inheritance graph acyclic by construction.
    const earlier = Object.keys(ctx.interfaces);
    ctx.interfaces[b.id('if')] = {
      ...b.named(b.pascal(i)),
      extends: earlier.length > 0 && r.bool(0.4) ? r.sample(earlier, r.int(1, 2)) : [],
      properties: r.sample(spIds, r.int(0, 2)),
    };
  }
  const objectTypes: Record<string, ObjectType> = {};
  for (let i = 0; i < n; i++) {
    const { id, value } = objectType(b, ctx, b.pascal(i), size.propertiesPerType);
    objectTypes[id] = value;
  }
  const fidelity = size.fidelity ? new Rand(seed ^ 0x2545f491) : undefined;
  if (fidelity) addHierarchy(fidelity, new Builder(fidelity, `h${(seed >>> 0).toString(36)}`, new Set(), 0), objectTypes);
  const otIds = Object.keys(objectTypes);
  const linkTypes: Record<string, LinkType> = {};
  if (n > 0) {
    for (let i = 0; i < count(size.linkTypes, n / 2); i++) {
      const { id, value } = linkType(b, objectTypes, otIds, b.camel(i));
      linkTypes[id] = value;
    }
  }
  const actionTypes: Record<string, ActionType> = {};
  if (n > 0) {
    const linkIds = Object.keys(linkTypes);
    for (let i = 0; i < count(size.actionTypes, n / 10); i++) {
      const { id, value } = actionType(b, objectTypes, otIds, linkIds, b.pascal(i));
      actionTypes[id] = value;
    }
  }
  const meta: Record<string, string> = r.bool() ? { baseIri: `https://example.org/${seed}#` } : {};
  const extras: Pick<Ontology, 'annotations'> = {};
  if (fidelity) decorate(fidelity, Object.assign(extras, { objectTypes, linkTypes, interfaces: ctx.interfaces, sharedProperties: ctx.sharedProperties, valueTypes, structTypes, actionTypes }));
  return parseOntology({
    ...(extras.annotations ? { annotations: extras.annotations } : {}),
    format: 'oms/1',
    name: `Random ${seed}`,
    description: b.description(),
    meta,
    objectTypes, linkTypes, interfaces: ctx.interfaces, sharedProperties: ctx.sharedProperties,
    valueTypes, structTypes, actionTypes,
  });
}

export interface Change {
  op: string;
  id: string;
}

export interface Mutation {
  ontology: Ontology;
  /** Sorted ids of every element (top-level or nested) added, removed or with a changed own field. */
  touched: string[];
  /** The edits as performed (an edit may be a no-op, e.g. a rename to an equal display name). */
  changes: Change[];
}

function allIds(o: Ontology): Set<string> {
  const ids = new Set<string>();
  for (const c of COLLECTIONS) {
    for (const [id, el] of Object.entries(o[c])) {
      ids.add(id);
      for (const cid of nestedIds(el)) ids.add(cid);
    }
  }
  return ids;
}

function namesOf(elements: Record<string, { apiName: string }>): string[] {
  return Object.values(elements).map((e) => e.apiName);
}

/** Referenced id → ids of the elements (nested where applicable) holding a reference to it. */
function referenceHolders(o: Ontology): Map<string, Set<string>> {
  const holders = new Map<string, Set<string>>();
  const add = (target: string, holder: string): void => {
    const set = holders.get(target) ?? new Set<string>();
    set.add(target === holder ? target : holder);
    holders.set(target, set);
  };
  // Ids appear as map keys (element maps, action `values` keys) and as reference strings; nothing else
  // in generated data looks like an id, so every other string value equal to an id is a reference.
  const walk = (value: unknown, holder: string, key: string): void => {
    if (typeof value === 'string') add(value, holder);
    else if (Array.isArray(value)) for (const v of value) walk(v, holder, key);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (key === 'values') add(k, holder);
        if (k === 'description' || k === 'apiName' || k === 'displayName') continue;
        walk(v, holder, k);
      }
    }
  };
  for (const c of COLLECTIONS) {
    for (const [id, el] of Object.entries(o[c])) {
      for (const [field, v] of Object.entries(el)) {
        if (NESTED_FIELDS.includes(field) && v && typeof v === 'object' && !Array.isArray(v)) {
          for (const [cid, child] of Object.entries(v)) walk(child, cid, '');
        } else walk(v, id, field);
      }
    }
  }
  return holders;
}

const NESTED_FIELDS = ['properties', 'fields', 'parameters', 'rules'];

function nestedIds(el: object): string[] {
  return NESTED_FIELDS.flatMap((f) => {
    const ch = (el as Record<string, unknown>)[f];
    return ch && typeof ch === 'object' && !Array.isArray(ch) ? Object.keys(ch) : [];
  });
}

/** Whether removing the elements `ids` would leave a dangling reference from outside them. */
function referencedFromOutside(holders: Map<string, Set<string>>, ids: readonly string[]): boolean {
  const inside = new Set(ids);
  return ids.some((id) => [...(holders.get(id) ?? [])].some((h) => !inside.has(h)));
}

/**
 * A changed copy of `o` after `nChanges` random edits that keep it semantically sane
 * (removals only of unreferenced elements; new elements get fresh ids seeded by `seed`).
 */
export function mutateOntology(o: Ontology, seed: number, nChanges: number, options: { fidelity?: boolean } = {}): Mutation {
  const out = structuredClone(o);
  const r = new Rand(seed ^ 0x5bd1e995);
  const b = new Builder(r, `m${(seed >>> 0).toString(36)}`, allIds(out), 0.6);
  const changes: Change[] = [];
  const ots = (): string[] => Object.keys(out.objectTypes);
  const ctx = (): Context => ({ structIds: Object.keys(out.structTypes), valueTypesByBase: valueTypesByBaseType(out.valueTypes), sharedProperties: out.sharedProperties, interfaces: out.interfaces });
  const nonEmpty = (c: Collection): string[] => Object.keys(out[c]);

  const edits: Array<() => Change | undefined> = [
    () => { // rename a top-level element
      const c = r.pick(COLLECTIONS.filter((x) => nonEmpty(x).length > 0));
      if (!c) return undefined;
      const id = r.pick(nonEmpty(c));
      const el = out[c][id] as { apiName: string };
      const pascal = c === 'objectTypes' || c === 'interfaces' || c === 'valueTypes' || c === 'structTypes' || c === 'actionTypes';
      el.apiName = b.fresh(namesOf(out[c]), (k) => (pascal ? b.pascal(k) : b.camel(k)));
      return { op: 'rename', id };
    },
    () => { // rename a property
      const otId = r.pick(ots());
      const ot = out.objectTypes[otId] as ObjectType;
      if (Object.keys(ot.properties).length === 0) return undefined;
      const pid = r.pick(Object.keys(ot.properties));
      (ot.properties[pid] as Property).apiName = b.fresh(namesAround(out.objectTypes, otId), (k) => b.camel(k));
      return { op: 'renameProperty', id: pid };
    },
    () => { // add a property at a random position
      const otId = r.pick(ots());
      const ot = out.objectTypes[otId] as ObjectType;
      const list = ordered(ot.properties);
      const at = r.int(0, list.length);
      const [lo, hi] = [list[at - 1]?.[1].order ?? null, list[at]?.[1].order ?? null];
      if (lo !== null && lo === hi) return undefined; // tied keys (concurrent inserts): no room between
      const order = orderKeyBetween(lo, hi);
      const pid = b.id('p');
      ot.properties[pid] = property(b, ctx(), b.fresh(namesAround(out.objectTypes, otId), (k) => b.camel(k)), order);
      return { op: 'addProperty', id: pid };
    },
    () => { // remove an unreferenced property
      const ot = out.objectTypes[r.pick(ots())] as ObjectType;
      const holders = referenceHolders(out);
      const candidates = Object.keys(ot.properties).filter((pid) => !referencedFromOutside(holders, [pid]) && !ot.properties[pid]?.sharedPropertyId);
      if (candidates.length === 0) return undefined;
      const pid = r.pick(candidates);
      delete ot.properties[pid];
      return { op: 'removeProperty', id: pid };
    },
    () => { // change a free property's base type
      const ot = out.objectTypes[r.pick(ots())] as ObjectType;
      const holders = referenceHolders(out);
      const candidates = Object.entries(ot.properties).filter(([pid, p]) => !p.sharedPropertyId && !p.valueTypeId && !referencedFromOutside(holders, [pid]));
      if (candidates.length === 0) return undefined;
      const [pid, p] = r.pick(candidates);
      p.baseType = b.baseType(Object.keys(out.structTypes));
      return { op: 'changeBaseType', id: pid };
    },
    () => { // toggle required on a free property
      const ot = out.objectTypes[r.pick(ots())] as ObjectType;
      const candidates = Object.entries(ot.properties).filter(([pid, p]) => !p.sharedPropertyId && pid !== ot.primaryKey);
      if (candidates.length === 0) return undefined;
      const [pid, p] = r.pick(candidates);
      p.required = !p.required;
      return { op: 'toggleRequired', id: pid };
    },
    () => { // edit a description (insert words at a random point, or clear it)
      const c = r.pick(COLLECTIONS.filter((x) => nonEmpty(x).length > 0));
      const id = r.pick(nonEmpty(c));
      const el = out[c][id] as { description: string };
      if (r.bool(0.15)) el.description = '';
      else {
        const at = r.int(0, el.description.length);
        const safe = /[\uDC00-\uDFFF]/.test(el.description.charAt(at)) ? at - 1 : at;
        el.description = `${el.description.slice(0, safe)} ${b.words(2)} ${el.description.slice(safe)}`;
      }
      return { op: 'editDescription', id };
    },
    () => { // change display name and status
      const c = r.pick(COLLECTIONS.filter((x) => nonEmpty(x).length > 0));
      const id = r.pick(nonEmpty(c));
      const el = out[c][id] as { displayName: string; status: Status };
      el.displayName = cap(b.words(r.int(1, 3)));
      el.status = r.pick(STATUSES);
      return { op: 'changeDisplay', id };
    },
    () => { // move a property between two neighbours
      const ot = out.objectTypes[r.pick(ots())] as ObjectType;
      const list = ordered(ot.properties);
      if (list.length < 2) return undefined;
      const [pid] = r.pick(list);
      const rest = list.filter(([id]) => id !== pid);
      const at = r.int(0, rest.length);
      const [lo, hi] = [rest[at - 1]?.[1].order ?? null, rest[at]?.[1].order ?? null];
      if (lo !== null && lo === hi) return undefined;
      (ot.properties[pid] as Property).order = orderKeyBetween(lo, hi);
      return { op: 'moveProperty', id: pid };
    },
    () => { // add a link type
      const { id, value } = linkType(b, out.objectTypes, ots(), b.fresh(namesOf(out.linkTypes), (k) => b.camel(k)));
      out.linkTypes[id] = value;
      return { op: 'addLink', id };
    },
    () => { // remove an unreferenced top-level element (link, value type, object type, ...)
      const c = r.pick(COLLECTIONS);
      const holders = referenceHolders(out);
      const candidates = nonEmpty(c).filter((id) => !referencedFromOutside(holders, [id, ...nestedIds(out[c][id] as object)]));
      if (candidates.length === 0) return undefined;
      const id = r.pick(candidates);
      delete out[c][id];
      return { op: 'remove', id };
    },
    () => { // add an object type
      const { id, value } = objectType(b, ctx(), b.fresh(namesOf(out.objectTypes), (k) => b.pascal(k)), r.int(1, 5));
      out.objectTypes[id] = value;
      return { op: 'addObjectType', id };
    },
    () => { // change value type constraints
      const ids = nonEmpty('valueTypes');
      if (ids.length === 0) return undefined;
      const id = r.pick(ids);
      // Base type and constraints change together; a value type in use keeps its base type.
      const vt = out.valueTypes[id] as ValueType;
      const next = valueTypeFor(b, vt.apiName);
      if (referencedFromOutside(referenceHolders(out), [id]) && stableStringify(next.baseType) !== stableStringify(vt.baseType)) return undefined;
      vt.baseType = next.baseType;
      vt.constraints = next.constraints;
      return { op: 'changeConstraints', id };
    },
    () => { // implement one more interface, realising its shared properties
      const itfs = nonEmpty('interfaces');
      if (itfs.length === 0) return undefined;
      const otId = r.pick(ots());
      const ot = out.objectTypes[otId] as ObjectType;
      const itf = r.pick(itfs);
      if (ot.implements.includes(itf)) return undefined;
      ot.implements.push(itf);
      const have = new Set(Object.values(ot.properties).map((p) => p.sharedPropertyId));
      const last = ordered(ot.properties).at(-1)?.[1].order ?? null;
      let prev = last;
      for (const spId of requiredSharedProperties(out.interfaces, [itf])) {
        if (have.has(spId)) continue;
        const sp = out.sharedProperties[spId] as SharedProperty;
        const pid = b.id('p');
        prev = orderKeyBetween(prev, null);
        ot.properties[pid] = { ...b.named(b.fresh(namesAround(out.objectTypes, otId), (k) => `${sp.apiName}${k.toString(36)}`)), baseType: sp.baseType, sharedPropertyId: spId, required: sp.required, pii: sp.pii, order: prev };
        changes.push({ op: 'addProperty', id: pid });
      }
      return { op: 'implement', id: otId };
    },
    () => { // stop implementing an interface
      const candidates = ots().filter((id) => (out.objectTypes[id] as ObjectType).implements.length > 0);
      if (candidates.length === 0) return undefined;
      const otId = r.pick(candidates);
      const ot = out.objectTypes[otId] as ObjectType;
      ot.implements.splice(r.int(0, ot.implements.length - 1), 1);
      return { op: 'unimplement', id: otId };
    },
  ];

  // Hierarchy and annotation edits join in when asked for, or when the ontology already uses them.
  if (options.fidelity ?? usesFidelity(o)) edits.push(...fidelityEdits(out, r, b));

  let attempts = 0;
  const original = nChanges > 0 ? canonicalJson(o) : '';
  // Edits can cancel out or be no-ops; keep going until the copy really differs.
  const needMore = (): boolean => changes.length < nChanges || (nChanges > 0 && canonicalJson(out) === original);
  while (needMore() && attempts < nChanges * 20 + 20) {
    attempts++;
    if (ots().length === 0) {
      const { id, value } = objectType(b, ctx(), b.fresh(namesOf(out.objectTypes), (k) => b.pascal(k)), 2);
      out.objectTypes[id] = value;
      changes.push({ op: 'addObjectType', id });
      continue;
    }
    const change = r.pick(edits)();
    if (change) changes.push(change);
  }
  const ontology = parseOntology(out);
  return { ontology, touched: changedElementIds(o, ontology), changes };
}

/** Whether some type is declared disjoint with a relative (DISJOINT_WITH_RELATED). */
function disjointRelated(objectTypes: Record<string, ObjectType>): boolean {
  const h = new TypeHierarchy(objectTypes);
  return Object.entries(objectTypes).some(([id, ot]) => (ot.disjointWith ?? []).some((d) => h.isSubtypeOf(id, d) || h.isSubtypeOf(d, id)));
}

function usesFidelity(o: Ontology): boolean {
  return o.annotations !== undefined || Object.values(o.objectTypes).some((ot) => ot.supertypes !== undefined || ot.annotations !== undefined);
}

/** Every named element (top-level and nested, not rules) as [id, element], for annotation edits. */
function annotatable(o: Pick<Ontology, Collection>): Array<[string, { annotations?: Annotations | undefined }]> {
  const out: Array<[string, { annotations?: Annotations | undefined }]> = [];
  for (const c of COLLECTIONS) {
    const kind = KIND_OF_COLLECTION[c];
    for (const [id, e] of Object.entries(o[c])) {
      out.push([id, e]);
      for (const child of nestedElements(kind, e)) if (child.kind !== 'actionRule') out.push([child.id, child.value]);
    }
  }
  return out;
}

/** Sanity-preserving edits of supertypes and annotations (see addHierarchy for the rules kept). */
function fidelityEdits(out: Ontology, r: Rand, b: Builder): Array<() => Change | undefined> {
  const ots = (): string[] => Object.keys(out.objectTypes);
  return [
    () => { // add a supertype with the same key whose properties clash with nothing below
      const id = r.pick(ots());
      const sub = out.objectTypes[id] as ObjectType;
      const h = new TypeHierarchy(out.objectTypes);
      if (sub.primaryKey !== undefined && (sub.supertypes ?? []).length === 0) return undefined;
      const key = h.primaryKey(id).propertyId;
      const effective = new Set(h.properties(id).map((p) => p.id));
      const below = new Set(namesAround(out.objectTypes, id).map((n) => n.toLowerCase()));
      const candidates = ots().filter((x) => x !== id && !h.isSubtypeOf(x, id) && !(sub.supertypes ?? []).includes(x)
        && h.primaryKey(x).propertyId === key
        && h.properties(x).every((p) => effective.has(p.id) || !below.has(p.property.apiName.toLowerCase())));
      if (candidates.length === 0) return undefined;
      const pick = r.pick(candidates);
      const supertypes = [...(sub.supertypes ?? []), pick];
      if (disjointRelated({ ...out.objectTypes, [id]: { ...sub, supertypes } })) return undefined;
      sub.supertypes = supertypes;
      return { op: 'addSupertype', id };
    },
    () => { // remove a supertype that adds nothing the others do not (a diamond's shortcut)
      const h = new TypeHierarchy(out.objectTypes);
      for (const id of r.sample(ots(), 3)) {
        const sub = out.objectTypes[id] as ObjectType;
        if ((sub.supertypes ?? []).length < 2) continue;
        const drop = r.pick(sub.supertypes as string[]);
        const before = h.properties(id).map((p) => p.id);
        const trial = { ...out.objectTypes, [id]: { ...sub, supertypes: (sub.supertypes as string[]).filter((s) => s !== drop) } };
        const after = new Set(new TypeHierarchy(trial).properties(id).map((p) => p.id));
        if (!before.every((p) => after.has(p)) || h.primaryKey(id).propertyId !== new TypeHierarchy(trial).primaryKey(id).propertyId) continue;
        sub.supertypes = (sub.supertypes as string[]).filter((s) => s !== drop);
        return { op: 'removeSupertype', id };
      }
      return undefined;
    },
    () => { // add, change or remove an annotation value on any element
      const [id, e] = r.pick(annotatable(out));
      const current = e.annotations ?? {};
      const keys = Object.keys(current);
      if (keys.length > 0 && r.bool(0.3)) {
        const key = r.pick(keys);
        const values = current[key] as AnnotationValue[];
        values.splice(r.int(0, values.length - 1), 1);
        if (values.length === 0) delete current[key];
      } else {
        const add = randomAnnotations(r);
        for (const [key, values] of Object.entries(add)) current[key] = [...(current[key] ?? []), ...values];
      }
      e.annotations = Object.keys(current).length > 0 ? current : undefined;
      return { op: 'annotate', id };
    },
    () => { // state an equivalence to an outside class
      const id = r.pick(ots());
      const ot = out.objectTypes[id] as ObjectType;
      ot.equivalentTo = [...(ot.equivalentTo ?? []), `https://example.org/ext#${b.pascal(r.int(0, 999))}`];
      return { op: 'equivalent', id };
    },
  ];
}

/** Ids of elements added, removed or with a changed own field (a child's change does not touch its parent). */
export function changedElementIds(before: Ontology, after: Ontology): string[] {
  const a = indexElements(before);
  const b = indexElements(after);
  const own = (v: Record<string, unknown> | undefined, stable: boolean): string => {
    if (!v) return '';
    const fields = Object.fromEntries(Object.entries(v).filter(([k]) => !NESTED_FIELDS.includes(k)));
    return stable ? stableStringify(fields) : JSON.stringify(fields);
  };
  // Plain JSON first (cheap, usually equal); key order may differ, so confirm a difference canonically.
  const differs = (id: string): boolean => own(a.get(id)?.value, false) !== own(b.get(id)?.value, false) && own(a.get(id)?.value, true) !== own(b.get(id)?.value, true);
  return [...new Set([...a.keys(), ...b.keys()])].filter(differs).sort();
}
