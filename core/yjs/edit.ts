/**
 * Typed edit operations on a branch doc. Each is ONE transaction with a named origin, validates
 * before it writes (bad input → ModelError EDIT_INVALID / EDIT_NOT_FOUND, doc untouched), and
 * changes only the fields it is about, so concurrent edits merge at field level.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { ModelError } from '../errors';
import { AnnotationKey, AnnotationValue, ApiName, Id, IdOrIri, newId, normalizeAnnotationValue, orderKeyBetween, type ElementKind, type NestedKind, type TopLevelKind } from '../model';
import { elementToYMap } from './encode';
import { writeField } from './write';
import { readElement } from './decode';
import {
  DESCRIPTION_MAX, ELEMENT_SCHEMA, KIND_FIELD, NESTED_KINDS, PARENT_OF, childKindOf, entitiesMap, isSetField, isTextField,
  isTopLevelKind, rootMap, type YElement,
} from './layout';
import { ANNOTATIONS_FIELD, MEMBER_SET_FIELDS, annotationMemberKey, setMemberKey } from './members';
import { ORIGIN, type Origin } from './origins';
import { splitsSurrogate } from './text';

/** Where an element lives: top-level by id, nested by id plus its parent's id (faster, and unambiguous). */
export interface ElementAddress {
  id: string;
  parentId?: string | undefined;
}

interface Located {
  kind: ElementKind;
  map: YElement;
  /** The Y.Map holding the element under its id (entities, or the parent's children map). */
  container: Y.Map<unknown>;
  parentId?: string;
}

function invalid(message: string, details?: Record<string, unknown>): ModelError {
  return new ModelError('EDIT_INVALID', message, details);
}

function notFound(address: ElementAddress): ModelError {
  return new ModelError('EDIT_NOT_FOUND', `no element ${address.id}${address.parentId ? ` in ${address.parentId}` : ''}`, { ...address });
}

function topLevel(doc: Y.Doc, id: string): { kind: TopLevelKind; map: YElement } | undefined {
  const m = entitiesMap(doc).get(id);
  if (!(m instanceof Y.Map)) return undefined;
  const kind = m.get(KIND_FIELD);
  return isTopLevelKind(kind) ? { kind, map: m } : undefined;
}

function findChild(parent: { kind: TopLevelKind; map: YElement }, parentId: string, id: string): Located | undefined {
  for (const kind of NESTED_KINDS) {
    const { kind: parentKind, field } = PARENT_OF[kind];
    if (parentKind !== parent.kind) continue;
    const children = parent.map.get(field);
    const child = children instanceof Y.Map ? children.get(id) : undefined;
    if (child instanceof Y.Map) return { kind, map: child as YElement, container: children as Y.Map<unknown>, parentId };
  }
  return undefined;
}

export function locate(doc: Y.Doc, address: ElementAddress): Located {
  if (address.parentId !== undefined) {
    const parent = topLevel(doc, address.parentId);
    const found = parent && findChild(parent, address.parentId, address.id);
    if (!found) throw notFound(address);
    return found;
  }
  const top = topLevel(doc, address.id);
  if (top) return { ...top, container: entitiesMap(doc) as Y.Map<unknown> };
  // Without a parent id a nested element needs a scan; callers on hot paths pass parentId.
  for (const [parentId, m] of entitiesMap(doc).entries()) {
    const kind = m instanceof Y.Map ? m.get(KIND_FIELD) : undefined;
    if (!isTopLevelKind(kind)) continue;
    const found = findChild({ kind, map: m }, parentId, address.id);
    if (found) return found;
  }
  throw notFound(address);
}

/** The Y.Map under `field`, created if absent (it never is for elements written by this module). */
function childMap(m: Y.Map<unknown>, field: string): Y.Map<unknown> {
  const current = m.get(field);
  if (current instanceof Y.Map) return current as Y.Map<unknown>;
  const created = new Y.Map<unknown>();
  m.set(field, created);
  return created;
}

function validateElement(kind: ElementKind, value: unknown): Record<string, unknown> {
  const parsed = ELEMENT_SCHEMA[kind].safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('/'), message: i.message }));
    const first = issues[0];
    throw invalid(`invalid ${kind}${first ? `: ${first.path || '(value)'}: ${first.message}` : ''}`, { issues });
  }
  return parsed.data as Record<string, unknown>;
}

/** Siblings of a nested element sorted by order key (ties by id), excluding `except`. */
function siblingOrders(children: Y.Map<unknown>, except?: string): Array<{ id: string; order: string }> {
  const out: Array<{ id: string; order: string }> = [];
  for (const [id, child] of children.entries()) {
    if (id === except || !(child instanceof Y.Map)) continue;
    const order = child.get('order');
    // A child without an order key (see DocRead.repaired) sorts by its id, as readers show it.
    out.push({ id, order: typeof order === 'string' ? order : id });
  }
  return out.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}


/**
 * An order key placing an element right after sibling `after` (null: first; undefined: last).
 * With tied keys it lands after all siblings sharing `after`'s key.
 */
