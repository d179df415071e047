/**
 * A hand-written reader for the hot shapes of schema.ts, so parsing a large well-formed ontology
 * costs about one pass over it instead of ~5× JSON.parse in zod. It is only ever a shortcut: it
 * accepts exactly what the zod schemas accept *and* produces their output's values (same values,
 * same defaults; records in input order), or it gives up (returns undefined) and the caller runs
 * zod, which then decides and reports. Giving up on something zod would accept is harmless (just
 * slower), so anything unusual gives up: objects that are not plain, `__proto__` or symbol keys,
 * unknown fields, and every shape not written out here (struct and action types, non-primitive
 * base types go to their zod schema).
 *
 * Each object's fields come out in canonical (sorted) order, not zod's schema order: the canonical
 * writer (stableStringify) then shares every element as it is instead of copying each one into
 * sorted order, which on a 50k-type ontology cost more than JSON.stringify of the whole.
 *
 * Reading a fresh JSON.parse result that nobody else holds (fastReadJson), the reader returns the
 * input's own objects and arrays wherever they are complete and in canonical order already (a
 * canonical file: all of them), so it allocates next to nothing; and it counts the keys it sees,
 * for the duplicate-key check (strict-json.ts) without a second walk.
 *
 * The field lists are checked against the zod shapes when this module loads: a schema that grows
 * a field this file does not know switches the shortcut off for that shape (it can only fall back,
 * never accept less or more than zod). test/core/fast-parse.test.ts compares both on valid,
 * mutated and invalid ontologies.
 */
import type { z } from 'zod';
import { AnnotationValue } from './annotations';
import { ID_PATTERN } from './ids';
import { countKeysInValue } from './strict-json';
import {
  ActionType, BaseType, Constraints, Interface, LinkType, ObjectType, Ontology, PRIMITIVE_TYPES, Property, Restriction, SharedProperty,
  StructType, ValueType, type Ontology as OntologyT,
} from './schema';

class GiveUp extends Error {}
const GIVE_UP = new GiveUp();

type Read = (v: unknown) => unknown;
type Rec = Record<string, unknown>;

function give(): never {
  throw GIVE_UP;
}

/**
 * Per call (the reader never re-enters itself): whether the input is a JSON.parse result the
 * reader owns (fastReadJson), so parts of it may be returned and its members replaced in place,
 * and how many object keys it has seen.
 */
let owned = false;
let keysSeen = 0;

function plain(v: unknown): Rec {
  if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) give();
  return v as Rec;
}

const str = (min: number, max: number): Read => (v) => (typeof v === 'string' && v.length >= min && v.length <= max ? v : give());
const anyStr: Read = (v) => (typeof v === 'string' ? v : give());
const id: Read = (v) => (typeof v === 'string' && ID_PATTERN.test(v) ? v : give());
const bool: Read = (v) => (typeof v === 'boolean' ? v : give());
const num: Read = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : give());
const int = (min: number, max = Number.MAX_SAFE_INTEGER): Read => (v) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max ? v : give());
const oneOf = (values: readonly string[]): Read => {
  const set = new Set(values);
  return (v) => (typeof v === 'string' && set.has(v) ? v : give());
};
const arrayOf = (item: Read): Read => (v) => {
  if (!Array.isArray(v) || Object.getPrototypeOf(v) !== Array.prototype) give();
  if (owned) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      const y = item(x);
      if (y !== x) v[i] = y;
    }
    return v;
  }
  const out = new Array<unknown>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = item(v[i]);
  return out;
};
/** z.record(key, value): own enumerable string keys in their order; `__proto__` (zod drops it silently) and symbol keys give up. */
const recordOf = (key: Read, value: Read): Read => (v) => {
  const o = plain(v);
  const keys = Object.keys(o);
  if (owned) {
    // JSON has no symbol keys; its `__proto__` is an own key, refused below as for any input.
    keysSeen += keys.length;
    for (const k of keys) {
      if (k === '__proto__') give();
      key(k);
      const x = o[k];
      const y = value(x);
      if (y !== x) o[k] = y;
    }
    return o;
  }
  if (Object.getOwnPropertySymbols(o).length > 0) give();
  const out: Rec = {};
  for (const k of keys) {
    if (k === '__proto__') give();
    key(k);
    out[k] = value(o[k]);
  }
  return out;
};
/** A zod schema for the shapes not written out here: its own result, or give up. */
const viaZod = (schema: z.ZodType): Read => (v) => {
  if (owned && typeof v === 'object' && v !== null) keysSeen += countKeysInValue(v);
  const r = schema.safeParse(v);
  return r.success ? r.data : give();
};

