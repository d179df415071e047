/**
 * The two SQL databases the account store runs on, behind one small driver: statements are written
 * once in the dialect both share (`$1` placeholders, BIGINT, ON CONFLICT upserts) so the SQLite and
 * PostgreSQL stores cannot drift apart; only connection handling and transactions differ here.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { IdentityError } from './errors';

export type SqlValue = string | number | null;
export type Row = Record<string, unknown>;

export interface SqlDriver {
  readonly kind: 'sqlite' | 'postgresql';
  all<T extends Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Run `fn` in one transaction; statements inside must use the driver it is given. */
  tx<T>(fn: (d: SqlDriver) => Promise<T>): Promise<T>;
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

function storeFailed(err: unknown): IdentityError {
  return new IdentityError('IDENTITY_STORE_FAILED', `account store: ${err instanceof Error ? err.message : String(err)}`, undefined, { cause: err });
}

/** `$n` → positional `?` with the parameters reordered (a `$n` may appear more than once). */
function toSqlite(sql: string, params: readonly SqlValue[]): { text: string; values: SqlValue[] } {
  const values: SqlValue[] = [];
  const text = sql.replace(/\$(\d+)/g, (_m, n: string) => {
    values.push(params[Number(n) - 1] ?? null);
    return '?';
  });
  return { text, values };
}

const BUSY_DEADLINE_MS = 5000;

function isBusy(err: unknown): boolean {
  const code = (err as { code?: string; cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT';
}

/** Another process (or store) holds the write lock: wait without blocking the event loop, then retry. */
async function retryBusy<T>(fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + BUSY_DEADLINE_MS;
  for (let delay = 2; ; delay = Math.min(50, delay * 2)) {
    try {
      return await fn();
    } catch (err) {
      if (!isBusy(err) || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/**
 * better-sqlite3 is synchronous, but a transaction here spans awaits (hashing, other statements):
 * one lock serialises all access so nothing from outside lands inside another caller's transaction.
 */
export class SqliteDriver implements SqlDriver {
  readonly kind = 'sqlite' as const;
  private lock: Promise<unknown> = Promise.resolve();

  constructor(readonly db: Database.Database) {}

  static open(file: string, durability: 'full' | 'normal' = 'full'): SqliteDriver {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
    // No blocking wait inside SQLite: better-sqlite3 waits synchronously, which would stall the
    // event loop (and, for two stores in one process, deadlock). Busy is retried asynchronously below.
    db.pragma('busy_timeout = 0');
    db.pragma('foreign_keys = ON');
    return new SqliteDriver(db);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const attempt = (): Promise<T> => retryBusy(fn);
    const next = this.lock.then(attempt, attempt);
    this.lock = next.catch(() => undefined);
    return next;
  }

  private direct(): SqlDriver {
    const db = this.db;
    const self: SqlDriver = {
      kind: 'sqlite',
      async all<T extends Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
        const q = toSqlite(sql, params);
        try {
          return db.prepare(q.text).all(...q.values) as T[];
        } catch (err) {
          throw storeFailed(err);
        }
      },
      async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
        const q = toSqlite(sql, params);
        try {
          return db.prepare(q.text).run(...q.values).changes;
        } catch (err) {
          throw storeFailed(err);
        }
      },
      tx: (fn) => fn(self),
      async exec(script: string): Promise<void> {
        db.exec(script);
      },
      close: async () => undefined,
    };
    return self;
  }

  all<T extends Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.serial(() => this.direct().all<T>(sql, params));
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.serial(() => this.direct().run(sql, params));
  }

  exec(script: string): Promise<void> {
    return this.serial(() => this.direct().exec(script));
  }

  tx<T>(fn: (d: SqlDriver) => Promise<T>): Promise<T> {
    return this.serial(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const out = await fn(this.direct());
        this.db.exec('COMMIT');
        return out;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  async close(): Promise<void> {
    await this.lock;
    this.db.close();
  }
}

// BIGINT columns come back from pg as strings; every number here (ms timestamps) is far below 2^53.
const INT8_OID = 20;
const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

function pgDriver(q: Queryable, txImpl: SqlDriver['tx'], closeImpl: () => Promise<void>): SqlDriver {
  return {
    kind: 'postgresql',
    async all<T extends Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
      try {
        return (await q.query({ text: sql, values: [...params], types: typeParsers })).rows as T[];
      } catch (err) {
        throw storeFailed(err);
      }
    },
    async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
      try {
        return (await q.query({ text: sql, values: [...params], types: typeParsers })).rowCount ?? 0;
      } catch (err) {
        throw storeFailed(err);
      }
    },
    tx: txImpl,
    async exec(script: string): Promise<void> {
      try {
        await q.query(script);
      } catch (err) {
        throw storeFailed(err);
      }
    },
    close: closeImpl,
  };
}

export function openPostgresDriver(url: string, poolSize = 5): SqlDriver {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  // An idle client's error (server restart) would otherwise be an uncaught 'error' event.
  pool.on('error', () => undefined);
  const tx = async <T>(fn: (d: SqlDriver) => Promise<T>): Promise<T> => {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      throw storeFailed(err);
    }
    const inner = pgDriver(client, (f) => f(inner), async () => undefined);
    try {
      await client.query('BEGIN');
      const out = await fn(inner);
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  };
  return pgDriver(pool, tx, () => pool.end());
}
