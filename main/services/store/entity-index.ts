/**
 * A derived index over stored entities: for each entity version (collection, id, entity hash) the
 * element ids it holds, its folded apiName and the ids it mentions (core/merge/entity-keys.ts).
 * Entities never change, so a row never goes stale; a snapshot is covered once every entity it
 * lists has its rows, which is recorded in `entity_index_snapshots_v<N>`.
 *
 * Written where snapshots are written, in proportion to the change (indexWrittenSnapshot, in the
 * writer's transaction): a snapshot derived from an indexed one adds only the entries that differ,
 * and a whole write (an import) indexes everything it writes, so a new store's first lookup builds
 * nothing. Stores made before that are indexed lazily (EntityIndex.open): by the difference from an
 * indexed snapshot near the one asked for (its merge base, a parent), whole once otherwise. Tables
 * are created on first write rather than by a schema migration: a derived cache must not make an
 * older store unreadable read-only (a migration needs write access), and a read-only store simply
 * has no index.
 *
 * Lookups answer "which elements of snapshot S …": candidates come from the index (every version
 * ever stored with that key), then each is kept only if S's manifest lists exactly that version.
 */
import { entityKeys } from '../../../core/merge/entity-keys';
import { COLLECTIONS, type Collection, type Ontology } from '../../../core/model';
import { BatchInsert } from './batch-insert';
import { ManifestReader, entityKey, type EntityKey } from './changed-ids';
import { StoreError } from './errors';
import { parseRow } from './snapshots';
import type { SqliteDatabase } from './sqlite-file';

/**
 * The tables carry the version of what core/merge/entity-keys.ts extracts and of the row layout:
 * a change there that adds keys would make an older index silently incomplete, so it gets new
 * tables (built lazily again) instead. Bump it with any change to entityKeys or to the layout.
 * v2: keys are grouped into SLOTS rows (one per hash of the key) instead of one row per key and
 * entity: an import writes a few thousand rows instead of one per key (~6 per element and more).
 */
const V = 2;
const KEYS = `entity_keys_v${V}`;
const COVERED = `entity_index_snapshots_v${V}`;
const INDEX_SQL = `
  CREATE TABLE IF NOT EXISTS ${KEYS} (slot INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT;
  CREATE TABLE IF NOT EXISTS ${COVERED} (hash TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
`;

/**
 * A slot row holds, for every key hashing to it, the entity versions that have that key (JSON
 * key → refs). A lookup reads one row; a commit of k elements rewrites about as many rows as the
 * keys it adds.
 */
