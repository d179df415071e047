/**
 * Tiny builders for small test ontologies: ids double as apiNames and order keys unless given,
 * base types may be written as strings ('string', 'long'), and `edit` derives a variant by
 * mutating a deep copy, which keeps base/ours/theirs tables short and readable.
 */
import { parseOntology, type BaseType, type Ontology, type OntologyInput } from '../../core/model';

type Rec = Record<string, unknown>;
type TypeSpec = string | BaseType;
export interface Spec {
  name?: string;
  description?: string;
  meta?: Record<string, string>;
  objectTypes?: Record<string, Rec & { properties?: Record<string, Rec & { t?: TypeSpec }> }>;
  linkTypes?: Record<string, Rec & { from: string; to: string; cardinality?: string }>;
  interfaces?: Record<string, Rec>;
  sharedProperties?: Record<string, Rec & { t?: TypeSpec }>;
  valueTypes?: Record<string, Rec & { t?: TypeSpec }>;
  structTypes?: Record<string, Rec & { fields?: Record<string, Rec & { t?: TypeSpec }> }>;
  actionTypes?: Record<string, Rec>;
}

export function bt(t: TypeSpec): BaseType {
  if (typeof t !== 'string') return t;
  if (t.startsWith('array<') && t.endsWith('>')) return { type: 'array', items: bt(t.slice(6, -1)) };
  return { type: t } as BaseType;
}

function typed(id: string, spec: Rec & { t?: TypeSpec }, withOrder: boolean): Rec {
  const { t, ...rest } = spec;
  return { apiName: id, ...(withOrder ? { order: id } : {}), baseType: bt(t ?? 'string'), ...rest };
}

function mapValues<T, U>(r: Record<string, T> | undefined, f: (id: string, v: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(r ?? {}).map(([id, v]) => [id, f(id, v)]));
}

export function ont(spec: Spec = {}): Ontology {
  const input: OntologyInput = {
    format: 'oms/1',
    name: spec.name ?? 'Test',
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    ...(spec.meta ? { meta: spec.meta } : {}),
    objectTypes: mapValues(spec.objectTypes, (id, { properties, ...ot }) => ({
      apiName: id, ...ot, properties: mapValues(properties, (pid, p) => typed(pid, p, true)),
    })) as OntologyInput['objectTypes'],
    linkTypes: mapValues(spec.linkTypes, (id, { from, to, cardinality, ...l }) => ({
      apiName: id, fromObjectTypeId: from, toObjectTypeId: to, cardinality: cardinality ?? 'MANY_TO_ONE', ...l,
    })) as OntologyInput['linkTypes'],
    interfaces: mapValues(spec.interfaces, (id, i) => ({ apiName: id, ...i })) as OntologyInput['interfaces'],
    sharedProperties: mapValues(spec.sharedProperties, (id, s) => typed(id, s, false)) as OntologyInput['sharedProperties'],
    valueTypes: mapValues(spec.valueTypes, (id, v) => typed(id, v, false)) as OntologyInput['valueTypes'],
    structTypes: mapValues(spec.structTypes, (id, { fields, ...s }) => ({
      apiName: id, ...s, fields: mapValues(fields, (fid, f) => typed(fid, f, true)),
    })) as OntologyInput['structTypes'],
    actionTypes: mapValues(spec.actionTypes, (id, a) => ({ apiName: id, ...a })) as OntologyInput['actionTypes'],
  };
  return parseOntology(input);
}

/** A variant of `o`: `f` mutates a deep copy, the result is re-parsed (defaults, canonical sets). */
export function edit(o: Ontology, f: (draft: Ontology) => void): Ontology {
  const draft = structuredClone(o);
  f(draft);
  return parseOntology(draft);
}

/** Non-null access for test drafts, failing loudly instead of with a TypeError. */
export function must<T>(v: T | undefined, what = 'value'): T {
  if (v === undefined) throw new Error(`test fixture: missing ${what}`);
  return v;
}
