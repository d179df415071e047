/**
 * Content-addressed snapshots, per entity. Each top-level element (with its nested children) is one
 * `entities` row keyed by the hash of its canonical JSON. A snapshot is the ontology header plus a
 * manifest id → entity hash, itself split into BUCKETS content-addressed `manifest_buckets`
 * (bucket = hash of the id), so a commit touching 10 of 10,000 entities writes ~10 entity rows and
 * ~10 small buckets, and shares everything else with its parent. Its address is the v2 (Merkle) hash
 * over the header and bucket hashes (hash.ts), so a commit patching a parent computes it from the
 * changed parts; snapshots stored under the v1 whole-JSON hash stay readable and comparable.
 */
import { COLLECTIONS, canonicalKeyOrder, canonicalize, canonicalView, stableStringify, type Collection, type Ontology } from '../../../core/model';
import { StoreError } from './errors';
import { BatchInsert } from './batch-insert';
import { isMerkleSnapshotHash, merkleSnapshotHash, sha256 } from './hash';
import type { SqliteDatabase } from './sqlite-file';

const BUCKETS = 256;
/** Characters per piece writeCanonicalText hands on (about; a piece ends after the element that fills it). */
const CHUNK = 1 << 20;
/** String(i) for every bucket index, made once: a whole write names the bucket of each of its rows. */
const BUCKET_NAMES: readonly string[] = Array.from({ length: BUCKETS }, (_, i) => String(i));

/** [collection, id, entityHash] sorted by collection then id. */
export type BucketEntry = [Collection, string, string];

export function bucketOf(id: string): number {
  // FNV-1a: cheap, stable across versions (changing it would only reduce sharing, never break reads).
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h % BUCKETS;
}

export const SNAPSHOT_MIGRATION_SQL = `
  CREATE TABLE entities (hash TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT, WITHOUT ROWID;
  CREATE TABLE manifest_buckets (hash TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT, WITHOUT ROWID;
  CREATE TABLE snapshots (
    hash TEXT PRIMARY KEY,
    header TEXT NOT NULL,
    buckets TEXT NOT NULL,
    entity_count INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
`;

export interface SnapshotWrite {
  hash: string;
  /** Rows newly written by this snapshot (the rest were shared). */
  newEntities: number;
  newBuckets: number;
  /** Entity rows offered to the table: only those of buckets not stored before (the rest are known to exist). */
  offeredEntities: number;
  entityCount: number;
}

/** A stored row that does not parse was damaged after we wrote it (we only ever write JSON.stringify output). */
export function parseRow<T>(text: string, what: string, details: Record<string, unknown>): T {
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new StoreError('STORE_CORRUPT', `${what} is damaged (not valid JSON); restore the store from a backup`, details, { cause: err });
  }
}

function header(o: Ontology): Record<string, unknown> {
  const h: Record<string, unknown> = { ...o };
  for (const c of COLLECTIONS) delete h[c];
  return h;
}

/** A row of a prepared snapshot: its address, its body, and the bucket (index key) it belongs to or is. */
export type PreparedRow = [hash: string, body: string, bucket: string];

/** A snapshot computed but not stored yet: its address, and the rows it needs. */
export interface PreparedSnapshot {
  hash: string;
  /** Stable JSON of the ontology without its collections. */
  header: string;
  /** Bucket index → bucket hash (empty buckets are absent). */
  buckets: Record<string, string>;
  entityCount: number;
  entityRows: PreparedRow[];
  bucketRows: PreparedRow[];
  /** Every entry of the snapshot, when it was prepared whole (prepareSnapshot): what its buckets list. */
  entries?: readonly BucketEntry[];
}

/** A change to a stored snapshot: a new header text, and per top-level id its new body or null (deleted). */
export interface SnapshotPatch {
  header?: string;
  entities: ReadonlyMap<string, { collection: Collection; body: string } | null>;
}

/**
 * The listed elements of a partial ontology as a patch, with the bodies write() would store: the
 * partial is canonicalised as a whole, which works element by element, so each body is what it
 * would be inside the whole ontology. A listed [collection, id] the partial does not hold there is a
 * deletion (unless the id was found under another listed collection).
 */
