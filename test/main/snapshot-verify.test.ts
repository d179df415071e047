/**
 * Pushed v2 snapshots are checked in proportion to what the push adds: buckets entry by entry when
 * stored, snapshots by header, bucket keys and count (main/services/store/snapshot-verify.ts). Each
 * forgery below is self-consistent at the hash level (every address matches its bytes), so only the
 * canonical-form checks can refuse it; and a push of a one-element change re-reads one bucket.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { HistoryObject } from '../../core/contract/history-api';
import type { OmsError } from '../../core/errors';
import { parseOntology, type Ontology } from '../../core/model';
import { merkleSnapshotHash, sha256 } from '../../main/services/store/hash';
import { migrate } from '../../main/services/store/migrations';
import { ObjectStore } from '../../main/services/store/object-store';
import { bucketOf, prepareSnapshot, type PreparedSnapshot } from '../../main/services/store/snapshots';
import { WORKSPACE_MIGRATIONS } from '../../main/services/store/workspace-schema';
import { randomOntology } from '../support/random-ontology';

type Snapshot = Extract<HistoryObject, { type: 'snapshot' }>;

function scratch(): Database.Database {
  const db = new Database(':memory:');
  migrate(db, 'workspace', WORKSPACE_MIGRATIONS);
  return db;
}

function objectsOf(p: PreparedSnapshot): { objects: HistoryObject[]; snapshot: Snapshot } {
  const snapshot: Snapshot = { type: 'snapshot', hash: p.hash, header: p.header, buckets: p.buckets, entityCount: p.entityCount };
  return {
    objects: [
      ...p.entityRows.map(([hash, body]): HistoryObject => ({ type: 'entity', hash, body })),
      ...p.bucketRows.map(([hash, body]): HistoryObject => ({ type: 'bucket', hash, body })),
      snapshot,
    ],
    snapshot,
  };
}

/** `CODE: message` of the refusal, so each case shows it failed for its own reason. */
function refusal(objects: HistoryObject[], db = scratch()): string | undefined {
  try {
    new ObjectStore(db).put(objects);
    return undefined;
  } catch (err) {
    return `${(err as OmsError).code}: ${(err as Error).message}`;
  }
}

const base = (): Ontology => randomOntology(7, { objectTypes: 150, propertiesPerType: 3 });

/** A snapshot whose one bucket holds `entries` with `bodies`, every address recomputed to match. */
function withBucket(p: PreparedSnapshot, key: string, entries: Array<[string, string, string]>, extra: Array<[string, string]> = []): HistoryObject[] {
  const body = JSON.stringify(entries);
  const bh = sha256(body);
  const buckets = { ...p.buckets, [key]: bh };
  const count = p.entityCount - (JSON.parse(p.bucketRows.find(([h]) => h === p.buckets[key])![1]) as unknown[]).length + entries.length;
  return [
    ...p.entityRows.map(([hash, b]): HistoryObject => ({ type: 'entity', hash, body: b })),
    ...extra.map(([hash, b]): HistoryObject => ({ type: 'entity', hash, body: b })),
    ...p.bucketRows.filter(([h]) => h !== p.buckets[key]).map(([hash, b]): HistoryObject => ({ type: 'bucket', hash, body: b })),
    { type: 'bucket', hash: bh, body },
    { type: 'snapshot', hash: merkleSnapshotHash(p.header, buckets), header: p.header, buckets, entityCount: count },
  ];
}

