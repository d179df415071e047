/**
 * A uniform view over every element of an ontology, top-level and nested, so validation, diff,
 * merge and change analysis walk the model the same way instead of each re-listing the collections.
 */
import {
  COLLECTIONS, KIND_OF_COLLECTION, NESTED,
  type Collection, type ElementKind, type NestedKind, type Ontology, type TopLevelElement, type TopLevelKind,
} from './schema';

export interface ElementRef {
  kind: ElementKind;
  id: string;
  /** For nested elements (properties, struct fields, action parameters/rules): the owner's id. */
  parentId?: string;
  /** JSON path segments from the ontology root, e.g. ['objectTypes', ot, 'properties', p]. */
  path: string[];
  apiName?: string;
  value: Record<string, unknown>;
}

export function* topLevelElements(o: Ontology): Generator<{ collection: Collection; kind: TopLevelKind; id: string; value: TopLevelElement }> {
  for (const collection of COLLECTIONS) {
    const kind = KIND_OF_COLLECTION[collection];
    for (const [id, value] of Object.entries(o[collection] as Record<string, TopLevelElement>)) {
      yield { collection, kind, id, value };
    }
  }
}

export function* nestedElements(kind: TopLevelKind, value: TopLevelElement): Generator<{ field: string; kind: NestedKind; id: string; value: Record<string, unknown> }> {
  const nested = NESTED[kind];
  if (!nested) return;
  for (const [field, childKind] of Object.entries(nested)) {
    const children = (value as unknown as Record<string, Record<string, Record<string, unknown>>>)[field] ?? {};
    for (const [id, child] of Object.entries(children)) yield { field, kind: childKind, id, value: child };
  }
}

/** Every element, parents before their children, in collection then key order. */
export function* allElements(o: Ontology): Generator<ElementRef> {
  for (const top of topLevelElements(o)) {
    const value = top.value as unknown as Record<string, unknown>;
    yield { kind: top.kind, id: top.id, path: [top.collection, top.id], apiName: value.apiName as string, value };
    for (const child of nestedElements(top.kind, top.value)) {
      yield {
        kind: child.kind,
        id: child.id,
        parentId: top.id,
        path: [top.collection, top.id, child.field, child.id],
        apiName: typeof child.value.apiName === 'string' ? child.value.apiName : undefined,
        value: child.value,
      } as ElementRef;
    }
  }
}

/** id → where it lives, for resolving references of any kind. Ids are unique across the whole ontology. */
export function indexElements(o: Ontology): Map<string, ElementRef> {
  const index = new Map<string, ElementRef>();
  for (const e of allElements(o)) index.set(e.id, e);
  return index;
}

/** Children sorted by their fractional order key (ties broken by id so the order is total). */
export function ordered<T extends { order: string }>(children: Record<string, T>): Array<[string, T]> {
  return Object.entries(children).sort(([ia, a], [ib, b]) => (a.order < b.order ? -1 : a.order > b.order ? 1 : ia < ib ? -1 : ia > ib ? 1 : 0));
}
