/**
 * DocStorage on PostgreSQL (`OMS_DB=postgres://…`), for oms-sync deployments where several server
 * processes share one durable log. Same layout and semantics as SqliteDocStorage:
 *
 * - `yjs_docs` holds one small row per doc with its seq counter; snapshots live in `yjs_snapshots`
 *   so the row every append updates never carries (and MVCC never copies) a snapshot.
 * - Append: one transaction per batch. The upsert on the doc row takes its row lock and bumps
 *   `last_seq` by the batch size in one statement, so writers in any number of processes are
 *   serialised per doc and never allocate the same seq; different docs do not contend.
 * - Load: snapshot + tail read in one REPEATABLE READ transaction (one consistent view).
 * - Compaction: snapshot + tail up to S loaded in bounded chunks into a Y.Doc, re-encoded, then one
 *   transaction replaces the snapshot and deletes rows ≤ S only; rows appended meanwhile stay.
 * - The schema is created on first use under an advisory lock, versioned in `oms_schema`.
 */
import pg from 'pg';
import type { AppendResult, CompactResult, DocKey, DocStorage, StoredDocState } from '../../core/storage/doc-storage';
import { foldUpdates } from '../../core/storage/fold-updates';
import { PostgresStorageError, translatePgError } from './errors';

export interface PostgresDocStorageOptions {
  /** Connections in this process's pool (default 10). */
  poolSize?: number;
  /** `normal` turns off synchronous_commit: survives a server crash of oms-sync, may lose the last commits if PostgreSQL crashes. Default `full`. */
  durability?: 'full' | 'normal';
  /** How long to wait for a connection before failing with STORAGE_UNAVAILABLE (default 5000 ms). */
  connectTimeoutMs?: number;
  /** Update rows applied per compaction chunk. */
  compactChunkRows?: number;
}

interface Migration {
  version: number;
  sql: string;
}

const SCHEMA_COMPONENT = 'yjs-doc-storage';

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE yjs_docs (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        workspace TEXT NOT NULL,
        branch TEXT NOT NULL,
        last_seq BIGINT NOT NULL DEFAULT 0,
        snapshot_seq BIGINT NOT NULL DEFAULT 0,
        UNIQUE (workspace, branch)
      );
      CREATE TABLE yjs_snapshots (
        doc_id BIGINT PRIMARY KEY REFERENCES yjs_docs(id) ON DELETE CASCADE,
        data BYTEA NOT NULL
      );
      CREATE TABLE yjs_updates (
        doc_id BIGINT NOT NULL REFERENCES yjs_docs(id) ON DELETE CASCADE,
        seq BIGINT NOT NULL,
        data BYTEA NOT NULL,
        PRIMARY KEY (doc_id, seq)
      );
    `,
  },
];
const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

// Seqs and sizes are BIGINT; as JS numbers they are exact up to 2^53, far beyond any doc.
const INT8_OID = 20;
const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'))) as pg.CustomTypesConfig['getTypeParser'],
};

// Checked by hand, not zod: this sits on the append hot path.
const validName = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;

function checkKey(key: DocKey): DocKey {
  if (typeof key !== 'object' || key === null || !validName(key.workspace) || !validName(key.branch)) {
    throw new PostgresStorageError('STORAGE_INVALID_KEY', 'doc key needs a non-empty workspace and branch (≤ 200 chars)', { key: String(JSON.stringify(key)).slice(0, 300) });
  }
  return { workspace: key.workspace, branch: key.branch };
}

/** Validated updates as Buffers over the same memory (pg sends Buffers as bytea). */
function checkUpdates(updates: readonly Uint8Array[]): Buffer[] {
  if (!Array.isArray(updates)) throw new PostgresStorageError('STORAGE_INVALID_UPDATE', 'updates must be an array of Uint8Array');
  return updates.map((u: unknown, i) => {
    if (!(u instanceof Uint8Array)) throw new PostgresStorageError('STORAGE_INVALID_UPDATE', `update #${i} is not a Uint8Array`, { index: i, type: typeof u });
    if (u.byteLength === 0) throw new PostgresStorageError('STORAGE_INVALID_UPDATE', `update #${i} is empty`, { index: i });
    return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
  });
}

