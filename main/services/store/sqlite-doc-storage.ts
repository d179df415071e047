/**
 * DocStorage on SQLite (better-sqlite3, WAL): per doc a compacted snapshot plus a tail of update rows.
 *
 * - Append: one IMMEDIATE transaction per batch; resolving means committed at the configured
 *   durability (see Durability in sqlite-file.ts).
 * - Compaction: snapshot + tail up to a seq S read in bounded chunks into a Y.Doc (yielding to the
 *   event loop between chunks, so appends keep flowing), re-encoded, then one transaction replaces
 *   the snapshot and deletes rows with seq ≤ S only. Rows appended meanwhile (seq > S) stay.
 *   Never one flat Y.mergeUpdates over the tail: that is superlinear.
 * - Seqs are per doc, strictly increasing and never reused (kept in `yjs_docs.last_seq`).
 */
import type { AppendResult, CompactResult, DocKey, DocStorage, StoredDocState } from '../../../core/storage/doc-storage';
import { StoreError, translateSqliteError } from './errors';
import { migrate, type Migration } from './migrations';
import { foldUpdates } from '../../../core/storage/fold-updates';
import { openStoreDatabase, type Durability, type SqliteDatabase } from './sqlite-file';
import type { Statement, Transaction } from 'better-sqlite3';

export interface SqliteDocStorageOptions {
  /** Only used when a path is given; a passed Database keeps the owner's pragmas. Default `full`. */
  durability?: Durability;
  /** Update rows applied per compaction chunk before yielding to the event loop. */
  compactChunkRows?: number;
  /** Run `PRAGMA quick_check` when opening a path (default true). */
  verify?: boolean;
  /** Never write (no migration, no pragma): appends then fail with STORE_READ_ONLY. */
  readOnly?: boolean;
}

// Checked by hand, not zod: this sits on the append hot path and in the crash-test child's start-up.
const validName = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    up(db) {
      db.exec(`
        CREATE TABLE yjs_docs (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          workspace TEXT NOT NULL,
          branch TEXT NOT NULL,
          last_seq INTEGER NOT NULL DEFAULT 0,
          snapshot BLOB,
          snapshot_seq INTEGER NOT NULL DEFAULT 0,
          UNIQUE (workspace, branch)
        ) STRICT;
        CREATE TABLE yjs_updates (
          doc_id INTEGER NOT NULL REFERENCES yjs_docs(id) ON DELETE CASCADE,
          seq INTEGER NOT NULL,
          data BLOB NOT NULL,
          PRIMARY KEY (doc_id, seq)
        ) STRICT, WITHOUT ROWID;
      `);
    },
  },
  {
    // Snapshots move out of yjs_docs: every append updates that row's last_seq, and SQLite rewrites a
    // whole row on UPDATE, so a snapshot kept there made each append cost O(snapshot size)
    // (measured: 20k appends/s with no snapshot, 52/s next to a 10 MB one).
    version: 2,
    up(db) {
      db.exec(`
        CREATE TABLE yjs_snapshots (
          doc_id INTEGER PRIMARY KEY REFERENCES yjs_docs(id) ON DELETE CASCADE,
          data BLOB NOT NULL
        ) STRICT;
        INSERT INTO yjs_snapshots (doc_id, data) SELECT id, snapshot FROM yjs_docs WHERE snapshot IS NOT NULL;
        ALTER TABLE yjs_docs DROP COLUMN snapshot;
      `);
    },
  },
];

interface DocRow {
  id: number;
  last_seq: number;
  snapshot: Uint8Array | null;
  snapshot_seq: number;
}

