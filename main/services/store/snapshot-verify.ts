/**
 * Canonical-form checks of pushed snapshot objects, in proportion to what a push adds. A bucket is
 * checked entry by entry when it is stored (its entities are valid elements of their collection in
 * canonical form, sorted, all in the bucket their id hashes to); a stored bucket is therefore
 * canonical whether it came from a push or from a local write (prepareSnapshot only makes canonical
 * ones). A v2 snapshot then only needs its header, its bucket keys and its entity count checked:
 * pushing a commit that changed one element re-reads one bucket's entities, not the ontology.
 */
import { COLLECTIONS, parseOntology, stableStringify, type Collection } from '../../../core/model';
import { bucketOf, compareEntries, headerJson } from './snapshots';
import type { SqliteDatabase } from './sqlite-file';

/** Where a stored bucket sits in a snapshot (the bucket of its ids) and how many entries it holds. */
export interface BucketPlace {
  index: number;
  count: number;
}

type Reject = (why: string) => never;

/** A minimal header the element checks parse under; elements do not depend on the header. */
const PROBE_HEADER = { format: 'oms/1', name: 'verify' } as const;

/**
 * Check a pushed bucket's entries (already shaped [collection, id, entityHash]) and its body's
 * canonical text; returns its place. `entityBody` reads a stored entity (undefined: not stored).
 */
export function verifyBucket(body: string, entries: ReadonlyArray<readonly [string, string, string]>, entityBody: (hash: string) => string | undefined, reject: Reject): BucketPlace {
  if (entries.length === 0) reject('an empty bucket is never part of a canonical snapshot');
  if (JSON.stringify(entries) !== body) reject('body is not in canonical form');
  const index = bucketOf(entries[0]![1]);
  const partial: Record<string, Record<string, unknown>> = {};
  const bodies: string[] = [];
  let previous: readonly [string, string, string] | undefined;
  for (const e of entries) {
    const [collection, id, hash] = e;
    if (!(COLLECTIONS as readonly string[]).includes(collection)) reject(`unknown collection ${JSON.stringify(collection).slice(0, 60)}`);
    if (bucketOf(id) !== index) reject(`${id.slice(0, 80)} does not belong in this bucket`);
    if (previous && compareEntries(previous, e) >= 0) reject('entries are not in canonical order');
    previous = e;
    const text = entityBody(hash);
    if (text === undefined) reject(`references missing entity ${hash}`);
    bodies.push(text);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      reject(`entity ${hash} is not JSON`);
    }
    (partial[collection] ??= {})[id] = value;
  }
  let parsed: Record<string, Record<string, unknown>>;
  try {
    parsed = parseOntology({ ...PROBE_HEADER, ...partial }) as unknown as Record<string, Record<string, unknown>>;
  } catch (err) {
    reject(`holds an element that is not valid: ${(err as Error).message.slice(0, 200)}`);
  }
  entries.forEach(([collection, id, hash], i) => {
    if (stableStringify(parsed[collection as Collection]?.[id]) !== bodies[i]) reject(`entity ${hash} (${id.slice(0, 80)}) is not in canonical form`);
  });
  return { index, count: entries.length };
}

/** The header text must be the canonical header of a valid ontology, and hold no collection. */
export function verifyHeader(header: string, reject: Reject): void {
  let h: unknown;
  try {
    h = JSON.parse(header);
  } catch {
    reject('header is not JSON');
  }
  if (typeof h !== 'object' || h === null || Array.isArray(h)) reject('header is not an object');
  for (const c of COLLECTIONS) if (c in h) reject(`header holds the collection ${c}`);
  let canonical: string;
  try {
    canonical = headerJson(parseOntology(h));
  } catch (err) {
    reject(`header is not valid: ${(err as Error).message.slice(0, 200)}`);
  }
  if (canonical !== header) reject('header is not in canonical form');
}

/**
 * Bucket keys must be the canonical indices of the buckets they name, and the entity count their
 * sum. `placeOf` knows the buckets checked in this push; the others are read from their rows.
 */
export function verifyBucketList(db: SqliteDatabase, buckets: Record<string, string>, entityCount: number, placeOf: (hash: string) => BucketPlace | undefined, reject: Reject): void {
  const stored = db.prepare<[string], { n: number; first: string | null }>("SELECT json_array_length(body) AS n, json_extract(body, '$[0][1]') AS first FROM manifest_buckets WHERE hash = ?");
  let total = 0;
  for (const [key, hash] of Object.entries(buckets)) {
    let place = placeOf(hash);
    if (!place) {
      const row = stored.get(hash);
      if (!row || typeof row.first !== 'string') reject(`references missing or empty bucket ${hash}`);
      place = { index: bucketOf(row.first), count: row.n };
    }
    if (String(place.index) !== key) reject(`bucket ${hash} is listed under ${JSON.stringify(key).slice(0, 20)}, its ids belong under ${place.index}`);
    total += place.count;
  }
  if (total !== entityCount) reject(`entityCount ${entityCount} does not match the ${total} entities it holds`);
}
