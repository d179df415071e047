/** Y.Doc → Ontology in canonical shape. */
import * as Y from 'yjs';
import { ModelError } from '../errors';
import { COLLECTION_OF_KIND, FORMAT_TAG, NESTED, Ontology, canonicalize, type ElementKind, type TopLevelKind } from '../model';
import { cloneJson } from './json';
import { MemberReader, memberFieldOf } from './members';
import {
  DESCRIPTION_MAX, ELEMENT_SCHEMA, KIND_FIELD, TOP_LEVEL_KINDS, childKindOf, entitiesMap, isSetField, isTextField, isTopLevelKind, rootMap,
  type YElement,
} from './layout';

/** Concurrent inserts can grow a text past the model's cap; cut it there (never inside a surrogate pair). */
function capText(text: string): string {
  if (text.length <= DESCRIPTION_MAX) return text;
  const cut = text.charCodeAt(DESCRIPTION_MAX - 1) >= 0xd800 && text.charCodeAt(DESCRIPTION_MAX - 1) <= 0xdbff ? DESCRIPTION_MAX - 1 : DESCRIPTION_MAX;
  return text.slice(0, cut);
}

/** Plain value of a Yjs element map, as the model shapes it (no validation here). */
export function readElement(kind: ElementKind, m: YElement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const top = isTopLevelKind(kind);
  let members: MemberReader | undefined;
  // forEach rather than entries(): this is the hot loop of every read, and the iterator allocates.
  m.forEach((v, field) => {
    if (top && field === KIND_FIELD) return;
    const memberField = memberFieldOf(field);
    if (memberField !== undefined) {
      (members ??= new MemberReader()).add(memberField, field, v);
      return;
    }
    if (v instanceof Y.Text) out[field] = isTextField(kind, field) ? capText(v.toString()) : v.toString();
    else if (v instanceof Y.Map) {
      const childKind = childKindOf(kind, field);
      if (childKind) {
        const children: Record<string, unknown> = {};
        (v as Y.Map<unknown>).forEach((child, id) => {
          children[id] = child instanceof Y.Map ? readElement(childKind, child as YElement) : child;
        });
        out[field] = children;
      } else if (isSetField(kind, field)) out[field] = [...v.keys()].sort();
      else out[field] = v.toJSON();
    } else out[field] = cloneJson(v);
  });
  members?.into(out);
  return out;
}

export interface DocReadOptions {
  /**
   * Drop elements (or nested children) that do not match the schema instead of throwing. For docs fed
   * by untrusted peers. Docs changed only through this module's operations never need it, except
   * while updates are missing (see `incomplete`), where it is applied automatically.
   */
  lenient?: boolean;
}

export interface DocRead {
  ontology: Ontology;
  /** Ids of elements dropped (empty unless lenient or incomplete). */
  dropped: string[];
  /**
   * The doc holds updates whose causal predecessors have not arrived (Yjs pending structs). It can
   * then briefly miss a value that a later update replaced (e.g. a moved child's old `order` is
   * deleted, the new one waits), so such elements are dropped until the gap is filled.
   */
  incomplete: boolean;
  /**
   * `id.field` of required values that no replica holds any more, filled with a stand-in (see
   * REQUIRED_STAND_INS). Yjs can get there when a replica deletes an element while an update to it is
   * still in flight and then undoes the delete: the restored copy lacks the value it never saw.
   */
  repaired: string[];
}

/**
 * Stand-ins for required fields without a default, by kind: deterministic (every replica reads the
 * same), schema-valid, and visible to validation (a dangling reference, a non-conventional name)
 * so the user sees and fixes it, instead of the whole branch becoming unreadable.
 */
const REQUIRED_STAND_INS: Partial<Record<ElementKind, Record<string, (id: string) => unknown>>> = (() => {
  const named = { apiName: (id: string): string => id };
  const typed = { ...named, baseType: (): unknown => ({ type: 'string' }) };
  const child = { ...typed, order: (id: string): string => id };
  return {
    objectType: named, interface: named, structType: named, actionType: named,
    sharedProperty: typed, valueType: typed,
    property: child, structField: child, actionParameter: child,
    linkType: { ...named, fromObjectTypeId: (id) => id, toObjectTypeId: (id) => id, cardinality: () => 'MANY_TO_MANY' },
  };
})();

function fillMissing(kind: ElementKind, id: string, value: Record<string, unknown>, repaired: string[]): void {
  for (const [field, make] of Object.entries(REQUIRED_STAND_INS[kind] ?? {})) {
    if (value[field] === undefined) {
      value[field] = make(id);
      repaired.push(`${id}.${field}`);
    }
  }
  for (const [field, childKind] of Object.entries(isTopLevelKind(kind) ? NESTED[kind] ?? {} : {})) {
    const children = value[field];
    if (children && typeof children === 'object') {
      for (const [cid, c] of Object.entries(children as Record<string, unknown>)) {
        if (c && typeof c === 'object' && !Array.isArray(c)) fillMissing(childKind, cid, c as Record<string, unknown>, repaired);
      }
    }
  }
}

