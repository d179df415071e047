/**
 * What a live branch doc changed since a known snapshot: the top-level element ids touched (plus
 * whether the header was), so a commit patches that snapshot with only those entities instead of
 * reading, hashing and rewriting the whole ontology.
 *
 * Two halves:
 * - DirtyTracker follows a Y.Doc's transactions in memory (every origin: local edits, replicas,
 *   other processes' updates applied by catch-up), relative to a base snapshot.
 * - LiveBaseRecords persists "the doc as stored up to seq S reads as snapshot B with these ids
 *   replaced". It is trusted only while the doc's last seq is still S, so a process that died after
 *   its edits were persisted but before it wrote the record leaves a record that no longer matches:
 *   the next commit then compares everything once (O(ontology), once) and starts a fresh record.
 *   A superset of the real changes is always safe (unchanged entities re-hash to the same rows).
 */
import type * as Y from 'yjs';
import { observeChangedIds, rootMap } from '../../../core/yjs';
import { StoreError } from './errors';
import type { SqliteDatabase } from './sqlite-file';

export interface LiveBase {
  /** Snapshot the doc equals apart from `ids` and (when `header`) the ontology's root fields. */
  snapshot: string;
  header: boolean;
  ids: ReadonlySet<string>;
}

export const LIVE_BASE_MIGRATION_SQL = `
  -- A branch's live doc, as stored up to doc seq \`seq\`, reads as snapshot \`snapshot\` with the
  -- top-level elements in \`ids\` (JSON list) and, when \`header\` = 1, the root fields replaced.
  CREATE TABLE live_base (
    branch_id TEXT PRIMARY KEY,
    snapshot TEXT NOT NULL,
    seq INTEGER NOT NULL,
    header INTEGER NOT NULL,
    ids TEXT NOT NULL
  ) STRICT;
`;

export class DirtyTracker {
  private base: LiveBase | undefined;
  private readonly ids = new Set<string>();
  private header = false;
  private readonly stopEntities: () => void;
  private readonly onRoot = (): void => {
    this.header = true;
  };

  /** Follows `doc` from now on; `base` describes the doc as it is at this moment (undefined: unknown). */
  constructor(readonly doc: Y.Doc, base: LiveBase | undefined) {
    this.base = base;
    this.stopEntities = observeChangedIds(doc, (changed) => {
      for (const id of changed.ids) this.ids.add(id);
    });
    rootMap(doc).observeDeep(this.onRoot);
  }

  /** The doc now, relative to its base; undefined when the base is unknown (compare everything). */
  current(): LiveBase | undefined {
    if (!this.base) return undefined;
    if (this.ids.size === 0 && !this.header) return this.base;
    return { snapshot: this.base.snapshot, header: this.base.header || this.header, ids: new Set([...this.base.ids, ...this.ids]) };
  }

  /** The doc, as it is at this moment, equals `snapshot` (a commit of it just landed). */
  rebase(snapshot: string): void {
    this.base = { snapshot, header: false, ids: new Set() };
    this.ids.clear();
    this.header = false;
  }

  dispose(): void {
    this.stopEntities();
    rootMap(this.doc).unobserveDeep(this.onRoot);
  }
}

interface LiveBaseRow {
  snapshot: string;
  seq: number;
  header: number;
  ids: string;
}

/** The persisted half (see the header comment); every method runs inside or outside the caller's transaction alike. */
export class LiveBaseRecords {
  constructor(private readonly db: SqliteDatabase) {}

  /** The base of the doc stored up to `seq`, if the record was written at exactly that seq. */
  get(branchId: string, seq: number): LiveBase | undefined {
    const row = this.db.prepare('SELECT snapshot, seq, header, ids FROM live_base WHERE branch_id = ?').get(branchId) as LiveBaseRow | undefined;
    if (!row || row.seq !== seq) return undefined;
    const damaged = (cause?: unknown): StoreError =>
      new StoreError('STORE_CORRUPT', `the live-change record of branch ${branchId} is damaged; restore the store from a backup`, { branch: branchId }, cause === undefined ? undefined : { cause });
    let ids: unknown;
    try {
      ids = JSON.parse(row.ids);
    } catch (err) {
      throw damaged(err);
    }
    if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) throw damaged();
    return { snapshot: row.snapshot, header: row.header === 1, ids: new Set(ids as string[]) };
  }

  put(branchId: string, seq: number, base: LiveBase): void {
    this.db
      .prepare('INSERT INTO live_base (branch_id, snapshot, seq, header, ids) VALUES (?, ?, ?, ?, ?) ON CONFLICT(branch_id) DO UPDATE SET snapshot = excluded.snapshot, seq = excluded.seq, header = excluded.header, ids = excluded.ids')
      .run(branchId, base.snapshot, seq, base.header ? 1 : 0, JSON.stringify([...base.ids].sort()));
  }

  drop(branchId: string): void {
    this.db.prepare('DELETE FROM live_base WHERE branch_id = ?').run(branchId);
  }
}