/** How a field behaves when absent: required, optional (absent stays absent), or defaulted (a fresh copy of the default). */
type Field = readonly [name: string, read: Read, mode: 'required' | 'optional' | (() => unknown)];

/**
 * z.strictObject's values, fields in sorted (canonical) order: an absent optional field stays
 * absent, a present one holding undefined stays (zod keeps the key); a default fills in for absent
 * or undefined. `fields` are listed in schema order, to be checked against the zod shape: a
 * mismatch switches the shortcut off for this shape.
 */
function objectOf(schema: { shape: Record<string, unknown> }, fields: readonly Field[]): Read {
  /** Field name → whether an absent one needs filling in or refusing (required or defaulted), not leaving absent. */
  const known = new Map(fields.map(([n, , mode]) => [n, mode !== 'optional']));
  const mustHave = fields.filter(([, , mode]) => mode !== 'optional').length;
  const shapeKeys = Object.keys(schema.shape);
  const matches = shapeKeys.length === fields.length && shapeKeys.every((k, i) => (fields[i] as Field)[0] === k);
  if (!matches) return give;
  const sorted = [...fields].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  // Parallel arrays and an indexed loop (no tuple destructuring): this runs for every element.
  const names = sorted.map((f) => f[0]);
  const reads = sorted.map((f) => f[1]);
  const modes = sorted.map((f) => f[2]);
  return (v) => {
    const o = plain(v);
    let inOrder = owned;
    let prev = '';
    let n = 0;
    let had = 0;
    for (const k in o) {
      const must = known.get(k);
      if (must === undefined) give();
      if (must) had++;
      if (!(k > prev)) inOrder = false;
      prev = k;
      n++;
    }
    if (owned) {
      keysSeen += n;
      // An owned object in canonical order with every required and defaulted field present is
      // returned itself (JSON holds no undefined, so present means set).
      if (inOrder && had === mustHave) {
        for (let i = 0; i < names.length; i++) {
          const name = names[i] as string;
          const x = o[name];
          if (x === undefined) continue;
          const y = (reads[i] as Read)(x);
          if (y !== x) o[name] = y;
        }
        return o;
      }
    }
    const out: Rec = {};
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      const x = o[name];
      if (x === undefined) {
        const mode = modes[i] as Field[2];
        if (mode === 'required') give();
        if (mode === 'optional') {
          if (name in o) out[name] = undefined;
        } else out[name] = mode();
        continue;
      }
      out[name] = (reads[i] as Read)(x);
    }
    return out;
  };
}

const Id = id;
const orderKey = str(1, 200);
const idOrIri = str(1, 2000);
const refSet = arrayOf(idOrIri);
const STATUS = oneOf(['experimental', 'active', 'deprecated']);
const PII = oneOf(['none', 'personal', 'sensitive']);
const fresh = <T>(v: T) => () => (Array.isArray(v) ? [...v] : typeof v === 'object' && v !== null ? { ...v } : v);

const annotationValue = objectOf(AnnotationValue, [
  ['value', str(0, 100_000), 'required'],
  ['lang', str(0, 64), 'optional'],
  ['kind', oneOf(['literal', 'iri']), 'optional'],
  ['datatype', str(0, 2000), 'optional'],
  ['scope', oneOf(['EXACT', 'BROAD', 'NARROW', 'RELATED']), 'optional'],
  ['xrefs', arrayOf(str(0, 2000)), 'optional'],
]);
const annotations = recordOf(str(0, 2000), arrayOf(annotationValue));

const named: readonly Field[] = [
  ['apiName', str(1, 100), 'required'],
  ['displayName', str(0, 200), fresh('')],
  ['description', str(0, 100_000), fresh('')],
  ['status', STATUS, fresh('active')],
  ['iri', anyStr, 'optional'],
  ['annotations', annotations, 'optional'],
];

const PRIMITIVES = new Set<string>(PRIMITIVE_TYPES);
const zodBaseType = viaZod(BaseType);
/** Primitive base types by hand (`{ type }` is all they hold); vector, array and struct through zod. */
const baseType: Read = (v) => {
  const o = plain(v);
  if (typeof o.type === 'string' && PRIMITIVES.has(o.type)) {
    for (const k in o) if (k !== 'type') give();
    if (!owned) return { type: o.type };
    keysSeen++;
    return o;
  }
  return zodBaseType(v);
};

const property = objectOf(Property, [
  ...named,
  ['baseType', baseType, 'required'],
  ['valueTypeId', Id, 'optional'],
  ['sharedPropertyId', Id, 'optional'],
  ['required', bool, fresh(false)],
  ['pii', PII, fresh('none')],
  ['order', orderKey, 'required'],
  ['subPropertyOf', refSet, 'optional'],
]);