/** better-sqlite3 returns Buffers; hand out plain Uint8Array views (no copy) as the contract says. */
const bytes = (b: Uint8Array): Uint8Array => (b.constructor === Uint8Array ? b : new Uint8Array(b.buffer, b.byteOffset, b.byteLength));

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class SqliteDocStorage implements DocStorage {
  readonly db: SqliteDatabase;
  private readonly ownsDb: boolean;
  private readonly chunkRows: number;
  private closed = false;
  /** Created once: better-sqlite3 transaction wrappers are not free to build per call. */
  private readonly appendTx: Transaction<(k: DocKey, updates: readonly Uint8Array[], expectSeq?: number) => AppendResult>;
  /** One compaction per doc at a time in this process; across processes the final check guards. */
  private readonly compacting = new Map<string, Promise<CompactResult>>();
  private readonly stmt: {
    docByKey: Statement<[string, string], DocRow>;
    seqByKey: Statement<[string, string], { id: number; last_seq: number }>;
    insertDoc: Statement<[string, string], { id: number }>;
    insertUpdate: Statement<[number, number, Uint8Array]>;
    setLastSeq: Statement<[number, number]>;
    tail: Statement<[number, number], { data: Uint8Array }>;
    chunk: Statement<[number, number, number, number], { seq: number; data: Uint8Array }>;
    tailStats: Statement<[number], { n: number; bytes: number | null }>;
    docById: Statement<[number], DocRow>;
    sizeByKey: Statement<[string, string], { id: number; snap: number | null }>;
    putSnapshot: Statement<[number, Uint8Array]>;
    setSnapshotSeq: Statement<[number, number]>;
    deleteUpTo: Statement<[number, number]>;
    deleteDoc: Statement<[string, string]>;
    listAll: Statement<[], DocKey>;
    listWs: Statement<[string], DocKey>;
  };

  constructor(dbOrPath: SqliteDatabase | string, options: SqliteDocStorageOptions = {}) {
    if (typeof dbOrPath === 'string') {
      const open: Parameters<typeof openStoreDatabase>[1] = { create: true, durability: options.durability ?? 'full' };
      if (options.verify !== undefined) open.verify = options.verify;
      if (options.readOnly) open.readOnly = true;
      this.db = openStoreDatabase(dbOrPath, open);
      this.ownsDb = true;
    } else {
      this.db = dbOrPath;
      this.ownsDb = false;
    }
    this.chunkRows = Math.max(1, options.compactChunkRows ?? 2000);
    try {
      migrate(this.db, 'yjs-doc-storage', MIGRATIONS, { readOnly: options.readOnly ?? false });
    } catch (err) {
      if (this.ownsDb) this.db.close();
      throw err;
    }
    const db = this.db;
    this.stmt = {
      docByKey: db.prepare('SELECT d.id, d.last_seq, s.data AS snapshot, d.snapshot_seq FROM yjs_docs d LEFT JOIN yjs_snapshots s ON s.doc_id = d.id WHERE d.workspace = ? AND d.branch = ?'),
      seqByKey: db.prepare('SELECT id, last_seq FROM yjs_docs WHERE workspace = ? AND branch = ?'),
      insertDoc: db.prepare('INSERT INTO yjs_docs (workspace, branch) VALUES (?, ?) RETURNING id'),
      insertUpdate: db.prepare('INSERT INTO yjs_updates (doc_id, seq, data) VALUES (?, ?, ?)'),
      setLastSeq: db.prepare('UPDATE yjs_docs SET last_seq = ? WHERE id = ?'),
      tail: db.prepare('SELECT data FROM yjs_updates WHERE doc_id = ? AND seq > ? ORDER BY seq'),
      chunk: db.prepare('SELECT seq, data FROM yjs_updates WHERE doc_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?'),
      tailStats: db.prepare('SELECT count(*) AS n, sum(length(data)) AS bytes FROM yjs_updates WHERE doc_id = ?'),
      sizeByKey: db.prepare('SELECT d.id, length(s.data) AS snap FROM yjs_docs d LEFT JOIN yjs_snapshots s ON s.doc_id = d.id WHERE d.workspace = ? AND d.branch = ?'),
      docById: db.prepare('SELECT d.id, d.last_seq, s.data AS snapshot, d.snapshot_seq FROM yjs_docs d LEFT JOIN yjs_snapshots s ON s.doc_id = d.id WHERE d.id = ?'),
      putSnapshot: db.prepare('INSERT INTO yjs_snapshots (doc_id, data) VALUES (?, ?) ON CONFLICT(doc_id) DO UPDATE SET data = excluded.data'),
      setSnapshotSeq: db.prepare('UPDATE yjs_docs SET snapshot_seq = ? WHERE id = ?'),
      deleteUpTo: db.prepare('DELETE FROM yjs_updates WHERE doc_id = ? AND seq <= ?'),
      deleteDoc: db.prepare('DELETE FROM yjs_docs WHERE workspace = ? AND branch = ?'),
      listAll: db.prepare('SELECT workspace, branch FROM yjs_docs ORDER BY workspace, branch'),
      listWs: db.prepare('SELECT workspace, branch FROM yjs_docs WHERE workspace = ? ORDER BY branch'),
    };
    this.appendTx = db.transaction((k: DocKey, updates: readonly Uint8Array[], expectSeq?: number): AppendResult => {
      const doc = this.stmt.seqByKey.get(k.workspace, k.branch);
      if (expectSeq !== undefined && (doc?.last_seq ?? 0) !== expectSeq) {
        // Yjs updates are deltas against what the writer loaded: appended after someone else's, a
        // whole-state replacement would blend with theirs instead of replacing it.
        throw new StoreError('STATE_CHANGED', `the doc changed since it was read (seq ${expectSeq}, now ${doc?.last_seq ?? 0}); read it again and retry`, { expected: expectSeq, actual: doc?.last_seq ?? 0, retryable: true });
      }
      if (updates.length === 0) return { seq: doc?.last_seq ?? 0 };
      const id = doc?.id ?? (this.stmt.insertDoc.get(k.workspace, k.branch) as { id: number }).id;
      let seq = doc?.last_seq ?? 0;
      for (const u of updates) this.stmt.insertUpdate.run(id, ++seq, u);
      this.stmt.setLastSeq.run(seq, id);
      return { seq };
    });
  }

  private guard<T>(fn: () => T): T {
    if (this.closed) throw new StoreError('STORAGE_CLOSED', 'doc storage is closed');
    try {
      return fn();
    } catch (err) {
      if (err instanceof StoreError) throw err;
      return translateSqliteError(err, this.db.name);
    }
  }

  private static checkKey(key: DocKey): DocKey {
    if (typeof key !== 'object' || key === null || !validName(key.workspace) || !validName(key.branch)) throw new StoreError('STORAGE_INVALID_KEY', 'doc key needs a non-empty workspace and branch (≤ 200 chars)', { key: String(JSON.stringify(key)).slice(0, 300) });
    return { workspace: key.workspace, branch: key.branch };
  }

  async appendUpdates(key: DocKey, updates: readonly Uint8Array[]): Promise<AppendResult> {
    const k = SqliteDocStorage.checkKey(key);
    if (!Array.isArray(updates)) throw new StoreError('STORAGE_INVALID_UPDATE', 'updates must be an array of Uint8Array');
    updates.forEach((u, i) => {
      if (!(u instanceof Uint8Array)) throw new StoreError('STORAGE_INVALID_UPDATE', `update #${i} is not a Uint8Array`, { index: i, type: typeof u });
      if (u.byteLength === 0) throw new StoreError('STORAGE_INVALID_UPDATE', `update #${i} is empty`, { index: i });
    });
    return this.guard(() => this.appendTx.immediate(k, updates));
  }

  /**
   * Append synchronously, only if the doc's last seq is still `expectSeq` (else STATE_CHANGED,
   * nothing written). Inside a caller's transaction it joins it, so a doc change and the rows that
   * go with it (a commit, a branch head) land together or not at all.
   */
  appendUpdatesIf(key: DocKey, updates: readonly Uint8Array[], expectSeq: number): AppendResult {
    const k = SqliteDocStorage.checkKey(key);
    return this.guard(() => (this.db.inTransaction ? this.appendTx(k, updates, expectSeq) : this.appendTx.immediate(k, updates, expectSeq)));
  }

  /** deleteDoc, synchronously (joins the caller's transaction). */
  deleteDocSync(key: DocKey): void {
    const k = SqliteDocStorage.checkKey(key);
    this.guard(() => this.stmt.deleteDoc.run(k.workspace, k.branch));
  }

  async loadDoc(key: DocKey): Promise<StoredDocState> {
    const k = SqliteDocStorage.checkKey(key);
    return this.guard(() =>
      // A deferred read transaction: in WAL mode it sees one consistent snapshot of both tables.
      this.db.transaction((): StoredDocState => {
        const doc = this.stmt.docByKey.get(k.workspace, k.branch);
        if (!doc) return { snapshot: null, updates: [], seq: 0 };
        const updates = this.stmt.tail.all(doc.id, doc.snapshot_seq).map((r) => bytes(r.data));
        return { snapshot: doc.snapshot ? bytes(doc.snapshot) : null, updates, seq: doc.last_seq };
      }).deferred(),
    );
  }

  async compactDoc(key: DocKey): Promise<CompactResult> {
    const k = SqliteDocStorage.checkKey(key);
    const id = `${k.workspace}\u0000${k.branch}`;
    const running = this.compacting.get(id);
    if (running) return running;
    const p = this.compactOnce(k).finally(() => this.compacting.delete(id));
    this.compacting.set(id, p);
    return p;
  }

  private async compactOnce(k: DocKey): Promise<CompactResult> {
    const start = this.guard(() => {
      const doc = this.stmt.docByKey.get(k.workspace, k.branch);
      return doc ? { doc, stats: this.stmt.tailStats.get(doc.id) as { n: number; bytes: number | null } } : undefined;
    });
    if (!start) return { updatesBefore: 0, updatesAfter: 0, bytesBefore: 0, bytesAfter: 0 };
    const { doc } = start;
    const before = { updates: start.stats.n, bytes: (start.stats.bytes ?? 0) + (doc.snapshot?.byteLength ?? 0) };
    const upTo = doc.last_seq;
    if (upTo === doc.snapshot_seq) {
      return { updatesBefore: before.updates, updatesAfter: before.updates, bytesBefore: before.bytes, bytesAfter: before.bytes };
    }
    const snapshot = await foldUpdates(
      doc.snapshot,
      doc.snapshot_seq,
      upTo,
      (after) => this.guard(() => this.stmt.chunk.all(doc.id, after, upTo, this.chunkRows)),
      yieldToEventLoop,
    );
    return this.guard(() =>
      this.db.transaction((): CompactResult => {
        const now = this.stmt.docById.get(doc.id);
        // Deleted, or compacted by another process meanwhile: leave its result alone.
        if (!now || now.snapshot_seq !== doc.snapshot_seq) {
          const s = now ? this.stmt.tailStats.get(now.id) : undefined;
          const bytes = (s?.bytes ?? 0) + (now?.snapshot?.byteLength ?? 0);
          return { updatesBefore: before.updates, updatesAfter: s?.n ?? 0, bytesBefore: before.bytes, bytesAfter: bytes };
        }
        this.stmt.putSnapshot.run(doc.id, snapshot);
        this.stmt.setSnapshotSeq.run(upTo, doc.id);
        this.stmt.deleteUpTo.run(doc.id, upTo);
        const s = this.stmt.tailStats.get(doc.id) as { n: number; bytes: number | null };
        return { updatesBefore: before.updates, updatesAfter: s.n, bytesBefore: before.bytes, bytesAfter: (s.bytes ?? 0) + snapshot.byteLength };
      }).immediate(),
    );
  }

  async docSize(key: DocKey): Promise<{ bytes: number; updates: number }> {
    const k = SqliteDocStorage.checkKey(key);
    return this.guard(() => {
      const doc = this.stmt.sizeByKey.get(k.workspace, k.branch);
      if (!doc) return { bytes: 0, updates: 0 };
      const s = this.stmt.tailStats.get(doc.id) as { n: number; bytes: number | null };
      return { bytes: (s.bytes ?? 0) + (doc.snap ?? 0), updates: s.n };
    });
  }

  async deleteDoc(key: DocKey): Promise<void> {
    const k = SqliteDocStorage.checkKey(key);
    this.guard(() => this.stmt.deleteDoc.run(k.workspace, k.branch));
  }

  async listDocs(workspace?: string): Promise<DocKey[]> {
    return this.guard(() =>
      (workspace === undefined ? this.stmt.listAll.all() : this.stmt.listWs.all(workspace)).map((r) => ({ workspace: r.workspace, branch: r.branch })),
    );
  }

  /** Seq of the last stored update (0 when none), without loading the doc. */
  lastSeq(key: DocKey): number {
    const k = SqliteDocStorage.checkKey(key);
    return this.guard(() => this.stmt.seqByKey.get(k.workspace, k.branch)?.last_seq ?? 0);
  }

  async ping(): Promise<void> {
    this.guard(() => this.db.prepare('SELECT 1').get());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.allSettled([...this.compacting.values()]);
    this.closed = true;
    if (this.ownsDb) this.db.close();
  }
}