export function patchFromPartial(partial: Ontology, listed: Iterable<readonly [Collection | undefined, string]>, withHeader: boolean): SnapshotPatch {
  const c = canonicalize(partial);
  const entities = new Map<string, { collection: Collection; body: string } | null>();
  for (const [collection, id] of listed) {
    const v = collection === undefined ? undefined : (c[collection] as Record<string, unknown>)[id];
    if (collection !== undefined && v !== undefined) entities.set(id, { collection, body: stableStringify(v) });
    else if (!entities.has(id)) entities.set(id, null);
  }
  return withHeader ? { header: headerJson(c), entities } : { entities };
}

/** The one canonical entity order of a bucket body: collection (in COLLECTIONS order), then id. Never 0: equal ids are not in order. */
export function compareEntries(a: readonly [string, string, string], b: readonly [string, string, string]): number {
  return a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : COLLECTIONS.indexOf(a[0] as Collection) - COLLECTIONS.indexOf(b[0] as Collection);
}

function sortEntries(entries: BucketEntry[]): BucketEntry[] {
  return entries.sort(compareEntries);
}

/** Canonical header text of an ontology (everything but the collections). */
export function headerJson(o: Ontology): string {
  return stableStringify(header(o));
}

/**
 * A snapshot's rows and address from its elements added one by one (a writer reading a file element
 * by element holds no whole ontology): what prepareSnapshot gives for the ontology they make up.
 */
export class SnapshotBuilder {
  private readonly lists: BucketEntry[][] = Array.from({ length: BUCKETS }, () => []);
  private readonly all: BucketEntry[] = [];
  private readonly entityRows: PreparedRow[] = [];

  /** One element; `body` is its canonical JSON (stableStringify of its canonical value). Returns its entity hash. */
  add(collection: Collection, id: string, body: string): string {
    const eh = sha256(body);
    const i = bucketOf(id);
    this.entityRows.push([eh, body, BUCKET_NAMES[i] as string]);
    const entry: BucketEntry = [collection, id, eh];
    (this.lists[i] as BucketEntry[]).push(entry);
    this.all.push(entry);
    return eh;
  }

  /** The prepared snapshot of the elements added, under `head` (headerJson of the ontology). */
  finish(head: string): PreparedSnapshot {
    const buckets: Record<string, string> = {};
    const bucketRows: PreparedRow[] = [];
    this.lists.forEach((list, i) => {
      if (list.length === 0) return;
      const body = JSON.stringify(sortEntries(list));
      const bh = sha256(body);
      bucketRows.push([bh, body, String(i)]);
      buckets[String(i)] = bh;
    });
    const { entityRows, all } = this;
    return { hash: merkleSnapshotHash(head, buckets), header: head, buckets, entityCount: entityRows.length, entityRows, bucketRows, entries: all };
  }
}

/**
 * Every entity row, bucket row and the v2 address of a canonical ontology; nothing is stored.
 * `each` sees every element with its entity hash (the entity index gathers its keys there).
 */
export function prepareSnapshot(o: Ontology, each?: (collection: Collection, id: string, value: unknown, hash: string) => void): PreparedSnapshot {
  const builder = new SnapshotBuilder();
  for (const collection of COLLECTIONS) {
    const members = o[collection] as Record<string, unknown>;
    for (const id of Object.keys(members)) {
      const value = members[id];
      if (value === undefined) continue;
      // Serialised once: the same string is hashed and stored.
      const hash = builder.add(collection, id, stableStringify(value));
      each?.(collection, id, value, hash);
    }
  }
  return builder.finish(headerJson(o));
}

export class SnapshotStore {
  private readonly insertEntity;
  private readonly insertBucket;
  private readonly insertSnapshot;
  private readonly hasBucket;
  private readonly getSnapshot;
  private readonly getBucket;
  private readonly getEntity;
  private readonly getSnapshotRow;