/** pg returns Buffers; hand out plain Uint8Array views (no copy) as SqliteDocStorage does. */
const bytes = (b: Uint8Array): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

interface DocRow {
  id: number;
  last_seq: number;
  snapshot_seq: number;
  snapshot: Buffer | null;
}

const DOC_BY_KEY = `SELECT d.id, d.last_seq, d.snapshot_seq, s.data AS snapshot
  FROM yjs_docs d LEFT JOIN yjs_snapshots s ON s.doc_id = d.id WHERE d.workspace = $1 AND d.branch = $2`;
const TAIL_STATS = 'SELECT count(*)::int AS n, coalesce(sum(octet_length(data)), 0)::float8 AS bytes FROM yjs_updates WHERE doc_id = $1';

export class PostgresDocStorage implements DocStorage {
  readonly pool: pg.Pool;
  private readonly chunkRows: number;
  private closed = false;
  private schema: Promise<void> | null = null;
  /** One compaction per doc at a time in this process; across processes the final check guards. */
  private readonly compacting = new Map<string, Promise<CompactResult>>();

  constructor(connectionString: string, options: PostgresDocStorageOptions = {}) {
    this.chunkRows = Math.max(1, options.compactChunkRows ?? 2000);
    const config: pg.PoolConfig = {
      connectionString,
      max: Math.max(1, options.poolSize ?? 10),
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      types: typeParsers,
      application_name: 'oms-sync',
    };
    if (options.durability === 'normal') config.options = '-c synchronous_commit=off';
    this.pool = new pg.Pool(config);
    // An idle client losing its connection emits here; without a listener that would crash the
    // process. The pool drops the client and the next query reconnects (or fails, typed).
    this.pool.on('error', () => undefined);
  }

  /** Create or upgrade the schema now (otherwise done on first use); rejects with a typed error. */
  async ready(): Promise<void> {
    if (this.closed) throw new PostgresStorageError('STORAGE_CLOSED', 'doc storage is closed');
    this.schema ??= this.migrate().catch((err: unknown) => {
      this.schema = null; // retry on the next call: the database may come back
      throw translatePgError(err, 'prepare the schema');
    });
    return this.schema;
  }

