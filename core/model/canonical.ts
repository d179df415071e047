/**
 * Canonical JSON `oms/1`: defaults applied, keys sorted, set-like arrays sorted and de-duplicated.
 * The same ontology always gives the same bytes, so content hashes and diffs mean something.
 */
import { digest } from 'lib0/hash/sha256';
import { toBase64 } from 'lib0/buffer';
import { encodeUtf8 } from 'lib0/string';
import { ModelError } from '../errors';
import { canonicalAnnotations, type Annotations } from './annotations';
import { fastParseOntology, fastReadJson } from './fast-parse';
import { COLLECTIONS, Ontology, type Collection } from './schema';
import { checkDuplicateKeys, parseJsonStrict, stripBom } from './strict-json';

export interface ModelIssue {
  path: string;
  message: string;
}

/** Parse anything (a file's JSON, an IPC payload) into an Ontology in canonical shape, or throw MODEL_INVALID. */
export function parseOntology(input: unknown): Ontology {
  // The hand-written reader returns zod's own result for well-formed input; zod decides and reports the rest.
  const fast = fastParseOntology(input);
  if (fast) return canonicalizeWith(fast, SHARE);
  const result = Ontology.safeParse(input);
  if (!result.success) {
    const issues: ModelIssue[] = result.error.issues.slice(0, 50).map((i) => ({
      path: i.path.map(String).join('/'),
      message: i.message,
    }));
    const first = issues[0];
    throw new ModelError(
      'MODEL_INVALID',
      `not a valid oms/1 ontology${first ? `: ${first.path || '(root)'}: ${first.message}` : ''}`,
      { issues, issueCount: result.error.issues.length },
    );
  }
  return canonicalizeWith(result.data, SHARE);
}

/**
 * parseOntology(parseJsonStrict(text, source)), the way a file is read: same result, same errors
 * (invalid JSON throws JSON.parse's SyntaxError for the caller to wrap, then JSON_DUPLICATE_KEY,
 * then MODEL_INVALID). The text is parsed once and the parsed value read in place (fastReadJson),
 * so a canonical file's ontology is JSON.parse's own objects, with no copy in between.
 */
export function parseOntologyText(text: string, source = 'JSON'): Ontology {
  const body = stripBom(text);
  const fast = fastReadJson(JSON.parse(body));
  // Given up: the reader may have changed that value, so zod gets a fresh one, and decides.
  if (!fast) return parseOntology(parseJsonStrict(body, source));
  checkDuplicateKeys(body, fast.keys, source);
  return canonicalizeWith(fast.ontology, SHARE);
}

function sortedSet(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort();
}

/** Strictly ascending: already sorted and de-duplicated. */
function isSortedSet(ids: readonly string[]): boolean {
  for (let i = 1; i < ids.length; i++) if (!((ids[i - 1] as string) < (ids[i] as string))) return false;
  return true;
}

/** Sorted, de-duplicated; undefined when empty (optional set fields leave no trace when empty). */
function optionalSet(ids: readonly string[] | undefined): string[] | undefined {
  return ids === undefined || ids.length === 0 ? undefined : sortedSet(ids);
}

interface Extras {
  annotations?: Annotations | undefined;
  subPropertyOf?: string[] | undefined;
  supertypes?: string[] | undefined;
  equivalentTo?: string[] | undefined;
  disjointWith?: string[] | undefined;
}
const EXTRA_SETS = ['subPropertyOf', 'supertypes', 'equivalentTo', 'disjointWith'] as const;

/**
 * How canonicalisation treats values that are canonical already. `copy` (canonicalize, public)
 * returns new top-level and object-type objects as it always has, since callers may edit its
 * result. `share` (parseOntology on its own fresh parse, canonicalJson, which only serialises)
 * returns every object and array that would come out equal, so canonical input allocates nothing.
 */
interface Mode {
  set(ids: readonly string[]): string[];
  /** An element with `fields` replaced, or the element itself when sharing and nothing changed. */
  with<T extends object>(e: T, fields: Partial<T>): T;
  extras<T extends Extras>(e: T): T;
}

