/**
 * Every id-valued reference an element holds, with the field path it sits at and where its target
 * lives, so merge can look targets up directly (O(1)) instead of indexing whole ontologies.
 * A reference is `required` when its element makes no sense without it (a link's ends, a rule's
 * object type, a struct base type): dropping such a reference means dropping the element.
 */
import type { BaseType, Collection, ElementKind, Ontology } from '../model';
import { isRecord, type JsonRecord } from '../diff/values';

/** Where a target id is looked up. */
export type TargetScope =
  | { collection: Collection }
  /** A property of the referencing object type itself. */
  | { own: 'properties' }
  /** A parameter of the referencing rule's action type. */
  | { ownerChild: 'parameters' }
  /** A property of one of these object types (link ends, a rule's object type). */
  | { propertyOf: string[] };

export interface Reference {
  /** Field path inside the element, e.g. ['toObjectTypeId'], ['implements'], ['values', propertyId]. */
  field: string[];
  target: string;
  scope: TargetScope;
  /** The reference is one member of an id list. */
  inArray?: boolean;
  required: boolean;
}

function structRefs(t: unknown, field: string[], out: Reference[]): void {
  if (!isRecord(t)) return;
  const bt = t as BaseType;
  if (bt.type === 'struct') out.push({ field, target: bt.structTypeId, scope: { collection: 'structTypes' }, required: true });
  else if (bt.type === 'array') structRefs(bt.items, field, out);
}

function scalar(v: JsonRecord, key: string, scope: TargetScope, required: boolean, out: Reference[]): void {
  const target = v[key];
  if (typeof target === 'string') out.push({ field: [key], target, scope, required });
}

function members(v: JsonRecord, key: string, collection: Collection, out: Reference[]): void {
  const list = v[key];
  if (Array.isArray(list)) {
    for (const target of list) if (typeof target === 'string') out.push({ field: [key], target, scope: { collection }, inArray: true, required: false });
  }
}

const str = (v: unknown): string[] => (typeof v === 'string' ? [v] : []);

const EXTRACT: Record<ElementKind, (v: JsonRecord, out: Reference[]) => void> = {
  objectType: (v, out) => {
    scalar(v, 'primaryKey', { own: 'properties' }, false, out);
    scalar(v, 'titleKey', { own: 'properties' }, false, out);
    members(v, 'implements', 'interfaces', out);
  },
  property: (v, out) => {
    scalar(v, 'valueTypeId', { collection: 'valueTypes' }, false, out);
    scalar(v, 'sharedPropertyId', { collection: 'sharedProperties' }, false, out);
    structRefs(v.baseType, ['baseType'], out);
  },
  linkType: (v, out) => {
    scalar(v, 'fromObjectTypeId', { collection: 'objectTypes' }, true, out);
    scalar(v, 'toObjectTypeId', { collection: 'objectTypes' }, true, out);
    scalar(v, 'foreignKeyPropertyId', { propertyOf: [...str(v.fromObjectTypeId), ...str(v.toObjectTypeId)] }, false, out);
  },
  interface: (v, out) => {
    members(v, 'extends', 'interfaces', out);
    members(v, 'properties', 'sharedProperties', out);
  },
  sharedProperty: (v, out) => {
    scalar(v, 'valueTypeId', { collection: 'valueTypes' }, false, out);
    structRefs(v.baseType, ['baseType'], out);
  },
  valueType: (v, out) => structRefs(v.baseType, ['baseType'], out),
  structType: () => undefined,
  structField: (v, out) => structRefs(v.baseType, ['baseType'], out),
  actionType: () => undefined,
  actionParameter: (v, out) => {
    scalar(v, 'objectTypeId', { collection: 'objectTypes' }, false, out);
    structRefs(v.baseType, ['baseType'], out);
  },
  actionRule: (v, out) => {
    scalar(v, 'objectTypeId', { collection: 'objectTypes' }, true, out);
    scalar(v, 'objectParameterId', { ownerChild: 'parameters' }, false, out);
    scalar(v, 'linkTypeId', { collection: 'linkTypes' }, true, out);
    const values = v.values;
    if (isRecord(values)) {
      for (const [propertyId, parameterId] of Object.entries(values)) {
        out.push({ field: ['values', propertyId], target: propertyId, scope: { propertyOf: str(v.objectTypeId) }, required: false });
        if (typeof parameterId === 'string') out.push({ field: ['values', propertyId], target: parameterId, scope: { ownerChild: 'parameters' }, required: false });
      }
    }
  },
};

export function referencesOf(kind: ElementKind, value: JsonRecord): Reference[] {
  const out: Reference[] = [];
  EXTRACT[kind](value, out);
  return out;
}

/**
 * The path of a reference's target in `o`, or undefined when it is not there. `elementPath` is the
 * referencing element's path (for scopes relative to it).
 */
export function locateTarget(o: Ontology | JsonRecord, ref: Reference, elementPath: readonly string[]): string[] | undefined {
  const root = o as Record<string, Record<string, JsonRecord | undefined> | undefined>;
  const s = ref.scope;
  if ('collection' in s) return isRecord(root[s.collection]?.[ref.target]) ? [s.collection, ref.target] : undefined;
  if ('propertyOf' in s) {
    for (const ot of s.propertyOf) {
      if (isRecord((root.objectTypes?.[ot]?.properties as JsonRecord | undefined)?.[ref.target])) return ['objectTypes', ot, 'properties', ref.target];
    }
    return undefined;
  }
  const [collection, owner] = elementPath as [string, string];
  const field = 'own' in s ? s.own : s.ownerChild;
  return isRecord((root[collection]?.[owner]?.[field] as JsonRecord | undefined)?.[ref.target]) ? [collection, owner, field, ref.target] : undefined;
}
