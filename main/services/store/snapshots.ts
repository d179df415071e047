/**
 * Content-addressed snapshots, per entity. Each top-level element (with its nested children) is one
 * `entities` row keyed by the hash of its canonical JSON. A snapshot is the ontology header plus a
 * manifest id → entity hash, itself split into BUCKETS content-addressed `manifest_buckets`
 * (bucket = hash of the id), so a commit touching 10 of 10,000 entities writes ~10 entity rows and
 * ~10 small buckets, and shares everything else with its parent.
 */
import { COLLECTIONS, canonicalize, stableStringify, type Collection, type Ontology } from '../../../core/model';
import { StoreError } from './errors';
import { sha256 } from './hash';
import type { SqliteDatabase } from './sqlite-file';

const BUCKETS = 256;

/** [collection, id, entityHash] sorted by collection then id. */
type BucketEntry = [Collection, string, string];

function bucketOf(id: string): number {
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
  entityCount: number;
}

/** A stored row that does not parse was damaged after we wrote it (we only ever write JSON.stringify output). */
function parseRow<T>(text: string, what: string, details: Record<string, unknown>): T {
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

export class SnapshotStore {
  private readonly insertEntity;
  private readonly insertBucket;
  private readonly insertSnapshot;
  private readonly getSnapshot;
  private readonly getBucket;
  private readonly getEntity;

  constructor(private readonly db: SqliteDatabase) {
    this.insertEntity = db.prepare<[string, string]>('INSERT OR IGNORE INTO entities (hash, body) VALUES (?, ?)');
    this.insertBucket = db.prepare<[string, string]>('INSERT OR IGNORE INTO manifest_buckets (hash, body) VALUES (?, ?)');
    this.insertSnapshot = db.prepare<[string, string, string, number]>('INSERT OR IGNORE INTO snapshots (hash, header, buckets, entity_count) VALUES (?, ?, ?, ?)');
    this.getSnapshot = db.prepare<[string], { header: string; buckets: string }>('SELECT header, buckets FROM snapshots WHERE hash = ?');
    this.getBucket = db.prepare<[string], { body: string }>('SELECT body FROM manifest_buckets WHERE hash = ?');
    this.getEntity = db.prepare<[string], { body: string }>('SELECT body FROM entities WHERE hash = ?');
  }

  /**
   * Store `o` (must be a parsed Ontology; `canonical` when it came straight from parseOntology, which
   * canonicalises); call inside the caller's transaction. The snapshot's hash is sha256 of the whole
   * canonical JSON, as before (the sync server verifies it so), but that text is assembled from the
   * per-entity strings written anyway instead of serialising everything a second time.
   */
  write(ontology: Ontology, opts: { canonical?: boolean } = {}): SnapshotWrite {
    const o = opts.canonical ? ontology : canonicalize(ontology);
    const buckets: BucketEntry[][] = Array.from({ length: BUCKETS }, () => []);
    const collectionJson: Partial<Record<Collection, string>> = {};
    let newEntities = 0;
    let entityCount = 0;
    for (const collection of COLLECTIONS) {
      const members = o[collection] as Record<string, unknown>;
      let json = '{';
      for (const id of Object.keys(members).sort()) {
        const value = members[id];
        if (value === undefined) continue;
        const body = stableStringify(value);
        const eh = sha256(body);
        newEntities += this.insertEntity.run(eh, body).changes;
        (buckets[bucketOf(id)] as BucketEntry[]).push([collection, id, eh]);
        json += `${json.length > 1 ? ',' : ''}${JSON.stringify(id)}:${body}`;
        entityCount++;
      }
      collectionJson[collection] = `${json}}`;
    }
    const head = header(o);
    const whole: Record<string, unknown> = { ...head, ...collectionJson };
    let text = '{';
    for (const k of Object.keys(whole).sort()) {
      const v = whole[k];
      if (v === undefined) continue;
      const json = (COLLECTIONS as readonly string[]).includes(k) ? (v as string) : stableStringify(v);
      text += `${text.length > 1 ? ',' : ''}${JSON.stringify(k)}:${json}`;
    }
    const hash = sha256(`${text}}`);
    const bucketHashes: Record<string, string> = {};
    let newBuckets = 0;
    buckets.forEach((entries, i) => {
      if (entries.length === 0) return;
      entries.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : COLLECTIONS.indexOf(a[0]) - COLLECTIONS.indexOf(b[0])));
      const body = JSON.stringify(entries);
      const bh = sha256(body);
      newBuckets += this.insertBucket.run(bh, body).changes;
      bucketHashes[String(i)] = bh;
    });
    this.insertSnapshot.run(hash, stableStringify(head), JSON.stringify(bucketHashes), entityCount);
    return { hash, newEntities, newBuckets, entityCount };
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

  private entityBody(snapshot: string, eh: string): unknown {
    const entity = this.getEntity.get(eh);
    if (!entity) throw new StoreError('STORE_CORRUPT', `entity ${eh} of snapshot ${snapshot} is missing`, { snapshot, entity: eh });
    return parseRow<unknown>(entity.body, `entity ${eh} of snapshot ${snapshot}`, { snapshot, entity: eh });
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