  constructor(private readonly db: SqliteDatabase) {
    this.insertEntity = new BatchInsert(db, 'INSERT OR IGNORE INTO entities (hash, body)', 2);
    this.insertBucket = new BatchInsert(db, 'INSERT OR IGNORE INTO manifest_buckets (hash, body)', 2);
    this.insertSnapshot = db.prepare<[string, string, string, number]>('INSERT OR IGNORE INTO snapshots (hash, header, buckets, entity_count) VALUES (?, ?, ?, ?)');
    this.hasBucket = db.prepare<[string], number>('SELECT 1 FROM manifest_buckets WHERE hash = ?').pluck();
    this.getSnapshot = db.prepare<[string], { header: string; buckets: string }>('SELECT header, buckets FROM snapshots WHERE hash = ?');
    this.getBucket = db.prepare<[string], { body: string }>('SELECT body FROM manifest_buckets WHERE hash = ?');
    this.getEntity = db.prepare<[string], { body: string }>('SELECT body FROM entities WHERE hash = ?');
    this.getSnapshotRow = db.prepare<[string], { header: string; buckets: string; entity_count: number }>('SELECT header, buckets, entity_count FROM snapshots WHERE hash = ?');
  }

  /**
   * Store `o` (must be a parsed Ontology; `canonical` when it came straight from parseOntology, which
   * canonicalises); call inside the caller's transaction. Addressed by the v2 (Merkle) hash.
   */
  write(ontology: Ontology, opts: { canonical?: boolean } = {}): SnapshotWrite {
    return this.store(prepareSnapshot(opts.canonical ? ontology : canonicalView(ontology)));
  }

  /**
   * Store a prepared snapshot's rows (those already present are shared); inside the caller's
   * transaction. A bucket row that exists already means its entity rows do too (a bucket is only
   * ever stored with or after its entities: here, and in ObjectStore, which checks), so only the
   * entities of new buckets are offered: applying a one-field change touches ~1 bucket and ~1
   * entity row, not every row. Entities go in in hash order, which keeps a bulk write sequential
   * in the table's B-tree instead of touching a random page per row.
   */
  store(p: PreparedSnapshot): SnapshotWrite {
    const fresh = new Set<string>();
    for (const [hash, , bucket] of p.bucketRows) if (this.hasBucket.get(hash) === undefined) fresh.add(bucket);
    const rows = fresh.size === 0 ? [] : p.entityRows.filter((r) => fresh.has(r[2])).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const newEntities = this.insertEntity.run(rows);
    const newBuckets = this.insertBucket.run(fresh.size === p.bucketRows.length ? p.bucketRows : p.bucketRows.filter((r) => fresh.has(r[2])));
    this.insertSnapshot.run(p.hash, p.header, JSON.stringify(p.buckets), p.entityCount);
    return { hash: p.hash, newEntities, newBuckets, offeredEntities: rows.length, entityCount: p.entityCount };
  }

  /**
   * Snapshot `base` with `patch` applied, computed from the base's bucket list and only the buckets
   * the patched ids fall in: cost is proportional to the patch, whatever the ontology's size. Gives
   * the same rows and address as prepareSnapshot of the whole patched ontology (tested).
   */
  preparePatch(base: string, patch: SnapshotPatch): PreparedSnapshot {
    const row = this.getSnapshotRow.get(base);
    if (!row) throw new StoreError('STORE_CORRUPT', `snapshot ${base} is missing from the store`, { snapshot: base });
    const buckets = { ...parseRow<Record<string, string>>(row.buckets, `the bucket list of snapshot ${base}`, { snapshot: base }) };
    const byBucket = new Map<number, string[]>();
    for (const id of patch.entities.keys()) {
      const i = bucketOf(id);
      const ids = byBucket.get(i);
      if (ids) ids.push(id);
      else byBucket.set(i, [id]);
    }
    const entityRows: PreparedRow[] = [];
    const bucketRows: PreparedRow[] = [];
    let entityCount = row.entity_count;
    for (const [i, ids] of byBucket) {
      const patched = new Set(ids);
      const before = this.bucketEntries(base, buckets[String(i)]);
      // By id whatever the collection: an id deleted and re-created as another kind moves collection.
      const entries = before.filter((e) => !patched.has(e[1]));
      entityCount -= before.length - entries.length;
      for (const id of ids) {
        const next = patch.entities.get(id);
        if (!next) continue;
        const eh = sha256(next.body);
        entityRows.push([eh, next.body, String(i)]);
        entries.push([next.collection, id, eh]);
        entityCount++;
      }
      if (entries.length === 0) {
        delete buckets[String(i)];
        continue;
      }
      const body = JSON.stringify(sortEntries(entries));
      const bh = sha256(body);
      bucketRows.push([bh, body, String(i)]);
      buckets[String(i)] = bh;
    }
    const header = patch.header ?? row.header;
    return { hash: merkleSnapshotHash(header, buckets), header, buckets, entityCount, entityRows, bucketRows };
  }