function orderKeyAfter(children: Y.Map<unknown>, after: string | null | undefined, except?: string): string {
  const siblings = siblingOrders(children, except);
  if (after === undefined) return orderKeyBetween(siblings.at(-1)?.order ?? null, null);
  if (after === null) return orderKeyBetween(null, siblings[0]?.order ?? null);
  const anchor = siblings.find((s) => s.id === after);
  if (!anchor) throw invalid(`cannot place after ${after}: not a sibling`);
  const next = siblings.find((s) => s.order > anchor.order);
  return orderKeyBetween(anchor.order, next?.order ?? null);
}

export type CreateSpec =
  | { kind: TopLevelKind; value: Record<string, unknown>; id?: string | undefined }
  | { kind: NestedKind; parentId: string; value: Record<string, unknown>; id?: string | undefined; after?: string | null | undefined };

/** Create an element (top-level, or nested under `parentId` with an order key after `after`/at the end). Returns its id. */
export function createElement(doc: Y.Doc, spec: CreateSpec, origin: Origin = ORIGIN.local): string {
  const id = spec.id ?? newId();
  if (!Id.safeParse(id).success) throw invalid(`invalid id "${id}"`);
  if ('parentId' in spec) {
    const parent = topLevel(doc, spec.parentId);
    const { kind: parentKind, field } = PARENT_OF[spec.kind];
    if (!parent) throw notFound({ id: spec.parentId });
    if (parent.kind !== parentKind) throw invalid(`a ${spec.kind} belongs to a ${parentKind}, not a ${parent.kind}`);
    const children = parent.map.get(field);
    if (children instanceof Y.Map && children.has(id)) throw invalid(`id ${id} is taken`);
    const order = typeof spec.value.order === 'string' && spec.after === undefined
      ? spec.value.order
      : orderKeyAfter(children instanceof Y.Map ? children : new Y.Map(), spec.after);
    const value = validateElement(spec.kind, { ...spec.value, order });
    doc.transact(() => {
      childMap(parent.map, field).set(id, elementToYMap(spec.kind, value));
    }, origin);
    return id;
  }
  if (!isTopLevelKind(spec.kind)) throw invalid(`${String(spec.kind)} needs a parentId`);
  if (entitiesMap(doc).has(id)) throw invalid(`id ${id} is taken`);
  const value = validateElement(spec.kind, spec.value);
  doc.transact(() => entitiesMap(doc).set(id, elementToYMap(spec.kind, value)), origin);
  return id;
}

export function deleteElement(doc: Y.Doc, address: ElementAddress, origin: Origin = ORIGIN.local): void {
  const found = locate(doc, address);
  doc.transact(() => found.container.delete(address.id), origin);
}

/**
 * Set one field of an element, validated against the element's schema (undefined resets a defaulted
 * field and removes an optional one). Not for `kind`, children maps or a rule's kind.
 */
export function setField(doc: Y.Doc, address: ElementAddress, field: string, value: unknown, origin: Origin = ORIGIN.local): void {
  const found = locate(doc, address);
  if (field === KIND_FIELD && (isTopLevelKind(found.kind) || found.kind === 'actionRule')) {
    throw invalid(`the kind of ${address.id} cannot change; delete it and create a new element`);
  }
  if (childKindOf(found.kind, field)) throw invalid(`"${field}" holds children: use createElement/deleteElement`);
  doc.transact(() => writeField(found.map, found.kind, field, validField(found, field, value)), origin);
}

/**
 * `value` parsed by the schema of `field` (defaults applied). Object kinds check just that field;
 * an action rule is checked whole, since which fields it may have depends on its kind.
 */
function validField(found: Located, field: string, value: unknown): unknown {
  const schema = ELEMENT_SCHEMA[found.kind];
  if (schema instanceof z.ZodObject) {
    const fieldSchema = (schema.shape as Record<string, z.ZodType>)[field];
    if (!fieldSchema) throw invalid(`${found.kind} has no field "${field}"`);
    const parsed = fieldSchema.safeParse(value);
    if (!parsed.success) throw invalid(`invalid ${found.kind}.${field}: ${parsed.error.issues[0]?.message ?? 'rejected'}`, { issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('/'), message: i.message })) });
    return parsed.data;
  }
  return validateElement(found.kind, { ...readElement(found.kind, found.map), [field]: value })[field];
}

export function renameElement(doc: Y.Doc, address: ElementAddress, apiName: string, origin: Origin = ORIGIN.local): void {
  if (!ApiName.safeParse(apiName).success) throw invalid(`invalid apiName "${apiName}"`);
  setField(doc, address, 'apiName', apiName, origin);
}

export interface TextEdit {
  index: number;
  remove: number;
  insert: string;
}

