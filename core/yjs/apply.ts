/**
 * Land a whole target ontology on a live doc with the fewest field-level changes, in one
 * transaction: merge results, reverts, restores and imports then sync and merge like any edit,
 * and a concurrent edit to a field the target does not change survives.
 */
import * as Y from 'yjs';
import { COLLECTIONS, KIND_OF_COLLECTION, Ontology, type ElementKind } from '../model';
import { ModelError } from '../errors';
import { elementToYMap } from './encode';
import { KIND_FIELD, childKindOf, entitiesMap, isTopLevelKind, rootMap, type YElement } from './layout';
import { ORIGIN, type Origin } from './origins';
import { setText } from './text';
import { ANNOTATIONS_FIELD, memberFieldOf, writeMembers } from './members';
import { writeField } from './write';

function syncChildren(children: Y.Map<unknown>, kind: ElementKind, target: Record<string, Record<string, unknown>>): void {
  for (const id of [...children.keys()]) if (!(id in target)) children.delete(id);
  for (const [id, value] of Object.entries(target)) syncElement(children, id, kind, value);
}

/** Make `container[id]` hold `value` (an element of `kind`), editing in place where the shape allows. */
function syncElement(container: Y.Map<unknown>, id: string, kind: ElementKind, value: Record<string, unknown>): void {
  const current = container.get(id);
  const replace = !(current instanceof Y.Map)
    || (isTopLevelKind(kind) && current.get(KIND_FIELD) !== kind)
    // A rule's fields depend on its kind: change it by replacing the rule (see layout.ts).
    || (kind === 'actionRule' && current.get('kind') !== value.kind);
  if (replace) {
    container.set(id, elementToYMap(kind, value));
    return;
  }
  syncFields(current as YElement, kind, value);
}

function syncFields(m: YElement, kind: ElementKind, value: Record<string, unknown>): void {
  const top = isTopLevelKind(kind);
  for (const field of [...m.keys()]) {
    if (top && field === KIND_FIELD) continue;
    const memberField = memberFieldOf(field);
    // Member keys of a field the target lacks go; those of a field it has are diffed by writeField.
    if (memberField !== undefined ? value[memberField] === undefined : value[field] === undefined) m.delete(field);
  }
  for (const [field, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const cur = m.get(field);
    const childKind = childKindOf(kind, field);
    if (childKind && cur instanceof Y.Map) syncChildren(cur, childKind, v as Record<string, Record<string, unknown>>);
    else writeField(m, kind, field, v);
  }
}

/**
 * Change `doc` so that docToOntology(doc) equals `target`, in ONE transaction with `origin`.
 * Untouched fields are not written; descriptions are edited by common prefix/suffix.
 * `target` is validated first (MODEL_INVALID); on error the doc is untouched.
 */
export function applyOntology(doc: Y.Doc, target: Ontology, origin: Origin = ORIGIN.merge): void {
  const parsed = Ontology.safeParse(target);
  if (!parsed.success) {
    throw new ModelError('MODEL_INVALID', `applyOntology: target is not a valid ontology: ${parsed.error.issues[0]?.message ?? ''}`);
  }
  const o = parsed.data;
  doc.transact(() => {
    const root = rootMap(doc);
    if (root.get('format') !== o.format) root.set('format', o.format);
    if (root.get('name') !== o.name) root.set('name', o.name);
    const description = root.get('description');
    if (description instanceof Y.Text) setText(description, o.description);
    else root.set('description', new Y.Text(o.description));
    const meta = root.get('meta');
    if (meta instanceof Y.Map) {
      for (const k of [...meta.keys()]) if (!(k in o.meta)) meta.delete(k);
      for (const [k, v] of Object.entries(o.meta)) if (meta.get(k) !== v) meta.set(k, v);
    } else {
      const m = new Y.Map<string>();
      for (const [k, v] of Object.entries(o.meta)) m.set(k, v);
      root.set('meta', m);
    }
    writeMembers(root, ANNOTATIONS_FIELD, o.annotations);
    const entities = entitiesMap(doc);
    const wanted = new Map<string, ElementKind>();
    for (const collection of COLLECTIONS) for (const id of Object.keys(o[collection])) wanted.set(id, KIND_OF_COLLECTION[collection]);
    for (const id of [...entities.keys()]) if (!wanted.has(id)) entities.delete(id);
    for (const collection of COLLECTIONS) {
      const kind = KIND_OF_COLLECTION[collection];
      for (const [id, value] of Object.entries(o[collection])) syncElement(entities as Y.Map<unknown>, id, kind, value as Record<string, unknown>);
    }
  }, origin);
}
