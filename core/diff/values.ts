/**
 * JSON value helpers shared by diff, merge and change analysis. Ontology values are plain JSON
 * (parsed by zod), so structural equality needs no cycle or prototype handling.
 */
export type JsonRecord = Record<string, unknown>;

export function isRecord(v: unknown): v is JsonRecord {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Structural equality of JSON values; an absent member equals an `undefined` one. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as JsonRecord;
  const rb = b as JsonRecord;
  let na = 0;
  for (const k in ra) {
    const va = ra[k];
    if (va === undefined) continue;
    na++;
    if (!deepEqual(va, rb[k])) return false;
  }
  let nb = 0;
  for (const k in rb) if (rb[k] !== undefined) nb++;
  return na === nb;
}

/** Sorted union of the keys of up to three records, skipping the excluded ones. */
export function unionKeys(records: ReadonlyArray<JsonRecord | undefined>, exclude?: ReadonlySet<string>): string[] {
  const keys = new Set<string>();
  for (const r of records) if (r) for (const k in r) if (!exclude?.has(k)) keys.add(k);
  return [...keys].sort();
}

/**
 * Fields compared as one value even though they are objects: a base type is one semantic choice
 * (changing `array<integer>` to `array<long>` is one base-type change, not an `items/type` edit).
 */
export const ATOMIC_FIELDS: ReadonlySet<string> = new Set(['baseType']);

/** Read a nested member by path segments; undefined when any step is missing. */
export function getIn(root: unknown, path: readonly string[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (!isRecord(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

/** The record at `path`, or undefined when something else (or nothing) is there. */
export function recordAt(root: unknown, path: readonly string[]): JsonRecord | undefined {
  const v = getIn(root, path);
  return isRecord(v) ? v : undefined;
}

/**
 * Set (or, with `undefined`, delete) a nested member, creating records on the way. Mutates `root`;
 * callers pass their own copies.
 */
export function setIn(root: JsonRecord, path: readonly string[], value: unknown): void {
  if (path.length === 0) return;
  let cur: JsonRecord = root;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i] as string;
    const next = cur[seg];
    if (isRecord(next)) cur = next;
    else {
      const created: JsonRecord = {};
      cur[seg] = created;
      cur = created;
    }
  }
  const last = path[path.length - 1] as string;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

/** Deep copy of a JSON value (structuredClone is slower for small plain objects). */
export function cloneJson<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(cloneJson) as T;
  const out: JsonRecord = {};
  for (const k in v as JsonRecord) {
    const x = (v as JsonRecord)[k];
    if (x !== undefined) out[k] = cloneJson(x);
  }
  return out as T;
}
