/**
 * What a stored entity (one top-level element with its nested children) can be found by without
 * reading the rest of the ontology: the element ids it holds, its top-level apiName (case-folded,
 * as collisions and DUPLICATE_API_NAME judge names) and every id-like string it mentions.
 * The proportional merge (main/services/merge/proportional.ts) looks entities up by these keys to
 * pull into its view exactly the untouched elements a check could depend on.
 *
 * `mentions` over-approximates on purpose: every string leaf except free text and enum-valued
 * fields, and the keys of `values` maps (property ids). Pulling an extra element into a view only
 * costs a row read; missing one would make the proportional result differ from the full merge.
 */
import { NESTED, type Collection } from '../model';
import { isRecord, type JsonRecord } from '../diff/values';
import { KIND_OF_COLLECTION } from '../model';

/** Fields whose strings are prose, display data or enums, never element ids. */
const NOT_IDS: ReadonlySet<string> = new Set([
  'apiName', 'displayName', 'pluralDisplayName', 'fromDisplayName', 'toDisplayName', 'description', 'icon', 'color',
  'order', 'type', 'status', 'pii', 'cardinality', 'regex', 'pattern',
]);

export interface EntityKeys {
  /** The top-level id and every nested element's id. */
  ids: string[];
  /** Case-folded top-level apiName, if it has one. */
  name: string | undefined;
  /** Id-like strings the element or its children mention (references of every kind). */
  mentions: string[];
}

export const foldName = (name: unknown): string | undefined => (typeof name === 'string' ? name.toLowerCase() : undefined);

function collectMentions(v: unknown, key: string | undefined, out: Set<string>): void {
  if (typeof v === 'string') {
    if (key === undefined || !NOT_IDS.has(key)) out.add(v);
    return;
  }
  if (Array.isArray(v)) {
    for (const x of v) collectMentions(x, key, out);
    return;
  }
  if (!isRecord(v)) return;
  // for…in, not Object.keys: values are JSON data (own keys only), and an import walks ~500k
  // objects here, each of which would allocate a key array.
  for (const k in v) {
    if (key === 'values') out.add(k);
    collectMentions(v[k], k, out);
  }
}

export function entityKeys(collection: Collection, id: string, value: unknown): EntityKeys {
  const ids = [id];
  const mentions = new Set<string>();
  if (!isRecord(value)) return { ids, name: undefined, mentions: [] };
  collectMentions(value, undefined, mentions);
  for (const field of Object.keys(NESTED[KIND_OF_COLLECTION[collection]] ?? {})) {
    const children = value[field];
    if (isRecord(children)) ids.push(...Object.keys(children));
  }
  // An element naming its own children (primaryKey, titleKey, a rule's own parameters) is no
  // referrer anyone looks up: it holds them, and holders are found by `ids`.
  for (const own of ids) mentions.delete(own);
  return { ids, name: foldName((value as JsonRecord).apiName), mentions: [...mentions] };
}
