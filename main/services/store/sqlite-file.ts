/**
 * Opening an SQLite file that should hold OMS data: refuse foreign or damaged files with a typed
 * error *before* anything is written (switching to WAL or creating tables would modify them).
 */
import { accessSync, closeSync, constants, copyFileSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError, environmentError, translateSqliteError } from './errors';

export type SqliteDatabase = Database.Database;

/** `PRAGMA application_id` of every OMS store file ('OMS1'), so `file(1)` and we can recognise it. */
export const OMS_APPLICATION_ID = 0x4f4d5331;
const SQLITE_MAGIC = 'SQLite format 3\u0000';

/**
 * `full`: the WAL is fsynced at every commit; an acknowledged append survives power loss.
 * `normal`: no fsync per commit; survives a process crash (kill -9) but the last commits may be lost
 * on power loss or an OS crash. The desktop defaults to `full`: the local store is often the only
 * copy of offline work and appends are batched, so one fsync covers a whole batch.
 */
export type Durability = 'full' | 'normal';

export interface OpenStoreOptions {
  durability?: Durability;
  /** Create the file when missing (default false: a missing file is STORE_NOT_FOUND). */
  create?: boolean;
  /** Run `PRAGMA quick_check` when opening (default true); a damaged file is then refused up front. */
  verify?: boolean;
  /** Open for reading only: nothing is written, not even a pragma (a read-only file or folder works). */
  readOnly?: boolean;
  /** How long a write waits for another process's write lock before STORE_BUSY (default 5000 ms). */
  busyTimeoutMs?: number;
}

function readHeader(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return buf.subarray(0, n).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

export function openStoreDatabase(path: string, options: OpenStoreOptions = {}): SqliteDatabase {
  const exists = existsSync(path);
  if (!exists && !options.create) throw new StoreError('STORE_NOT_FOUND', `no store file at ${path}`, { file: path });
  if (exists) {
    const st = statSync(path);
    if (st.isDirectory()) throw new StoreError('STORE_NOT_OMS', `${path} is a directory, not a store file`, { file: path });
    if (st.size > 0 && readHeader(path) !== SQLITE_MAGIC) {
      throw new StoreError('STORE_NOT_OMS', `${path} is not an SQLite database (wrong header); it was left untouched`, { file: path });
    }
  }
  try {
    return connect(path, options);
  } catch (err) {
    if (!(err instanceof StoreError) || err.code !== 'STORE_IO' || err.details?.cause !== 'SQLITE_CANTOPEN') throw err;
    // A WAL file in a folder nobody may write (a read-only mount, a locked-down share): SQLite cannot
    // create the -shm it needs (and this build has no URI `immutable=1`). Nobody can write there
    // either, so a reader reads a private copy, removed when it closes.
    if (!canWriteNextTo(path)) {
      if (options.readOnly) return connectToCopy(path, options);
      throw new StoreError('STORE_READ_ONLY', `${path} is on a read-only file system or in a folder that cannot be written; open it read-only or use a writable --store`, { file: path }, { cause: err });
    }
    throw err;
  }
}

function canWriteNextTo(path: string): boolean {
  try {
    accessSync(dirname(path), constants.W_OK);
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function connectToCopy(path: string, options: OpenStoreOptions): SqliteDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'oms-ro-'));
  const copy = join(dir, basename(path));
  try {
    copyFileSync(path, copy);
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
    const db = connect(copy, options);
    const close = db.close.bind(db);
    db.close = () => {
      close();
      rmSync(dir, { recursive: true, force: true });
      return db;
    };
    return db;
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw environmentError(err, path, 'copying it for reading') ?? err;
  }
}

function connect(path: string, options: OpenStoreOptions): SqliteDatabase {
  let db: SqliteDatabase;
  try {
    db = options.readOnly ? new Database(path, { readonly: true, fileMustExist: true }) : new Database(path, { fileMustExist: !options.create });
  } catch (err) {
    const typed = environmentError(err, path, 'opening it');
    if (typed && typed.code !== 'STORE_IO') throw typed;
    throw new StoreError('STORE_IO', `cannot open ${path}: ${err instanceof Error ? err.message : String(err)}`, { file: path, cause: typed?.details?.cause }, { cause: err });
  }
  try {
    checkOmsFile(db, path, options.verify ?? true);
    if (options.readOnly) configureReader(db);
    else configure(db, options.durability ?? 'full');
    if (options.busyTimeoutMs !== undefined) db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs))}`);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    translateSqliteError(err, path, 'opening it');
  }
}

/** Read-only checks: nothing here writes to the file. */
function checkOmsFile(db: SqliteDatabase, path: string, verify: boolean): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name);
  if (appId !== 0 && appId !== OMS_APPLICATION_ID) {
    throw new StoreError('STORE_NOT_OMS', `${path} belongs to another application (application_id ${appId}); it was left untouched`, { file: path, applicationId: appId });
  }
  if (tables.length > 0 && !tables.includes('oms_schema')) {
    throw new StoreError('STORE_NOT_OMS', `${path} is an SQLite database of another application (tables: ${tables.slice(0, 5).join(', ')}); it was left untouched`, { file: path, tables: tables.slice(0, 20) });
  }
  if (verify && tables.length > 0) quickCheck(db, path);
}

function quickCheck(db: SqliteDatabase, path: string): void {
  const rows = db.pragma('quick_check') as Array<{ quick_check: string }>;
  if (rows.length !== 1 || rows[0]?.quick_check !== 'ok') {
    throw new StoreError('STORE_CORRUPT', `${path} failed its integrity check; restore it from a backup`, { file: path, problems: rows.slice(0, 10).map((r) => r.quick_check) });
  }
}

/**
 * `PRAGMA quick_check` of an existing store file on a connection of its own, opened read-only and
 * closed again: the studio runs it in a worker (seconds for a big file) and then opens the file
 * with `verify: false`. Throws STORE_CORRUPT, or whatever opening the file throws.
 */
export function checkStoreFile(path: string): void {
  const db = openStoreDatabase(path, { readOnly: true, verify: false });
  try {
    quickCheck(db, path);
  } catch (err) {
    if (err instanceof StoreError) throw err;
    translateSqliteError(err, path, 'checking it');
  } finally {
    db.close();
  }
}

/** Connection settings only: a reader never changes the file (journal mode, application id). */
function configureReader(db: SqliteDatabase): void {
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
}

/**
 * Page size of new store files. Entity rows are ~1 KB (an element with its children); in 4 KiB
 * pages many spill onto overflow pages (WITHOUT ROWID tables keep at most ~1 KB of a row in the
 * page), and writing 50k of them cost ~3× what it does in 8 KiB pages (2.4 vs 0.8 s). A store made
 * before keeps its page size; SQLite reads either.
 */
export const NEW_STORE_PAGE_SIZE = 8192;

export function configure(db: SqliteDatabase, durability: Durability): void {
  // Only an empty file can take it, and only before it is in WAL mode.
  if ((db.pragma('page_count', { simple: true }) as number) === 0) db.pragma(`page_size = ${NEW_STORE_PAGE_SIZE}`);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  if ((db.pragma('application_id', { simple: true }) as number) === 0) db.pragma(`application_id = ${OMS_APPLICATION_ID}`);
}