  /**
   * The ontology `preparePatch(base, patch)` stands for, without storing it: the base read from its
   * rows with the patched entities (and header) laid over it. Cheaper than reading a live Y.Doc whole.
   */
  readPatched(base: string, patch: SnapshotPatch): Ontology {
    const o = this.read(base) as unknown as Record<string, unknown>;
    if (patch.header !== undefined) {
      for (const k of Object.keys(o)) if (!(COLLECTIONS as readonly string[]).includes(k)) delete o[k];
      Object.assign(o, parseRow<Record<string, unknown>>(patch.header, 'a patched header', { snapshot: base }));
    }
    for (const [id, next] of patch.entities) {
      for (const c of COLLECTIONS) delete (o[c] as Record<string, unknown>)[id];
      if (next) (o[next.collection] as Record<string, unknown>)[id] = JSON.parse(next.body) as unknown;
    }
    // Base rows and patch bodies are canonical element JSON, as in read().
    return o as unknown as Ontology;
  }

  /**
   * The v2 address of a stored snapshot's content: itself for a v2 snapshot, computed from the row's
   * header and bucket list (no entity is read) for a v1 one. Equal keys ⇔ equal content.
   */
  contentKey(hash: string): string {
    if (isMerkleSnapshotHash(hash)) return hash;
    const row = this.getSnapshotRow.get(hash);
    if (!row) throw new StoreError('STORE_CORRUPT', `snapshot ${hash} is missing from the store`, { snapshot: hash });
    return merkleSnapshotHash(row.header, parseRow<Record<string, string>>(row.buckets, `the bucket list of snapshot ${hash}`, { snapshot: hash }));
  }

  /** Same ontology? Compares content, so a v1 and a v2 address of one ontology are equal. */
  sameContent(a: string, b: string): boolean {
    return a === b || this.contentKey(a) === this.contentKey(b);
  }

  /** The v2 address `o` would be stored under (nothing is written). */
  hashOf(o: Ontology): string {
    return prepareSnapshot(canonicalView(o)).hash;
  }

  has(hash: string): boolean {
    return this.getSnapshot.get(hash) !== undefined;
  }

  read(hash: string): Ontology {
    const snap = this.getSnapshot.get(hash);
    if (!snap) throw new StoreError('STORE_CORRUPT', `snapshot ${hash} is missing from the store`, { snapshot: hash });
    const o = parseRow<Record<string, unknown>>(snap.header, `the header of snapshot ${hash}`, { snapshot: hash });
    for (const c of COLLECTIONS) o[c] = {};
    for (const bh of Object.values(parseRow<Record<string, string>>(snap.buckets, `the bucket list of snapshot ${hash}`, { snapshot: hash }))) {
      for (const [collection, id, eh] of this.bucketEntries(hash, bh)) {
        (o[collection] as Record<string, unknown>)[id] = this.entityBody(hash, eh);
      }
    }
    // Rows were written from a parsed, canonical ontology and are addressed by their hash.
    return o as unknown as Ontology;
  }

