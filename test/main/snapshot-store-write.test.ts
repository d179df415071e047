/**
 * SnapshotStore.write/store (main/services/store/snapshots.ts) on a real SQLite file: a bucket
 * already stored means its entities are, so writing a snapshot that differs from a stored one in one
 * element offers ~one bucket's entities to the table, not every entity; the rows and the address stay
 * those of prepareSnapshot; and a bulk write lands every row whatever order it was prepared in.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson, canonicalize, hashBytes, parseOntology } from '../../core/model';
import { sha256 } from '../../main/services/store/hash';
import { migrate } from '../../main/services/store/migrations';
import { prepareSnapshot, SnapshotStore } from '../../main/services/store/snapshots';
import { WORKSPACE_MIGRATIONS } from '../../main/services/store/workspace-schema';
import { editTypes, scaleOntology } from '../bench/scale-ontology';
import { randomOntology } from '../support/random-ontology';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function store(): { db: Database.Database; snaps: SnapshotStore } {
  const dir = mkdtempSync(join(tmpdir(), 'oms-snapwrite-'));
  dirs.push(dir);
  const db = new Database(join(dir, 'w.oms'));
  migrate(db, 'workspace', WORKSPACE_MIGRATIONS);
  return { db, snaps: new SnapshotStore(db) };
}

const count = (db: Database.Database, table: string): number => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe('SnapshotStore.write', () => {
  it('offers only the entities of buckets not stored yet', () => {
    const { db, snaps } = store();
    const o = scaleOntology(2000, 2);
    const first = db.transaction(() => snaps.write(o, { canonical: true }))();
    expect(first.offeredEntities).toBe(first.entityCount);
    expect(first.newEntities).toBe(first.entityCount);

    const again = db.transaction(() => snaps.write(o, { canonical: true }))();
    expect(again).toMatchObject({ hash: first.hash, newEntities: 0, newBuckets: 0, offeredEntities: 0 });

    const edited = db.transaction(() => snaps.write(editTypes(o, 1, 'one field')))();
    expect(edited.newEntities).toBe(1);
    expect(edited.newBuckets).toBe(1);
    // One bucket's worth (~2200 entities / 256 buckets), not the 2200.
    expect(edited.offeredEntities).toBeGreaterThan(0);
    expect(edited.offeredEntities).toBeLessThan(40);
    expect(canonicalJson(snaps.read(edited.hash))).toBe(canonicalJson(editTypes(o, 1, 'one field')));
  });

  it('stores exactly the rows and address of prepareSnapshot, for non-canonical input too', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const { db, snaps } = store();
      const raw = randomOntology(seed);
      const p = prepareSnapshot(canonicalize(raw));
      const w = db.transaction(() => snaps.write(raw))();
      expect(w.hash).toBe(p.hash);
      expect(w.hash).toBe(snaps.hashOf(raw));
      const stored = db.prepare('SELECT hash, body FROM entities ORDER BY hash').all() as Array<{ hash: string; body: string }>;
      const expected = [...new Map(p.entityRows.map(([h, b]) => [h, b])).entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
      expect(stored.map((r) => [r.hash, r.body])).toEqual(expected);
      expect(count(db, 'manifest_buckets')).toBe(p.bucketRows.length);
      expect(canonicalJson(snaps.read(w.hash))).toBe(canonicalJson(parseOntology(raw)));
    }
  });
});

describe('sha256', () => {
  it('is core\'s hashBytes of the UTF-8 bytes (one-shot crypto.hash or a Hash object alike), for any string', () => {
    const encode = (t: string): Uint8Array => new TextEncoder().encode(t);
    for (const t of ['', 'a', '{"apiName":"A"}', 'naïve café 数据 🛫', 'lone \ud800 high', 'lone \udc00 low', 'x'.repeat(100_000)]) {
      expect(sha256(t)).toBe(hashBytes(encode(t)));
    }
  });
});