/** Splice a description (of an element, or of the ontology when `address` is null). */
export function editText(doc: Y.Doc, address: ElementAddress | null, edit: TextEdit, origin: Origin = ORIGIN.local): void {
  let text: unknown;
  if (address === null) text = rootMap(doc).get('description');
  else {
    const found = locate(doc, address);
    if (!isTextField(found.kind, 'description')) throw invalid(`${found.kind} has no description`);
    text = found.map.get('description');
  }
  if (!(text instanceof Y.Text)) throw invalid('description is missing from the document');
  const s = text.toString();
  const { index, remove, insert } = edit;
  if (!Number.isInteger(index) || !Number.isInteger(remove) || index < 0 || remove < 0 || index + remove > s.length) {
    throw invalid(`text edit ${index}+${remove} is out of range 0..${s.length}`);
  }
  if (splitsSurrogate(s, index) || splitsSurrogate(s, index + remove) || /^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(insert)) {
    throw invalid('text edit would split a surrogate pair');
  }
  if (s.length - remove + insert.length > DESCRIPTION_MAX) throw invalid(`description would exceed ${DESCRIPTION_MAX} characters`);
  doc.transact(() => {
    if (remove > 0) text.delete(index, remove);
    if (insert) text.insert(index, insert);
  }, origin);
}

/** Move a nested element right after sibling `after` (null: to the front) by giving it a new order key. */
export function moveChild(doc: Y.Doc, address: { id: string; parentId: string }, after: string | null, origin: Origin = ORIGIN.local): void {
  const found = locate(doc, address);
  if (after === address.id) throw invalid('cannot place an element after itself');
  const order = orderKeyAfter(found.container, after, address.id);
  doc.transact(() => found.map.set('order', order), origin);
}

/** Whether `kind`'s schema has `field` (member fields exist on some kinds only). */
function hasField(kind: ElementKind, field: string): boolean {
  const schema = ELEMENT_SCHEMA[kind];
  return schema instanceof z.ZodObject && field in (schema.shape as Record<string, unknown>);
}

function setMembership(doc: Y.Doc, address: ElementAddress, field: string, id: string, member: boolean, origin: Origin): void {
  const found = locate(doc, address);
  if (MEMBER_SET_FIELDS.has(field) && hasField(found.kind, field)) {
    // supertypes are object type ids; the other member sets also take IRIs (see IdOrIri).
    if (!(field === 'supertypes' ? Id : IdOrIri).safeParse(id).success) throw invalid(`invalid ${field} member "${id}"`);
    const key = setMemberKey(field, id);
    doc.transact(() => {
      if (member) found.map.set(key, true);
      else found.map.delete(key);
    }, origin);
    return;
  }
  if (!isSetField(found.kind, field)) throw invalid(`${found.kind}.${field} is not an id set`);
  if (!Id.safeParse(id).success) throw invalid(`invalid id "${id}"`);
  doc.transact(() => {
    const target = childMap(found.map, field);
    if (member) target.set(id, true);
    else target.delete(id);
  }, origin);
}

/**
 * Add or remove one annotation value of an element (or, with `address` null, of the ontology).
 * Values are members by content: adding an equal value again is a no-op, removing one that is not
 * there is a no-op, and concurrent adds from two peers both survive.
 */
export function setAnnotation(doc: Y.Doc, address: ElementAddress | null, key: string, value: unknown, present: boolean, origin: Origin = ORIGIN.local): void {
  const parsed = AnnotationValue.safeParse(value);
  if (!parsed.success) throw invalid(`invalid annotation value: ${parsed.error.issues[0]?.message ?? 'rejected'}`);
  if (typeof key !== 'string' || key.length === 0 || !AnnotationKey.safeParse(key).success) throw invalid(`invalid annotation key "${String(key).slice(0, 80)}"`);
  let target: Y.Map<unknown>;
  if (address === null) target = rootMap(doc);
  else {
    const found = locate(doc, address);
    if (!hasField(found.kind, ANNOTATIONS_FIELD)) throw invalid(`${found.kind} has no annotations`);
    target = found.map;
  }
  const memberKey = annotationMemberKey(key, parsed.data);
  doc.transact(() => {
    if (present) target.set(memberKey, normalizeAnnotationValue(parsed.data));
    else target.delete(memberKey);
  }, origin);
}

export function addToSet(doc: Y.Doc, address: ElementAddress, field: string, id: string, origin: Origin = ORIGIN.local): void {
  setMembership(doc, address, field, id, true, origin);
}

export function removeFromSet(doc: Y.Doc, address: ElementAddress, field: string, id: string, origin: Origin = ORIGIN.local): void {
  setMembership(doc, address, field, id, false, origin);
}

export function setOntologyName(doc: Y.Doc, name: string, origin: Origin = ORIGIN.local): void {
  if (typeof name !== 'string' || name.length < 1 || name.length > 200) throw invalid('ontology name must be 1-200 characters');
  doc.transact(() => rootMap(doc).set('name', name), origin);
}

/** Set (or with undefined remove) one metadata entry. */
export function setMeta(doc: Y.Doc, key: string, value: string | undefined, origin: Origin = ORIGIN.local): void {
  if (typeof key !== 'string' || key.length === 0) throw invalid('metadata key must be a non-empty string');
  if (value !== undefined && typeof value !== 'string') throw invalid('metadata values are strings');
  doc.transact(() => {
    const meta = childMap(rootMap(doc), 'meta');
    if (value === undefined) meta.delete(key);
    else meta.set(key, value);
  }, origin);
}
