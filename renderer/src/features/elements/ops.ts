/**
 * Element lifecycle as the UI offers it: create, rename, duplicate, deprecate, delete. Each is one
 * or more core/yjs edit ops on the replica with origin 'local' (so it is on the undo stack and is
 * pushed to main). References are ids, so a rename changes one field and every reference follows.
 */
import { createElement, deleteElement, renameElement, setField } from '../../../../core/yjs';
import { newId, type ObjectType, type TopLevelKind } from '../../../../core/model';
import { discrete, openSession } from '../../state/session';
import type { Entry, ModelIndex } from '../../state/model-index';

/** The smallest valid value of each kind; the editor fills in the rest. */
export function skeleton(kind: TopLevelKind, apiName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const base = { apiName, displayName: '', description: '', status: 'active', ...extra };
  switch (kind) {
    case 'linkType':
      return { cardinality: 'MANY_TO_ONE', fromObjectTypeId: '', toObjectTypeId: '', ...base };
    case 'sharedProperty':
    case 'valueType':
      return { baseType: { type: 'string' }, ...base };
    default:
      return base;
  }
}

export function createTopLevel(kind: TopLevelKind, apiName: string, extra: Record<string, unknown> = {}): string {
  const { doc } = openSession();
  return discrete(() => createElement(doc, { kind, value: skeleton(kind, apiName, extra) }));
}

/** A new object type gets an `id` property as primary key, so it is valid from the first keystroke. */
export function createObjectType(apiName: string): string {
  const { doc } = openSession();
  const pk = newId();
  const displayName = apiName.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  const id = newId();
  discrete(() => doc.transact(() => {
    createElement(doc, { kind: 'objectType', id, value: { ...skeleton('objectType', apiName), displayName, primaryKey: pk, titleKey: pk } });
    createElement(doc, { kind: 'property', parentId: id, id: pk, value: { apiName: 'id', displayName: 'ID', baseType: { type: 'string' }, required: true, order: 'V' } });
  }, 'local'));
  return id;
}

export function addProperty(parentId: string, apiName: string, after?: string | null): string {
  const { doc } = openSession();
  return discrete(() => createElement(doc, { kind: 'property', parentId, after, value: { apiName, displayName: '', baseType: { type: 'string' }, order: 'V' } }));
}

export function rename(entry: Entry, apiName: string): void {
  discrete(() => renameElement(openSession().doc, { id: entry.id }, apiName));
}

export function deprecate(entry: Entry, status: 'deprecated' | 'active'): void {
  discrete(() => setField(openSession().doc, { id: entry.id }, 'status', status));
}

export function remove(id: string): void {
  discrete(() => deleteElement(openSession().doc, { id }));
}

/** A copy with fresh ids for the element and its children (ids are unique ontology-wide). */
export function duplicate(entry: Entry): string {
  const { doc, index } = openSession();
  const value = structuredClone(entry.value) as unknown as Record<string, unknown>;
  const remap = new Map<string, string>();
  for (const field of ['properties', 'fields', 'parameters', 'rules']) {
    const children = value[field];
    if (!children || typeof children !== 'object' || Array.isArray(children)) continue;
    const next: Record<string, unknown> = {};
    for (const [cid, child] of Object.entries(children as Record<string, unknown>)) {
      const nid = newId();
      remap.set(cid, nid);
      next[nid] = child;
    }
    value[field] = next;
  }
  if (entry.kind === 'objectType') {
    const ot = value as unknown as ObjectType;
    if (ot.primaryKey) ot.primaryKey = remap.get(ot.primaryKey) ?? ot.primaryKey;
    if (ot.titleKey) ot.titleKey = remap.get(ot.titleKey) ?? ot.titleKey;
  }
  value.apiName = uniqueName(index, entry.kind, `${String(value.apiName)}Copy`);
  delete value.iri;
  return discrete(() => createElement(doc, { kind: entry.kind, value }));
}

export function uniqueName(index: ModelIndex, kind: TopLevelKind, wanted: string): string {
  const taken = new Set(index.list(kind).map((e) => (e.value as { apiName: string }).apiName.toLowerCase()));
  let name = wanted;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${wanted}${i}`;
  return name;
}

export interface Reference {
  from: Entry;
  /** Where inside `from`, e.g. `fromObjectTypeId` or `properties/…/valueTypeId`. */
  path: string;
}

/** Every element that mentions `id` (as a value or a key), for the delete preview. */
export function referencesTo(index: ModelIndex, id: string): Reference[] {
  const out: Reference[] = [];
  const walk = (from: Entry, v: unknown, path: string): void => {
    if (v === id) out.push({ from, path });
    else if (Array.isArray(v)) v.forEach((x, i) => walk(from, x, `${path}/${i}`));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === id && path !== '') out.push({ from, path: `${path}/${k}` });
        walk(from, x, path ? `${path}/${k}` : k);
      }
    }
  };
  for (const e of index.all()) if (e.id !== id) walk(e, e.value, '');
  return out;
}