const SLOTS = 4096;
const FNV_OFFSET = 0x811c9dc5;
/** FNV-1a state after `s`, from state `h`. */
function fnv(h: number, s: string): number {
  let x = h;
  for (let i = 0; i < s.length; i++) x = Math.imul(x ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return x;
}
function slotOf(key: string): number {
  // FNV-1a, as manifests bucket ids: stable across versions, cheap.
  return fnv(FNV_OFFSET, key) % SLOTS;
}

/**
 * An entity version as `<collection number> <hash tail> <id>`. The tail (72 bits of the entity
 * hash) only has to tell versions of one id apart; a collision would make a lookup return an
 * element it need not, which is safe (the index over-approximates anyway: entity-keys.ts).
 */
const TAIL = 12;
const refOf = (c: Collection, id: string, hash: string): string => `${COLLECTIONS.indexOf(c)} ${hash.slice(-TAIL)} ${id}`;
function parseRef(ref: string): { collection: Collection; tail: string; id: string } {
  const sp = ref.indexOf(' ');
  return { collection: COLLECTIONS[Number(ref.slice(0, sp))] as Collection, tail: ref.slice(sp + 1, sp + 1 + TAIL), id: ref.slice(sp + 2 + TAIL) };
}

type SlotBody = Record<string, string[]>;
const parseSlot = (body: string, slot: number): SlotBody => parseRow<SlotBody>(body, `entity index row ${slot}`, { slot });

/** Index keys: `i:` holds this element id, `n:<collection>:` has this folded apiName, `m:` mentions this id. */
const holdsKey = (id: string): string => `i:${id}`;
const nameKey = (collection: Collection, folded: string): string => `n:${collection}:${folded}`;
const mentionKey = (id: string): string => `m:${id}`;

/** The index keys of one entity version. */
function rowKeys(collection: Collection, id: string, value: unknown): string[] {
  const keys = entityKeys(collection, id, value);
  const out = keys.ids.map(holdsKey);
  if (keys.name !== undefined) out.push(nameKey(collection, keys.name));
  for (const m of keys.mentions) out.push(mentionKey(m));
  return out;
}

/**
 * A key as its prefix's number and the rest (rowKeys' keys are PREFIXES[kind] + rest): gathered
 * keys are kept in parts, so no key string is made until flush, where each dies young. A 50k-type
 * import gathers ~330k keys; held whole until the flush they were ~25 MB of small strings that
 * every young-generation collection copied, and grew the young generation by ~60 MB.
 */
const HOLDS = 0;
const MENTIONS = 1;
const PREFIXES: readonly string[] = ['i:', 'm:', ...COLLECTIONS.map((c) => `n:${c}:`)];
const PREFIX_STATE: readonly number[] = PREFIXES.map((p) => fnv(FNV_OFFSET, p));
const nameKind = (collection: Collection): number => 2 + COLLECTIONS.indexOf(collection);
/** slotOf(PREFIXES[kind] + rest), without making that string. */
const slotOfParts = (kind: number, rest: string): number => fnv(PREFIX_STATE[kind] as number, rest) % SLOTS;

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

type Entry = readonly [Collection, string, string];

/**
 * Index keys gathered for entity versions, not written yet: per slot, flat triples kind, rest, ref
 * (the key in parts, in rowKeys' order). One Map over all keys spent most of the index's time
 * missing the cache on every lookup, where a slot's ~75 keys are grouped in a small Map at flush.
 * Gathered outside any transaction by a writer that reads its input element by element (and keeps
 * no element), or by KeyWriter.cover.
 */
export class IndexKeys {
  readonly pending: Array<Array<number | string>> = [];
  /** Entity versions gathered. */
  entities = 0;

  add(collection: Collection, id: string, hash: string, value: unknown): void {
    const ref = refOf(collection, id, hash);
    const keys = entityKeys(collection, id, value);
    for (const held of keys.ids) this.push(HOLDS, held, ref);
    if (keys.name !== undefined) this.push(nameKind(collection), keys.name, ref);
    for (const m of keys.mentions) this.push(MENTIONS, m, ref);
    this.entities++;
  }

  private push(kind: number, rest: string, ref: string): void {
    (this.pending[slotOfParts(kind, rest)] ??= []).push(kind, rest, ref);
  }

  /** Add what `other` gathered (it is left as it was). */
  merge(other: IndexKeys): void {
    other.pending.forEach((pairs, slot) => {
      const into = (this.pending[slot] ??= []);
      for (const x of pairs) into.push(x);
    });
    this.entities += other.entities;
  }
}

/**
 * Writes key rows, inside a write transaction (the tables are created there if missing): keys are
 * gathered and written by flush(), each slot row once, merged with what it already holds.
 * Shared by the lazy build (EntityIndex.open) and the writers (indexWrittenSnapshot).
 */
class KeyWriter {
  private gathered = new IndexKeys();
  private readonly getSlot;
  private readonly putSlots;
  private readonly mark;
  private readonly has;
  /** No slot row yet (a new store's import): nothing to merge with. */
  private readonly empty: boolean;

  constructor(db: SqliteDatabase, private readonly reader: ManifestReader, readonly build: IndexBuild) {
    db.exec(INDEX_SQL);
    this.getSlot = db.prepare<[number], { body: string }>(`SELECT body FROM ${KEYS} WHERE slot = ?`);
    this.putSlots = new BatchInsert(db, `INSERT OR REPLACE INTO ${KEYS} (slot, body)`, 2);
    this.mark = db.prepare<[string]>(`INSERT OR IGNORE INTO ${COVERED} (hash) VALUES (?)`);
    this.has = db.prepare<[string], { hash: string }>(`SELECT hash FROM ${COVERED} WHERE hash = ?`);
    this.empty = db.prepare(`SELECT 1 FROM ${KEYS} LIMIT 1`).get() === undefined;
  }

  covered(snapshot: string): boolean {
    return this.has.get(snapshot) !== undefined;
  }

  /**
   * Gather the keys of `entries` of `snapshot` and record it covered (its rows are written by
   * flush, in the same transaction). `values` holds the canonical element values when the caller
   * has them (a whole write): parsing 50k rows back would cost more than the keys themselves.
   */
  cover(snapshot: string, entries: Iterable<Entry>, values?: Ontology): void {
    const gathered = this.gathered;
    const before = gathered.entities;
    for (const [c, id, h] of entries) gathered.add(c, id, h, (values?.[c] as Record<string, unknown> | undefined)?.[id] ?? this.reader.entity(snapshot, h, false));
    this.build.indexedEntities += gathered.entities - before;
    this.mark.run(snapshot);
  }

  /** Record `snapshot` covered by keys gathered for every entry it lists (written by flush). */
  coverGathered(snapshot: string, keys: IndexKeys): void {
    if (this.gathered.entities === 0) this.gathered = keys;
    else this.gathered.merge(keys);
    this.build.indexedEntities += keys.entities;
    this.mark.run(snapshot);
  }

  /** Write every slot that gathered keys, merged with its stored row (none in a new store), in slot order. */
  flush(): void {
    let rows: Array<[number, string]> = [];
    // forEach skips the slots nothing was gathered for and goes in slot order: rows land in
    // sequence in the table's B-tree, not on a random page each. Written a batch at a time, so
    // the bodies (~15 MB at 50k types) are not all held at once.
    this.gathered.pending.forEach((triples, slot) => {
      const gathered = new Map<string, Refs>();
      for (let k = 0; k < triples.length; k += 3) {
        const key = `${PREFIXES[triples[k] as number] as string}${triples[k + 1] as string}`;
        const ref = triples[k + 2] as string;
        const had = gathered.get(key);
        if (had === undefined) gathered.set(key, ref);
        else if (typeof had === 'string') gathered.set(key, [had, ref]);
        else had.push(ref);
      }
      const row = this.empty ? undefined : this.getSlot.get(slot);
      rows.push([slot, row ? merged(parseSlot(row.body, slot), gathered) : freshBody(gathered)]);
      if (rows.length < FLUSH_ROWS) return;
      this.putSlots.run(rows);
      rows = [];
    });
    this.putSlots.run(rows);
    this.gathered = new IndexKeys();
  }
}

/** Slot rows per insert run in flush: BatchInsert's multi-row statement size. */
const FLUSH_ROWS = 100;

/** The entity versions gathered for one key: one ref (the common case), or several. */
type Refs = string | string[];

/**
 * A new slot row's body, JSON.stringify of { key: refs }, written from the gathered refs in one
 * pass. Building that object first gave each key its own hidden class; keys are never `__proto__`
 * or array indices (they start with `i:`, `n:` or `m:`), so the bytes are the same.
 */
function freshBody(gathered: ReadonlyMap<string, Refs>): string {
  const parts: string[] = [];
  // Two snapshots indexed together may add the same version twice.
  for (const [key, refs] of gathered) parts.push(`${jsonString(key)}:${typeof refs === 'string' ? `[${jsonString(refs)}]` : JSON.stringify([...new Set(refs)])}`);
  return `{${parts.join(',')}}`;
}

/** Characters JSON.stringify writes as they are (no quote, backslash, control character or surrogate). */
const JSON_PLAIN = /^[\w .:-]*$/;
/**
 * JSON.stringify(s), skipping the call for the plain keys and refs ids make (~600k of them at 50k
 * types: the calls cost about twice the test).
 */
const jsonString = (s: string): string => (JSON_PLAIN.test(s) ? `"${s}"` : JSON.stringify(s));

/** The stored slot body with the gathered refs added (each ref once), as JSON. */
function merged(body: SlotBody, gathered: ReadonlyMap<string, Refs>): string {
  for (const [key, refs] of gathered) {
    const add = typeof refs === 'string' ? [refs] : refs;
    const had = body[key];
    body[key] = had || add.length > 1 ? [...new Set(had ? [...had, ...add] : add)] : add;
  }
  return JSON.stringify(body);
}

/** A snapshot a writer has just stored, and what it was made from. */
export interface WrittenSnapshot {
  snapshot: string;
  /** The snapshot it derives from (the state it replaces, the base it patches, the head it lands on). */
  from: string | undefined;
  /**
   * The whole canonical ontology it stores, when the writer has it in hand: then the snapshot is
   * indexed even when `from` is not (whole, at the cost of a pass the write makes anyway).
   * Without it (a patch) only a snapshot whose `from` is covered is indexed, by their difference.
   */
  values?: Ontology | undefined;
  /** Every entry of the snapshot, with `values` (a whole write has them in hand): not read back from its buckets. */
  entries?: Iterable<Entry> | undefined;
  /** Instead of `values`: the keys of every entry, gathered as the snapshot was prepared (IndexKeys). */
  keys?: IndexKeys | undefined;
}

/**
 * Keep the index current where snapshots are written, inside the writer's transaction (a crash
 * leaves both or neither): a snapshot derived from a covered one gets the rows of what differs from
 * it only; a whole write indexes what it writes. A patch over an uncovered snapshot (a store made
 * before the index existed) is left to the lazy build (EntityIndex.open), which finds a covered
 * neighbour or builds once. A snapshot the store already had is covered already, or left as it was.
 */
export function indexWrittenSnapshot(db: SqliteDatabase, w: WrittenSnapshot): IndexBuild {
  const build: IndexBuild = { indexedEntities: 0, fullBuilds: 0 };
  const reader = new ManifestReader(db);
  const keys = new KeyWriter(db, reader, build);
  if (keys.covered(w.snapshot)) return build;
  if (w.from !== undefined && keys.covered(w.from)) {
    keys.cover(w.snapshot, reader.addedEntries(w.from, w.snapshot), w.values);
  } else if (w.keys) {
    build.fullBuilds++;
    keys.coverGathered(w.snapshot, w.keys);
  } else if (w.values) {
    build.fullBuilds++;
    keys.cover(w.snapshot, w.entries ?? reader.allEntries(w.snapshot), w.values);
  }
  keys.flush();
  return build;
}

export class EntityIndex {
  private readonly getSlot;
  /** Slot rows read so far: rows only grow, and an index is used for one preview or commit. */
  private readonly slots = new Map<number, SlotBody>();

  private constructor(db: SqliteDatabase, private readonly reader: ManifestReader) {
    this.getSlot = db.prepare<[number], { body: string }>(`SELECT body FROM ${KEYS} WHERE slot = ?`);
  }

  /**
   * Make sure every snapshot in `wanted` is indexed, in one IMMEDIATE transaction (a crash leaves
   * no half-covered snapshot recorded as covered). Each wanted snapshot comes with its neighbours
   * (its commit's ancestors' snapshots, nearest first): it is indexed by its difference from the
   * nearest indexed one, else from another wanted snapshot that is indexed, else whole (once per store
   * made before writers kept the index: see indexWrittenSnapshot).
   * `write` is the caller's transaction wrapper (typed errors for disk full, busy, read-only).
   */
  static open(db: SqliteDatabase, reader: ManifestReader, wanted: ReadonlyArray<{ snapshot: string; near: readonly string[] }>, write: <T>(fn: () => T) => T): { index: EntityIndex; build: IndexBuild } {
    const build: IndexBuild = { indexedEntities: 0, fullBuilds: 0 };
    const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '${COVERED}'`).get() !== undefined;
    const isCovered = (h: string): boolean => exists && db.prepare(`SELECT 1 FROM ${COVERED} WHERE hash = ?`).get(h) !== undefined;
    if (!wanted.every((w) => isCovered(w.snapshot))) {
      if (db.readonly) throw new StoreError('STORE_READ_ONLY', 'the entity index needs writing and the store is open read-only');
      write(() => {
        const keys = new KeyWriter(db, reader, build);
        for (const { snapshot: s, near } of wanted) {
          if (!keys.covered(s)) {
            const from = near.find((h) => keys.covered(h)) ?? wanted.find((w) => w.snapshot !== s && keys.covered(w.snapshot))?.snapshot;
            if (!from) build.fullBuilds++;
            keys.cover(s, from ? reader.addedEntries(from, s) : reader.allEntries(s));
          }
        }
        keys.flush();
      });
    }
    return { index: new EntityIndex(db, reader), build };
  }

  private refs(key: string): readonly string[] {
    const slot = slotOf(key);
    let body = this.slots.get(slot);
    if (!body) {
      const row = this.getSlot.get(slot);
      body = row ? parseSlot(row.body, slot) : {};
      this.slots.set(slot, body);
    }
    return body[key] ?? [];
  }

  private elements(snapshot: string, key: string): EntityKey[] {
    const out = new Set<EntityKey>();
    for (const ref of this.refs(key)) {
      const { collection, tail, id } = parseRef(ref);
      if (this.reader.hashOf(snapshot, collection, id)?.endsWith(tail)) out.add(entityKey(collection, id));
    }
    return [...out];
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

/** The index's table names, for tests and checks that read it raw. */
export const INDEX_TABLES = { keys: KEYS, covered: COVERED } as const;

function allSlots(db: SqliteDatabase): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  if (db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '${KEYS}'`).get() === undefined) return out;
  for (const row of db.prepare(`SELECT slot, body FROM ${KEYS}`).all() as Array<{ slot: number; body: string }>) {
    for (const [key, refs] of Object.entries(parseSlot(row.body, row.slot))) out.set(key, new Set(refs));
  }
  return out;
}

/** Every (key, entity version) pair the index holds, as sorted `key ref` lines: for tests comparing two indexes. */
export function indexRows(db: SqliteDatabase): string[] {
  return [...allSlots(db)].flatMap(([key, refs]) => [...refs].map((r) => `${key} ${r}`)).sort();
}

/**
 * Entries of covered snapshots that lack some of their keys: an index that would answer a lookup
 * wrongly. Reads every covered snapshot whole — for tests and store checks, not for serving.
 */
export function indexGaps(db: SqliteDatabase): Array<{ snapshot: string; collection: Collection; id: string }> {
  if (db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '${COVERED}'`).get() === undefined) return [];
  const reader = new ManifestReader(db);
  const held = allSlots(db);
  const gaps: Array<{ snapshot: string; collection: Collection; id: string }> = [];
  for (const snapshot of db.prepare(`SELECT hash FROM ${COVERED}`).pluck().all() as string[]) {
    for (const [c, id, h] of reader.allEntries(snapshot)) {
      const ref = refOf(c, id, h);
      if (rowKeys(c, id, reader.entity(snapshot, h, false)).some((k) => !held.get(k)?.has(ref))) gaps.push({ snapshot, collection: c, id });
    }
  }
  return gaps;
}