/**
 * The optional hierarchy/annotation fields in canonical shape, dropped when empty. Returns the
 * element itself when it has none of them, so the common case allocates nothing.
 */
function canonicalExtras<T extends Extras>(e: T): T {
  if (e.annotations === undefined && EXTRA_SETS.every((f) => e[f] === undefined)) return e;
  const out: T = { ...e };
  const annotations = canonicalAnnotations(e.annotations);
  if (annotations) out.annotations = annotations;
  else delete out.annotations;
  for (const f of EXTRA_SETS) {
    const set = optionalSet(e[f]);
    if (set) out[f] = set;
    else delete out[f];
  }
  return out;
}

/** canonicalExtras(e) is e itself (deep-equal, same keys) when no annotations and each set is absent or non-empty and sorted. */
function extrasCanonical(e: Extras): boolean {
  if (e.annotations !== undefined) return false;
  let any = false;
  for (const f of EXTRA_SETS) {
    const v = e[f];
    if (v === undefined) continue;
    if (v.length === 0 || !isSortedSet(v)) return false;
    any = true;
  }
  if (!any) return true; // canonicalExtras returns the element itself then
  // Otherwise it copies and drops keys holding undefined: equal only when there are none.
  return !Object.hasOwn(e, 'annotations') && EXTRA_SETS.every((f) => e[f] !== undefined || !Object.hasOwn(e, f));
}

const COPY: Mode = {
  set: sortedSet,
  with: (e, fields) => ({ ...e, ...fields }),
  extras: canonicalExtras,
};

const SHARE: Mode = {
  set: (ids) => (isSortedSet(ids) ? (ids as string[]) : sortedSet(ids)),
  with: (e, fields) => {
    for (const k in fields) if (fields[k] !== e[k]) return { ...e, ...fields };
    return e;
  },
  extras: (e) => (extrasCanonical(e) ? e : canonicalExtras(e)),
};

/** Children records with canonical extras; the same record when no child changes. */
function canonicalChildren<T extends Extras>(children: Record<string, T>, mode: Mode): Record<string, T> {
  let out: Record<string, T> | undefined;
  for (const id in children) {
    const child = children[id] as T;
    const c = mode.extras(child);
    if (c !== child) (out ??= { ...children })[id] = c;
  }
  return out ?? children;
}

function canonicalRecord<T extends Extras>(record: Record<string, T>, mode: Mode, each: (e: T) => T = (e) => mode.extras(e)): Record<string, T> {
  const out: Record<string, T> = {};
  let changed = mode === COPY;
  for (const id in record) {
    const e = record[id] as T;
    const c = each(e);
    if (c !== e) changed = true;
    out[id] = c;
  }
  return changed ? out : record;
}

function canonicalizeWith(o: Ontology, mode: Mode): Ontology {
  const objectTypes = canonicalRecord(o.objectTypes, mode, (ot) => mode.extras(mode.with(ot, {
    implements: mode.set(ot.implements), properties: canonicalChildren(ot.properties, mode),
  })));
  const interfaces = canonicalRecord(o.interfaces, mode, (itf) => mode.extras(mode.with(itf, {
    extends: mode.set(itf.extends), properties: mode.set(itf.properties),
  })));
  const valueTypes = canonicalRecord(o.valueTypes, mode, (vt) => {
    const e = vt.constraints.enum;
    const deduped = e ? dedupeEnum(e) : undefined;
    return mode.extras(deduped && (mode === COPY || deduped.length !== e?.length) ? { ...vt, constraints: { ...vt.constraints, enum: deduped } } : vt);
  });
  const structTypes = canonicalRecord(o.structTypes, mode, (st) => mode.extras(mode.with(st, { fields: canonicalChildren(st.fields, mode) })));
  const actionTypes = canonicalRecord(o.actionTypes, mode, (at) => mode.extras(mode.with(at, { parameters: canonicalChildren(at.parameters, mode) })));
  return mode.extras(mode.with(o, {
    objectTypes, interfaces, valueTypes, structTypes, actionTypes,
    linkTypes: canonicalRecord(o.linkTypes, mode), sharedProperties: canonicalRecord(o.sharedProperties, mode),
  }));
}