  /**
   * canonicalJson(read(hash), { pretty }), from the rows: writeCanonicalText's pieces joined.
   */
  canonicalText(hash: string, opts: { pretty?: boolean | undefined } = {}): string {
    const parts: string[] = [];
    this.writeCanonicalText(hash, (chunk) => parts.push(chunk), opts);
    return parts.join('');
  }

  /**
   * canonicalJson(read(hash), { pretty }) from the rows, handed to `write` in pieces of about
   * CHUNK characters, in order. An entity row's body is its element's canonical JSON already, so
   * the compact form splices the bodies in between the header's fields without parsing one or
   * holding the ontology (a 50k-type export held ~4× the file's size in parsed objects and the
   * whole text before writing a byte); the pretty form parses and indents one element at a time.
   */
  writeCanonicalText(hash: string, write: (chunk: string) => void, opts: { pretty?: boolean | undefined } = {}): void {
    const snap = this.snapshotRow(hash);
    const header = parseRow<Record<string, unknown>>(snap.header, `the header of snapshot ${hash}`, { snapshot: hash });
    const members = new Map<string, Map<string, string>>(COLLECTIONS.map((c) => [c, new Map()]));
    for (const bh of Object.values(snap.buckets)) {
      for (const [collection, id, eh] of this.bucketEntries(hash, bh)) {
        const into = members.get(collection);
        if (!into) throw new StoreError('STORE_CORRUPT', `manifest bucket ${bh} of snapshot ${hash} lists an unknown collection`, { snapshot: hash, bucket: bh, collection });
        into.set(id, eh);
      }
    }
    const pretty = opts.pretty === true;
    let pending: string[] = [];
    let size = 0;
    const emit = (s: string): void => {
      pending.push(s);
      size += s.length;
      if (size < CHUNK) return;
      write(pending.join(''));
      pending = [];
      size = 0;
    };
    // What JSON.stringify(value, null, 2) writes around an object's members `depth` levels down.
    const pad = (depth: number): string => '  '.repeat(depth);
    const open = (depth: number): string => (pretty ? `{\n${pad(depth + 1)}` : '{');
    const between = (depth: number): string => (pretty ? `,\n${pad(depth + 1)}` : ',');
    const close = (depth: number): string => (pretty ? `\n${pad(depth)}}` : '}');
    const nested = (json: string, depth: number): string => (pretty ? json.replaceAll('\n', `\n${pad(depth)}`) : json);
    const key = (k: string): string => `${JSON.stringify(k)}:${pretty ? ' ' : ''}`;
    const keys = canonicalKeyOrder([...new Set([...Object.keys(header), ...COLLECTIONS])]);
    emit(open(0));
    keys.forEach((k, i) => {
      if (i > 0) emit(between(0));
      emit(key(k));
      const entities = members.get(k);
      if (!entities) return emit(nested(stableStringify(header[k], pretty ? 2 : undefined), 1));
      if (entities.size === 0) return emit('{}');
      emit(open(1));
      canonicalKeyOrder([...entities.keys()]).forEach((id, j) => {
        const eh = entities.get(id) as string;
        const body = this.entityText(hash, eh);
        if (j > 0) emit(between(1));
        emit(key(id));
        emit(pretty ? nested(stableStringify(parseRow<unknown>(body, `entity ${eh} of snapshot ${hash}`, { snapshot: hash, entity: eh }), 2), 2) : body);
      });
      emit(close(1));
    });
    emit(close(0));
    if (pretty) emit('\n');
    if (pending.length > 0) write(pending.join(''));
  }

  private snapshotRow(hash: string): { header: string; buckets: Record<string, string> } {
    const snap = this.getSnapshot.get(hash);
    if (!snap) throw new StoreError('STORE_CORRUPT', `snapshot ${hash} is missing from the store`, { snapshot: hash });
    return { header: snap.header, buckets: parseRow<Record<string, string>>(snap.buckets, `the bucket list of snapshot ${hash}`, { snapshot: hash }) };
  }