const objectType = objectOf(ObjectType, [
  ...named,
  ['pluralDisplayName', str(0, 200), fresh('')],
  ['icon', str(0, 100), 'optional'],
  ['color', str(0, 32), 'optional'],
  ['primaryKey', Id, 'optional'],
  ['titleKey', Id, 'optional'],
  ['properties', recordOf(Id, property), fresh({})],
  ['implements', arrayOf(Id), fresh([])],
  ['supertypes', arrayOf(Id), 'optional'],
  ['equivalentTo', refSet, 'optional'],
  ['disjointWith', refSet, 'optional'],
]);

const restriction = objectOf(Restriction, [
  ['quantifier', oneOf(['some', 'only', 'min', 'max', 'exactly', 'value']), 'required'],
  ['property', str(1, 2000), 'optional'],
  ['qualified', bool, 'optional'],
  ['value', str(0, 100_000), 'optional'],
  ['datatype', str(1, 2000), 'optional'],
]);

const linkType = objectOf(LinkType, [
  ...named,
  ['fromObjectTypeId', Id, 'required'],
  ['toObjectTypeId', Id, 'required'],
  ['cardinality', oneOf(['ONE_TO_ONE', 'ONE_TO_MANY', 'MANY_TO_ONE', 'MANY_TO_MANY']), 'required'],
  ['fromDisplayName', str(0, 200), fresh('')],
  ['toDisplayName', str(0, 200), fresh('')],
  ['foreignKeyPropertyId', Id, 'optional'],
  ['minCardinality', int(0), 'optional'],
  ['maxCardinality', int(0), 'optional'],
  ['restriction', restriction, 'optional'],
  ['inverseIri', str(1, 2000), 'optional'],
  ['subPropertyOf', refSet, 'optional'],
]);

const iface = objectOf(Interface, [
  ...named,
  ['extends', arrayOf(Id), fresh([])],
  ['properties', arrayOf(Id), fresh([])],
]);

const sharedProperty = objectOf(SharedProperty, [
  ...named,
  ['baseType', baseType, 'required'],
  ['valueTypeId', Id, 'optional'],
  ['required', bool, fresh(false)],
  ['pii', PII, fresh('none')],
  ['subPropertyOf', refSet, 'optional'],
]);

const constraints = objectOf(Constraints, [
  ['regex', anyStr, 'optional'],
  ['min', num, 'optional'],
  ['max', num, 'optional'],
  ['minLength', int(0), 'optional'],
  ['maxLength', int(0), 'optional'],
  ['enum', arrayOf((v) => (typeof v === 'string' ? v : num(v))), 'optional'],
]);

const valueType = objectOf(ValueType, [
  ...named,
  ['baseType', baseType, 'required'],
  ['constraints', constraints, fresh({})],
]);

const ontology = objectOf(Ontology, [
  ['format', (v) => (v === 'oms/1' ? v : give()), 'required'],
  ['name', str(1, 200), 'required'],
  ['description', str(0, 100_000), fresh('')],
  ['annotations', annotations, 'optional'],
  ['meta', recordOf(anyStr, anyStr), fresh({})],
  ['objectTypes', recordOf(Id, objectType), fresh({})],
  ['linkTypes', recordOf(Id, linkType), fresh({})],
  ['interfaces', recordOf(Id, iface), fresh({})],
  ['sharedProperties', recordOf(Id, sharedProperty), fresh({})],
  ['valueTypes', recordOf(Id, valueType), fresh({})],
  ['structTypes', recordOf(Id, viaZod(StructType)), fresh({})],
  ['actionTypes', recordOf(Id, viaZod(ActionType)), fresh({})],
]);

/** The zod result of Ontology.parse(input) (fields in canonical order) when input is a well-formed ontology in the hot shapes, else undefined (run zod). */
export function fastParseOntology(input: unknown): OntologyT | undefined {
  try {
    return ontology(input) as OntologyT;
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    throw err;
  }
}

/**
 * fastParseOntology of `json`, a JSON.parse result no one else holds: the result is made of
 * `json`'s own objects wherever they are complete and in canonical order, and `json` is changed
 * (members replaced by their parsed values, which equal them but for filled-in defaults), so it
 * must not be used again, even when this gives up. `keys` is the number of object keys in `json`
 * (countKeysInValue's), for the duplicate-key check.
 */
export function fastReadJson(json: unknown): { ontology: OntologyT; keys: number } | undefined {
  owned = true;
  keysSeen = 0;
  try {
    return { ontology: ontology(json) as OntologyT, keys: keysSeen };
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    throw err;
  } finally {
    owned = false;
  }
}
