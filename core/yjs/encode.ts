/** Ontology → Y.Doc, and element values → prelim Y.Maps (shared by import, create and apply). */
import * as Y from 'yjs';
import { COLLECTIONS, KIND_OF_COLLECTION, type ElementKind, type Ontology } from '../model';
import { ModelError } from '../errors';
import { cloneJson } from './json';
import { ENTITIES_MAP, KIND_FIELD, ROOT_MAP, childKindOf, entitiesMap, isSetField, isTextField, isTopLevelKind, rootMap, type YElement } from './layout';
import { ANNOTATIONS_FIELD, isMemberField, memberEntries } from './members';
import { ORIGIN, type Origin } from './origins';

export function idSetToYMap(ids: readonly string[]): Y.Map<true> {
  const m = new Y.Map<true>();
  for (const id of ids) m.set(id, true);
  return m;
}

/** Encoded form of one field value of an element of `kind` (a fresh Yjs type or a JSON copy). */
export function encodeField(kind: ElementKind, field: string, value: unknown): unknown {
  if (isTextField(kind, field)) return new Y.Text(typeof value === 'string' ? value : '');
  if (isSetField(kind, field)) return idSetToYMap(value as string[]);
  const childKind = childKindOf(kind, field);
  if (childKind) {
    const children = new Y.Map<YElement>();
    for (const [id, child] of Object.entries(value as Record<string, Record<string, unknown>>)) children.set(id, elementToYMap(childKind, child));
    return children;
  }
  return cloneJson(value);
}

/** A prelim Y.Map holding a (schema-valid) element; top-level ones carry their `kind` tag. */
export function elementToYMap(kind: ElementKind, value: Record<string, unknown>): YElement {
  const m = new Y.Map<unknown>();
  if (isTopLevelKind(kind)) m.set(KIND_FIELD, kind);
  for (const [field, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (isMemberField(field)) for (const [key, member] of memberEntries(field, v)) m.set(key, cloneJson(member));
    else m.set(field, encodeField(kind, field, v));
  }
  return m;
}

/**
 * Write `o` into a doc that must be empty (use applyOntology to change a doc that has content).
 * One transaction with `origin`, so an import is one update and never on the undo stack.
 */
export function ontologyToDoc(o: Ontology, doc: Y.Doc = new Y.Doc(), origin: Origin = ORIGIN.import): Y.Doc {
  const root = rootMap(doc);
  const entities = entitiesMap(doc);
  if (root.size > 0 || entities.size > 0) {
    throw new ModelError('DOC_NOT_EMPTY', `ontologyToDoc needs an empty doc (maps "${ROOT_MAP}" and "${ENTITIES_MAP}" are not); use applyOntology`);
  }
  doc.transact(() => {
    root.set('format', o.format);
    root.set('name', o.name);
    root.set('description', new Y.Text(o.description));
    const meta = new Y.Map<string>();
    for (const [k, v] of Object.entries(o.meta)) meta.set(k, v);
    root.set('meta', meta);
    for (const [key, member] of memberEntries(ANNOTATIONS_FIELD, o.annotations)) root.set(key, cloneJson(member));
    for (const collection of COLLECTIONS) {
      const kind = KIND_OF_COLLECTION[collection];
      for (const [id, value] of Object.entries(o[collection])) entities.set(id, elementToYMap(kind, value as Record<string, unknown>));
    }
  }, origin);
  return doc;
}