  private async migrate(): Promise<void> {
    await this.transaction(async (c) => {
      // Several server processes may start at once; DDL races fail without this lock.
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`oms:${SCHEMA_COMPONENT}`]);
      await c.query('CREATE TABLE IF NOT EXISTS oms_schema (component TEXT PRIMARY KEY, version INTEGER NOT NULL)');
      const row = (await c.query<{ version: number }>('SELECT version FROM oms_schema WHERE component = $1', [SCHEMA_COMPONENT])).rows[0];
      const current = row?.version ?? 0;
      if (current > SCHEMA_VERSION) {
        throw new PostgresStorageError('STORAGE_SCHEMA_VERSION', `the database holds ${SCHEMA_COMPONENT} schema v${current}; this oms-sync understands up to v${SCHEMA_VERSION}: upgrade oms-sync`, { found: current, supported: SCHEMA_VERSION });
      }
      for (const m of MIGRATIONS) if (m.version > current) await c.query(m.sql);
      if (current < SCHEMA_VERSION) {
        await c.query('INSERT INTO oms_schema (component, version) VALUES ($1, $2) ON CONFLICT (component) DO UPDATE SET version = excluded.version', [SCHEMA_COMPONENT, SCHEMA_VERSION]);
      }
    });
  }

  private async transaction<T>(fn: (c: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query(begin);
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // the connection itself failed: do not hand it back to the pool
      }
      throw err;
    } finally {
      client.release(broken);
    }
  }

  /** Schema ready, storage open, and every pg error translated to a typed one. */
  private async run<T>(what: string, fn: () => Promise<T>): Promise<T> {
    await this.ready();
    try {
      return await fn();
    } catch (err) {
      throw translatePgError(err, what);
    }
  }

  async appendUpdates(key: DocKey, updates: readonly Uint8Array[]): Promise<AppendResult> {
    const k = checkKey(key);
    const data = checkUpdates(updates);
    if (data.length === 0) {
      return this.run('read the seq', async () => {
        const r = await this.pool.query<{ last_seq: number }>('SELECT last_seq FROM yjs_docs WHERE workspace = $1 AND branch = $2', [k.workspace, k.branch]);
        return { seq: r.rows[0]?.last_seq ?? 0 };
      });
    }
    return this.run('append updates', () =>
      this.transaction(async (c) => {
        const doc = (
          await c.query<{ id: number; last_seq: number }>(
            `INSERT INTO yjs_docs (workspace, branch, last_seq) VALUES ($1, $2, $3)
             ON CONFLICT (workspace, branch) DO UPDATE SET last_seq = yjs_docs.last_seq + excluded.last_seq
             RETURNING id, last_seq`,
            [k.workspace, k.branch, data.length],
          )
        ).rows[0]!;
        const first = doc.last_seq - data.length + 1;
        await c.query('INSERT INTO yjs_updates (doc_id, seq, data) SELECT $1, $2::bigint + t.n - 1, t.d FROM unnest($3::bytea[]) WITH ORDINALITY AS t(d, n)', [doc.id, first, data]);
        return { seq: doc.last_seq };
      }),
    );
  }

  async loadDoc(key: DocKey): Promise<StoredDocState> {
    const k = checkKey(key);
    return this.run('load a doc', () =>
      this.transaction(async (c) => {
        const doc = (await c.query<DocRow>(DOC_BY_KEY, [k.workspace, k.branch])).rows[0];
        if (!doc) return { snapshot: null, updates: [], seq: 0 };
        const tail = await c.query<{ data: Buffer }>('SELECT data FROM yjs_updates WHERE doc_id = $1 AND seq > $2 ORDER BY seq', [doc.id, doc.snapshot_seq]);
        return { snapshot: doc.snapshot ? bytes(doc.snapshot) : null, updates: tail.rows.map((r) => bytes(r.data)), seq: doc.last_seq };
      }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'),
    );
  }

  async compactDoc(key: DocKey): Promise<CompactResult> {
    const k = checkKey(key);
    const id = `${k.workspace}\u0000${k.branch}`;
    const running = this.compacting.get(id);
    if (running) return running;
    const p = this.run('compact a doc', () => this.compactOnce(k)).finally(() => this.compacting.delete(id));
    this.compacting.set(id, p);
    return p;
  }

  private async compactOnce(k: DocKey): Promise<CompactResult> {
    const start = await this.transaction(async (c) => {
      const doc = (await c.query<DocRow>(DOC_BY_KEY, [k.workspace, k.branch])).rows[0];
      return doc ? { doc, stats: (await c.query<{ n: number; bytes: number }>(TAIL_STATS, [doc.id])).rows[0]! } : undefined;
    }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    if (!start) return { updatesBefore: 0, updatesAfter: 0, bytesBefore: 0, bytesAfter: 0 };
    const { doc } = start;
    const before = { updates: start.stats.n, bytes: start.stats.bytes + (doc.snapshot?.byteLength ?? 0) };
    const upTo = doc.last_seq;
    if (upTo === doc.snapshot_seq) {
      return { updatesBefore: before.updates, updatesAfter: before.updates, bytesBefore: before.bytes, bytesAfter: before.bytes };
    }
    const folded = await foldUpdates(doc.snapshot, doc.snapshot_seq, upTo, async (after) =>
      (
        await this.pool.query<{ seq: number; data: Buffer }>('SELECT seq, data FROM yjs_updates WHERE doc_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4', [doc.id, after, upTo, this.chunkRows])
      ).rows,
    );
    const snapshot = Buffer.from(folded);
    return await this.transaction(async (c): Promise<CompactResult> => {
      // Row lock: appends to this doc wait for the swap; other processes' compactions too.
      const now = (await c.query<{ snapshot_seq: number }>('SELECT snapshot_seq FROM yjs_docs WHERE id = $1 FOR UPDATE', [doc.id])).rows[0];
      if (!now || now.snapshot_seq !== doc.snapshot_seq) {
        // Deleted, or compacted by another process meanwhile: leave its result alone.
        const s = now ? await this.sizeOf(c, doc.id) : { bytes: 0, updates: 0 };
        return { updatesBefore: before.updates, updatesAfter: s.updates, bytesBefore: before.bytes, bytesAfter: s.bytes };
      }
      await c.query('INSERT INTO yjs_snapshots (doc_id, data) VALUES ($1, $2) ON CONFLICT (doc_id) DO UPDATE SET data = excluded.data', [doc.id, snapshot]);
      await c.query('UPDATE yjs_docs SET snapshot_seq = $2 WHERE id = $1', [doc.id, upTo]);
      await c.query('DELETE FROM yjs_updates WHERE doc_id = $1 AND seq <= $2', [doc.id, upTo]);
      const s = (await c.query<{ n: number; bytes: number }>(TAIL_STATS, [doc.id])).rows[0]!;
      return { updatesBefore: before.updates, updatesAfter: s.n, bytesBefore: before.bytes, bytesAfter: s.bytes + snapshot.byteLength };
    });
  }

  private async sizeOf(c: pg.Pool | pg.PoolClient, docId: number): Promise<{ bytes: number; updates: number }> {
    const r = await c.query<{ n: number; bytes: number; snap: number }>(
      `SELECT t.n, t.bytes, coalesce((SELECT octet_length(data) FROM yjs_snapshots WHERE doc_id = $1), 0)::float8 AS snap FROM (${TAIL_STATS}) t`,
      [docId],
    );
    const row = r.rows[0]!;
    return { bytes: row.bytes + row.snap, updates: row.n };
  }

  async docSize(key: DocKey): Promise<{ bytes: number; updates: number }> {
    const k = checkKey(key);
    return this.run('measure a doc', async () => {
      const doc = (await this.pool.query<{ id: number }>('SELECT id FROM yjs_docs WHERE workspace = $1 AND branch = $2', [k.workspace, k.branch])).rows[0];
      return doc ? this.sizeOf(this.pool, doc.id) : { bytes: 0, updates: 0 };
    });
  }

  async deleteDoc(key: DocKey): Promise<void> {
    const k = checkKey(key);
    await this.run('delete a doc', () => this.pool.query('DELETE FROM yjs_docs WHERE workspace = $1 AND branch = $2', [k.workspace, k.branch]));
  }

  async listDocs(workspace?: string): Promise<DocKey[]> {
    return this.run('list docs', async () => {
      // COLLATE "C": byte order, as SQLite lists them, whatever the database's locale.
      const r =
        workspace === undefined
          ? await this.pool.query<DocKey>('SELECT workspace, branch FROM yjs_docs ORDER BY workspace COLLATE "C", branch COLLATE "C"')
          : await this.pool.query<DocKey>('SELECT workspace, branch FROM yjs_docs WHERE workspace = $1 ORDER BY branch COLLATE "C"', [workspace]);
      return r.rows.map((row) => ({ workspace: row.workspace, branch: row.branch }));
    });
  }

  async ping(): Promise<void> {
    await this.run('answer a ping', () => this.pool.query('SELECT 1'));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.allSettled([...this.compacting.values()]);
    this.closed = true;
    await this.pool.end();
  }
}