/** Whether the doc is waiting for updates that earlier-received ones depend on. */
export function isIncomplete(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

/** Root fields as plain values (collections empty), with stand-ins for a missing name. */
export function readRoot(doc: Y.Doc, repaired: string[]): Record<string, unknown> {
  const root = rootMap(doc);
  const description = root.get('description');
  const meta = root.get('meta');
  const members = new MemberReader();
  root.forEach((v, key) => {
    const field = memberFieldOf(key);
    if (field !== undefined) members.add(field, key, v);
  });
  const annotations: Record<string, unknown> = {};
  members.into(annotations);
  return {
    ...annotations,
    format: root.get('format') ?? FORMAT_TAG,
    name: root.get('name') ?? (repaired.push('ontology.name'), 'Untitled'),
    description: description instanceof Y.Text ? capText(description.toString()) : '',
    meta: meta instanceof Y.Map ? meta.toJSON() : {},
    objectTypes: {}, linkTypes: {}, interfaces: {}, sharedProperties: {}, valueTypes: {}, structTypes: {}, actionTypes: {},
  };
}

/**
 * One entity as a plain value with stand-ins filled, and the collection it belongs to. An entity
 * without a known kind cannot be placed: it goes to an `unknown:` collection the schema rejects.
 */
export function readEntity(id: string, m: unknown, repaired: string[]): { collection: string; kind?: TopLevelKind; value: unknown } {
  const kind = m instanceof Y.Map ? m.get(KIND_FIELD) : undefined;
  if (!isTopLevelKind(kind)) return { collection: `unknown:${String(kind)}`, value: m };
  const value = readElement(kind, m as YElement);
  fillMissing(kind, id, value, repaired);
  return { collection: COLLECTION_OF_KIND[kind], kind, value };
}

function rawOntology(doc: Y.Doc, repaired: string[]): Record<string, unknown> {
  const raw = readRoot(doc, repaired);
  entitiesMap(doc).forEach((m, id) => {
    const { collection, value } = readEntity(id, m, repaired);
    ((raw[collection] ??= {}) as Record<string, unknown>)[id] = value;
  });
  return raw;
}

/** Drop the schema-invalid children of one element (in place); returns whether the element itself is valid. */
export function dropInvalidChildren(kind: TopLevelKind, value: Record<string, unknown>, dropped: string[]): boolean {
  for (const [field, childKind] of Object.entries(NESTED[kind] ?? {})) {
    const children = value[field];
    if (!children || typeof children !== 'object') continue;
    for (const [cid, child] of Object.entries(children as Record<string, unknown>)) {
      if (!ELEMENT_SCHEMA[childKind].safeParse(child).success) {
        delete (children as Record<string, unknown>)[cid];
        dropped.push(cid);
      }
    }
  }
  return ELEMENT_SCHEMA[kind].safeParse(value).success;
}

/** Keep only the schema-valid children and elements of `raw`; returns the dropped ids. */
function dropInvalid(raw: Record<string, unknown>): string[] {
  const dropped: string[] = [];
  for (const collection of Object.keys(raw)) {
    if (collection.startsWith('unknown:')) {
      dropped.push(...Object.keys(raw[collection] as object));
      delete raw[collection];
    }
  }
  for (const kind of TOP_LEVEL_KINDS) {
    const elements = raw[COLLECTION_OF_KIND[kind]] as Record<string, Record<string, unknown>>;
    for (const [id, value] of Object.entries(elements)) {
      if (!dropInvalidChildren(kind, value, dropped)) {
        delete elements[id];
        dropped.push(id);
      }
    }
  }
  fixRoot(raw);
  return dropped.sort();
}

/** Root stand-ins for lenient reads (a peer wrote a bad name or format). */
export function fixRoot(raw: Record<string, unknown>): void {
  if (typeof raw.name !== 'string' || raw.name.length === 0 || raw.name.length > 200) raw.name = 'Untitled';
  raw.format = FORMAT_TAG;
}

/** The doc's ontology, validated and canonical; throws DOC_INVALID on a bad element unless lenient. */
export function readDoc(doc: Y.Doc, options: DocReadOptions = {}): DocRead {
  const repaired: string[] = [];
  const raw = rawOntology(doc, repaired);
  const parsed = Ontology.safeParse(raw);
  const incomplete = isIncomplete(doc);
  if (parsed.success) return { ontology: canonicalize(parsed.data), dropped: [], incomplete, repaired: repaired.sort() };
  const issues = parsed.error.issues.slice(0, 50).map((i) => ({ path: i.path.map(String).join('/'), message: i.message }));
  if (!options.lenient && !incomplete) {
    const first = issues[0];
    throw new ModelError('DOC_INVALID', `document does not hold a valid ontology${first ? `: ${first.path || '(root)'}: ${first.message}` : ''}`, {
      issues, issueCount: parsed.error.issues.length,
    });
  }
  const dropped = dropInvalid(raw);
  const retry = Ontology.safeParse(raw);
  if (!retry.success) throw new ModelError('DOC_INVALID', 'document root is not a valid ontology', { issues });
  return { ontology: canonicalize(retry.data), dropped, incomplete, repaired: repaired.sort() };
}

/** The doc's ontology in canonical shape (see readDoc for what happens with a gap or a bad element). */
export function docToOntology(doc: Y.Doc): Ontology {
  return readDoc(doc).ontology;
}