/** Normalise set-valued arrays in place order-independently; returns a new object. */
export function canonicalize(o: Ontology): Ontology {
  return canonicalizeWith(o, COPY);
}

/**
 * canonicalize(o) for reading only (hashing, serialising): every part of `o` that is canonical
 * already is returned as it is, not copied, so the result must not be edited.
 */
export function canonicalView(o: Ontology): Ontology {
  return canonicalizeWith(o, SHARE);
}

/** Enum values keep the author's order (it is meaningful to readers) but lose duplicates. */
function dedupeEnum(values: readonly (string | number)[]): (string | number)[] {
  const seen = new Set<string>();
  const out: (string | number)[] = [];
  for (const v of values) {
    const k = `${typeof v}:${v}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(v);
    }
  }
  return out;
}

/** JSON with object keys sorted at every level; `undefined` members are dropped like JSON.stringify does. */
export function stableStringify(value: unknown, indent?: number): string {
  let sorted: unknown;
  try {
    sorted = sortedShare(value);
  } catch (err) {
    if (err !== NOT_PLAIN) throw err;
    sorted = sortKeysDeep(value);
  }
  return JSON.stringify(sorted, null, indent);
}

const NOT_PLAIN = new Error('not plain JSON data');

/**
 * The order stableStringify writes these object keys in: array-index keys ascending (JavaScript
 * enumerates them first in every object, the sorted copy too), then the rest sorted. For writers
 * that assemble canonical JSON from parts (the store's entity rows) instead of one object.
 */
export function canonicalKeyOrder(keys: readonly string[]): string[] {
  const rest = keys.filter((k) => !isArrayIndex(k)).sort();
  if (rest.length === keys.length) return rest;
  return [...keys.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b)), ...rest];
}

/** Canonical decimal below 2³²−1: such keys enumerate first, ascending, in every object. */
function isArrayIndex(k: string): boolean {
  const c = k.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(?:0|[1-9]\d{0,9})$/.test(k) && Number(k) < 4_294_967_295;
}

/**
 * What sortKeysDeep(value) serialises to, sharing every object and array whose keys already
 * enumerate in sorted order (canonical JSON read back, objects built in key order), so the common
 * case copies nothing: on a 50k-type ontology the full copy cost more than JSON.stringify itself.
 * Copied where JSON would differ: keys out of order, an own `__proto__` key (the copy drops it).
 * Anything but plain objects and arrays (a Date, a class instance, a toJSON method) throws
 * NOT_PLAIN, and the caller takes sortKeysDeep for the whole value, whose rules for those stand.
 */
function sortedShare(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype || Object.hasOwn(value, 'toJSON')) throw NOT_PLAIN;
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const s = shared(v);
      if (s !== v && !out) out = value.slice(0, i);
      if (out) out.push(s);
    }
    return out ?? value;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  const o = value as Record<string, unknown>;
  if ((proto !== Object.prototype && proto !== null) || typeof o.toJSON === 'function') throw NOT_PLAIN;
  // In order already (array-index keys, which always enumerate first, aside)? for…in rather than
  // Object.keys: no key array per object; the prototype is Object.prototype or null, so it yields own keys.
  let sorted = true;
  let prev: string | undefined;
  for (const k in o) {
    if (prev === undefined && isArrayIndex(k)) continue;
    if (prev !== undefined && !(prev < k)) {
      sorted = false;
      break;
    }
    prev = k;
  }
  if (sorted && !Object.hasOwn(o, '__proto__')) {
    // Shared unless a member changes (then copied in this same order).
    let out: Record<string, unknown> | undefined;
    for (const k in o) {
      const v = o[k];
      const s = shared(v);
      if (s !== v && !out) {
        out = {};
        for (const m in o) {
          if (m === k) break;
          if (o[m] !== undefined) out[m] = o[m];
        }
      }
      if (out && s !== undefined) out[k] = s;
    }
    return out ?? o;
  }
  const keys = Object.keys(o);
  // sortKeysDeep's own copy for this object: keys sorted, undefined left out, `__proto__` assigned (so dropped).
  const out: Record<string, unknown> = {};
  for (const k of keys.slice().sort()) {
    const v = sortedShare(o[k]);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/**
 * sortedShare(v), with the call left out for a primitive (returned as it is): most values of an
 * ontology are strings and booleans, and the call per leaf was a third of the walk's time.
 */
function shared(v: unknown): unknown {
  return v !== null && typeof v === 'object' ? sortedShare(v) : v;
}

export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeysDeep(v);
    }
    return out;
  }
  return value;
}

/**
 * Canonical bytes of a parsed ontology (compact unless `pretty`, which `oms fmt` writes with a
 * final newline). Takes a parsed Ontology so hot paths do not re-validate; use parseOntology first.
 */
export function canonicalJson(o: Ontology, options: { pretty?: boolean } = {}): string {
  const parsed = canonicalizeWith(o, SHARE);
  return options.pretty ? `${stableStringify(parsed, 2)}\n` : stableStringify(parsed);
}

const COLLECTION_KEYS: ReadonlySet<string> = new Set(COLLECTIONS);

/**
 * canonicalJson(o) (compact) handed to `write` in pieces, in order: every top-level field, and each
 * element of a collection on its own, so a caller that only hashes the text never holds it whole
 * (46 MB at 50k types, next to the parsed ontology). Same rules as stableStringify's: keys in
 * canonicalKeyOrder, undefined members left out.
 */
export function writeCanonicalJson(o: Ontology, write: (piece: string) => void): void {
  const c = canonicalizeWith(o, SHARE) as unknown as Record<string, unknown>;
  writeCanonicalParts(c, (collection) => {
    const members = c[collection] as Record<string, unknown>;
    return { ids: Object.keys(members).filter((id) => members[id] !== undefined), body: (id) => stableStringify(members[id]) };
  }, write);
}

/**
 * writeCanonicalJson's pieces from parts: the canonical ontology's top-level fields (`header`; a
 * collection's value there is not read) and, per collection, its members' ids and each one's
 * canonical JSON (asked for in canonical order, one at a time). For a reader that holds the
 * elements' texts rather than the ontology (`oms stats` reading its file element by element).
 */
export function writeCanonicalParts(header: Record<string, unknown>, members: (collection: Collection) => { ids: readonly string[]; body: (id: string) => string }, write: (piece: string) => void): void {
  const defined = (r: Record<string, unknown>): string[] => canonicalKeyOrder(Object.keys(r)).filter((k) => r[k] !== undefined);
  write('{');
  defined(header).forEach((k, i) => {
    write(`${i > 0 ? ',' : ''}${JSON.stringify(k)}:`);
    const v = header[k];
    if (!COLLECTION_KEYS.has(k) || v === null || typeof v !== 'object' || Array.isArray(v)) return write(stableStringify(v));
    const { ids, body } = members(k as Collection);
    write('{');
    canonicalKeyOrder(ids).forEach((id, j) => write(`${j > 0 ? ',' : ''}${JSON.stringify(id)}:${body(id)}`));
    write('}');
  });
  write('}');
}

/** sha256 of canonical compact JSON (or of any JSON value by the same rules), as `sha256-<base64url>`. */
export function contentHash(value: unknown): string {
  const text = typeof value === 'string' ? value : stableStringify(value);
  return hashBytes(encodeUtf8(text));
}

export function hashBytes(bytes: Uint8Array): string {
  return `sha256-${toBase64(digest(bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

export function emptyOntology(name: string): Ontology {
  return Ontology.parse({ format: 'oms/1', name });
}
