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

/**
 * A field's value: its strings are mentions unless the field is prose (`prose`, looked up once per
 * field rather than once per string), arrays pass their field on to their items, and an object
 * under `values` mentions its keys (property ids). An import walks ~500k objects here, so the
 * type tests are ordered for the common leaf and arrays use an index loop (no iterator).
 */
function collectField(v: unknown, key: string, prose: boolean, out: Set<string>): void {
  if (typeof v === 'string') {
    if (!prose) out.add(v);
    return;
  }
  if (typeof v !== 'object' || v === null) return;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) collectField(v[i], key, prose, out);
    return;
  }
  collectRecord(v as JsonRecord, key === 'values', out);
}

function collectRecord(record: JsonRecord, keysAreIds: boolean, out: Set<string>): void {
  // for…in, not Object.keys: values are JSON data (own keys only), and each of the ~500k objects
  // would allocate a key array.
  for (const k in record) {
    if (keysAreIds) out.add(k);
    collectField(record[k], k, NOT_IDS.has(k), out);
  }
}

export function entityKeys(collection: Collection, id: string, value: unknown): EntityKeys {
  const ids = [id];
  const mentions = new Set<string>();
  if (!isRecord(value)) return { ids, name: undefined, mentions: [] };
  collectRecord(value, false, mentions);
  for (const field of Object.keys(NESTED[KIND_OF_COLLECTION[collection]] ?? {})) {
    const children = value[field];
    if (isRecord(children)) ids.push(...Object.keys(children));
  }
  // An element naming its own children (primaryKey, titleKey, a rule's own parameters) is no
  // referrer anyone looks up: it holds them, and holders are found by `ids`.
  for (const own of ids) mentions.delete(own);
  return { ids, name: foldName((value as JsonRecord).apiName), mentions: [...mentions] };
}