  private bucketEntries(snapshot: string, bh: string | undefined): BucketEntry[] {
    if (!bh) return [];
    const bucket = this.getBucket.get(bh);
    if (!bucket) throw new StoreError('STORE_CORRUPT', `manifest bucket ${bh} of snapshot ${snapshot} is missing`, { snapshot, bucket: bh });
    return parseRow<BucketEntry[]>(bucket.body, `manifest bucket ${bh} of snapshot ${snapshot}`, { snapshot, bucket: bh });
  }

  private entityText(snapshot: string, eh: string): string {
    const entity = this.getEntity.get(eh);
    if (!entity) throw new StoreError('STORE_CORRUPT', `entity ${eh} of snapshot ${snapshot} is missing`, { snapshot, entity: eh });
    return entity.body;
  }

  private entityBody(snapshot: string, eh: string): unknown {
    return parseRow<unknown>(this.entityText(snapshot, eh), `entity ${eh} of snapshot ${snapshot}`, { snapshot, entity: eh });
  }

  /**
   * The two snapshots reduced to what differs: both headers, and only the entities whose hashes
   * differ (or that exist on one side). Buckets with equal hashes are not even read, so two commits
   * ten elements apart cost ~10 buckets and ~20 entity reads, whatever the ontology's size.
   * Counts of rows read are in `read` (tests assert cost by rows, not time).
   */
  readDifference(a: string, b: string): { before: Ontology; after: Ontology; read: { buckets: number; entities: number } } {
    const sa = this.snapshotRow(a);
    const sb = this.snapshotRow(b);
    const before = parseRow<Record<string, unknown>>(sa.header, `the header of snapshot ${a}`, { snapshot: a });
    const after = parseRow<Record<string, unknown>>(sb.header, `the header of snapshot ${b}`, { snapshot: b });
    for (const c of COLLECTIONS) {
      before[c] = {};
      after[c] = {};
    }
    const read = { buckets: 0, entities: 0 };
    const indexes = new Set([...Object.keys(sa.buckets), ...Object.keys(sb.buckets)]);
    for (const i of indexes) {
      const ha = sa.buckets[i];
      const hb = sb.buckets[i];
      if (ha === hb) continue;
      const ea = this.bucketEntries(a, ha);
      const eb = this.bucketEntries(b, hb);
      read.buckets += (ha ? 1 : 0) + (hb ? 1 : 0);
      const inB = new Map(eb.map(([c, id, eh]) => [`${c}\u0000${id}`, eh]));
      const inA = new Set<string>();
      for (const [c, id, eh] of ea) {
        const key = `${c}\u0000${id}`;
        inA.add(key);
        const other = inB.get(key);
        if (other === eh) continue;
        (before[c] as Record<string, unknown>)[id] = this.entityBody(a, eh);
        read.entities++;
        if (other !== undefined) {
          (after[c] as Record<string, unknown>)[id] = this.entityBody(b, other);
          read.entities++;
        }
      }
      for (const [c, id, eh] of eb) {
        if (inA.has(`${c}\u0000${id}`)) continue;
        (after[c] as Record<string, unknown>)[id] = this.entityBody(b, eh);
        read.entities++;
      }
    }
    // Rows were written from parsed, canonical ontologies and are addressed by their hash.
    return { before: before as unknown as Ontology, after: after as unknown as Ontology, read };
  }

  /** Rows and bytes held by snapshots, for the sharing report. */
  stats(): { snapshots: number; entityRows: number; entityBytes: number; bucketRows: number; bucketBytes: number; entityRefs: number } {
    const e = this.db.prepare('SELECT count(*) AS n, coalesce(sum(length(body)), 0) AS b FROM entities').get() as { n: number; b: number };
    const m = this.db.prepare('SELECT count(*) AS n, coalesce(sum(length(body)), 0) AS b FROM manifest_buckets').get() as { n: number; b: number };
    const s = this.db.prepare('SELECT count(*) AS n, coalesce(sum(entity_count), 0) AS refs FROM snapshots').get() as { n: number; refs: number };
    return { snapshots: s.n, entityRows: e.n, entityBytes: e.b, bucketRows: m.n, bucketBytes: m.b, entityRefs: s.refs };
  }
}