describe('verifying pushed snapshots in proportion to the push', () => {
  it('accepts a genuine snapshot and refuses self-consistent forgeries of its buckets', () => {
    const p = prepareSnapshot(parseOntology(base()));
    expect(refusal(objectsOf(p).objects)).toBeUndefined();
    const [key, bh] = Object.entries(p.buckets).find(([, h]) => (JSON.parse(p.bucketRows.find(([x]) => x === h)![1]) as unknown[]).length >= 2)!;
    const entries = JSON.parse(p.bucketRows.find(([h]) => h === bh)![1]) as Array<[string, string, string]>;
    const bodyOf = (hash: string): string => p.entityRows.find(([h]) => h === hash)![1];
    // The unchanged bucket re-stated: accepted (the harness itself is sound).
    expect(refusal(withBucket(p, key, entries))).toBeUndefined();
    // Entries out of order.
    expect(refusal(withBucket(p, key, [...entries].reverse()))).toMatch(/^OBJECT_INVALID: .*not in canonical order/);
    // An entity body whose keys are not sorted: same element, another address.
    const [c0, id0, h0] = entries[0]!;
    const shuffled = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(bodyOf(h0)) as Record<string, unknown>).reverse()));
    expect(shuffled).not.toBe(bodyOf(h0));
    expect(refusal(withBucket(p, key, [[c0, id0, sha256(shuffled)], ...entries.slice(1)], [[sha256(shuffled), shuffled]]))).toMatch(/^OBJECT_INVALID: .*is not in canonical form/);
    // An element that is not valid for its collection.
    const invalid = JSON.stringify({ nonsense: true });
    expect(refusal(withBucket(p, key, [[c0, id0, sha256(invalid)], ...entries.slice(1)], [[sha256(invalid), invalid]]))).toMatch(/^OBJECT_INVALID: .*not valid/);
    // An entry under an unknown collection.
    expect(refusal(withBucket(p, key, [['gadgets', id0, h0], ...entries.slice(1)]))).toMatch(/^OBJECT_INVALID: .*unknown collection/);
    // An id that hashes to another bucket.
    const foreign = Object.entries(p.buckets).find(([k]) => k !== key)!;
    const stranger = (JSON.parse(p.bucketRows.find(([h]) => h === foreign[1])![1]) as Array<[string, string, string]>)[0]!;
    expect(bucketOf(stranger[1])).not.toBe(Number(key));
    expect(refusal(withBucket(p, key, [...entries, stranger].sort((a, b) => (a[1] < b[1] ? -1 : 1))))).toMatch(/^OBJECT_INVALID: .*does not belong in this bucket/);
    // An entity that was never pushed.
    expect(refusal(withBucket(p, key, [[c0, id0, sha256('"absent"')], ...entries.slice(1)]))).toMatch(/^OBJECT_INVALID: .*references missing entity/);
    // An empty bucket.
    expect(refusal(withBucket(p, key, []))).toMatch(/^OBJECT_INVALID: .*empty bucket/);
  });

  it('refuses a genuine bucket listed under another key, a wrong count and a non-canonical header', () => {
    const p = prepareSnapshot(parseOntology(base()));
    const { objects, snapshot } = objectsOf(p);
    const plain = objects.filter((o) => o.type !== 'snapshot');
    const keys = Object.keys(p.buckets);
    const swapped = { ...p.buckets, [keys[0]!]: p.buckets[keys[1]!]!, [keys[1]!]: p.buckets[keys[0]!]! };
    const resigned = (s: Omit<Snapshot, 'hash'>): Snapshot => ({ ...s, hash: merkleSnapshotHash(s.header, s.buckets) });
    expect(refusal([...plain, resigned({ ...snapshot, buckets: swapped })])).toMatch(/^OBJECT_INVALID: .*is listed under/);
    const moved = { ...p.buckets };
    delete moved[keys[0]!];
    const free = Array.from({ length: 256 }, (_, i) => String(i)).find((k) => !(k in p.buckets))!;
    moved[free] = p.buckets[keys[0]!]!;
    expect(refusal([...plain, resigned({ ...snapshot, buckets: moved })])).toMatch(/^OBJECT_INVALID: .*is listed under/);
    expect(refusal([...plain, { ...snapshot, entityCount: snapshot.entityCount - 1 }])).toMatch(/^OBJECT_INVALID: .*does not match the/);
    const withCollection = JSON.stringify({ ...(JSON.parse(p.header) as Record<string, unknown>), objectTypes: {} });
    expect(refusal([...plain, resigned({ ...snapshot, header: withCollection })])).toMatch(/^OBJECT_INVALID: .*holds the collection/);
    // The same checks hold when the buckets were stored by an earlier push (read from their rows).
    const db = scratch();
    new ObjectStore(db).put(plain);
    expect(refusal([resigned({ ...snapshot, buckets: swapped })], db)).toMatch(/^OBJECT_INVALID: .*is listed under/);
    expect(refusal([{ ...snapshot, entityCount: snapshot.entityCount + 1 }], db)).toMatch(/^OBJECT_INVALID: .*does not match the/);
    expect(refusal([snapshot], db)).toBeUndefined();
  });

  it('a push of a one-element change checks that element’s bucket, not the ontology', () => {
    const o = parseOntology(base());
    const p = prepareSnapshot(o);
    const db = scratch();
    const store = new ObjectStore(db);
    store.put(objectsOf(p).objects);
    expect(store.verifiedEntities).toBe(p.entityCount);
    const id = Object.keys(o.objectTypes)[3]!;
    const next = structuredClone(o);
    (next.objectTypes[id] as { description: string }).description = 'changed';
    const q = prepareSnapshot(parseOntology(next));
    const before = store.verifiedEntities;
    // Everything the base already stored is skipped as existing, as in a real push.
    store.put(objectsOf(q).objects);
    const bucketSize = (JSON.parse(q.bucketRows.find(([h]) => h === q.buckets[String(bucketOf(id))])![1]) as unknown[]).length;
    expect(store.verifiedEntities - before).toBe(bucketSize);
    expect(bucketSize).toBeLessThan(p.entityCount / 20);
  });
});
