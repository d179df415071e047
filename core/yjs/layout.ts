/**
 * Y.Doc layout of one branch's live ontology (DESIGN.md §3; also docs/yjs-layout.md).
 *
 *   doc.getMap('ontology')           root fields
 *     format: 'oms/1'                plain value
 *     name: string                   plain value (last writer wins)
 *     description: Y.Text            character-level merge
 *     meta: Y.Map<string>            key-level merge
 *   doc.getMap('entities')           id → Y.Map, one per top-level element (ids are unique ontology-wide)
 *     kind: TopLevelKind             fixed at creation; selects the zod schema of the element
 *     description: Y.Text            every named element
 *     implements | extends |         set-valued id arrays as Y.Map<id, true>, so concurrent adds union
 *       properties (interfaces)        and a remove deletes exactly what it saw
 *     properties (object types) |    nested children: Y.Map<childId, Y.Map fields>, same rules inside
 *       fields | parameters | rules    (children carry `order`, a fractional key; no `kind` tag, their
 *                                        kind follows from the field; an action rule's own `kind` field
 *                                        is its rule kind and is never changed in place)
 *     supertypes␟<id> | equivalentTo␟… optional sets (also disjointWith, subPropertyOf) and annotation
 *       | annotations␟[key, value]     values as flat member keys on the element's own map, so the first
 *                                        concurrent adds union too (see members.ts); the root map holds
 *                                        the ontology's annotations the same way
 *     every other field              plain JSON value: baseType, constraints, values, references,
 *                                      apiName, ... are atomic on purpose (last writer wins); an optional
 *                                      field that is absent has no key
 *
 * Why per-field values: a concurrent rename and description edit of the same element both survive,
 * a delete removes the whole element map (a concurrent edit inside it is dropped with it), and every
 * merged state is still schema-valid because each key only ever holds a value valid on its own.
 * Deliberate exception: a rule kind change replaces the whole rule map, because its fields depend on it.
 */
import type * as Y from 'yjs';
import {
  ActionParameter, ActionRule, ActionType, Interface, LinkType, NESTED, ObjectType, Property, SharedProperty,
  StructField, StructType, ValueType,
  type ElementKind, type NestedKind, type TopLevelKind,
} from '../model';
import type { z } from 'zod';

export const ROOT_MAP = 'ontology';
export const ENTITIES_MAP = 'entities';
export const KIND_FIELD = 'kind';

export type YElement = Y.Map<unknown>;

export function rootMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ROOT_MAP);
}

export function entitiesMap(doc: Y.Doc): Y.Map<YElement> {
  return doc.getMap(ENTITIES_MAP);
}

export const ELEMENT_SCHEMA: Record<ElementKind, z.ZodType> = {
  objectType: ObjectType,
  linkType: LinkType,
  interface: Interface,
  sharedProperty: SharedProperty,
  valueType: ValueType,
  structType: StructType,
  actionType: ActionType,
  property: Property,
  structField: StructField,
  actionParameter: ActionParameter,
  actionRule: ActionRule,
};

export const TOP_LEVEL_KINDS: readonly TopLevelKind[] = ['objectType', 'linkType', 'interface', 'sharedProperty', 'valueType', 'structType', 'actionType'];
export const NESTED_KINDS: readonly NestedKind[] = ['property', 'structField', 'actionParameter', 'actionRule'];

export function isTopLevelKind(kind: unknown): kind is TopLevelKind {
  return typeof kind === 'string' && (TOP_LEVEL_KINDS as readonly string[]).includes(kind);
}

export function isNestedKind(kind: unknown): kind is NestedKind {
  return typeof kind === 'string' && (NESTED_KINDS as readonly string[]).includes(kind);
}

/** Fields holding id sets (Y.Map id → true). */
export const SET_FIELDS: Partial<Record<ElementKind, readonly string[]>> = {
  objectType: ['implements'],
  interface: ['extends', 'properties'],
};

export function isSetField(kind: ElementKind, field: string): boolean {
  return SET_FIELDS[kind]?.includes(field) ?? false;
}

/** Child kind stored under `field` of a top-level element of `kind`, if that field holds children. */
export function childKindOf(kind: ElementKind, field: string): NestedKind | undefined {
  return isTopLevelKind(kind) ? NESTED[kind]?.[field] : undefined;
}

/** Parent kind and field that hold children of a nested kind. */
export const PARENT_OF: Record<NestedKind, { kind: TopLevelKind; field: string }> = {
  property: { kind: 'objectType', field: 'properties' },
  structField: { kind: 'structType', field: 'fields' },
  actionParameter: { kind: 'actionType', field: 'parameters' },
  actionRule: { kind: 'actionType', field: 'rules' },
};

/** Every kind except action rules has a free-text description, stored as Y.Text. */
export function isTextField(kind: ElementKind, field: string): boolean {
  return field === 'description' && kind !== 'actionRule';
}

export const DESCRIPTION_MAX = 100_000;
