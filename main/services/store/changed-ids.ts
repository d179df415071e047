/**
 * Reading snapshots by id instead of whole: which entities differ between two snapshots (equal
 * manifest bucket hashes mean equal entries, so only differing buckets are read), the entity hash
 * of one id (one bucket row), and a partial ontology holding only chosen ids. The proportional
 * merge builds its views from these; every read is counted so tests can assert cost in rows.
 *
 * A partial ontology lists its ids in the order SnapshotStore.read would (bucket index, then id):
 * order-sensitive outputs (which duplicate validation reports, the order of names in a message)
 * then come out as they do on the whole snapshot.
 */
import { COLLECTIONS, type Collection, type Ontology } from '../../../core/model';
import { StoreError } from './errors';
import { bucketOf, parseRow, type BucketEntry } from './snapshots';
import type { SqliteDatabase } from './sqlite-file';

/** `collection \0 id`: one entity's place in a manifest. */
export type EntityKey = string;
export const entityKey = (collection: Collection, id: string): EntityKey => `${collection}\u0000${id}`;
export function splitKey(key: EntityKey): [Collection, string] {
  const i = key.indexOf('\u0000');
  return [key.slice(0, i) as Collection, key.slice(i + 1)];
}

export interface ReadCounts {
  buckets: number;
  entities: number;
}

interface SnapshotRow {
  header: Record<string, unknown>;
  buckets: Record<string, string>;
}

export class ManifestReader {
  readonly read: ReadCounts = { buckets: 0, entities: 0 };
  private readonly snapshots = new Map<string, SnapshotRow>();
  private readonly buckets = new Map<string, Map<EntityKey, string>>();
  private readonly entities = new Map<string, unknown>();
  private readonly getSnapshot;
  private readonly getBucket;
  private readonly getEntity;

  constructor(db: SqliteDatabase) {
    this.getSnapshot = db.prepare<[string], { header: string; buckets: string }>('SELECT header, buckets FROM snapshots WHERE hash = ?');
    this.getBucket = db.prepare<[string], { body: string }>('SELECT body FROM manifest_buckets WHERE hash = ?');
    this.getEntity = db.prepare<[string], { body: string }>('SELECT body FROM entities WHERE hash = ?');
  }

  private snapshot(hash: string): SnapshotRow {
    let row = this.snapshots.get(hash);
    if (row) return row;
    const snap = this.getSnapshot.get(hash);
    if (!snap) throw new StoreError('STORE_CORRUPT', `snapshot ${hash} is missing from the store`, { snapshot: hash });
    row = {
      header: parseRow<Record<string, unknown>>(snap.header, `the header of snapshot ${hash}`, { snapshot: hash }),
      buckets: parseRow<Record<string, string>>(snap.buckets, `the bucket list of snapshot ${hash}`, { snapshot: hash }),
    };
    this.snapshots.set(hash, row);
    return row;
  }

  /** Entries of one bucket, key → entity hash (cached: buckets are content-addressed). */
  private bucket(snapshot: string, bh: string | undefined): Map<EntityKey, string> {
    if (!bh) return new Map();
    let entries = this.buckets.get(bh);
    if (entries) return entries;
    const row = this.getBucket.get(bh);
    if (!row) throw new StoreError('STORE_CORRUPT', `manifest bucket ${bh} of snapshot ${snapshot} is missing`, { snapshot, bucket: bh });
    this.read.buckets++;
    entries = new Map(parseRow<BucketEntry[]>(row.body, `manifest bucket ${bh} of snapshot ${snapshot}`, { snapshot, bucket: bh }).map(([c, id, eh]) => [entityKey(c, id), eh]));
    this.buckets.set(bh, entries);
    return entries;
  }

  /**
   * The parsed entity body (cached by hash unless `cache` is false — indexing a whole snapshot reads
   * every entity once and must not keep them all; callers treat bodies as immutable).
   */
  entity(snapshot: string, eh: string, cache = true): unknown {
    if (this.entities.has(eh)) return this.entities.get(eh);
    const row = this.getEntity.get(eh);
    if (!row) throw new StoreError('STORE_CORRUPT', `entity ${eh} of snapshot ${snapshot} is missing`, { snapshot, entity: eh });
    this.read.entities++;
    const body = parseRow<unknown>(row.body, `entity ${eh} of snapshot ${snapshot}`, { snapshot, entity: eh });
    if (cache) this.entities.set(eh, body);
    return body;
  }

  header(snapshot: string): Record<string, unknown> {
    return this.snapshot(snapshot).header;
  }

  /** Entity hash of `collection/id` in `snapshot`, or undefined when the snapshot does not hold it. */
  hashOf(snapshot: string, collection: Collection, id: string): string | undefined {
    return this.bucket(snapshot, this.snapshot(snapshot).buckets[String(bucketOf(id))]).get(entityKey(collection, id));
  }

  /** Keys whose entity differs between `a` and `b` (present in one only, or with different hashes). */
  changedKeys(a: string, b: string): Set<EntityKey> {
    const out = new Set<EntityKey>();
    if (a === b) return out;
    const sa = this.snapshot(a).buckets;
    const sb = this.snapshot(b).buckets;
    for (const i of new Set([...Object.keys(sa), ...Object.keys(sb)])) {
      if (sa[i] === sb[i]) continue;
      const ea = this.bucket(a, sa[i]);
      const eb = this.bucket(b, sb[i]);
      for (const [k, h] of ea) if (eb.get(k) !== h) out.add(k);
      for (const k of eb.keys()) if (!ea.has(k)) out.add(k);
    }
    return out;
  }

  /** The entries of `snapshot` not in `from` (new or changed), with their hashes: what indexing `snapshot` after `from` must add. */
  addedEntries(from: string, snapshot: string): Array<[Collection, string, string]> {
    const out: Array<[Collection, string, string]> = [];
    for (const k of this.changedKeys(from, snapshot)) {
      const [c, id] = splitKey(k);
      const h = this.hashOf(snapshot, c, id);
      if (h) out.push([c, id, h]);
    }
    return out;
  }

  /** Every entry of `snapshot` (a full manifest walk: used once, to build the first index). */
  allEntries(snapshot: string): Array<[Collection, string, string]> {
    const out: Array<[Collection, string, string]> = [];
    for (const bh of Object.values(this.snapshot(snapshot).buckets)) {
      for (const [k, h] of this.bucket(snapshot, bh)) {
        const [c, id] = splitKey(k);
        out.push([c, id, h]);
      }
    }
    return out;
  }

  /**
   * The snapshot's header plus only the entities named by `keys` (ids the snapshot lacks are simply
   * absent), in the order a whole read would list them.
   */
  partial(snapshot: string, keys: Iterable<EntityKey>): Ontology {
    const o: Record<string, unknown> = { ...this.header(snapshot) };
    for (const c of COLLECTIONS) o[c] = {};
    const ordered = [...keys].map((k) => {
      const [c, id] = splitKey(k);
      return { c, id, bucket: bucketOf(id) };
    }).sort((x, y) => x.bucket - y.bucket || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    for (const { c, id } of ordered) {
      const h = this.hashOf(snapshot, c, id);
      if (h) (o[c] as Record<string, unknown>)[id] = this.entity(snapshot, h);
    }
    // Rows were written from parsed, canonical ontologies and are addressed by their hash.
    return o as unknown as Ontology;
  }
}
