/**
 * A derived index over stored entities: for each entity version (collection, id, entity hash) the
 * element ids it holds, its folded apiName and the ids it mentions (core/merge/entity-keys.ts).
 * Entities never change, so a row never goes stale; a snapshot is covered once every entity it
 * lists has its rows, which is recorded in `entity_index_snapshots_v<N>`.
 *
 * Built lazily, and in proportion to the change: a snapshot is indexed by adding only the entries
 * that differ from an already-indexed snapshot near it (its merge base, a parent), so the first
 * lookup on a store indexes one snapshot whole and later ones cost what changed. Tables are created
 * on first use rather than by a schema migration: a derived cache must not make an older store
 * unreadable read-only (a migration needs write access), and a read-only store simply has no index.
 *
 * Lookups answer "which elements of snapshot S …": candidates come from the index (every version
 * ever stored with that key), then each is kept only if S's manifest lists exactly that version.
 */
import { entityKeys } from '../../../core/merge/entity-keys';
import type { Collection } from '../../../core/model';
import type { ManifestReader } from './changed-ids';
import { entityKey, type EntityKey } from './changed-ids';
import { StoreError } from './errors';
import type { SqliteDatabase } from './sqlite-file';

/**
 * The tables carry the version of what core/merge/entity-keys.ts extracts: a change there that
 * adds keys would make an older index silently incomplete, so it gets new tables (built lazily
 * again) instead. Bump it with any change to entityKeys.
 */
const V = 1;
const KEYS = `entity_keys_v${V}`;
const COVERED = `entity_index_snapshots_v${V}`;
const INDEX_SQL = `
  CREATE TABLE IF NOT EXISTS ${KEYS} (key TEXT NOT NULL, collection TEXT NOT NULL, id TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (key, collection, id, hash)) STRICT, WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS ${COVERED} (hash TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
`;

/** Index keys: `i:` holds this element id, `n:<collection>:` has this folded apiName, `m:` mentions this id. */
const holdsKey = (id: string): string => `i:${id}`;
const nameKey = (collection: Collection, folded: string): string => `n:${collection}:${folded}`;
const mentionKey = (id: string): string => `m:${id}`;

/**
 * Environment failures that keep the entity index (or a findings cache row) from being written, with
 * what to tell a person: a reader goes without it (the whole way) instead of failing.
 */
export const INDEX_UNAVAILABLE: Readonly<Partial<Record<string, string>>> = {
  STORE_BUSY: 'the store is busy with another write',
  STORE_READ_ONLY: 'the store is open read-only',
  STORE_DISK_FULL: 'the disk is full',
};

/** Why `err` keeps the index from being written, or undefined when it is not such a failure. */
export function indexUnavailable(err: unknown): string | undefined {
  return err instanceof StoreError ? INDEX_UNAVAILABLE[err.code] : undefined;
}

/** How far back along first parents to look for a snapshot the index already covers. */
export const INDEX_NEIGHBOURS = 32;

export interface IndexBuild {
  /** Entities whose keys were written now (0 when every snapshot asked for was already covered). */
  indexedEntities: number;
  /** Snapshots indexed from scratch because no indexed neighbour was given. */
  fullBuilds: number;
}

export class EntityIndex {
  private readonly lookup;

  private constructor(private readonly db: SqliteDatabase, private readonly reader: ManifestReader) {
    this.lookup = db.prepare<[string], { collection: string; id: string; hash: string }>(`SELECT collection, id, hash FROM ${KEYS} WHERE key = ?`);
  }

  /**
   * Make sure every snapshot in `wanted` is indexed, in one IMMEDIATE transaction (a crash leaves
   * no half-covered snapshot recorded as covered). Each wanted snapshot comes with its neighbours
   * (its commit's ancestors' snapshots, nearest first): it is indexed by its difference from the
   * nearest indexed one, else from another wanted snapshot indexed here, else whole (once per store).
   * `write` is the caller's transaction wrapper (typed errors for disk full, busy, read-only).
   */
  static open(db: SqliteDatabase, reader: ManifestReader, wanted: ReadonlyArray<{ snapshot: string; near: readonly string[] }>, write: <T>(fn: () => T) => T): { index: EntityIndex; build: IndexBuild } {
    const build: IndexBuild = { indexedEntities: 0, fullBuilds: 0 };
    const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '${COVERED}'`).get() !== undefined;
    const isCovered = (h: string): boolean => exists && db.prepare(`SELECT 1 FROM ${COVERED} WHERE hash = ?`).get(h) !== undefined;
    if (!wanted.every((w) => isCovered(w.snapshot))) {
      if (db.readonly) throw new StoreError('STORE_READ_ONLY', 'the entity index needs writing and the store is open read-only');
      write(() => {
        db.exec(INDEX_SQL);
        const insert = db.prepare<[string, string, string, string]>(`INSERT OR IGNORE INTO ${KEYS} (key, collection, id, hash) VALUES (?, ?, ?, ?)`);
        const mark = db.prepare<[string]>(`INSERT OR IGNORE INTO ${COVERED} (hash) VALUES (?)`);
        const has = db.prepare<[string], { hash: string }>(`SELECT hash FROM ${COVERED} WHERE hash = ?`);
        const done: string[] = [];
        for (const { snapshot: s, near } of wanted) {
          if (has.get(s)) {
            done.push(s);
            continue;
          }
          const from = near.find((h) => has.get(h) !== undefined) ?? done[0];
          const entries = from ? reader.addedEntries(from, s) : reader.allEntries(s);
          if (!from) build.fullBuilds++;
          for (const [c, id, h] of entries) {
            const keys = entityKeys(c, id, reader.entity(s, h, false));
            for (const held of keys.ids) insert.run(holdsKey(held), c, id, h);
            if (keys.name !== undefined) insert.run(nameKey(c, keys.name), c, id, h);
            for (const m of keys.mentions) insert.run(mentionKey(m), c, id, h);
            build.indexedEntities++;
          }
          mark.run(s);
          done.push(s);
        }
      });
    }
    return { index: new EntityIndex(db, reader), build };
  }

  private elements(snapshot: string, key: string): EntityKey[] {
    const out: EntityKey[] = [];
    for (const row of this.lookup.all(key)) {
      const c = row.collection as Collection;
      if (this.reader.hashOf(snapshot, c, row.id) === row.hash) out.push(entityKey(c, row.id));
    }
    return out;
  }

  /** Top-level elements of `snapshot` holding an element (themselves or a nested child) with this id. */
  holders(snapshot: string, id: string): EntityKey[] {
    return this.elements(snapshot, holdsKey(id));
  }

  /** Top-level elements of `collection` in `snapshot` whose apiName folds to `folded`. */
  named(snapshot: string, collection: Collection, folded: string): EntityKey[] {
    return this.elements(snapshot, nameKey(collection, folded));
  }

  /** Top-level elements of `snapshot` that mention this id anywhere (any reference field, theirs or their children's). */
  mentioning(snapshot: string, id: string): EntityKey[] {
    return this.elements(snapshot, mentionKey(id));
  }
}
