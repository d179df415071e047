/** Y.Doc → Ontology in canonical shape. */
import * as Y from 'yjs';
import { ModelError } from '../errors';
import { COLLECTION_OF_KIND, FORMAT_TAG, Ontology, canonicalize, type ElementKind } from '../model';
import { cloneJson } from './json';
import {
  DESCRIPTION_MAX, ELEMENT_SCHEMA, KIND_FIELD, childKindOf, entitiesMap, isSetField, isTextField, isTopLevelKind, rootMap,
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
  for (const [field, v] of m.entries()) {
    if (top && field === KIND_FIELD) continue;
    if (v instanceof Y.Text) out[field] = isTextField(kind, field) ? capText(v.toString()) : v.toString();
    else if (v instanceof Y.Map) {
      const childKind = childKindOf(kind, field);
      if (childKind) {
        const children: Record<string, unknown> = {};
        for (const [id, child] of (v as Y.Map<unknown>).entries()) {
          children[id] = child instanceof Y.Map ? readElement(childKind, child as YElement) : child;
        }
        out[field] = children;
      } else if (isSetField(kind, field)) out[field] = [...v.keys()].sort();
      else out[field] = v.toJSON();
    } else out[field] = cloneJson(v);
  }
  return out;
}

export interface DocReadOptions {
  /**
   * Drop elements that do not match the schema instead of throwing. For docs fed by untrusted peers;
   * docs changed only through this module's operations never need it.
   */
  lenient?: boolean;
}

export interface DocRead {
  ontology: Ontology;
  /** Ids of elements dropped in lenient mode (empty otherwise). */
  dropped: string[];
}

function rawOntology(doc: Y.Doc): Record<string, unknown> & { [collection: string]: unknown } {
  const root = rootMap(doc);
  const description = root.get('description');
  const meta = root.get('meta');
  const raw: Record<string, unknown> = {
    format: root.get('format') ?? FORMAT_TAG,
    name: root.get('name'),
    description: description instanceof Y.Text ? capText(description.toString()) : '',
    meta: meta instanceof Y.Map ? meta.toJSON() : {},
    objectTypes: {}, linkTypes: {}, interfaces: {}, sharedProperties: {}, valueTypes: {}, structTypes: {}, actionTypes: {},
  };
  for (const [id, m] of entitiesMap(doc).entries()) {
    const kind = m instanceof Y.Map ? m.get(KIND_FIELD) : undefined;
    // An entity without a known kind cannot be placed; it is reported by the schema check below.
    const collection = isTopLevelKind(kind) ? COLLECTION_OF_KIND[kind] : `unknown:${String(kind)}`;
    const bucket = (raw[collection] ??= {}) as Record<string, unknown>;
    bucket[id] = isTopLevelKind(kind) ? readElement(kind, m) : m;
  }
  return raw;
}

/** The doc's ontology, validated and canonical; throws DOC_INVALID (or drops, when lenient) on a bad element. */
export function readDoc(doc: Y.Doc, options: DocReadOptions = {}): DocRead {
  const raw = rawOntology(doc);
  const parsed = Ontology.safeParse(raw);
  if (parsed.success) return { ontology: canonicalize(parsed.data), dropped: [] };
  const issues = parsed.error.issues.slice(0, 50).map((i) => ({ path: i.path.map(String).join('/'), message: i.message }));
  if (!options.lenient) {
    const first = issues[0];
    throw new ModelError('DOC_INVALID', `document does not hold a valid ontology${first ? `: ${first.path || '(root)'}: ${first.message}` : ''}`, {
      issues, issueCount: parsed.error.issues.length,
    });
  }
  const dropped: string[] = [];
  const clean: Record<string, unknown> = { ...raw, name: typeof raw.name === 'string' && raw.name ? raw.name : 'Untitled', format: FORMAT_TAG };
  for (const [collection, elements] of Object.entries(raw)) {
    if (collection.startsWith('unknown:')) {
      dropped.push(...Object.keys(elements as object));
      delete clean[collection];
      continue;
    }
    const kind = Object.entries(COLLECTION_OF_KIND).find(([, c]) => c === collection)?.[0] as ElementKind | undefined;
    if (!kind) continue;
    const kept: Record<string, unknown> = {};
    for (const [id, value] of Object.entries(elements as Record<string, unknown>)) {
      if (ELEMENT_SCHEMA[kind].safeParse(value).success) kept[id] = value;
      else dropped.push(id);
    }
    clean[collection] = kept;
  }
  const retry = Ontology.safeParse(clean);
  if (!retry.success) throw new ModelError('DOC_INVALID', 'document root is not a valid ontology', { issues });
  return { ontology: canonicalize(retry.data), dropped: dropped.sort() };
}

export function docToOntology(doc: Y.Doc): Ontology {
  return readDoc(doc).ontology;
}
